#include "isolated_environment.h"
#include "issue_folder.h"
#include "local_tracker.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QUrl>

#include <memory>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using namespace flotilla;

#define EXPECT_OK(result)                                                                                              \
    do {                                                                                                               \
        const auto &result_ = (result);                                                                                \
        QVERIFY2(result_.ok(), qPrintable(result_.ok() ? QString() : result_.error().toString()));                     \
    } while (false)

namespace {

template<typename T> Result<T> wait(Async<T> future, int timeoutMs = 20000)
{
    QElapsedTimer clock;
    clock.start();
    while (!future.isFinished() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!future.isFinished())
        return makeError(u"test.timeout"_s, u"no answer within %1 ms"_s.arg(timeoutMs));
    if (future.resultCount() == 0)
        return makeError(u"test.cancelled"_s, u"the future was cancelled"_s);
    return future.result();
}

Issue newIssue(const QString &title, const QString &description = {}, const QStringList &labels = {},
               const QString &assignee = {})
{
    Issue issue;
    issue.title = title;
    issue.description = description;
    issue.labels = labels;
    issue.assignee = assignee;
    return issue;
}

} // namespace

class TstLocalTracker : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::IsolatedEnvironment> m_env;

    QString project() const { return m_env->workDir(); }
    QString issues() const { return project() + u"/.flotilla/issues"_s; }
    QJsonObject settings(QJsonObject extra = {}) const
    {
        extra.insert(u"_project"_s, QJsonObject{{u"id"_s, u"shop"_s},
                                                {u"path"_s, project()},
                                                {u"repository"_s, u"acme/shop"_s},
                                                {u"defaultBranch"_s, u"main"_s}});
        return extra;
    }
    void write(const QString &name, const QByteArray &content) const
    {
        QDir().mkpath(issues());
        QFile file(issues() + u'/' + name);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(file.write(content), content.size());
    }
    QByteArray read(const QString &name) const
    {
        QFile file(issues() + u'/' + name);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static QStringList ids(const QList<Issue> &list)
    {
        QStringList out;
        for (const Issue &issue : list)
            out << issue.id;
        return out;
    }

private slots:
    void init()
    {
        m_env = std::make_unique<test::IsolatedEnvironment>();
        QVERIFY(m_env->isValid());
    }
    void cleanup() { m_env.reset(); }

    void createListGetUpdateRoundTrip()
    {
        LocalTracker tracker(settings());
        QCOMPARE(tracker.name(), u"local"_s);
        QVERIFY(tracker.detect().available);
        EXPECT_OK(wait(tracker.listIssues({})));
        QVERIFY(wait(tracker.listIssues({}))->isEmpty());

        auto created = wait(tracker.createIssue(newIssue(u"Add a cart page"_s, u"Show the cart.\n\nWith totals."_s,
                                                         {u"agent:backlog"_s, u"ui"_s}, u"someone"_s)));
        EXPECT_OK(created);
        QCOMPARE(created->id, u"LOCAL-1"_s);
        QCOMPARE(created->url, QUrl::fromLocalFile(issues() + u"/LOCAL-1.md"_s).toString());
        QVERIFY(QFile::exists(issues() + u"/LOCAL-1.md"_s));
        const QByteArray onDisk = read(u"LOCAL-1.md"_s);
        QVERIFY(onDisk.startsWith("---\nid: LOCAL-1\ntitle: Add a cart page\nstate: open\n"
                                  "labels: [agent:backlog, ui]\nassignee: someone\n---\n"));
        QVERIFY(onDisk.endsWith("---\nShow the cart.\n\nWith totals.\n"));

        auto second = wait(tracker.createIssue(newIssue(u"Second"_s)));
        EXPECT_OK(second);
        QCOMPARE(second->id, u"LOCAL-2"_s);

        auto listed = wait(tracker.listIssues({}));
        EXPECT_OK(listed);
        QCOMPARE(ids(listed.value()), (QStringList{u"LOCAL-1"_s, u"LOCAL-2"_s}));

        IssueUpdate update;
        update.state = Issue::State::InProgress;
        update.addLabels = {u"agent:working"_s};
        update.removeLabels = {u"agent:backlog"_s};
        update.comment = u"Started on it."_s;
        EXPECT_OK(wait(tracker.updateIssue(u"LOCAL-1"_s, update)));

        auto got = wait(tracker.getIssue(u"LOCAL-1"_s));
        EXPECT_OK(got);
        QCOMPARE(got->title, u"Add a cart page"_s);
        QCOMPARE(got->state, Issue::State::InProgress);
        QCOMPARE(got->labels, (QStringList{u"ui"_s, u"agent:working"_s}));
        QCOMPARE(got->assignee, u"someone"_s);
        QCOMPARE(got->url, created->url);
        QVERIFY(got->description.startsWith(u"Show the cart.\n\nWith totals.\n\n## Comments\n### "_s));
        QVERIFY(got->description.endsWith(u" \u2014 flotilla\nStarted on it."_s));
        const QByteArray updated = read(u"LOCAL-1.md"_s);
        QVERIFY(updated.contains("\n---\nShow the cart.\n\nWith totals.\n\n## Comments\n### "));
        static const QRegularExpression kHeading(
            u"\n### \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \u2014 flotilla\nStarted on it.\n$"_s);
        QVERIFY2(kHeading.match(QString::fromUtf8(updated)).hasMatch(), updated.constData());
        QVERIFY(!QFile::exists(issues() + u"/.LOCAL-1.md.lock"_s));
    }

    void idFormsAndUnknownIds()
    {
        LocalTracker tracker(settings());
        for (int i = 0; i < 7; ++i)
            EXPECT_OK(wait(tracker.createIssue(newIssue(u"Issue %1"_s.arg(i + 1)))));
        for (const QString &form : {u"LOCAL-7"_s, u"local-7"_s, u"7"_s, u"#7"_s, u" #7 "_s}) {
            auto got = wait(tracker.getIssue(form));
            EXPECT_OK(got);
            QCOMPARE(got->id, u"LOCAL-7"_s);
            QCOMPARE(got->title, u"Issue 7"_s);
        }
        EXPECT_OK(wait(tracker.updateIssue(u"#3"_s, IssueUpdate{Issue::State::Closed, {}, {}, {}})));
        QCOMPARE(wait(tracker.getIssue(u"3"_s))->state, Issue::State::Closed);
        for (const QString &unknown : {u"LOCAL-8"_s, u"99"_s, u"#0"_s, u"OTHER-1"_s, u"cart"_s, u""_s}) {
            auto got = wait(tracker.getIssue(unknown));
            QVERIFY(!got.ok());
            QCOMPARE(got.error().code, u"tracker.not_found"_s);
            QVERIFY(got.error().message.contains(u"no issue"_s));
        }
        auto update = wait(tracker.updateIssue(u"LOCAL-42"_s, IssueUpdate{Issue::State::Closed, {}, {}, {}}));
        QVERIFY(!update.ok());
        QCOMPARE(update.error().code, u"tracker.not_found"_s);
        QVERIFY(!QFile::exists(issues() + u"/LOCAL-42.md"_s));
    }

    void prefixAndFolderComeFromSettings()
    {
        LocalTracker tracker(settings({{u"prefix"_s, u"SHOP"_s}, {u"folder"_s, u"docs/backlog"_s}}));
        auto created = wait(tracker.createIssue(newIssue(u"One"_s)));
        EXPECT_OK(created);
        QCOMPARE(created->id, u"SHOP-1"_s);
        QVERIFY(QFile::exists(project() + u"/docs/backlog/SHOP-1.md"_s));
        QCOMPARE(wait(tracker.getIssue(u"shop-1"_s))->title, u"One"_s);
        // Files of another prefix are not this tracker's issues.
        QFile other(project() + u"/docs/backlog/LOCAL-5.md"_s);
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("---\ntitle: other\n---\n");
        other.close();
        QCOMPARE(ids(wait(tracker.listIssues({})).value()), QStringList{u"SHOP-1"_s});
        QCOMPARE(wait(tracker.createIssue(newIssue(u"Two"_s)))->id, u"SHOP-2"_s);

        LocalTracker badPrefix(settings({{u"prefix"_s, u"a/b"_s}}));
        QVERIFY(!badPrefix.detect().available);
        QCOMPARE(wait(badPrefix.listIssues({})).error().code, u"tracker.prefix"_s);
    }

    void numbersFollowTheHighestExistingFile()
    {
        write(u"LOCAL-4.md"_s, "---\ntitle: four\n---\n");
        write(u"LOCAL-9.md"_s, "no front matter at all\n");
        write(u"README.md"_s, "# the backlog\n");
        LocalTracker tracker(settings());
        QCOMPARE(wait(tracker.createIssue(newIssue(u"next"_s)))->id, u"LOCAL-10"_s);
        auto empty = wait(tracker.createIssue(newIssue(u"  "_s)));
        QVERIFY(!empty.ok());
        QCOMPARE(empty.error().code, u"tracker.invalid"_s);
    }

    void filtersAndOrder()
    {
        LocalTracker tracker(settings());
        EXPECT_OK(wait(tracker.createIssue(newIssue(u"Cart page"_s, u"Show totals"_s, {u"ui"_s, u"agent:backlog"_s}))));
        EXPECT_OK(
            wait(tracker.createIssue(newIssue(u"Login bug"_s, u"The CART button is dead"_s, {u"bug"_s}, u"ana"_s))));
        EXPECT_OK(wait(tracker.createIssue(newIssue(u"Checkout"_s, u"Pay"_s, {u"ui"_s, u"bug"_s}, u"Ana"_s))));
        EXPECT_OK(wait(tracker.createIssue(newIssue(u"Docs"_s, u"Write them"_s, {u"agent:backlog"_s}))));
        EXPECT_OK(wait(tracker.updateIssue(u"LOCAL-4"_s, IssueUpdate{Issue::State::Closed, {}, {}, {}})));
        // Written by hand with a higher number first on disk, to show the order is numeric.
        write(u"LOCAL-10.md"_s, "---\ntitle: Ten\nlabels: [ui]\n---\n");

        const auto query = [&tracker](IssueQuery q) {
            auto listed = wait(tracker.listIssues(q));
            return listed.ok() ? ids(listed.value()) : QStringList{listed.error().toString()};
        };
        QCOMPARE(query({}), (QStringList{u"LOCAL-1"_s, u"LOCAL-2"_s, u"LOCAL-3"_s, u"LOCAL-4"_s, u"LOCAL-10"_s}));
        QCOMPARE(query(IssueQuery{Issue::State::Closed, {}, {}, {}, 50}), QStringList{u"LOCAL-4"_s});
        QCOMPARE(query(IssueQuery{Issue::State::Open, {u"ui"_s}, {}, {}, 50}),
                 (QStringList{u"LOCAL-1"_s, u"LOCAL-3"_s, u"LOCAL-10"_s}));
        QCOMPARE(query(IssueQuery{std::nullopt, {u"ui"_s, u"BUG"_s}, {}, {}, 50}), QStringList{u"LOCAL-3"_s});
        QCOMPARE(query(IssueQuery{std::nullopt, {}, u"ana"_s, {}, 50}), (QStringList{u"LOCAL-2"_s, u"LOCAL-3"_s}));
        QCOMPARE(query(IssueQuery{std::nullopt, {}, {}, u"cart"_s, 50}), (QStringList{u"LOCAL-1"_s, u"LOCAL-2"_s}));
        QCOMPARE(query(IssueQuery{std::nullopt, {}, {}, u"TOTALS"_s, 50}), QStringList{u"LOCAL-1"_s});
        QCOMPARE(query(IssueQuery{std::nullopt, {}, {}, {}, 2}), (QStringList{u"LOCAL-1"_s, u"LOCAL-2"_s}));
        QCOMPARE(query(IssueQuery{std::nullopt, {u"ui"_s}, {}, {}, 2}), (QStringList{u"LOCAL-1"_s, u"LOCAL-3"_s}));
        QCOMPARE(query(IssueQuery{std::nullopt, {u"none"_s}, {}, {}, 50}), QStringList{});
    }

    void malformedFilesAreReportedAndLeftAlone()
    {
        const QByteArray noFrontMatter = "Just some notes\n";
        const QByteArray badState = "---\nid: LOCAL-2\ntitle: Bad state\nstate: done\n---\nkeep me\n";
        write(u"LOCAL-1.md"_s, noFrontMatter);
        write(u"LOCAL-2.md"_s, badState);
        write(u"LOCAL-3.md"_s, "---\ntitle: Fine\n---\n");
        LocalTracker tracker(settings());

        auto listed = wait(tracker.listIssues({}));
        EXPECT_OK(listed);
        QCOMPARE(ids(listed.value()), QStringList{u"LOCAL-3"_s});

        auto first = wait(tracker.getIssue(u"LOCAL-1"_s));
        QVERIFY(!first.ok());
        QCOMPARE(first.error().code, u"tracker.malformed"_s);
        QCOMPARE(first.error().context, issues() + u"/LOCAL-1.md:1"_s);
        auto second = wait(tracker.getIssue(u"2"_s));
        QVERIFY(!second.ok());
        QCOMPARE(second.error().context, issues() + u"/LOCAL-2.md:4"_s);
        QVERIFY(second.error().message.contains(u"\"done\""_s));

        auto update = wait(tracker.updateIssue(u"LOCAL-2"_s, IssueUpdate{std::nullopt, {}, {}, u"hello"_s}));
        QVERIFY(!update.ok());
        QCOMPARE(update.error().code, u"tracker.malformed"_s);
        QCOMPARE(read(u"LOCAL-1.md"_s), noFrontMatter);
        QCOMPARE(read(u"LOCAL-2.md"_s), badState);
        QCOMPARE(wait(tracker.createIssue(newIssue(u"Next"_s)))->id, u"LOCAL-4"_s);
    }

    void everyStateIsStored()
    {
        LocalTracker tracker(settings());
        EXPECT_OK(wait(tracker.createIssue(newIssue(u"States"_s))));
        const QList<std::pair<Issue::State, QByteArray>> states = {{Issue::State::InProgress, "in_progress"},
                                                                   {Issue::State::Closed, "closed"},
                                                                   {Issue::State::Cancelled, "cancelled"},
                                                                   {Issue::State::Open, "open"}};
        for (const auto &[state, name] : states) {
            EXPECT_OK(wait(tracker.updateIssue(u"1"_s, IssueUpdate{state, {}, {}, {}})));
            QCOMPARE(wait(tracker.getIssue(u"1"_s))->state, state);
            QVERIFY(read(u"LOCAL-1.md"_s).contains(QByteArray("\nstate: " + name + '\n')));
        }
    }

    void commentsKeepEarlierTextByteForByte()
    {
        const QByteArray body = "Hand-written  description\twith odd   spacing\n\n\n```\ncode\n```\n\n## Comments\n"
                                "### 2026-01-01T00:00:00Z \xE2\x80\x94 ana\nAn earlier remark.\n";
        write(u"LOCAL-1.md"_s, "---\nid: LOCAL-1\ntitle: Keep me\npriority: high\n---\n" + body);
        LocalTracker tracker(settings());
        EXPECT_OK(wait(tracker.updateIssue(u"LOCAL-1"_s, IssueUpdate{std::nullopt, {u"ui"_s}, {}, u"Mine."_s})));
        const QByteArray after = read(u"LOCAL-1.md"_s);
        QVERIFY2(after.contains(QByteArray("\n---\n" + body + "\n### ")), after.constData());
        QVERIFY(after.contains("\npriority: high\n"));
        QVERIFY(after.endsWith(" \xE2\x80\x94 flotilla\nMine.\n"));
        QCOMPARE(wait(tracker.getIssue(u"1"_s))->labels, QStringList{u"ui"_s});
    }

    void crlfFilesAreReadAndStayCrlf()
    {
        const QByteArray body = "Windows text\r\nsecond line\r\n";
        write(u"LOCAL-1.md"_s, "---\r\nid: LOCAL-1\r\ntitle: \"From Windows\"\r\nstate: in_progress\r\n"
                               "labels:\r\n  - agent:backlog\r\n  - ui\r\n---\r\n"
                                   + body);
        LocalTracker tracker(settings());
        auto got = wait(tracker.getIssue(u"LOCAL-1"_s));
        EXPECT_OK(got);
        QCOMPARE(got->title, u"From Windows"_s);
        QCOMPARE(got->state, Issue::State::InProgress);
        QCOMPARE(got->labels, (QStringList{u"agent:backlog"_s, u"ui"_s}));
        QCOMPARE(got->description, u"Windows text\nsecond line"_s);

        EXPECT_OK(wait(tracker.updateIssue(u"1"_s, IssueUpdate{Issue::State::Closed, {}, {}, u"done\nfor now"_s})));
        const QByteArray after = read(u"LOCAL-1.md"_s);
        QCOMPARE(after.count("\n"), after.count("\r\n"));
        QVERIFY(after.contains(QByteArray("\r\n---\r\n" + body + "\r\n## Comments\r\n### ")));
        QVERIFY(after.endsWith("done\r\nfor now\r\n"));
        QCOMPARE(wait(tracker.getIssue(u"1"_s))->state, Issue::State::Closed);
    }

    void concurrentCreatesGetDistinctIds()
    {
        // Separate folder objects on separate threads stand for separate processes: nothing but
        // the file system is shared between them.
        constexpr int kThreads = 6;
        constexpr int kEach = 8;
        std::vector<QStringList> made(kThreads);
        std::vector<QString> failures(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([this, t, &made, &failures] {
                const IssueFolder folder(issues(), u"LOCAL"_s);
                for (int i = 0; i < kEach; ++i) {
                    auto created = folder.create(newIssue(u"thread %1 issue %2"_s.arg(t).arg(i)));
                    if (!created)
                        failures[t] = created.error().toString();
                    else
                        made[t] << created->id;
                }
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QSet<QString> distinct;
        for (int t = 0; t < kThreads; ++t) {
            QVERIFY2(failures[t].isEmpty(), qPrintable(failures[t]));
            for (const QString &id : made[t])
                distinct.insert(id);
        }
        QCOMPARE(distinct.size(), kThreads * kEach);

        LocalTracker tracker(settings());
        QList<Async<Issue>> pending;
        for (int i = 0; i < 10; ++i)
            pending << tracker.createIssue(newIssue(u"parallel %1"_s.arg(i)));
        for (const Async<Issue> &future : std::as_const(pending)) {
            auto created = wait(future);
            EXPECT_OK(created);
            distinct.insert(created->id);
        }
        QCOMPARE(distinct.size(), kThreads * kEach + 10);
        auto listed = wait(tracker.listIssues(IssueQuery{std::nullopt, {}, {}, {}, 0}));
        EXPECT_OK(listed);
        QCOMPARE(listed->size(), kThreads * kEach + 10);
        QCOMPARE(listed->last().id, u"LOCAL-%1"_s.arg(kThreads * kEach + 10));
    }

    void concurrentUpdatesKeepEveryChange()
    {
        LocalTracker tracker(settings());
        EXPECT_OK(wait(tracker.createIssue(newIssue(u"Busy"_s, u"Original description."_s))));

        constexpr int kThreads = 4;
        constexpr int kEach = 6;
        std::vector<QString> failures(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([this, t, &failures] {
                const IssueFolder folder(issues(), u"LOCAL"_s);
                for (int i = 0; i < kEach; ++i) {
                    IssueUpdate update;
                    update.comment = u"comment %1.%2"_s.arg(t).arg(i);
                    update.addLabels = {u"label-%1-%2"_s.arg(t).arg(i)};
                    if (auto done = folder.update(u"LOCAL-1"_s, update); !done)
                        failures[t] = done.error().toString();
                }
            });
        }
        QList<Async<void>> pending;
        pending << tracker.updateIssue(u"1"_s, IssueUpdate{std::nullopt, {}, {}, u"from the plugin A"_s})
                << tracker.updateIssue(u"1"_s, IssueUpdate{std::nullopt, {}, {}, u"from the plugin B"_s});
        for (const Async<void> &future : std::as_const(pending))
            EXPECT_OK(wait(future));
        for (std::thread &thread : threads)
            thread.join();
        for (const QString &failure : failures)
            QVERIFY2(failure.isEmpty(), qPrintable(failure));

        auto got = wait(tracker.getIssue(u"LOCAL-1"_s));
        EXPECT_OK(got);
        QVERIFY(got->description.startsWith(u"Original description.\n\n## Comments\n"_s));
        QCOMPARE(got->labels.size(), kThreads * kEach);
        QVERIFY(got->description.contains(u"from the plugin A"_s));
        QVERIFY(got->description.contains(u"from the plugin B"_s));
        for (int t = 0; t < kThreads; ++t) {
            for (int i = 0; i < kEach; ++i)
                QVERIFY(got->description.contains(u"flotilla\ncomment %1.%2"_s.arg(t).arg(i)));
        }
        QCOMPARE(got->description.count(u" \u2014 flotilla\n"_s), kThreads * kEach + 2);
    }

    void folderMustStayInsideTheProject_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::newRow("parent") << u"../issues"_s;
        QTest::newRow("inner parent") << u"docs/../../issues"_s;
        QTest::newRow("backslashes") << u"docs\\..\\..\\issues"_s;
        QTest::newRow("absolute") << u"/tmp/issues"_s;
        QTest::newRow("home") << u"~/issues"_s;
    }
    void folderMustStayInsideTheProject()
    {
        QFETCH(QString, folder);
        LocalTracker tracker(settings({{u"folder"_s, folder}}));
        const Availability availability = tracker.detect();
        QVERIFY(!availability.available);
        QVERIFY2(availability.problem.contains(folder), qPrintable(availability.problem));
        QVERIFY(!availability.hint.isEmpty());
        const auto expectRejected = [&folder](const Error &error) {
            return error.code == u"tracker.folder"_s && error.message.contains(folder);
        };
        QVERIFY(expectRejected(wait(tracker.listIssues({})).error()));
        QVERIFY(expectRejected(wait(tracker.getIssue(u"1"_s)).error()));
        QVERIFY(expectRejected(wait(tracker.createIssue(newIssue(u"x"_s))).error()));
        QVERIFY(expectRejected(wait(tracker.updateIssue(u"1"_s, {})).error()));
        QVERIFY(!QDir(m_env->root() + u"/issues"_s).exists());
    }

    void missingProjectIsReported()
    {
        for (const QJsonObject &bad : {QJsonObject{}, QJsonObject{{u"_project"_s, QJsonObject{{u"id"_s, u"shop"_s}}}},
                                       QJsonObject{{u"_project"_s, QJsonObject{{u"path"_s, u"relative/dir"_s}}}}}) {
            LocalTracker tracker(bad);
            const Availability availability = tracker.detect();
            QVERIFY(!availability.available);
            QVERIFY(availability.problem.contains(u"project"_s));
            auto listed = wait(tracker.listIssues({}));
            QVERIFY(!listed.ok());
            QCOMPARE(listed.error().code, u"tracker.no_project"_s);
            QCOMPARE(wait(tracker.createIssue(newIssue(u"x"_s))).error().code, u"tracker.no_project"_s);
        }
        QJsonObject gone = settings();
        gone.insert(u"_project"_s, QJsonObject{{u"path"_s, QString(m_env->root() + u"/missing"_s)}});
        LocalTracker tracker(gone);
        QVERIFY(!tracker.detect().available);
        QVERIFY(tracker.detect().problem.contains(u"does not exist"_s));
    }

    void branchNameAndPrompt()
    {
        LocalTracker tracker(settings());
        Issue issue = newIssue(u"Add a cart page"_s, {}, {u"agent:backlog"_s, u"ui"_s});
        issue.id = u"LOCAL-7"_s;
        QCOMPARE(tracker.branchName(issue), u"feat/local-7"_s);
        issue.branchName = u"feat/cart"_s;
        QCOMPARE(tracker.branchName(issue), u"feat/cart"_s);

        write(u"LOCAL-1.md"_s, "---\ntitle: Add a cart page\nlabels: [agent:backlog, ui]\n---\n"
                               "Show the cart with 100% of the items.\n\nUse the %1 layout.\n");
        EXPECT_OK(wait(tracker.updateIssue(u"1"_s, IssueUpdate{std::nullopt, {}, {}, u"Prefer the grid."_s})));
        auto got = wait(tracker.getIssue(u"1"_s));
        EXPECT_OK(got);
        QCOMPARE(tracker.branchName(got.value()), u"feat/local-1"_s);
        const QString prompt = tracker.buildPrompt(got.value());
        QVERIFY2(prompt.startsWith(u"Work on issue LOCAL-1: Add a cart page\nLabels: agent:backlog, ui\n"_s),
                 qPrintable(prompt));
        QVERIFY(prompt.contains(u"Show the cart with 100% of the items.\n\nUse the %1 layout.\n"_s));
        QVERIFY(prompt.contains(u"flotilla wrote:\nPrefer the grid.\n"_s));
        QVERIFY(prompt.indexOf(u"Prefer the grid."_s) > prompt.indexOf(u"Use the %1 layout."_s));
        QVERIFY(!prompt.contains(u"###"_s));
        QVERIFY(!prompt.contains(QRegularExpression(u"\\d{4}-\\d\\d-\\d\\dT"_s)));

        const QString bare = tracker.buildPrompt(newIssue(u"Bare"_s));
        QVERIFY(bare.contains(u"no description"_s));
        QVERIFY(!bare.contains(u"Labels:"_s));
        QVERIFY(!bare.contains(u"Comments"_s));
    }
};

QTEST_GUILESS_MAIN(TstLocalTracker)
#include "tst_local_tracker.moc"

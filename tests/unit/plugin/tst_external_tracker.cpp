#include "external_test_support.h"
#include "isolated_environment.h"
#include "plugin/external/external_plugin_registration.h"
#include "plugin/external/external_tracker_plugin.h"
#include "plugin/plugin_registry.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

QJsonObject issue(const QString &id, const QString &title, const QString &state, const QStringList &labels = {})
{
    return {{u"id"_s, id},
            {u"title"_s, title},
            {u"description"_s, QString(u"details of "_s + id)},
            {u"url"_s, QString(u"https://tracker.example/"_s + id)},
            {u"state"_s, state},
            {u"labels"_s, QJsonArray::fromStringList(labels)}};
}

QString writeIssues(const IsolatedEnvironment &env, const QJsonArray &issues)
{
    const QString path = env.root() + u"/issues.json"_s;
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(QJsonDocument(issues).toJson());
    return path;
}

QJsonArray readIssues(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).array();
}

std::unique_ptr<ExternalTrackerPlugin> tracker(const PluginSettings &settings)
{
    return std::make_unique<ExternalTrackerPlugin>(
        fakeSpec(PluginSlot::Tracker, u"fake-tracker"_s, u"fake_tracker.py"_s), settings);
}

} // namespace

class TestExternalTracker final : public QObject
{
    Q_OBJECT

private slots:
    void getListUpdateAndCreateRoundTrip()
    {
        IsolatedEnvironment env;
        const QString file = writeIssues(env, {issue(u"42"_s, u"Fix the login page"_s, u"open"_s, {u"bug"_s}),
                                               issue(u"43"_s, u"Add dark mode"_s, u"in_progress"_s),
                                               issue(u"44"_s, u"Old idea"_s, u"closed"_s, {u"bug"_s})});
        PluginRegistry registry;
        QVERIFY(registerExternalPlugin(registry, fakeSpec(PluginSlot::Tracker, u"fake-tracker"_s, u"fake_tracker.py"_s))
                    .ok());
        auto created = registry.create<TrackerPlugin>(u"fake-tracker"_s, {{u"issuesFile"_s, file}});
        QVERIFY(created.ok());
        TrackerPlugin &plugin = *created.value();

        const auto got = await(plugin.getIssue(u"42"_s));
        QVERIFY2(got.ok(), qPrintable(got.ok() ? QString() : got.error().toString()));
        QCOMPARE(got.value().id, u"42"_s);
        QCOMPARE(got.value().title, u"Fix the login page"_s);
        QCOMPARE(got.value().description, u"details of 42"_s);
        QCOMPARE(got.value().url, u"https://tracker.example/42"_s);
        QCOMPARE(got.value().state, Issue::State::Open);
        QCOMPARE(got.value().labels, QStringList{u"bug"_s});

        IssueQuery bugs;
        bugs.labels = {u"bug"_s};
        const auto listed = await(plugin.listIssues(bugs));
        QVERIFY(listed.ok());
        QCOMPARE(listed.value().size(), 2);
        QCOMPARE(listed.value().at(1).state, Issue::State::Closed);
        IssueQuery working;
        working.state = Issue::State::InProgress;
        const auto inProgress = await(plugin.listIssues(working));
        QVERIFY(inProgress.ok());
        QCOMPARE(inProgress.value().size(), 1);
        QCOMPARE(inProgress.value().first().id, u"43"_s);

        IssueUpdate update;
        update.state = Issue::State::Closed;
        update.addLabels = {u"done"_s};
        update.removeLabels = {u"bug"_s};
        update.comment = u"fixed in PR #12"_s;
        QVERIFY(await(plugin.updateIssue(u"42"_s, update)).ok());
        const QJsonObject stored = readIssues(file).at(0).toObject();
        QCOMPARE(stored.value(u"state").toString(), u"closed"_s);
        QCOMPARE(stored.value(u"labels").toArray(), QJsonArray{u"done"_s});
        QCOMPARE(stored.value(u"comments").toArray(), QJsonArray{u"fixed in PR #12"_s});

        Issue fresh;
        fresh.title = u"Write the docs"_s;
        fresh.labels = {u"docs"_s};
        const auto made = await(plugin.createIssue(fresh));
        QVERIFY(made.ok());
        QCOMPARE(made.value().id, u"LOCAL-4"_s);
        QCOMPARE(made.value().title, u"Write the docs"_s);
        QCOMPARE(readIssues(file).size(), 4);

        const auto missing = await(plugin.getIssue(u"99"_s));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, u"plugin.fake-tracker.404"_s);
        QCOMPARE(missing.error().message, u"issue 99 not found"_s);
    }

    void malformedResultNamesMethodAndField()
    {
        IsolatedEnvironment env;
        const QString file = writeIssues(env, {issue(u"7"_s, u"Odd"_s, u"someday"_s)});
        auto plugin = tracker({{u"issuesFile"_s, file}});
        const auto odd = await(plugin->getIssue(u"7"_s));
        QVERIFY(!odd.ok());
        QCOMPARE(odd.error().code, u"plugin.malformed_result"_s);
        QCOMPARE(odd.error().message, u"the plugin fake-tracker answered tracker.getIssue with a malformed result: "
                                      "result.state: expected one of open, in_progress, closed, cancelled"_s);
    }

    void concurrentCallsAreMatchedById()
    {
        IsolatedEnvironment env;
        QJsonArray issues;
        for (int i = 1; i <= 20; ++i)
            issues.append(issue(QString::number(i), u"Issue %1"_s.arg(i), u"open"_s));
        auto plugin = tracker({{u"issuesFile"_s, writeIssues(env, issues)}, {u"reverseBatch"_s, 20}});
        QList<Async<Issue>> calls;
        for (int i = 1; i <= 20; ++i)
            calls << plugin->getIssue(QString::number(i));
        for (int i = 1; i <= 20; ++i) {
            const auto answer = await(calls.at(i - 1));
            QVERIFY2(answer.ok(), qPrintable(answer.ok() ? QString() : answer.error().toString()));
            QCOMPARE(answer.value().id, QString::number(i));
            QCOMPARE(answer.value().title, u"Issue %1"_s.arg(i));
        }
    }

    void synchronousMethodsUseTheDeclaredTemplates()
    {
        IsolatedEnvironment env;
        auto plugin = tracker({{u"issuesFile"_s, writeIssues(env, {})}});
        Issue login;
        login.id = u"42"_s;
        login.title = u"Fix the login page!"_s;
        login.description = u"It crashes."_s;
        login.labels = {u"bug"_s, u"ui"_s};
        login.url = u"https://tracker.example/42"_s;
        // Until the plugin has answered initialize (which needs the event loop), defaults apply.
        QVERIFY(!plugin->process().isReady());
        QCOMPARE(plugin->branchName(login), u"feat/42"_s);
        QCOMPARE(plugin->buildPrompt(login),
                 u"Work on issue 42: Fix the login page!\n\nIt crashes.\n\nIssue: https://tracker.example/42"_s);
        QSignalSpy ready(&plugin->process(), &ExternalPluginProcess::ready);
        QVERIFY(ready.wait(15000));
        QCOMPARE(plugin->branchName(login), u"feat/42-fix-the-login-page"_s);
        QCOMPARE(plugin->buildPrompt(login), u"Fix 42: Fix the login page!\n\nIt crashes.\n\nLabels: bug, ui"_s);
        login.branchName = u"alice/int-42"_s;
        QCOMPARE(plugin->branchName(login), u"alice/int-42"_s);
    }
};

QTEST_GUILESS_MAIN(TestExternalTracker)
#include "tst_external_tracker.moc"

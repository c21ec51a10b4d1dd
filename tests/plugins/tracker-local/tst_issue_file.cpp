#include "issue_file.h"

#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flotilla;

namespace {

const QString kPath = u"/p/.flotilla/issues/LOCAL-7.md"_s;

IssueFile parsed(const QByteArray &content)
{
    auto file = IssueFile::parse(content, kPath);
    if (!file)
        qFatal("unexpected parse failure: %s", qPrintable(file.error().toString()));
    return file.value();
}

} // namespace

class TstIssueFile : public QObject
{
    Q_OBJECT

private slots:
    void parsesTheDocumentedFormat()
    {
        const IssueFile file = parsed("---\n"
                                      "id: LOCAL-7\n"
                                      "title: Add a cart page\n"
                                      "state: in_progress   # open | in_progress | closed | cancelled\n"
                                      "labels: [agent:backlog, ui]\n"
                                      "assignee: someone      # optional\n"
                                      "---\n"
                                      "Description in Markdown...\n"
                                      "\n"
                                      "## Comments\n"
                                      "### 2026-11-26T04:00:00Z \xE2\x80\x94 flotilla\n"
                                      "comment text\n");
        QCOMPARE(file.issue().id, u"LOCAL-7"_s);
        QCOMPARE(file.issue().title, u"Add a cart page"_s);
        QCOMPARE(file.issue().state, Issue::State::InProgress);
        QCOMPARE(file.issue().labels, (QStringList{u"agent:backlog"_s, u"ui"_s}));
        QCOMPARE(file.issue().assignee, u"someone"_s);
        QVERIFY(file.issue().description.startsWith(u"Description in Markdown..."_s));
        QVERIFY(file.issue().description.endsWith(u"comment text"_s));
    }

    void parsesBlockListsQuotesAndCrlf()
    {
        const IssueFile file = parsed("\xEF\xBB\xBF---\r\n"
                                      "title: \"Fix: the \\\"cart\\\" # total\"\r\n"
                                      "state: 'closed'\r\n"
                                      "labels:\r\n"
                                      "  - agent:backlog\r\n"
                                      "  - 'needs review'\r\n"
                                      "- bug # trailing comment\r\n"
                                      "assignee: 'o''brien'\r\n"
                                      "---\r\n"
                                      "Body line\r\n");
        QCOMPARE(file.issue().title, u"Fix: the \"cart\" # total"_s);
        QCOMPARE(file.issue().state, Issue::State::Closed);
        QCOMPARE(file.issue().labels, (QStringList{u"agent:backlog"_s, u"needs review"_s, u"bug"_s}));
        QCOMPARE(file.issue().assignee, u"o'brien"_s);
        QCOMPARE(file.issue().description, u"Body line"_s);
    }

    void missingOptionalKeysTakeDefaults()
    {
        const IssueFile file = parsed("---\ntitle: Only a title\n---\n");
        QCOMPARE(file.issue().state, Issue::State::Open);
        QVERIFY(file.issue().labels.isEmpty());
        QVERIFY(file.issue().assignee.isEmpty());
        QVERIFY(file.issue().description.isEmpty());
        QCOMPARE(parsed("---\ntitle: t\nlabels: []\nassignee: ~\n---\n").issue().assignee, QString());
        QCOMPARE(parsed("---\ntitle: t\nlabels: single\n---\n").issue().labels, QStringList{u"single"_s});
    }

    void everyStateNameIsReadAndWritten()
    {
        const QList<std::pair<QByteArray, Issue::State>> states = {{"open", Issue::State::Open},
                                                                   {"in_progress", Issue::State::InProgress},
                                                                   {"closed", Issue::State::Closed},
                                                                   {"cancelled", Issue::State::Cancelled}};
        for (const auto &[name, state] : states) {
            const IssueFile file = parsed("---\ntitle: t\nstate: " + name + "\n---\n");
            QCOMPARE(file.issue().state, state);
            QVERIFY(file.serialize().contains(QByteArray("\nstate: " + name + '\n')));
            QCOMPARE(IssueFile::stateName(state), QString::fromLatin1(name));
        }
    }

    void malformedFilesNameTheFileAndLine_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("words");
        QTest::newRow("no front matter") << QByteArray("# Just Markdown\n") << 1 << u"front matter"_s;
        QTest::newRow("empty file") << QByteArray() << 1 << u"front matter"_s;
        QTest::newRow("never closed") << QByteArray("---\ntitle: t\nbody\n") << 1 << u"never closed"_s;
        QTest::newRow("unknown state") << QByteArray("---\nid: LOCAL-7\ntitle: t\nstate: done\n---\n") << 4
                                       << u"unknown state \"done\""_s;
        QTest::newRow("no title") << QByteArray("---\nstate: open\n---\nbody\n") << 1 << u"no title"_s;
        QTest::newRow("not key value") << QByteArray("---\ntitle: t\njust words\n---\n") << 3 << u"key: value"_s;
        QTest::newRow("open quote") << QByteArray("---\ntitle: \"unfinished\n---\n") << 2 << u"closing"_s;
        QTest::newRow("open list") << QByteArray("---\ntitle: t\nlabels: [a, b\n---\n") << 3 << u"closing ]"_s;
        QTest::newRow("stray indent") << QByteArray("---\ntitle: t\n  - a\n---\n") << 3 << u"indented"_s;
    }
    void malformedFilesNameTheFileAndLine()
    {
        QFETCH(QByteArray, content);
        QFETCH(int, line);
        QFETCH(QString, words);
        const auto file = IssueFile::parse(content, kPath);
        QVERIFY(!file.ok());
        QCOMPARE(file.error().code, u"tracker.malformed"_s);
        QCOMPARE(file.error().context, u"%1:%2"_s.arg(kPath).arg(line));
        QVERIFY2(file.error().message.contains(words), qPrintable(file.error().message));
    }

    void rewritingKeepsTheBodyAndUnknownKeys()
    {
        const QByteArray body = "Intro with trailing spaces   \n\n---\nnot front matter\n\n## Comments\n"
                                "### 2026-01-01T00:00:00Z \xE2\x80\x94 ana\nfirst\n";
        IssueFile file =
            parsed("---\ntitle: t\n# a note\npriority: high\nextra:\n  nested: 1\nstate: open\n---\n" + body);
        file.setId(u"LOCAL-7"_s);
        file.setState(Issue::State::Closed);
        file.addLabel(u"ui"_s);
        file.addLabel(u"UI"_s);
        const QByteArray out = file.serialize();
        QVERIFY(out.endsWith(QByteArray("---\n" + body)));
        QVERIFY(out.contains("# a note\npriority: high\nextra:\n  nested: 1\n"));
        const IssueFile again = parsed(out);
        QCOMPARE(again.issue().state, Issue::State::Closed);
        QCOMPARE(again.issue().labels, QStringList{u"ui"_s});
        QCOMPARE(again.issue().id, u"LOCAL-7"_s);
        QCOMPARE(again.serialize(), out);
    }

    void awkwardValuesSurviveARoundTrip()
    {
        Issue issue;
        issue.id = u"LOCAL-1"_s;
        issue.title = u"- starts with a dash: and has # signs \"quoted\" \\ back"_s;
        issue.labels = {u"a, b"_s, u"[x]"_s, u"agent:backlog"_s, u"null"_s, u"it's"_s};
        issue.assignee = u"#someone"_s;
        issue.branchName = u"feat/custom"_s;
        issue.description = u"Line one\r\nLine two"_s;
        const IssueFile file = parsed(IssueFile::create(issue).serialize());
        QCOMPARE(file.issue().title, issue.title);
        QCOMPARE(file.issue().labels, issue.labels);
        QCOMPARE(file.issue().assignee, issue.assignee);
        QCOMPARE(file.issue().branchName, issue.branchName);
        QCOMPARE(file.issue().description, u"Line one\nLine two"_s);
    }

    void labelsAreRemovedRegardlessOfCase()
    {
        IssueFile file = parsed("---\ntitle: t\nlabels: [Bug, ui]\n---\n");
        file.removeLabel(u"bug"_s);
        file.removeLabel(u"absent"_s);
        QCOMPARE(file.issue().labels, QStringList{u"ui"_s});
    }

    void commentsAreAppendedAfterTheBody()
    {
        const QByteArray head = "---\ntitle: t\n---\nThe description.";
        IssueFile file = parsed(head);
        const QDateTime when(QDate(2026, 11, 26), QTime(4, 0), Qt::UTC);
        file.appendComment(u"First\r\nsecond line\n"_s, u"flotilla"_s, when);
        file.appendComment(u"Again"_s, u"flotilla"_s, when.addSecs(60));
        const QByteArray out = file.serialize();
        QVERIFY(out.contains("---\nThe description.\n\n## Comments\n"
                             "### 2026-11-26T04:00:00Z \xE2\x80\x94 flotilla\nFirst\nsecond line\n\n"
                             "### 2026-11-26T04:01:00Z \xE2\x80\x94 flotilla\nAgain\n"));
        QVERIFY(out.endsWith("Again\n"));
    }

    void commentsKeepACrlfFileCrlf()
    {
        const QByteArray body = "Desc\r\n\r\n## Comments\r\n### 2026-01-01T00:00:00Z \xE2\x80\x94 ana\r\nold\r\n";
        IssueFile file = parsed("---\r\ntitle: t\r\nlabels:\r\n  - a\r\n---\r\n" + body);
        file.appendComment(u"new\nline"_s, u"flotilla"_s, QDateTime::currentDateTimeUtc());
        const QByteArray out = file.serialize();
        QVERIFY(out.contains(body));
        QCOMPARE(out.count("\n"), out.count("\r\n"));
        QVERIFY(out.endsWith("new\r\nline\r\n"));
        QCOMPARE(parsed(out).issue().labels, QStringList{u"a"_s});
    }

    void bodySplitsIntoDescriptionAndComments()
    {
        const IssueBody body = IssueBody::split(u"Do the thing.\n\n## Comments\nloose note\n"
                                                u"### 2026-01-01T00:00:00Z \u2014 ana\nfirst\n\n"
                                                u"### 2026-01-02T00:00:00Z \u2014 flotilla\nsecond\nmore\n"_s);
        QCOMPARE(body.description, u"Do the thing."_s);
        QCOMPARE(body.comments.size(), 3);
        QCOMPARE(body.comments.at(0).text, u"loose note"_s);
        QVERIFY(body.comments.at(0).author.isEmpty());
        QCOMPARE(body.comments.at(1).author, u"ana"_s);
        QCOMPARE(body.comments.at(1).time, u"2026-01-01T00:00:00Z"_s);
        QCOMPARE(body.comments.at(1).text, u"first"_s);
        QCOMPARE(body.comments.at(2).text, u"second\nmore"_s);
        QVERIFY(IssueBody::split(u"No comments here."_s).comments.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstIssueFile)
#include "tst_issue_file.moc"

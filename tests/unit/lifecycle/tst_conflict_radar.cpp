#include "isolated_environment.h"
#include "lifecycle/conflict_radar.h"
#include "lifecycle/reaction_engine.h"
#include "lifecycle/session_actions.h"
#include "process_helpers.h"
#include "store/store.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

class NoActions final : public SessionActions
{
public:
    Async<void> sendToAgent(const SessionRecord &, const QString &) override { return readyOk(); }
    Async<void> kill(const SessionRecord &, const QString &) override { return readyOk(); }
    Async<void> closePullRequest(const SessionRecord &) override { return readyOk(); }
    Async<void> merge(const SessionRecord &, MergeMethod, const QString &) override { return readyOk(); }
};

} // namespace

// Two real worktrees of one repository that edit the same file are found, from committed,
// staged and untracked changes alike; sessions of other projects or alone never are.
class TestConflictRadar final : public QObject
{
    Q_OBJECT

    ProcessResult git(const IsolatedEnvironment &env, const QStringList &arguments, const QString &dir)
    {
        return runProcess(u"git"_s,
                          QStringList{u"-c"_s, u"user.name=t"_s, u"-c"_s, u"user.email=t@example.com"_s} + arguments,
                          env.processEnvironment(), dir);
    }

    static void write(const QString &path, const QByteArray &text)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    }

private slots:
    void findsSessionsChangingTheSameFiles()
    {
        IsolatedEnvironment env;
        const QString repo = env.workDir() + u"/shop"_s;
        QVERIFY(QDir().mkpath(repo));
        QCOMPARE(git(env, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s, repo}, env.root()).exitCode, 0);
        write(repo + u"/src/cart.cpp"_s, "int cart;\n");
        write(repo + u"/src/pay.cpp"_s, "int pay;\n");
        QCOMPARE(git(env, {u"add"_s, u"-A"_s}, repo).exitCode, 0);
        QCOMPARE(git(env, {u"commit"_s, u"-qm"_s, u"init"_s}, repo).exitCode, 0);
        const QStringList names = {u"shop-1"_s, u"shop-2"_s, u"shop-3"_s};
        for (const QString &name : names)
            QCOMPARE(
                git(env,
                    {u"worktree"_s, u"add"_s, u"-q"_s, u"-b"_s, u"session/"_s + name, env.root() + u"/wt/"_s + name},
                    repo)
                    .exitCode,
                0);
        // shop-1 commits a change to cart.cpp; shop-2 edits it without committing and adds a
        // file; shop-3 only touches pay.cpp.
        write(env.root() + u"/wt/shop-1/src/cart.cpp"_s, "int cart = 1;\n");
        QCOMPARE(git(env, {u"commit"_s, u"-qam"_s, u"cart"_s}, env.root() + u"/wt/shop-1"_s).exitCode, 0);
        write(env.root() + u"/wt/shop-2/src/cart.cpp"_s, "int cart = 2;\n");
        write(env.root() + u"/wt/shop-2/src/new.cpp"_s, "int fresh;\n");
        write(env.root() + u"/wt/shop-1/src/new.cpp"_s, "int fresher;\n");
        write(env.root() + u"/wt/shop-3/src/pay.cpp"_s, "int pay = 3;\n");

        Store store;
        QVERIFY(store.open(env.root() + u"/flotilla.db"_s).ok());
        for (const QString &name : names) {
            SessionRecord session;
            session.id = name;
            session.projectId = u"shop"_s;
            session.state = SessionState::Working;
            session.workspacePath = env.root() + u"/wt/"_s + name;
            QVERIFY(store.sessions().insert(session).ok());
        }
        SessionRecord elsewhere; // same files, other project: never a conflict
        elsewhere.id = u"blog-1"_s;
        elsewhere.projectId = u"blog"_s;
        elsewhere.state = SessionState::Working;
        elsewhere.workspacePath = env.root() + u"/wt/shop-2"_s;
        QVERIFY(store.sessions().insert(elsewhere).ok());

        NoActions actions;
        ReactionEngine reactions({store.events(), store.trackers(), store.decisions(), actions,
                                  [](const QString &, const QString &key) -> std::optional<ReactionPolicy> {
                                      ReactionPolicy policy;
                                      policy.key = key;
                                      policy.action = ReactionPolicy::Action::Notify;
                                      return policy;
                                  },
                                  [](const QString &, Priority) { return QStringList{u"desktop"_s}; },
                                  [] { return QDateTime::currentDateTimeUtc(); }});
        ConflictRadar radar(store.sessions(), reactions, [](const QString &) { return u"main"_s; });
        QSignalSpy scanned(&radar, &ConflictRadar::scanned);
        radar.scanSoon(0);
        QVERIFY(scanned.wait(10000));

        QCOMPARE(radar.overlapsOf(u"shop-1"_s).value(u"shop-2"_s), (QStringList{u"src/cart.cpp"_s, u"src/new.cpp"_s}));
        QCOMPARE(radar.overlapsOf(u"shop-2"_s).keys(), QStringList{u"shop-1"_s});
        QVERIFY(radar.overlapsOf(u"shop-3"_s).isEmpty());
        QVERIFY(radar.overlapsOf(u"blog-1"_s).isEmpty());

        EventQuery query;
        query.types = {u"reaction.notify"_s};
        const auto raised = store.events().query(query).value();
        QCOMPARE(raised.size(), 2); // one for each side of the pair
        QVERIFY(raised.first().event.message.contains(u"src/cart.cpp"_s));

        // The same overlap on the next scan says nothing new.
        radar.scanSoon(0);
        QVERIFY(scanned.wait(10000));
        QCOMPARE(store.events().query(query).value().size(), 2);
        // A scan is not repeated within the gap.
        radar.scanSoon(60000);
        QVERIFY(!radar.isScanning());
    }
};

QTEST_GUILESS_MAIN(TestConflictRadar)
#include "tst_conflict_radar.moc"

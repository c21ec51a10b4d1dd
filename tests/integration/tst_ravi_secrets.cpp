// Secrets from Ravi reaching agents, end to end: a real `flotilla --headless` whose projects
// read the fake Ravi's vault, the fake agent in tmux telling which variables it got (names and
// hashes only), and every place a value must never land: argv, logs, the database, the worktree.
#include "fake_agent_fleet.h"
#include "fake_ravi.h"
#include "isolated_environment.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

const QString kStripe = u"sk_live_e2e_stripe_0123456789"_s;
const QString kOpenAi = u"sk-e2e-openai-abcdefghijklmnop"_s;

QByteArray sha256(const QString &value)
{
    return QCryptographicHash::hash(value.toUtf8(), QCryptographicHash::Sha256).toHex();
}

} // namespace

class TestRaviSecrets final : public QObject
{
    Q_OBJECT

    std::unique_ptr<IsolatedEnvironment> m_env;
    std::unique_ptr<fakes::FakeRavi> m_ravi;
    std::unique_ptr<FakeAgentFleet> m_fleet;

    // flo, while this process keeps answering as the fakes.
    ProcessResult flo(const QStringList &arguments)
    {
        return runServing(IsolatedEnvironment::binary(u"flo"_s), arguments, m_fleet->environment());
    }

    QList<QJsonObject> records() const
    {
        QList<QJsonObject> all;
        QFile file(m_fleet->recordFile());
        if (!file.open(QIODevice::ReadOnly))
            return all;
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (!line.trimmed().isEmpty())
                all << QJsonDocument::fromJson(line).object();
        }
        return all;
    }

    QJsonObject envRecord(const QString &name) const
    {
        const auto all = records();
        for (auto it = all.crbegin(); it != all.crend(); ++it) {
            if (it->value(u"event"_s).toString() == u"env"_s && it->value(u"name"_s).toString() == name)
                return *it;
        }
        return {};
    }

    QJsonArray events(const QString &session)
    {
        const auto listed = flo({u"events"_s, u"-s"_s, session, u"--json"_s, u"--limit"_s, u"100"_s});
        return QJsonDocument::fromJson(listed.out.toUtf8()).object().value(u"events"_s).toArray();
    }

private slots:
    void initTestCase()
    {
        m_env = std::make_unique<IsolatedEnvironment>();
        m_ravi = std::make_unique<fakes::FakeRavi>();
        QVERIFY(m_ravi->isListening());
        const auto vault = m_ravi->addIdentity(u"Shop vault"_s, u"shop-vault"_s);
        m_ravi->addSecret(vault.uuid, u"STRIPE_KEY"_s, kStripe);
        m_ravi->addSecret(vault.uuid, u"OPENAI_API_KEY"_s, kOpenAi);

        m_fleet = std::make_unique<FakeAgentFleet>(*m_env, QStringLiteral(FLOTILLA_FAKE_AGENT));
        m_fleet->setVariable(u"RAVI_VAULT_KEY"_s, m_ravi->keyFor(vault.uuid));
        m_fleet->setVariable(u"RAVI_API_KEY"_s, m_ravi->managementKey());
        m_fleet->extraTopLevel =
            "ravi:\n  apiKey: ${RAVI_API_KEY}\n  baseUrl: " + m_ravi->baseUrl().toString().toUtf8() + "\n";
        m_fleet->extraShop =
            "    ravi:\n      vaultKey: ${RAVI_VAULT_KEY}\n      secrets: [STRIPE_KEY, OPENAI_API_KEY]\n"
            "      identity: create\n";
        m_fleet->extraDesk = "    ravi:\n      vaultKey: ${RAVI_VAULT_KEY}\n      secrets: [STRIPE_KEY]\n"
                             "      onUnreachable: continue\n";
        const QString problem = m_fleet->start();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        m_fleet.reset();
        m_ravi.reset();
    }

    void theDeclaredSecretsReachTheAgentAndNothingElse()
    {
        const auto spawned = flo({u"spawn"_s, u"shop"_s, u"--prompt"_s, u"Check the environment"_s});
        QVERIFY2(spawned.exitCode == 0, qPrintable(spawned.err));
        const QString session = spawned.out.trimmed().section(u'=', 1);
        QCOMPARE(flo({u"send"_s, u"shop-1"_s, u"ENV STRIPE_KEY\nENV OPENAI_API_KEY\nENV RAVI_VAULT_KEY"_s}).exitCode,
                 0);
        QTRY_VERIFY_WITH_TIMEOUT(!envRecord(u"RAVI_VAULT_KEY"_s).isEmpty(), 20000);
        QCOMPARE(envRecord(u"STRIPE_KEY"_s).value(u"sha256"_s).toString().toLatin1(), sha256(kStripe));
        QCOMPARE(envRecord(u"OPENAI_API_KEY"_s).value(u"sha256"_s).toString().toLatin1(), sha256(kOpenAi));
        // The vault's key is Flotilla's, not the agent's.
        QVERIFY2(!envRecord(u"RAVI_VAULT_KEY"_s).value(u"set"_s).toBool(), "the agent got the Ravi vault key");

        // The audit log names the secrets, never their values.
        QStringList injected;
        for (const QJsonValue &event : events(session)) {
            if (event.toObject().value(u"type"_s).toString() == u"session.spawned"_s) {
                for (const QJsonValue &name :
                     event.toObject().value(u"data"_s).toObject().value(u"environmentKeys"_s).toArray())
                    injected << name.toString();
            }
        }
        QVERIFY2(injected.contains(u"STRIPE_KEY"_s) && injected.contains(u"OPENAI_API_KEY"_s),
                 qPrintable(injected.join(u',')));

        // Nowhere else: the agent's argv, the instance's output, the database, the worktree, ps.
        const QList<QByteArray> values = {kStripe.toUtf8(), kOpenAi.toUtf8()};
        const auto holdsValue = [&values](const QByteArray &bytes) {
            return std::any_of(values.cbegin(), values.cend(),
                               [&bytes](const QByteArray &v) { return bytes.contains(v); });
        };
        for (const QJsonObject &record : records()) {
            if (record.value(u"event"_s).toString() == u"start"_s)
                QVERIFY(!holdsValue(QJsonDocument(record.value(u"argv"_s).toArray()).toJson()));
        }
        QVERIFY(!holdsValue(m_fleet->instanceOutput().toUtf8()));
        const QString data = m_fleet->environment().value(u"XDG_DATA_HOME"_s) + u"/flotilla"_s;
        QDirIterator files(data, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int scanned = 0;
        while (files.hasNext()) {
            QFile file(files.next());
            if (file.open(QIODevice::ReadOnly)) {
                ++scanned;
                QVERIFY2(!holdsValue(file.readAll()), qPrintable(file.fileName())); // database, logs, worktrees
            }
        }
        QVERIFY(scanned > 0);
        QProcess ps;
        ps.start(u"ps"_s, {u"-eo"_s, u"args"_s});
        QVERIFY(ps.waitForFinished(10000));
        QVERIFY(!holdsValue(ps.readAllStandardOutput()));
    }

    void theAgentCommitsAsItsOwnIdentity()
    {
        QCOMPARE(
            flo({u"send"_s, u"shop-1"_s, u"EDIT notes.txt written by the agent\nCOMMIT Add notes\nENV RAVI_API_KEY"_s})
                .exitCode,
            0);
        QTRY_VERIFY_WITH_TIMEOUT(!envRecord(u"RAVI_API_KEY"_s).isEmpty(), 20000);
        QVERIFY2(!envRecord(u"RAVI_API_KEY"_s).value(u"set"_s).toBool(), "the agent got the Ravi management key");
        const QString worktree =
            m_fleet->environment().value(u"XDG_DATA_HOME"_s) + u"/flotilla/worktrees/shop/shop-1"_s;
        const auto author = runProcess(u"git"_s, {u"log"_s, u"-1"_s, u"--format=%an <%ae>|%cn <%ce>|%s"_s},
                                       m_fleet->environment(), worktree);
        QCOMPARE(author.out.trimmed(), u"Flotilla shop shop-1 <flotilla-shop-1@ravi.example>|Flotilla shop shop-1 "
                                       u"<flotilla-shop-1@ravi.example>|Add notes"_s);
        // The person's own identity is untouched: nothing was written to git configuration.
        const auto configured =
            runProcess(u"git"_s, {u"config"_s, u"--get"_s, u"user.email"_s}, m_fleet->environment(), worktree);
        QCOMPARE(configured.out.trimmed(), u"tester@example.com"_s);
        // The audit log names the identity.
        bool named = false;
        for (const QJsonValue &event : events(u"shop-1"_s))
            named =
                named || event.toObject().value(u"identity"_s).toString().contains(u"flotilla-shop-1@ravi.example"_s);
        QVERIFY(named);
    }

    void unreachableRaviFailsOrContinuesPerProject()
    {
        m_ravi->stop();
        const auto refused = flo({u"spawn"_s, u"shop"_s, u"--prompt"_s, u"No secrets, no start"_s});
        QVERIFY(refused.exitCode != 0);
        QVERIFY2(refused.err.contains(u"Ravi"_s) && refused.err.contains(u"127.0.0.1"_s), qPrintable(refused.err));
        // Nothing half-made: the session is errored, with no workspace and no tmux session.
        const auto listed = flo({u"session"_s, u"ls"_s, u"--all"_s, u"--json"_s});
        QJsonObject failed;
        for (const QJsonValue &entry :
             QJsonDocument::fromJson(listed.out.toUtf8()).object().value(u"sessions"_s).toArray()) {
            if (entry.toObject().value(u"id"_s).toString() == u"shop-2"_s)
                failed = entry.toObject();
        }
        QCOMPARE(failed.value(u"status"_s).toString(), u"errored"_s);
        QVERIFY(
            !QDir(m_fleet->environment().value(u"XDG_DATA_HOME"_s) + u"/flotilla/worktrees/shop/shop-2"_s).exists());
        const auto tmux = runProcess(u"tmux"_s, {u"-L"_s, u"flotilla"_s, u"has-session"_s, u"-t"_s, u"=shop-2"_s},
                                     m_fleet->environment());
        QVERIFY(tmux.exitCode != 0);

        // Project desk continues without them, and says so.
        const auto continued = flo({u"spawn"_s, u"desk"_s, u"--prompt"_s, u"Carry on"_s});
        QVERIFY2(continued.exitCode == 0, qPrintable(continued.err));
        const QString session = continued.out.trimmed().section(u'=', 1);
        bool warned = false;
        for (const QJsonValue &event : events(session)) {
            const QJsonObject object = event.toObject();
            if (object.value(u"type"_s).toString() == u"session.spawn_warning"_s) {
                warned = object.value(u"priority"_s).toString() == u"warning"_s
                         && object.value(u"message"_s).toString().contains(u"STRIPE_KEY"_s);
            }
        }
        QVERIFY(warned);
        QCOMPARE(flo({u"send"_s, session, u"ENV STRIPE_KEY"_s}).exitCode, 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            !envRecord(u"STRIPE_KEY"_s).isEmpty() && !envRecord(u"STRIPE_KEY"_s).value(u"set"_s).toBool(), 20000);
    }
};

QTEST_GUILESS_MAIN(TestRaviSecrets)
#include "tst_ravi_secrets.moc"

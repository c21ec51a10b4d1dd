// `flo notify test` against a real `flotilla --headless` whose notifiers post to fake endpoints:
// each notifier is tried at once, the answer says which worked and why one did not, and the
// endpoint's token is not in what flo prints.
#include "fake_receiver.h"
#include "headless_instance.h"
#include "isolated_environment.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace flotilla;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

class TestFloNotify final : public QObject
{
    Q_OBJECT

    std::unique_ptr<IsolatedEnvironment> m_env;
    std::unique_ptr<fakes::FakeReceiver> m_ops;
    std::unique_ptr<fakes::FakeReceiver> m_team;
    std::unique_ptr<HeadlessInstance> m_instance;

    // flo, while this process keeps answering as the fakes.
    ProcessResult flo(const QStringList &arguments)
    {
        return runServing(IsolatedEnvironment::binary(u"flo"_s), arguments, m_env->processEnvironment());
    }

private slots:
    void initTestCase()
    {
        m_env = std::make_unique<IsolatedEnvironment>();
        m_ops = std::make_unique<fakes::FakeReceiver>();
        m_team = std::make_unique<fakes::FakeReceiver>();
        m_team->status = 404;
        m_team->answerBody = "no_service";
        QVERIFY(makeRepositoryWithOrigin(*m_env, m_env->workDir() + u"/shop"_s));
        QFile config(m_env->workDir() + u"/flotilla.yaml"_s);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("defaults:\n  runtime: process\nprojects:\n  shop:\n    path: " + m_env->workDir().toUtf8()
                     + "/shop\nnotifiers:\n  ops:\n    plugin: webhook\n    url: " + m_ops->url(u"/in"_s).toEncoded()
                     + "\n  team:\n    plugin: slack\n    webhookUrl: "
                     + m_team->url(u"/services/T9/B9/TEAMTOKEN77"_s).toEncoded() + "\n");
        config.close();
        m_instance = std::make_unique<HeadlessInstance>(
            *m_env, QStringList{u"--config"_s, config.fileName(), u"--port"_s, u"0"_s});
        QVERIFY2(m_instance->waitForPort() > 0, qPrintable(m_instance->readOut()));
    }

    void cleanupTestCase() { m_instance.reset(); }

    void eachNotifierIsTriedAndTheFailureSaysWhy()
    {
        const auto all = flo({u"notify"_s, u"test"_s});
        QCOMPARE(all.exitCode, 1);
        QVERIFY2(all.out.contains(u"ops (webhook): delivered"_s), qPrintable(all.out + all.err));
        QVERIFY2(all.out.contains(u"team (slack): failed: "_s) && all.out.contains(u"404"_s), qPrintable(all.out));
        QVERIFY(!all.out.contains(u"TEAMTOKEN77"_s));
        QCOMPARE(m_ops->requests().size(), 1);
        const QJsonObject sent = QJsonDocument::fromJson(m_ops->requests().first().body).object();
        QCOMPARE(sent.value(u"type"_s).toString(), u"notification.test"_s);
        QVERIFY(sent.value(u"body"_s).toString().contains(u"notifier ops works"_s));

        const auto one = flo({u"notify"_s, u"test"_s, u"ops"_s});
        QVERIFY2(one.exitCode == 0, qPrintable(one.out + one.err));
        QCOMPARE(m_ops->requests().size(), 2);
        QCOMPARE(m_team->requests().size(), 1);

        const auto unknown = flo({u"notify"_s, u"test"_s, u"pager"_s});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains(u"no notifier \"pager\""_s), qPrintable(unknown.err));
    }
};

QTEST_GUILESS_MAIN(TestFloNotify)
#include "tst_flo_notify.moc"

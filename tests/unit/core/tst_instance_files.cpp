#include "instance/api_token.h"
#include "instance/instance_record.h"
#include "isolated_environment.h"
#include "util/app_paths.h"

#include <QFile>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestInstanceFiles final : public QObject
{
    Q_OBJECT

private slots:
    void createsAPrivateTokenOnceAndReusesIt()
    {
        test::IsolatedEnvironment env;
        const QString file = AppPaths::apiTokenFile();
        QVERIFY(file.startsWith(env.root()));
        const auto first = ApiToken::loadOrCreate(file);
        QVERIFY(first.ok());
        QVERIFY(first->size() >= 40);
        QCOMPARE(QFile::permissions(file) & 0x0077, QFileDevice::Permissions());
        const auto second = ApiToken::loadOrCreate(file);
        QCOMPARE(second.value(), first.value());
        QCOMPARE(ApiToken::load(file).value(), first.value());

        QFile::setPermissions(file, QFile::permissions(file) | QFileDevice::ReadOther | QFileDevice::ReadGroup);
        QVERIFY(ApiToken::loadOrCreate(file).ok());
        QCOMPARE(QFile::permissions(file) & 0x0077, QFileDevice::Permissions());
    }

    void replacesADamagedToken()
    {
        test::IsolatedEnvironment env;
        const QString file = AppPaths::apiTokenFile();
        QVERIFY(ApiToken::loadOrCreate(file).ok());
        QFile damaged(file);
        QVERIFY(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate));
        damaged.write("short");
        damaged.close();
        QCOMPARE(ApiToken::load(file).error().code, u"token.invalid"_s);
        const auto fresh = ApiToken::loadOrCreate(file);
        QVERIFY(fresh.ok());
        QVERIFY(fresh->size() >= 40);
    }

    void comparesTokensExactly()
    {
        QVERIFY(ApiToken::matches("abcdef", "abcdef"));
        QVERIFY(!ApiToken::matches("abcdef", "abcdeg"));
        QVERIFY(!ApiToken::matches("abcdef", "abcde"));
        QVERIFY(!ApiToken::matches("", ""));
    }

    void writesAndReadsTheInstanceRecord()
    {
        test::IsolatedEnvironment env;
        QVERIFY(AppPaths::ensurePrivateDir(AppPaths::runtimeDir()));
        const QString file = AppPaths::instanceFile();
        QCOMPARE(InstanceRecord::read(file).error().code, u"instance.none"_s);

        InstanceRecord record;
        record.pid = 4242;
        record.port = 3123;
        record.host = u"127.0.0.1"_s;
        record.version = u"9.9.9"_s;
        record.headless = true;
        QVERIFY(record.write(file).ok());
        QCOMPARE(QFile::permissions(file) & 0x0077, QFileDevice::Permissions());

        const auto read = InstanceRecord::read(file);
        QVERIFY(read.ok());
        QCOMPARE(read->pid, 4242);
        QCOMPARE(read->apiBase(), u"http://127.0.0.1:3123"_s);
        QVERIFY(read->headless);

        InstanceRecord::removeIfOwned(file, 1); // someone else's: kept
        QVERIFY(QFile::exists(file));
        InstanceRecord::removeIfOwned(file, 4242);
        QVERIFY(!QFile::exists(file));
    }

    void rejectsADamagedInstanceRecord()
    {
        test::IsolatedEnvironment env;
        QVERIFY(AppPaths::ensurePrivateDir(AppPaths::runtimeDir()));
        QFile file(AppPaths::instanceFile());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"pid\": 1, \"port\": \"oops\"");
        file.close();
        QCOMPARE(InstanceRecord::read(AppPaths::instanceFile()).error().code, u"instance.record"_s);
    }
};

QTEST_GUILESS_MAIN(TestInstanceFiles)
#include "tst_instance_files.moc"

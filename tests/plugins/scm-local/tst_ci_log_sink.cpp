#include "ci_duration.h"
#include "ci_log_sink.h"
#include "isolated_environment.h"
#include "util/output_ring.h"

#include <QFile>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestCiLogSink final : public QObject
{
    Q_OBJECT

private slots:
    void tailKeepsTheNewestBytes()
    {
        OutputRing tail(8);
        tail.append("abc");
        QCOMPARE(tail.contents(), QByteArray("abc"));
        QVERIFY(!tail.hasDropped());
        tail.append("defghij");
        QCOMPARE(tail.contents(), QByteArray("cdefghij"));
        QVERIFY(tail.hasDropped());
        tail.append("kl");
        QCOMPARE(tail.contents(), QByteArray("efghijkl"));
        tail.append("0123456789");
        QCOMPARE(tail.contents(), QByteArray("23456789"));
    }

    void tailTextDropsTheCutFirstLine()
    {
        OutputRing tail(10);
        tail.append("first line\nsecond\n");
        QCOMPARE(tail.text(), u"second\n"_s);
        OutputRing whole(64);
        whole.append("first line\nsecond\n");
        QCOMPARE(whole.text(), u"first line\nsecond\n"_s);
    }

    void writesEverythingUnderTheCap()
    {
        test::IsolatedEnvironment environment;
        const QString path = environment.root() + u"/logs/run.log"_s;
        CiLogSink sink(100);
        QVERIFY(sink.open(path));
        sink.append("hello\n");
        sink.append("world\n");
        sink.close();
        QCOMPARE(readFile(path), QByteArray("hello\nworld\n"));
        QCOMPARE(sink.totalBytes(), 12);
        QVERIFY(!sink.truncated());
        QVERIFY(sink.writeError().isEmpty());
        QCOMPARE(sink.tailText(), u"hello\nworld\n"_s);
    }

    void capsTheFileButCountsAndKeepsTheTail()
    {
        test::IsolatedEnvironment environment;
        const QString path = environment.root() + u"/run.log"_s;
        CiLogSink sink(10, 16);
        QVERIFY(sink.open(path));
        sink.append("12345678");
        sink.append("abcdefg\n");
        sink.append("the end\n");
        sink.close();
        QCOMPARE(readFile(path), QByteArray("12345678ab\n[the log was capped at 10 bytes; 14 more bytes of output "
                                            "were not written]\n"));
        QCOMPARE(sink.totalBytes(), 24);
        QVERIFY(sink.truncated());
        QCOMPARE(sink.tailText(), u"the end\n"_s);
    }

    void reportsAnUnwritableLog()
    {
        test::IsolatedEnvironment environment;
        CiLogSink sink(10);
        const auto opened = sink.open(environment.root());
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, u"ci.log_unwritable"_s);
        QVERIFY(opened.error().message.contains(environment.root()));
    }

    void describesDurations_data()
    {
        QTest::addColumn<qint64>("milliseconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("ms") << qint64(800) << u"800 ms"_s;
        QTest::newRow("fraction") << qint64(1500) << u"1.5 s"_s;
        QTest::newRow("seconds") << qint64(30000) << u"30 s"_s;
        QTest::newRow("minutes") << qint64(15 * 60 * 1000) << u"15 min"_s;
        QTest::newRow("minutes and seconds") << qint64(150 * 1000) << u"2 min 30 s"_s;
        QTest::newRow("hours") << qint64(2 * 3600 * 1000) << u"2 h"_s;
        QTest::newRow("hours and minutes") << qint64(65 * 60 * 1000) << u"1 h 5 min"_s;
    }

    void describesDurations()
    {
        QFETCH(qint64, milliseconds);
        QFETCH(QString, text);
        QCOMPARE(describeCiDuration(milliseconds), text);
    }
};

QTEST_GUILESS_MAIN(TestCiLogSink)
#include "tst_ci_log_sink.moc"

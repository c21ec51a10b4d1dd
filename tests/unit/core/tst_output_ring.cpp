#include "util/output_ring.h"

#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestOutputRing final : public QObject
{
    Q_OBJECT

private slots:
    void keepsEverythingUntilFull()
    {
        OutputRing ring(16);
        ring.append("abc\n");
        ring.append("def\n");
        QCOMPARE(ring.contents(), QByteArray("abc\ndef\n"));
        QVERIFY(!ring.hasDropped());
        QCOMPARE(ring.lastLines(1), u"def"_s);
        QCOMPARE(ring.lastLines(5), u"abc\ndef"_s);
        QCOMPARE(ring.lastLines(0), QString());
    }

    void dropsTheOldestBytesAcrossTheWrap()
    {
        OutputRing ring(10);
        ring.append("0123456");
        ring.append("789AB"); // fills up and overwrites "01"
        QCOMPARE(ring.size(), qsizetype(10));
        QCOMPARE(ring.contents(), QByteArray("23456789AB"));
        QVERIFY(ring.hasDropped());
        ring.append("CDEFGHIJ"); // wraps around the end of the storage
        QCOMPARE(ring.contents(), QByteArray("ABCDEFGHIJ"));
        ring.append("KLM");
        QCOMPARE(ring.contents(), QByteArray("DEFGHIJKLM"));
    }

    void aChunkLargerThanTheRingKeepsItsTail()
    {
        OutputRing ring(4);
        ring.append("xy");
        ring.append("0123456789");
        QCOMPARE(ring.contents(), QByteArray("6789"));
        QVERIFY(ring.hasDropped());

        OutputRing exact(4);
        exact.append("abcd");
        QCOMPARE(exact.contents(), QByteArray("abcd"));
        QVERIFY(!exact.hasDropped());
    }

    void lastLinesReadsCarriageReturnsAndSkipsACutLine()
    {
        OutputRing ring(64);
        ring.append("one\r\ntwo\r\nthree\r\n");
        QCOMPARE(ring.lastLines(2), u"two\nthree"_s);

        OutputRing cut(12);
        cut.append("first line\nsecond\nthird\n"); // keeps "econd\nthird\n"
        QCOMPARE(cut.lastLines(1), u"third"_s);
        QCOMPARE(cut.lastLines(10), u"third"_s); // "econd" lost its beginning

        OutputRing single(4);
        single.append("abcdefgh");
        QCOMPARE(single.lastLines(3), u"efgh"_s); // nothing else is there
    }

    void decodesUtf8()
    {
        OutputRing ring(64);
        ring.append(u"grüße\n"_s.toUtf8());
        QCOMPARE(ring.lastLines(1), u"grüße"_s);
    }
};

QTEST_GUILESS_MAIN(TestOutputRing)
#include "tst_output_ring.moc"

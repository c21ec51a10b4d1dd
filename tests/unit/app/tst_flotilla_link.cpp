// flotilla:// links as the desktop's URL handler passes them: what they open, and what they
// must never let through.
#include "host/flotilla_link.h"

#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestFlotillaLink final : public QObject
{
    Q_OBJECT

private slots:
    void linksNameWhatToOpen()
    {
        auto link = FlotillaLink::parse(u"flotilla://session/shop-3"_s);
        QVERIFY(link.has_value());
        QCOMPARE(int(link->target), int(FlotillaLink::Target::Session));
        QCOMPARE(link->id, u"shop-3"_s);
        link = FlotillaLink::parse(u"flotilla://decision/0f7c2a1e-5b4d-4c3a-9e8f-1a2b3c4d5e6f/"_s);
        QVERIFY(link.has_value());
        QCOMPARE(int(link->target), int(FlotillaLink::Target::Decision));
        QCOMPARE(link->id, u"0f7c2a1e-5b4d-4c3a-9e8f-1a2b3c4d5e6f"_s);
        link = FlotillaLink::parse(u"flotilla://"_s);
        QVERIFY(link.has_value());
        QCOMPARE(int(link->target), int(FlotillaLink::Target::Window));
    }

    void anythingElseIsRefused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("other scheme") << u"https://session/shop-3"_s;
        QTest::newRow("unknown kind") << u"flotilla://settings/tokens"_s;
        QTest::newRow("path in the id") << u"flotilla://session/shop-3/../../etc"_s;
        QTest::newRow("option as id") << u"flotilla://session/--config"_s;
        QTest::newRow("no id") << u"flotilla://session/"_s;
        QTest::newRow("not a link") << u"--headless"_s;
    }
    void anythingElseIsRefused()
    {
        QFETCH(QString, text);
        QVERIFY(!FlotillaLink::parse(text).has_value());
    }

    void theFirstLinkAmongArgumentsCounts()
    {
        const auto link = FlotillaLink::among({u"--demo"_s, u"flotilla://session/desk-2"_s, u"flotilla://"_s});
        QVERIFY(link.has_value());
        QCOMPARE(link->id, u"desk-2"_s);
        QVERIFY(!FlotillaLink::among({u"--demo"_s}).has_value());
    }
};

QTEST_GUILESS_MAIN(TestFlotillaLink)
#include "tst_flotilla_link.moc"

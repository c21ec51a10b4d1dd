// How replies to escalations are read: their text (plain or HTML), the quoted history cut off,
// the verdict on the first line, the sender, and the token they must quote.
#include "escalation_token.h"
#include "reply_reader.h"

#include <QSet>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestReplyReader final : public QObject
{
    Q_OBJECT

private slots:
    void tokensAreEightCrockfordCharactersAndDiffer()
    {
        QSet<QString> seen;
        for (int i = 0; i < 200; ++i) {
            const QString token = escalationtoken::generate();
            QCOMPARE(token.size(), 8);
            for (const QChar c : token)
                QVERIFY2(u"0123456789ABCDEFGHJKMNPQRSTVWXYZ"_s.contains(c), qPrintable(token));
            seen.insert(token);
        }
        QCOMPARE(seen.size(), 200);
    }

    void aTokenIsQuotedOnlyAsAWordOfItsOwn()
    {
        QVERIFY(escalationtoken::isQuotedIn(u"K7M2Q9XA"_s, u"Re: [Flotilla #K7M2Q9XA] shop: merge?"_s));
        QVERIFY(escalationtoken::isQuotedIn(u"K7M2Q9XA"_s, u"re: [flotilla #k7m2q9xa]"_s));
        QVERIFY(!escalationtoken::isQuotedIn(u"K7M2Q9XA"_s, u"Re: [Flotilla #K7M2Q9XAB] shop"_s));
        QVERIFY(!escalationtoken::isQuotedIn(u"K7M2Q9XA"_s, u"Re: merge?"_s));
        QVERIFY(!escalationtoken::isQuotedIn(QString(), u"anything"_s));
        QCOMPARE(escalationtoken::removedFrom(u"K7M2Q9XA"_s, u"Y #K7M2Q9XA"_s), u"Y"_s);
    }

    void htmlBecomesTextWithoutItsQuote()
    {
        const QString html =
            u"<div dir=\"ltr\">Approve &amp; ship<br>thanks&nbsp;&#8212; A</div>"
            "<div class=\"gmail_quote\"><div>On Fri … wrote:</div><blockquote>old</blockquote></div>"_s;
        QCOMPARE(replyreader::plainText(QString(), html).trimmed(), u"Approve & ship\nthanks — A"_s);
        QCOMPARE(replyreader::plainText(u"plain wins\r\nline two"_s, html), u"plain wins\nline two"_s);
    }

    void quotedHistoryIsCut_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<QString>("kept");
        QTest::newRow("quote marks") << u"yes\n\n> Merge PR #3?\n> token"_s << u"yes"_s;
        QTest::newRow("wrapped attribution")
            << u"Looks good\nship it\n\nOn Fri, 27 Nov 2026 at 09:00, Flotilla <\nx@ravi.example> wrote:\nold"_s
            << u"Looks good\nship it"_s;
        QTest::newRow("outlook") << u"reject\r\n\r\nFrom: Flotilla <x@ravi.example>\r\nSent: Friday\r\nTo: me"_s
                                 << u"reject"_s;
        QTest::newRow("outlook rule") << u"ok\n________________________________\nFrom: x"_s << u"ok"_s;
        QTest::newRow("original message") << u"no\n-----Original Message-----\nold"_s << u"no"_s;
        QTest::newRow("signature") << u"approve\n-- \nThe Lead"_s << u"approve"_s;
        QTest::newRow("nothing quoted") << u"  \nRename it first.\n  Then merge.\n\n"_s
                                        << u"Rename it first.\n  Then merge."_s;
    }
    void quotedHistoryIsCut()
    {
        QFETCH(QString, reply);
        QFETCH(QString, kept);
        QCOMPARE(replyreader::withoutQuotedHistory(reply), kept);
    }

    void theFirstLineDecides_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("note");
        const int approve = int(ReadReply::Kind::Approve);
        const int reject = int(ReadReply::Kind::Reject);
        const int free = int(ReadReply::Kind::Text);
        const int empty = int(ReadReply::Kind::Empty);
        QTest::newRow("approve.") << u"Approve."_s << approve << u"approve"_s << QString();
        QTest::newRow("LGTM!") << u"LGTM!"_s << approve << u"approve"_s << QString();
        QTest::newRow("Y token") << u"Y K7M2Q9XA"_s << approve << u"approve"_s << QString();
        QTest::newRow("#token yes") << u"#K7M2Q9XA yes"_s << approve << u"approve"_s << QString();
        QTest::newRow("reject with note")
            << u"Reject\nThe tests are too thin."_s << reject << u"reject"_s << u"The tests are too thin."_s;
        QTest::newRow("deny") << u"deny"_s << reject << u"reject"_s << QString();
        QTest::newRow("instructions") << u"Approve only after renaming the flag.\nThanks"_s << free
                                      << u"Approve only after renaming the flag.\nThanks"_s << QString();
        QTest::newRow("token only") << u"K7M2Q9XA"_s << empty << QString() << QString();
        QTest::newRow("blank") << u"  \n "_s << empty << QString() << QString();
    }
    void theFirstLineDecides()
    {
        QFETCH(QString, text);
        QFETCH(int, kind);
        QFETCH(QString, answer);
        QFETCH(QString, note);
        const ReadReply read = replyreader::read(text, u"K7M2Q9XA"_s);
        QCOMPARE(int(read.kind), kind);
        QCOMPARE(read.answer, answer);
        QCOMPARE(read.note, note);
    }

    void sendersAreComparedBare()
    {
        QCOMPARE(replyreader::bareAddress(u"The Lead <Lead@Example.COM>"_s), u"lead@example.com"_s);
        QCOMPARE(replyreader::bareAddress(u" lead@example.com "_s), u"lead@example.com"_s);
        QCOMPARE(replyreader::bareAddress(u"\"Mallory <lead@example.com>\" <mallory@example.net>"_s),
                 u"mallory@example.net"_s);
        QCOMPARE(replyreader::bareNumber(u"+1 (555) 123-4567"_s), u"+15551234567"_s);
    }
};

QTEST_GUILESS_MAIN(TestReplyReader)
#include "tst_reply_reader.moc"

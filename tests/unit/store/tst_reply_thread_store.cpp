// Questions sent where people reply, and the replies handled: reservations, unique open
// tokens, what a restart finds, and a reply recorded once.
#include "store/store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestReplyThreadStore final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static SentQuestion question(const QString &eventId, const QString &token)
    {
        SentQuestion asked;
        asked.notifier = u"ravi"_s;
        asked.eventId = eventId;
        asked.decisionId = u"d-"_s + eventId;
        asked.token = token;
        asked.recipient = u"lead@example.com"_s;
        return asked;
    }

private slots:
    void aQuestionIsReservedSentAndFoundAfterReopening()
    {
        const QString path = m_dir.filePath(u"one.db"_s);
        const QDateTime sentAt = QDateTime(QDate(2026, 11, 27), QTime(9, 30, 0, 250), Qt::UTC);
        {
            Store store;
            QVERIFY(store.open(path));
            ReplyThreadStore &threads = store.replyThreads();
            QVERIFY(threads.reserve(question(u"e1"_s, u"AAAA1111"_s)));
            QCOMPARE(threads.reserve(question(u"e1"_s, u"BBBB2222"_s)).error().code, u"store.duplicate"_s);
            QCOMPARE(threads.reserve(question(u"e2"_s, u"AAAA1111"_s)).error().code, u"store.token_taken"_s);
            QVERIFY(threads.open(u"ravi"_s)->isEmpty()); // reserved is not yet open
            QVERIFY(threads.markSent(u"ravi"_s, u"e1"_s, SentQuestion::State::Open, u"<t1@ravi.example>"_s,
                                     u"email:5"_s, sentAt));
        }
        Store store;
        QVERIFY(store.open(path));
        const auto open = store.replyThreads().open(u"ravi"_s).value();
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.constFirst().token, u"AAAA1111"_s);
        QCOMPARE(open.constFirst().threadId, u"<t1@ravi.example>"_s);
        QCOMPARE(open.constFirst().sentAt, sentAt);
        QVERIFY(store.replyThreads().openWithToken(u"aaaa1111"_s).value().has_value());
    }

    void aReleasedOrClosedQuestionFreesItsToken()
    {
        Store store;
        QVERIFY(store.open(m_dir.filePath(u"two.db"_s)));
        ReplyThreadStore &threads = store.replyThreads();
        QVERIFY(threads.reserve(question(u"e1"_s, u"CCCC3333"_s)));
        QVERIFY(threads.release(u"ravi"_s, u"e1"_s));
        QVERIFY(!threads.get(u"ravi"_s, u"e1"_s).value().has_value());
        QVERIFY(threads.reserve(question(u"e2"_s, u"CCCC3333"_s)));
        QVERIFY(threads.markSent(u"ravi"_s, u"e2"_s, SentQuestion::State::Open, u"<t>"_s, u"email:1"_s,
                                 QDateTime::currentDateTimeUtc()));
        QCOMPARE(threads.closeDecision(u"d-e2"_s, QDateTime::currentDateTimeUtc()).value(), 1);
        QCOMPARE(threads.closeDecision(u"d-e2"_s, QDateTime::currentDateTimeUtc()).value(), 0);
        QVERIFY(threads.open(u"ravi"_s)->isEmpty());
        QVERIFY(threads.reserve(question(u"e3"_s, u"CCCC3333"_s)));
        // A sent question is never released.
        QVERIFY(threads.release(u"ravi"_s, u"e2"_s));
        QVERIFY(threads.get(u"ravi"_s, u"e2"_s).value().has_value());
    }

    void aReplyIsRecordedOnce()
    {
        Store store;
        QVERIFY(store.open(m_dir.filePath(u"three.db"_s)));
        ReplyThreadStore &threads = store.replyThreads();
        QVERIFY(!threads.isHandled(u"ravi"_s, u"email:9"_s).value());
        const HandledReply reply{u"ravi"_s, u"email:9"_s, u"d-1"_s, u"ravi:lead@example.com"_s, u"merged"_s, {}};
        QVERIFY(threads.recordHandled(reply).value());
        QVERIFY(!threads.recordHandled(HandledReply{u"ravi"_s, u"email:9"_s, {}, {}, u"other"_s, {}}).value());
        QVERIFY(threads.isHandled(u"ravi"_s, u"email:9"_s).value());
        QVERIFY(!threads.isHandled(u"other"_s, u"email:9"_s).value());
        const auto handled = threads.handled(u"ravi"_s, 10).value();
        QCOMPARE(handled.size(), 1);
        QCOMPARE(handled.constFirst().outcome, u"merged"_s);
    }
};

QTEST_GUILESS_MAIN(TestReplyThreadStore)
#include "tst_reply_thread_store.moc"

// The Ravi notifier's desk against the fake Ravi and a real store: questions sent by mail and
// SMS, each once however often it is delivered; replies read, checked and applied once, through
// SMS, through threads when Ravi ignores filters, after a rate limit and after a restart; and
// the identity it makes for itself from the management key, with its key kept in the keychain.
#include "async_wait.h"
#include "config/config_model.h"
#include "fake_ravi.h"
#include "ravi_escalation_desk.h"
#include "secrets/secret_store.h"
#include "store/store.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace flotilla;
using namespace flotilla::fakes;
using namespace flotilla::test;
using namespace Qt::StringLiterals;

namespace {

const QString kApprover = u"lead@example.com"_s;
const QString kApproverPhone = u"+15557654321"_s;

} // namespace

class TestRaviEscalationDesk final : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<FakeRavi> m_ravi;
    FakeRavi::Identity m_sender;
    std::shared_ptr<Config> m_config;
    QStringList m_answers; // "decision|text|channel", every call of the answer sink

    PluginSettings settings() const
    {
        PluginSettings block = m_config->notifiers.value(u"ravi"_s).block.settings;
        block.insert(u"_notifier"_s, u"ravi"_s);
        return block;
    }

    void configure(const QString &keyVariable, bool sms)
    {
        m_config = std::make_shared<Config>();
        m_config->raviBaseUrl = m_ravi->baseUrl().toString();
        PluginSettings block{{u"plugin"_s, u"ravi"_s},
                             {u"ravi_api_key"_s, u"${%1}"_s.arg(keyVariable)},
                             {u"escalation_email"_s, u"Lead@Example.com"_s},
                             {u"poll_interval_seconds"_s, 1}};
        if (sms)
            block.insert(u"escalation_sms"_s, kApproverPhone);
        m_config->notifiers.insert(u"ravi"_s, NotifierConfig{u"ravi"_s, PluginBlock{u"ravi"_s, {}, {}, block}});
    }

    std::unique_ptr<RaviEscalationDesk> makeDesk(SecretStore *keychain = nullptr)
    {
        auto desk = std::make_unique<RaviEscalationDesk>(RaviEscalationDesk::Dependencies{
            *m_store,
            [this](const QString &id, const QString &text, const QString &channel) -> Async<AppliedAnswer> {
                m_answers << u"%1|%2|%3"_s.arg(id, text, channel);
                auto answered = m_store->decisions().answer(id, text, channel);
                if (!answered)
                    return failed<AppliedAnswer>(answered.error());
                return ready(Result<AppliedAnswer>(AppliedAnswer{answered->accepted, answered->decision,
                                                                 answered->accepted ? u"recorded"_s : u"refused"_s}));
            },
            keychain, [this] { return std::shared_ptr<const Config>(m_config); }});
        return desk;
    }

    Decision decision(const QString &session)
    {
        Decision asked;
        asked.sessionId = session;
        asked.projectId = u"shop"_s;
        asked.kind = u"merge"_s;
        asked.question = u"PR #4 is approved and green. Merge it?"_s;
        asked.options = {u"approve"_s, u"reject"_s};
        asked.context = QJsonObject{{u"prUrl"_s, u"https://github.com/acme/shop/pull/4"_s}};
        return m_store->decisions().create(asked).value();
    }

    Notification notificationFor(const Decision &asked)
    {
        Notification notification;
        notification.event.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        notification.event.type = u"decision.requested"_s;
        notification.event.sessionId = asked.sessionId;
        notification.event.projectId = asked.projectId;
        notification.event.data = QJsonObject{{u"decision"_s, asked.id}};
        notification.title = u"Needs you: %1 (shop) — merge PR #4?"_s.arg(asked.sessionId);
        notification.body = u"Pull request: PR #4 https://github.com/acme/shop/pull/4\nCI: passing"_s;
        notification.decision = asked;
        return notification;
    }

    QList<FakeRavi::Mail> questions() const
    {
        QList<FakeRavi::Mail> found;
        for (const auto &mail : m_ravi->sentMail()) {
            if (mail.subject.startsWith(u"[Flotilla #"_s))
                found << mail;
        }
        return found;
    }

    static QString tokenOf(const FakeRavi::Mail &mail) { return mail.subject.mid(11, 8); }

    Decision::State stateOf(const QString &id) const { return m_store->decisions().get(id).value()->state; }

    QStringList eventTypes() const
    {
        QStringList types;
        for (const StoredEvent &event : m_store->events().query({}).value())
            types << event.event.type;
        return types;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_store = std::make_unique<Store>();
        QVERIFY(m_store->open(m_dir->filePath(u"state.db"_s)));
        m_ravi = std::make_unique<FakeRavi>();
        m_sender = m_ravi->addIdentity(u"Escalations"_s, u"escalations"_s);
        m_ravi->setPhone(m_sender.uuid, u"+15550001111"_s);
        qputenv("TEST_RAVI_IDENTITY_KEY", m_ravi->keyFor(m_sender.uuid).toUtf8());
        configure(u"TEST_RAVI_IDENTITY_KEY"_s, true);
        m_answers.clear();
    }

    void cleanup()
    {
        m_ravi.reset();
        m_store.reset();
    }

    void aQuestionGoesByMailAndSmsAndAnSmsReplyApproves()
    {
        auto desk = makeDesk();
        const Decision asked = decision(u"shop-1"_s);
        QVERIFY(waitFor(desk->deliver(settings(), notificationFor(asked))));
        QCOMPARE(questions().size(), 1);
        const QString token = tokenOf(questions().constFirst());
        QCOMPARE(questions().constFirst().to, u"Lead@Example.com"_s);
        QCOMPARE(questions().constFirst().from, m_sender.inbox);
        const auto texts = m_ravi->textMessages();
        QCOMPARE(texts.size(), 1);
        QCOMPARE(texts.constFirst().to, kApproverPhone);
        QVERIFY(texts.constFirst().body.contains(token));

        desk->start();
        m_ravi->injectSms(m_sender.uuid, u"+15550009999"_s, u"Y "_s + token);
        m_ravi->injectSms(m_sender.uuid, u"+1 555 765 4321"_s, u"y "_s + token.toLower());
        QVERIFY(eventually([&] { return stateOf(asked.id) == Decision::State::Answered; }, 15000));
        QCOMPARE(m_answers, QStringList{u"%1|approve|ravi:%2"_s.arg(asked.id, kApproverPhone)});
        QVERIFY(eventTypes().contains(u"decision.reply_ignored"_s)); // the other number
    }

    void theSameEventDeliveredAgainMailsOnceEvenAfterALostAnswer()
    {
        auto desk = makeDesk();
        const Notification first = notificationFor(decision(u"shop-1"_s));
        QVERIFY(waitFor(desk->deliver(settings(), first)));
        QVERIFY(waitFor(desk->deliver(settings(), first)));
        QCOMPARE(questions().size(), 1);

        // Ravi sends the mail but its answer never arrives: the attempt fails in doubt, and the
        // next one finds the mail among those already sent instead of sending it again.
        const Notification second = notificationFor(decision(u"shop-2"_s));
        m_ravi->loseAnswers = 1;
        QVERIFY(!waitFor(desk->deliver(settings(), second), 60000));
        QCOMPARE(questions().size(), 2);
        QVERIFY(waitFor(desk->deliver(settings(), second)));
        QCOMPARE(questions().size(), 2);
        const auto stored = m_store->replyThreads().get(u"ravi"_s, second.event.id).value();
        QVERIFY(stored.has_value());
        QCOMPARE(int(stored->state), int(SentQuestion::State::Open));
        QCOMPARE(stored->threadId, questions().constLast().threadId);
    }

    void withoutSmsSendingTheQuestionGoesByMailOnly()
    {
        m_ravi->smsSending = FakeRavi::SmsSending::Missing;
        auto desk = makeDesk();
        QVERIFY(waitFor(desk->deliver(settings(), notificationFor(decision(u"shop-1"_s)))));
        QVERIFY(waitFor(desk->deliver(settings(), notificationFor(decision(u"shop-2"_s)))));
        QCOMPARE(questions().size(), 2);
        QVERIFY(m_ravi->textMessages().isEmpty());
        QCOMPARE(eventTypes().count(u"notification.sms_unavailable"_s), 1);
        int sendAttempts = 0;
        for (const auto &request : m_ravi->requests())
            sendAttempts += request.path == u"/api/messages/send/"_s;
        QCOMPARE(sendAttempts, 1); // known for the rest of the run
    }

    void whenRaviIgnoresFiltersEachThreadIsRead()
    {
        configure(u"TEST_RAVI_IDENTITY_KEY"_s, false);
        m_ravi->ignoreFilters = true;
        auto desk = makeDesk();
        const Decision asked = decision(u"shop-1"_s);
        QVERIFY(waitFor(desk->deliver(settings(), notificationFor(asked))));
        const auto question = questions().constFirst();
        desk->start();
        // Mail that is not a reply must not be taken for one.
        m_ravi->injectMail(m_sender.uuid, u"news@example.org"_s, u"Weekly digest"_s, u"approve"_s);
        QVERIFY(eventually([&] { return eventTypes().contains(u"notification.ravi_filters_ignored"_s); }, 15000));
        m_ravi->injectReply(question, u"Lead <lead@example.com>"_s, {}, {}); // an empty reply is read and set aside
        m_ravi->injectMail(m_sender.uuid, u"lead@example.com"_s, u"Re: "_s + question.subject, QString(),
                           u"<div>Reject<br>Not before the release.</div><blockquote>old</blockquote>"_s,
                           question.threadId);
        QVERIFY(eventually([&] { return stateOf(asked.id) == Decision::State::Answered; }, 15000));
        QCOMPARE(m_answers, QStringList{u"%1|reject|ravi:lead@example.com"_s.arg(asked.id)});
        bool threadRead = false;
        for (const auto &request : m_ravi->requests())
            threadRead = threadRead || request.path.startsWith(u"/api/email-inbox/"_s);
        QVERIFY(threadRead);
    }

    void repliesThatDoNotProveThemselvesAreSetAside()
    {
        configure(u"TEST_RAVI_IDENTITY_KEY"_s, false);
        auto desk = makeDesk();
        const Decision asked = decision(u"shop-1"_s);
        QVERIFY(waitFor(desk->deliver(settings(), notificationFor(asked))));
        const auto question = questions().constFirst();
        desk->start();
        // The token, the right sender, but another thread (a forward started anew).
        m_ravi->injectMail(m_sender.uuid, kApprover, u"Fwd: "_s + question.subject, u"approve"_s);
        QVERIFY(eventually([&] { return eventTypes().count(u"decision.reply_ignored"_s) == 1; }, 15000));
        QCOMPARE(stateOf(asked.id), Decision::State::Pending);

        // Answered in the app meanwhile: the question is no longer awaited.
        QVERIFY(m_store->decisions().answer(asked.id, u"reject"_s, u"desktop"_s));
        desk->decisionClosed(asked.id);
        m_ravi->injectReply(question, kApprover, u"approve"_s);
        QVERIFY(eventually([&] { return eventTypes().count(u"decision.reply_ignored"_s) == 2; }, 15000));
        QVERIFY(m_answers.isEmpty());
    }

    void aRateLimitIsWaitedOutAndTheReplyStillApplied()
    {
        configure(u"TEST_RAVI_IDENTITY_KEY"_s, false);
        auto desk = makeDesk();
        const Decision asked = decision(u"shop-1"_s);
        QVERIFY(waitFor(desk->deliver(settings(), notificationFor(asked))));
        m_ravi->injectReply(questions().constFirst(), kApprover, u"approve"_s);
        m_ravi->retryAfterSeconds = 2;
        m_ravi->rateLimitNext = 1;
        desk->start();
        QVERIFY(eventually([&] { return eventTypes().contains(u"notification.ravi_unreachable"_s); }, 10000));
        QCOMPARE(stateOf(asked.id), Decision::State::Pending);
        QVERIFY(eventually([&] { return stateOf(asked.id) == Decision::State::Answered; }, 15000));
        QVERIFY(eventually([&] { return eventTypes().contains(u"notification.ravi_reachable"_s); }, 10000));
    }

    void aReplyIsAppliedOnceAcrossARestart()
    {
        configure(u"TEST_RAVI_IDENTITY_KEY"_s, false);
        const Decision asked = decision(u"shop-1"_s);
        {
            auto desk = makeDesk();
            QVERIFY(waitFor(desk->deliver(settings(), notificationFor(asked))));
        }
        m_ravi->injectReply(questions().constFirst(), kApprover, u"Rename the flag first.\n\n> quoted"_s);
        for (int run = 0; run < 2; ++run) {
            auto desk = makeDesk();
            QSignalSpy cycles(desk.get(), &RaviEscalationDesk::polled);
            desk->start();
            QVERIFY(eventually([&] { return cycles.size() >= 2; }, 15000));
        }
        QCOMPARE(m_answers, QStringList{u"%1|Rename the flag first.|ravi:lead@example.com"_s.arg(asked.id)});
        QCOMPARE(m_ravi->sentMail().size(), 2); // the question and one acknowledgement
    }

    void theManagementKeyMakesTheIdentityItSendsAs()
    {
        qputenv("TEST_RAVI_MANAGEMENT_KEY", m_ravi->managementKey().toUtf8());
        configure(u"TEST_RAVI_MANAGEMENT_KEY"_s, false);
        SecretStore keychain;
        for (int run = 0; run < 2; ++run) {
            auto desk = makeDesk(&keychain);
            QVERIFY(waitFor(desk->deliver(settings(), notificationFor(decision(u"shop-%1"_s.arg(run + 1))))));
        }
        QCOMPARE(questions().size(), 2);
        QCOMPARE(questions().constFirst().from, u"flotilla-escalations@ravi.example"_s);
        QCOMPARE(questions().constLast().from, u"flotilla-escalations@ravi.example"_s);
        int created = 0;
        int minted = 0;
        for (const auto &request : m_ravi->requests()) {
            created += request.method == "POST" && request.path == u"/api/identities/"_s;
            minted += request.path == u"/api/auth/keys/identity/"_s;
            if (request.path.startsWith(u"/api/email"_s))
                QVERIFY(request.headers.value("authorization") != "Bearer " + m_ravi->managementKey().toUtf8());
        }
        QCOMPARE(created, 1); // the second run found it by name, and its key in the keychain
        QCOMPARE(minted, 0);
    }
};

QTEST_GUILESS_MAIN(TestRaviEscalationDesk)
#include "tst_ravi_escalation_desk.moc"

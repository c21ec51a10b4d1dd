#pragma once

#include <QDateTime>
#include <QHash>
#include <QHttpServer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QUrl>

#include <memory>

class QHttpServerRequest;
class QHttpServerResponder;

namespace flotilla::fakes {

// An in-process Ravi on 127.0.0.1 and a free port, answering on the test's event loop, as the
// current API behaves: Bearer keys only (`ravi_mgmt_…` for identities and key minting,
// `ravi_id_…` fenced to its identity for its vault, mail and SMS), every path ending in a slash (without it:
// 404), `{"detail": …}` errors, 400 field maps for bad secrets. Tests set the world up, switch
// its quirks (paged envelopes, ignored filters, 429s, 500s, hanging, stopped) and read every
// request it saw.
class FakeRavi final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeRavi)

public:
    struct Identity
    {
        QString uuid;
        QString name;
        QString inbox; // the email address
        QString phone;
    };
    struct Secret
    {
        QString uuid;
        QString identityUuid;
        QString key;
        QString value;
        QString notes;
    };
    struct Mail
    {
        qint64 id = 0;
        QString identityUuid; // whose inbox holds it
        QString from;
        QString to;
        QString subject;
        QString text;
        QString html;
        QString direction; // "incoming" | "outgoing"
        QString threadId;  // "<…@ravi.example>"
        QString messageId;
        QDateTime created;
    };
    struct TextMessage
    {
        qint64 id = 0;
        QString identityUuid;
        QString from;
        QString to;
        QString body;
        QString direction;
        bool read = false;
        QDateTime created;
    };
    enum class SmsSending { Available, Missing, PlanRequired }; // 201, 404 (older servers), 402
    struct Request
    {
        QByteArray method;
        QString path;
        QString query;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
    };

    explicit FakeRavi(QObject *parent = nullptr);
    ~FakeRavi() override;

    QUrl baseUrl() const;
    bool isListening() const { return m_port != 0; }
    QString managementKey() const { return m_managementKey; }

    // A new identity and a key for it.
    Identity addIdentity(const QString &name, const QString &inboxLocalPart);
    void setPhone(const QString &identityUuid, const QString &number);
    QString keyFor(const QString &identityUuid) const { return m_keysByIdentity.value(identityUuid).value(0); }
    QString addSecret(const QString &identityUuid, const QString &key, const QString &value);
    void removeSecret(const QString &identityUuid, const QString &key);

    // Mail and SMS as a person would send them to an identity. A reply to `to` goes in its
    // thread with "Re: " before its subject unless `subject` says otherwise.
    qint64 injectMail(const QString &identityUuid, const QString &from, const QString &subject, const QString &text,
                      const QString &html = {}, const QString &threadId = {});
    qint64 injectReply(const Mail &to, const QString &from, const QString &text, const QString &subject = {});
    qint64 injectSms(const QString &identityUuid, const QString &fromNumber, const QString &body);
    // What identities sent, oldest first.
    QList<Mail> sentMail() const;
    const QList<TextMessage> &textMessages() const { return m_texts; }

    // Quirks.
    bool pagedLists = false;     // lists as {count, next, previous, results}, two items a page
    bool ignoreFilters = false;  // `?key=` and the like are ignored, as an older server might
    bool omitListValues = false; // secret lists carry no `value`
    int rateLimitNext = 0;       // the next N requests: 429 with Retry-After
    int retryAfterSeconds = 1;
    QHash<QString, QString> seedNewVaults; // secrets every identity created over the API starts with
    int failNext = 0;                      // the next N requests: 500 with an HTML page
    bool hang = false;                     // requests are never answered
    int loseAnswers = 0;                   // the next N requests are carried out, but their answers never come
    // The device sign-in: polls answered `authorization_pending` before the grant (or, when
    // the code expires, `expired_token`).
    int devicePendingPolls = 2;
    bool deviceCodeExpires = false;
    SmsSending smsSending = SmsSending::Available;
    bool threadMessagesCarryThreadId = false; // a thread's messages as Message (no thread_id), as documented
    void stop();                              // closes the port: connections are refused from now on

    const QList<Request> &requests() const { return m_requests; }
    void clearRequests() { m_requests.clear(); }

private:
    struct Answer
    {
        int status = 200;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
    };
    struct Caller
    {
        bool management = false;
        QString identityUuid; // for an identity key
    };

    void receive(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    Answer route(const Request &request, const Caller &caller);
    Answer vault(const Request &request, const Caller &caller);
    Answer identities(const Request &request, const Caller &caller);
    Answer device(const Request &request);
    Answer mail(const Request &request, const Caller &caller);
    Answer sms(const Request &request, const Caller &caller);
    Answer list(QJsonArray items, const Request &request) const;
    QJsonObject mailJson(const Mail &mail, bool detail) const;
    qint64 inboxIdOf(const QString &identityUuid) const;
    const Identity *identity(const QString &uuid) const;
    QDateTime tick(); // the server's clock: never the same instant twice
    static Answer json(int status, const QJsonValue &body);
    static Answer detail(int status, const QString &message);
    QJsonObject secretJson(const Secret &secret, bool withValue) const;
    QString newUuid();

    QHttpServer m_http;
    quint16 m_port = 0;
    QString m_managementKey;
    QList<Identity> m_identities;
    QHash<QString, QStringList> m_keysByIdentity; // identity uuid → its keys
    QHash<QString, QString> m_identityByKey;
    QList<Secret> m_secrets;
    QList<Request> m_requests;
    QList<Mail> m_mail;
    QList<TextMessage> m_texts;
    qint64 m_nextMessage = 100;
    QDateTime m_lastTick;
    QHash<QString, int> m_devicePolls; // device code → polls so far
    QList<std::shared_ptr<QHttpServerResponder>> m_hung;
    int m_serial = 0;
};

} // namespace flotilla::fakes

#pragma once

#include <QDateTime>
#include <QHash>
#include <QHttpServer>
#include <QList>
#include <QObject>
#include <QUrl>

#include <memory>

class QHttpServerRequest;
class QHttpServerResponder;

namespace flotilla::fakes {

// An in-process HTTP endpoint standing in for a notification channel (a Slack or Discord
// webhook, a webhook receiver, an ntfy server): it records every request, and answers as told:
// a status, a 429 with Retry-After (and Discord's JSON `retry_after`) for the next N requests,
// or never.
class FakeReceiver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeReceiver)

public:
    struct Request
    {
        QByteArray method;
        QString path;
        QString query;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
        QDateTime receivedAt;
    };

    explicit FakeReceiver(QObject *parent = nullptr);
    ~FakeReceiver() override;

    QUrl url(const QString &path = QStringLiteral("/")) const;
    bool isListening() const { return m_port != 0; }

    int status = 200;
    QByteArray answerBody = "ok";
    int rateLimitNext = 0;
    int retryAfterSeconds = 2;
    bool hang = false;

    const QList<Request> &requests() const { return m_requests; }

private:
    void receive(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    QHttpServer m_http;
    quint16 m_port = 0;
    QList<Request> m_requests;
    QList<std::shared_ptr<QHttpServerResponder>> m_hung;
};

} // namespace flotilla::fakes

#include "fake_receiver.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace flotilla::fakes {

FakeReceiver::FakeReceiver(QObject *parent) : QObject(parent)
{
    m_http.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        receive(request, std::move(responder));
    });
    auto tcp = std::make_unique<QTcpServer>();
    if (tcp->listen(QHostAddress::LocalHost, 0)) {
        m_port = tcp->serverPort();
        m_http.bind(tcp.release());
    }
}

FakeReceiver::~FakeReceiver() = default;

QUrl FakeReceiver::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path));
}

void FakeReceiver::receive(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    Request seen;
    seen.method = request.method() == QHttpServerRequest::Method::Post ? "POST" : "OTHER";
    seen.path = request.url().path();
    seen.query = request.url().query();
    for (const auto &[name, value] : request.headers())
        seen.headers.insert(name.toLower(), value);
    seen.body = request.body();
    seen.receivedAt = QDateTime::currentDateTimeUtc();
    m_requests << seen;
    if (hang) {
        m_hung << std::make_shared<QHttpServerResponder>(std::move(responder));
        return;
    }
    if (rateLimitNext > 0) {
        --rateLimitNext;
        QHttpServerResponse limited(
            u"{\"message\": \"You are being rate limited.\", \"retry_after\": %1, \"global\": false}"_s
                .arg(retryAfterSeconds)
                .toUtf8(),
            QHttpServerResponder::StatusCode::TooManyRequests);
        limited.setHeader("Content-Type", "application/json");
        limited.setHeader("Retry-After", QByteArray::number(retryAfterSeconds));
        limited.write(std::move(responder));
        return;
    }
    QHttpServerResponse response(answerBody, QHttpServerResponder::StatusCode(status));
    response.write(std::move(responder));
}

} // namespace flotilla::fakes

#pragma once

#include "fake_linear_world.h"

#include <QDateTime>
#include <QHash>
#include <QHttpServer>
#include <QObject>
#include <QUrl>

class QHttpServerRequest;
class QHttpServerResponder;

namespace flotilla::fakes {

// One request as the fake saw it.
struct LinearRequestRecord
{
    QString operation; // "IssueById", or empty when the body named none
    QByteArray authorization;
    QJsonObject variables;
};

// An in-process Linear GraphQL API on 127.0.0.1 and a free port, answering on the test's event
// loop. It dispatches on the operation name, checks the API key as Linear does (no header: a
// bare 401; a wrong key or a "Bearer" personal key: an AUTHENTICATION_ERROR), reports its
// request budget in X-RateLimit-Requests-* headers and answers RATELIMITED once it is spent.
class FakeLinear final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeLinear)

public:
    static constexpr auto kApiKey = "lin_api_fakekey0000000000000000000000000000";

    explicit FakeLinear(QObject *parent = nullptr);
    ~FakeLinear() override;

    bool isListening() const { return m_port != 0; }
    QUrl url() const; // http://127.0.0.1:PORT/graphql
    QString apiKey() const { return m_apiKey; }
    void setApiKey(const QString &key) { m_apiKey = key; }

    FakeLinearWorld &world() { return m_world; }

    // The request budget: `remaining` requests until `reset`; at 0 every request is answered
    // RATELIMITED (HTTP 400, as Linear does) until the reset passes.
    void setRequestBudget(int limit, int remaining, const QDateTime &reset);
    int remainingRequests() const { return m_remaining; }
    // The next `times` operations are answered with this GraphQL error.
    void failNext(int times, int status, const QString &code, const QString &message);
    // Answers every request with a bare 401 and no JSON, as a proxy in front of Linear may.
    void setBareUnauthorized(bool on) { m_bareUnauthorized = on; }

    int requestCount() const { return int(m_log.size()); }
    int requestCount(const QString &operation) const;
    const QList<LinearRequestRecord> &requestLog() const { return m_log; }
    void resetCounters() { m_log.clear(); }

private:
    void receive(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    LinearAnswer answer(const QString &operation, const QJsonObject &variables);
    void write(QHttpServerResponder &responder, int status, const QByteArray &contentType, const QByteArray &body);

    FakeLinearWorld m_world;
    QHttpServer m_http;
    quint16 m_port = 0;
    QString m_apiKey = QString::fromLatin1(kApiKey);
    int m_limit = 1500;
    int m_remaining = 1500;
    QDateTime m_reset;
    bool m_bareUnauthorized = false;
    int m_failures = 0;
    LinearAnswer m_failure;
    QList<LinearRequestRecord> m_log;
};

} // namespace flotilla::fakes

#pragma once

#include "fake_github_state.h"
#include "fake_github_traffic.h"
#include "rest_routes.h"

#include <QHttpServer>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <map>
#include <memory>

class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;

namespace flotilla::fakes {

// An in-process GitHub (REST + GraphQL) on 127.0.0.1 and a free port, answering on the test's
// event loop. Serves the API under `prefix` (default: the root, like api.github.com) and again
// under "/api/v3" + "/api/graphql" (the Enterprise Server layout). Tests set up and change the
// world through state(), steer quotas and faults, and read the counters and request log.
class FakeGithub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeGithub)

public:
    struct Options
    {
        QString token = QStringLiteral("ghp_faketoken0000000000000000000000000000");
        QString prefix;               // e.g. "/gh"; empty = serve at the root
        int logUrlLifetimeMs = 60000; // signed job-log URLs expire after this
        int coreLimit = 5000;
        int graphqlLimit = 5000;
    };

    explicit FakeGithub(QObject *parent = nullptr);
    explicit FakeGithub(Options options, QObject *parent = nullptr);
    ~FakeGithub() override;

    bool isListening() const { return m_port != 0; }
    QUrl baseUrl() const;           // REST root: http://127.0.0.1:PORT[prefix]
    QUrl graphqlUrl() const;        // baseUrl() + "/graphql"
    QUrl enterpriseBaseUrl() const; // http://127.0.0.1:PORT[prefix]/api/v3
    QUrl enterpriseGraphqlUrl() const;
    QString token() const { return m_options.token; }
    void setToken(const QString &token) { m_options.token = token; }

    FakeGithubState &state() { return m_state; }
    const FakeGithubState &state() const { return m_state; }

    // Quotas ("core" or "graphql").
    RateBudget budget(const QString &resource) const;
    void setRateLimit(const QString &resource, int limit, int remaining);
    // remaining 0 until `resetInSeconds` from now; requests before then get the limit answer.
    void exhaustRateLimit(const QString &resource, int resetInSeconds);
    // The next `requests` API requests are answered 429 with `retry-after: retryAfterSeconds`.
    void answerWithSecondaryLimit(int requests, int retryAfterSeconds);

    // Faults, checked in the order added; a fault with times > 0 wears out.
    void injectFault(const Fault &fault);
    void clearFaults() { m_faults.clear(); }
    int pendingRequests() const { return static_cast<int>(m_pending.size()); }

    void setLogUrlLifetimeMs(int ms) { m_options.logUrlLifetimeMs = ms; }
    // Signed log downloads that wrongly carried an Authorization header.
    int signedUrlViolations() const { return m_signedViolations; }

    // Counters and log.
    int requestCount() const { return m_ledger.total(); }
    int requestCount(const QString &pattern) const { return m_ledger.byPattern(pattern); }
    int resourceRequestCount(const QString &resource) const { return m_ledger.byResource(resource); }
    int notModifiedCount() const { return m_ledger.notModified(); }
    QHash<QString, int> requestCountsByPattern() const { return m_ledger.patterns(); }
    const QList<RequestRecord> &requestLog() const { return m_ledger.log(); }
    void resetCounters() { m_ledger.clear(); }

private:
    struct Pending
    {
        std::unique_ptr<QHttpServerResponder> responder;
        QPointer<QTcpSocket> socket;
        FakeRequest request;
        int sequence = 0;
        int hangMs = -1; // answer after this long; negative = only when the fake goes away
    };
    struct SignedLog
    {
        QString repo;
        qint64 jobId = 0;
        qint64 expiresAtMs = 0;
    };
    enum class Surface { Rest, Graphql, SignedLog };

    void receive(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    FakeResponse answer(const FakeRequest &request, Surface surface);
    FakeResponse answerRest(const FakeRequest &request);
    FakeResponse answerGraphql(const FakeRequest &request);
    FakeResponse answerSignedLog(const FakeRequest &request);
    std::optional<FakeResponse> refuse(const FakeRequest &request, const QString &resource);
    std::optional<FakeResponse> applyFault(const FakeRequest &request, Pending &pending, bool &hung);
    void finishPending(quint64 id);
    void write(QHttpServerResponder &responder, const FakeResponse &response);

    Surface surfaceOf(const QString &apiPath) const;
    QString apiPathOf(const QString &rawPath) const;
    RateBudget &liveBudget(const QString &resource);
    void addRateHeaders(FakeResponse &response, const QString &resource);
    QString signLogUrl(const QString &repo, qint64 jobId);
    QJsonObject rateLimitBody();

    Options m_options;
    FakeGithubState m_state;
    TrafficLedger m_ledger;
    QHttpServer m_http;
    quint16 m_port = 0;
    std::unique_ptr<RestRoutes> m_routes;
    QHash<QString, RateBudget> m_budgets;
    int m_secondaryRemaining = 0;
    int m_secondaryRetryAfter = 60;
    QList<Fault> m_faults;
    std::map<quint64, Pending> m_pending;
    quint64 m_nextPending = 1;
    QHash<QString, SignedLog> m_signedLogs;
    quint64 m_signCounter = 0;
    int m_signedViolations = 0;
};

} // namespace flotilla::fakes

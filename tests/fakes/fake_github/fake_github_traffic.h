#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>

namespace flotilla::fakes {

// One request as it reached the fake, for "requests sent", "304 ratio" and "nothing reached
// the host before the reset" assertions. `status` is 0 while the request is still unanswered.
struct RequestRecord
{
    QByteArray method;
    QString path;     // path and query as sent, including any API prefix
    QString pattern;  // "GET /repos/{owner}/{repo}/pulls", "POST /graphql", "GET /_signed/logs/{job}"
    QString resource; // core, graphql, signed
    int status = 0;
    QDateTime at; // wall-clock UTC, millisecond precision
    bool hadAuthorization = false;
};

// An hourly primary budget as GitHub keeps it per resource (core, graphql).
struct RateBudget
{
    int limit = 5000;
    int used = 0;
    qint64 resetAtMs = 0; // wall clock, epoch milliseconds

    int remaining() const { return std::max(0, limit - used); }
    qint64 resetEpochSeconds() const { return (resetAtMs + 999) / 1000; }
};

enum class FaultKind {
    BadGatewayHtml, // 502 with an HTML error page, as GitHub's front end sends
    MalformedJson,  // 200 with a truncated JSON body
    ServerError,    // 500 {"message":"Server Error"}
    Hang,           // no answer for hangMs (then the real answer), or never when hangMs < 0
};

struct Fault
{
    FaultKind kind = FaultKind::ServerError;
    QRegularExpression path; // matched against the API path ("/repos/o/r/pulls", "/graphql")
    QByteArray method;       // empty = any
    int times = -1;          // how many requests it hits; -1 = until cleared
    int hangMs = -1;         // Hang only
};

// Counters and the request log.
class TrafficLedger final
{
public:
    // Returns a sequence number that stays valid for finish() across clear().
    int begin(RequestRecord record);
    void finish(int sequence, int status);
    void clear();

    int total() const { return static_cast<int>(m_log.size()); }
    int byPattern(const QString &pattern) const { return m_byPattern.value(pattern); }
    int byResource(const QString &resource) const { return m_byResource.value(resource); }
    int notModified() const { return m_notModified; }
    const QList<RequestRecord> &log() const { return m_log; }
    QHash<QString, int> patterns() const { return m_byPattern; }

private:
    QList<RequestRecord> m_log;
    QHash<QString, int> m_byPattern;
    QHash<QString, int> m_byResource;
    int m_notModified = 0;
    int m_base = 0;
};

} // namespace flotilla::fakes

#include "fake_github.h"

#include "graphql_projection.h"
#include "graphql_resolvers.h"

#include <QCryptographicHash>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QMetaEnum>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace flotilla::fakes {

namespace {

constexpr qint64 kHourMs = 3600 * 1000;
const QString kRateDocs = u"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"_s;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QByteArray methodName(QHttpServerRequest::Method method)
{
    const char *key = QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(static_cast<int>(method));
    return key ? QByteArray(key).toUpper() : QByteArray("UNKNOWN");
}

bool etagMatches(const QByteArray &ifNoneMatch, const QByteArray &etag)
{
    for (QByteArray candidate : ifNoneMatch.split(',')) {
        candidate = candidate.trimmed();
        if (candidate.startsWith("W/"))
            candidate = candidate.mid(2);
        if (candidate == "*" || candidate == etag)
            return true;
    }
    return false;
}

FakeResponse textResponse(int status, const QByteArray &contentType, const QByteArray &body)
{
    FakeResponse response;
    response.status = status;
    response.contentType = contentType;
    response.body = body;
    return response;
}

} // namespace

FakeGithub::FakeGithub(QObject *parent) : FakeGithub(Options{}, parent) {}

FakeGithub::FakeGithub(Options options, QObject *parent) : QObject(parent), m_options(std::move(options))
{
    m_budgets.insert(u"core"_s, RateBudget{m_options.coreLimit, 0, nowMs() + kHourMs});
    m_budgets.insert(u"graphql"_s, RateBudget{m_options.graphqlLimit, 0, nowMs() + kHourMs});
    m_http.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        receive(request, std::move(responder));
    });
    auto tcp = std::make_unique<QTcpServer>();
    if (tcp->listen(QHostAddress::LocalHost, 0)) {
        m_port = tcp->serverPort();
        m_http.bind(tcp.release()); // QAbstractHttpServer takes ownership
    }
    RestRoutes::Hooks hooks;
    hooks.apiBase = baseUrl().toString();
    hooks.signLogUrl = [this](const QString &repo, qint64 jobId) { return signLogUrl(repo, jobId); };
    hooks.rateLimitBody = [this] { return rateLimitBody(); };
    m_routes = std::make_unique<RestRoutes>(m_state, std::move(hooks));
}

FakeGithub::~FakeGithub()
{
    // Hung requests end with a closed connection, so a client waiting on one fails at once.
    for (auto &[id, pending] : m_pending)
        if (pending.socket)
            pending.socket->abort();
    m_pending.clear();
}

QUrl FakeGithub::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(m_options.prefix));
}

QUrl FakeGithub::graphqlUrl() const
{
    return QUrl(baseUrl().toString() + u"/graphql"_s);
}

QUrl FakeGithub::enterpriseBaseUrl() const
{
    return QUrl(baseUrl().toString() + u"/api/v3"_s);
}

QUrl FakeGithub::enterpriseGraphqlUrl() const
{
    return QUrl(baseUrl().toString() + u"/api/graphql"_s);
}

RateBudget FakeGithub::budget(const QString &resource) const
{
    RateBudget budget = m_budgets.value(resource);
    if (nowMs() >= budget.resetAtMs)
        budget = RateBudget{budget.limit, 0, nowMs() + kHourMs};
    return budget;
}

void FakeGithub::setRateLimit(const QString &resource, int limit, int remaining)
{
    RateBudget &budget = liveBudget(resource);
    budget.limit = limit;
    budget.used = std::max(0, limit - remaining);
}

void FakeGithub::exhaustRateLimit(const QString &resource, int resetInSeconds)
{
    RateBudget &budget = liveBudget(resource);
    budget.used = budget.limit;
    budget.resetAtMs = nowMs() + qint64(resetInSeconds) * 1000;
}

void FakeGithub::answerWithSecondaryLimit(int requests, int retryAfterSeconds)
{
    m_secondaryRemaining = requests;
    m_secondaryRetryAfter = retryAfterSeconds;
}

void FakeGithub::injectFault(const Fault &fault)
{
    m_faults << fault;
}

RateBudget &FakeGithub::liveBudget(const QString &resource)
{
    RateBudget &budget = m_budgets[resource];
    if (budget.limit == 0 && budget.resetAtMs == 0)
        budget = RateBudget{5000, 0, nowMs() + kHourMs};
    // The window rolls over like GitHub's: a full budget again one hour after the last reset.
    if (nowMs() >= budget.resetAtMs) {
        budget.used = 0;
        budget.resetAtMs = nowMs() + kHourMs;
    }
    return budget;
}

void FakeGithub::addRateHeaders(FakeResponse &response, const QString &resource)
{
    const RateBudget &budget = liveBudget(resource);
    response.headers.append({"x-ratelimit-limit", QByteArray::number(budget.limit)});
    response.headers.append({"x-ratelimit-remaining", QByteArray::number(budget.remaining())});
    response.headers.append({"x-ratelimit-used", QByteArray::number(budget.used)});
    response.headers.append({"x-ratelimit-reset", QByteArray::number(budget.resetEpochSeconds())});
    response.headers.append({"x-ratelimit-resource", resource.toUtf8()});
}

QJsonObject FakeGithub::rateLimitBody()
{
    const auto part = [this](const QString &resource) {
        const RateBudget &budget = liveBudget(resource);
        return QJsonObject{{u"limit"_s, budget.limit},
                           {u"remaining"_s, budget.remaining()},
                           {u"reset"_s, budget.resetEpochSeconds()},
                           {u"used"_s, budget.used},
                           {u"resource"_s, resource}};
    };
    const QJsonObject core = part(u"core"_s);
    const QJsonObject search{{u"limit"_s, 30},
                             {u"remaining"_s, 30},
                             {u"reset"_s, (nowMs() + 60000) / 1000},
                             {u"used"_s, 0},
                             {u"resource"_s, u"search"_s}};
    return QJsonObject{
        {u"resources"_s, QJsonObject{{u"core"_s, core}, {u"graphql"_s, part(u"graphql"_s)}, {u"search"_s, search}}},
        {u"rate"_s, core}};
}

QString FakeGithub::signLogUrl(const QString &repo, qint64 jobId)
{
    const QByteArray seed = u"%1:%2:%3"_s.arg(repo).arg(jobId).arg(++m_signCounter).toUtf8();
    const QString sig = QString::fromLatin1(QCryptographicHash::hash(seed, QCryptographicHash::Sha256).toHex());
    m_signedLogs.insert(sig, SignedLog{repo, jobId, nowMs() + m_options.logUrlLifetimeMs});
    return u"http://127.0.0.1:%1/_signed/logs/%2?sig=%3"_s.arg(m_port).arg(jobId).arg(sig);
}

QString FakeGithub::apiPathOf(const QString &rawPath) const
{
    QString path = rawPath;
    if (!m_options.prefix.isEmpty()) {
        if (path != m_options.prefix && !path.startsWith(m_options.prefix + u"/"_s))
            return {};
        path = path.mid(m_options.prefix.size());
    }
    if (path == u"/api/graphql"_s)
        return u"/graphql"_s;
    if (path == u"/api/v3"_s || path.startsWith(u"/api/v3/"_s))
        path = path.mid(7);
    return path.isEmpty() ? u"/"_s : path;
}

FakeGithub::Surface FakeGithub::surfaceOf(const QString &apiPath) const
{
    if (apiPath == u"/graphql"_s)
        return Surface::Graphql;
    if (apiPath.startsWith(u"/_signed/logs/"_s))
        return Surface::SignedLog;
    return Surface::Rest;
}

void FakeGithub::receive(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QUrl url = request.url();
    const QString rawPath = url.path(QUrl::FullyEncoded);
    FakeRequest req;
    req.method = methodName(request.method());
    req.path = rawPath.startsWith(u"/_signed/"_s) ? rawPath : apiPathOf(rawPath);
    req.query = QUrlQuery(url.query(QUrl::FullyEncoded));
    const QString pathAndQuery = url.toString(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::FullyEncoded);
    req.url = QUrl(u"http://127.0.0.1:%1"_s.arg(m_port) + pathAndQuery);
    req.body = request.body();
    for (const auto &[name, value] : request.headers())
        req.headers.insert(name.toLower(), value);

    const Surface surface = surfaceOf(req.path);
    RequestRecord record;
    record.method = req.method;
    record.path = pathAndQuery;
    record.at = QDateTime::currentDateTimeUtc();
    record.hadAuthorization = !req.header("authorization").isEmpty();
    if (surface == Surface::Graphql) {
        record.pattern = QString::fromLatin1(req.method) + u" /graphql"_s;
        record.resource = u"graphql"_s;
    } else if (surface == Surface::SignedLog) {
        record.pattern = QString::fromLatin1(req.method) + u" /_signed/logs/{job}"_s;
        record.resource = u"signed"_s;
    } else {
        record.pattern = m_routes->patternFor(req);
        record.resource = u"core"_s;
    }
    Pending pending;
    pending.sequence = m_ledger.begin(record);
    pending.socket = responder.socket();
    pending.responder = std::make_unique<QHttpServerResponder>(std::move(responder));
    pending.request = req;

    bool hung = false;
    std::optional<FakeResponse> faulted = applyFault(req, pending, hung);
    if (hung) {
        const quint64 id = m_nextPending++;
        const int hangMs = pending.hangMs;
        m_pending.emplace(id, std::move(pending));
        if (hangMs >= 0)
            QTimer::singleShot(hangMs, this, [this, id] { finishPending(id); });
        return;
    }
    const FakeResponse response = faulted ? *faulted : answer(req, surface);
    write(*pending.responder, response);
    m_ledger.finish(pending.sequence, response.status);
}

std::optional<FakeResponse> FakeGithub::applyFault(const FakeRequest &request, Pending &pending, bool &hung)
{
    for (qsizetype i = 0; i < m_faults.size(); ++i) {
        Fault &fault = m_faults[i];
        if (!fault.method.isEmpty() && fault.method != request.method)
            continue;
        if (!fault.path.match(request.path).hasMatch())
            continue;
        const Fault hit = fault;
        if (fault.times > 0 && --fault.times == 0)
            m_faults.removeAt(i);
        switch (hit.kind) {
        case FaultKind::BadGatewayHtml:
            return textResponse(502, "text/html; charset=utf-8",
                                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Unicorn! &middot; "
                                "GitHub</title></head><body><p>We had issues producing the response to your "
                                "request.</p><p>Sorry about that. Please try refreshing and contact us if the "
                                "problem persists.</p></body></html>\n");
        case FaultKind::MalformedJson:
            return textResponse(200, "application/json; charset=utf-8", "{\"data\":{\"repository\":{\"pullRe");
        case FaultKind::ServerError:
            return FakeResponse::message(500, u"Server Error"_s);
        case FaultKind::Hang:
            hung = true;
            pending.hangMs = hit.hangMs;
            return std::nullopt;
        }
    }
    return std::nullopt;
}

void FakeGithub::finishPending(quint64 id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    Pending pending = std::move(it->second);
    m_pending.erase(it);
    if (!pending.socket)
        return; // the client gave up; nothing to answer
    const FakeResponse response = answer(pending.request, surfaceOf(pending.request.path));
    write(*pending.responder, response);
    m_ledger.finish(pending.sequence, response.status);
}

FakeResponse FakeGithub::answer(const FakeRequest &request, Surface surface)
{
    switch (surface) {
    case Surface::SignedLog:
        return answerSignedLog(request);
    case Surface::Graphql:
        return answerGraphql(request);
    case Surface::Rest:
        break;
    }
    return answerRest(request);
}

std::optional<FakeResponse> FakeGithub::refuse(const FakeRequest &request, const QString &resource)
{
    const QByteArray auth = request.header("authorization");
    const QByteArray token = m_options.token.toUtf8();
    if (auth != "Bearer " + token && auth != "token " + token) {
        FakeResponse response = FakeResponse::message(401, u"Bad credentials"_s);
        addRateHeaders(response, resource);
        return response;
    }
    if (request.header("user-agent").trimmed().isEmpty()) {
        FakeResponse response = FakeResponse::message(
            403, u"Request forbidden by administrative rules. Please make sure your request has a User-Agent "
                 "header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). "
                 "Check https://developer.github.com for other possible causes."_s);
        addRateHeaders(response, resource);
        return response;
    }
    if (m_secondaryRemaining > 0) {
        --m_secondaryRemaining;
        FakeResponse response = FakeResponse::json(
            429, QJsonObject{{u"message"_s, u"You have exceeded a secondary rate limit. Please wait a few minutes "
                                            "before you try again."_s},
                             {u"documentation_url"_s, QString(kRateDocs + u"#about-secondary-rate-limits"_s)}});
        response.headers.append({"retry-after", QByteArray::number(m_secondaryRetryAfter)});
        addRateHeaders(response, resource);
        return response;
    }
    if (request.path == u"/rate_limit"_s || liveBudget(resource).remaining() > 0)
        return std::nullopt;
    FakeResponse response;
    if (resource == u"graphql"_s) {
        response = FakeResponse::json(
            200, QJsonObject{{u"errors"_s,
                              QJsonArray{QJsonObject{{u"type"_s, u"RATE_LIMITED"_s},
                                                     {u"message"_s, u"API rate limit exceeded for user ID 1."_s}}}}});
    } else {
        response = FakeResponse::json(
            403, QJsonObject{{u"message"_s, u"API rate limit exceeded for user ID 1. If you reach out to GitHub "
                                            "Support for help, please include the request ID 0000:FAKE."_s},
                             {u"documentation_url"_s, kRateDocs}});
    }
    addRateHeaders(response, resource);
    return response;
}

FakeResponse FakeGithub::answerRest(const FakeRequest &request)
{
    if (request.path.isEmpty()) { // outside the configured prefix
        FakeResponse response = FakeResponse::message(404, u"Not Found"_s);
        addRateHeaders(response, u"core"_s);
        return response;
    }
    if (auto refused = refuse(request, u"core"_s))
        return *refused;
    FakeResponse response = m_routes->handle(request);
    if (!response.body.isEmpty()) {
        const QByteArray etag = '"' + QCryptographicHash::hash(response.body, QCryptographicHash::Sha256).toHex() + '"';
        response.headers.append({"ETag", etag});
        if (request.method == "GET" && response.status == 200 && etagMatches(request.header("if-none-match"), etag)) {
            // GitHub does not charge a conditional request that comes back 304.
            FakeResponse notModified = FakeResponse::empty(304);
            notModified.headers.append({"ETag", etag});
            addRateHeaders(notModified, u"core"_s);
            return notModified;
        }
    }
    if (request.path != u"/rate_limit"_s)
        ++liveBudget(u"core"_s).used;
    addRateHeaders(response, u"core"_s);
    return response;
}

FakeResponse FakeGithub::answerGraphql(const FakeRequest &request)
{
    if (request.method != "POST") {
        FakeResponse response = FakeResponse::message(404, u"Not Found"_s);
        addRateHeaders(response, u"graphql"_s);
        return response;
    }
    if (auto refused = refuse(request, u"graphql"_s))
        return *refused;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        FakeResponse response = FakeResponse::message(400, u"Problems parsing JSON"_s);
        addRateHeaders(response, u"graphql"_s);
        return response;
    }
    const QJsonObject body = doc.object();
    FakeResponse response;
    if (!body.value(u"query"_s).isString() || body.value(u"query"_s).toString().trimmed().isEmpty()) {
        response = FakeResponse::json(
            200, QJsonObject{{u"errors"_s, QJsonArray{QJsonObject{{u"message"_s,
                                                                   u"A query attribute must be specified and must be a "
                                                                   "string."_s}}}}});
        addRateHeaders(response, u"graphql"_s);
        return response;
    }
    graphql::Request gql{body.value(u"query"_s).toString(), body.value(u"operationName"_s).toString(),
                         body.value(u"variables"_s).toObject()};
    const graphql::PreparedRequest prepared = graphql::prepare(gql);
    if (!prepared.ok()) {
        // Rejected before execution: GitHub answers with errors only, no data, and charges nothing.
        response = FakeResponse::json(200, QJsonObject{{u"errors"_s, prepared.errors}});
        addRateHeaders(response, u"graphql"_s);
        return response;
    }
    RateBudget &budget = liveBudget(u"graphql"_s);
    if (prepared.cost > budget.remaining()) {
        response = FakeResponse::json(
            200, QJsonObject{{u"errors"_s,
                              QJsonArray{QJsonObject{{u"type"_s, u"RATE_LIMITED"_s},
                                                     {u"message"_s, u"API rate limit exceeded for user ID 1."_s}}}}});
        addRateHeaders(response, u"graphql"_s);
        return response;
    }
    budget.used += prepared.cost;
    GraphqlRateView view;
    view.limit = budget.limit;
    view.remaining = budget.remaining();
    view.used = budget.used;
    view.cost = prepared.cost;
    view.resetEpoch = budget.resetEpochSeconds();
    view.nodeCount = prepared.nodeCount;
    const graphql::ObjectPtr root = prepared.isMutation() ? makeMutationRoot(m_state) : makeQueryRoot(m_state, view);
    response = FakeResponse::json(200, graphql::execute(prepared, root));
    addRateHeaders(response, u"graphql"_s);
    return response;
}

FakeResponse FakeGithub::answerSignedLog(const FakeRequest &request)
{
    if (!request.header("authorization").isEmpty()) {
        // The real storage host must never see the GitHub token; count every leak.
        ++m_signedViolations;
        return textResponse(403, "text/plain; charset=utf-8",
                            "AuthenticationFailed: an Authorization header is not allowed with a signed URL\n");
    }
    const QString sig = request.query.queryItemValue(u"sig"_s);
    const qint64 jobId = request.path.section(u'/', 3, 3).toLongLong();
    auto it = m_signedLogs.find(sig);
    if (it == m_signedLogs.end() || it->jobId != jobId)
        return textResponse(403, "text/plain; charset=utf-8", "AuthenticationFailed: signature mismatch\n");
    const SignedLog entry = it.value();
    m_signedLogs.erase(it);
    if (nowMs() > entry.expiresAtMs)
        return textResponse(403, "text/plain; charset=utf-8", "AuthenticationFailed: signed expiry time has passed\n");
    const GhJob *job = m_state.job(entry.repo, entry.jobId);
    if (!job)
        return textResponse(404, "text/plain; charset=utf-8", "BlobNotFound\n");
    return textResponse(200, "text/plain; charset=utf-8", job->log.toUtf8());
}

void FakeGithub::write(QHttpServerResponder &responder, const FakeResponse &response)
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(response.status));
    if (!response.contentType.isEmpty())
        responder.writeHeader("Content-Type", response.contentType);
    for (const auto &[name, value] : response.headers)
        responder.writeHeader(name, value);
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    responder.writeBody(response.body);
}

} // namespace flotilla::fakes

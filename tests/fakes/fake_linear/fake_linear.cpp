#include "fake_linear.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace flotilla::fakes {

namespace {

QString operationName(const QString &document)
{
    static const QRegularExpression kOperation(u"^\\s*(?:query|mutation)\\s+([A-Za-z_][A-Za-z0-9_]*)"_s);
    const auto match = kOperation.match(document);
    return match.hasMatch() ? match.captured(1) : QString();
}

} // namespace

FakeLinear::FakeLinear(QObject *parent) : QObject(parent)
{
    m_reset = QDateTime::currentDateTimeUtc().addSecs(3600);
    m_http.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        receive(request, std::move(responder));
    });
    auto tcp = std::make_unique<QTcpServer>();
    if (tcp->listen(QHostAddress::LocalHost, 0)) {
        m_port = tcp->serverPort();
        m_http.bind(tcp.release()); // QAbstractHttpServer takes ownership
    }
}

FakeLinear::~FakeLinear() = default;

QUrl FakeLinear::url() const
{
    return QUrl(u"http://127.0.0.1:%1/graphql"_s.arg(m_port));
}

void FakeLinear::setRequestBudget(int limit, int remaining, const QDateTime &reset)
{
    m_limit = limit;
    m_remaining = remaining;
    m_reset = reset;
}

void FakeLinear::failNext(int times, int status, const QString &code, const QString &message)
{
    m_failures = times;
    m_failure = LinearAnswer::error(status, code, message);
}

int FakeLinear::requestCount(const QString &operation) const
{
    return int(std::count_if(m_log.cbegin(), m_log.cend(),
                             [&](const LinearRequestRecord &record) { return record.operation == operation; }));
}

void FakeLinear::write(QHttpServerResponder &responder, int status, const QByteArray &contentType,
                       const QByteArray &body)
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    responder.writeHeader("Content-Type", contentType);
    responder.writeHeader("X-RateLimit-Requests-Limit", QByteArray::number(m_limit));
    responder.writeHeader("X-RateLimit-Requests-Remaining", QByteArray::number(std::max(m_remaining, 0)));
    responder.writeHeader("X-RateLimit-Requests-Reset", QByteArray::number(m_reset.toMSecsSinceEpoch()));
    responder.writeHeader("Content-Length", QByteArray::number(body.size()));
    responder.writeBody(body);
}

void FakeLinear::receive(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
    LinearRequestRecord record;
    record.operation = operationName(body.value(u"query"_s).toString());
    record.variables = body.value(u"variables"_s).toObject();
    for (const auto &[name, value] : request.headers()) {
        if (name.compare("authorization", Qt::CaseInsensitive) == 0)
            record.authorization = value.trimmed();
    }
    m_log << record;

    if (request.url().path() != u"/graphql"_s || request.method() != QHttpServerRequest::Method::Post) {
        write(responder, 404, "text/plain", "Not Found");
        return;
    }
    if (record.authorization.isEmpty() || m_bareUnauthorized) {
        write(responder, 401, "text/plain", "Unauthorized");
        return;
    }
    const auto refuse = [&](const QString &message, const QString &userMessage) {
        const LinearAnswer answer = LinearAnswer::error(400, u"AUTHENTICATION_ERROR"_s, message, userMessage);
        write(responder, answer.status, "application/json", QJsonDocument(answer.body).toJson(QJsonDocument::Compact));
    };
    if (record.authorization.startsWith("Bearer ")) {
        refuse(u"Authentication required, not authenticated"_s,
               u"It looks like you're trying to use an API key as a Bearer token. Remove the Bearer prefix "
               "from the Authorization header."_s);
        return;
    }
    if (QString::fromUtf8(record.authorization) != m_apiKey) {
        refuse(u"Authentication required, not authenticated"_s, u"Invalid API key."_s);
        return;
    }
    if (QDateTime::currentDateTimeUtc() >= m_reset) {
        m_remaining = m_limit;
        m_reset = QDateTime::currentDateTimeUtc().addSecs(3600);
    }
    LinearAnswer answer;
    if (m_remaining <= 0) {
        answer = LinearAnswer::error(400, u"RATELIMITED"_s, u"Rate limit exceeded"_s,
                                     u"You have exceeded the API rate limit."_s);
    } else {
        --m_remaining;
        answer = this->answer(record.operation, record.variables);
    }
    write(responder, answer.status, "application/json", QJsonDocument(answer.body).toJson(QJsonDocument::Compact));
}

LinearAnswer FakeLinear::answer(const QString &operation, const QJsonObject &variables)
{
    if (m_failures > 0) {
        --m_failures;
        return m_failure;
    }
    if (operation == u"IssueById"_s || operation == u"IssueForUpdate"_s)
        return m_world.issueById(variables);
    if (operation == u"IssueList"_s)
        return m_world.issueList(variables);
    if (operation == u"TeamStates"_s)
        return m_world.teamStates(variables);
    if (operation == u"TeamByKey"_s)
        return m_world.teamByKey(variables);
    if (operation == u"LabelsByName"_s)
        return m_world.labelsByName(variables);
    if (operation == u"IssueUpdate"_s)
        return m_world.issueUpdate(variables);
    if (operation == u"CommentCreate"_s)
        return m_world.commentCreate(variables);
    if (operation == u"IssueCreate"_s)
        return m_world.issueCreate(variables);
    return LinearAnswer::error(400, u"GRAPHQL_VALIDATION_FAILED"_s,
                               u"Unknown operation \"%1\""_s.arg(operation.isEmpty() ? u"(anonymous)"_s : operation));
}

} // namespace flotilla::fakes

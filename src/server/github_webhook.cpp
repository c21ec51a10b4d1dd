#include "github_webhook.h"

#include "instance/api_token.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QSet>

#include <climits>
#include <cmath>

using namespace Qt::StringLiterals;

namespace flotilla::githubwebhook {

namespace {

constexpr qsizetype kDigestHexLength = 64;

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isHex(QByteArrayView text)
{
    for (const char c : text) {
        if (!isHexDigit(c))
            return false;
    }
    return true;
}

// A JSON number that names a pull request: whole, positive, within int. Anything else (strings,
// nulls, 1e300, -1, 2.5) names nothing.
std::optional<int> prNumber(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (!std::isfinite(number) || number < 1 || number > double(INT_MAX) || std::floor(number) != number)
        return std::nullopt;
    return int(number);
}

class Collector
{
public:
    explicit Collector(DeliveryTargets &targets) : m_targets(targets) {}

    void number(const QJsonValue &value)
    {
        const auto parsed = prNumber(value);
        if (parsed && !m_numbers.contains(*parsed)) {
            m_numbers.insert(*parsed);
            m_targets.pullRequests.append(*parsed);
        }
    }

    void branch(const QJsonValue &value)
    {
        const QString name = value.isString() ? value.toString() : QString();
        if (!name.isEmpty() && !m_targets.branches.contains(name))
            m_targets.branches.append(name);
    }

    // Git object names are 40 (SHA-1) or 64 (SHA-256) hex digits; the all-zero name stands for
    // "no commit" (a deleted branch's `after`).
    void sha(const QJsonValue &value)
    {
        if (!value.isString())
            return;
        const QString text = value.toString().toLower();
        if (text.size() != 40 && text.size() != 64)
            return;
        const QByteArray latin = text.toLatin1();
        if (!isHex(latin) || latin.count('0') == latin.size() || m_targets.headShas.contains(text))
            return;
        m_targets.headShas.append(text);
    }

    void numbersOf(const QJsonValue &pullRequests)
    {
        for (const QJsonValue &pr : pullRequests.toArray())
            number(pr.toObject().value(u"number"_s));
    }

private:
    DeliveryTargets &m_targets;
    QSet<int> m_numbers; // a check suite may list many pull requests
};

QByteArray mediaType(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
}

// The `payload` field of a form body, decoded ('+' is a space there, then %XX escapes).
std::optional<QByteArray> formPayload(const QByteArray &body)
{
    for (const QByteArray &pair : body.split('&')) {
        if (!pair.startsWith("payload="))
            continue;
        QByteArray value = pair.mid(8);
        value.replace('+', ' ');
        return QByteArray::fromPercentEncoding(value);
    }
    return std::nullopt;
}

} // namespace

QByteArray defaultSignatureHeader()
{
    return QByteArrayLiteral("X-Hub-Signature-256");
}

QByteArray defaultEventHeader()
{
    return QByteArrayLiteral("X-GitHub-Event");
}

QByteArray defaultDeliveryHeader()
{
    return QByteArrayLiteral("X-GitHub-Delivery");
}

bool signatureMatches(const QByteArray &header, const QByteArray &body, const QByteArray &secret)
{
    if (secret.isEmpty())
        return false;
    const QByteArray presented = header.trimmed();
    constexpr qsizetype kPrefixLength = 7; // "sha256="
    if (presented.size() != kPrefixLength + kDigestHexLength || presented.left(kPrefixLength).toLower() != "sha256=")
        return false;
    const QByteArray hex = presented.mid(kPrefixLength);
    if (!isHex(hex))
        return false;
    const QByteArray expected = QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256);
    return ApiToken::matches(expected, QByteArray::fromHex(hex));
}

Result<QJsonObject> payloadOf(const QByteArray &body, const QByteArray &contentType)
{
    QByteArray json = body;
    if (mediaType(contentType) == "application/x-www-form-urlencoded") {
        const auto payload = formPayload(body);
        if (!payload)
            return makeError(u"api.invalid_json"_s, u"the form-encoded delivery has no \"payload\" field"_s);
        json = *payload;
    }
    QJsonParseError problem;
    const QJsonDocument document = QJsonDocument::fromJson(json, &problem);
    if (problem.error != QJsonParseError::NoError)
        return makeError(
            u"api.invalid_json"_s,
            u"the payload is not valid JSON: %1 at offset %2"_s.arg(problem.errorString()).arg(problem.offset));
    if (!document.isObject())
        return makeError(u"api.invalid_json"_s, u"the payload must be a JSON object"_s);
    return document.object();
}

DeliveryTargets targetsOf(const QString &event, const QJsonObject &payload)
{
    DeliveryTargets targets;
    const QJsonValue repository = payload.value(u"repository"_s).toObject().value(u"full_name"_s);
    if (repository.isString())
        targets.repository = repository.toString();
    Collector collect(targets);

    if (event.startsWith(u"pull_request"_s)) { // pull_request, _review, _review_comment, _review_thread
        const QJsonObject pr = payload.value(u"pull_request"_s).toObject();
        collect.number(pr.value(u"number"_s));
        const QJsonObject head = pr.value(u"head"_s).toObject();
        collect.branch(head.value(u"ref"_s));
        collect.sha(head.value(u"sha"_s));
    } else if (event == u"issue_comment"_s) {
        // Comments on pull requests arrive as issue comments; plain issues name no pull request.
        const QJsonObject issue = payload.value(u"issue"_s).toObject();
        if (issue.value(u"pull_request"_s).isObject())
            collect.number(issue.value(u"number"_s));
    } else if (event == u"check_suite"_s || event == u"workflow_run"_s) {
        const QJsonObject run = payload.value(event).toObject();
        collect.numbersOf(run.value(u"pull_requests"_s));
        collect.branch(run.value(u"head_branch"_s));
        collect.sha(run.value(u"head_sha"_s));
    } else if (event == u"check_run"_s) {
        const QJsonObject run = payload.value(u"check_run"_s).toObject();
        collect.numbersOf(run.value(u"pull_requests"_s));
        collect.branch(run.value(u"check_suite"_s).toObject().value(u"head_branch"_s));
        collect.sha(run.value(u"head_sha"_s));
    } else if (event == u"workflow_job"_s) {
        const QJsonObject job = payload.value(u"workflow_job"_s).toObject();
        collect.branch(job.value(u"head_branch"_s));
        collect.sha(job.value(u"head_sha"_s));
    } else if (event == u"push"_s) {
        const QString ref = payload.value(u"ref"_s).toString();
        if (ref.startsWith(u"refs/heads/"_s))
            collect.branch(ref.mid(11));
        collect.sha(payload.value(u"after"_s));
    } else if (event == u"status"_s) {
        collect.sha(payload.value(u"sha"_s));
    }
    return targets;
}

QStringList matchingSessions(const DeliveryTargets &targets, const QList<SessionCandidate> &sessions)
{
    const QString repository = targets.repository.trimmed();
    if (repository.isEmpty() || targets.isEmpty())
        return {};
    const QSet<int> numbers(targets.pullRequests.cbegin(), targets.pullRequests.cend());
    const QSet<QString> branches(targets.branches.cbegin(), targets.branches.cend());
    const QSet<QString> shas(targets.headShas.cbegin(), targets.headShas.cend());
    QStringList matched;
    for (const SessionCandidate &session : sessions) {
        if (session.sessionId.isEmpty() || matched.contains(session.sessionId)
            || session.repository.trimmed().compare(repository, Qt::CaseInsensitive) != 0)
            continue;
        if ((session.prNumber > 0 && numbers.contains(session.prNumber))
            || (!session.branch.isEmpty() && branches.contains(session.branch))
            || (!session.headSha.isEmpty() && shas.contains(session.headSha.toLower())))
            matched.append(session.sessionId);
    }
    return matched;
}

} // namespace flotilla::githubwebhook

#include "github_webhook_routes.h"

#include "config/env_expansion.h"
#include "fleet/fleet.h"
#include "github_webhook.h"
#include "json_responses.h"
#include "lifecycle/lifecycle_manager.h"
#include "request_guard.h"
#include "store/store.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// GitHub's delivery ids are GUIDs; a longer header is kept only this far.
constexpr qsizetype kDeliveryIdLength = 128;

QHttpServerResponse json(const QJsonObject &body, QHttpServerResponder::StatusCode status)
{
    return QHttpServerResponse(body, status);
}

} // namespace

QString GithubWebhookRoutes::apiPath()
{
    return u"/api/v1/webhooks/github"_s;
}

GithubWebhookRoutes::GithubWebhookRoutes(Fleet &fleet, Store &store, RequestGuard &guard, SecretStore *keychain,
                                         QObject *parent)
    : QObject(parent), m_fleet(fleet), m_store(store), m_guard(guard), m_config(processEnvironment(), keychain)
{
    // Secrets are read now, not when the first delivery arrives (keychain reads take a while).
    m_config.apply(m_fleet.config());
}

void GithubWebhookRoutes::registerRoutes(QHttpServer &http)
{
    http.route(apiPath(), QHttpServerRequest::Method::Post,
               [this](const QHttpServerRequest &request) { return answer(apiPath(), request); });
}

bool GithubWebhookRoutes::answerConfiguredPath(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    m_config.apply(m_fleet.config());
    const QString path = request.url().path();
    if (request.method() != QHttpServerRequest::Method::Post || !m_config.isConfiguredPath(path))
        return false;
    QHttpServerResponse response = answer(path, request);
    addSecurityHeaders(response);
    response.write(std::move(responder));
    return true;
}

bool GithubWebhookRoutes::isDuplicate(const QString &delivery) const
{
    return m_deliveries.contains(delivery);
}

void GithubWebhookRoutes::remember(const QString &delivery)
{
    if (delivery.isEmpty() || m_deliveries.contains(delivery))
        return;
    m_deliveries.insert(delivery);
    m_deliveryOrder.push_back(delivery);
    while (m_deliveryOrder.size() > size_t(kRememberedDeliveries)) {
        m_deliveries.remove(m_deliveryOrder.front());
        m_deliveryOrder.pop_front();
    }
}

QHttpServerResponse GithubWebhookRoutes::answer(const QString &path, const QHttpServerRequest &request)
{
    if (const auto rejection = m_guard.checkHost(request))
        return jsonError(rejection->status, rejection->code, rejection->message);
    m_config.apply(m_fleet.config()); // a reloaded configuration counts from its first delivery
    const QList<GithubWebhookConfig::Project> projects = m_config.projectsAt(path, apiPath());

    // The size comes first: nothing of an oversized body is hashed or parsed.
    qint64 limit = projects.isEmpty() ? githubwebhook::kDefaultMaxBodyBytes : 0;
    for (const auto &project : projects)
        limit = std::max(limit, project.maxBodyBytes);
    bool declared = false;
    const qint64 declaredLength = request.value("Content-Length").trimmed().toLongLong(&declared);
    const QByteArray body = request.body();
    if ((declared && declaredLength > limit) || body.size() > limit)
        return jsonError(Status::PayloadTooLarge, u"too_large"_s,
                         u"the webhook body is larger than %1 bytes (scm.webhook.maxBodyBytes)"_s.arg(limit));

    // Each project's secret is tried with its own signature header; a delivery then counts for
    // the projects whose secret signed it, and for no others.
    QList<GithubWebhookConfig::Project> verified;
    QHash<QByteArray, bool> checked; // header + secret → verdict, so shared secrets hash once
    bool anySecret = false;
    bool reading = false;
    bool anySignature = false;
    for (const auto &project : projects) {
        const QByteArray secret = m_config.secretOf(project);
        reading = reading || m_config.isReading(project);
        if (secret.isEmpty())
            continue;
        anySecret = true;
        const QByteArray signature = request.value(project.signatureHeader);
        anySignature = anySignature || !signature.trimmed().isEmpty();
        const QByteArray key = project.signatureHeader.toLower() + '\n' + secret;
        auto found = checked.constFind(key);
        if (found == checked.cend())
            found = checked.insert(key, githubwebhook::signatureMatches(signature, body, secret));
        if (found.value())
            verified.append(project);
    }
    if (!anySecret) {
        QString why;
        if (projects.isEmpty())
            why =
                u"no project takes GitHub webhooks at %1 (it needs the github SCM and scm.webhook.enabled)"_s.arg(path);
        else if (reading)
            why = u"the webhook secret is still being read from the keychain; redeliver in a moment"_s;
        else
            why = u"no webhook secret is configured, and unsigned deliveries are never accepted: set "
                  "scm.webhook.secret (keychain:NAME or ${VAR}) or scm.webhook.secretEnvVar, or store the secret in "
                  "the keychain as \"%1\""_s.arg(GithubWebhookConfig::defaultKeychainItem());
        return jsonError(Status::ServiceUnavailable, u"webhook_not_configured"_s, why);
    }
    if (verified.isEmpty())
        return jsonError(Status::Unauthorized, u"bad_signature"_s,
                         anySignature ? u"the signature does not match the body and the webhook secret"_s
                                      : u"the delivery is not signed (X-Hub-Signature-256: sha256=…)"_s);

    const GithubWebhookConfig::Project &first = verified.first();
    const QString event = QString::fromLatin1(request.value(first.eventHeader).trimmed());
    if (event.isEmpty())
        return jsonError(Status::BadRequest, u"missing_event"_s,
                         u"the delivery names no event (%1)"_s.arg(QString::fromLatin1(first.eventHeader)));
    const QString delivery = QString::fromLatin1(request.value(first.deliveryHeader).trimmed()).left(kDeliveryIdLength);
    if (!delivery.isEmpty() && isDuplicate(delivery))
        return json(QJsonObject{{u"duplicate"_s, true}, {u"delivery"_s, delivery}}, Status::Ok);
    if (event == u"ping"_s) {
        remember(delivery);
        return json(QJsonObject{{u"ok"_s, true}, {u"event"_s, event}}, Status::Ok);
    }

    const auto payload = githubwebhook::payloadOf(body, request.value("Content-Type"));
    if (!payload)
        return jsonError(Status::BadRequest, u"invalid_json"_s, payload.error().message);
    const githubwebhook::DeliveryTargets targets = githubwebhook::targetsOf(event, payload.value());

    QHash<QString, QString> repositoryOf;
    for (const auto &project : std::as_const(verified))
        repositoryOf.insert(project.id, project.repository);
    auto live = m_store.sessions().list({}, SessionStore::Terminated::Exclude);
    if (!live)
        return jsonError(Status::InternalServerError, u"store_error"_s, live.error().message);
    QList<githubwebhook::SessionCandidate> candidates;
    for (const SessionRecord &session : std::as_const(live.value())) {
        if (const auto repo = repositoryOf.constFind(session.projectId); repo != repositoryOf.cend())
            candidates.append({session.id, repo.value(), session.branch, session.pr.number, session.pr.headSha});
    }
    const QStringList sessions = githubwebhook::matchingSessions(targets, candidates);
    // An empty list would mean "the whole fleet" to the lifecycle.
    if (!sessions.isEmpty())
        m_fleet.lifecycle().pollNow(sessions);
    remember(delivery);
    return json(
        QJsonObject{{u"accepted"_s, true}, {u"event"_s, event}, {u"sessions"_s, QJsonArray::fromStringList(sessions)}},
        Status::Accepted);
}

} // namespace flotilla

#include "webhook_notifier.h"

#include "model/model_enums.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

} // namespace

WebhookNotifier::WebhookNotifier(const PluginSettings &settings)
    : HttpNotifier(settings, {u"url"_s, u"webhookUrl"_s}, u"secret"_s)
{}

QJsonObject WebhookNotifier::payload(const Notification &notification)
{
    const NotificationFacts &facts = notification.facts;
    const Event &event = notification.event;
    QJsonObject document{{u"schema"_s, QString::fromLatin1(kSchema)},
                         {u"id"_s, event.id},
                         {u"type"_s, event.type},
                         {u"priority"_s, enumName(event.priority)},
                         {u"tone"_s, facts.tone},
                         {u"title"_s, notification.title},
                         {u"body"_s, notification.body},
                         {u"reason"_s, facts.reason},
                         {u"link"_s, orNull(notification.link.toString(QUrl::FullyEncoded))},
                         {u"occurredAt"_s, event.timestamp.toUTC().toString(Qt::ISODateWithMs)}};
    document.insert(u"session"_s,
                    facts.sessionId.isEmpty()
                        ? QJsonValue()
                        : QJsonObject{{u"id"_s, facts.sessionId},
                                      {u"project"_s, facts.projectId},
                                      {u"issue"_s, orNull(facts.issueId)},
                                      {u"issueTitle"_s, orNull(facts.issueTitle)},
                                      {u"url"_s, orNull(facts.sessionPage.toString(QUrl::FullyEncoded))}});
    document.insert(u"pullRequest"_s,
                    facts.prNumber <= 0 && facts.prUrl.isEmpty()
                        ? QJsonValue()
                        : QJsonObject{{u"number"_s, facts.prNumber}, {u"url"_s, orNull(facts.prUrl)}});
    document.insert(u"ci"_s, facts.ci.isEmpty()
                                 ? QJsonValue()
                                 : QJsonObject{{u"state"_s, facts.ci},
                                               {u"failingChecks"_s, QJsonArray::fromStringList(facts.failingChecks)}});
    document.insert(u"review"_s, orNull(facts.review));
    if (notification.decision && !facts.decisionPage.isEmpty()) {
        const Decision &decision = *notification.decision;
        document.insert(u"decision"_s, QJsonObject{{u"id"_s, decision.id},
                                                   {u"kind"_s, decision.kind},
                                                   {u"question"_s, decision.question},
                                                   {u"options"_s, QJsonArray::fromStringList(decision.options)},
                                                   {u"page"_s, facts.decisionPage.toString(QUrl::FullyEncoded)},
                                                   {u"command"_s, facts.decideCommand}});
    } else {
        document.insert(u"decision"_s, QJsonValue());
    }
    return document;
}

QByteArray WebhookNotifier::signature(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &body)
{
    return "sha256="
           + QMessageAuthenticationCode::hash(timestamp + '.' + body, secret, QCryptographicHash::Sha256).toHex();
}

Result<HttpRequest> WebhookNotifier::request(const Notification &notification, const Resolved &resolved) const
{
    HttpRequest request;
    request.body = QJsonDocument(payload(notification)).toJson(QJsonDocument::Compact);
    request.setHeader("Content-Type", "application/json");
    request.setHeader("X-Flotilla-Event", notification.event.type.toUtf8());
    request.setHeader("X-Flotilla-Delivery", notification.event.id.toUtf8());
    for (auto it = resolved.headers.cbegin(); it != resolved.headers.cend(); ++it)
        request.setHeader(it.key().toUtf8(), it.value().toUtf8());
    if (!resolved.token.isEmpty()) {
        const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
        request.setHeader("X-Flotilla-Timestamp", timestamp);
        request.setHeader("X-Flotilla-Signature", signature(resolved.token.toUtf8(), timestamp, request.body));
    }
    return request;
}

} // namespace flotilla

#include "discord_notifier.h"

#include "model/model_enums.h"
#include "notification_fields.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace flotilla {

DiscordNotifier::DiscordNotifier(const PluginSettings &settings) : HttpNotifier(settings, {u"webhookUrl"_s, u"url"_s})
{}

int DiscordNotifier::colourOf(const QString &tone)
{
    if (tone == u"failed"_s)
        return 0xD32F2F;
    if (tone == u"needs-you"_s)
        return 0xF2B134;
    if (tone == u"done"_s)
        return 0x2E7D32;
    return 0x1F4E79;
}

QJsonObject DiscordNotifier::payload(const Notification &notification, const PluginSettings &settings)
{
    const NotificationFacts &facts = notification.facts;
    QStringList description{facts.reason.isEmpty() ? notification.title : facts.reason};
    if (notification.decision && !facts.decideCommand.isEmpty())
        description << notification.decision->question << notificationfields::howToAnswer(notification);
    else if (!notification.event.message.isEmpty())
        description << notification.event.message;
    QJsonArray fields;
    for (const auto &[label, value] : notificationfields::of(notification))
        fields.append(QJsonObject{{u"name"_s, label}, {u"value"_s, value.left(1024)}, {u"inline"_s, true}});
    QJsonObject embed{
        {u"title"_s, notification.title.left(256)},
        {u"description"_s, description.join(u"\n\n"_s).left(4096)},
        {u"color"_s, colourOf(facts.tone)},
        {u"fields"_s, fields},
        {u"footer"_s, QJsonObject{{u"text"_s, u"Flotilla · %1 · %2"_s.arg(enumName(notification.event.priority),
                                                                          notification.event.type)}}}};
    if (notification.link.isValid())
        embed.insert(u"url"_s, notification.link.toString(QUrl::FullyEncoded));
    if (notification.event.timestamp.isValid())
        embed.insert(u"timestamp"_s, notification.event.timestamp.toUTC().toString(Qt::ISODateWithMs));
    QJsonObject document{{u"embeds"_s, QJsonArray{embed}},
                         {u"allowed_mentions"_s, QJsonObject{{u"parse"_s, QJsonArray()}}}};
    if (const QString username = settings.value(u"username"_s).toString(); !username.isEmpty())
        document.insert(u"username"_s, username);
    if (const QString avatar = settings.value(u"avatarUrl"_s).toString(); !avatar.isEmpty())
        document.insert(u"avatar_url"_s, avatar);
    return document;
}

Result<HttpRequest> DiscordNotifier::request(const Notification &notification, const Resolved &resolved) const
{
    HttpRequest request;
    request.url = resolved.url;
    if (const QString thread = settings().value(u"threadId"_s).toString(); !thread.isEmpty()) {
        QUrlQuery query(request.url);
        query.addQueryItem(u"thread_id"_s, thread);
        request.url.setQuery(query);
    }
    request.body = QJsonDocument(payload(notification, settings())).toJson(QJsonDocument::Compact);
    request.setHeader("Content-Type", "application/json");
    return request;
}

} // namespace flotilla

#include "slack_notifier.h"

#include "model/model_enums.h"
#include "notification_fields.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QString toneMark(const QString &tone)
{
    if (tone == u"needs-you"_s)
        return u":raising_hand: Needs you"_s;
    if (tone == u"failed"_s)
        return u":x: Failed"_s;
    if (tone == u"done"_s)
        return u":white_check_mark: Done"_s;
    if (tone == u"action"_s)
        return u":point_right: Action"_s;
    return u":information_source: Info"_s;
}

// Slack's mrkdwn treats &, < and > as markup.
QString escaped(QString text)
{
    return text.replace(u'&', u"&amp;"_s).replace(u'<', u"&lt;"_s).replace(u'>', u"&gt;"_s);
}

QJsonObject text(const QString &type, const QString &content)
{
    return QJsonObject{{u"type"_s, type}, {u"text"_s, content}};
}

} // namespace

SlackNotifier::SlackNotifier(const PluginSettings &settings) : HttpNotifier(settings, {u"webhookUrl"_s, u"url"_s}) {}

QJsonObject SlackNotifier::payload(const Notification &notification, const PluginSettings &settings)
{
    const NotificationFacts &facts = notification.facts;
    QJsonArray blocks;
    blocks.append(
        QJsonObject{{u"type"_s, u"header"_s}, {u"text"_s, text(u"plain_text"_s, notification.title.left(150))}});
    QString summary = u"*%1*"_s.arg(escaped(facts.reason.isEmpty() ? notification.title : facts.reason));
    if (notification.decision && !facts.decideCommand.isEmpty())
        summary += u"\n%1\n%2"_s.arg(escaped(notification.decision->question),
                                     escaped(notificationfields::howToAnswer(notification)));
    else if (!notification.event.message.isEmpty())
        summary += u"\n"_s + escaped(notification.event.message);
    blocks.append(QJsonObject{{u"type"_s, u"section"_s}, {u"text"_s, text(u"mrkdwn"_s, summary.left(3000))}});
    QJsonArray fields;
    for (const auto &[label, value] : notificationfields::of(notification))
        fields.append(text(u"mrkdwn"_s, u"*%1*\n%2"_s.arg(label, escaped(value))));
    if (!fields.isEmpty())
        blocks.append(QJsonObject{{u"type"_s, u"section"_s}, {u"fields"_s, fields}});
    blocks.append(QJsonObject{
        {u"type"_s, u"context"_s},
        {u"elements"_s, QJsonArray{text(u"mrkdwn"_s, u"%1 · priority %2 · %3"_s.arg(
                                                         toneMark(facts.tone), enumName(notification.event.priority),
                                                         notification.event.type))}}});
    QJsonArray buttons;
    for (const auto &[label, url] : notificationfields::actions(notification))
        buttons.append(QJsonObject{{u"type"_s, u"button"_s},
                                   {u"text"_s, text(u"plain_text"_s, label)},
                                   {u"url"_s, url.toString(QUrl::FullyEncoded)}});
    if (!buttons.isEmpty())
        blocks.append(QJsonObject{{u"type"_s, u"actions"_s}, {u"elements"_s, buttons}});

    QJsonObject document{{u"text"_s, notification.title}, {u"blocks"_s, blocks}};
    for (const QString &key : {u"channel"_s, u"username"_s}) {
        if (const QString value = settings.value(key).toString(); !value.isEmpty())
            document.insert(key, value);
    }
    return document;
}

Result<HttpRequest> SlackNotifier::request(const Notification &notification, const Resolved &) const
{
    HttpRequest request;
    request.body = QJsonDocument(payload(notification, settings())).toJson(QJsonDocument::Compact);
    request.setHeader("Content-Type", "application/json");
    return request;
}

} // namespace flotilla

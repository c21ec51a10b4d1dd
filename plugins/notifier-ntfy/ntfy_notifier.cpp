#include "ntfy_notifier.h"

#include "notification_fields.h"

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// Header values are Latin-1; ntfy decodes RFC 2047 encoded words for anything else.
QByteArray headerText(const QString &text)
{
    const QString line = text.simplified();
    bool ascii = true;
    for (const QChar c : line)
        ascii = ascii && c.unicode() < 0x80;
    if (ascii)
        return line.toLatin1();
    return "=?UTF-8?B?" + line.toUtf8().toBase64() + "?=";
}

QByteArray tagsOf(const QString &tone)
{
    if (tone == u"failed"_s)
        return "x";
    if (tone == u"needs-you"_s)
        return "raising_hand";
    if (tone == u"done"_s)
        return "white_check_mark";
    return "robot";
}

} // namespace

NtfyNotifier::NtfyNotifier(const PluginSettings &settings) : HttpNotifier(settings, {u"url"_s}, u"token"_s) {}

int NtfyNotifier::priorityOf(const Notification &notification)
{
    switch (notification.event.priority) {
    case Priority::Urgent:
        return 5;
    case Priority::Action:
        return 4;
    case Priority::Warning:
        return 3;
    case Priority::Info:
        break;
    }
    return 2;
}

Result<HttpRequest> NtfyNotifier::request(const Notification &notification, const Resolved &resolved) const
{
    HttpRequest request;
    request.url = resolved.url;
    if (const QString topic = settings().value(u"topic"_s).toString(); !topic.isEmpty()) {
        QString path = request.url.path();
        while (path.endsWith(u'/'))
            path.chop(1);
        request.url.setPath(path + u'/' + topic);
    }
    if (request.url.path().size() <= 1)
        return makeError(u"notify.no_topic"_s, u"%1: name the topic in url (…/TOPIC) or topic"_s.arg(notifierName()));
    QStringList lines{notification.facts.reason.isEmpty() ? notification.title : notification.facts.reason};
    for (const auto &[label, value] : notificationfields::of(notification))
        lines << u"%1: %2"_s.arg(label, value);
    if (const QString answer = notificationfields::howToAnswer(notification); !answer.isEmpty())
        lines << notification.decision->question << answer;
    request.body = lines.join(u'\n').toUtf8();
    request.setHeader("Content-Type", "text/plain; charset=utf-8");
    request.setHeader("Title", headerText(notification.title));
    request.setHeader("Priority", QByteArray::number(priorityOf(notification)));
    request.setHeader("Tags", tagsOf(notification.facts.tone));
    if (notification.link.isValid())
        request.setHeader("Click", notification.link.toEncoded());
    QStringList actions;
    for (const auto &[label, url] : notificationfields::actions(notification).mid(0, 3))
        actions << u"view, %1, %2"_s.arg(label, url.toString(QUrl::FullyEncoded));
    if (!actions.isEmpty())
        request.setHeader("Actions", headerText(actions.join(u"; "_s)));
    if (!resolved.token.isEmpty())
        request.setHeader("Authorization", "Bearer " + resolved.token.toUtf8());
    return request;
}

} // namespace flotilla

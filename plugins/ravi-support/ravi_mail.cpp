#include "ravi_mail.h"

#include "ravi_client.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

qint64 idOf(const QJsonValue &value)
{
    return value.isString() ? value.toString().toLongLong() : qint64(value.toDouble());
}

RaviMessage messageFrom(const QJsonObject &object)
{
    RaviMessage message;
    message.id = idOf(object.value(u"id"_s));
    message.from = object.value(u"from_email"_s).toString();
    message.to = object.value(u"to_email"_s).toString();
    message.subject = object.value(u"subject"_s).toString();
    message.text = object.value(u"text_content"_s).toString();
    message.html = object.value(u"html_content"_s).toString();
    message.direction = object.value(u"direction"_s).toString();
    message.threadId = object.value(u"thread_id"_s).toString();
    message.messageId = object.value(u"message_id"_s).toString();
    message.created = RaviMail::timeFrom(object.value(u"created_dt"_s).toString());
    return message;
}

RaviTextMessage textMessageFrom(const QJsonObject &object)
{
    RaviTextMessage message;
    message.id = idOf(object.value(u"id"_s));
    message.from = object.value(u"from_number"_s).toString();
    message.to = object.value(u"to_number"_s).toString();
    message.body = object.value(u"body"_s).toString();
    message.direction = object.value(u"direction"_s).toString();
    message.isRead = object.value(u"is_read"_s).toBool();
    message.created = RaviMail::timeFrom(object.value(u"created_dt"_s).toString());
    return message;
}

template<typename Message> void sortByTime(QList<Message> &messages)
{
    std::sort(messages.begin(), messages.end(), [](const Message &a, const Message &b) {
        return a.created != b.created ? a.created < b.created : a.id < b.id;
    });
}

QList<RaviMessage> messagesFrom(const QJsonArray &items)
{
    QList<RaviMessage> messages;
    for (const QJsonValue &item : items)
        messages << messageFrom(item.toObject());
    sortByTime(messages);
    return messages;
}

Error unexpected(const QString &what)
{
    return makeError(u"ravi.unexpected_shape"_s, u"%1: Ravi's answer is not the expected object"_s.arg(what));
}

} // namespace

RaviMail::RaviMail(RaviClient &client, QObject *parent) : QObject(parent), m_client(client) {}

QDateTime RaviMail::timeFrom(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(text, Qt::ISODate);
    if (!time.isValid()) {
        // More than three digits of fraction (Django's microseconds): keep the milliseconds.
        static const QRegularExpression fraction(u"(\\.\\d{3})\\d+"_s);
        QString trimmed = text;
        trimmed.replace(fraction, u"\\1"_s);
        time = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
    }
    return time.isValid() ? time.toUTC() : QDateTime();
}

QString RaviMail::threadKey(const QString &threadId)
{
    QString key = threadId.trimmed();
    if (key.startsWith(u'<'))
        key.remove(0, 1);
    if (key.endsWith(u'>'))
        key.chop(1);
    return key.trimmed();
}

Async<QList<RaviInbox>> RaviMail::inboxes()
{
    return m_client.list(u"/api/email/"_s, {}, u"reading the identity's inboxes"_s)
        .then(this, [](Result<QJsonArray> listed) -> Result<QList<RaviInbox>> {
            if (!listed)
                return listed.error();
            QList<RaviInbox> inboxes;
            for (const QJsonValue &item : std::as_const(listed.value())) {
                const QJsonObject object = item.toObject();
                inboxes << RaviInbox{idOf(object.value(u"id"_s)), object.value(u"email"_s).toString()};
            }
            return inboxes;
        });
}

Async<RaviMessage> RaviMail::compose(const RaviInbox &from, const QString &to, const QString &subject,
                                     const QString &html)
{
    const QString what = u"sending mail to %1"_s.arg(to);
    const QJsonObject body{{u"to_email"_s, to}, {u"subject"_s, subject}, {u"content"_s, html}};
    const auto send = [this, body, what](const QString &inbox) {
        QUrlQuery query;
        query.addQueryItem(u"inbox"_s, inbox);
        return m_client.call("POST", u"/api/email-messages/compose/"_s, query, body, what);
    };
    return send(QString::number(from.id))
        .then(this,
              [send, from, what](Result<QJsonValue> sent) -> Async<QJsonValue> {
                  const bool inboxRefused =
                      !sent && (sent.error().code == u"ravi.not_found"_s || sent.error().code == u"ravi.invalid"_s)
                      && sent.error().message.contains(u"inbox"_s, Qt::CaseInsensitive);
                  if (inboxRefused && !from.address.isEmpty())
                      return send(from.address);
                  return QtFuture::makeReadyFuture(std::move(sent));
              })
        .unwrap()
        .then(this, [what](Result<QJsonValue> sent) -> Result<RaviMessage> {
            if (!sent)
                return sent.error();
            if (!sent->isObject())
                return unexpected(what);
            return messageFrom(sent->toObject());
        });
}

Async<RaviMessageList> RaviMail::messagesSince(const QString &direction, const QDateTime &after)
{
    QUrlQuery query;
    query.addQueryItem(u"direction"_s, direction);
    if (after.isValid())
        query.addQueryItem(u"created_after"_s, after.toUTC().toString(Qt::ISODate));
    return m_client.list(u"/api/email-messages/"_s, query, u"reading the %1 mail"_s.arg(direction))
        .then(this, [direction, after](Result<QJsonArray> listed) -> Result<RaviMessageList> {
            if (!listed)
                return listed.error();
            RaviMessageList result;
            for (const RaviMessage &message : messagesFrom(listed.value())) {
                if (message.direction != direction || (after.isValid() && message.created <= after)) {
                    result.filtersIgnored = true;
                    continue;
                }
                result.messages << message;
            }
            return result;
        });
}

Async<QList<RaviMessage>> RaviMail::thread(const QString &threadId)
{
    // One path segment: the id's <, >, @ and + are all encoded.
    const QString path =
        u"/api/email-inbox/%1/"_s.arg(QString::fromLatin1(QUrl::toPercentEncoding(threadId.trimmed())));
    const QString what = u"reading the mail thread %1"_s.arg(threadId);
    return m_client.call("GET", path, {}, {}, what)
        .then(this, [what](Result<QJsonValue> read) -> Result<QList<RaviMessage>> {
            if (!read)
                return read.error();
            if (!read->isObject())
                return unexpected(what);
            return messagesFrom(read->toObject().value(u"messages"_s).toArray());
        });
}

Async<RaviMessage> RaviMail::reply(qint64 messageId, const QString &html)
{
    const QString what = u"replying to mail %1"_s.arg(messageId);
    return m_client
        .call("POST", u"/api/email-messages/%1/reply/"_s.arg(messageId), {}, QJsonObject{{u"content"_s, html}}, what)
        .then(this, [what](Result<QJsonValue> sent) -> Result<RaviMessage> {
            if (!sent)
                return sent.error();
            if (!sent->isObject())
                return unexpected(what);
            return messageFrom(sent->toObject());
        });
}

Async<RaviTextMessage> RaviMail::sendSms(const QString &toNumber, const QString &body)
{
    const QString what = u"sending an SMS to %1"_s.arg(toNumber);
    return m_client
        .call("POST", u"/api/messages/send/"_s, {}, QJsonObject{{u"to_number"_s, toNumber}, {u"body"_s, body}}, what)
        .then(this, [what](Result<QJsonValue> sent) -> Result<RaviTextMessage> {
            if (!sent)
                return sent.error();
            if (!sent->isObject())
                return unexpected(what);
            return textMessageFrom(sent->toObject());
        });
}

Async<QList<RaviTextMessage>> RaviMail::unreadSms()
{
    QUrlQuery query;
    query.addQueryItem(u"is_read"_s, u"false"_s);
    return m_client.list(u"/api/messages/"_s, query, u"reading the SMS"_s)
        .then(this, [](Result<QJsonArray> listed) -> Result<QList<RaviTextMessage>> {
            if (!listed)
                return listed.error();
            QList<RaviTextMessage> messages;
            for (const QJsonValue &item : std::as_const(listed.value())) {
                const RaviTextMessage message = textMessageFrom(item.toObject());
                if (!message.isRead && message.direction != u"outgoing"_s)
                    messages << message;
            }
            sortByTime(messages);
            return messages;
        });
}

} // namespace flotilla

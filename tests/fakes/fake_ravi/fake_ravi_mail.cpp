// FakeRavi's mail and SMS: each identity's inbox and phone, reached with that identity's key
// (the management key sees every identity's, as the real server may), and the hooks through
// which a test plays the person who replies.
#include "fake_ravi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla::fakes {

namespace {

QString textOfHtml(QString html)
{
    html.replace(QRegularExpression(u"<br\\s*/?>|</p>"_s, QRegularExpression::CaseInsensitiveOption), u"\n"_s);
    html.remove(QRegularExpression(u"<[^>]*>"_s));
    html.replace(u"&lt;"_s, u"<"_s)
        .replace(u"&gt;"_s, u">"_s)
        .replace(u"&quot;"_s, u"\""_s)
        .replace(u"&amp;"_s, u"&"_s);
    return html.trimmed();
}

QString stamp(const QDateTime &time)
{
    // Django's shape: microseconds and an offset.
    return time.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss.zzz000+00:00"_s);
}

} // namespace

QDateTime FakeRavi::tick()
{
    QDateTime now = QDateTime::currentDateTimeUtc();
    if (m_lastTick.isValid() && now <= m_lastTick)
        now = m_lastTick.addMSecs(1);
    m_lastTick = now;
    return now;
}

const FakeRavi::Identity *FakeRavi::identity(const QString &uuid) const
{
    for (const Identity &candidate : m_identities) {
        if (candidate.uuid == uuid)
            return &candidate;
    }
    return nullptr;
}

void FakeRavi::setPhone(const QString &identityUuid, const QString &number)
{
    for (Identity &each : m_identities) {
        if (each.uuid == identityUuid)
            each.phone = number;
    }
}

qint64 FakeRavi::inboxIdOf(const QString &identityUuid) const
{
    for (int i = 0; i < m_identities.size(); ++i) {
        if (m_identities.at(i).uuid == identityUuid)
            return 7 + i; // not the identity's position, so a client cannot confuse the two
    }
    return 0;
}

qint64 FakeRavi::injectMail(const QString &identityUuid, const QString &from, const QString &subject,
                            const QString &text, const QString &html, const QString &threadId)
{
    Mail mail;
    mail.id = ++m_nextMessage;
    mail.identityUuid = identityUuid;
    mail.from = from;
    mail.to = identity(identityUuid) ? identity(identityUuid)->inbox : QString();
    mail.subject = subject;
    mail.text = text;
    mail.html = html;
    mail.direction = u"incoming"_s;
    mail.messageId = u"<reply-%1@people.example>"_s.arg(mail.id);
    mail.threadId = threadId.isEmpty() ? mail.messageId : threadId;
    mail.created = tick();
    m_mail << mail;
    return mail.id;
}

qint64 FakeRavi::injectReply(const Mail &to, const QString &from, const QString &text, const QString &subject)
{
    const QString re = subject.isEmpty() ? u"Re: "_s + to.subject : subject;
    return injectMail(to.identityUuid, from, re, text, {}, to.threadId);
}

qint64 FakeRavi::injectSms(const QString &identityUuid, const QString &fromNumber, const QString &body)
{
    TextMessage text;
    text.id = ++m_nextMessage;
    text.identityUuid = identityUuid;
    text.from = fromNumber;
    text.to = identity(identityUuid) ? identity(identityUuid)->phone : QString();
    text.body = body;
    text.direction = u"incoming"_s;
    text.created = tick();
    m_texts << text;
    return text.id;
}

QList<FakeRavi::Mail> FakeRavi::sentMail() const
{
    QList<Mail> sent;
    for (const Mail &mail : m_mail) {
        if (mail.direction == u"outgoing"_s)
            sent << mail;
    }
    return sent;
}

QJsonObject FakeRavi::mailJson(const Mail &mail, bool detail) const
{
    QJsonObject object{{u"id"_s, mail.id},
                       {u"from_email"_s, mail.from},
                       {u"to_email"_s, mail.to},
                       {u"cc"_s, QString()},
                       {u"subject"_s, mail.subject},
                       {u"text_content"_s, mail.text},
                       {u"html_content"_s, mail.html},
                       {u"direction"_s, mail.direction},
                       {u"is_read"_s, false},
                       {u"attachments"_s, QJsonArray()},
                       {u"created_dt"_s, stamp(mail.created)}};
    if (detail || threadMessagesCarryThreadId) {
        object.insert(u"url"_s, u"%1/api/email-messages/%2/"_s.arg(baseUrl().toString()).arg(mail.id));
        object.insert(u"message_id"_s, mail.messageId);
        object.insert(u"thread_id"_s, mail.threadId);
    }
    return object;
}

FakeRavi::Answer FakeRavi::mail(const Request &request, const Caller &caller)
{
    const auto visible = [&](const Mail &mail) {
        return caller.management || mail.identityUuid == caller.identityUuid;
    };
    const QUrlQuery query(request.query);
    const QString &path = request.path;

    if (path == u"/api/email/"_s && request.method == "GET") {
        QJsonArray inboxes;
        for (const Identity &each : std::as_const(m_identities)) {
            if (caller.management || each.uuid == caller.identityUuid)
                inboxes.append(QJsonObject{{u"id"_s, inboxIdOf(each.uuid)},
                                           {u"email"_s, each.inbox},
                                           {u"created_dt"_s, u"2026-11-01T09:00:00Z"_s}});
        }
        return list(inboxes, request);
    }

    if (path == u"/api/email-messages/compose/"_s && request.method == "POST") {
        if (caller.management)
            return detail(403, u"Use an identity key to send mail."_s);
        const Identity *sender = identity(caller.identityUuid);
        const QString inbox = query.queryItemValue(u"inbox"_s);
        if (inbox != QString::number(inboxIdOf(caller.identityUuid)) && inbox != sender->inbox)
            return json(400, QJsonObject{{u"inbox"_s, QJsonArray{u"Unknown inbox."_s}}});
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        QJsonObject missing;
        for (const QString &field : {u"to_email"_s, u"subject"_s, u"content"_s}) {
            if (body.value(field).toString().isEmpty())
                missing.insert(field, QJsonArray{u"This field is required."_s});
        }
        if (!missing.isEmpty())
            return json(400, missing);
        Mail sent;
        sent.id = ++m_nextMessage;
        sent.identityUuid = caller.identityUuid;
        sent.from = sender->inbox;
        sent.to = body.value(u"to_email"_s).toString();
        sent.subject = body.value(u"subject"_s).toString();
        sent.html = body.value(u"content"_s).toString();
        sent.text = textOfHtml(sent.html);
        sent.direction = u"outgoing"_s;
        sent.messageId = u"<flotilla-%1+out@ravi.example>"_s.arg(sent.id);
        sent.threadId = sent.messageId;
        sent.created = tick();
        m_mail << sent;
        return json(201, mailJson(sent, true));
    }

    static const QRegularExpression replyPath(u"^/api/email-messages/(\\d+)/reply/$"_s);
    if (const auto match = replyPath.match(path); match.hasMatch() && request.method == "POST") {
        if (caller.management)
            return detail(403, u"Use an identity key to send mail."_s);
        for (const Mail &original : std::as_const(m_mail)) {
            if (original.id != match.captured(1).toLongLong() || !visible(original))
                continue;
            Mail sent;
            sent.id = ++m_nextMessage;
            sent.identityUuid = caller.identityUuid;
            sent.from = identity(caller.identityUuid)->inbox;
            sent.to = original.direction == u"incoming"_s ? original.from : original.to;
            sent.subject = original.subject.startsWith(u"Re:"_s) ? original.subject : u"Re: "_s + original.subject;
            sent.html = QJsonDocument::fromJson(request.body).object().value(u"content"_s).toString();
            sent.text = textOfHtml(sent.html);
            sent.direction = u"outgoing"_s;
            sent.messageId = u"<flotilla-%1+out@ravi.example>"_s.arg(sent.id);
            sent.threadId = original.threadId;
            sent.created = tick();
            m_mail << sent;
            return json(201, mailJson(sent, true));
        }
        return detail(404, u"Not found."_s);
    }

    if (path == u"/api/email-messages/"_s && request.method == "GET") {
        const QString direction = query.queryItemValue(u"direction"_s);
        const QString thread = query.queryItemValue(u"thread_id"_s, QUrl::FullyDecoded);
        const QString from = query.queryItemValue(u"from_email"_s, QUrl::FullyDecoded);
        const QDateTime after = QDateTime::fromString(query.queryItemValue(u"created_after"_s), Qt::ISODateWithMs);
        QJsonArray items;
        for (const Mail &each : std::as_const(m_mail)) {
            if (!visible(each))
                continue;
            const bool passes = (direction.isEmpty() || each.direction == direction)
                                && (thread.isEmpty() || each.threadId == thread)
                                && (from.isEmpty() || each.from.compare(from, Qt::CaseInsensitive) == 0)
                                && (!after.isValid() || each.created > after);
            if (passes || ignoreFilters)
                items.append(mailJson(each, true));
        }
        return list(items, request);
    }

    static const QRegularExpression messagePath(u"^/api/email-messages/(\\d+)/$"_s);
    if (const auto match = messagePath.match(path); match.hasMatch() && request.method == "GET") {
        for (const Mail &each : std::as_const(m_mail)) {
            if (each.id == match.captured(1).toLongLong() && visible(each))
                return json(200, mailJson(each, true));
        }
        return detail(404, u"Not found."_s);
    }

    if (path.startsWith(u"/api/email-inbox/"_s) && request.method == "GET") {
        const QString segment = path.mid(QStringLiteral("/api/email-inbox/").size()).chopped(1);
        const QString threadId = QUrl::fromPercentEncoding(segment.toUtf8());
        QList<Mail> messages;
        for (const Mail &each : std::as_const(m_mail)) {
            if (visible(each) && (threadId.isEmpty() || each.threadId == threadId))
                messages << each;
        }
        if (threadId.isEmpty()) {
            QJsonArray threads;
            QStringList seen;
            for (auto it = messages.crbegin(); it != messages.crend(); ++it) {
                if (seen.contains(it->threadId))
                    continue;
                seen << it->threadId;
                threads.append(QJsonObject{{u"thread_id"_s, it->threadId},
                                           {u"subject"_s, it->subject},
                                           {u"from_email"_s, it->from},
                                           {u"latest_message_dt"_s, stamp(it->created)}});
            }
            return list(threads, request);
        }
        if (messages.isEmpty())
            return detail(404, u"Not found."_s);
        QJsonArray items;
        for (const Mail &each : std::as_const(messages))
            items.append(mailJson(each, false));
        return json(200, QJsonObject{{u"thread_id"_s, threadId},
                                     {u"subject"_s, messages.constFirst().subject},
                                     {u"message_count"_s, messages.size()},
                                     {u"messages"_s, items}});
    }
    return detail(404, u"Not found."_s);
}

FakeRavi::Answer FakeRavi::sms(const Request &request, const Caller &caller)
{
    if (caller.management)
        return detail(403, u"Use an identity key for SMS."_s);
    const Identity *own = identity(caller.identityUuid);
    if (request.path == u"/api/phone/"_s) {
        QJsonArray phones;
        if (!own->phone.isEmpty())
            phones.append(QJsonObject{{u"id"_s, 3}, {u"phone_number"_s, own->phone}, {u"provider"_s, u"fake"_s}});
        return list(phones, request);
    }
    if (request.path == u"/api/messages/send/"_s && request.method == "POST") {
        if (smsSending == SmsSending::Missing)
            return detail(404, u"Not found."_s);
        if (smsSending == SmsSending::PlanRequired || own->phone.isEmpty())
            return json(402, QJsonObject{{u"detail"_s, u"Sending SMS needs a paid plan."_s},
                                         {u"code"_s, u"subscription_required"_s}});
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        static const QRegularExpression e164(u"^\\+[1-9][0-9]{6,14}$"_s);
        if (!e164.match(body.value(u"to_number"_s).toString()).hasMatch() || body.value(u"body"_s).toString().isEmpty())
            return json(400, QJsonObject{{u"to_number"_s, QJsonArray{u"Enter a valid phone number."_s}}});
        TextMessage text;
        text.id = ++m_nextMessage;
        text.identityUuid = caller.identityUuid;
        text.from = own->phone;
        text.to = body.value(u"to_number"_s).toString();
        text.body = body.value(u"body"_s).toString();
        text.direction = u"outgoing"_s;
        text.read = true;
        text.created = tick();
        m_texts << text;
        return json(201, QJsonObject{{u"id"_s, text.id},
                                     {u"from_number"_s, text.from},
                                     {u"to_number"_s, text.to},
                                     {u"body"_s, text.body},
                                     {u"direction"_s, text.direction},
                                     {u"is_read"_s, true},
                                     {u"created_dt"_s, stamp(text.created)}});
    }
    if (request.path == u"/api/messages/"_s && request.method == "GET") {
        const bool unreadOnly = QUrlQuery(request.query).queryItemValue(u"is_read"_s) == u"false"_s;
        QJsonArray items;
        for (const TextMessage &text : std::as_const(m_texts)) {
            if (text.identityUuid != caller.identityUuid || (unreadOnly && text.read && !ignoreFilters))
                continue;
            items.append(QJsonObject{{u"id"_s, text.id},
                                     {u"from_number"_s, text.from},
                                     {u"to_number"_s, text.to},
                                     {u"body"_s, text.body},
                                     {u"direction"_s, text.direction},
                                     {u"is_read"_s, text.read},
                                     {u"created_dt"_s, stamp(text.created)}});
        }
        return list(items, request);
    }
    return detail(404, u"Not found."_s);
}

} // namespace flotilla::fakes

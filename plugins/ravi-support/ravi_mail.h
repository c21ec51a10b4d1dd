#pragma once

#include "plugin/plugin_common.h"

#include <QDateTime>
#include <QObject>
#include <QString>

namespace flotilla {

class RaviClient;

// One inbox of an identity: `id` is what compose takes as `inbox`.
struct RaviInbox
{
    qint64 id = 0;
    QString address;
};

struct RaviMessage
{
    qint64 id = 0;
    QString from; // as Ravi gives it, possibly with a display name
    QString to;
    QString subject;
    QString text;
    QString html;
    QString direction; // "incoming" | "outgoing"
    QString threadId;  // a Message-ID, with or without angle brackets
    QString messageId;
    QDateTime created; // UTC, the server's clock
};

struct RaviTextMessage
{
    qint64 id = 0;
    QString from;
    QString to;
    QString body;
    QString direction;
    bool isRead = false;
    QDateTime created;
};

// A list read with filters Ravi is asked to apply. Every filter is applied again here;
// `filtersIgnored` says the server returned items that break one, so callers can prefer a path
// that does not depend on them.
struct RaviMessageList
{
    QList<RaviMessage> messages; // oldest first (by created, then id)
    bool filtersIgnored = false;
};

// Ravi's mail and SMS, for one identity key: its inboxes, composing, the incoming messages
// since a time, a thread, replying, and sending and reading SMS. Ravi's sort order is never
// relied on: every list comes back sorted by time, then id.
class RaviMail final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RaviMail)

public:
    explicit RaviMail(RaviClient &client, QObject *parent = nullptr);

    Async<QList<RaviInbox>> inboxes();
    // `html` is a fragment. An inbox id Ravi refuses is retried once with its address, as some
    // servers take that instead.
    Async<RaviMessage> compose(const RaviInbox &from, const QString &to, const QString &subject, const QString &html);
    // Messages of `direction` created after `after` (every one when null).
    Async<RaviMessageList> messagesSince(const QString &direction, const QDateTime &after);
    // Every message of a thread; ravi.not_found when Ravi does not know it.
    Async<QList<RaviMessage>> thread(const QString &threadId);
    Async<RaviMessage> reply(qint64 messageId, const QString &html);

    Async<RaviTextMessage> sendSms(const QString &toNumber, const QString &body);
    Async<QList<RaviTextMessage>> unreadSms();

    // Ravi's times: with or without fractions, `Z` or an offset; null when unreadable.
    static QDateTime timeFrom(const QString &text);
    // Thread ids compare without surrounding whitespace and angle brackets.
    static QString threadKey(const QString &threadId);

private:
    RaviClient &m_client;
};

} // namespace flotilla

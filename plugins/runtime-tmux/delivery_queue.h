#pragma once

#include "text_delivery.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

namespace flotilla {

class TmuxClient;

// One message at a time per tmux session: a second send waits until the first has been
// submitted (or has failed), so two messages never interleave in an agent's input.
// Different sessions are served side by side.
class DeliveryQueue final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeliveryQueue)

public:
    DeliveryQueue(TmuxClient &client, TextDelivery::Timing timing, QObject *parent = nullptr);

    void enqueue(const QString &socket, const QString &session, const QString &text, TextDelivery::Done done);

private:
    struct Waiting
    {
        QString socket;
        QString session;
        QString text;
        TextDelivery::Done done;
    };

    void startNext(const QString &key);

    TmuxClient &m_client;
    TextDelivery::Timing m_timing;
    QHash<QString, QList<Waiting>> m_waiting;
    QHash<QString, TextDelivery *> m_running;
    quint64 m_sent = 0;
};

} // namespace flotilla

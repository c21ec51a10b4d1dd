#include "delivery_queue.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace flotilla {

DeliveryQueue::DeliveryQueue(TmuxClient &client, TextDelivery::Timing timing, QObject *parent)
    : QObject(parent), m_client(client), m_timing(timing)
{}

void DeliveryQueue::enqueue(const QString &socket, const QString &session, const QString &text, TextDelivery::Done done)
{
    const QString key = socket + u'\n' + session;
    m_waiting[key].append(Waiting{socket, session, text, std::move(done)});
    if (!m_running.contains(key))
        startNext(key);
}

void DeliveryQueue::startNext(const QString &key)
{
    auto waiting = m_waiting.find(key);
    if (waiting == m_waiting.end() || waiting->isEmpty()) {
        m_waiting.remove(key);
        return;
    }
    Waiting next = waiting->takeFirst();
    // Unique per message, and per process in case another program uses the same server.
    const QString buffer = u"flotilla-%1-%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_sent);
    auto *delivery = new TextDelivery(m_client, next.socket, next.session, next.text, buffer, m_timing, this);
    m_running.insert(key, delivery);
    delivery->start([this, key, delivery, done = std::move(next.done)](Result<void> result) {
        m_running.remove(key);
        delivery->deleteLater();
        done(std::move(result));
        startNext(key);
    });
}

} // namespace flotilla

#include "notifier_gate.h"

#include <QHashFunctions>

namespace flotilla {

namespace {

size_t contentKey(const QString &title, const QString &body)
{
    return qHashMulti(0, title, body);
}

} // namespace

NotifierGate::NotifierGate(int perMinute, std::chrono::milliseconds dedupeWindow)
    : m_perMinute(perMinute), m_window(dedupeWindow)
{}

void NotifierGate::forget(const QDateTime &now) const
{
    while (!m_sends.isEmpty() && m_sends.constFirst().msecsTo(now) >= 60000)
        m_sends.removeFirst();
    for (auto it = m_recent.begin(); it != m_recent.end();) {
        if (it.value().msecsTo(now) >= m_window.count())
            it = m_recent.erase(it);
        else
            ++it;
    }
}

NotifierGate::Verdict NotifierGate::check(const QString &title, const QString &body, const QDateTime &now) const
{
    forget(now);
    if (m_window.count() > 0 && m_recent.contains(contentKey(title, body)))
        return Verdict::Duplicate;
    if (m_perMinute > 0 && m_sends.size() >= m_perMinute)
        return Verdict::Throttled;
    return Verdict::Send;
}

void NotifierGate::sent(const QString &title, const QString &body, const QDateTime &now)
{
    m_sends << now;
    if (m_window.count() > 0)
        m_recent.insert(contentKey(title, body), now);
}

QDateTime NotifierGate::nextSlot(const QDateTime &now) const
{
    forget(now);
    return m_sends.size() < m_perMinute || m_sends.isEmpty() ? now : m_sends.constFirst().addSecs(60);
}

} // namespace flotilla

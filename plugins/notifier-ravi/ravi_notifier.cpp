#include "ravi_notifier.h"

#include "ravi_escalation_desk.h"

using namespace Qt::StringLiterals;

namespace flotilla {

RaviNotifier::RaviNotifier(PluginSettings settings, RaviEscalationDesk *desk)
    : m_settings(std::move(settings)), m_desk(desk)
{}

Availability RaviNotifier::detect() const
{
    if (!m_desk)
        return Availability::missing(u"Ravi escalations are not running in this process"_s,
                                     u"start Flotilla itself (the app or `flotilla --headless`)"_s);
    if (auto read = m_desk->settingsOf(m_settings); !read)
        return Availability::missing(read.error().message, u"fix the notifier's block in the configuration"_s);
    return Availability::ok();
}

Async<void> RaviNotifier::deliver(const Notification &notification)
{
    if (!m_desk)
        return failed<void>(makeError(u"ravi.not_running"_s, u"Ravi escalations are not running"_s));
    return m_desk->deliver(m_settings, notification);
}

} // namespace flotilla

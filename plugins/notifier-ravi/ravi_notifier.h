#pragma once

#include "plugin/notifier_plugin.h"

#include <QPointer>

namespace flotilla {

class RaviEscalationDesk;

// The `ravi` notifier: questions for a person as mail (and SMS) through Ravi, answered by
// replying. Instances follow the configuration; the work is done by the long-lived desk.
class RaviNotifier final : public NotifierPlugin
{
public:
    RaviNotifier(PluginSettings settings, RaviEscalationDesk *desk);

    QString name() const override { return QStringLiteral("ravi"); }
    Availability detect() const override;
    Async<void> deliver(const Notification &notification) override;

private:
    PluginSettings m_settings;
    QPointer<RaviEscalationDesk> m_desk;
};

} // namespace flotilla

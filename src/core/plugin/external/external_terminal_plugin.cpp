#include "external_terminal_plugin.h"

#include "external_model_json.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flotilla {

ExternalTerminalPlugin::ExternalTerminalPlugin(ExternalPluginSpec spec, const PluginSettings &settings)
    : m_caller(std::move(spec), settings)
{}

Async<void> ExternalTerminalPlugin::open(const SessionRecord &session, const QStringList &attachCommand)
{
    return m_caller.callVoid(u"terminal.open"_s, {{u"session"_s, external::toJson(session)},
                                                  {u"attachCommand"_s, QJsonArray::fromStringList(attachCommand)}});
}

} // namespace flotilla

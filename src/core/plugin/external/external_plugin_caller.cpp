#include "external_plugin_caller.h"

using namespace Qt::StringLiterals;

namespace flotilla {

ExternalPluginCaller::ExternalPluginCaller(ExternalPluginSpec spec, const PluginSettings &settings)
    : m_process(std::make_unique<ExternalPluginProcess>(std::move(spec), settings))
{}

Async<void> ExternalPluginCaller::callVoid(const QString &method, const QJsonObject &params)
{
    return m_process->call(method, params).then([](Result<QJsonValue> answer) -> Result<void> {
        if (!answer)
            return answer.error();
        return {};
    });
}

Error ExternalPluginCaller::malformed(const QString &plugin, const QString &method, const QString &problem)
{
    return makeError(u"plugin.malformed_result"_s,
                     u"the plugin %1 answered %2 with a malformed result: %3"_s.arg(plugin, method, problem), method);
}

} // namespace flotilla

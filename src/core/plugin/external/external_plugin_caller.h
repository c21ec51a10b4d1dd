#pragma once

#include "external_plugin_process.h"
#include "json_reader.h"

#include <memory>

namespace flotilla {

// What every slot adapter shares: the plugin's process, and calls whose answers are decoded
// into the interface's types (a malformed answer becomes an Error naming the method and field).
class ExternalPluginCaller final
{
public:
    ExternalPluginCaller(ExternalPluginSpec spec, const PluginSettings &settings);

    QString name() const { return m_process->spec().name; }
    Availability detect() const { return m_process->availability(); }
    ExternalPluginProcess &process() { return *m_process; }
    const ExternalPluginProcess &process() const { return *m_process; }

    template<typename T> Async<T> call(const QString &method, const QJsonObject &params)
    {
        return m_process->call(method, params).then([plugin = name(), method](Result<QJsonValue> answer) -> Result<T> {
            if (!answer)
                return answer.error();
            T value;
            if (auto problem = external::decodeJson(answer.value(), value, QStringLiteral("result")))
                return malformed(plugin, method, *problem);
            return value;
        });
    }

    // For operations that answer nothing: any result counts as success.
    Async<void> callVoid(const QString &method, const QJsonObject &params);

    static Error malformed(const QString &plugin, const QString &method, const QString &problem);

private:
    std::unique_ptr<ExternalPluginProcess> m_process;
};

} // namespace flotilla

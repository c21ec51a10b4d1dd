#include "external_runtime_plugin.h"

#include "external_json.h"
#include "external_templates.h"

using namespace Qt::StringLiterals;

namespace flotilla {

namespace external {
namespace {

struct Output
{
    QString output;
};

void fromJson(const JsonReader &in, Output &out)
{
    out.output = in.string(u"output");
}

struct ProbeBatch
{
    QHash<QString, RuntimeProbe> probes;
};

void fromJson(const JsonReader &in, ProbeBatch &out)
{
    in.map(u"probes", out.probes);
}

} // namespace
} // namespace external

ExternalRuntimePlugin::ExternalRuntimePlugin(ExternalPluginSpec spec, const PluginSettings &settings)
    : m_caller(std::move(spec), settings)
{
    // attachCommand() needs the declarations at hand, so the plugin starts with its adapter.
    m_caller.process().start();
}

Async<RuntimeHandle> ExternalRuntimePlugin::create(const RuntimeLaunch &launch)
{
    // The launch environment carries the session's secrets: whatever the plugin echoes of it
    // to stderr is redacted before it reaches a log line or an error message.
    m_caller.process().redactor().addEnvironment(launch.environment);
    return m_caller.call<RuntimeHandle>(u"runtime.create"_s, external::toJson(launch))
        .then([plugin = name()](Result<RuntimeHandle> handle) {
            if (handle && handle.value().plugin.isEmpty())
                handle.value().plugin = plugin;
            return handle;
        });
}

Async<void> ExternalRuntimePlugin::destroy(const RuntimeHandle &handle)
{
    return m_caller.callVoid(u"runtime.destroy"_s, {{u"handle"_s, external::toJson(handle)}});
}

Async<void> ExternalRuntimePlugin::sendText(const RuntimeHandle &handle, const QString &text)
{
    return m_caller.callVoid(u"runtime.sendText"_s, {{u"handle"_s, external::toJson(handle)}, {u"text"_s, text}});
}

Async<QString> ExternalRuntimePlugin::readOutput(const RuntimeHandle &handle, int lines)
{
    return m_caller
        .call<external::Output>(u"runtime.readOutput"_s, {{u"handle"_s, external::toJson(handle)}, {u"lines"_s, lines}})
        .then([](Result<external::Output> output) -> Result<QString> {
            if (!output)
                return output.error();
            return output.value().output;
        });
}

Async<QHash<QString, RuntimeProbe>> ExternalRuntimePlugin::probe(const QList<RuntimeHandle> &handles)
{
    QJsonArray wire;
    for (const RuntimeHandle &handle : handles)
        wire.append(external::toJson(handle));
    return m_caller.call<external::ProbeBatch>(u"runtime.probe"_s, {{u"handles"_s, wire}})
        .then([](Result<external::ProbeBatch> batch) -> Result<QHash<QString, RuntimeProbe>> {
            if (!batch)
                return batch.error();
            QHash<QString, RuntimeProbe> probes = std::move(batch).value().probes;
            const QDateTime now = QDateTime::currentDateTimeUtc();
            for (RuntimeProbe &probe : probes) {
                if (!probe.observedAt.isValid())
                    probe.observedAt = now;
            }
            return probes;
        });
}

QStringList ExternalRuntimePlugin::attachCommand(const RuntimeHandle &handle) const
{
    const QJsonValue declared = m_caller.process().declarations().value(u"attachCommand");
    QStringList command;
    for (const QJsonValue &argument : declared.toArray())
        command << argument.toString();
    external::TemplateValues values{{u"handle"_s, handle.id}, {u"id"_s, handle.id}, {u"plugin"_s, handle.plugin}};
    for (auto it = handle.data.begin(); it != handle.data.end(); ++it) {
        if (it.value().isString())
            values.insert(u"data."_s + it.key(), it.value().toString());
    }
    return external::expandArguments(command, values);
}

} // namespace flotilla

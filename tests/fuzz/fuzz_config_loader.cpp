// libFuzzer target: any bytes, read as a configuration file, through the whole loader (parse,
// schema validation, shape assembly, resolution, typed build) and the renderers. It must never
// crash, hang or leak. The first byte picks the shape: by content, flat, or global registry.
#include "config/config_loader.h"
#include "config/effective_config.h"

#include <cstddef>
#include <cstdint>

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    std::optional<flotilla::ConfigShape> shape;
    if (data[0] % 3 == 1)
        shape = flotilla::ConfigShape::Flat;
    else if (data[0] % 3 == 2)
        shape = flotilla::ConfigShape::Global;

    flotilla::ConfigLoadOptions options;
    // A fixed environment, and no files beyond the input: the outcome depends on the bytes only.
    options.environment = [](const QString &name) -> std::optional<QString> {
        if (name == u"SET"_s)
            return u"value"_s;
        if (name == u"EMPTY"_s)
            return QString();
        return std::nullopt;
    };
    options.globalRegistry = QString();
    options.readProjectFiles = false;

    const QByteArray text(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const flotilla::LoadedConfig loaded = flotilla::ConfigLoader::loadText(text, u"fuzz.yaml"_s, shape, options);
    for (const flotilla::ConfigDiagnostic &diagnostic : loaded.diagnostics)
        (void)diagnostic.toString();
    (void)flotilla::effectiveYaml(flotilla::redactedTree(loaded.tree));
    (void)flotilla::checkReport(loaded);
    for (const flotilla::ProjectConfig &project : loaded.config.projects)
        (void)loaded.config.workerAgent(project.id);
    return 0;
}

#include "config_loader.h"

#include "config_builder.h"
#include "config_locator.h"
#include "config_resolution.h"
#include "config_schema.h"
#include "schema_validator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// A configuration file is a few kilobytes; anything this large is a mistake, not a config.
constexpr qint64 kMaxConfigBytes = 4 * 1024 * 1024;

QString canonicalPath(const QString &path)
{
    const QFileInfo info(path);
    const QString resolved = info.canonicalFilePath();
    return resolved.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : resolved;
}

bool hasKey(const YAML::Node &map, const char *key)
{
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == key)
            return true;
    }
    return false;
}

YAML::Node valueOf(const YAML::Node &map, const char *key)
{
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == key)
            return it->second;
    }
    return YAML::Node(YAML::NodeType::Undefined);
}

QStringList keysOf(const YAML::Node &map)
{
    QStringList keys;
    if (!map.IsMap())
        return keys;
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (it->first.IsScalar())
            keys << QString::fromStdString(it->first.Scalar());
    }
    return keys;
}

// Names under `plugins:`, read before validation because they make plugin names valid.
QStringList declaredPluginNames(const YAML::Node &root)
{
    QStringList names;
    const YAML::Node plugins = valueOf(root, "plugins");
    if (!plugins.IsSequence())
        return names;
    for (auto it = plugins.begin(); it != plugins.end(); ++it) {
        if (!it->IsMap())
            continue;
        if (const YAML::Node name = valueOf(*it, "name"); name.IsScalar())
            names << QString::fromStdString(name.Scalar());
    }
    return names;
}

QString projectIdFromFolder(const QString &folder)
{
    QString id;
    for (const QChar c : QFileInfo(folder).fileName())
        id += (c.unicode() < 128 && (c.isLetterOrNumber() || c == u'_' || c == u'-')) ? c : u'-';
    return id.isEmpty() ? u"project"_s : id;
}

// One run of the loader: the diagnostics and what resolution needs to know.
class LoadRun final
{
public:
    explicit LoadRun(const ConfigLoader::Options &options) : m_options(options) {}

    LoadedConfig run(const QByteArray &text, const QString &file, std::optional<ConfigShape> shape);
    LoadedConfig runDocument(const std::optional<YAML::Node> &root, const QString &file,
                             std::optional<ConfigShape> shape);

private:
    std::optional<QByteArray> read(const QString &path, DiagnosticList &out);
    std::optional<YAML::Node> parse(const QByteArray &text, const QString &file, DiagnosticList &out);
    QJsonObject validate(const YAML::Node &root, const SchemaNode &schema, const QString &file, DiagnosticList &out,
                         QHash<QString, SourceLocation> &locations);
    void assembleGlobal(const YAML::Node &root, const QString &file);
    void assembleFlat(const YAML::Node &root, const QString &file);
    std::optional<QJsonObject> projectFile(const QString &id, const QString &path, DiagnosticList &out);
    void dropIdentity(QJsonObject &local, const QString &id, const QHash<QString, SourceLocation> &locations,
                      DiagnosticList &out);
    void reroot(const QHash<QString, SourceLocation> &locations, const QString &prefix,
                const QStringList &onlyFirstSegments);

    const ConfigLoader::Options &m_options;
    DiagnosticList m_diagnostics;
    resolution::Context m_context;
    QJsonObject m_tree;
    QHash<QString, QString> m_localFiles;
    QSet<QString> m_degraded;
};

std::optional<QByteArray> LoadRun::read(const QString &path, DiagnosticList &out)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.error(u"config.unreadable"_s, {path, 0, 0}, QString(),
                  u"cannot read the configuration file: "_s + file.errorString(), u"check the path and permissions"_s);
        return std::nullopt;
    }
    const QByteArray text = file.read(kMaxConfigBytes + 1);
    if (text.size() > kMaxConfigBytes) {
        out.error(u"config.too_large"_s, {path, 0, 0}, QString(),
                  u"the configuration file is larger than %1 bytes"_s.arg(kMaxConfigBytes),
                  u"point the loader at the YAML configuration, not another file"_s);
        return std::nullopt;
    }
    return text;
}

std::optional<YAML::Node> LoadRun::parse(const QByteArray &text, const QString &file, DiagnosticList &out)
{
    try {
        return YAML::Load(text.toStdString());
    } catch (const YAML::Exception &e) {
        out.error(u"config.syntax"_s, SourceLocation::fromMark(file, e.mark), QString(), QString::fromStdString(e.msg),
                  u"fix the YAML syntax here"_s);
    } catch (const std::exception &e) {
        out.error(u"config.syntax"_s, {file, 0, 0}, QString(), QString::fromUtf8(e.what()), u"fix the YAML syntax"_s);
    }
    return std::nullopt;
}

QJsonObject LoadRun::validate(const YAML::Node &root, const SchemaNode &schema, const QString &file,
                              DiagnosticList &out, QHash<QString, SourceLocation> &locations)
{
    SchemaValidator validator({file, m_options.environment, m_context.declaredPlugins}, out);
    const QJsonObject tree = validator.validate(root, schema, QString()).toObject();
    locations = validator.locations();
    return tree;
}

void LoadRun::reroot(const QHash<QString, SourceLocation> &locations, const QString &prefix,
                     const QStringList &onlyFirstSegments)
{
    for (auto it = locations.constBegin(); it != locations.constEnd(); ++it) {
        const QString first = it.key().section(u'.', 0, 0).section(u'[', 0, 0);
        if (onlyFirstSegments.isEmpty() || onlyFirstSegments.contains(first))
            m_context.locations.insert(prefix + it.key(), it.value());
    }
}

void LoadRun::dropIdentity(QJsonObject &local, const QString &id, const QHash<QString, SourceLocation> &locations,
                           DiagnosticList &out)
{
    for (const QString &key : configschema::identityKeys()) {
        if (!local.contains(key))
            continue;
        local.remove(key);
        out.warning(u"config.identity_ignored"_s, locations.value(key), key,
                    u"ignored: the global registry entry \"%1\" sets the project's identity"_s.arg(id),
                    u"change it in the global registry instead"_s);
    }
}

std::optional<QJsonObject> LoadRun::projectFile(const QString &id, const QString &path, DiagnosticList &out)
{
    const std::optional<QByteArray> text = read(path, out);
    if (!text)
        return std::nullopt;
    const std::optional<YAML::Node> root = parse(*text, path, out);
    if (!root)
        return std::nullopt;
    if (root->IsNull())
        return QJsonObject();
    if (!root->IsMap()) {
        out.error(u"config.shape"_s, SourceLocation::fromMark(path, root->Mark()), QString(),
                  u"the configuration must be a mapping of keys to values"_s, u"write key: value lines"_s);
        return std::nullopt;
    }
    QHash<QString, SourceLocation> locations;
    QJsonObject local;
    if (hasKey(*root, "projects")) {
        // A wrapped file in a registered folder: its entry for this project is what applies.
        const QJsonObject wrapped = validate(*root, configschema::topLevel(), path, out, locations);
        const QJsonObject entries = wrapped.value(u"projects"_s).toObject();
        local = entries.value(entries.size() == 1 ? entries.constBegin().key() : id).toObject();
        QHash<QString, SourceLocation> inner;
        const QString prefix = u"projects.%1."_s.arg(entries.size() == 1 ? entries.constBegin().key() : id);
        for (auto it = locations.constBegin(); it != locations.constEnd(); ++it) {
            if (it.key().startsWith(prefix))
                inner.insert(it.key().mid(prefix.size()), it.value());
        }
        locations = inner;
    } else {
        local = validate(*root, configschema::projectLocal(), path, out, locations);
    }
    if (out.hasErrors())
        return std::nullopt;
    dropIdentity(local, id, locations, out);
    reroot(locations, u"projects.%1."_s.arg(id), {});
    return local;
}

void LoadRun::assembleGlobal(const YAML::Node &root, const QString &file)
{
    m_context.globalShape = true;
    m_tree = validate(root, configschema::topLevel(), file, m_diagnostics, m_context.locations);
    m_context.projectOrder = keysOf(valueOf(root, "projects"));
    if (!m_options.readProjectFiles)
        return;
    QJsonObject projects = m_tree.value(u"projects"_s).toObject();
    for (const QString &id : std::as_const(m_context.projectOrder)) {
        QJsonObject project = projects.value(id).toObject();
        if (!project.contains(u"path"_s))
            continue;
        const QString folder = resolution::expandPath(project.value(u"path"_s).toString(), m_context.baseDir);
        const QString local = ConfigLocator::projectFileIn(folder);
        if (local.isEmpty() || canonicalPath(local) == canonicalPath(file))
            continue;
        m_localFiles.insert(id, local);
        DiagnosticList found;
        const std::optional<QJsonObject> behaviour = projectFile(id, local, found);
        QList<ConfigDiagnostic> items = found.takeItems();
        for (ConfigDiagnostic &item : items)
            item.projectId = id;
        m_diagnostics.append(items);
        if (!behaviour) {
            m_degraded.insert(id);
            continue;
        }
        project = resolution::deepMerge(project, *behaviour);
        projects.insert(id, project);
    }
    m_tree.insert(u"projects"_s, projects);
}

void LoadRun::assembleFlat(const YAML::Node &root, const QString &file)
{
    QHash<QString, SourceLocation> flatLocations;
    const QJsonObject flat = validate(root, configschema::flatLocal(), file, m_diagnostics, flatLocations);
    const QStringList projectKeys = configschema::projectLocal().childNames();
    QJsonObject top;
    QJsonObject behaviour;
    for (auto it = flat.constBegin(); it != flat.constEnd(); ++it)
        (projectKeys.contains(it.key()) ? behaviour : top).insert(it.key(), it.value());
    QStringList topKeys = configschema::topLevel().childNames();
    topKeys.removeAll(u"reactions"_s); // in a flat file, `reactions` belongs to the project

    const QString folder = canonicalPath(QFileInfo(file).absolutePath());
    const QString registry = m_options.globalRegistry.value_or(ConfigLocator::globalRegistryFile());
    QJsonObject base;
    QString matchedId;
    if (!registry.isEmpty() && QFileInfo(registry).isFile() && canonicalPath(registry) != canonicalPath(file)) {
        if (const auto text = read(registry, m_diagnostics)) {
            if (const auto registryRoot = parse(*text, registry, m_diagnostics);
                registryRoot && registryRoot->IsMap()) {
                QHash<QString, SourceLocation> registryLocations;
                base = validate(*registryRoot, configschema::topLevel(), registry, m_diagnostics, registryLocations);
                const QString registryDir = QFileInfo(registry).absolutePath();
                const QJsonObject projects = base.value(u"projects"_s).toObject();
                for (const QString &id : keysOf(valueOf(*registryRoot, "projects"))) {
                    const QString path = projects.value(id).toObject().value(u"path"_s).toString();
                    if (!path.isEmpty() && canonicalPath(resolution::expandPath(path, registryDir)) == folder) {
                        matchedId = id;
                        QJsonObject identity = projects.value(id).toObject();
                        identity.insert(u"path"_s, resolution::expandPath(path, registryDir));
                        dropIdentity(behaviour, id, flatLocations, m_diagnostics);
                        behaviour = resolution::deepMerge(identity, behaviour);
                        reroot(registryLocations, QString(), {u"projects"_s});
                        break;
                    }
                }
                base.remove(u"projects"_s);
            }
        }
    }
    m_tree = resolution::deepMerge(base, top);
    reroot(flatLocations, QString(), topKeys);
    if (matchedId.isEmpty() && !behaviour.isEmpty()) {
        matchedId = projectIdFromFolder(folder);
        if (!behaviour.contains(u"path"_s))
            behaviour.insert(u"path"_s, folder);
    }
    if (!matchedId.isEmpty()) {
        m_tree.insert(u"projects"_s, QJsonObject{{matchedId, behaviour}});
        m_context.projectOrder = {matchedId};
        reroot(flatLocations, u"projects.%1."_s.arg(matchedId), projectKeys);
    }
}

LoadedConfig LoadRun::run(const QByteArray &text, const QString &file, std::optional<ConfigShape> shape)
{
    std::optional<YAML::Node> root;
    if (text.isNull())
        root = YAML::Node(); // no file at all
    else
        root = parse(text, file, m_diagnostics);
    return runDocument(root, file, text.isNull() ? std::optional(ConfigShape::None) : shape);
}

LoadedConfig LoadRun::runDocument(const std::optional<YAML::Node> &root, const QString &file,
                                  std::optional<ConfigShape> shape)
{
    LoadedConfig result;
    result.file = file;
    result.shape = shape.value_or(ConfigShape::Flat); // an empty document: all defaults
    m_context.baseDir = file.isEmpty() ? QString() : QFileInfo(file).absolutePath();
    m_context.fileLocation = {file, 0, 0};
    try {
        if (root && !root->IsNull() && !root->IsMap()) {
            m_diagnostics.error(u"config.shape"_s, SourceLocation::fromMark(file, root->Mark()), QString(),
                                u"the configuration must be a mapping of keys to values"_s,
                                u"write key: value lines, e.g. port: 3000"_s);
        } else if (root && root->IsMap()) {
            m_context.declaredPlugins = declaredPluginNames(*root);
            if (!shape)
                result.shape = hasKey(*root, "projects") ? ConfigShape::Wrapped : ConfigShape::Flat;
            if (result.shape == ConfigShape::Global) {
                assembleGlobal(*root, file);
            } else if (result.shape == ConfigShape::Flat) {
                assembleFlat(*root, file);
            } else {
                m_tree = validate(*root, configschema::topLevel(), file, m_diagnostics, m_context.locations);
                m_context.projectOrder = keysOf(valueOf(*root, "projects"));
            }
        }
        resolution::resolve(m_tree, m_context, m_diagnostics);
    } catch (const std::exception &e) {
        // yaml-cpp signals misuse by exception too; none may leave the config module.
        m_diagnostics.error(u"config.internal"_s, {file, 0, 0}, QString(), QString::fromUtf8(e.what()),
                            u"please report this configuration as a bug"_s);
    }
    result.tree = m_tree;
    result.config = buildConfig(m_tree, m_context.projectOrder);
    for (ProjectConfig &project : result.config.projects) {
        project.localFile = m_localFiles.value(project.id);
        project.degraded = m_degraded.contains(project.id);
    }
    result.diagnostics = m_diagnostics.takeItems();
    return result;
}

} // namespace

QString shapeName(ConfigShape shape)
{
    switch (shape) {
    case ConfigShape::None:
        return u"none"_s;
    case ConfigShape::Wrapped:
        return u"wrapped"_s;
    case ConfigShape::Flat:
        return u"flat"_s;
    case ConfigShape::Global:
        return u"global"_s;
    }
    return QString();
}

QList<ConfigDiagnostic> LoadedConfig::errors() const
{
    QList<ConfigDiagnostic> out;
    for (const ConfigDiagnostic &diagnostic : diagnostics) {
        if (diagnostic.isError())
            out << diagnostic;
    }
    return out;
}

QList<ConfigDiagnostic> LoadedConfig::warnings() const
{
    QList<ConfigDiagnostic> out;
    for (const ConfigDiagnostic &diagnostic : diagnostics) {
        if (!diagnostic.isError())
            out << diagnostic;
    }
    return out;
}

std::optional<ConfigDiagnostic> LoadedConfig::firstFatalError() const
{
    for (const ConfigDiagnostic &diagnostic : diagnostics) {
        if (diagnostic.isError() && diagnostic.projectId.isEmpty())
            return diagnostic;
    }
    return std::nullopt;
}

LoadedConfig ConfigLoader::loadText(const QByteArray &text, const QString &fileName, std::optional<ConfigShape> shape,
                                    const Options &options)
{
    // A null array stands for "no file" inside LoadRun; an empty file is an empty document.
    return LoadRun(options).run(text.isNull() ? QByteArray("") : text, fileName, shape);
}

LoadedConfig ConfigLoader::loadDocument(const YAML::Node &root, const QString &fileName, const Options &options)
{
    return LoadRun(options).runDocument(root, fileName, std::nullopt);
}

LoadedConfig ConfigLoader::loadFile(const QString &path, const Options &options)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QFile file(absolute);
    if (!QFileInfo(absolute).isFile() || !file.open(QIODevice::ReadOnly)) {
        LoadedConfig result = defaults(options);
        result.file = absolute;
        result.diagnostics.prepend({ConfigDiagnostic::Severity::Error,
                                    QFileInfo(absolute).exists() ? u"config.unreadable"_s : u"config.missing"_s,
                                    {absolute, 0, 0},
                                    QString(),
                                    QFileInfo(absolute).exists() ? u"cannot read the configuration file"_s
                                                                 : u"the configuration file does not exist"_s,
                                    u"check the path"_s,
                                    {}});
        return result;
    }
    const QByteArray text = file.read(kMaxConfigBytes + 1);
    if (text.size() > kMaxConfigBytes) {
        LoadedConfig result = defaults(options);
        result.file = absolute;
        result.diagnostics.prepend({ConfigDiagnostic::Severity::Error,
                                    u"config.too_large"_s,
                                    {absolute, 0, 0},
                                    QString(),
                                    u"the configuration file is larger than %1 bytes"_s.arg(kMaxConfigBytes),
                                    u"point the loader at the YAML configuration, not another file"_s,
                                    {}});
        return result;
    }
    const std::optional<ConfigShape> shape =
        ConfigLocator::isGlobalRegistryLocation(absolute) ? std::optional(ConfigShape::Global) : std::nullopt;
    return loadText(text, QDir::toNativeSeparators(absolute), shape, options);
}

LoadedConfig ConfigLoader::locateAndLoad(const QString &explicitPath, const QString &workingDir, const Options &options)
{
    const ConfigLocator::Found found = ConfigLocator::locate(explicitPath, workingDir);
    if (found.path.isEmpty())
        return defaults(options);
    LoadedConfig result = loadFile(found.path, options);
    result.origin = found.origin;
    return result;
}

LoadedConfig ConfigLoader::defaults(const Options &options)
{
    return LoadRun(options).run(QByteArray(), QString(), ConfigShape::None);
}

} // namespace flotilla

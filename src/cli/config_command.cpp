#include "config_command.h"

#include "cli_output.h"
#include "config/config_loader.h"
#include "config/effective_config.h"

#include <QDir>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const QString kConfigUsage = u"Usage: flo config check [FILE] [--json]\n"
                             "Checks a configuration without a running Flotilla: prints every error and warning\n"
                             "as file:line:col: severity: message, then the effective configuration (secrets\n"
                             "redacted). Without FILE the usual lookup applies (--config, FLOTILLA_CONFIG,\n"
                             "AO_CONFIG_PATH, flotilla.yaml or agent-orchestrator.yaml above the current folder,\n"
                             "the user config, the global registry).\n\n"
                             "Exit codes: 0 no errors (warnings allowed), 1 errors, 2 bad usage.\n"_s;

int usageError(const QString &problem)
{
    printErr(u"flo config: %1\n\n"_s.arg(problem) + kConfigUsage);
    return 2;
}

QString plural(qsizetype count, const QString &word)
{
    return u"%1 %2%3"_s.arg(count).arg(word, count == 1 ? QString() : u"s"_s);
}

} // namespace

int runConfigCommand(const QStringList &arguments)
{
    QStringList rest = arguments;
    if (rest.isEmpty())
        return usageError(u"missing subcommand"_s);
    const QString subcommand = rest.takeFirst();
    if (subcommand == u"--help"_s || subcommand == u"-h"_s || subcommand == u"help"_s) {
        printOut(kConfigUsage);
        return 0;
    }
    if (subcommand != u"check"_s)
        return usageError(u"unknown subcommand \"%1\""_s.arg(subcommand));

    bool json = false;
    QString file;
    QString explicitConfig;
    for (qsizetype i = 0; i < rest.size(); ++i) {
        const QString &argument = rest.at(i);
        if (argument == u"--json"_s) {
            json = true;
        } else if (argument == u"--help"_s || argument == u"-h"_s) {
            printOut(kConfigUsage);
            return 0;
        } else if (argument == u"--config"_s) {
            if (i + 1 >= rest.size())
                return usageError(u"--config needs a file"_s);
            explicitConfig = rest.at(++i);
        } else if (argument.startsWith(u"--config="_s)) {
            explicitConfig = argument.mid(9);
        } else if (argument.startsWith(u'-') && argument != u"-"_s) {
            return usageError(u"unknown option \"%1\""_s.arg(argument));
        } else if (file.isEmpty()) {
            file = argument;
        } else {
            return usageError(u"more than one FILE given"_s);
        }
    }
    if (!file.isEmpty() && !explicitConfig.isEmpty())
        return usageError(u"give either FILE or --config, not both"_s);

    const LoadedConfig loaded = file.isEmpty() ? ConfigLoader::locateAndLoad(explicitConfig, QDir::currentPath())
                                               : ConfigLoader::loadFile(file);
    const qsizetype errorCount = loaded.errors().size();
    const qsizetype warningCount = loaded.warnings().size();

    if (json) {
        printOut(QString::fromUtf8(QJsonDocument(checkReport(loaded)).toJson(QJsonDocument::Indented)));
        return errorCount > 0 ? 1 : 0;
    }

    QString out;
    for (const ConfigDiagnostic &diagnostic : loaded.diagnostics)
        out += diagnostic.toString() + u'\n';
    if (loaded.file.isEmpty()) {
        out += u"No configuration file found; these are the built-in defaults.\n"_s;
    } else {
        out += u"%1: %2 shape, %3, %4\n"_s.arg(loaded.file, shapeName(loaded.shape), plural(errorCount, u"error"_s),
                                               plural(warningCount, u"warning"_s));
    }
    for (const ProjectConfig &project : loaded.config.projects) {
        if (project.degraded)
            out += u"project \"%1\" is degraded: its file %2 has errors\n"_s.arg(project.id, project.localFile);
    }
    out += u"\n# Effective configuration (secrets redacted)\n"_s + effectiveYaml(redactedTree(loaded.tree));
    printOut(out);
    return errorCount > 0 ? 1 : 0;
}

} // namespace flotilla

#pragma once

#include <QString>
#include <QStringList>

namespace flotilla {

// Finds the configuration file, first hit wins:
//   1. an explicit path (--config),
//   2. $FLOTILLA_CONFIG,
//   3. $AO_CONFIG_PATH, if that file exists (the reference tool's variable),
//   4. walking up from the working directory: flotilla.yaml, flotilla.yml,
//      then the reference tool's agent-orchestrator.yaml / .yml,
//   5. flotilla.yaml in the user's config dir,
//   6. the reference tool's global registry (see globalRegistryCandidates),
//   7. its legacy files: ~/.agent-orchestrator.yaml, ~/.agent-orchestrator.yml,
//      ~/.config/agent-orchestrator/config.yaml.
// An empty result means none exists and the embedded defaults apply.
class ConfigLocator final
{
public:
    struct Found
    {
        QString path;   // empty: no file, use the defaults
        QString origin; // how it was found, for `flo config check` and logs
    };

    static Found locate(const QString &explicitPath, const QString &workingDir);

    // The global registry's possible places, in order: $AO_GLOBAL_CONFIG,
    // $XDG_CONFIG_HOME/agent-orchestrator/config.yaml, ~/.agent-orchestrator/config.yaml.
    static QStringList globalRegistryCandidates();
    // The first candidate that exists; empty when none does.
    static QString globalRegistryFile();
    // Whether `path` is one of the global registry's places (so it is read in the global shape).
    static bool isGlobalRegistryLocation(const QString &path);
    // A project folder's own file: flotilla.yaml/.yml, then agent-orchestrator.yaml/.yml.
    static QString projectFileIn(const QString &folder);
};

} // namespace flotilla

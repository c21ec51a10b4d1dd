#pragma once

#include <QString>

namespace flotilla {

// Finds the configuration file, first hit wins:
//   1. an explicit path (--config),
//   2. $FLOTILLA_CONFIG,
//   3. walking up from the working directory: flotilla.yaml, flotilla.yml,
//      then the reference tool's agent-orchestrator.yaml / .yml,
//   4. flotilla.yaml in the user's config dir.
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
};

} // namespace flotilla

#pragma once

#include "util/result.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace flotilla {

// The hand-over of an agent's environment to flotilla-launch. The variables (secrets among
// them) are written to a file only the user can read, in the user's private runtime folder,
// and the launcher deletes it the moment it has opened it; only the file's path travels on a
// command line.
class LaunchEnvironment final
{
public:
    // Writes `environment` (and the names in `withheld`, which the launcher unsets) into a new
    // private file under `dir` (created 0700 if needed) and returns its path. Names must be
    // non-empty and free of '=' and NUL; values free of NUL.
    static Result<QString> write(const QString &dir, const QString &stem, const QHash<QString, QString> &environment,
                                 const QStringList &withheld = {});

    // The file format flotilla-launch reads: NUL-terminated records, NAME=VALUE to set a
    // variable and a bare NAME to unset one (unsets come first).
    static Result<QByteArray> encode(const QHash<QString, QString> &environment, const QStringList &withheld = {});
};

} // namespace flotilla

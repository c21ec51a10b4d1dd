#pragma once

#include "util/result.h"

#include <QHash>
#include <QSet>
#include <QStringList>

namespace flotilla {

// One verb's command line: positionals, `--name value` options and `--flag`s. Anything the
// verb does not know is an error naming it, so a typo never silently does something else.
struct CliArgs
{
    struct Spec
    {
        QStringList valueOptions;          // "--project"
        QStringList flags;                 // "--json"
        QHash<QString, QString> shortName; // "-p" → "--project"
    };

    QStringList positionals;
    QHash<QString, QString> values;
    QSet<QString> flags;

    static Result<CliArgs> parse(const QStringList &arguments, const Spec &spec);

    bool flag(const QString &name) const { return flags.contains(name); }
    QString value(const QString &name, const QString &fallback = {}) const { return values.value(name, fallback); }
};

} // namespace flotilla

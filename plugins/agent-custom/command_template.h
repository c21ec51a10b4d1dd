#pragma once

#include "util/result.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

namespace flotilla {

// A command line written as one string, split into arguments the way a POSIX shell splits
// words ('single' and "double" quotes, backslash escapes) but never run through a shell:
// nothing is expanded except `{name}` placeholders, which are filled in after splitting, so a
// value (a prompt with spaces, quotes or `$`) always stays inside the one argument it is in.
class CommandTemplate final
{
public:
    // Fails on unbalanced quotes, an empty command and placeholders not in `known`.
    static Result<CommandTemplate> parse(const QString &text, const QStringList &known);
    // Fills the placeholders of a single string (no splitting); unknown ones are an error.
    static Result<QString> expandText(const QString &text, const QHash<QString, QString> &values);

    const QStringList &arguments() const { return m_arguments; }
    const QSet<QString> &placeholders() const { return m_placeholders; }
    bool uses(const QString &placeholder) const { return m_placeholders.contains(placeholder); }

    // Every placeholder the template uses must have a value.
    Result<QStringList> expand(const QHash<QString, QString> &values) const;

private:
    QStringList m_arguments;
    QSet<QString> m_placeholders;
};

} // namespace flotilla

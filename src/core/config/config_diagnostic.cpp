#include "config_diagnostic.h"

#include <yaml-cpp/mark.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

SourceLocation SourceLocation::fromMark(const QString &file, const YAML::Mark &mark)
{
    if (mark.is_null())
        return {file, 0, 0};
    return {file, mark.line + 1, mark.column + 1};
}

QString SourceLocation::toString() const
{
    if (line <= 0)
        return file;
    return u"%1:%2:%3"_s.arg(file).arg(line).arg(column);
}

QString ConfigDiagnostic::severityName() const
{
    return severity == Severity::Error ? u"error"_s : u"warning"_s;
}

QString ConfigDiagnostic::text() const
{
    QString out = path.isEmpty() ? message : path + u": "_s + message;
    if (!hint.isEmpty())
        out += u" ("_s + hint + u')';
    return out;
}

QString ConfigDiagnostic::toString() const
{
    return location.toString() + u": "_s + severityName() + u": "_s + text();
}

Error ConfigDiagnostic::toError() const
{
    return makeError(code, text(), location.toString());
}

void DiagnosticList::error(const QString &code, const SourceLocation &where, const QString &path,
                           const QString &message, const QString &hint)
{
    m_items.append({ConfigDiagnostic::Severity::Error, code, where, path, message, hint, {}});
}

void DiagnosticList::warning(const QString &code, const SourceLocation &where, const QString &path,
                             const QString &message, const QString &hint)
{
    m_items.append({ConfigDiagnostic::Severity::Warning, code, where, path, message, hint, {}});
}

bool DiagnosticList::hasErrors() const
{
    return std::any_of(m_items.cbegin(), m_items.cend(), [](const ConfigDiagnostic &d) { return d.isError(); });
}

} // namespace flotilla

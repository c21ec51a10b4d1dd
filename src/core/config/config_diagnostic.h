#pragma once

#include "util/result.h"

#include <QList>
#include <QString>

#include <utility>

namespace YAML {
class Mark;
}

namespace flotilla {

// Where in which file a configuration value was written. Line and column count from 1;
// 0 means the position is unknown (a file that could not be read at all).
struct SourceLocation
{
    QString file;
    int line = 0;
    int column = 0;

    static SourceLocation fromMark(const QString &file, const YAML::Mark &mark);
    QString toString() const; // "file:line:col", or just "file"
};

// One finding of the loader. Errors make the configuration unusable where they occur (the value
// is ignored); warnings (unknown keys) never do.
struct ConfigDiagnostic
{
    enum class Severity { Error, Warning };

    Severity severity = Severity::Error;
    QString code; // stable: config.type, config.enum, config.unknown_key, …
    SourceLocation location;
    QString path;      // dotted key path: projects.shop.agent
    QString message;   // unknown agent "claud"
    QString hint;      // did you mean "claude-code"?
    QString projectId; // set when the finding makes only this project degraded

    bool isError() const { return severity == Severity::Error; }
    QString severityName() const;
    // "path: message (hint)"
    QString text() const;
    // "file:line:col: error: path: message (hint)"
    QString toString() const;
    Error toError() const;
};

// Collects every finding instead of stopping at the first.
class DiagnosticList final
{
public:
    void add(ConfigDiagnostic diagnostic) { m_items.append(std::move(diagnostic)); }
    void error(const QString &code, const SourceLocation &where, const QString &path, const QString &message,
               const QString &hint);
    void warning(const QString &code, const SourceLocation &where, const QString &path, const QString &message,
                 const QString &hint);
    void append(const QList<ConfigDiagnostic> &more) { m_items.append(more); }

    const QList<ConfigDiagnostic> &items() const { return m_items; }
    QList<ConfigDiagnostic> takeItems() { return std::exchange(m_items, {}); }
    bool hasErrors() const;

private:
    QList<ConfigDiagnostic> m_items;
};

} // namespace flotilla

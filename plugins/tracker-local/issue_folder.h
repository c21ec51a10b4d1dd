#pragma once

#include "issue_file.h"

#include <QString>

#include <optional>

namespace flotilla {

// The issues folder of one project, one "<PREFIX>-<N>.md" file per issue. Every call does
// blocking file I/O, so callers run it on a worker thread. Numbers are handed out with exclusive
// creates and each file's rewrites are serialised across threads and processes, so several
// Flotilla instances may share one folder.
class IssueFolder final
{
public:
    IssueFolder(QString path, QString prefix);

    QString path() const { return m_path; }
    // "LOCAL-7", "local-7", "7" and "#7" all name issue 7.
    std::optional<int> numberOf(const QString &id) const;
    QString idFor(int number) const;
    QString fileFor(int number) const;

    Result<Issue> get(const QString &id) const;
    // Ascending by number; a limit of 0 or less lists every match. Files that do not parse are
    // left alone and skipped, so one bad edit hides only itself.
    Result<QList<Issue>> list(const IssueQuery &query) const;
    Result<void> update(const QString &id, const IssueUpdate &update) const;
    Result<Issue> create(const Issue &issue) const;

private:
    // The issue numbers that have a file, ascending.
    QList<int> numbers() const;
    Result<IssueFile> read(int number) const;
    Error notFound(const QString &id) const;

    QString m_path;
    QString m_prefix;
};

} // namespace flotilla

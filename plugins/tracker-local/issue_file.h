#pragma once

#include "plugin/tracker_plugin.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace flotilla {

// One issue file: a restricted YAML front matter (id, title, state, labels, assignee, branch)
// between "---" lines, then the Markdown body with an optional "## Comments" section. Rewriting
// keeps the body byte for byte and unknown front matter keys line for line, so people may edit
// the files by hand without Flotilla undoing their work.
class IssueFile final
{
public:
    // `path` names the file in errors, which point at its offending line.
    static Result<IssueFile> parse(const QByteArray &content, const QString &path);
    // A new file for `issue`; its body is the description.
    static IssueFile create(const Issue &issue);

    QByteArray serialize() const;

    // The fields as read. The description is the whole body, comments included: the prompt an
    // agent gets is built from the Issue alone and should carry the discussion too.
    const Issue &issue() const { return m_issue; }
    // The file name identifies an issue, so the folder sets the id it was found under.
    void setId(const QString &id) { m_issue.id = id; }
    void setState(Issue::State state) { m_issue.state = state; }
    void addLabel(const QString &label);
    void removeLabel(const QString &label);
    // Appends "### <time> — <author>" and the text under "## Comments", starting the section
    // when the body has none.
    void appendComment(const QString &text, const QString &author, const QDateTime &when);

    static QString stateName(Issue::State state);
    static std::optional<Issue::State> stateFromName(QStringView name);

private:
    Issue m_issue;
    QList<QByteArray> m_unknown; // front matter lines of keys this tracker does not interpret
    QByteArray m_body;
    QByteArray m_newline = "\n";
};

// The body split the way a reader wants it: the description proper, then each comment.
struct IssueBody
{
    struct Comment
    {
        QString time;   // "2026-11-26T04:00:00Z", as written in the heading
        QString author; // "flotilla"
        QString text;
    };
    QString description;
    QList<Comment> comments;

    static IssueBody split(const QString &body);
};

} // namespace flotilla

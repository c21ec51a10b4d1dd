#pragma once

#include <QString>

namespace flotilla::demo {

// File access confined to the working directory: every path is relative to it, and a path
// that would lead outside it (absolute, "..", a symlink out, or into .git) is refused.
class WorkFiles final
{
public:
    explicit WorkFiles(const QString &root);

    // The absolute path for `relative`, or an empty string when it is not a safe place to write.
    QString resolve(const QString &relative) const;
    bool exists(const QString &relative) const;
    QString read(const QString &relative) const;
    // Each returns an error sentence, empty on success.
    QString write(const QString &relative, const QString &text) const;
    QString append(const QString &relative, const QString &line) const;
    // Puts a one-line comment, in the file's own comment syntax, at the top (after a "#!" line).
    QString prependComment(const QString &relative, const QString &comment) const;

private:
    QString m_root;
};

} // namespace flotilla::demo

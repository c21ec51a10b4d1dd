#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QTemporaryDir>

namespace flotilla::test {

// A private home for one test: its own XDG data, config, cache and runtime folders, set in
// this process's environment (QStandardPaths reads them on every call) and handed to child
// processes, so tests never touch the user's real files or each other's instance.
class IsolatedEnvironment final
{
public:
    IsolatedEnvironment();
    ~IsolatedEnvironment();
    IsolatedEnvironment(const IsolatedEnvironment &) = delete;
    IsolatedEnvironment &operator=(const IsolatedEnvironment &) = delete;

    bool isValid() const { return m_root.isValid(); }
    QString root() const { return m_root.path(); }
    QString workDir() const { return m_root.path() + QStringLiteral("/work"); }
    QProcessEnvironment processEnvironment() const;
    // For tests whose agents run in tmux: a tmux server and a home of this environment's own
    // (set in this process's environment, inherited by what it starts). False on failure.
    bool useOwnTmuxServer() const;
    // Ends that tmux server and whatever still runs in it.
    void stopOwnTmuxServer() const;

    // Path of a binary built next to flo (flotilla, flo).
    static QString binary(const QString &name);
    // Where tests leave screenshots and logs for people to look at.
    static QString artifactsDir();

private:
    QTemporaryDir m_root;
    QHash<QString, QByteArray> m_saved;
};

} // namespace flotilla::test

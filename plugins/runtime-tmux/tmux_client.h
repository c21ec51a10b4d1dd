#pragma once

#include "util/result.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>

namespace flotilla {

// What one tmux invocation printed. A non-zero exit is not an Error here: "can't find
// session" and "no server running" are answers the caller interprets.
struct TmuxOutput
{
    int exitCode = 0;
    QByteArray out;
    QString err;

    bool ok() const { return exitCode == 0; }
};

// Runs the tmux client against one dedicated server socket (`tmux -L SOCKET ...`), never the
// user's own server. Every call is asynchronous, bounded by a timeout, and answered exactly
// once on this object's thread; the answer is an Error only when tmux could not run at all.
class TmuxClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TmuxClient)

public:
    using Done = std::function<void(Result<TmuxOutput>)>;
    static constexpr std::chrono::milliseconds kDefaultTimeout{10000};

    // `program` is the tmux binary; empty means it was not found.
    explicit TmuxClient(QString program, QObject *parent = nullptr);
    // Stops the tmux calls still running without answering them.
    ~TmuxClient() override;

    QString program() const { return m_program; }

    // `input` is written to tmux's stdin (load-buffer -), so text never appears in an argv.
    void run(const QString &socket, const QStringList &arguments, Done done, const QByteArray &input = {},
             std::chrono::milliseconds timeout = kDefaultTimeout);

    // The server of the socket is not running (or its socket is gone): it has no sessions.
    static bool isServerMissing(const QString &error);
    // The session, window or pane named in a target does not exist.
    static bool isTargetMissing(const QString &error);

    // Exact-match targets: a bare name is a prefix match in tmux, so "shop-1" would find
    // "shop-10" once "shop-1" is gone.
    static QString sessionTarget(const QString &session);
    // The agent's pane: the first pane of the session's lowest-numbered window, wherever a
    // person who attached has moved the focus since.
    static QString paneTarget(const QString &session);

    // An argument tmux passes on unchanged: tmux splits its command line at every argument
    // that ends in ';' (a command separator) unless that ';' is escaped.
    static QString literal(const QString &argument);
    // The same for an argument tmux expands as a format (new-session -c), where '#' is special.
    static QString literalFormat(const QString &argument);

private:
    QString m_program;
};

} // namespace flotilla

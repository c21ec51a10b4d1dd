#pragma once

#include "external_plugin_spec.h"
#include "log_redactor.h"
#include "plugin/plugin_common.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QFuture>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <map>

class QProcess;

namespace flotilla {

// One external plugin's process and its JSON-RPC conversation. Starts the command on first
// use, performs the `initialize` handshake, matches answers to calls by id, times calls out,
// and restarts a plugin that died on the next call (after a growing pause, so a plugin that
// crashes on start is not respawned in a tight loop). Everything is asynchronous: no call
// waits for the process; answers arrive through futures on this object's thread.
class ExternalPluginProcess final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExternalPluginProcess)

public:
    static constexpr int kProtocolVersion = 1;
    static constexpr qsizetype kMaxLineBytes = 16 * 1024 * 1024;
    static constexpr int kStderrLinesKept = 20;

    ExternalPluginProcess(ExternalPluginSpec spec, PluginSettings settings, QObject *parent = nullptr);
    // Closes the plugin's stdin, then terminates and finally kills it if it does not exit.
    ~ExternalPluginProcess() override;

    const ExternalPluginSpec &spec() const { return m_spec; }

    // Calls `method`; the future carries the `result` member of the answer, or an Error.
    QFuture<Result<QJsonValue>> call(const QString &method, const QJsonObject &params);
    // Sends a JSON-RPC notification (no answer), starting the plugin first if needed.
    void notify(const QString &method, const QJsonObject &params);
    // Starts the plugin now rather than on the first call, so its declarations are at hand.
    void start();

    bool isReady() const { return m_state == State::Ready; }
    // The plugin's `initialize` answer; empty until the first handshake succeeded.
    QJsonObject declarations() const { return m_declarations; }
    // What the plugin said about itself through `detect`, or why it cannot run.
    Availability availability() const;

    external::LogRedactor &redactor() { return m_redactor; }

    // The `initialize` answer, checked against the slot and protocol this process serves.
    static Result<QJsonObject> checkHandshake(const ExternalPluginSpec &spec, const QJsonValue &answer);
    // Where the program of `command` resolves, or empty if it cannot be found.
    static QString resolveProgram(const QStringList &command, const QString &workingDir);

signals:
    // The handshake succeeded; declarations() is filled.
    void ready();

private:
    enum class State { Stopped, Waiting, Starting, Ready };
    using Callback = std::function<void(Result<QJsonValue>)>;

    struct Pending
    {
        QString method;
        QJsonObject params; // kept until written, for calls made before the handshake
        Callback done;
        QTimer *timer = nullptr;
        bool written = false;
        bool internal = false; // the handshake and detect: answered to this object, not a caller
    };

    qint64 addPending(const QString &method, const QJsonObject &params, Callback done, bool internal);
    void writeCall(qint64 id);
    void ensureStarted();
    void launch();
    void sendHandshake();
    void onHandshake(Result<QJsonValue> answer);
    void flushQueued();
    void write(const QJsonObject &message);
    void readStdout();
    void readStderr();
    void handleLine(const QByteArray &line);
    void handleResponse(const QJsonObject &message);
    void flushStderr();
    void handleExit(const QString &reason);
    void handleStartFailure(const QString &problem, const QString &code);
    void abandon(const Error &error);
    void recordFailure();
    void failAll(const Error &error);
    void finish(qint64 id, Result<QJsonValue> result);
    void timeOut(qint64 id);
    enum class Stop { Gracefully, Now };
    void detachProcess(Stop how);
    Error error(const QString &code, const QString &message) const;
    int backoffMs() const;

    ExternalPluginSpec m_spec;
    PluginSettings m_settings;
    external::LogRedactor m_redactor;
    QProcess *m_process = nullptr;
    State m_state = State::Stopped;
    qint64 m_nextId = 0;
    qint64 m_handshakeId = 0;
    std::map<qint64, Pending> m_pending;
    QList<QJsonObject> m_queuedNotifications;
    QJsonObject m_declarations;
    Availability m_availability;
    QString m_startProblem;
    QByteArray m_stdout;
    qsizetype m_stdoutScanned = 0;
    QByteArray m_stderr;
    QStringList m_stderrTail;
    QTimer m_restartTimer;
    int m_failures = 0;
    QElapsedTimer m_sinceFailure;
    QElapsedTimer m_sinceReady;
};

} // namespace flotilla

#pragma once

#include "util/result.h"

#include <QLockFile>
#include <QObject>
#include <QStringList>

#include <memory>

class QLocalServer;
class QLocalSocket;
class QTimer;

namespace flotilla {

// One Flotilla per user. The first launch takes a lock file and listens on a local socket;
// a later launch finds the lock taken, hands its arguments to the first over the socket and
// exits. The lock (not the socket) decides who is first, so two launches at the same moment
// cannot both win, and a lock left by a crashed process is recognised as stale.
class SingleInstance final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)

public:
    enum class Role { Primary, Secondary };

    explicit SingleInstance(QObject *parent = nullptr);
    ~SingleInstance() override;

    // Takes the lock and starts listening (Primary), or reports that another instance holds
    // it (Secondary). An error means neither could be established.
    Result<Role> claim();

    // Secondary only: sends `arguments` and the working directory to the primary. Ends with
    // handedOver() or handOverFailed(); never blocks.
    void handOver(const QStringList &arguments, const QString &workingDir);

signals:
    // Primary: another launch asked us to come forward (and maybe open something).
    void activationRequested(const QStringList &arguments, const QString &workingDir);
    void handedOver(qint64 primaryPid);
    void handOverFailed(const flotilla::Error &error);

private:
    void acceptConnection();
    void tryConnect();

    std::unique_ptr<QLockFile> m_lock;
    QLocalServer *m_server = nullptr;
    QLocalSocket *m_client = nullptr;
    QTimer *m_retryTimer = nullptr;
    QByteArray m_payload;
    int m_attemptsLeft = 0;
    bool m_finished = false;
};

} // namespace flotilla

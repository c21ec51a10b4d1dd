#include "single_instance.h"

#include "util/app_paths.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// A hand-over message is a few paths; anything bigger is not from us.
constexpr qint64 kMaxMessageBytes = 64 * 1024;
// The primary may still be starting (lock taken, socket not yet listening): retry for ~3 s.
constexpr int kConnectAttempts = 30;
constexpr int kConnectRetryMs = 100;
constexpr int kReplyTimeoutMs = 5000;

} // namespace

SingleInstance::SingleInstance(QObject *parent) : QObject(parent) {}

SingleInstance::~SingleInstance() = default;

Result<SingleInstance::Role> SingleInstance::claim()
{
    if (!AppPaths::ensurePrivateDir(AppPaths::runtimeDir()))
        return makeError(u"instance.runtime_dir"_s, u"cannot create the runtime folder"_s, AppPaths::runtimeDir());

    m_lock = std::make_unique<QLockFile>(AppPaths::instanceLockFile());
    // Never treat a held lock as stale because of its age; a dead owner is still detected.
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(0)) {
        const QLockFile::LockError reason = m_lock->error();
        m_lock.reset();
        if (reason == QLockFile::LockFailedError)
            return Role::Secondary;
        return makeError(u"instance.lock"_s, u"cannot create the instance lock file"_s, AppPaths::instanceLockFile());
    }

    // We hold the lock, so any socket left behind is a crashed instance's.
    const QString name = AppPaths::instanceSocketName();
    QLocalServer::removeServer(name);
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(name))
        return makeError(u"instance.listen"_s, u"cannot listen for other launches: "_s + m_server->errorString(), name);
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::acceptConnection);
    return Role::Primary;
}

void SingleInstance::acceptConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (socket->bytesAvailable() > kMaxMessageBytes) {
                socket->abort();
                return;
            }
            if (!socket->canReadLine())
                return;
            const QJsonObject message = QJsonDocument::fromJson(socket->readLine()).object();
            QStringList arguments;
            const QJsonArray list = message.value(u"arguments"_s).toArray();
            for (const QJsonValue &value : list)
                arguments << value.toString();
            const QJsonObject reply{{u"pid"_s, QCoreApplication::applicationPid()}};
            socket->write(QJsonDocument(reply).toJson(QJsonDocument::Compact) + '\n');
            socket->disconnectFromServer();
            emit activationRequested(arguments, message.value(u"cwd"_s).toString());
        });
    }
}

void SingleInstance::handOver(const QStringList &arguments, const QString &workingDir)
{
    const QJsonObject message{{u"arguments"_s, QJsonArray::fromStringList(arguments)},
                              {u"cwd"_s, workingDir},
                              {u"pid"_s, QCoreApplication::applicationPid()}};
    m_payload = QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n';
    m_attemptsLeft = kConnectAttempts;

    m_client = new QLocalSocket(this);
    m_retryTimer = new QTimer(this);
    m_retryTimer->setSingleShot(true);
    m_retryTimer->setInterval(kConnectRetryMs);
    connect(m_retryTimer, &QTimer::timeout, this, &SingleInstance::tryConnect);

    connect(m_client, &QLocalSocket::connected, this, [this] {
        m_client->write(m_payload);
        QTimer::singleShot(kReplyTimeoutMs, m_client, [this] {
            if (m_finished)
                return;
            m_finished = true;
            emit handOverFailed(makeError(u"instance.no_reply"_s, u"the running Flotilla did not answer"_s,
                                          AppPaths::instanceSocketName()));
            m_client->abort();
        });
    });
    connect(m_client, &QLocalSocket::readyRead, this, [this] {
        if (!m_client->canReadLine())
            return;
        const QJsonObject reply = QJsonDocument::fromJson(m_client->readLine()).object();
        const qint64 pid = reply.value(u"pid"_s).toInteger();
        m_finished = true;
        m_client->disconnect(this);
        m_client->abort();
        emit handedOver(pid);
    });
    connect(m_client, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError error) {
        const bool notListeningYet =
            error == QLocalSocket::ServerNotFoundError || error == QLocalSocket::ConnectionRefusedError;
        if (notListeningYet && --m_attemptsLeft > 0) {
            m_retryTimer->start();
            return;
        }
        if (m_finished || error == QLocalSocket::PeerClosedError)
            return; // the primary closes after replying; readyRead has handled it
        m_finished = true;
        emit handOverFailed(
            makeError(u"instance.unreachable"_s,
                      u"another Flotilla holds the instance lock but cannot be reached: "_s + m_client->errorString(),
                      AppPaths::instanceSocketName()));
    });
    tryConnect();
}

void SingleInstance::tryConnect()
{
    m_client->abort();
    m_client->connectToServer(AppPaths::instanceSocketName());
}

} // namespace flotilla

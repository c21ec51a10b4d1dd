#pragma once

#include "util/result.h"

#include <QObject>
#include <QString>

#include <functional>

namespace flotilla {

// Secrets (tokens, API keys) in the OS keychain: Keychain on macOS, Credential Manager on
// Windows, the Secret Service (gnome-keyring, KWallet) on Linux, through QtKeychain.
// Every call is asynchronous and reports through a callback run on `context`'s thread; if
// `context` is gone by then the callback is dropped. There is deliberately no plaintext
// fallback: with no keychain the caller gets a `secrets.no_backend` error to show the user.
class SecretStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    explicit SecretStore(QString service = QStringLiteral("flotilla"), QObject *parent = nullptr);

    using ReadDone = std::function<void(Result<QString>)>;
    using WriteDone = std::function<void(Result<void>)>;

    void read(const QString &key, QObject *context, ReadDone done);
    void write(const QString &key, const QString &secret, QObject *context, WriteDone done);
    void remove(const QString &key, QObject *context, WriteDone done);

    QString service() const { return m_service; }

private:
    QString m_service;
};

} // namespace flotilla

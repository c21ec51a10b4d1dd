#pragma once

#include "ravi_mail.h"
#include "ravi_notifier_settings.h"

#include <QObject>
#include <QPromise>

#include <memory>
#include <optional>

namespace flotilla {

class RaviClient;
class SecretStore;

// The identity escalations are sent as, and its mail. An identity key in the settings is used
// as it is. The management key instead finds (or creates) the identity named `identity_name`
// and uses its key from the keychain, minting one only when the keychain has none. Resolved
// once; a failure is not remembered, so the next call tries again.
class RaviSender final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RaviSender)

public:
    RaviSender(RaviNotifierSettings settings, SecretStore *keychain, QObject *parent = nullptr);
    ~RaviSender() override;

    Async<void> ready();
    bool isReady() const { return m_ready; }

    // Valid once ready() succeeded.
    RaviClient &client() { return *m_client; }
    RaviMail &mail() { return *m_mail; }
    const RaviInbox &inbox() const { return m_inbox; }

private:
    void resolveKey();
    void fromManagementKey(const QString &managementKey);
    void useIdentityKey(const QString &identityKey);
    void settle(const std::optional<Error> &failure);

    RaviNotifierSettings m_settings;
    SecretStore *m_keychain = nullptr;
    std::unique_ptr<RaviClient> m_management;
    std::unique_ptr<RaviClient> m_client;
    std::unique_ptr<RaviMail> m_mail;
    RaviInbox m_inbox;
    bool m_ready = false;
    QList<std::shared_ptr<QPromise<Result<void>>>> m_waiting;
};

} // namespace flotilla

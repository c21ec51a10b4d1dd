#pragma once

#include "ravi_client.h"

#include <QObject>

#include <memory>
#include <optional>

namespace flotilla {

// Signing in to Ravi without pasting a key: Ravi shows a code, the person confirms it in a
// browser, and the management key comes back (device-code flow, no key needed to start).
class RaviDeviceLogin final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RaviDeviceLogin)

public:
    struct Code
    {
        QString deviceCode;
        QString userCode;      // like ABCD-1234
        QUrl verificationPage; // where the person confirms it
        int expiresInSeconds = 0;
        int intervalSeconds = 5; // how often to ask whether they did
    };
    struct Grant
    {
        QString managementKey;
        QString identityUuid; // a new account also gets an identity and its key
        QString identityKey;
        QString userEmail;
    };

    explicit RaviDeviceLogin(QUrl baseUrl, QObject *parent = nullptr);
    ~RaviDeviceLogin() override;

    Async<Code> start();
    // Nothing yet (the person has not confirmed), the grant, or ravi.login_expired.
    Async<std::optional<Grant>> poll(const QString &deviceCode);

private:
    QUrl m_base;
    std::unique_ptr<RaviClient> m_client;
};

} // namespace flotilla

#pragma once

#include "plugin/plugin_common.h"

#include <QUrl>

#include <chrono>

namespace flotilla {

// One `notifiers` entry of plugin `ravi`:
//   ravi_api_key: "${RAVI_API_KEY}"       # an identity key sends as that identity; the
//                                         # management key sends as `identity_name`
//   escalation_email: you@example.com     # who is asked, and the only address whose replies count
//   escalation_sms: "+15551234567"        # optional, E.164
//   poll_interval_seconds: 30
//   acknowledge: true                     # a short reply saying what became of an answer
//   baseUrl, identity_name                # optional
// `emailTo` and `phone` are read too, as the reference tool names them.
struct RaviNotifierSettings
{
    QString name;         // the `notifiers` entry
    QString keyReference; // as written; empty: RAVI_API_KEY, then the keychain item "ravi"
    QUrl baseUrl;
    QString approverEmail;
    QString approverSms;
    std::chrono::seconds pollInterval{30};
    bool acknowledge = true;
    QString identityName = QStringLiteral("Flotilla escalations");

    // `fallbackBaseUrl` is the configuration's `ravi.baseUrl`. Errors name the key at fault.
    static Result<RaviNotifierSettings> read(const PluginSettings &settings, const QString &fallbackBaseUrl);

    friend bool operator==(const RaviNotifierSettings &, const RaviNotifierSettings &) = default;
};

} // namespace flotilla

#pragma once

#include "plugin/plugin_common.h"

#include <QObject>
#include <QStringList>

#include <memory>

namespace flotilla {

// Finds the Linear API key, in this order: the plugin's `apiKey` setting (a `${VAR}` or
// `keychain:NAME` reference), $LINEAR_API_KEY, then the keychain item "linear" (what the app's
// Settings stores). The key itself is never logged or put in an error; where it came from is.
class LinearKeySource final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinearKeySource)

public:
    static constexpr auto kKeychainItem = "linear";
    static constexpr auto kEnvironmentVariable = "LINEAR_API_KEY";

    explicit LinearKeySource(const PluginSettings &settings, QObject *parent = nullptr);

    Async<QString> resolve();
    // Where the last resolved key came from ("$LINEAR_API_KEY", "keychain item linear").
    QString origin() const { return m_origin; }

private:
    struct Attempt;
    void tryNext(const std::shared_ptr<Attempt> &attempt);
    void fromKeychain(const std::shared_ptr<Attempt> &attempt, const QString &item, bool required);
    void succeed(const std::shared_ptr<Attempt> &attempt, const QString &key, const QString &origin);

    QString m_reference;
    QString m_origin;
};

} // namespace flotilla

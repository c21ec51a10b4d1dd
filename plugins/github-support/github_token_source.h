#pragma once

#include "plugin/plugin_common.h"

#include <QObject>
#include <QStringList>

namespace flotilla {

// Finds the token GitHub calls are made with, in this order: the plugin's `token` setting (a
// `${VAR}` or `keychain:NAME` reference), $GH_TOKEN, $GITHUB_TOKEN, the keychain item
// "github" (what the app's Settings stores), and finally the login of the `gh` CLI
// (`gh auth token`). The token itself is never logged or put in an error; where it came
// from is.
class GithubTokenSource final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GithubTokenSource)

public:
    static constexpr auto kKeychainItem = "github";

    GithubTokenSource(const PluginSettings &settings, QString host, QObject *parent = nullptr);

    Async<QString> resolve();
    // Where the last resolved token came from ("$GH_TOKEN", "keychain item github", "gh auth token").
    QString origin() const { return m_origin; }

private:
    struct Attempt;
    void tryNext(const std::shared_ptr<Attempt> &attempt);
    void fromKeychain(const std::shared_ptr<Attempt> &attempt, const QString &item, bool required);
    void fromGhCli(const std::shared_ptr<Attempt> &attempt);
    void succeed(const std::shared_ptr<Attempt> &attempt, const QString &token, const QString &origin);

    QString m_reference;
    QString m_host;
    QString m_origin;
};

} // namespace flotilla

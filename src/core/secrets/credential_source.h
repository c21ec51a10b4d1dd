#pragma once

#include "plugin/plugin_common.h"

#include <QObject>
#include <QStringList>

#include <memory>

namespace flotilla {

// Finds one credential (an API token or key) from an ordered list of places: a setting that
// holds a `${VAR}` or `keychain:NAME` reference, environment variables, a keychain item, and
// a command that prints it (such as `gh auth token`). A setting is the user's explicit choice:
// when it gives nothing the search stops there rather than quietly using another account. The
// credential itself never reaches a log or an error; where it came from does.
class CredentialSource final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialSource)

public:
    struct Places
    {
        QString what;             // "GitHub token"
        QString codePrefix;       // "github" → github.token_unavailable / github.no_token
        QString settingName;      // "token"
        QString settingReference; // the setting's text, empty when not set
        QStringList environment;  // {"GH_TOKEN", "GITHUB_TOKEN"}
        QString keychainItem;     // "github"
        QStringList command;      // {"gh", "auth", "token"}: program (found on PATH) and arguments
        QString missingHint;      // what to do when nothing is found
        QString unavailableCode = QStringLiteral("credential_unavailable");
        QString missingCode = QStringLiteral("no_credential");
    };

    explicit CredentialSource(Places places, QObject *parent = nullptr);

    Async<QString> resolve();
    QString origin() const { return m_origin; }

private:
    struct Attempt;
    void tryNext(const std::shared_ptr<Attempt> &attempt);
    void fromSetting(const std::shared_ptr<Attempt> &attempt);
    void fromKeychain(const std::shared_ptr<Attempt> &attempt, const QString &item, bool required);
    void fromCommand(const std::shared_ptr<Attempt> &attempt);
    void succeed(const std::shared_ptr<Attempt> &attempt, const QString &credential, const QString &origin);
    Error unavailable(const QString &message) const;

    Places m_places;
    QString m_origin;
};

} // namespace flotilla

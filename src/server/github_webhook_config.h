#pragma once

#include "config/env_expansion.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

#include <memory>

namespace flotilla {

class SecretStore;
struct Config;
struct ProjectConfig;

// Which projects take GitHub webhooks, at which paths, with which headers, size limit and
// signing secret. A project takes part when its SCM is `github` and `scm.webhook.enabled` is
// not false. Its secret is the first of these that is configured (not a fallback chain):
//   1. `scm.webhook.secret`: a `${VAR}` reference (read from the environment) or
//      `keychain:NAME` (read from the OS keychain),
//   2. `scm.webhook.secretEnvVar`: the name of an environment variable (reference tool),
//   3. the keychain item `github-webhook`.
// Environment values are read when a configuration is applied; keychain items are read then
// too, asynchronously, and kept in memory only. Secrets are never logged.
class GithubWebhookConfig final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GithubWebhookConfig)

public:
    static QString defaultKeychainItem(); // github-webhook
    static QString compatibilityPath();   // /api/webhooks/github, the reference tool's route

    struct Project
    {
        QString id;
        QString repository; // "owner/name"
        QString path;       // its reference-tool route
        QByteArray signatureHeader;
        QByteArray eventHeader;
        QByteArray deliveryHeader;
        qint64 maxBodyBytes = 0;
        QString keychainItem;     // set: the secret comes from this keychain item
        QByteArray directSecret;  // from the environment
        QString environmentError; // why an environment source gave nothing
    };

    // `keychain` may be null: then keychain sources give no secret.
    GithubWebhookConfig(EnvironmentLookup environment, SecretStore *keychain, QObject *parent = nullptr);
    ~GithubWebhookConfig() override;

    // Takes `config` unless it is the one already applied; reads every secret source anew.
    void apply(const std::shared_ptr<const Config> &config);

    // Projects served at `path`: every participating one at the versioned API path, and at its
    // own reference-tool path.
    QList<Project> projectsAt(const QString &path, const QString &apiPath) const;
    bool isConfiguredPath(const QString &path) const { return m_paths.contains(path); }

    // Empty while unknown (keychain read pending or failed) or when there is none.
    QByteArray secretOf(const Project &project) const;
    bool isReading(const Project &project) const;

private:
    Project describe(const ProjectConfig &project) const;
    void readKeychain(const QString &item);

    EnvironmentLookup m_environment;
    SecretStore *m_keychain;
    std::shared_ptr<const Config> m_config;
    QList<Project> m_projects;
    QSet<QString> m_paths;
    QHash<QString, QByteArray> m_keychainSecrets; // item → value, memory only
    QSet<QString> m_reading;
};

} // namespace flotilla

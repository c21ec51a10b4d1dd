#include "github_webhook_config.h"

#include "config/config_model.h"
#include "github_webhook.h"
#include "secrets/secret_store.h"

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QByteArray headerOr(const QString &configured, const QByteArray &fallback)
{
    const QByteArray header = configured.trimmed().toLatin1();
    return header.isEmpty() ? fallback : header;
}

QString routePath(const QString &configured)
{
    const QString path = configured.trimmed();
    if (path.isEmpty())
        return GithubWebhookConfig::compatibilityPath();
    return path.startsWith(u'/') ? path : u"/"_s + path;
}

} // namespace

QString GithubWebhookConfig::defaultKeychainItem()
{
    return u"github-webhook"_s;
}

QString GithubWebhookConfig::compatibilityPath()
{
    return u"/api/webhooks/github"_s;
}

GithubWebhookConfig::GithubWebhookConfig(EnvironmentLookup environment, SecretStore *keychain, QObject *parent)
    : QObject(parent), m_environment(std::move(environment)), m_keychain(keychain)
{}

GithubWebhookConfig::~GithubWebhookConfig() = default;

GithubWebhookConfig::Project GithubWebhookConfig::describe(const ProjectConfig &project) const
{
    const WebhookSettings settings = project.scm.webhook.value_or(WebhookSettings{});
    Project hooked;
    hooked.id = project.id;
    hooked.repository = project.repo.trimmed();
    hooked.path = routePath(settings.path);
    hooked.signatureHeader = headerOr(settings.signatureHeader, githubwebhook::defaultSignatureHeader());
    hooked.eventHeader = headerOr(settings.eventHeader, githubwebhook::defaultEventHeader());
    hooked.deliveryHeader = headerOr(settings.deliveryHeader, githubwebhook::defaultDeliveryHeader());
    hooked.maxBodyBytes = settings.maxBodyBytes && *settings.maxBodyBytes > 0 ? *settings.maxBodyBytes
                                                                              : githubwebhook::kDefaultMaxBodyBytes;

    if (settings.secret.kind == SecretReference::Kind::Keychain) {
        hooked.keychainItem = settings.secret.name;
    } else if (settings.secret.kind == SecretReference::Kind::Ravi) {
        hooked.environmentError =
            u"scm.webhook.secret: a ravi: reference cannot sign webhooks; use keychain: or ${VAR}"_s;
    } else if (settings.secret.isSet()) {
        auto value = settings.secret.resolveFromEnvironment(m_environment);
        if (value && !value->isEmpty())
            hooked.directSecret = value->toUtf8();
        else
            hooked.environmentError = u"scm.webhook.secret %1 is empty or unset"_s.arg(settings.secret.redacted());
    } else if (!settings.secretEnvVar.trimmed().isEmpty()) {
        const QString variable = settings.secretEnvVar.trimmed();
        if (const auto value = m_environment(variable); value && !value->isEmpty())
            hooked.directSecret = value->toUtf8();
        else
            hooked.environmentError = u"scm.webhook.secretEnvVar: $%1 is empty or unset"_s.arg(variable);
    } else {
        hooked.keychainItem = defaultKeychainItem();
    }
    return hooked;
}

void GithubWebhookConfig::apply(const std::shared_ptr<const Config> &config)
{
    if (config == m_config)
        return;
    m_config = config;
    m_projects.clear();
    m_paths.clear();
    if (!config)
        return;
    QSet<QString> items;
    for (const ProjectConfig &project : config->projects) {
        if (project.scm.block.plugin != u"github"_s || (project.scm.webhook && !project.scm.webhook->enabled))
            continue;
        Project hooked = describe(project);
        if (!hooked.environmentError.isEmpty())
            qWarning("flotilla: project %s takes no GitHub webhooks: %s", qUtf8Printable(hooked.id),
                     qUtf8Printable(hooked.environmentError));
        if (!hooked.keychainItem.isEmpty())
            items.insert(hooked.keychainItem);
        m_paths.insert(hooked.path);
        m_projects.append(std::move(hooked));
    }
    // Read anew on every apply, so a secret changed in the keychain counts after a reload.
    for (const QString &item : std::as_const(items))
        readKeychain(item);
}

void GithubWebhookConfig::readKeychain(const QString &item)
{
    if (!m_keychain || m_reading.contains(item))
        return;
    m_reading.insert(item);
    m_keychain->read(item, this, [this, item](Result<QString> secret) {
        m_reading.remove(item);
        if (secret && !secret->isEmpty()) {
            m_keychainSecrets.insert(item, secret->toUtf8());
            return;
        }
        m_keychainSecrets.remove(item);
        // The default item missing is the usual case of a project that does not use webhooks.
        if (!secret && secret.error().code != u"secrets.not_found"_s)
            qWarning("flotilla: cannot read the GitHub webhook secret %s from the keychain: %s", qUtf8Printable(item),
                     qUtf8Printable(secret.error().message));
    });
}

QList<GithubWebhookConfig::Project> GithubWebhookConfig::projectsAt(const QString &path, const QString &apiPath) const
{
    if (path == apiPath)
        return m_projects;
    QList<Project> served;
    for (const Project &project : m_projects) {
        if (project.path == path)
            served.append(project);
    }
    return served;
}

QByteArray GithubWebhookConfig::secretOf(const Project &project) const
{
    if (!project.keychainItem.isEmpty())
        return m_keychainSecrets.value(project.keychainItem);
    return project.directSecret;
}

bool GithubWebhookConfig::isReading(const Project &project) const
{
    return !project.keychainItem.isEmpty() && m_reading.contains(project.keychainItem);
}

} // namespace flotilla

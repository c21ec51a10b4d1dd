#include "ravi_identity_hook.h"

#include "config/config_model.h"
#include "plugin/await_result.h"
#include "ravi_client.h"
#include "ravi_json.h"
#include "secrets/credential_source.h"
#include "secrets/secret_store.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr auto kDeadline = std::chrono::seconds(30);

// A local part Ravi accepts: 3–30 of a–z, 0–9, '.', '-', alphanumeric at both ends.
QString emailLocalPart(const QString &sessionId)
{
    QString local = u"flotilla-"_s + sessionId.toLower();
    local.replace(QRegularExpression(u"[^a-z0-9.-]+"_s), u"-"_s);
    local.replace(QRegularExpression(u"[-.]{2,}"_s), u"-"_s);
    local = local.left(30);
    while (!local.isEmpty() && !local.back().isLetterOrNumber())
        local.chop(1);
    return local.size() >= 3 ? local : QString();
}

QString keychainItem(const QString &uuid)
{
    return u"ravi-identity:"_s + uuid;
}

} // namespace

struct RaviIdentityHook::Spawn
{
    SessionRecord session;
    RaviProjectSettings settings;
    QUrl base;
    RaviClient *management = nullptr;
    RaviIdentity identity;
    SpawnContribution contribution;
    PendingResult<SpawnContribution> answer;
};

RaviIdentityHook::RaviIdentityHook(ConfigSource config, HeldIdentities held, SecretStore *keychain, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_held(std::move(held)), m_keychain(keychain)
{}

RaviIdentityHook::~RaviIdentityHook() = default;

QString RaviIdentityHook::identityName(const QString &projectId, const QString &sessionId)
{
    return u"Flotilla %1 %2"_s.arg(projectId, sessionId);
}

Async<SpawnContribution> RaviIdentityHook::onSpawn(const SessionRecord &session)
{
    const std::shared_ptr<const Config> config = m_config ? m_config() : nullptr;
    const ProjectConfig *project = config ? config->project(session.projectId) : nullptr;
    if (!project || project->ravi.identity.isEmpty())
        return ready(Result<SpawnContribution>(SpawnContribution()));
    if (project->ravi.identity == u"pool"_s && project->ravi.identityPool.isEmpty())
        return failed<SpawnContribution>(makeError(
            u"ravi.pool_empty"_s, u"project %1 hands out Ravi identities from a pool, but ravi.identityPool is "
                                  "empty"_s.arg(session.projectId)));

    auto spawn = std::make_shared<Spawn>();
    spawn->session = session;
    spawn->settings = project->ravi;
    spawn->base =
        QUrl(config->raviBaseUrl.isEmpty() ? QString::fromLatin1(RaviClient::kDefaultBaseUrl) : config->raviBaseUrl);

    CredentialSource::Places places;
    places.what = u"Ravi API key"_s;
    places.codePrefix = u"ravi"_s;
    places.settingName = u"ravi.apiKey"_s;
    places.settingReference = config->raviApiKey.text;
    places.environment = {u"RAVI_API_KEY"_s};
    places.keychainItem = u"ravi"_s;
    places.missingHint = u"sign in with `flo ravi login`, or set ravi.apiKey"_s;
    auto *source = new CredentialSource(places, this);
    source->resolve().then(this, [this, source, spawn](Result<QString> key) {
        source->deleteLater();
        if (!key)
            return spawn->answer(key.error());
        spawn->management = new RaviClient(spawn->base, key.value(), this);
        awaitResult(spawn->management->identities(), this, kDeadline, u"listing the Ravi identities"_s,
                    [this, spawn](Result<QList<RaviIdentity>> all) {
                        if (!all) {
                            spawn->management->deleteLater();
                            return spawn->answer(all.error());
                        }
                        pick(spawn, all.value());
                    });
    });
    return spawn->answer.future();
}

void RaviIdentityHook::pick(const std::shared_ptr<Spawn> &spawn, const QList<RaviIdentity> &all)
{
    if (spawn->settings.identity == u"pool"_s) {
        const QStringList held = m_held ? m_held(spawn->session.id) : QStringList();
        // A session that held a pool identity before (a restore) keeps it.
        const QString before = spawn->session.extra.value(u"raviIdentity"_s).toString();
        for (const QString &uuid : std::as_const(spawn->settings.identityPool)) {
            if (held.contains(uuid) || (!before.isEmpty() && uuid != before))
                continue;
            for (const RaviIdentity &identity : all) {
                if (identity.uuid == uuid)
                    return withIdentity(spawn, identity);
            }
        }
        spawn->management->deleteLater();
        return spawn->answer(
            makeError(u"ravi.pool_exhausted"_s,
                      u"every Ravi identity of project %1's pool is held by a live session, or unknown to Ravi"_s.arg(
                          spawn->session.projectId)));
    }
    const QString name = identityName(spawn->session.projectId, spawn->session.id);
    for (const RaviIdentity &identity : all) {
        if (identity.name == name)
            return withIdentity(spawn, identity);
    }
    awaitResult(spawn->management->createIdentity(name, emailLocalPart(spawn->session.id)), this, kDeadline,
                u"creating a Ravi identity"_s, [this, spawn](Result<RaviIdentity> made) {
                    if (!made) {
                        spawn->management->deleteLater();
                        return spawn->answer(made.error());
                    }
                    withIdentity(spawn, made.value());
                });
}

void RaviIdentityHook::withIdentity(const std::shared_ptr<Spawn> &spawn, const RaviIdentity &identity)
{
    spawn->identity = identity;
    if (identity.email.isEmpty()) {
        spawn->management->deleteLater();
        return spawn->answer(
            makeError(u"ravi.unexpected_shape"_s, u"the Ravi identity %1 has no email address"_s.arg(identity.uuid)));
    }
    SpawnContribution &added = spawn->contribution;
    added.authorName = identity.name;
    added.authorEmail = identity.email;
    added.identity = u"%1 <%2>"_s.arg(identity.name, identity.email);
    added.extra.insert(u"raviIdentity"_s, identity.uuid);
    added.extra.insert(u"raviIdentityName"_s, identity.name);
    // The agent opens its pull requests itself: it is asked to sign them, so a reviewer sees
    // which session and identity the work comes from.
    added.promptAppendix =
        u"When you open a pull request, end its description with this line:\n"
        "Opened by Flotilla session %1 as %2 <%3>."_s.arg(spawn->session.id, identity.name, identity.email);

    // The identity's own key reads its vault: the one Ravi just showed, the keychain's, or a new one.
    if (!identity.apiKey.isEmpty()) {
        if (m_keychain)
            m_keychain->write(keychainItem(identity.uuid), identity.apiKey, this, [](Result<void>) {});
        return readGithubToken(spawn, identity.apiKey);
    }
    if (!m_keychain) {
        added.warnings << u"no keychain: the GitHub token of Ravi identity %1 was not looked for"_s.arg(identity.name);
        return finish(spawn);
    }
    m_keychain->read(keychainItem(identity.uuid), this, [this, spawn](Result<QString> stored) {
        if (stored && !stored->isEmpty())
            return readGithubToken(spawn, stored.value());
        awaitResult(spawn->management->mintIdentityKey(spawn->identity.uuid, u"flotilla-"_s + spawn->session.id), this,
                    kDeadline, u"making a Ravi identity key"_s, [this, spawn](Result<QString> minted) {
                        if (!minted) {
                            spawn->contribution.warnings
                                << u"no key for Ravi identity %1, so its GitHub token was "
                                   "not looked for: %2"_s.arg(spawn->identity.name, minted.error().toString());
                            return finish(spawn);
                        }
                        m_keychain->write(keychainItem(spawn->identity.uuid), minted.value(), this,
                                          [](Result<void>) {});
                        readGithubToken(spawn, minted.value());
                    });
    });
}

void RaviIdentityHook::readGithubToken(const std::shared_ptr<Spawn> &spawn, const QString &identityKey)
{
    auto *vault = new RaviClient(spawn->base, identityKey, this);
    awaitResult(vault->secrets({u"GH_TOKEN"_s}), this, kDeadline, u"reading the identity's GitHub token"_s,
                [this, spawn, vault](Result<QList<RaviSecret>> found) {
                    vault->deleteLater();
                    if (found && !found->isEmpty()) {
                        spawn->contribution.environment.insert(u"GH_TOKEN"_s, found->first().value);
                        spawn->contribution.environmentKeysForAudit << u"GH_TOKEN"_s;
                    } else if (!found && found.error().code != u"ravi.secret_missing"_s) {
                        spawn->contribution.warnings
                            << u"the GitHub token of Ravi identity %1 could not be read: %2"_s.arg(
                                   spawn->identity.name, found.error().toString());
                    }
                    finish(spawn);
                });
}

void RaviIdentityHook::finish(const std::shared_ptr<Spawn> &spawn)
{
    spawn->management->deleteLater();
    spawn->answer(spawn->contribution);
}

} // namespace flotilla

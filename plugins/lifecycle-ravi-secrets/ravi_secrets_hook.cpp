#include "ravi_secrets_hook.h"

#include "config/config_model.h"
#include "plugin/await_result.h"
#include "ravi_client.h"
#include "ravi_json.h"
#include "secrets/credential_source.h"

using namespace Qt::StringLiterals;

namespace flotilla {

RaviSecretsHook::RaviSecretsHook(ConfigSource config, QObject *parent) : QObject(parent), m_config(std::move(config)) {}

RaviSecretsHook::~RaviSecretsHook() = default;

Async<SpawnContribution> RaviSecretsHook::onSpawn(const SessionRecord &session)
{
    const std::shared_ptr<const Config> config = m_config ? m_config() : nullptr;
    const ProjectConfig *project = config ? config->project(session.projectId) : nullptr;
    if (!project || !project->ravi.enabled())
        return ready(Result<SpawnContribution>(SpawnContribution()));
    const RaviProjectSettings settings = project->ravi;
    if (settings.vaultKey.kind == SecretReference::Kind::None)
        return failed<SpawnContribution>(makeError(
            u"ravi.no_key"_s, u"project %1 declares Ravi secrets but no ravi.vaultKey (the vault identity's key, "
                              "e.g. keychain:ravi-%1)"_s.arg(session.projectId)));

    CredentialSource::Places places;
    places.what = u"Ravi vault key of project %1"_s.arg(session.projectId);
    places.codePrefix = u"ravi"_s;
    places.settingName = u"ravi.vaultKey"_s;
    places.settingReference = settings.vaultKey.text;
    places.missingHint = u"store the identity key with `flo ravi set-key` or set ravi.vaultKey"_s;
    auto *source = new CredentialSource(places, this);
    const QUrl base(config->raviBaseUrl.isEmpty() ? QString::fromLatin1(RaviClient::kDefaultBaseUrl)
                                                  : config->raviBaseUrl);
    const QString projectId = session.projectId;
    const auto deadline = m_deadline;

    PendingResult<SpawnContribution> answer;
    source->resolve().then(this, [this, source, base, settings, projectId, deadline, answer](Result<QString> key) {
        source->deleteLater();
        if (!key)
            return answer(key.error());
        auto *client = new RaviClient(base, key.value(), this);
        client->setTimeout(deadline / 3);
        Async<QList<RaviSecret>> read = settings.wholeVault ? client->wholeVault() : client->secrets(settings.secrets);
        awaitResult(
            std::move(read), this, deadline, u"reading the Ravi secrets of project %1"_s.arg(projectId),
            [client, settings, projectId, base, answer](Result<QList<RaviSecret>> secrets) {
                client->deleteLater();
                SpawnContribution contribution;
                if (secrets) {
                    for (const RaviSecret &secret : std::as_const(secrets.value())) {
                        contribution.environment.insert(secret.key, secret.value);
                        contribution.environmentKeysForAudit << secret.key;
                    }
                    return answer(contribution);
                }
                const Error error = secrets.error();
                if (!ravi::isUnreachable(error) || !settings.continueWhenUnreachable)
                    return answer(makeError(error.code, u"%1 (Ravi at %2)"_s.arg(error.toString(), base.host())));
                const QString names = settings.wholeVault ? u"the whole vault"_s : settings.secrets.join(u", "_s);
                contribution.warnings << u"Ravi at %1 could not be reached (%2); started without the "
                                         "secrets of project %3: %4"_s.arg(base.host(), error.toString(), projectId,
                                                                           names);
                answer(contribution);
            });
    });
    return answer.future();
}

} // namespace flotilla

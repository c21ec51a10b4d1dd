#include "ravi_secrets_hook.h"

#include "config/config_model.h"
#include "plugin/await_result.h"
#include "ravi_client.h"
#include "ravi_json.h"
#include "secrets/credential_source.h"

#include <QTimer>

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
    places.missingHint =
        u"keep the vault identity's key in the keychain (`flo ravi set-key --item NAME`) and name it in ravi.vaultKey"_s;
    auto *source = new CredentialSource(places, this);
    const QUrl base(config->raviBaseUrl.isEmpty() ? QString::fromLatin1(RaviClient::kDefaultBaseUrl)
                                                  : config->raviBaseUrl);
    const QString projectId = session.projectId;
    const auto deadline = m_deadline;

    auto read = std::make_shared<Read>();
    read->settings = settings;
    read->projectId = session.projectId;
    read->base = base;
    read->deadline = QDeadlineTimer(deadline);
    source->resolve().then(this, [this, source, read, deadline](Result<QString> key) {
        source->deleteLater();
        if (!key)
            return read->answer(key.error());
        read->client = std::make_shared<RaviClient>(read->base, key.value());
        read->client->setTimeout(deadline / 3);
        attempt(read);
    });
    return read->answer.future();
}

void RaviSecretsHook::attempt(const std::shared_ptr<Read> &read)
{
    const RaviProjectSettings &settings = read->settings;
    Async<QList<RaviSecret>> reading =
        settings.wholeVault ? read->client->wholeVault() : read->client->secrets(settings.secrets);
    awaitResult(std::move(reading), this,
                std::chrono::milliseconds(std::max<qint64>(read->deadline.remainingTime(), 1)),
                u"reading the Ravi secrets of project %1"_s.arg(read->projectId),
                [this, read](Result<QList<RaviSecret>> secrets) {
                    if (secrets) {
                        SpawnContribution contribution;
                        for (const RaviSecret &secret : std::as_const(secrets.value())) {
                            contribution.environment.insert(secret.key, secret.value);
                            contribution.environmentKeysForAudit << secret.key;
                        }
                        return read->answer(contribution);
                    }
                    const Error error = secrets.error();
                    // Ravi asked to wait: waited out when that fits in the spawn's time.
                    if (error.code.endsWith(u".rate_limited"_s)) {
                        const QDateTime until = read->client->pausedUntil();
                        const qint64 wait = until.isValid() ? QDateTime::currentDateTimeUtc().msecsTo(until) : 1000;
                        if (wait < read->deadline.remainingTime()) {
                            QTimer::singleShot(std::chrono::milliseconds(std::max<qint64>(wait, 0)), this,
                                               [this, read] { attempt(read); });
                            return;
                        }
                    }
                    finish(read, error);
                });
}

void RaviSecretsHook::finish(const std::shared_ptr<Read> &read, const Error &error)
{
    const RaviProjectSettings &settings = read->settings;
    if (!ravi::isUnreachable(error) || !settings.continueWhenUnreachable)
        return read->answer(makeError(error.code, u"%1 (Ravi at %2)"_s.arg(error.toString(), read->base.host())));
    const QString names = settings.wholeVault ? u"the whole vault"_s : settings.secrets.join(u", "_s);
    SpawnContribution contribution;
    contribution.warnings << u"Ravi at %1 could not be reached (%2); started without the secrets of project %3: "
                             "%4"_s.arg(read->base.host(), error.toString(), read->projectId, names);
    read->answer(contribution);
}

} // namespace flotilla

#include "doctor_command.h"

#include "api_client.h"
#include "cli_output.h"
#include "config/config_loader.h"
#include "plugin/await_result.h"
#include "ravi_client.h"
#include "secrets/credential_source.h"
#include "secrets/secret_store.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr auto kCallDeadline = std::chrono::seconds(20);

struct Finding
{
    enum class Level { Ok, Warning, Problem };
    QString check;
    Level level = Level::Ok;
    QString detail;
    QString hint;
};

QString levelName(Finding::Level level)
{
    switch (level) {
    case Finding::Level::Ok:
        return u"ok"_s;
    case Finding::Level::Warning:
        return u"warning"_s;
    case Finding::Level::Problem:
        break;
    }
    return u"problem"_s;
}

// The checks run one after another; each adds findings and calls `next`.
class Doctor final : public QObject
{
public:
    using Step = std::function<void(std::function<void()> next)>;

    Doctor(ApiClient &client, bool json, std::function<void(int)> finished)
        : QObject(QCoreApplication::instance()), m_client(client), m_json(json), m_finished(std::move(finished))
    {}

    void run()
    {
        m_loaded = ConfigLoader::locateAndLoad(QString(), QDir::currentPath());
        m_steps = {[this](auto next) { configuration(next); }, [this](auto next) { tools(next); },
                   [this](auto next) { instance(next); }, [this](auto next) { keychain(next); },
                   [this](auto next) { ravi(next); }};
        step();
    }

private:
    void add(const QString &check, Finding::Level level, const QString &detail, const QString &hint = {})
    {
        m_findings << Finding{check, level, detail, hint};
    }

    void step()
    {
        if (m_steps.isEmpty())
            return report();
        const Step next = m_steps.takeFirst();
        next([this] { step(); });
    }

    void configuration(const std::function<void()> &next)
    {
        const QString path = m_loaded.file;
        if (!m_loaded.errors().isEmpty())
            add(u"configuration"_s, Finding::Level::Problem, m_loaded.errors().constFirst().toString(),
                u"`flo config check` lists every problem"_s);
        else if (m_loaded.config.projects.isEmpty())
            add(u"configuration"_s, Finding::Level::Warning, u"no configuration with projects was found"_s,
                u"create flotilla.yaml (see docs/getting-started.md), or run the demo with `flotilla`"_s);
        else
            add(u"configuration"_s, Finding::Level::Ok,
                u"%1 project(s)%2"_s.arg(m_loaded.config.projects.size())
                    .arg(path.isEmpty() ? QString() : u" from "_s + path));
        for (const auto &warning : m_loaded.warnings())
            add(u"configuration"_s, Finding::Level::Warning, warning.toString());
        next();
    }

    void tools(const std::function<void()> &next)
    {
        const auto program = [this](const QString &name, const QString &why, bool required) {
            const QString found = QStandardPaths::findExecutable(name);
            if (!found.isEmpty())
                add(name, Finding::Level::Ok, found);
            else
                add(name, required ? Finding::Level::Problem : Finding::Level::Warning, u"not on PATH"_s,
                    u"install %1 (%2)"_s.arg(name, why));
        };
        program(u"git"_s, u"every workspace is a git worktree or clone"_s, true);
        bool tmux = m_loaded.config.defaultRuntime == u"tmux"_s;
        for (const ProjectConfig &project : std::as_const(m_loaded.config.projects))
            tmux = tmux || project.runtime == u"tmux"_s;
        if (tmux)
            program(u"tmux"_s, u"the tmux runtime runs agents in it"_s, true);
        next();
    }

    void instance(const std::function<void()> &next)
    {
        if (auto connected = m_client.connectToInstance(); !connected) {
            add(u"flotilla"_s, Finding::Level::Warning, connected.error().message,
                u"`flo start`, or open the Flotilla app"_s);
            return next();
        }
        m_client.get(u"/api/v1/health"_s, [this, next](Result<QJsonObject> health) {
            if (!health) {
                add(u"flotilla"_s, Finding::Level::Problem, health.error().message);
                return next();
            }
            add(u"flotilla"_s, Finding::Level::Ok,
                u"%1 running (pid %2) at %3"_s.arg(health->value(u"version"_s).toString())
                    .arg(health->value(u"pid"_s).toInteger())
                    .arg(m_client.apiBase()));
            m_client.get(u"/api/v1/projects"_s, [this, next](Result<QJsonObject> projects) {
                if (projects) {
                    for (const QJsonValue &value : projects->value(u"projects"_s).toArray()) {
                        const QJsonObject project = value.toObject();
                        const QJsonArray problems = project.value(u"problems"_s).toArray();
                        for (const QJsonValue &problem : problems)
                            add(u"project "_s + project.value(u"id"_s).toString(), Finding::Level::Problem,
                                problem.toString());
                        if (problems.isEmpty())
                            add(u"project "_s + project.value(u"id"_s).toString(), Finding::Level::Ok,
                                u"every plugin it uses is available"_s);
                    }
                }
                notifications(next);
            });
        });
    }

    // Notifications given up on in the last day: a channel that stopped working.
    void notifications(const std::function<void()> &next)
    {
        m_client.get(u"/api/v1/events?type=notification.failed&limit=20"_s, [this, next](Result<QJsonObject> events) {
            int recent = 0;
            if (events) {
                const QDateTime dayAgo = QDateTime::currentDateTimeUtc().addDays(-1);
                for (const QJsonValue &value : events->value(u"events"_s).toArray()) {
                    const QJsonObject event = value.toObject();
                    if (QDateTime::fromString(event.value(u"at"_s).toString(), Qt::ISODate) < dayAgo)
                        continue;
                    const QString notifier = event.value(u"data"_s).toObject().value(u"notifier"_s).toString();
                    add(u"notifier "_s + notifier, Finding::Level::Warning, event.value(u"message"_s).toString(),
                        u"`flo notify test %1` tries it now"_s.arg(notifier));
                    ++recent;
                }
            }
            if (events && recent == 0)
                add(u"notifications"_s, Finding::Level::Ok, u"none given up on in the last day"_s);
            orchestrators(next);
        });
    }

    // Projects that keep an orchestrator, and whether it runs.
    void orchestrators(const std::function<void()> &next)
    {
        m_client.get(u"/api/v1/orchestrators"_s, [this, next](Result<QJsonObject> listed) {
            if (listed) {
                for (const QJsonValue &value : listed->value(u"orchestrators"_s).toArray()) {
                    const QJsonObject entry = value.toObject();
                    const QString project = entry.value(u"project"_s).toString();
                    const QJsonObject session = entry.value(u"session"_s).toObject();
                    if (!session.isEmpty())
                        add(u"orchestrator "_s + project, Finding::Level::Ok,
                            u"%1 is %2"_s.arg(session.value(u"id"_s).toString(),
                                              session.value(u"status"_s).toString()));
                    else if (entry.value(u"enabled"_s).toBool())
                        add(u"orchestrator "_s + project, Finding::Level::Problem, u"enabled, but none runs"_s,
                            u"`flo events -p %1 --type orchestrator.failed` says why; `flo orchestrator start %1` "
                            "tries again"_s.arg(project));
                }
            }
            next();
        });
    }

    void keychain(const std::function<void()> &next)
    {
        auto *store = new SecretStore(QStringLiteral("flotilla"), this);
        store->read(u"ravi"_s, this, [this, store, next](Result<QString> read) {
            store->deleteLater();
            if (read)
                add(u"keychain"_s, Finding::Level::Ok, u"available"_s);
            else
                add(u"keychain"_s, Finding::Level::Warning, read.error().message,
                    u"tokens and keys then have to come from environment variables"_s);
            next();
        });
    }

    // Every Ravi key the configuration uses (and the account's key when one is stored):
    // resolved where it says, and tried against Ravi.
    void ravi(const std::function<void()> &next)
    {
        const Config &config = m_loaded.config;
        m_base =
            QUrl(config.raviBaseUrl.isEmpty() ? QString::fromLatin1(RaviClient::kDefaultBaseUrl) : config.raviBaseUrl);
        struct Key
        {
            QString what;
            QString reference;
            bool management;
            QString setting;
        };
        QList<Key> keys;
        bool used = config.raviApiKey.isSet();
        for (const ProjectConfig &project : config.projects) {
            if (project.ravi.vaultKey.isSet())
                keys << Key{u"vault key of project %1"_s.arg(project.id), project.ravi.vaultKey.text, false,
                            u"projects.%1.ravi.vaultKey"_s.arg(project.id)};
            used = used || !project.ravi.identity.isEmpty();
        }
        for (auto it = config.notifiers.cbegin(); it != config.notifiers.cend(); ++it) {
            if (it->block.plugin != u"ravi"_s)
                continue;
            used = true;
            const QString reference = it->block.settings.value(u"ravi_api_key"_s).toString();
            if (!reference.isEmpty())
                keys << Key{u"key of notifier %1"_s.arg(it.key()), reference, false,
                            u"notifiers.%1.ravi_api_key"_s.arg(it.key())};
        }
        keys.prepend(Key{u"management key"_s, config.raviApiKey.text, true, u"ravi.apiKey"_s});
        m_raviUsed = used;
        m_raviKeys.clear();
        for (const Key &key : keys)
            m_raviKeys.append({key.what, key.reference, key.management, key.setting});
        checkRaviKey(next);
    }

    void checkRaviKey(const std::function<void()> &next)
    {
        if (m_raviKeys.isEmpty())
            return next();
        const auto [what, reference, management, setting] = m_raviKeys.takeFirst();
        CredentialSource::Places places;
        places.what = u"Ravi "_s + what;
        places.codePrefix = u"ravi"_s;
        places.settingName = setting;
        places.settingReference = reference;
        if (management || reference.isEmpty()) {
            places.environment = {u"RAVI_API_KEY"_s};
            places.keychainItem = u"ravi"_s;
        }
        places.missingHint = u"`flo ravi login`"_s;
        auto *source = new CredentialSource(places, this);
        source->resolve().then(this, [this, source, what, management, next](Result<QString> key) {
            const QString origin = source->origin();
            source->deleteLater();
            const QString check = u"ravi "_s + what;
            if (!key) {
                // Without anything that uses Ravi, a missing account key is no problem at all.
                if (management && !m_raviUsed)
                    add(check, Finding::Level::Ok, u"not set up (nothing in the configuration uses Ravi)"_s);
                else
                    add(check, Finding::Level::Problem, key.error().message, u"`flo ravi login`"_s);
                return checkRaviKey(next);
            }
            auto *client = new RaviClient(m_base, key.value(), this);
            auto timer = std::make_shared<QElapsedTimer>();
            timer->start();
            const bool managementKey = key->startsWith(u"ravi_mgmt_"_s);
            const auto done = [this, client, check, origin, timer, next](Result<int> counted, const QString &seen) {
                client->deleteLater();
                if (counted)
                    add(check, Finding::Level::Ok,
                        u"from %1: Ravi at %2 accepts it (%3, %4 ms)"_s.arg(origin, m_base.toString(), seen)
                            .arg(timer->elapsed()));
                else
                    add(check, Finding::Level::Problem, u"from %1: %2"_s.arg(origin, counted.error().message),
                        counted.error().code == u"ravi.unauthorized"_s
                            ? u"sign in again: `flo ravi login`"_s
                            : u"is %1 reachable from here?"_s.arg(m_base.host()));
                checkRaviKey(next);
            };
            if (managementKey) {
                awaitResult(client->identities(), this, kCallDeadline, u"asking Ravi"_s,
                            [done](Result<QList<RaviIdentity>> identities) {
                                done(identities ? Result<int>(int(identities->size()))
                                                : Result<int>(identities.error()),
                                     identities ? u"%1 identities"_s.arg(identities->size()) : QString());
                            });
            } else {
                awaitResult(client->list(u"/api/email/"_s, {}, u"asking Ravi"_s), this, kCallDeadline, u"asking Ravi"_s,
                            [done](Result<QJsonArray> inboxes) {
                                done(inboxes ? Result<int>(int(inboxes->size())) : Result<int>(inboxes.error()),
                                     u"an identity key"_s);
                            });
            }
        });
    }

    void report()
    {
        bool broken = false;
        QJsonArray checks;
        for (const Finding &finding : std::as_const(m_findings)) {
            broken = broken || finding.level == Finding::Level::Problem;
            QJsonObject entry{
                {u"check"_s, finding.check}, {u"level"_s, levelName(finding.level)}, {u"detail"_s, finding.detail}};
            if (!finding.hint.isEmpty())
                entry.insert(u"hint"_s, finding.hint);
            checks.append(entry);
        }
        if (m_json) {
            printOut(QString::fromUtf8(
                QJsonDocument(QJsonObject{{u"ok"_s, !broken}, {u"checks"_s, checks}}).toJson(QJsonDocument::Indented)));
        } else {
            QString out;
            for (const Finding &finding : std::as_const(m_findings)) {
                const QString mark = finding.level == Finding::Level::Ok        ? u"[ok]  "_s
                                     : finding.level == Finding::Level::Warning ? u"[warn]"_s
                                                                                : u"[FAIL]"_s;
                out += u"%1 %2: %3\n"_s.arg(mark, finding.check, finding.detail);
                if (!finding.hint.isEmpty())
                    out += u"       → %1\n"_s.arg(finding.hint);
            }
            printOut(out);
        }
        m_finished(broken ? 1 : 0);
    }

    ApiClient &m_client;
    bool m_json = false;
    std::function<void(int)> m_finished;
    LoadedConfig m_loaded;
    QList<Step> m_steps;
    QList<Finding> m_findings;
    QUrl m_base;
    bool m_raviUsed = false;
    QList<std::tuple<QString, QString, bool, QString>> m_raviKeys; // what, reference, management, setting
};

} // namespace

void runDoctorCommand(ApiClient &client, const QStringList &arguments, const std::function<void(int)> &finished)
{
    for (const QString &argument : arguments) {
        if (argument != u"--json"_s) {
            printErr(u"Usage: flo doctor [--json]\n"_s);
            return finished(2);
        }
    }
    auto *doctor = new Doctor(client, arguments.contains(u"--json"_s), finished);
    doctor->run();
}

} // namespace flotilla

#include "ravi_command.h"

#include "cli_output.h"
#include "config/config_loader.h"
#include "plugin/await_result.h"
#include "ravi_client.h"
#include "ravi_device_login.h"
#include "secrets/credential_source.h"
#include "secrets/secret_store.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const QString kUsage = u"Usage: flo ravi login [--base URL]\n"
                       "       flo ravi set-key [--item NAME] [--base URL] [--no-check] < KEY-FILE\n"
                       "       flo ravi status [--base URL] [--json]\n"
                       "Keeps the Ravi management key in the keychain (item \"ravi\"), or with --item an identity "
                       "key for `keychain:NAME` references (a project's ravi.vaultKey); status says where the key "
                       "Flotilla uses comes from and whether Ravi accepts it.\n"_s;
constexpr auto kCallDeadline = std::chrono::seconds(30);
const QString kKeychainItem = u"ravi"_s;

struct Options
{
    QString command;
    QUrl base;
    bool check = true;
    bool json = false;
    QString item = QStringLiteral("ravi");
};

// The configuration's `ravi.baseUrl` (and key reference) when a configuration is found.
Config locatedConfig()
{
    const LoadedConfig loaded = ConfigLoader::locateAndLoad(QString(), QDir::currentPath());
    return loaded.config;
}

QObject *context()
{
    return QCoreApplication::instance();
}

// Asks Ravi whether `key` works: a management key lists the identities (how many it sees), an
// identity key its own inboxes.
void checkKey(const QUrl &base, const QString &key, const std::function<void(Result<int>)> &done)
{
    auto *client = new RaviClient(base, key, context());
    if (!key.startsWith(u"ravi_mgmt_"_s)) {
        awaitResult(client->list(u"/api/email/"_s, {}, u"checking the Ravi key"_s), context(), kCallDeadline,
                    u"checking the Ravi key"_s, [client, done](Result<QJsonArray> inboxes) {
                        client->deleteLater();
                        done(inboxes ? Result<int>(1) : Result<int>(inboxes.error()));
                    });
        return;
    }
    awaitResult(client->identities(), context(), kCallDeadline, u"checking the Ravi key"_s,
                [client, done](Result<QList<RaviIdentity>> identities) {
                    client->deleteLater();
                    done(identities ? Result<int>(int(identities->size())) : Result<int>(identities.error()));
                });
}

void store(const QString &item, const QString &key, const std::function<void(Result<void>)> &done)
{
    auto *keychain = new SecretStore(QStringLiteral("flotilla"), context());
    keychain->write(item, key, context(), [keychain, done](Result<void> written) {
        keychain->deleteLater();
        done(written);
    });
}

void login(const Options &options, const std::function<void(int)> &finished)
{
    auto *flow = new RaviDeviceLogin(options.base, context());
    awaitResult(
        flow->start(), context(), kCallDeadline, u"starting the Ravi sign-in"_s,
        [flow, finished](Result<RaviDeviceLogin::Code> code) {
            if (!code) {
                printErr(u"flo: "_s + code.error().message + u'\n');
                return finished(1);
            }
            printOut(u"Open %1\nand confirm the code %2. Waiting…\n"_s.arg(code->verificationPage.toString(),
                                                                           code->userCode));
            auto deadline = std::make_shared<QDeadlineTimer>(std::chrono::seconds(code->expiresInSeconds));
            auto ask = std::make_shared<std::function<void()>>();
            *ask = [flow, finished, deviceCode = code->deviceCode, interval = code->intervalSeconds, deadline, ask] {
                awaitResult(
                    flow->poll(deviceCode), context(), kCallDeadline, u"waiting for the Ravi sign-in"_s,
                    [flow, finished, interval, deadline, ask](Result<std::optional<RaviDeviceLogin::Grant>> got) {
                        if (!got) {
                            printErr(u"flo: "_s + got.error().message + u'\n');
                            *ask = nullptr;
                            return finished(1);
                        }
                        if (!got.value()) {
                            if (deadline->hasExpired()) {
                                printErr(u"flo: the sign-in code expired before it was confirmed; run "
                                         "`flo ravi login` again\n"_s);
                                *ask = nullptr;
                                return finished(1);
                            }
                            QTimer::singleShot(std::chrono::seconds(interval), context(), *ask);
                            return;
                        }
                        const RaviDeviceLogin::Grant grant = *got.value();
                        *ask = nullptr;
                        flow->deleteLater();
                        store(kKeychainItem, grant.managementKey, [grant, finished](Result<void> stored) {
                            if (!stored) {
                                printErr(u"flo: signed in, but the key could not be kept: "_s + stored.error().message
                                         + u'\n');
                                return finished(1);
                            }
                            printOut(u"Signed in to Ravi%1; the key is in the keychain.\n"_s.arg(
                                grant.userEmail.isEmpty() ? QString() : u" as "_s + grant.userEmail));
                            finished(0);
                        });
                    });
            };
            (*ask)();
        });
}

void setKey(const Options &options, const std::function<void(int)> &finished)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly)) {
        printErr(u"flo: cannot read standard input\n"_s);
        return finished(1);
    }
    const QString key = QString::fromUtf8(in.readAll()).trimmed();
    if (key.isEmpty() || key.contains(QRegularExpression(u"\\s"_s))) {
        printErr(u"flo: give the key on standard input, alone, e.g. `flo ravi set-key < key.txt`\n"_s);
        return finished(2);
    }
    if (key.startsWith(u"ravi_id_"_s) && options.item == kKeychainItem) {
        printErr(u"flo: that is an identity key (ravi_id_…); Settings and `flo ravi set-key` take the account's "
                 "management key (ravi_mgmt_…)\n"_s);
        return finished(1);
    }
    const auto keep = [key, item = options.item, finished] {
        store(item, key, [item, finished](Result<void> stored) {
            if (!stored) {
                printErr(u"flo: "_s + stored.error().message + u'\n');
                return finished(1);
            }
            printOut(item == kKeychainItem
                         ? u"The Ravi key is in the keychain.\n"_s
                         : u"The key is in the keychain as %1: refer to it as keychain:%1.\n"_s.arg(item));
            finished(0);
        });
    };
    if (!options.check)
        return keep();
    checkKey(options.base, key, [keep, finished](Result<int> checked) {
        if (!checked) {
            printErr(u"flo: the key was not kept: "_s + checked.error().message + u'\n');
            return finished(1);
        }
        keep();
    });
}

void status(const Options &options, const Config &config, const std::function<void(int)> &finished)
{
    CredentialSource::Places places;
    places.what = u"Ravi API key"_s;
    places.codePrefix = u"ravi"_s;
    places.settingName = u"ravi.apiKey"_s;
    places.settingReference = config.raviApiKey.text;
    places.environment = {u"RAVI_API_KEY"_s};
    places.keychainItem = kKeychainItem;
    places.missingHint = u"sign in with `flo ravi login`"_s;
    auto *source = new CredentialSource(places, context());
    source->resolve().then(context(), [source, options, finished](Result<QString> key) {
        const QString origin = source->origin();
        source->deleteLater();
        const auto report = [options, finished](const QJsonObject &result, bool ok) {
            if (options.json)
                printOut(QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Indented)));
            else if (ok)
                printOut(u"Ravi at %1: the key from %2 works (%3 identities).\n"_s.arg(
                    result.value(u"baseUrl"_s).toString(), result.value(u"keyFrom"_s).toString(),
                    QString::number(result.value(u"identities"_s).toInt())));
            else
                printErr(u"flo: Ravi at %1: %2\n"_s.arg(result.value(u"baseUrl"_s).toString(),
                                                        result.value(u"problem"_s).toString()));
            finished(ok ? 0 : 1);
        };
        QJsonObject result{{u"baseUrl"_s, options.base.toString()}};
        if (!key) {
            result.insert(u"ok"_s, false);
            result.insert(u"problem"_s, key.error().message);
            return report(result, false);
        }
        result.insert(u"keyFrom"_s, origin);
        checkKey(options.base, key.value(), [result, report](Result<int> checked) mutable {
            result.insert(u"ok"_s, checked.ok());
            if (checked)
                result.insert(u"identities"_s, checked.value());
            else
                result.insert(u"problem"_s, checked.error().message);
            report(result, checked.ok());
        });
    });
}

} // namespace

void runRaviCommand(const QStringList &arguments, const std::function<void(int)> &finished)
{
    Options options;
    QString base;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == u"--base"_s && i + 1 < arguments.size())
            base = arguments.at(++i);
        else if (argument == u"--item"_s && i + 1 < arguments.size())
            options.item = arguments.at(++i);
        else if (argument == u"--no-check"_s)
            options.check = false;
        else if (argument == u"--json"_s)
            options.json = true;
        else if (options.command.isEmpty() && !argument.startsWith(u'-'))
            options.command = argument;
        else {
            printErr(u"flo ravi: unexpected \"%1\"\n"_s.arg(argument) + kUsage);
            return finished(2);
        }
    }
    const Config config = locatedConfig();
    if (base.isEmpty())
        base = config.raviBaseUrl.isEmpty() ? QString::fromLatin1(RaviClient::kDefaultBaseUrl) : config.raviBaseUrl;
    options.base = QUrl(base);
    if (!options.base.isValid() || !options.base.scheme().startsWith(u"http"_s)) {
        printErr(u"flo ravi: \"%1\" is not an http(s) address\n"_s.arg(base));
        return finished(2);
    }
    if (options.command == u"login"_s)
        return login(options, finished);
    if (options.command == u"set-key"_s)
        return setKey(options, finished);
    if (options.command == u"status"_s)
        return status(options, config, finished);
    printErr(kUsage);
    finished(2);
}

} // namespace flotilla

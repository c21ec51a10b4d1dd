#include "ravi_sender.h"

#include "plugin/await_result.h"
#include "ravi_client.h"
#include "secrets/credential_source.h"
#include "secrets/secret_store.h"

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr auto kDeadline = std::chrono::seconds(30);

} // namespace

RaviSender::RaviSender(RaviNotifierSettings settings, SecretStore *keychain, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_keychain(keychain)
{}

RaviSender::~RaviSender()
{
    settle(makeError(u"ravi.cancelled"_s, u"the Ravi notifier was reconfigured"_s));
}

Async<void> RaviSender::ready()
{
    if (m_ready)
        return readyOk();
    auto promise = std::make_shared<QPromise<Result<void>>>();
    promise->start();
    m_waiting << promise;
    if (m_waiting.size() == 1)
        resolveKey();
    return promise->future();
}

void RaviSender::settle(const std::optional<Error> &failure)
{
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto &promise : waiting) {
        promise->addResult(failure ? Result<void>(*failure) : Result<void>());
        promise->finish();
    }
}

void RaviSender::resolveKey()
{
    CredentialSource::Places places;
    places.what = u"Ravi API key of notifier %1"_s.arg(m_settings.name);
    places.codePrefix = u"ravi"_s;
    places.settingName = u"notifiers.%1.ravi_api_key"_s.arg(m_settings.name);
    places.settingReference = m_settings.keyReference;
    places.environment = {u"RAVI_API_KEY"_s};
    places.keychainItem = u"ravi"_s;
    places.missingHint = u"sign in with `flo ravi login`, or set ravi_api_key"_s;
    auto *source = new CredentialSource(places, this);
    source->resolve().then(this, [this, source](Result<QString> key) {
        source->deleteLater();
        if (!key)
            return settle(key.error());
        if (key->startsWith(u"ravi_mgmt_"_s))
            return fromManagementKey(key.value());
        useIdentityKey(key.value());
    });
}

void RaviSender::fromManagementKey(const QString &managementKey)
{
    m_management = std::make_unique<RaviClient>(m_settings.baseUrl, managementKey);
    const auto fail = [this](const Error &error) {
        m_management.reset();
        settle(error);
    };
    awaitResult(m_management->identities(), this, kDeadline, u"listing the Ravi identities"_s,
                [this, fail](Result<QList<RaviIdentity>> all) {
                    if (!all)
                        return fail(all.error());
                    const auto withIdentity = [this, fail](const RaviIdentity &identity) {
                        const QString item = u"ravi-identity:"_s + identity.uuid;
                        if (!identity.apiKey.isEmpty()) {
                            if (m_keychain)
                                m_keychain->write(item, identity.apiKey, this, [](Result<void>) {});
                            m_management.reset();
                            return useIdentityKey(identity.apiKey);
                        }
                        if (!m_keychain)
                            return fail(makeError(u"ravi.no_keychain"_s,
                                                  u"the key of Ravi identity \"%1\" belongs in the keychain, and "
                                                  "there is none"_s.arg(identity.name)));
                        m_keychain->read(item, this, [this, fail, identity, item](Result<QString> stored) {
                            if (stored && !stored->isEmpty()) {
                                m_management.reset();
                                return useIdentityKey(stored.value());
                            }
                            awaitResult(m_management->mintIdentityKey(identity.uuid, u"flotilla-"_s + m_settings.name),
                                        this, kDeadline, u"making a Ravi identity key"_s,
                                        [this, fail, item](Result<QString> minted) {
                                            if (!minted)
                                                return fail(minted.error());
                                            m_keychain->write(item, minted.value(), this, [](Result<void>) {});
                                            m_management.reset();
                                            useIdentityKey(minted.value());
                                        });
                        });
                    };
                    for (const RaviIdentity &identity : all.value()) {
                        if (identity.name == m_settings.identityName)
                            return withIdentity(identity);
                    }
                    awaitResult(m_management->createIdentity(m_settings.identityName, u"flotilla-escalations"_s), this,
                                kDeadline, u"creating the Ravi identity for escalations"_s,
                                [fail, withIdentity](Result<RaviIdentity> made) {
                                    if (!made)
                                        return fail(made.error());
                                    withIdentity(made.value());
                                });
                });
}

void RaviSender::useIdentityKey(const QString &identityKey)
{
    m_client = std::make_unique<RaviClient>(m_settings.baseUrl, identityKey);
    m_mail = std::make_unique<RaviMail>(*m_client);
    awaitResult(m_mail->inboxes(), this, kDeadline, u"reading the escalation identity's inbox"_s,
                [this](Result<QList<RaviInbox>> inboxes) {
                    if (!inboxes || inboxes->isEmpty()) {
                        m_mail.reset();
                        m_client.reset();
                        return settle(inboxes ? makeError(
                                          u"ravi.no_inbox"_s,
                                          u"the Ravi identity of notifier %1 has no email inbox"_s.arg(m_settings.name))
                                              : inboxes.error());
                    }
                    m_inbox = inboxes->constFirst();
                    m_ready = true;
                    settle(std::nullopt);
                });
}

} // namespace flotilla

#include "secret_store.h"

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

Error keychainError(const QKeychain::Job &job, const QString &key)
{
    const QString detail = job.errorString();
    switch (job.error()) {
    case QKeychain::EntryNotFound:
        return makeError(u"secrets.not_found"_s, u"no secret with this name is stored in the keychain"_s, key);
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return makeError(u"secrets.denied"_s, u"the keychain refused access: "_s + detail, key);
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return makeError(u"secrets.no_backend"_s,
                         u"no OS keychain is available (%1). Flotilla never stores secrets in plain text; on Linux "
                         "start a Secret Service provider such as gnome-keyring or KWallet and unlock it"_s.arg(detail),
                         key);
    case QKeychain::CouldNotDeleteEntry:
        return makeError(u"secrets.delete_failed"_s, u"the keychain could not delete the secret: "_s + detail, key);
    case QKeychain::NoError:
    case QKeychain::OtherError:
        break;
    }
    // The Secret Service reports a missing or locked keyring as a generic error.
    return makeError(u"secrets.keychain_error"_s,
                     u"the keychain failed: %1. Flotilla never stores secrets in plain text"_s.arg(detail), key);
}

template<typename JobType> JobType *makeJob(const QString &service, const QString &key)
{
    auto *job = new JobType(service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

} // namespace

SecretStore::SecretStore(QString service, QObject *parent) : QObject(parent), m_service(std::move(service)) {}

void SecretStore::read(const QString &key, QObject *context, ReadDone done)
{
    auto *job = makeJob<QKeychain::ReadPasswordJob>(m_service, key);
    connect(job, &QKeychain::Job::finished, context, [job, key, done = std::move(done)] {
        if (job->error() != QKeychain::NoError)
            done(keychainError(*job, key));
        else
            done(job->textData());
    });
    job->start();
}

void SecretStore::write(const QString &key, const QString &secret, QObject *context, WriteDone done)
{
    auto *job = makeJob<QKeychain::WritePasswordJob>(m_service, key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, context, [job, key, done = std::move(done)] {
        if (job->error() != QKeychain::NoError)
            done(keychainError(*job, key));
        else
            done({});
    });
    job->start();
}

void SecretStore::remove(const QString &key, QObject *context, WriteDone done)
{
    auto *job = makeJob<QKeychain::DeletePasswordJob>(m_service, key);
    connect(job, &QKeychain::Job::finished, context, [job, key, done = std::move(done)] {
        if (job->error() != QKeychain::NoError)
            done(keychainError(*job, key));
        else
            done({});
    });
    job->start();
}

} // namespace flotilla

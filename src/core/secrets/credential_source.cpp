#include "credential_source.h"

#include "config/secret_reference.h"
#include "plugin/await_result.h"
#include "secret_store.h"

#include <QPointer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// A command waiting on a keyring prompt must not hold up every call that needs the credential.
constexpr int kCommandTimeoutMs = 10000;

enum Step { Setting, Environment, Keychain, Command, Exhausted };

} // namespace

struct CredentialSource::Attempt
{
    PendingResult<QString> answer;
    int step = Setting;
    int environmentIndex = 0;
    QStringList tried;
};

CredentialSource::CredentialSource(Places places, QObject *parent) : QObject(parent), m_places(std::move(places)) {}

Async<QString> CredentialSource::resolve()
{
    auto attempt = std::make_shared<Attempt>();
    auto future = attempt->answer.future();
    tryNext(attempt);
    return future;
}

Error CredentialSource::unavailable(const QString &message) const
{
    return makeError(m_places.codePrefix + u'.' + m_places.unavailableCode, message);
}

void CredentialSource::succeed(const std::shared_ptr<Attempt> &attempt, const QString &credential,
                               const QString &origin)
{
    m_origin = origin;
    attempt->answer(credential.trimmed());
}

void CredentialSource::tryNext(const std::shared_ptr<Attempt> &attempt)
{
    switch (attempt->step) {
    case Setting:
        attempt->step = Environment;
        if (!m_places.settingReference.trimmed().isEmpty())
            return fromSetting(attempt);
        return tryNext(attempt);
    case Environment: {
        if (attempt->environmentIndex >= m_places.environment.size()) {
            attempt->step = Keychain;
            return tryNext(attempt);
        }
        const QString variable = m_places.environment.at(attempt->environmentIndex++);
        attempt->tried << u"$"_s + variable;
        const QString value = QProcessEnvironment::systemEnvironment().value(variable).trimmed();
        if (!value.isEmpty())
            return succeed(attempt, value, u"$"_s + variable);
        return tryNext(attempt);
    }
    case Keychain:
        attempt->step = Command;
        if (!m_places.keychainItem.isEmpty())
            return fromKeychain(attempt, m_places.keychainItem, false);
        return tryNext(attempt);
    case Command:
        attempt->step = Exhausted;
        if (!m_places.command.isEmpty())
            return fromCommand(attempt);
        return tryNext(attempt);
    default:
        attempt->answer(makeError(
            m_places.codePrefix + u'.' + m_places.missingCode,
            u"no %1 found (tried %2). %3"_s.arg(m_places.what, attempt->tried.join(u", "_s), m_places.missingHint)));
    }
}

void CredentialSource::fromSetting(const std::shared_ptr<Attempt> &attempt)
{
    const SecretReference reference = SecretReference::parse(m_places.settingReference.trimmed());
    if (reference.kind == SecretReference::Kind::Keychain)
        return fromKeychain(attempt, reference.name, true);
    if (reference.kind == SecretReference::Kind::Ravi) {
        attempt->answer(unavailable(u"the %1 setting refers to the Ravi secret %2, but Ravi secrets reach agents "
                                    "only; store it in the keychain (keychain:NAME) or the environment"_s.arg(
                                        m_places.settingName, reference.name)));
        return;
    }
    auto value = reference.resolveFromEnvironment(processEnvironment());
    if (!value || value->trimmed().isEmpty()) {
        attempt->answer(unavailable(u"the %1 setting %2 gives no value%3"_s.arg(
            m_places.settingName, reference.redacted(), value ? QString() : u": "_s + value.error().message)));
        return;
    }
    succeed(attempt, value.value(), u"the %1 setting %2"_s.arg(m_places.settingName, reference.redacted()));
}

void CredentialSource::fromKeychain(const std::shared_ptr<Attempt> &attempt, const QString &item, bool required)
{
    attempt->tried << u"keychain item %1"_s.arg(item);
    auto *store = new SecretStore(u"flotilla"_s, this);
    QPointer<CredentialSource> self(this);
    store->read(item, this, [self, store, attempt, item, required](Result<QString> secret) {
        store->deleteLater();
        if (!self)
            return;
        if (secret && !secret->trimmed().isEmpty())
            return self->succeed(attempt, secret.value(), u"keychain item %1"_s.arg(item));
        if (required) {
            attempt->answer(self->unavailable(u"the %1 setting names keychain item %2, which cannot be read: %3"_s.arg(
                self->m_places.settingName, item, secret ? u"it is empty"_s : secret.error().message)));
            return;
        }
        self->tryNext(attempt);
    });
}

void CredentialSource::fromCommand(const std::shared_ptr<Attempt> &attempt)
{
    const QString program = QStandardPaths::findExecutable(m_places.command.first());
    if (program.isEmpty())
        return tryNext(attempt);
    attempt->tried << m_places.command.join(u' ');
    auto *process = new QProcess(this);
    process->setProgram(program);
    process->setArguments(m_places.command.mid(1));
    QPointer<CredentialSource> self(this);
    connect(process, &QProcess::finished, this, [self, process, attempt](int code, QProcess::ExitStatus status) {
        process->deleteLater();
        if (!self)
            return;
        const QString credential = QString::fromUtf8(process->readAllStandardOutput()).trimmed();
        if (status == QProcess::NormalExit && code == 0 && !credential.isEmpty() && !credential.contains(u' '))
            return self->succeed(attempt, credential, self->m_places.command.join(u' '));
        self->tryNext(attempt);
    });
    connect(process, &QProcess::errorOccurred, this, [self, process, attempt](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        process->deleteLater();
        if (self)
            self->tryNext(attempt);
    });
    QTimer::singleShot(kCommandTimeoutMs, process, [process] { process->kill(); });
    process->start();
}

} // namespace flotilla

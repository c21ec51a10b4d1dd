#include "github_token_source.h"

#include "config/secret_reference.h"
#include "plugin/await_result.h"
#include "secrets/secret_store.h"

#include <QPointer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace flotilla {

struct GithubTokenSource::Attempt
{
    PendingResult<QString> answer;
    int step = 0;
    QStringList tried;
};

GithubTokenSource::GithubTokenSource(const PluginSettings &settings, QString host, QObject *parent)
    : QObject(parent), m_reference(settings.value(u"token"_s).toString().trimmed()), m_host(std::move(host))
{}

Async<QString> GithubTokenSource::resolve()
{
    auto attempt = std::make_shared<Attempt>();
    auto future = attempt->answer.future();
    tryNext(attempt);
    return future;
}

void GithubTokenSource::succeed(const std::shared_ptr<Attempt> &attempt, const QString &token, const QString &origin)
{
    m_origin = origin;
    attempt->answer(token.trimmed());
}

void GithubTokenSource::tryNext(const std::shared_ptr<Attempt> &attempt)
{
    const int step = attempt->step++;
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    switch (step) {
    case 0: {
        if (m_reference.isEmpty())
            return tryNext(attempt);
        // A configured token is the user's explicit choice: if it cannot be read, say so
        // rather than silently using another account.
        const SecretReference reference = SecretReference::parse(m_reference);
        if (reference.kind == SecretReference::Kind::Keychain)
            return fromKeychain(attempt, reference.name, true);
        if (reference.kind == SecretReference::Kind::Ravi) {
            attempt->answer(makeError(
                u"github.token_unavailable"_s,
                u"the GitHub token refers to the Ravi secret %1, but Ravi secrets reach agents "
                "only; store the token in the keychain (keychain:NAME) or the environment"_s.arg(reference.name)));
            return;
        }
        auto value = reference.resolveFromEnvironment(processEnvironment());
        if (!value || value->trimmed().isEmpty()) {
            attempt->answer(makeError(u"github.token_unavailable"_s,
                                      u"the GitHub token setting %1 gives no value%2"_s.arg(
                                          reference.redacted(), value ? QString() : u": "_s + value.error().message)));
            return;
        }
        return succeed(attempt, value.value(), u"the token setting %1"_s.arg(reference.redacted()));
    }
    case 1:
    case 2: {
        const QString variable = step == 1 ? u"GH_TOKEN"_s : u"GITHUB_TOKEN"_s;
        const QString value = environment.value(variable).trimmed();
        attempt->tried << u"$"_s + variable;
        if (!value.isEmpty())
            return succeed(attempt, value, u"$"_s + variable);
        return tryNext(attempt);
    }
    case 3:
        return fromKeychain(attempt, QString::fromLatin1(kKeychainItem), false);
    case 4:
        return fromGhCli(attempt);
    default:
        attempt->answer(makeError(u"github.no_token"_s,
                                  u"no GitHub token found (tried %1). Set GH_TOKEN, save a token in Settings → "
                                  "GitHub, or log in with `gh auth login`"_s.arg(attempt->tried.join(u", "_s))));
    }
}

void GithubTokenSource::fromKeychain(const std::shared_ptr<Attempt> &attempt, const QString &item, bool required)
{
    attempt->tried << u"keychain item %1"_s.arg(item);
    auto *store = new SecretStore(u"flotilla"_s, this);
    QPointer<GithubTokenSource> self(this);
    store->read(item, this, [self, store, attempt, item, required](Result<QString> secret) {
        store->deleteLater();
        if (!self)
            return;
        if (secret && !secret->trimmed().isEmpty())
            return self->succeed(attempt, secret.value(), u"keychain item %1"_s.arg(item));
        if (required) {
            attempt->answer(
                makeError(u"github.token_unavailable"_s,
                          u"the GitHub token setting names keychain item %1, which cannot be read: %2"_s.arg(
                              item, secret ? u"it is empty"_s : secret.error().message)));
            return;
        }
        self->tryNext(attempt);
    });
}

void GithubTokenSource::fromGhCli(const std::shared_ptr<Attempt> &attempt)
{
    const QString gh = QStandardPaths::findExecutable(u"gh"_s);
    if (gh.isEmpty())
        return tryNext(attempt);
    attempt->tried << u"gh auth token"_s;
    auto *process = new QProcess(this);
    process->setProgram(gh);
    QStringList arguments{u"auth"_s, u"token"_s};
    if (!m_host.isEmpty() && m_host != u"api.github.com"_s)
        arguments << u"--hostname"_s << m_host;
    process->setArguments(arguments);
    QPointer<GithubTokenSource> self(this);
    connect(process, &QProcess::finished, this, [self, process, attempt](int code, QProcess::ExitStatus status) {
        process->deleteLater();
        if (!self)
            return;
        const QString token = QString::fromUtf8(process->readAllStandardOutput()).trimmed();
        if (status == QProcess::NormalExit && code == 0 && !token.isEmpty() && !token.contains(u' '))
            return self->succeed(attempt, token, u"gh auth token"_s);
        self->tryNext(attempt);
    });
    connect(process, &QProcess::errorOccurred, this, [self, process, attempt](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        process->deleteLater();
        if (self)
            self->tryNext(attempt);
    });
    // A `gh` waiting on a keyring prompt must not hold up every GitHub call.
    QTimer::singleShot(10000, process, [process] { process->kill(); });
    process->start();
}

} // namespace flotilla

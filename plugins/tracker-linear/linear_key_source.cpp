#include "linear_key_source.h"

#include "config/secret_reference.h"
#include "plugin/await_result.h"
#include "secrets/secret_store.h"

#include <QPointer>
#include <QProcessEnvironment>

using namespace Qt::StringLiterals;

namespace flotilla {

struct LinearKeySource::Attempt
{
    PendingResult<QString> answer;
    int step = 0;
    QStringList tried;
};

LinearKeySource::LinearKeySource(const PluginSettings &settings, QObject *parent)
    : QObject(parent), m_reference(settings.value(u"apiKey"_s).toString().trimmed())
{}

Async<QString> LinearKeySource::resolve()
{
    auto attempt = std::make_shared<Attempt>();
    auto future = attempt->answer.future();
    tryNext(attempt);
    return future;
}

void LinearKeySource::succeed(const std::shared_ptr<Attempt> &attempt, const QString &key, const QString &origin)
{
    m_origin = origin;
    attempt->answer(key.trimmed());
}

void LinearKeySource::tryNext(const std::shared_ptr<Attempt> &attempt)
{
    const int step = attempt->step++;
    switch (step) {
    case 0: {
        if (m_reference.isEmpty())
            return tryNext(attempt);
        // A configured key is the user's explicit choice: if it cannot be read, say so rather
        // than silently using another workspace's key.
        const SecretReference reference = SecretReference::parse(m_reference);
        if (reference.kind == SecretReference::Kind::Keychain)
            return fromKeychain(attempt, reference.name, true);
        if (reference.kind == SecretReference::Kind::Ravi) {
            attempt->answer(
                makeError(u"linear.key_unavailable"_s,
                          u"the Linear API key refers to the Ravi secret %1, but Ravi secrets reach agents only; store "
                          "the key in the keychain (keychain:NAME) or the environment"_s.arg(reference.name)));
            return;
        }
        auto value = reference.resolveFromEnvironment(processEnvironment());
        if (!value || value->trimmed().isEmpty()) {
            attempt->answer(makeError(u"linear.key_unavailable"_s,
                                      u"the Linear apiKey setting %1 gives no value%2"_s.arg(
                                          reference.redacted(), value ? QString() : u": "_s + value.error().message)));
            return;
        }
        return succeed(attempt, value.value(), u"the apiKey setting %1"_s.arg(reference.redacted()));
    }
    case 1: {
        const QString variable = QString::fromLatin1(kEnvironmentVariable);
        const QString value = QProcessEnvironment::systemEnvironment().value(variable).trimmed();
        attempt->tried << u"$"_s + variable;
        if (!value.isEmpty())
            return succeed(attempt, value, u"$"_s + variable);
        return tryNext(attempt);
    }
    case 2:
        return fromKeychain(attempt, QString::fromLatin1(kKeychainItem), false);
    default:
        attempt->answer(
            makeError(u"linear.no_key"_s,
                      u"no Linear API key found (tried %1). Set LINEAR_API_KEY, store the key as the keychain "
                      "item \"linear\", or set the tracker's apiKey to a ${VAR} or keychain:NAME "
                      "reference"_s.arg(attempt->tried.join(u", "_s))));
    }
}

void LinearKeySource::fromKeychain(const std::shared_ptr<Attempt> &attempt, const QString &item, bool required)
{
    attempt->tried << u"keychain item %1"_s.arg(item);
    auto *store = new SecretStore(u"flotilla"_s, this);
    QPointer<LinearKeySource> self(this);
    store->read(item, this, [self, store, attempt, item, required](Result<QString> secret) {
        store->deleteLater();
        if (!self)
            return;
        if (secret && !secret->trimmed().isEmpty())
            return self->succeed(attempt, secret.value(), u"keychain item %1"_s.arg(item));
        if (required) {
            attempt->answer(
                makeError(u"linear.key_unavailable"_s,
                          u"the Linear apiKey setting names keychain item %1, which cannot be read: %2"_s.arg(
                              item, secret ? u"it is empty"_s : secret.error().message)));
            return;
        }
        self->tryNext(attempt);
    });
}

} // namespace flotilla

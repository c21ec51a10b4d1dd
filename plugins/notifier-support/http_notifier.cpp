#include "http_notifier.h"

#include "config/duration.h"
#include "config/secret_reference.h"
#include "net/http_client.h"
#include "net/rate_limit_account.h"
#include "plugin/await_result.h"
#include "secrets/secret_store.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr auto kRequestTimeout = std::chrono::seconds(10);

std::chrono::milliseconds dedupeWindowOf(const PluginSettings &settings)
{
    const QJsonValue value = settings.value(u"dedupeWindow"_s);
    if (value.isDouble())
        return std::chrono::milliseconds(qint64(value.toDouble()));
    if (value.isString()) {
        if (auto parsed = parseDuration(value.toString()))
            return std::chrono::milliseconds(*parsed);
    }
    return std::chrono::minutes(10);
}

} // namespace

struct HttpNotifier::Delivery
{
    Notification notification;
    QList<QPair<QString, QString>> wanted; // what → reference text: "url", "token", "header:X-Key"
    Resolved resolved;
    PendingResult<void> answer;
};

HttpNotifier::HttpNotifier(PluginSettings settings, QStringList urlKeys, QString tokenKey)
    : m_settings(std::move(settings)), m_urlKeys(std::move(urlKeys)), m_tokenKey(std::move(tokenKey)),
      m_context(std::make_unique<QObject>()),
      // Requests go unauthenticated; the "credential" only gives each notifier its own
      // rate-limit account, so one webhook's 429 never holds up another's.
      m_http(
          std::make_unique<HttpClient>(HttpClient::Options{u"notifier:"_s + m_settings.value(u"_notifier"_s).toString(),
                                                           {},
                                                           {},
                                                           QByteArrayLiteral("Flotilla"),
                                                           nullptr,
                                                           {}})),
      m_gate(m_settings.value(u"rateLimitPerMinute"_s).toInt(30), dedupeWindowOf(m_settings))
{}

HttpNotifier::~HttpNotifier() = default;

QString HttpNotifier::notifierName() const
{
    return m_settings.value(u"_notifier"_s).toString(name());
}

Availability HttpNotifier::detect() const
{
    for (const QString &key : m_urlKeys) {
        if (!m_settings.value(key).toString().trimmed().isEmpty())
            return Availability::ok();
    }
    return Availability::missing(u"%1 has no %2"_s.arg(notifierName(), m_urlKeys.join(u" or "_s)),
                                 u"set it, as ${VAR} or keychain:NAME when it holds a token"_s);
}

Async<void> HttpNotifier::deliver(const Notification &notification)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (m_pausedUntil.isValid() && m_pausedUntil > now)
        return failed<void>(makeError(u"notify.paused"_s, u"%1 asked to wait until %2"_s.arg(
                                                              notifierName(), m_pausedUntil.toString(Qt::ISODate))));
    switch (m_gate.check(notification.title, notification.body, now)) {
    case NotifierGate::Verdict::Duplicate:
        return readyOk(); // the same words went out a moment ago
    case NotifierGate::Verdict::Throttled:
        m_pausedUntil = m_gate.nextSlot(now);
        return failed<void>(
            makeError(u"notify.throttled"_s,
                      u"%1 sends at most %2 notifications a minute; this one waits until %3"_s.arg(
                          notifierName(), QString::number(m_settings.value(u"rateLimitPerMinute"_s).toInt(30)),
                          m_pausedUntil.toString(Qt::ISODate))));
    case NotifierGate::Verdict::Send:
        break;
    }

    auto delivery = std::make_shared<Delivery>();
    delivery->notification = notification;
    for (const QString &key : m_urlKeys) {
        if (const QString text = m_settings.value(key).toString().trimmed(); !text.isEmpty()) {
            delivery->wanted.append({u"url"_s, text});
            break;
        }
    }
    if (delivery->wanted.isEmpty())
        return failed<void>(makeError(u"notify.no_url"_s, detect().problem));
    if (!m_tokenKey.isEmpty() && !m_settings.value(m_tokenKey).toString().isEmpty())
        delivery->wanted.append({u"token"_s, m_settings.value(m_tokenKey).toString()});
    const QJsonObject headers = m_settings.value(u"headers"_s).toObject();
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it)
        delivery->wanted.append({u"header:"_s + it.key(), it.value().toString()});
    resolve(delivery, 0);
    return delivery->answer.future();
}

void HttpNotifier::resolve(const std::shared_ptr<Delivery> &delivery, int index)
{
    if (index >= delivery->wanted.size())
        return send(delivery);
    const auto &[what, text] = delivery->wanted.at(index);
    const auto keep = [this, delivery, index, what = what](const QString &value) {
        Resolved &resolved = delivery->resolved;
        if (what == u"url"_s)
            resolved.url = QUrl(value);
        else if (what == u"token"_s)
            resolved.token = value;
        else
            resolved.headers.insert(what.mid(7), value);
        resolve(delivery, index + 1);
    };
    const SecretReference reference = SecretReference::parse(text);
    const QString setting = what == u"url"_s ? u"the endpoint"_s : what;
    switch (reference.kind) {
    case SecretReference::Kind::Keychain: {
        auto *keychain = new SecretStore(QStringLiteral("flotilla"), m_context.get());
        keychain->read(reference.name, m_context.get(),
                       [this, delivery, keychain, keep, setting, reference](Result<QString> read) {
                           keychain->deleteLater();
                           if (!read || read->isEmpty())
                               return delivery->answer(
                                   makeError(u"notify.secret_unavailable"_s,
                                             u"%1: %2 (keychain item %3) could not be read%4"_s.arg(
                                                 notifierName(), setting, reference.name,
                                                 read ? QString() : u": "_s + read.error().message)));
                           keep(read.value());
                       });
        return;
    }
    case SecretReference::Kind::Ravi:
        return delivery->answer(
            makeError(u"notify.secret_unavailable"_s,
                      u"%1: %2 cannot come from Ravi; use ${VAR} or keychain:NAME"_s.arg(notifierName(), setting)));
    default:
        break;
    }
    auto value = reference.resolveFromEnvironment(processEnvironment());
    if (!value || value->isEmpty())
        return delivery->answer(
            makeError(u"notify.secret_unavailable"_s,
                      u"%1: %2 is empty (%3)"_s.arg(notifierName(), setting, reference.redacted())));
    keep(value.value());
}

void HttpNotifier::send(const std::shared_ptr<Delivery> &delivery)
{
    const Resolved &resolved = delivery->resolved;
    if (!resolved.url.isValid() || (resolved.url.scheme() != u"https"_s && resolved.url.scheme() != u"http"_s))
        return delivery->answer(
            makeError(u"notify.bad_url"_s, u"%1: the endpoint is not an http(s) address"_s.arg(notifierName())));
    auto request = this->request(delivery->notification, resolved);
    if (!request)
        return delivery->answer(request.error());
    HttpRequest sent = request.value();
    sent.url = sent.url.isEmpty() ? resolved.url : sent.url;
    sent.method = "POST";
    sent.authenticated = false;
    sent.timeout = kRequestTimeout;
    sent.maxAttempts = 1; // the notification outbox retries, with backoff
    sent.followRedirects = false;
    sent.what = u"%1 (%2)"_s.arg(notifierName(), resolved.url.host());
    const QUrl target = sent.url;
    m_http->send(sent).then(m_context.get(), [this, delivery, target](Result<HttpResponse> answered) {
        const Resolved &used = delivery->resolved;
        if (!answered) {
            // A 429 (or a 403 naming a rate limit) pauses this notifier until its Retry-After
            // (a minute and longer when it gives none); the outbox retries no earlier.
            if (answered.error().code == u"net.rate_limited"_s) {
                const QDateTime until = m_http->account(target)->pausedUntil();
                if (until.isValid())
                    m_pausedUntil = until;
            }
            return delivery->answer(scrubbed(answered.error(), used));
        }
        const HttpResponse &response = answered.value();
        if (!response.isSuccess()) {
            const QString detail = QString::fromUtf8(response.body.left(200)).simplified();
            return delivery->answer(scrubbed(
                makeError(u"notify.refused"_s, u"%1 (%2) answered %3%4"_s.arg(
                                                   notifierName(), used.url.host(), QString::number(response.status),
                                                   detail.isEmpty() ? QString() : u": "_s + detail)),
                used));
        }
        m_gate.sent(delivery->notification.title, delivery->notification.body, QDateTime::currentDateTimeUtc());
        delivery->answer(Result<void>());
    });
}

Error HttpNotifier::scrubbed(Error error, const Resolved &resolved) const
{
    // Webhook URLs carry their token in the path or query: only the host may be shown.
    QStringList secrets{resolved.url.toString(), resolved.url.toString(QUrl::FullyEncoded), resolved.url.path(),
                        resolved.url.query(), resolved.token};
    for (const QString &value : resolved.headers)
        secrets << value;
    for (const QString &secret : std::as_const(secrets)) {
        if (secret.size() >= 4 && secret != u"/"_s) {
            error.message.replace(secret, u"<redacted>"_s);
            error.context.replace(secret, u"<redacted>"_s);
        }
    }
    return error;
}

} // namespace flotilla

#include "ravi_client.h"

#include "net/http_client.h"
#include "net/rate_limit_account.h"
#include "plugin/await_result.h"
#include "ravi_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr int kMaxPages = 20;

Result<RaviSecret> secretFrom(const QJsonObject &object, const QString &name)
{
    RaviSecret secret{object.value(u"uuid"_s).toString(), object.value(u"key"_s).toString(),
                      object.value(u"value"_s).toString()};
    // Values from before Ravi dropped end-to-end encryption cannot be read without the old PIN.
    if (secret.value.startsWith(u"e2e::"_s))
        return makeError(
            u"ravi.legacy_secret"_s,
            u"the Ravi secret %1 is still encrypted the old way (e2e::); set it again in Ravi"_s.arg(name));
    return secret;
}

RaviIdentity identityFrom(const QJsonObject &object)
{
    RaviIdentity identity{object.value(u"uuid"_s).toString(), object.value(u"name"_s).toString(),
                          object.value(u"inbox"_s).toString(), object.value(u"api_key"_s).toString()};
    // Newer servers nest the channels: {"email": {"address": …}}.
    if (const QJsonValue email = object.value(u"email"_s); email.isObject())
        identity.email = email.toObject().value(u"address"_s).toString();
    else if (identity.email.isEmpty() && email.isString())
        identity.email = email.toString();
    return identity;
}

} // namespace

struct ListRead
{
    QJsonArray items;
    PendingResult<QJsonArray> answer;
};

RaviClient::RaviClient(QUrl baseUrl, QString key, QObject *parent)
    : QObject(parent), m_base(std::move(baseUrl)),
      m_http(std::make_unique<HttpClient>(HttpClient::Options{std::move(key),
                                                              QByteArrayLiteral("Bearer"),
                                                              {{"Accept", "application/json"}},
                                                              QByteArrayLiteral("Flotilla"),
                                                              nullptr,
                                                              QString()}))
{
    if (m_base.isEmpty())
        m_base = QUrl(QString::fromLatin1(kDefaultBaseUrl));
}

RaviClient::~RaviClient() = default;

HttpRequest RaviClient::request(const QByteArray &method, const QString &path, const QUrlQuery &query,
                                const QString &what) const
{
    HttpRequest request;
    request.method = method;
    QUrl url = m_base;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    // Paths arrive percent-encoded (a thread id's <, >, @ and +): kept as they are.
    url.setPath(basePath + path, QUrl::TolerantMode);
    url.setQuery(query);
    request.url = url;
    request.what = what;
    request.timeout = m_timeout;
    return request;
}

Async<HttpResponse> RaviClient::send(HttpRequest request)
{
    return m_http->send(std::move(request));
}

Async<RaviSecret> RaviClient::secretNamed(const QString &name)
{
    if (!ravi::isValidSecretName(name))
        return failed<RaviSecret>(
            makeError(u"ravi.invalid_name"_s,
                      u"\"%1\" is not a Ravi secret name (A–Z, 0–9 and _, starting with a letter)"_s.arg(name)));
    QUrlQuery query;
    query.addQueryItem(u"key"_s, name);
    const QString what = u"reading the Ravi secret %1"_s.arg(name);
    return send(request("GET", u"/api/secrets/"_s, query, what))
        .then(this,
              [this, name, what](Result<HttpResponse> sent) -> Async<RaviSecret> {
                  if (!sent)
                      return failed<RaviSecret>(sent.error());
                  if (!sent->isSuccess())
                      return failed<RaviSecret>(ravi::errorFor(sent.value(), what));
                  auto document = sent->json(what);
                  if (!document)
                      return failed<RaviSecret>(document.error());
                  auto page = ravi::pageOf(document.value(), what);
                  if (!page)
                      return failed<RaviSecret>(page.error());
                  // The filter is applied again here: a server that ignores `key` lists the whole vault.
                  for (const QJsonValue &item : std::as_const(page->items)) {
                      const QJsonObject object = item.toObject();
                      if (object.value(u"key"_s).toString() != name)
                          continue;
                      if (!object.contains(u"value"_s))
                          return secretByUuid(object.value(u"uuid"_s).toString(), name);
                      return ready(secretFrom(object, name));
                  }
                  return failed<RaviSecret>(
                      makeError(u"ravi.secret_missing"_s, u"the Ravi vault holds no secret named %1"_s.arg(name)));
              })
        .unwrap();
}

Async<RaviSecret> RaviClient::secretByUuid(const QString &uuid, const QString &name)
{
    const QString what = u"reading the Ravi secret %1"_s.arg(name);
    return send(request("GET", u"/api/secrets/%1/"_s.arg(QString::fromLatin1(QUrl::toPercentEncoding(uuid))), {}, what))
        .then(this, [name, what](Result<HttpResponse> sent) -> Result<RaviSecret> {
            if (!sent)
                return sent.error();
            if (!sent->isSuccess())
                return ravi::errorFor(sent.value(), what);
            auto document = sent->json(what);
            if (!document)
                return document.error();
            return secretFrom(document->object(), name);
        });
}

Async<QList<RaviSecret>> RaviClient::secrets(const QStringList &names)
{
    struct Gathering
    {
        QList<std::optional<RaviSecret>> found;
        int outstanding = 0;
        std::optional<Error> failure;
        PendingResult<QList<RaviSecret>> answer;
    };
    auto gathering = std::make_shared<Gathering>();
    gathering->found.resize(names.size());
    gathering->outstanding = int(names.size());
    if (names.isEmpty())
        return ready(Result<QList<RaviSecret>>(QList<RaviSecret>()));
    for (int i = 0; i < names.size(); ++i) {
        secretNamed(names.at(i)).then(this, [gathering, i](Result<RaviSecret> secret) {
            if (secret)
                gathering->found[i] = secret.value();
            else if (!gathering->failure || ravi::isUnreachable(*gathering->failure))
                gathering->failure = secret.error(); // a configuration problem outranks an outage
            if (--gathering->outstanding > 0)
                return;
            if (gathering->failure)
                return gathering->answer(*gathering->failure);
            QList<RaviSecret> all;
            for (const auto &found : std::as_const(gathering->found))
                all << *found;
            gathering->answer(all);
        });
    }
    return gathering->answer.future();
}

Async<QList<RaviSecret>> RaviClient::wholeVault()
{
    return listAll(u"/api/secrets/"_s, {}, u"reading the Ravi vault"_s)
        .then(this,
              [this](Result<QJsonArray> listed) -> Async<QList<RaviSecret>> {
                  if (!listed)
                      return failed<QList<RaviSecret>>(listed.error());
                  QList<RaviSecret> found;
                  QStringList withoutValue; // listed without a value: read one by one
                  for (const QJsonValue &item : std::as_const(listed.value())) {
                      const QJsonObject object = item.toObject();
                      const QString name = object.value(u"key"_s).toString();
                      if (!ravi::isValidSecretName(name))
                          continue; // not a name an environment variable can carry
                      if (!object.contains(u"value"_s)) {
                          withoutValue << name;
                          continue;
                      }
                      auto secret = secretFrom(object, name);
                      if (!secret)
                          return failed<QList<RaviSecret>>(secret.error());
                      found << secret.value();
                  }
                  if (withoutValue.isEmpty())
                      return ready(Result<QList<RaviSecret>>(found));
                  return secrets(withoutValue).then(this, [found](Result<QList<RaviSecret>> rest) {
                      return rest ? Result<QList<RaviSecret>>(found + rest.value()) : rest;
                  });
              })
        .unwrap();
}

Async<QJsonArray> RaviClient::listAll(const QString &path, const QUrlQuery &query, const QString &what)
{
    auto read = std::make_shared<ListRead>();
    readPage(request("GET", path, query, what).url, what, 1, read);
    return read->answer.future();
}

Async<QJsonArray> RaviClient::list(const QString &path, const QUrlQuery &query, const QString &what)
{
    return listAll(path, query, what);
}

Async<QJsonValue> RaviClient::call(const QByteArray &method, const QString &path, const QUrlQuery &query,
                                   const QJsonObject &body, const QString &what)
{
    HttpRequest sent = request(method, path, query, what);
    if (method != "GET") {
        sent.setHeader("Content-Type", "application/json");
        sent.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    return send(sent).then(this, [what](Result<HttpResponse> answer) -> Result<QJsonValue> {
        if (!answer)
            return answer.error();
        if (!answer->isSuccess())
            return ravi::errorFor(answer.value(), what);
        if (answer->body.trimmed().isEmpty())
            return QJsonValue();
        auto document = answer->json(what);
        if (!document)
            return document.error();
        return document->isArray() ? QJsonValue(document->array()) : QJsonValue(document->object());
    });
}

QDateTime RaviClient::pausedUntil() const
{
    const QDateTime until = m_http->account(m_base)->pausedUntil();
    return until > QDateTime::currentDateTimeUtc() ? until : QDateTime();
}

void RaviClient::readPage(const QUrl &url, const QString &what, int page, std::shared_ptr<ListRead> read)
{
    HttpRequest get = request("GET", {}, {}, what);
    get.url = url;
    send(get).then(this, [this, read, page, what](Result<HttpResponse> sent) {
        if (!sent)
            return read->answer(sent.error());
        if (!sent->isSuccess())
            return read->answer(ravi::errorFor(sent.value(), what));
        auto document = sent->json(what);
        if (!document)
            return read->answer(document.error());
        auto listed = ravi::pageOf(document.value(), what);
        if (!listed)
            return read->answer(listed.error());
        for (const QJsonValue &item : std::as_const(listed->items))
            read->items.append(item);
        // Only pages on Ravi's own host are followed: a `next` elsewhere would get the key.
        if (onOurHost(listed->next) && page < kMaxPages)
            return readPage(listed->next, what, page + 1, read);
        read->answer(read->items);
    });
}

bool RaviClient::onOurHost(const QUrl &url) const
{
    return !url.isEmpty() && url.host() == m_base.host() && url.port() == m_base.port()
           && url.scheme() == m_base.scheme();
}

Async<QList<RaviIdentity>> RaviClient::identities()
{
    return listAll(u"/api/identities/"_s, {}, u"listing the Ravi identities"_s)
        .then(this, [](Result<QJsonArray> listed) -> Result<QList<RaviIdentity>> {
            if (!listed)
                return listed.error();
            QList<RaviIdentity> identities;
            for (const QJsonValue &item : std::as_const(listed.value()))
                identities << identityFrom(item.toObject());
            return identities;
        });
}

Async<RaviIdentity> RaviClient::createIdentity(const QString &name, const QString &emailLocalPart)
{
    const QString what = u"creating the Ravi identity \"%1\""_s.arg(name);
    HttpRequest post = request("POST", u"/api/identities/"_s, {}, what);
    QJsonObject body{{u"name"_s, name}};
    if (!emailLocalPart.isEmpty())
        body.insert(u"email"_s, emailLocalPart);
    post.setHeader("Content-Type", "application/json");
    post.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return send(post)
        .then(this,
              [this, name, emailLocalPart, what](Result<HttpResponse> sent) -> Async<RaviIdentity> {
                  if (!sent)
                      return failed<RaviIdentity>(sent.error());
                  if (sent->status == 409 && !emailLocalPart.isEmpty())
                      return createIdentity(name, QString()); // the address is taken: let Ravi pick one
                  if (!sent->isSuccess())
                      return failed<RaviIdentity>(ravi::errorFor(sent.value(), what));
                  auto document = sent->json(what);
                  if (!document)
                      return failed<RaviIdentity>(document.error());
                  return ready(Result<RaviIdentity>(identityFrom(document->object())));
              })
        .unwrap();
}

Async<QString> RaviClient::mintIdentityKey(const QString &identityUuid, const QString &label)
{
    const QString what = u"making a key for the Ravi identity %1"_s.arg(identityUuid);
    HttpRequest post = request("POST", u"/api/auth/keys/identity/"_s, {}, what);
    post.setHeader("Content-Type", "application/json");
    post.body = QJsonDocument(QJsonObject{{u"identity_uuid"_s, identityUuid}, {u"label"_s, label}})
                    .toJson(QJsonDocument::Compact);
    return send(post).then(this, [what](Result<HttpResponse> sent) -> Result<QString> {
        if (!sent)
            return sent.error();
        if (!sent->isSuccess())
            return ravi::errorFor(sent.value(), what);
        auto document = sent->json(what);
        if (!document)
            return document.error();
        const QString key = document->object().value(u"key"_s).toString();
        if (key.isEmpty())
            return makeError(u"ravi.unexpected_shape"_s, u"%1: Ravi's answer holds no key"_s.arg(what));
        return key;
    });
}

} // namespace flotilla

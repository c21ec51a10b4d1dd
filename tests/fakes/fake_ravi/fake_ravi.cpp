#include "fake_ravi.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace flotilla::fakes {

FakeRavi::FakeRavi(QObject *parent) : QObject(parent), m_managementKey(u"ravi_mgmt_fake0000000000000000"_s)
{
    m_http.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        receive(request, std::move(responder));
    });
    auto tcp = std::make_unique<QTcpServer>();
    if (tcp->listen(QHostAddress::LocalHost, 0)) {
        m_port = tcp->serverPort();
        m_http.bind(tcp.release()); // the server takes ownership
    }
}

FakeRavi::~FakeRavi() = default;

QUrl FakeRavi::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_port));
}

void FakeRavi::stop()
{
    for (QTcpServer *server : m_http.servers())
        server->close();
    m_hung.clear();
}

QString FakeRavi::newUuid()
{
    ++m_serial;
    return u"00000000-0000-4000-8000-%1"_s.arg(m_serial, 12, 10, QChar(u'0'));
}

FakeRavi::Identity FakeRavi::addIdentity(const QString &name, const QString &inboxLocalPart)
{
    Identity identity{newUuid(), name, inboxLocalPart + u"@ravi.example"_s, {}};
    m_identities << identity;
    const QString key = u"ravi_id_%1_%2"_s.arg(m_serial).arg(identity.uuid.right(6));
    m_keysByIdentity[identity.uuid] << key;
    m_identityByKey.insert(key, identity.uuid);
    return identity;
}

FakeRavi::Answer FakeRavi::json(int status, const QJsonValue &body)
{
    const QByteArray bytes = body.isArray() ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                                            : QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    return {status, bytes, {{"Content-Type", "application/json"}}};
}

FakeRavi::Answer FakeRavi::detail(int status, const QString &message)
{
    return json(status, QJsonObject{{u"detail"_s, message}});
}

FakeRavi::Answer FakeRavi::list(QJsonArray items, const Request &request) const
{
    if (!pagedLists)
        return json(200, items);
    const int offset = QUrlQuery(request.query).queryItemValue(u"offset"_s).toInt();
    constexpr int kPage = 2;
    QJsonArray page;
    for (int i = offset; i < items.size() && i < offset + kPage; ++i)
        page.append(items.at(i));
    QJsonValue next;
    if (offset + kPage < items.size()) {
        QUrlQuery query(request.query);
        query.removeAllQueryItems(u"offset"_s);
        query.addQueryItem(u"offset"_s, QString::number(offset + kPage));
        QUrl url = baseUrl();
        url.setPath(request.path);
        url.setQuery(query);
        next = url.toString();
    }
    return json(
        200, QJsonObject{
                 {u"count"_s, items.size()}, {u"next"_s, next}, {u"previous"_s, QJsonValue()}, {u"results"_s, page}});
}

void FakeRavi::receive(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    Request seen;
    seen.method = request.method() == QHttpServerRequest::Method::Get      ? "GET"
                  : request.method() == QHttpServerRequest::Method::Post   ? "POST"
                  : request.method() == QHttpServerRequest::Method::Patch  ? "PATCH"
                  : request.method() == QHttpServerRequest::Method::Delete ? "DELETE"
                                                                           : "OTHER";
    seen.path = request.url().path();
    seen.query = request.url().query();
    for (const auto &[name, value] : request.headers())
        seen.headers.insert(name.toLower(), value);
    seen.body = request.body();
    m_requests << seen;

    if (hang) {
        m_hung << std::make_shared<QHttpServerResponder>(std::move(responder));
        return;
    }
    Answer answer;
    if (failNext > 0) {
        --failNext;
        answer = {500, "<html><body><h1>Server Error (500)</h1></body></html>", {{"Content-Type", "text/html"}}};
    } else if (rateLimitNext > 0) {
        --rateLimitNext;
        answer = json(429, QJsonObject{{u"detail"_s, u"Request was throttled."_s},
                                       {u"retry_after_seconds"_s, retryAfterSeconds}});
        answer.headers.append({"Retry-After", QByteArray::number(retryAfterSeconds)});
    } else if (seen.path.startsWith(u"/api/auth/device/"_s)) {
        answer = device(seen); // no key: this is how one gets a key
    } else {
        Caller caller;
        const QByteArray authorization = seen.headers.value("authorization");
        const QString key = authorization.startsWith("Bearer ") ? QString::fromUtf8(authorization.mid(7)) : QString();
        if (key == m_managementKey)
            caller.management = true;
        else
            caller.identityUuid = m_identityByKey.value(key);
        if (!caller.management && caller.identityUuid.isEmpty())
            answer =
                detail(401, key.isEmpty() ? u"Authentication credentials were not provided."_s : u"Invalid API key."_s);
        else
            answer = route(seen, caller);
    }
    if (loseAnswers > 0) {
        --loseAnswers;
        m_hung << std::make_shared<QHttpServerResponder>(std::move(responder));
        return;
    }
    QHttpServerResponse response(answer.body, QHttpServerResponder::StatusCode(answer.status));
    for (const auto &[name, value] : std::as_const(answer.headers))
        response.setHeader(name, value);
    if (answer.headers.isEmpty())
        response.setHeader("Content-Type", "application/json");
    response.write(std::move(responder));
}

FakeRavi::Answer FakeRavi::route(const Request &request, const Caller &caller)
{
    if (!request.path.endsWith(u'/'))
        return detail(404, u"Not found."_s); // Django without APPEND_SLASH for the API
    if (request.path.startsWith(u"/api/secrets/"_s))
        return vault(request, caller);
    if (request.path.startsWith(u"/api/identities/"_s) || request.path == u"/api/auth/keys/identity/"_s)
        return identities(request, caller);
    if (request.path.startsWith(u"/api/email"_s))
        return mail(request, caller);
    if (request.path.startsWith(u"/api/messages/"_s) || request.path == u"/api/phone/"_s)
        return sms(request, caller);
    return detail(404, u"Not found."_s);
}

FakeRavi::Answer FakeRavi::device(const Request &request)
{
    if (request.method != "POST")
        return detail(405, u"Method not allowed."_s);
    if (request.path == u"/api/auth/device/"_s) {
        const QString code = u"device-%1"_s.arg(++m_serial);
        m_devicePolls.insert(code, 0);
        return json(200, QJsonObject{{u"device_code"_s, code},
                                     {u"user_code"_s, u"WXYZ-%1"_s.arg(m_serial, 4, 10, QChar(u'0'))},
                                     {u"verification_uri"_s, QString(baseUrl().toString() + u"/device"_s)},
                                     {u"expires_in"_s, 600},
                                     {u"interval"_s, 1}});
    }
    if (request.path == u"/api/auth/device/token/"_s) {
        const QString code = QJsonDocument::fromJson(request.body).object().value(u"device_code"_s).toString();
        if (!m_devicePolls.contains(code))
            return json(400, QJsonObject{{u"error"_s, u"invalid_grant"_s}});
        const int polls = ++m_devicePolls[code];
        if (polls <= devicePendingPolls)
            return json(400, QJsonObject{{u"error"_s, u"authorization_pending"_s},
                                         {u"error_description"_s, u"The user has not confirmed yet."_s}});
        if (deviceCodeExpires)
            return json(
                400, QJsonObject{{u"error"_s, u"expired_token"_s}, {u"error_description"_s, u"The code expired."_s}});
        m_devicePolls.remove(code);
        return json(200, QJsonObject{{u"management_key"_s, m_managementKey},
                                     {u"user"_s, QJsonObject{{u"id"_s, 1},
                                                             {u"email"_s, u"owner@example.com"_s},
                                                             {u"first_name"_s, u"Ada"_s},
                                                             {u"last_name"_s, u"Owner"_s}}}});
    }
    return detail(404, u"Not found."_s);
}

FakeRavi::Answer FakeRavi::identities(const Request &request, const Caller &caller)
{
    if (!caller.management)
        return detail(403, u"An identity key cannot manage identities."_s);
    if (request.path == u"/api/auth/keys/identity/"_s && request.method == "POST") {
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        const QString uuid = body.value(u"identity_uuid"_s).toString();
        if (!m_keysByIdentity.contains(uuid))
            return detail(404, u"Not found."_s);
        const QString key = u"ravi_id_%1_%2"_s.arg(++m_serial).arg(uuid.right(6));
        m_keysByIdentity[uuid] << key;
        m_identityByKey.insert(key, uuid);
        return json(
            201,
            QJsonObject{{u"key"_s, key}, {u"identity_uuid"_s, uuid}, {u"label"_s, body.value(u"label"_s).toString()}});
    }
    const auto identityJson = [](const Identity &identity) {
        return QJsonObject{{u"uuid"_s, identity.uuid},
                           {u"name"_s, identity.name},
                           {u"inbox"_s, identity.inbox},
                           {u"phone"_s, identity.phone},
                           {u"created_dt"_s, u"2026-11-01T09:00:00Z"_s},
                           {u"updated_dt"_s, u"2026-11-01T09:00:00Z"_s}};
    };
    if (request.path == u"/api/identities/"_s && request.method == "GET") {
        QJsonArray all;
        for (const Identity &identity : std::as_const(m_identities))
            all.append(identityJson(identity));
        return list(all, request);
    }
    if (request.path == u"/api/identities/"_s && request.method == "POST") {
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        const QString local = body.value(u"email"_s).toString(u"agent%1"_s.arg(m_serial + 1));
        for (const Identity &identity : std::as_const(m_identities)) {
            if (identity.inbox.section(u'@', 0, 0) == local)
                return detail(409, u"This email address is already taken."_s);
        }
        const Identity made = addIdentity(body.value(u"name"_s).toString(u"Ada Lovelace"_s), local);
        for (auto it = seedNewVaults.cbegin(); it != seedNewVaults.cend(); ++it)
            addSecret(made.uuid, it.key(), it.value());
        QJsonObject answer = identityJson(made);
        answer.insert(u"api_key"_s, keyFor(made.uuid));
        return json(201, answer);
    }
    for (const Identity &identity : std::as_const(m_identities)) {
        if (request.path == u"/api/identities/%1/"_s.arg(identity.uuid) && request.method == "GET")
            return json(200, identityJson(identity));
    }
    return detail(404, u"Not found."_s);
}

} // namespace flotilla::fakes

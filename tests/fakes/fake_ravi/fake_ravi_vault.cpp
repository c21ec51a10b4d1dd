// FakeRavi's secrets vault: one per identity, reached with that identity's key.
#include "fake_ravi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace flotilla::fakes {

QString FakeRavi::addSecret(const QString &identityUuid, const QString &key, const QString &value)
{
    Secret secret{newUuid(), identityUuid, key, value, {}};
    m_secrets << secret;
    return secret.uuid;
}

void FakeRavi::removeSecret(const QString &identityUuid, const QString &key)
{
    m_secrets.removeIf([&](const Secret &secret) { return secret.identityUuid == identityUuid && secret.key == key; });
}

QJsonObject FakeRavi::secretJson(const Secret &secret, bool withValue) const
{
    int identityNumber = 0;
    for (int i = 0; i < m_identities.size(); ++i) {
        if (m_identities.at(i).uuid == secret.identityUuid)
            identityNumber = i + 1;
    }
    QJsonObject object{{u"uuid"_s, secret.uuid},
                       {u"identity"_s, identityNumber},
                       {u"key"_s, secret.key},
                       {u"notes"_s, secret.notes},
                       {u"created_dt"_s, u"2026-11-02T10:00:00.123456Z"_s},
                       {u"updated_dt"_s, u"2026-11-02T10:00:00Z"_s}};
    if (withValue)
        object.insert(u"value"_s, secret.value);
    return object;
}

FakeRavi::Answer FakeRavi::vault(const Request &request, const Caller &caller)
{
    if (caller.management)
        return detail(403, u"Use an identity key for the vault."_s);
    static const QRegularExpression kName(u"^[A-Z][A-Z0-9_]*$"_s);
    const QString rest = request.path.mid(QStringLiteral("/api/secrets/").size());
    const QString uuid = rest.endsWith(u'/') ? rest.chopped(1) : rest;
    auto mine = [&](const Secret &secret) { return secret.identityUuid == caller.identityUuid; };

    if (uuid.isEmpty() && request.method == "GET") {
        const QString key = QUrlQuery(request.query).queryItemValue(u"key"_s);
        QJsonArray items;
        for (const Secret &secret : std::as_const(m_secrets)) {
            if (mine(secret) && (ignoreFilters || key.isEmpty() || secret.key == key))
                items.append(secretJson(secret, !omitListValues));
        }
        return list(items, request);
    }
    if (uuid.isEmpty() && request.method == "POST") {
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        const QString key = body.value(u"key"_s).toString().toUpper();
        if (!kName.match(key).hasMatch())
            return json(400, QJsonObject{{u"key"_s, QJsonArray{u"Enter a valid key."_s}}});
        for (const Secret &secret : std::as_const(m_secrets)) {
            if (mine(secret) && secret.key == key)
                return json(400, QJsonObject{{u"key"_s, QJsonArray{u"secret with this key already exists."_s}}});
        }
        Secret made{newUuid(), caller.identityUuid, key, body.value(u"value"_s).toString(),
                    body.value(u"notes"_s).toString()};
        m_secrets << made;
        return json(201, secretJson(made, true));
    }
    for (Secret &secret : m_secrets) {
        if (!mine(secret) || secret.uuid != uuid)
            continue;
        if (request.method == "GET")
            return json(200, secretJson(secret, true));
        if (request.method == "PATCH") {
            const QJsonObject body = QJsonDocument::fromJson(request.body).object();
            if (body.contains(u"value"_s))
                secret.value = body.value(u"value"_s).toString();
            if (body.contains(u"notes"_s))
                secret.notes = body.value(u"notes"_s).toString();
            return json(200, secretJson(secret, true));
        }
        if (request.method == "DELETE") {
            const QString gone = secret.uuid;
            m_secrets.removeIf([&](const Secret &s) { return s.uuid == gone; });
            return {204, {}, {{"Content-Type", "application/json"}}};
        }
    }
    return detail(404, u"Not found."_s);
}

} // namespace flotilla::fakes

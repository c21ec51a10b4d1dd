#include "ravi_device_login.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// Ravi's own hosts send people to the public page; any other (a self-hosted or test server)
// to the page it names.
QUrl verificationPage(const QUrl &base, const QString &userCode, const QString &named)
{
    static const QStringList ravisOwn = {u"api.ravi.id"_s, u"api.ravi.app"_s, u"ravi.id"_s};
    QUrl page = ravisOwn.contains(base.host()) ? QUrl(u"https://ravi.id/device"_s) : QUrl(named);
    if (page.isEmpty())
        return page;
    QUrlQuery query(page);
    query.removeAllQueryItems(u"user_code"_s);
    query.addQueryItem(u"user_code"_s, userCode);
    page.setQuery(query);
    return page;
}

} // namespace

RaviDeviceLogin::RaviDeviceLogin(QUrl baseUrl, QObject *parent)
    : QObject(parent), m_base(std::move(baseUrl)), m_client(std::make_unique<RaviClient>(m_base, QString()))
{}

RaviDeviceLogin::~RaviDeviceLogin() = default;

Async<RaviDeviceLogin::Code> RaviDeviceLogin::start()
{
    const QString what = u"starting the Ravi sign-in"_s;
    return m_client->call("POST", u"/api/auth/device/"_s, {}, QJsonObject(), what)
        .then(this, [this, what](Result<QJsonValue> started) -> Result<Code> {
            if (!started)
                return started.error();
            const QJsonObject object = started->toObject();
            Code code;
            code.deviceCode = object.value(u"device_code"_s).toString();
            code.userCode = object.value(u"user_code"_s).toString();
            code.expiresInSeconds = object.value(u"expires_in"_s).toInt(600);
            code.intervalSeconds = std::max(1, object.value(u"interval"_s).toInt(5));
            code.verificationPage =
                verificationPage(m_base, code.userCode, object.value(u"verification_uri"_s).toString());
            if (code.deviceCode.isEmpty() || code.userCode.isEmpty())
                return makeError(u"ravi.unexpected_shape"_s, u"%1: Ravi's answer holds no code"_s.arg(what));
            return code;
        });
}

Async<std::optional<RaviDeviceLogin::Grant>> RaviDeviceLogin::poll(const QString &deviceCode)
{
    const QString what = u"waiting for the Ravi sign-in"_s;
    return m_client
        ->call("POST", u"/api/auth/device/token/"_s, {},
               QJsonObject{{u"device_code"_s, deviceCode}, {u"wait"_s, false}}, what)
        .then(this, [what](Result<QJsonValue> answered) -> Result<std::optional<Grant>> {
            if (!answered) {
                // Pending and expired are 400s whose message carries the `error` word.
                if (answered.error().message.contains(u"authorization_pending"_s))
                    return std::optional<Grant>();
                if (answered.error().message.contains(u"expired_token"_s))
                    return makeError(u"ravi.login_expired"_s,
                                     u"the Ravi sign-in code expired before it was confirmed; start again"_s);
                return answered.error();
            }
            const QJsonObject object = answered->toObject();
            Grant grant;
            grant.managementKey = object.value(u"management_key"_s).toString();
            grant.identityKey = object.value(u"identity_key"_s).toString();
            grant.identityUuid = object.value(u"identity"_s).toObject().value(u"uuid"_s).toString();
            grant.userEmail = object.value(u"user"_s).toObject().value(u"email"_s).toString();
            if (grant.managementKey.isEmpty())
                return makeError(u"ravi.unexpected_shape"_s, u"%1: Ravi's answer holds no key"_s.arg(what));
            return std::optional<Grant>(grant);
        });
}

} // namespace flotilla

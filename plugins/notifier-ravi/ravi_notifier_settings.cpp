#include "ravi_notifier_settings.h"

#include "ravi_client.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QString firstOf(const PluginSettings &settings, const QStringList &keys)
{
    for (const QString &key : keys) {
        if (const QString value = settings.value(key).toString().trimmed(); !value.isEmpty())
            return value;
    }
    return QString();
}

} // namespace

Result<RaviNotifierSettings> RaviNotifierSettings::read(const PluginSettings &settings, const QString &fallbackBaseUrl)
{
    RaviNotifierSettings read;
    read.name = settings.value(u"_notifier"_s).toString(u"ravi"_s);
    const auto invalid = [&read](const QString &message) {
        return makeError(u"ravi.notifier_settings"_s, u"notifier %1: %2"_s.arg(read.name, message));
    };
    read.keyReference = firstOf(settings, {u"ravi_api_key"_s, u"apiKey"_s});
    const QString base = firstOf(settings, {u"baseUrl"_s, u"base_url"_s});
    read.baseUrl = QUrl(!base.isEmpty()              ? base
                        : !fallbackBaseUrl.isEmpty() ? fallbackBaseUrl
                                                     : QString::fromLatin1(RaviClient::kDefaultBaseUrl));
    if (!read.baseUrl.isValid() || (read.baseUrl.scheme() != u"https"_s && read.baseUrl.scheme() != u"http"_s))
        return invalid(u"baseUrl \"%1\" is not an http(s) address"_s.arg(read.baseUrl.toString()));

    read.approverEmail = firstOf(settings, {u"escalation_email"_s, u"emailTo"_s});
    static const QRegularExpression address(u"^[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+$"_s);
    if (read.approverEmail.isEmpty())
        return invalid(u"escalation_email is required: the address that is asked and whose replies count"_s);
    if (!address.match(read.approverEmail).hasMatch())
        return invalid(u"escalation_email \"%1\" is not an email address"_s.arg(read.approverEmail));

    read.approverSms = firstOf(settings, {u"escalation_sms"_s, u"phone"_s});
    static const QRegularExpression e164(u"^\\+[1-9][0-9]{6,14}$"_s);
    if (!read.approverSms.isEmpty() && !e164.match(read.approverSms).hasMatch())
        return invalid(u"escalation_sms \"%1\" is not an E.164 number (like +15551234567)"_s.arg(read.approverSms));

    const QJsonValue interval = settings.value(u"poll_interval_seconds"_s);
    if (!interval.isUndefined() && !interval.isNull()) {
        const int seconds = interval.isString() ? interval.toString().toInt() : interval.toInt();
        if (seconds < 1 || seconds > 3600)
            return invalid(u"poll_interval_seconds must be between 1 and 3600"_s);
        read.pollInterval = std::chrono::seconds(seconds);
    }
    read.acknowledge = settings.value(u"acknowledge"_s).toBool(true);
    if (const QString identity = firstOf(settings, {u"identity_name"_s}); !identity.isEmpty())
        read.identityName = identity;
    return read;
}

} // namespace flotilla

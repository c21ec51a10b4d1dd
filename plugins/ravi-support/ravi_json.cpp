#include "ravi_json.h"

#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla::ravi {

Result<Page> pageOf(const QJsonDocument &document, const QString &what)
{
    if (document.isArray())
        return Page{document.array(), {}};
    const QJsonObject envelope = document.object();
    if (!document.isObject() || !envelope.value(u"results"_s).isArray())
        return makeError(u"ravi.unexpected_shape"_s, u"%1: Ravi's answer is not a list"_s.arg(what));
    return Page{envelope.value(u"results"_s).toArray(), QUrl(envelope.value(u"next"_s).toString())};
}

Error errorFor(const HttpResponse &response, const QString &what)
{
    QString detail;
    const QJsonDocument body = QJsonDocument::fromJson(response.body);
    if (body.isObject()) {
        const QJsonObject object = body.object();
        detail = object.value(u"detail"_s).toString();
        if (detail.isEmpty() && object.value(u"error"_s).isString()) {
            // OAuth's shape, used by the device sign-in: {error, error_description}.
            detail = object.value(u"error"_s).toString();
            if (const QString description = object.value(u"error_description"_s).toString(); !description.isEmpty())
                detail += u": "_s + description;
        }
        if (detail.isEmpty()) {
            // A validation error: field → [messages].
            QStringList fields;
            for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
                QStringList messages;
                for (const QJsonValue &message : it.value().toArray())
                    messages << message.toString();
                if (!messages.isEmpty())
                    fields << u"%1: %2"_s.arg(it.key(), messages.join(u' '));
            }
            detail = fields.join(u"; "_s);
        }
    } else if (!response.body.trimmed().isEmpty() && !response.body.trimmed().startsWith('<')) {
        detail = QString::fromUtf8(response.body.left(200)).simplified();
    }
    const auto described = [&](const QString &code, const QString &meaning) {
        QString message = u"%1: Ravi answered %2 (%3)"_s.arg(what).arg(response.status).arg(meaning);
        if (!detail.isEmpty())
            message += u": "_s + detail;
        return makeError(code, message);
    };
    switch (response.status) {
    case 400:
        return described(u"ravi.invalid"_s, u"the request was refused"_s);
    case 401:
    case 403:
        return described(u"ravi.unauthorized"_s, u"the key was rejected; sign in to Ravi again"_s);
    case 402:
        return described(u"ravi.plan_required"_s, u"this needs a paid Ravi plan"_s);
    case 404:
        return described(u"ravi.not_found"_s, u"not found"_s);
    case 409:
        return described(u"ravi.conflict"_s, u"already taken"_s);
    case 429:
        return described(u"ravi.rate_limited"_s, u"too many requests"_s);
    default:
        break;
    }
    if (response.status >= 500)
        return described(u"ravi.unreachable"_s, u"Ravi is failing"_s);
    return described(u"ravi.http_error"_s, u"unexpected answer"_s);
}

bool isUnreachable(const Error &error)
{
    return error.code == u"net.timeout"_s || error.code == u"net.unreachable"_s || error.code == u"net.server_error"_s
           || error.code == u"net.rate_limited"_s || error.code == u"ravi.unreachable"_s
           || error.code == u"ravi.rate_limited"_s || error.code == u"plugin.timeout"_s;
}

bool isValidSecretName(const QString &name)
{
    static const QRegularExpression kName(u"^[A-Z][A-Z0-9_]*$"_s);
    return kName.match(name).hasMatch();
}

} // namespace flotilla::ravi

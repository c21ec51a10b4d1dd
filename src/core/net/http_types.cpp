#include "http_types.h"

#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla {

void HttpRequest::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0) {
            header.second = value;
            return;
        }
    }
    headers.append({name, value});
}

bool HttpRequest::isRetryable() const
{
    return readOnly || method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE"
           || method == "OPTIONS";
}

bool HttpRequest::isMutation() const
{
    return !readOnly && method != "GET" && method != "HEAD" && method != "OPTIONS";
}

Result<QJsonDocument> HttpResponse::json(const QString &what) const
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed.isEmpty())
        return makeError(u"net.empty_body"_s, u"%1: the answer (HTTP %2) was empty"_s.arg(what).arg(status));
    if (trimmed.startsWith('<'))
        return makeError(u"net.not_json"_s,
                         u"%1: the answer (HTTP %2) was an HTML page, not JSON; a proxy or the server's error page "
                         "answered instead of the API"_s.arg(what)
                             .arg(status));
    QJsonParseError parseError;
    QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return makeError(u"net.bad_json"_s, u"%1: the answer (HTTP %2) is not valid JSON (%3 at byte %4)"_s.arg(what)
                                                .arg(status)
                                                .arg(parseError.errorString())
                                                .arg(parseError.offset));
    return document;
}

QUrl HttpResponse::nextPage() const
{
    return linkTarget(header("link"), "next");
}

QUrl linkTarget(const QByteArray &linkHeader, const QByteArray &rel)
{
    // <https://…?page=2>; rel="next", <…>; rel="last"
    static const QRegularExpression entry(uR"(<([^>]*)>\s*((?:;\s*[^;,]*)*))"_s);
    const QString header = QString::fromUtf8(linkHeader);
    auto matches = entry.globalMatch(header);
    while (matches.hasNext()) {
        const auto match = matches.next();
        const QStringList params = match.captured(2).split(u';', Qt::SkipEmptyParts);
        for (const QString &param : params) {
            const QString trimmed = param.trimmed();
            if (!trimmed.startsWith(u"rel="_s))
                continue;
            QString value = trimmed.mid(4);
            if (value.startsWith(u'"') && value.endsWith(u'"') && value.size() >= 2)
                value = value.mid(1, value.size() - 2);
            if (value.split(u' ', Qt::SkipEmptyParts).contains(QString::fromLatin1(rel)))
                return QUrl(match.captured(1));
        }
    }
    return {};
}

} // namespace flotilla

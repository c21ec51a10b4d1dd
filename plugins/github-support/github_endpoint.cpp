#include "github_endpoint.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla {

Result<GithubEndpoint> GithubEndpoint::fromSettings(const PluginSettings &settings)
{
    GithubEndpoint endpoint;
    QString apiUrl = settings.value(u"apiUrl"_s).toString().trimmed();
    const QString host = settings.value(u"host"_s).toString().trimmed();
    if (apiUrl.isEmpty() && !host.isEmpty() && host != u"github.com"_s)
        apiUrl = u"https://%1/api/v3"_s.arg(host);
    if (apiUrl.isEmpty()) {
        endpoint.restBase = QUrl(u"https://api.github.com"_s);
        endpoint.graphqlUrl = QUrl(u"https://api.github.com/graphql"_s);
        endpoint.webBase = QUrl(u"https://github.com"_s);
        return endpoint;
    }
    while (apiUrl.endsWith(u'/'))
        apiUrl.chop(1);
    const QUrl base(apiUrl, QUrl::StrictMode);
    if (!base.isValid() || (base.scheme() != u"https"_s && base.scheme() != u"http"_s) || base.host().isEmpty())
        return makeError(u"github.bad_api_url"_s,
                         u"apiUrl \"%1\" is not an http(s) URL such as https://ghe.example.com/api/v3"_s.arg(apiUrl));
    endpoint.restBase = base;
    // Enterprise Server serves GraphQL at /api/graphql beside /api/v3; other layouts (and test
    // servers) keep it under the REST base.
    QUrl graphql = base;
    if (base.path().endsWith(u"/api/v3"_s))
        graphql.setPath(base.path().chopped(3) + u"/graphql"_s);
    else
        graphql.setPath(base.path() + u"/graphql"_s);
    endpoint.graphqlUrl = graphql;
    QUrl web = base;
    web.setPath(base.path().endsWith(u"/api/v3"_s) ? base.path().chopped(7) : base.path());
    endpoint.webBase = web;
    return endpoint;
}

QUrl GithubEndpoint::rest(const QString &path, const QUrlQuery &query) const
{
    QUrl url = restBase;
    url.setPath(restBase.path() + path, QUrl::StrictMode);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

Result<GithubRepo> GithubRepo::parse(const QString &fullName)
{
    static const QRegularExpression shape(uR"(^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})$)"_s);
    QString text = fullName.trimmed();
    if (text.endsWith(u".git"_s))
        text.chop(4);
    const auto match = shape.match(text);
    if (!match.hasMatch() || match.captured(2) == u"."_s || match.captured(2) == u".."_s)
        return makeError(u"github.bad_repo"_s,
                         u"\"%1\" is not a GitHub repository name; write it as owner/name"_s.arg(fullName));
    return GithubRepo{match.captured(1), match.captured(2)};
}

QString GithubRepo::path() const
{
    return u"/repos/%1/%2"_s.arg(QString::fromLatin1(QUrl::toPercentEncoding(owner)),
                                 QString::fromLatin1(QUrl::toPercentEncoding(name)));
}

} // namespace flotilla

#pragma once

#include "plugin/plugin_common.h"

#include <QUrl>
#include <QUrlQuery>

namespace flotilla {

// Where GitHub's APIs are: github.com's, or a GitHub Enterprise Server's (`apiUrl:
// https://ghe.example.com/api/v3`, or just `host: ghe.example.com`).
struct GithubEndpoint
{
    QUrl restBase;   // https://api.github.com, https://HOST/api/v3
    QUrl graphqlUrl; // https://api.github.com/graphql, https://HOST/api/graphql
    QUrl webBase;    // https://github.com, https://HOST

    static Result<GithubEndpoint> fromSettings(const PluginSettings &settings);
    QUrl rest(const QString &path, const QUrlQuery &query = {}) const;
};

// "owner/name" split and checked.
struct GithubRepo
{
    QString owner;
    QString name;

    static Result<GithubRepo> parse(const QString &fullName);
    QString fullName() const { return owner + QLatin1Char('/') + name; }
    // "/repos/owner/name" with both parts percent-encoded.
    QString path() const;
};

} // namespace flotilla

#pragma once

#include "fake_github.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>

// Drives the fake GitHub with plain QNetworkAccessManager requests, the way Flotilla's net layer does.
namespace flotilla::fakes::testing {

using namespace Qt::StringLiterals;

struct Reply
{
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    qint64 elapsedMs = 0;

    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

// Plain QNetworkAccessManager requests, the way Flotilla's net layer sends them.
class Client
{
public:
    explicit Client(FakeGithub &github) : m_github(github) {}

    Reply send(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
               const QList<std::pair<QByteArray, QByteArray>> &extra = {}, bool withToken = true, int timeoutMs = 10000)
    {
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        request.setRawHeader("User-Agent", "flotilla-tests");
        request.setRawHeader("Accept", "application/vnd.github+json");
        request.setRawHeader("X-GitHub-Api-Version", "2022-11-28");
        if (withToken)
            request.setRawHeader("Authorization", "Bearer " + m_github.token().toUtf8());
        if (!body.isEmpty())
            request.setRawHeader("Content-Type", "application/json");
        for (const auto &[name, value] : extra)
            request.setRawHeader(name, value);
        request.setTransferTimeout(timeoutMs);
        QElapsedTimer clock;
        clock.start();
        QNetworkReply *reply = m_nam.sendCustomRequest(request, method, body);
        while (!reply->isFinished())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        Reply out;
        out.elapsedMs = clock.elapsed();
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->isOpen())
            out.body = reply->readAll();
        out.error = reply->error();
        for (const auto &[name, value] : reply->rawHeaderPairs())
            out.headers.insert(name.toLower(), value);
        reply->deleteLater();
        return out;
    }

    Reply get(const QString &path, const QList<std::pair<QByteArray, QByteArray>> &extra = {})
    {
        return send("GET", url(path), {}, extra);
    }
    Reply json(const QByteArray &method, const QString &path, const QJsonObject &body)
    {
        return send(method, url(path), QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    Reply graphql(const QString &query, const QJsonObject &variables = {})
    {
        QJsonObject body{{u"query"_s, query}};
        if (!variables.isEmpty())
            body.insert(u"variables"_s, variables);
        return send("POST", m_github.graphqlUrl(), QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    QUrl url(const QString &path) const { return QUrl(m_github.baseUrl().toString() + path); }

private:
    FakeGithub &m_github;
    QNetworkAccessManager m_nam;
};

// rel → URL from a Link header.
inline QHash<QString, QString> links(const QByteArray &header)
{
    QHash<QString, QString> out;
    static const QRegularExpression part(u"<([^>]+)>;\\s*rel=\"([a-z]+)\""_s);
    auto it = part.globalMatch(QString::fromUtf8(header));
    while (it.hasNext()) {
        const auto m = it.next();
        out.insert(m.captured(2), m.captured(1));
    }
    return out;
}

inline const QString kRepo = QStringLiteral("acme/shop");

inline int addPull(FakeGithub &github, const QString &branch, const QString &sha = {})
{
    GhPullRequest pr;
    pr.title = u"Change "_s + branch;
    pr.headRef = branch;
    pr.headSha = sha;
    pr.additions = 10;
    pr.deletions = 2;
    return github.state().addPullRequest(kRepo, pr);
}

} // namespace flotilla::fakes::testing

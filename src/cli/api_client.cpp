#include "api_client.h"

#include "instance/api_token.h"
#include "util/app_paths.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

Error notRunning(const QString &why)
{
    return makeError(kNotRunning, why
                                      + u". Start the desktop app with `flotilla`, or run it in the background with "
                                        "`flotilla --headless`."_s);
}

} // namespace

ApiClient::ApiClient(QObject *parent) : QObject(parent) {}

Result<void> ApiClient::connectToInstance()
{
    const QString sessionApi = qEnvironmentVariable("FLOTILLA_API");
    const QByteArray sessionToken = qgetenv("FLOTILLA_TOKEN");
    if (!sessionApi.isEmpty() && !sessionToken.isEmpty()) {
        m_apiBase = sessionApi;
        m_token = sessionToken;
        return {};
    }
    auto record = InstanceRecord::read(AppPaths::instanceFile());
    if (!record) {
        if (record.error().code == u"instance.none"_s)
            return notRunning(u"No Flotilla instance is running"_s);
        return record.error();
    }
    m_instance = record.value();
    auto token = ApiToken::load(AppPaths::apiTokenFile());
    if (!token)
        return token.error();
    m_token = token.value();
    m_apiBase = m_instance.apiBase();
    return {};
}

void ApiClient::get(const QString &path, JsonDone done)
{
    QNetworkRequest request(QUrl(m_apiBase + path));
    request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(kTimeoutMs);
    QNetworkReply *reply = m_network.get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] { finish(reply, done); });
}

void ApiClient::post(const QString &path, const QJsonObject &body, JsonDone done, int timeoutMs)
{
    QNetworkRequest request(QUrl(m_apiBase + path));
    request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] { finish(reply, done); });
}

void ApiClient::finish(QNetworkReply *reply, const JsonDone &done)
{
    reply->deleteLater();
    const QByteArray body = reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() == QNetworkReply::ConnectionRefusedError
        || reply->error() == QNetworkReply::RemoteHostClosedError) {
        done(notRunning(u"No Flotilla instance answers on %1%2"_s.arg(
            m_apiBase,
            m_instance.pid > 0 ? u" (the record left by pid %1 is stale)"_s.arg(m_instance.pid) : QString())));
        return;
    }
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (status == 0) {
        done(makeError(u"api.network"_s, reply->errorString(), m_apiBase));
        return;
    }
    if (status >= 400) {
        const QJsonObject error = document.object().value(u"error"_s).toObject();
        const QString message = error.value(u"message"_s).toString(reply->errorString());
        // A decision answered elsewhere first is an answer, not a failure of the call.
        if (status == 409 && document.object().contains(u"accepted"_s)) {
            done(document.object());
            return;
        }
        done(makeError(u"api."_s + error.value(u"code"_s).toString(u"http_%1"_s.arg(status)), message));
        return;
    }
    if (!document.isObject()) {
        done(makeError(u"api.bad_response"_s, u"the instance's answer is not a JSON object"_s, m_apiBase));
        return;
    }
    done(document.object());
}

} // namespace flotilla

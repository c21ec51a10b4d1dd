#pragma once

#include "instance/instance_record.h"
#include "util/result.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>

#include <functional>

namespace flotilla {

// flo's connection to the running instance: finds it through the instance record, presents
// the per-user token, and turns every failure into an Error that says what to do.
class ApiClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiClient)

public:
    static constexpr int kTimeoutMs = 10000;

    explicit ApiClient(QObject *parent = nullptr);

    // Inside an agent's session FLOTILLA_API and FLOTILLA_TOKEN (a token for that session
    // only) are used; otherwise the instance record and the per-user token file. Fails with
    // `instance.not_running` when there is no instance.
    Result<void> connectToInstance();
    QString apiBase() const { return m_apiBase; }
    const InstanceRecord &instance() const { return m_instance; }

    using JsonDone = std::function<void(Result<QJsonObject>)>;
    void get(const QString &path, JsonDone done);
    // `timeoutMs` 0: no limit (a spawn waits for the workspace's postCreate commands).
    void post(const QString &path, const QJsonObject &body, JsonDone done, int timeoutMs = kTimeoutMs);

private:
    void finish(QNetworkReply *reply, const JsonDone &done);

    QNetworkAccessManager m_network;
    QString m_apiBase;
    InstanceRecord m_instance;
    QByteArray m_token;
};

// Error code for "no instance answers"; flo exits with code 3 on it.
inline const QString kNotRunning = QStringLiteral("instance.not_running");

} // namespace flotilla

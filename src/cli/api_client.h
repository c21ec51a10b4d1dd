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

    // Reads the instance record and the token. `instance.not_running` when there is none.
    Result<void> connectToInstance();
    const InstanceRecord &instance() const { return m_instance; }

    using JsonDone = std::function<void(Result<QJsonObject>)>;
    void get(const QString &path, JsonDone done);

private:
    QNetworkAccessManager m_network;
    InstanceRecord m_instance;
    QByteArray m_token;
};

// Error code for "no instance answers"; flo exits with code 3 on it.
inline const QString kNotRunning = QStringLiteral("instance.not_running");

} // namespace flotilla

#pragma once

#include "net/http_types.h"
#include "plugin/plugin_common.h"

#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace flotilla {

class HttpClient;
class CredentialSource;
class RateLimitAccount;

// Linear's GraphQL API (https://api.linear.app/graphql, or `apiUrl`) for the Linear tracker:
// the API key, the shared rate-limit account and the translation of Linear's errors, which
// come back inside the body (with HTTP 200 or 400) rather than as HTTP statuses.
class LinearApi final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinearApi)

public:
    static constexpr auto kDefaultUrl = "https://api.linear.app/graphql";

    explicit LinearApi(const PluginSettings &settings, QObject *parent = nullptr);
    ~LinearApi() override;

    QUrl url() const { return m_url; }
    // Why the API cannot be used at all (a bad apiUrl), empty when it can.
    QString configurationProblem() const { return m_problem; }

    // One query or mutation; answers its `data`. Any GraphQL error fails the call: every
    // operation the tracker sends has a single root field, so partial data is of no use.
    Async<QJsonObject> call(const QString &document, const QJsonObject &variables, const QString &what,
                            bool mutation = false);

    std::shared_ptr<RateLimitAccount> account() const;

private:
    void whenKey(std::function<void(Result<QString>)> done);
    Result<QJsonObject> interpret(const HttpResponse &response, const QString &what);
    void noteLimits(const HttpResponse &response);

    QUrl m_url;
    QString m_problem;
    std::unique_ptr<HttpClient> m_client;
    CredentialSource *m_keys = nullptr;
    std::optional<QString> m_key; // found once, kept in memory only
    bool m_resolving = false;
    std::vector<std::function<void(Result<QString>)>> m_waitingForKey;
};

} // namespace flotilla

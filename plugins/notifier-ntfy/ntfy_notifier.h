#pragma once

#include "http_notifier.h"

namespace flotilla {

// `ntfy`: a message to a topic (`url: https://ntfy.sh/<topic>`, or `url` of the server plus
// `topic`), with its title, a priority from 5 (urgent) to 2 (info), tags by meaning, the link
// as the click target, view actions for the pull request and the decision page, and an access
// token (`token`) as Bearer when the topic is protected.
class NtfyNotifier final : public HttpNotifier
{
public:
    explicit NtfyNotifier(const PluginSettings &settings);
    QString name() const override { return QStringLiteral("ntfy"); }

    static int priorityOf(const Notification &notification);

protected:
    Result<HttpRequest> request(const Notification &notification, const Resolved &resolved) const override;
};

} // namespace flotilla

#pragma once

#include "git_remote.h"

#include <QByteArray>
#include <QString>

#include <git2/remote.h>

namespace flotilla {

// The callbacks of one fetch or push. Credentials: ssh through the user's ssh-agent, https
// with the token; libgit2 asks again after every rejected answer, and each method is offered
// once, so a wrong key or token ends the transfer instead of looping. A push also collects the
// remote's refusal of a reference (a push libgit2 itself calls successful).
class GitTransferCallbacks final
{
public:
    explicit GitTransferCallbacks(const GitFetchCredentials &credentials);
    GitTransferCallbacks(const GitTransferCallbacks &) = delete;
    GitTransferCallbacks &operator=(const GitTransferCallbacks &) = delete;

    // Points `callbacks` at this object, which must outlive the transfer.
    void install(git_remote_callbacks &callbacks);
    // Why the remote refused a pushed reference; empty when it took them all.
    QString pushRefusal() const { return m_pushRefusal; }

private:
    static int acquire(git_credential **out, const char *url, const char *usernameFromUrl, unsigned int allowedTypes,
                       void *payload);
    static int pushStatus(const char *reference, const char *status, void *payload);

    QByteArray m_token;
    QString m_pushRefusal;
    bool m_triedAgent = false;
    bool m_triedToken = false;
};

// A remote's URL for messages, without any user name or token written into it.
QString gitDisplayUrl(const char *url);

} // namespace flotilla

#include "git_credentials.h"

#include <QUrl>

#include <git2.h>

namespace flotilla {

GitTransferCallbacks::GitTransferCallbacks(const GitFetchCredentials &credentials) : m_token(credentials.token.toUtf8())
{}

void GitTransferCallbacks::install(git_remote_callbacks &callbacks)
{
    callbacks.credentials = acquire;
    callbacks.push_update_reference = pushStatus;
    callbacks.payload = this;
}

int GitTransferCallbacks::pushStatus(const char *reference, const char *status, void *payload)
{
    if (status) {
        static_cast<GitTransferCallbacks *>(payload)->m_pushRefusal =
            QStringLiteral("the remote refused %1: %2").arg(QString::fromUtf8(reference), QString::fromUtf8(status));
    }
    return 0;
}

int GitTransferCallbacks::acquire(git_credential **out, const char *url, const char *usernameFromUrl,
                                  unsigned int allowedTypes, void *payload)
{
    Q_UNUSED(url);
    auto *self = static_cast<GitTransferCallbacks *>(payload);
    if ((allowedTypes & GIT_CREDENTIAL_SSH_KEY) != 0 && !self->m_triedAgent) {
        self->m_triedAgent = true;
        return git_credential_ssh_key_from_agent(out, usernameFromUrl ? usernameFromUrl : "git");
    }
    if ((allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0 && !self->m_token.isEmpty() && !self->m_triedToken) {
        self->m_triedToken = true;
        const char *user = usernameFromUrl && *usernameFromUrl ? usernameFromUrl : "x-access-token";
        return git_credential_userpass_plaintext_new(out, user, self->m_token.constData());
    }
    return GIT_PASSTHROUGH;
}

QString gitDisplayUrl(const char *url)
{
    QUrl parsed(QString::fromUtf8(url));
    if (!parsed.isValid() || parsed.scheme().isEmpty())
        return QString::fromUtf8(url);
    parsed.setUserInfo(QString());
    return parsed.toString();
}

} // namespace flotilla

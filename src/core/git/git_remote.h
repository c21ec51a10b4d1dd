#pragma once

#include "util/result.h"

#include <QString>
#include <QStringList>

struct git_repository;

namespace flotilla {

// How to authenticate a fetch: ssh through the user's ssh-agent, https with a token (sent as
// the password, the way GitHub and GitLab accept personal access tokens).
struct GitFetchCredentials
{
    QString token;
};

// The URL of `remote`; empty (not an error) when the repository has no such remote.
Result<QString> gitRemoteUrl(git_repository *repository, const QString &remote);

// Fetches the given branches of `remote` into refs/remotes/<remote>/<branch>. Branches the
// remote does not have are skipped. Fails when the remote is missing or cannot be reached.
Result<void> gitFetchBranches(git_repository *repository, const QString &remote, const QStringList &branches,
                              const GitFetchCredentials &credentials);

} // namespace flotilla

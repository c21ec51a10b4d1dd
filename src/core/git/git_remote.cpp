#include "git_remote.h"

#include "git_handle.h"
#include "git_repository.h"

#include <QUrl>

#include <git2.h>

#include <vector>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

struct CredentialState
{
    QByteArray token;
    bool triedAgent = false;
    bool triedToken = false;
};

// libgit2 calls this again after every rejected answer; each method is offered once so a wrong
// key or token ends the fetch instead of looping.
int acquireCredential(git_credential **out, const char *url, const char *usernameFromUrl, unsigned int allowedTypes,
                      void *payload)
{
    Q_UNUSED(url);
    auto *state = static_cast<CredentialState *>(payload);
    if ((allowedTypes & GIT_CREDENTIAL_SSH_KEY) != 0 && !state->triedAgent) {
        state->triedAgent = true;
        return git_credential_ssh_key_from_agent(out, usernameFromUrl ? usernameFromUrl : "git");
    }
    if ((allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0 && !state->token.isEmpty() && !state->triedToken) {
        state->triedToken = true;
        const char *user = usernameFromUrl && *usernameFromUrl ? usernameFromUrl : "x-access-token";
        return git_credential_userpass_plaintext_new(out, user, state->token.constData());
    }
    return GIT_PASSTHROUGH;
}

// For naming the remote in errors without any user name or token written into its URL.
QString displayUrl(const char *url)
{
    QUrl parsed(QString::fromUtf8(url));
    if (!parsed.isValid() || parsed.scheme().isEmpty())
        return QString::fromUtf8(url);
    parsed.setUserInfo(QString());
    return parsed.toString();
}

} // namespace

Result<QString> gitRemoteUrl(git_repository *repository, const QString &remote)
{
    git_remote *raw = nullptr;
    const QByteArray name = remote.toUtf8();
    const int rc = git_remote_lookup(&raw, repository, name.constData());
    if (rc == GIT_ENOTFOUND)
        return QString();
    if (rc < 0)
        return gitError(u"cannot read remote %1"_s.arg(remote), rc, gitCommonDir(repository));
    const GitRemoteHandle handle(raw);
    const char *url = git_remote_url(raw);
    return url ? QString::fromUtf8(url) : QString();
}

Result<void> gitFetchBranches(git_repository *repository, const QString &remote, const QStringList &branches,
                              const GitFetchCredentials &credentials)
{
    git_remote *raw = nullptr;
    const QByteArray name = remote.toUtf8();
    if (const int rc = git_remote_lookup(&raw, repository, name.constData()); rc < 0)
        return gitError(u"cannot use remote %1"_s.arg(remote), rc, gitCommonDir(repository));
    const GitRemoteHandle handle(raw);

    std::vector<QByteArray> specs;
    for (const QString &branch : branches) {
        if (!branch.isEmpty())
            specs.push_back(u"+refs/heads/%1:refs/remotes/%2/%1"_s.arg(branch, remote).toUtf8());
    }
    std::vector<char *> pointers;
    for (QByteArray &spec : specs)
        pointers.push_back(spec.data());
    const git_strarray refspecs{pointers.data(), pointers.size()};

    CredentialState state;
    state.token = credentials.token.toUtf8();
    git_fetch_options options;
    git_fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
    options.callbacks.credentials = acquireCredential;
    options.callbacks.payload = &state;
    options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
    const int rc = git_remote_fetch(raw, &refspecs, &options, "fetch");
    if (rc < 0)
        return gitError(u"cannot fetch from %1"_s.arg(remote), rc, displayUrl(git_remote_url(raw)));
    return {};
}

} // namespace flotilla

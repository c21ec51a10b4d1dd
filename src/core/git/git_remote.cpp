#include "git_remote.h"

#include "git_credentials.h"
#include "git_handle.h"
#include "git_repository.h"

#include <git2.h>

#include <vector>

using namespace Qt::StringLiterals;

namespace flotilla {

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

    GitTransferCallbacks answers(credentials);
    git_fetch_options options;
    git_fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
    answers.install(options.callbacks);
    options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
    const int rc = git_remote_fetch(raw, &refspecs, &options, "fetch");
    if (rc < 0)
        return gitError(u"cannot fetch from %1"_s.arg(remote), rc, gitDisplayUrl(git_remote_url(raw)));
    return {};
}

} // namespace flotilla

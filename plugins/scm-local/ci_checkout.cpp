#include "ci_checkout.h"

#include "git/git_handle.h"
#include "git/git_repository.h"

#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QUrl>

#include <git2.h>

#include <array>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

struct FetchState
{
    const std::atomic_bool *cancelled = nullptr;
    bool triedAgent = false;
};

// A non-zero answer makes libgit2 abandon the fetch, which is how a cancel reaches a download
// that is in progress.
int continueTransfer(const git_indexer_progress *progress, void *payload)
{
    Q_UNUSED(progress);
    return static_cast<FetchState *>(payload)->cancelled->load() ? -1 : 0;
}

// ssh origins authenticate through the user's agent, offered once so a rejected key ends the
// fetch instead of looping.
int acquireCredential(git_credential **out, const char *url, const char *usernameFromUrl, unsigned int allowedTypes,
                      void *payload)
{
    Q_UNUSED(url);
    auto *state = static_cast<FetchState *>(payload);
    if ((allowedTypes & GIT_CREDENTIAL_SSH_KEY) != 0 && !state->triedAgent) {
        state->triedAgent = true;
        return git_credential_ssh_key_from_agent(out, usernameFromUrl ? usernameFromUrl : "git");
    }
    return GIT_PASSTHROUGH;
}

// The origin as it may be shown: without a user name or token written into its URL.
QString displayOrigin(const QString &originUrl)
{
    QUrl parsed(originUrl);
    if (!parsed.isValid() || parsed.scheme().size() < 2) // "C:/..." parses with the scheme "c"
        return originUrl;
    parsed.setUserInfo(QString());
    return parsed.toString();
}

Error withCode(Error error, const QString &code)
{
    error.code = code;
    return error;
}

Error cancelledError()
{
    return makeError(u"ci.cancelled"_s, u"the run was cancelled"_s);
}

} // namespace

Result<QString> createCiCheckout(const QString &originUrl, const QString &headSha, const QString &workRoot,
                                 const std::atomic_bool &cancelled)
{
    static const QRegularExpression commitId(u"^[0-9a-fA-F]{4,64}$"_s);
    if (!commitId.match(headSha).hasMatch())
        return makeError(u"ci.bad_commit"_s, u"\"%1\" is not a commit id"_s.arg(headSha));
    const QString origin = displayOrigin(originUrl);
    if (!QDir().mkpath(workRoot))
        return makeError(u"ci.work_root"_s, u"the folder for CI checkouts cannot be created"_s, workRoot);
    // Removes the folder on every early return; only a finished checkout is kept.
    QTemporaryDir folder(QDir(workRoot).absoluteFilePath(u"ci-%1-XXXXXX"_s.arg(headSha.left(12))));
    if (!folder.isValid())
        return makeError(u"ci.work_root"_s, u"cannot create a folder for the checkout: %1"_s.arg(folder.errorString()),
                         workRoot);
    const QString path = QDir::cleanPath(folder.path());

    git_libgit2_init(); // balanced by the handle's deleter, or below on failure
    git_repository *rawRepository = nullptr;
    const QByteArray nativePath = QDir::toNativeSeparators(path).toUtf8();
    if (const int rc = git_repository_init(&rawRepository, nativePath.constData(), 0); rc < 0) {
        Error error = gitError(u"cannot create the checkout's repository"_s, rc, path);
        git_libgit2_shutdown();
        return error;
    }
    // Declared after the folder, so the repository is closed before the folder is removed.
    const GitRepositoryHandle repository(rawRepository);

    git_remote *rawRemote = nullptr;
    const QByteArray url = originUrl.toUtf8();
    if (const int rc = git_remote_create(&rawRemote, rawRepository, "origin", url.constData()); rc < 0)
        return withCode(gitError(u"the project's origin %1 cannot be used"_s.arg(origin), rc, path),
                        u"ci.origin_unreadable"_s);
    const GitRemoteHandle remote(rawRemote);

    QByteArray branches("+refs/heads/*:refs/remotes/origin/*");
    QByteArray tags("+refs/tags/*:refs/tags/*");
    std::array<char *, 2> specs = {branches.data(), tags.data()};
    const git_strarray refspecs{specs.data(), specs.size()};
    FetchState state;
    state.cancelled = &cancelled;
    git_fetch_options options;
    git_fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
    options.callbacks.transfer_progress = continueTransfer;
    options.callbacks.credentials = acquireCredential;
    options.callbacks.payload = &state;
    options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
    const int fetched = git_remote_fetch(rawRemote, &refspecs, &options, "fetch");
    if (cancelled.load())
        return cancelledError();
    if (fetched < 0)
        return withCode(gitError(u"the project's origin %1 cannot be read"_s.arg(origin), fetched, origin),
                        u"ci.origin_unreadable"_s);

    git_object *commit = nullptr;
    const QByteArray spec = (headSha + u"^{commit}"_s).toUtf8();
    if (const int rc = git_revparse_single(&commit, rawRepository, spec.constData()); rc < 0)
        return withCode(
            gitError(u"commit %1 is not on any branch or tag of the project's origin %2"_s.arg(headSha, origin), rc,
                     origin),
            u"ci.unknown_commit"_s);
    const git_oid id = *git_object_id(commit);
    git_object_free(commit);

    if (cancelled.load())
        return cancelledError();
    if (const int rc = git_repository_set_head_detached(rawRepository, &id); rc < 0)
        return withCode(gitError(u"cannot point the checkout at commit %1"_s.arg(headSha), rc, path),
                        u"ci.checkout_failed"_s);
    git_checkout_options checkout;
    git_checkout_options_init(&checkout, GIT_CHECKOUT_OPTIONS_VERSION);
    checkout.checkout_strategy = GIT_CHECKOUT_FORCE;
    if (const int rc = git_checkout_head(rawRepository, &checkout); rc < 0)
        return withCode(gitError(u"cannot check out commit %1"_s.arg(headSha), rc, path), u"ci.checkout_failed"_s);

    folder.setAutoRemove(false);
    return path;
}

} // namespace flotilla

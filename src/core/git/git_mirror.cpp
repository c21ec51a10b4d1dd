#include "git_mirror.h"

#include "git_credentials.h"
#include "git_repository.h"

#include <QDir>
#include <QFileInfo>

#include <git2.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const char *const kOrigin = "origin";

template<typename T, void (*Free)(T *)> struct Freer
{
    void operator()(T *object) const { Free(object); }
};
using CommitPtr = std::unique_ptr<git_commit, Freer<git_commit, git_commit_free>>;
using IndexPtr = std::unique_ptr<git_index, Freer<git_index, git_index_free>>;
using TreePtr = std::unique_ptr<git_tree, Freer<git_tree, git_tree_free>>;
using RevwalkPtr = std::unique_ptr<git_revwalk, Freer<git_revwalk, git_revwalk_free>>;
using SignaturePtr = std::unique_ptr<git_signature, Freer<git_signature, git_signature_free>>;

QString hex(const git_oid *id)
{
    char text[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(text, sizeof text, id);
    return QString::fromLatin1(text);
}

// The commit refs/heads/<branch> points at; a null handle when the branch does not exist.
Result<CommitPtr> branchCommit(git_repository *mirror, const QString &branch)
{
    git_oid id;
    const QByteArray name = (u"refs/heads/"_s + branch).toUtf8();
    const int rc = git_reference_name_to_id(&id, mirror, name.constData());
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
        return CommitPtr();
    if (rc < 0)
        return gitError(u"cannot read branch %1"_s.arg(branch), rc);
    git_commit *commit = nullptr;
    if (const int found = git_commit_lookup(&commit, mirror, &id); found < 0)
        return gitError(u"cannot read the commit of branch %1"_s.arg(branch), found);
    return CommitPtr(commit);
}

Result<GitRemoteHandle> originOf(git_repository *mirror, const QString &originUrl)
{
    git_remote *raw = nullptr;
    const QByteArray url = originUrl.toUtf8();
    int rc = git_remote_lookup(&raw, mirror, kOrigin);
    if (rc == GIT_ENOTFOUND) {
        rc = git_remote_create_with_fetchspec(&raw, mirror, kOrigin, url.constData(), "+refs/heads/*:refs/heads/*");
    } else if (rc == 0 && QString::fromUtf8(git_remote_url(raw)) != originUrl) {
        git_remote_free(raw);
        raw = nullptr;
        rc = git_remote_set_url(mirror, kOrigin, url.constData());
        if (rc == 0)
            rc = git_remote_lookup(&raw, mirror, kOrigin);
    }
    if (rc < 0)
        return gitError(u"cannot set up the project's origin"_s, rc, gitDisplayUrl(url.constData()));
    return GitRemoteHandle(raw);
}

// Commits merging `head` into `base` would make, as an index; conflicts stay in it.
Result<IndexPtr> mergedIndex(git_repository *mirror, git_commit *base, git_commit *head)
{
    git_merge_options options;
    git_merge_options_init(&options, GIT_MERGE_OPTIONS_VERSION);
    git_index *index = nullptr;
    if (const int rc = git_merge_commits(&index, mirror, base, head, &options); rc < 0)
        return gitError(u"cannot merge the branch into its base"_s, rc);
    return IndexPtr(index);
}

// Subject of the branch's oldest commit past the base, the way hosting services title a
// pull request of one commit.
Result<QString> firstSummary(git_repository *mirror, const git_oid *head, const git_oid *base)
{
    git_revwalk *raw = nullptr;
    if (const int rc = git_revwalk_new(&raw, mirror); rc < 0)
        return gitError(u"cannot walk the branch"_s, rc);
    const RevwalkPtr walk(raw);
    git_revwalk_sorting(raw, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    if (int rc = git_revwalk_push(raw, head); rc < 0 || (rc = git_revwalk_hide(raw, base)) < 0)
        return gitError(u"cannot walk the branch"_s, rc);
    git_oid first;
    if (git_revwalk_next(&first, raw) != 0)
        return QString();
    git_commit *commit = nullptr;
    if (const int rc = git_commit_lookup(&commit, mirror, &first); rc < 0)
        return gitError(u"cannot read the branch's first commit"_s, rc);
    const CommitPtr owned(commit);
    const char *summary = git_commit_summary(commit);
    return summary ? QString::fromUtf8(summary) : QString();
}

Result<SignaturePtr> signature(git_repository *mirror)
{
    git_signature *raw = nullptr;
    // The user's git identity when it has one, as git itself would sign the merge.
    if (git_signature_default(&raw, mirror) == 0)
        return SignaturePtr(raw);
    if (const int rc = git_signature_now(&raw, "Flotilla", "flotilla@localhost"); rc < 0)
        return gitError(u"cannot sign the merge"_s, rc);
    return SignaturePtr(raw);
}

Result<void> pushBase(git_repository *mirror, const QString &base, const GitFetchCredentials &credentials)
{
    git_remote *raw = nullptr;
    if (const int rc = git_remote_lookup(&raw, mirror, kOrigin); rc < 0)
        return gitError(u"cannot use the project's origin"_s, rc);
    const GitRemoteHandle remote(raw);
    // No '+': only a fast-forward is pushed, so a base someone moved meanwhile is not lost.
    QByteArray spec = u"refs/heads/%1:refs/heads/%1"_s.arg(base).toUtf8();
    char *specs[] = {spec.data()};
    const git_strarray refspecs{specs, 1};
    GitTransferCallbacks callbacks(credentials);
    git_push_options options;
    git_push_options_init(&options, GIT_PUSH_OPTIONS_VERSION);
    callbacks.install(options.callbacks);
    if (const int rc = git_remote_push(raw, &refspecs, &options); rc < 0)
        return gitError(u"cannot push %1 to the project's origin"_s.arg(base), rc, gitDisplayUrl(git_remote_url(raw)));
    if (!callbacks.pushRefusal().isEmpty())
        return makeError(u"git.push_refused"_s, callbacks.pushRefusal(), gitDisplayUrl(git_remote_url(raw)));
    return {};
}

} // namespace

Result<GitRepositoryHandle> syncGitMirror(const QString &mirrorPath, const QString &originUrl,
                                          const GitFetchCredentials &credentials)
{
    if (!QFileInfo::exists(mirrorPath + u"/HEAD"_s)) {
        QDir().mkpath(mirrorPath);
        git_libgit2_init();
        git_repository *created = nullptr;
        const QByteArray path = QDir::toNativeSeparators(mirrorPath).toUtf8();
        const int rc = git_repository_init(&created, path.constData(), 1);
        git_repository_free(created);
        git_libgit2_shutdown();
        if (rc < 0)
            return gitError(u"cannot create the mirror of the project's origin"_s, rc, mirrorPath);
    }
    auto opened = openGitRepository(mirrorPath);
    if (!opened)
        return opened.error();
    auto remote = originOf(opened->get(), originUrl);
    if (!remote)
        return remote.error();
    GitTransferCallbacks answers(credentials);
    git_fetch_options options;
    git_fetch_options_init(&options, GIT_FETCH_OPTIONS_VERSION);
    answers.install(options.callbacks);
    options.prune = GIT_FETCH_PRUNE;
    options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
    if (const int rc = git_remote_fetch(remote->get(), nullptr, &options, "sync"); rc < 0)
        return gitError(u"the project's origin cannot be read"_s, rc, gitDisplayUrl(git_remote_url(remote->get())));
    return std::move(opened).value();
}

Result<GitBranchFacts> gitBranchFacts(git_repository *mirror, const QString &branch, const QString &base)
{
    GitBranchFacts facts;
    auto head = branchCommit(mirror, branch);
    if (!head)
        return head.error();
    if (!head.value())
        return facts;
    facts.exists = true;
    facts.headSha = hex(git_commit_id(head->get()));
    auto baseCommit = branchCommit(mirror, base);
    if (!baseCommit)
        return baseCommit.error();
    if (!baseCommit.value())
        return makeError(u"git.base_missing"_s, u"the project's origin has no branch %1"_s.arg(base));
    facts.baseSha = hex(git_commit_id(baseCommit->get()));

    size_t ahead = 0;
    size_t behind = 0;
    if (const int rc = git_graph_ahead_behind(&ahead, &behind, mirror, git_commit_id(head->get()),
                                              git_commit_id(baseCommit->get()));
        rc < 0)
        return gitError(u"cannot compare %1 with %2"_s.arg(branch, base), rc);
    facts.ahead = static_cast<int>(ahead);
    facts.behind = static_cast<int>(behind);
    auto title = firstSummary(mirror, git_commit_id(head->get()), git_commit_id(baseCommit->get()));
    if (!title)
        return title.error();
    facts.title = title.value();
    if (facts.behind > 0) {
        auto merged = mergedIndex(mirror, baseCommit->get(), head->get());
        if (!merged)
            return merged.error();
        facts.conflicts = git_index_has_conflicts(merged->get()) != 0;
    }
    return facts;
}

Result<QString> mergeInGitMirror(git_repository *mirror, const GitMergeRequest &request,
                                 const GitFetchCredentials &credentials)
{
    auto head = branchCommit(mirror, request.branch);
    if (!head)
        return head.error();
    if (!head.value())
        return makeError(u"git.branch_missing"_s, u"the project's origin has no branch %1"_s.arg(request.branch));
    if (!request.expectedHeadSha.isEmpty() && hex(git_commit_id(head->get())) != request.expectedHeadSha)
        return makeError(u"git.head_moved"_s, u"%1 moved to %2 after it was reviewed; nothing was merged"_s.arg(
                                                  request.branch, hex(git_commit_id(head->get())).left(12)));
    auto base = branchCommit(mirror, request.base);
    if (!base)
        return base.error();
    if (!base.value())
        return makeError(u"git.base_missing"_s, u"the project's origin has no branch %1"_s.arg(request.base));

    auto merged = mergedIndex(mirror, base->get(), head->get());
    if (!merged)
        return merged.error();
    if (git_index_has_conflicts(merged->get()) != 0)
        return makeError(u"git.merge_conflicts"_s,
                         u"%1 conflicts with %2; the branch must be updated first"_s.arg(request.branch, request.base));
    git_oid treeId;
    if (const int rc = git_index_write_tree_to(&treeId, merged->get(), mirror); rc < 0)
        return gitError(u"cannot write the merged tree"_s, rc);
    git_tree *rawTree = nullptr;
    if (const int rc = git_tree_lookup(&rawTree, mirror, &treeId); rc < 0)
        return gitError(u"cannot read the merged tree"_s, rc);
    const TreePtr tree(rawTree);
    auto signer = signature(mirror);
    if (!signer)
        return signer.error();

    const git_commit *parents[] = {base->get(), head->get()};
    const size_t parentCount = request.style == GitMergeStyle::Merge ? 2 : 1;
    const QByteArray message = request.message.toUtf8();
    const QByteArray reference = (u"refs/heads/"_s + request.base).toUtf8();
    git_oid merge;
    if (const int rc = git_commit_create(&merge, mirror, reference.constData(), signer->get(), signer->get(), nullptr,
                                         message.constData(), tree.get(), parentCount, parents);
        rc < 0)
        return gitError(u"cannot commit the merge"_s, rc);
    if (auto pushed = pushBase(mirror, request.base, credentials); !pushed) {
        // The mirror follows the origin: put its base back where the origin still has it.
        git_reference *restored = nullptr;
        git_reference_create(&restored, mirror, reference.constData(), git_commit_id(base->get()), 1, "undo merge");
        git_reference_free(restored);
        return pushed.error();
    }
    return hex(&merge);
}

} // namespace flotilla

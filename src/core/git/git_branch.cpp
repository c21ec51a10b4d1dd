#include "git_branch.h"

#include "git_handle.h"
#include "git_repository.h"

#include <QList>

#include <git2.h>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QString oidText(const git_oid &oid)
{
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, &oid);
    return QString::fromLatin1(hex);
}

} // namespace

Result<QString> gitReferenceCommit(git_repository *repository, const QString &referenceName)
{
    git_object *object = nullptr;
    const QByteArray spec = (referenceName + u"^{commit}"_s).toUtf8();
    const int rc = git_revparse_single(&object, repository, spec.constData());
    if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
        return QString();
    if (rc < 0)
        return gitError(u"cannot read %1"_s.arg(referenceName), rc, gitCommonDir(repository));
    const QString id = oidText(*git_object_id(object));
    git_object_free(object);
    return id;
}

Result<GitBranchPlan> planGitBranch(git_repository *repository, const QString &branch, const QString &baseBranch,
                                    const QString &remote, bool allowNew)
{
    if (const QByteArray name = (u"refs/heads/"_s + branch).toUtf8();
        git_reference_is_valid_name(name.constData()) != 1)
        return makeError(u"git.invalid_branch"_s, u"\"%1\" is not a valid branch name"_s.arg(branch),
                         gitCommonDir(repository));

    struct Candidate
    {
        QString reference;
        GitBranchPlan::Source source;
    };
    QList<Candidate> candidates = {{u"refs/heads/"_s + branch, GitBranchPlan::Source::Local},
                                   {u"refs/remotes/%1/%2"_s.arg(remote, branch), GitBranchPlan::Source::Remote}};
    if (allowNew) {
        if (!baseBranch.isEmpty()) {
            candidates.append({u"refs/remotes/%1/%2"_s.arg(remote, baseBranch), GitBranchPlan::Source::StartingPoint});
            candidates.append({u"refs/heads/"_s + baseBranch, GitBranchPlan::Source::StartingPoint});
        }
        candidates.append({u"HEAD"_s, GitBranchPlan::Source::StartingPoint});
    }
    for (const Candidate &candidate : std::as_const(candidates)) {
        auto commit = gitReferenceCommit(repository, candidate.reference);
        if (!commit)
            return commit.error();
        if (commit->isEmpty())
            continue;
        GitBranchPlan plan;
        plan.source = candidate.source;
        plan.commitId = commit.value();
        plan.startingAt = candidate.reference;
        if (candidate.source == GitBranchPlan::Source::Remote)
            plan.upstream = remote + u'/' + branch;
        return plan;
    }
    if (!allowNew)
        return makeError(u"git.branch_missing"_s, u"branch %1 exists neither locally nor on %2"_s.arg(branch, remote),
                         gitCommonDir(repository));
    return makeError(u"git.no_commit"_s, u"the repository has no commit to start branch %1 from"_s.arg(branch),
                     gitCommonDir(repository));
}

Result<void> createGitBranch(git_repository *repository, const QString &branch, const QString &commitId,
                             const QString &upstream)
{
    git_oid oid;
    const QByteArray hex = commitId.toLatin1();
    if (const int rc = git_oid_fromstr(&oid, hex.constData()); rc < 0)
        return gitError(u"invalid commit id %1"_s.arg(commitId), rc);
    git_commit *commit = nullptr;
    if (const int rc = git_commit_lookup(&commit, repository, &oid); rc < 0)
        return gitError(u"cannot find commit %1"_s.arg(commitId), rc, gitCommonDir(repository));
    const GitCommitHandle commitHandle(commit);

    git_reference *created = nullptr;
    const QByteArray name = branch.toUtf8();
    if (const int rc = git_branch_create(&created, repository, name.constData(), commit, 0); rc < 0)
        return gitError(u"cannot create branch %1"_s.arg(branch), rc, gitCommonDir(repository));
    const GitReferenceHandle reference(created);
    if (!upstream.isEmpty()) {
        const QByteArray tracked = upstream.toUtf8();
        if (const int rc = git_branch_set_upstream(created, tracked.constData()); rc < 0)
            return gitError(u"cannot make branch %1 track %2"_s.arg(branch, upstream), rc, gitCommonDir(repository));
    }
    return {};
}

Result<void> deleteGitBranch(git_repository *repository, const QString &branch)
{
    git_reference *found = nullptr;
    const QByteArray name = branch.toUtf8();
    const int rc = git_branch_lookup(&found, repository, name.constData(), GIT_BRANCH_LOCAL);
    if (rc == GIT_ENOTFOUND)
        return {};
    if (rc < 0)
        return gitError(u"cannot find branch %1"_s.arg(branch), rc, gitCommonDir(repository));
    const GitReferenceHandle reference(found);
    if (const int deleted = git_branch_delete(found); deleted < 0)
        return gitError(u"cannot delete branch %1"_s.arg(branch), deleted, gitCommonDir(repository));
    return {};
}

} // namespace flotilla

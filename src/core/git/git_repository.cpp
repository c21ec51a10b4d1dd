#include "git_repository.h"

#include <QDir>

#include <git2.h>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QString fromGit(const char *text)
{
    return text ? QString::fromUtf8(text) : QString();
}

} // namespace

QString libgit2Version()
{
    int major = 0, minor = 0, revision = 0;
    git_libgit2_version(&major, &minor, &revision);
    return u"%1.%2.%3"_s.arg(major).arg(minor).arg(revision);
}

Error gitError(const QString &what, int code, const QString &context)
{
    const git_error *last = git_error_last();
    const QString detail = last && last->message ? fromGit(last->message) : u"libgit2 error %1"_s.arg(code);
    QString errorCode = u"git.error"_s;
    if (code == GIT_ENOTFOUND)
        errorCode = u"git.not_found"_s;
    return makeError(errorCode, what + u": "_s + detail, context);
}

void GitRepository::Deleter::operator()(git_repository *repository) const
{
    git_repository_free(repository);
    git_libgit2_shutdown();
}

GitRepository::GitRepository(git_repository *repository) : m_repository(repository) {}

GitRepository::~GitRepository() = default;

Result<GitRepository> GitRepository::discover(const QString &path)
{
    git_libgit2_init();
    git_buf found = GIT_BUF_INIT;
    const QByteArray start = QDir::toNativeSeparators(path).toUtf8();
    if (const int rc = git_repository_discover(&found, start.constData(), 0, nullptr); rc < 0) {
        Error error = gitError(u"not inside a git repository"_s, rc, path);
        git_libgit2_shutdown();
        return error;
    }
    const QString gitDir = QString::fromUtf8(found.ptr, static_cast<qsizetype>(found.size));
    git_buf_dispose(&found);
    auto opened = open(gitDir);
    git_libgit2_shutdown();
    return opened;
}

Result<GitRepository> GitRepository::open(const QString &path)
{
    git_libgit2_init(); // balanced by Deleter, or below on failure
    git_repository *repository = nullptr;
    const QByteArray native = QDir::toNativeSeparators(path).toUtf8();
    if (const int rc = git_repository_open_ext(&repository, native.constData(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
        rc < 0) {
        Error error = gitError(u"cannot open git repository"_s, rc, path);
        git_libgit2_shutdown();
        return error;
    }
    return GitRepository(repository);
}

bool GitRepository::isBare() const
{
    return git_repository_is_bare(m_repository.get()) == 1;
}

QString GitRepository::gitDir() const
{
    return QDir::cleanPath(fromGit(git_repository_path(m_repository.get())));
}

QString GitRepository::workDir() const
{
    const char *workdir = git_repository_workdir(m_repository.get());
    return workdir ? QDir::cleanPath(fromGit(workdir)) : QString();
}

Result<QString> GitRepository::headBranch() const
{
    if (git_repository_head_detached(m_repository.get()) == 1)
        return QString();
    git_reference *head = nullptr;
    const int rc = git_repository_head(&head, m_repository.get());
    if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND)
        return QString();
    if (rc < 0)
        return gitError(u"cannot read HEAD"_s, rc, gitDir());
    const QString name = fromGit(git_reference_shorthand(head));
    git_reference_free(head);
    return name;
}

Result<QString> GitRepository::headCommitId() const
{
    git_oid oid;
    if (const int rc = git_reference_name_to_id(&oid, m_repository.get(), "HEAD"); rc < 0)
        return gitError(u"HEAD does not point at a commit"_s, rc, gitDir());
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, &oid);
    return QString::fromLatin1(hex);
}

Result<QString> GitRepository::headSummary() const
{
    git_oid oid;
    if (const int rc = git_reference_name_to_id(&oid, m_repository.get(), "HEAD"); rc < 0)
        return gitError(u"HEAD does not point at a commit"_s, rc, gitDir());
    git_commit *commit = nullptr;
    if (const int rc = git_commit_lookup(&commit, m_repository.get(), &oid); rc < 0)
        return gitError(u"cannot read the HEAD commit"_s, rc, gitDir());
    const QString summary = fromGit(git_commit_summary(commit));
    git_commit_free(commit);
    return summary;
}

} // namespace flotilla

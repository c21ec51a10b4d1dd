#include "git_tree_writer.h"

#include "git_handle.h"
#include "git_repository.h"

#include <QThread>

#include <git2.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// Below this a second thread costs more than it saves.
constexpr size_t kFilesPerThread = 256;
constexpr int kMaxThreads = 4;

git_index_entry indexEntry(const GitTreeItem &item, const struct stat *written)
{
    git_index_entry entry{};
    entry.path = item.path.constData();
    entry.id = item.id;
    entry.mode = item.mode;
    if (written) {
        entry.ctime.seconds = static_cast<int32_t>(written->st_ctim.tv_sec);
        entry.ctime.nanoseconds = static_cast<uint32_t>(written->st_ctim.tv_nsec);
        entry.mtime.seconds = static_cast<int32_t>(written->st_mtim.tv_sec);
        entry.mtime.nanoseconds = static_cast<uint32_t>(written->st_mtim.tv_nsec);
        entry.dev = static_cast<uint32_t>(written->st_dev);
        entry.ino = static_cast<uint32_t>(written->st_ino);
        entry.uid = written->st_uid;
        entry.gid = written->st_gid;
        entry.file_size = static_cast<uint32_t>(written->st_size);
    }
    return entry;
}

Error systemError(const QString &what, int code, const QByteArray &path)
{
    return makeError(u"git.checkout"_s, u"%1: %2"_s.arg(what, QString::fromLocal8Bit(std::strerror(code))),
                     QString::fromUtf8(path));
}

// Creates `path` exclusively with `content` and reports its stat data.
Result<void> writeFile(const QByteArray &path, const char *content, size_t size, mode_t mode, struct stat &written)
{
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0)
        return systemError(u"cannot create a file of the checkout"_s, errno, path);
    while (size > 0) {
        const ssize_t count = ::write(fd, content, size);
        if (count < 0 && errno == EINTR)
            continue;
        if (count <= 0) {
            const int code = count < 0 ? errno : ENOSPC;
            ::close(fd);
            return systemError(u"cannot write a file of the checkout"_s, code, path);
        }
        content += count;
        size -= static_cast<size_t>(count);
    }
    const int statted = ::fstat(fd, &written);
    const int code = errno;
    if (::close(fd) < 0 || statted < 0)
        return systemError(u"cannot finish a file of the checkout"_s, statted < 0 ? code : errno, path);
    return {};
}

// Shares the file list between worker threads; the first failure stops them all.
class FileWork
{
public:
    FileWork(const QString &repositoryPath, const QByteArray &top, const GitTreeListing &listing,
             std::vector<git_index_entry> &entries)
        : m_repositoryPath(repositoryPath), m_top(top), m_listing(listing), m_entries(entries)
    {}

    void run()
    {
        auto opened = openGitRepository(m_repositoryPath);
        if (!opened)
            return fail(opened.error());
        git_odb *odb = nullptr;
        if (const int rc = git_repository_odb(&odb, opened->get()); rc < 0)
            return fail(gitError(u"cannot open the object database"_s, rc, m_repositoryPath));
        while (!m_failed.load(std::memory_order_relaxed)) {
            const size_t index = m_next.fetch_add(1, std::memory_order_relaxed);
            if (index >= m_listing.files.size())
                break;
            if (auto written = writeOne(odb, index); !written) {
                fail(written.error());
                break;
            }
        }
        git_odb_free(odb);
    }

    Result<void> outcome() const
    {
        if (m_failed.load())
            return m_error;
        return {};
    }

private:
    Result<void> writeOne(git_odb *odb, size_t index)
    {
        const GitTreeItem &item = m_listing.files[index];
        git_odb_object *blob = nullptr;
        if (const int rc = git_odb_read(&blob, odb, &item.id); rc < 0)
            return gitError(u"cannot read a file of the checkout"_s, rc, QString::fromUtf8(item.path));
        struct stat written
        {};
        const mode_t mode = item.mode == GIT_FILEMODE_BLOB_EXECUTABLE ? 0777 : 0666;
        auto made = writeFile(QByteArray(m_top + item.path), static_cast<const char *>(git_odb_object_data(blob)),
                              git_odb_object_size(blob), mode, written);
        git_odb_object_free(blob);
        if (made)
            m_entries[index] = indexEntry(item, &written);
        return made;
    }

    void fail(const Error &error)
    {
        const std::lock_guard lock(m_errorMutex);
        if (!m_failed.exchange(true))
            m_error = error;
    }

    const QString m_repositoryPath;
    const QByteArray m_top;
    const GitTreeListing &m_listing;
    std::vector<git_index_entry> &m_entries;
    std::atomic<size_t> m_next{0};
    std::atomic<bool> m_failed{false};
    std::mutex m_errorMutex;
    Error m_error;
};

Result<void> makeFolders(const QByteArray &top, const std::vector<GitTreeItem> &folders)
{
    for (const GitTreeItem &folder : folders) {
        const QByteArray path = top + folder.path;
        if (::mkdir(path.constData(), 0777) < 0)
            return systemError(u"cannot create a folder of the checkout"_s, errno, folder.path);
    }
    return {};
}

Result<void> writeLinks(git_repository *repository, const QByteArray &top, const GitTreeListing &listing, bool symlinks,
                        std::vector<git_index_entry> &entries)
{
    for (const GitTreeItem &link : listing.links) {
        git_blob *blob = nullptr;
        if (const int rc = git_blob_lookup(&blob, repository, &link.id); rc < 0)
            return gitError(u"cannot read a link of the checkout"_s, rc, QString::fromUtf8(link.path));
        const QByteArray target(static_cast<const char *>(git_blob_rawcontent(blob)),
                                static_cast<qsizetype>(git_blob_rawsize(blob)));
        git_blob_free(blob);
        const QByteArray path = top + link.path;
        struct stat written
        {};
        if (symlinks) {
            if (::symlink(target.constData(), path.constData()) < 0 || ::lstat(path.constData(), &written) < 0)
                return systemError(u"cannot create a link of the checkout"_s, errno, link.path);
        } else if (auto made = writeFile(path, target.constData(), static_cast<size_t>(target.size()), 0666, written);
                   !made) {
            return made.error();
        }
        entries.push_back(indexEntry(link, &written));
    }
    return {};
}

} // namespace

Result<std::vector<git_index_entry>> writeGitTree(const QString &repositoryPath, const QString &workTree,
                                                  const GitTreeListing &listing, bool symlinks)
{
    const QByteArray top = workTree.toUtf8() + '/';
    if (auto made = makeFolders(top, listing.folders); !made)
        return made.error();
    // A submodule is an empty folder until someone initialises it, as with git.
    if (auto made = makeFolders(top, listing.gitlinks); !made)
        return made.error();

    std::vector<git_index_entry> entries(listing.files.size());
    FileWork work(repositoryPath, top, listing, entries);
    const size_t wanted = std::max<size_t>(1, listing.files.size() / kFilesPerThread);
    const size_t threads =
        std::min<size_t>({wanted, size_t(kMaxThreads), size_t(std::max(1, QThread::idealThreadCount()))});
    {
        std::vector<std::jthread> workers;
        for (size_t i = 1; i < threads; ++i)
            workers.emplace_back([&work] { work.run(); });
        work.run();
    }
    if (auto done = work.outcome(); !done)
        return done.error();

    auto opened = openGitRepository(repositoryPath);
    if (!opened)
        return opened.error();
    if (auto made = writeLinks(opened->get(), top, listing, symlinks, entries); !made)
        return made.error();
    for (const GitTreeItem &gitlink : listing.gitlinks)
        entries.push_back(indexEntry(gitlink, nullptr));
    return entries;
}

} // namespace flotilla

#include "workspace_jobs.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QThreadPool>

#include <memory>

namespace flotilla {

QThreadPool *WorkspaceJobs::pool()
{
    static QThreadPool jobs;
    static std::once_flag configured;
    std::call_once(configured, [] { jobs.setMaxThreadCount(8); });
    return &jobs;
}

std::unique_lock<std::mutex> WorkspaceJobs::lockRepository(const QString &gitDir)
{
    static std::mutex guard;
    static QHash<QString, std::shared_ptr<std::mutex>> locks;
    const QString canonical = QFileInfo(gitDir).canonicalFilePath();
    const QString key = canonical.isEmpty() ? QDir::cleanPath(gitDir) : canonical;
    std::shared_ptr<std::mutex> lock;
    {
        const std::lock_guard<std::mutex> held(guard);
        auto &slot = locks[key];
        if (!slot)
            slot = std::make_shared<std::mutex>();
        lock = slot;
    }
    // The entry lives as long as the process; there is one per repository ever touched.
    return std::unique_lock<std::mutex>(*lock);
}

} // namespace flotilla

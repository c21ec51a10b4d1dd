#pragma once

#include "github_endpoint.h"
#include "plugin/plugin_common.h"
#include "pr_snapshot_query.h"

#include <QHash>
#include <QObject>

namespace flotilla {

class GithubApi;
struct ActionsJob;
struct CheckRunAnnotation;

namespace github {

// What a failing check's log says, ready for the ci-failed message.
struct CheckExcerpt
{
    QString text;
    bool complete = false; // false: fetching failed; `text` says why and the next cycle retries
};

// Excerpts by pull request number, then by check name.
using ExcerptsByPr = QHash<int, QHash<QString, CheckExcerpt>>;

// Reads why CI failed. One GraphQL query describes every failing check run of the cycle (the
// job's steps and the run's annotations, by the check run's global id); then, for each failing
// Actions job, its log is downloaded through the short-lived redirect, never sending the token
// there, and reduced to the failing step's excerpt. A completed job never changes, so its
// excerpt is fetched once per process and kept; a re-run has new job ids and is read afresh.
// Checks from other CI services have no log API: their annotations and a pointer to the
// details page stand in. Full logs are kept, compressed, for the app's CI view.
class CiFailureReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CiFailureReader)

public:
    // At most this many failing jobs are read per pull request (matrix jobs tend to fail alike).
    static constexpr int kMaxJobs = 3;
    // Check runs described per GraphQL query.
    static constexpr int kChecksPerQuery = 25;

    CiFailureReader(GithubApi &api, GithubRepo repo, QObject *parent = nullptr);

    // Never fails as a whole: a check whose log could not be read gets an incomplete excerpt
    // saying why.
    QFuture<ExcerptsByPr> read(const QHash<int, QList<FailingCheck>> &failingByPr);
    // Where the full log of a job is kept, if it was read.
    static QString fullLogPath(const QString &host, qint64 jobId);
    static QString describeQuery();

private:
    struct Reading;
    struct JobRead;
    void describe(const std::shared_ptr<Reading> &reading, const QList<std::shared_ptr<JobRead>> &checks);
    void readCheck(const std::shared_ptr<JobRead> &read, const QJsonObject &node);
    void readLog(const std::shared_ptr<JobRead> &read);

    GithubApi &m_api;
    GithubRepo m_repo;
    QHash<qint64, QString> m_excerptByJob;      // completed jobs only
    QHash<qint64, QString> m_excerptByCheckRun; // non-Actions check runs, by check-run id
};

} // namespace github
} // namespace flotilla

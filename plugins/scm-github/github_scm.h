#pragma once

#include "github_endpoint.h"
#include "plugin/scm_plugin.h"
#include "poll_cadence.h"
#include "pr_snapshot_query.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>
#include <memory>

namespace flotilla {

class GithubApi;

namespace github {
class CiFailureReader;
class ReviewThreadReader;
} // namespace github

// Pull requests on GitHub (or GitHub Enterprise Server) for one repository. Each cycle costs
// one conditional request for the repository's recently updated pull requests (a 304 when
// nothing changed, which GitHub does not count) and one GraphQL query per 25 pull requests
// that are due by their cadence; CI logs and review threads are fetched only when they
// changed. Everything goes through the token's shared rate-limit account, and a call that
// fails never turns into a state: the batch (or the one pull request) is reported unavailable.
class GithubScm final : public ScmPlugin
{
public:
    static constexpr int kBatchSize = 25;

    explicit GithubScm(const PluginSettings &settings);
    ~GithubScm() override;
    GithubScm(const GithubScm &) = delete;
    GithubScm &operator=(const GithubScm &) = delete;

    QString name() const override;
    Availability detect() const override;

    Async<QHash<QString, PrSnapshot>> fetchBatch(const QList<PrLookup> &lookups) override;
    Async<void> merge(const PrLookup &pr, MergeMethod method, const QString &expectedHeadSha) override;
    Async<void> close(const PrLookup &pr) override;
    Async<void> resolveThread(const PrLookup &pr, const QString &threadId) override;

    GithubApi &api() { return *m_api; }
    // The cadence runs on this clock (benchmarks replay an hour of cycles in seconds).
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

private:
    struct Tracked
    {
        github::PullRequestFacts facts;
        github::PollCadence::Seen seen;
        QHash<QString, QString> excerpts; // by check name, complete ones only
        int excerptFailures = 0;
        QList<ReviewComment> comments;
        QString commentsKey; // what the comments were read for
    };
    struct Fetch;

    void guardRepository(const std::shared_ptr<Fetch> &fetch);
    void discover(const std::shared_ptr<Fetch> &fetch);
    void snapshot(const std::shared_ptr<Fetch> &fetch);
    void snapshotBatch(const std::shared_ptr<Fetch> &fetch, const QList<int> &numbers, bool mayHalve);
    void readDetails(const std::shared_ptr<Fetch> &fetch);
    // One batch for the whole cycle: every failing check of every pull request read now.
    void readFailingLogs(const std::shared_ptr<Fetch> &fetch,
                         const QHash<int, QList<github::FailingCheck>> &missingByPr,
                         const std::function<void()> &settle);
    void answer(const std::shared_ptr<Fetch> &fetch);
    void failBatch(const std::shared_ptr<Fetch> &fetch, const Error &error);
    void absorb(const std::shared_ptr<Fetch> &fetch, github::PullRequestFacts facts);
    double budgetLeft() const;

    QString m_repoText;
    std::optional<GithubRepo> m_repo;
    QString m_problem;
    github::SnapshotPolicy m_policy;
    bool m_deleteBranchOnMerge = true;
    github::PollCadence m_cadence;
    std::function<QDateTime()> m_clock = [] { return QDateTime::currentDateTimeUtc(); };
    std::unique_ptr<QObject> m_context;
    std::unique_ptr<GithubApi> m_api;
    std::unique_ptr<github::CiFailureReader> m_ci;
    std::unique_ptr<github::ReviewThreadReader> m_reviews;
    QHash<int, Tracked> m_tracked;
    QHash<QString, int> m_numberByBranch;
    QHash<int, QString> m_updatedAtFromList; // the repository list's last word per PR
    QSet<QString> m_discoveryAsked;          // branches looked up once by GraphQL
};

} // namespace flotilla

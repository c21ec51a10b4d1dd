#pragma once

#include "git/git_mirror.h"
#include "plugin/scm_plugin.h"
#include "store/database.h"
#include "store/local_scm_store.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace flotilla {

class LocalCiQueue;

// Pull requests for a repository whose origin is any git remote (a bare repository on a share,
// a server over ssh) instead of a hosting service. A pushed branch ahead of the base becomes a
// pull request recorded in Flotilla's database; every new head runs the configured CI command
// on a clean checkout; people review in Flotilla; merging squashes or merges into the base in a
// mirror of the origin and pushes it back.
class LocalScm final : public ScmPlugin
{
public:
    explicit LocalScm(const PluginSettings &settings);
    ~LocalScm() override;
    LocalScm(const LocalScm &) = delete;
    LocalScm &operator=(const LocalScm &) = delete;

    QString name() const override;
    Availability detect() const override;

    Async<QHash<QString, PrSnapshot>> fetchBatch(const QList<PrLookup> &lookups) override;
    Async<void> merge(const PrLookup &pr, MergeMethod method, const QString &expectedHeadSha) override;
    Async<void> close(const PrLookup &pr) override;

private:
    struct Project
    {
        QString id;
        QString checkout;
        QString base;
        QString databasePath;
        QString ciCommand;
        qint64 ciTimeoutMs = 0;
        qint64 logCapBytes = 0;
    };

    // Opens the database and the CI queue on first use (the origin must exist by then).
    Result<void> prepare();
    Result<QString> originUrl() const;
    Result<std::optional<LocalPullRequest>> findPullRequest(const PrLookup &lookup) const;
    // Records what the origin shows for the lookup's branch (opening, moving or closing its pull
    // request) and describes it; state None when the branch has no pull request.
    Result<PrSnapshot> track(const PrLookup &lookup, const QHash<QString, GitBranchFacts> &facts);
    PrSnapshot snapshot(const LocalPullRequest &pr, const GitBranchFacts &facts);
    void describeCi(const LocalPullRequest &pr, PrSnapshot &snapshot);
    void describeReviews(const LocalPullRequest &pr, PrSnapshot &snapshot) const;

    Project m_project;
    QString m_mirrorPath;
    Database m_database;
    std::unique_ptr<LocalScmStore> m_store;
    std::unique_ptr<LocalCiQueue> m_ci;
    std::unique_ptr<QObject> m_context; // continuations run on the thread that owns the database
};

} // namespace flotilla

#pragma once

#include "model/session_facts.h"
#include "plugin_common.h"

#include <QDateTime>
#include <QHash>
#include <QStringList>

namespace flotilla {

struct CiCheck
{
    enum class Status { Pending, Running, Passed, Failed, Skipped };

    QString name;
    Status status = Status::Pending;
    QString conclusion;
    QString url;
    QString logExcerpt; // failing step's tail and error lines (failed checks only)
    QString logFile;    // the whole log on disk, if kept; a ".z" file is qCompress'ed
};

struct ReviewComment
{
    QString id;
    QString threadId;
    QString author;
    bool authorIsBot = false;
    QString body;
    QString path;
    int line = 0;
    bool resolved = false;
    QString url;
    QDateTime createdAt;
};

// Everything the lifecycle needs about one pull request, from one batched fetch.
struct PrSnapshot
{
    enum class CiStatus { None, Pending, Passing, Failing };
    enum class ReviewDecision { None, Pending, Approved, ChangesRequested };

    PrState state = PrState::None;
    int number = 0;
    QString url;
    QString title;
    QString headSha;
    QString headBranch;
    QString baseBranch;
    bool draft = false;
    CiStatus ciStatus = CiStatus::None;
    QList<CiCheck> checks;
    ReviewDecision reviewDecision = ReviewDecision::None;
    bool reviewRequired = true;
    QList<ReviewComment> unresolvedComments;
    bool mergeable = false;
    bool hasConflicts = false;
    bool isBehind = false;
    // Set when this pull request could not be read this time (the rest of the batch could):
    // the reason, and nothing in this snapshot may change the session's state.
    QString unavailable;
};

// Which PR to look at: by number when known, else by the session's branch.
struct PrLookup
{
    QString key; // the caller's key (session id)
    QString repository;
    QString branch;
    int number = 0;
    // The host must be asked now rather than answered from a cadence cache: a webhook or the
    // agent said something changed.
    bool fresh = false;
};

enum class MergeMethod { Merge, Squash, Rebase };

class ScmPlugin : public Plugin
{
public:
    static constexpr PluginSlot kSlot = PluginSlot::Scm;
    PluginSlot slot() const final { return kSlot; }

    // Many PRs in as few requests as the host allows. A key absent from the answer means "no PR
    // found"; a failed call returns an error and no state may be derived from it.
    virtual Async<QHash<QString, PrSnapshot>> fetchBatch(const QList<PrLookup> &lookups) = 0;
    // Merges only if the head is still `expectedHeadSha`, so nothing unreviewed is merged.
    virtual Async<void> merge(const PrLookup &pr, MergeMethod method, const QString &expectedHeadSha) = 0;
    virtual Async<void> close(const PrLookup &pr) = 0;
    // Marks a review thread of this pull request resolved (the agent says it addressed it).
    // Only a thread the last fetch reported on this pull request may be resolved.
    virtual Async<void> resolveThread(const PrLookup &pr, const QString &threadId)
    {
        Q_UNUSED(pr)
        Q_UNUSED(threadId)
        return failed<void>(makeError(QStringLiteral("review.unsupported"),
                                      QStringLiteral("the %1 SCM cannot resolve review threads").arg(name())));
    }
};

} // namespace flotilla

#pragma once

#include "model/display_status.h"
#include "plugin/scm_plugin.h"
#include "reaction_policy.h"
#include "store/reaction_tracker_store.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

#include <functional>
#include <optional>

namespace flotilla {

class DecisionStore;
class EventLog;
class ReactionTrackerStore;
class SessionActions;
struct Decision;
struct Event;

// Turns what the lifecycle saw into action: a message to the agent, a notification, a merge,
// or a question for a person once automatic attempts are used up. Attempt counts and first-
// trigger times live in the store, so they survive restarts. A reaction never fails silently:
// whatever keeps it from running becomes a notification that says why.
class ReactionEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReactionEngine)

public:
    using PolicyLookup = std::function<std::optional<ReactionPolicy>(const QString &projectId, const QString &key)>;
    using Router = std::function<QStringList(const QString &projectId, Priority priority)>;
    using Clock = std::function<QDateTime()>;

    struct Dependencies
    {
        EventLog &events;
        ReactionTrackerStore &trackers;
        DecisionStore &decisions;
        SessionActions &actions;
        PolicyLookup policies;
        Router router;
        Clock clock;
    };

    explicit ReactionEngine(Dependencies dependencies, QObject *parent = nullptr);
    ~ReactionEngine() override;

    // The notifiers that should hear about a session entering `to`: none when a reaction
    // speaks for the transition, else the routing for the status's priority.
    QStringList routeTransition(const SessionRecord &session, DisplayStatus to) const;

    // After the lifecycle persisted a transition.
    void onTransition(const SessionRecord &session, DisplayStatus from, DisplayStatus to,
                      const std::optional<PrSnapshot> &pr);
    // Every cycle for every live session: review and bot comments, conflicts, re-nags.
    void onCycle(const SessionRecord &session, const std::optional<PrSnapshot> &pr);
    // Two sessions of a project change the same files.
    void onConflictRisk(const SessionRecord &session, const QString &otherSessionId, const QStringList &files);
    // Every session of a project has finished (fires once per project until a new one starts).
    void onAllComplete(const QString &projectId, int sessionCount);
    // The project has work again: the next time everything finishes is worth telling.
    void resetAllComplete(const QString &projectId);

signals:
    // A reaction finished (its asynchronous part included): "sent", "send-failed", "notified",
    // "escalated", "merged", "merge-refused", "merge-failed", "cooldown", "waiting-on-person".
    void reactionRan(const QString &sessionId, const QString &key, const QString &outcome);

private:
    enum class Trigger { Entered, Repeated, Renag };

    void run(const SessionRecord &session, const QString &key, Trigger trigger, const std::optional<PrSnapshot> &pr,
             const QString &factsMessage, const QString &fingerprint);
    void sendToAgent(const SessionRecord &session, const ReactionPolicy &policy, const QString &text);
    void notify(const SessionRecord &session, const ReactionPolicy &policy, const std::optional<PrSnapshot> &pr,
                const QString &text);
    void autoMerge(const SessionRecord &session, const ReactionPolicy &policy, const std::optional<PrSnapshot> &pr);
    void escalate(const SessionRecord &session, const ReactionPolicy &policy, ReactionTracker &tracker,
                  const std::optional<PrSnapshot> &pr);
    bool shouldEscalate(const ReactionPolicy &policy, const ReactionTracker &tracker, const QDateTime &now) const;
    void perPollComments(const SessionRecord &session, const PrSnapshot &pr, bool bots,
                         const QHash<QString, ReactionTracker> &known);
    void createDecision(const SessionRecord &session, Decision decision, const Event &event);

    // Persists an event (routed to notifiers when `route`); failures are reported, not lost.
    void record(Event event, bool route);
    void reportStoreFailure(const QString &what, const Error &error);
    ReactionPolicy policyFor(const QString &projectId, const QString &key) const;
    QString messageFor(const ReactionPolicy &policy, const QString &factsMessage) const;

    Dependencies m_deps;
};

} // namespace flotilla

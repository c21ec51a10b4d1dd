#pragma once

#include "model/decision.h"
#include "plugin/await_result.h"
#include "reaction_engine.h"

#include <QObject>

namespace flotilla {

class DecisionStore;
class EventLog;
class ReactionTrackerStore;
class SessionActions;
class SessionStore;

// What became of one answer to a decision.
struct AppliedAnswer
{
    bool accepted = false; // false: another answer came first; nothing was done
    Decision decision;     // as stored after this answer
    QString outcome;       // for people: "merged", "sent to the agent", "already answered by …"
};

// Applies people's answers to the decisions the reactions raised. An answer may arrive from
// any channel (app, dashboard, `flo decide`, an email reply); the store lets exactly one win
// and refuses the rest, so a decision is applied once. Approve merges (merge questions) or lets
// the automatic reaction try again (escalations); reject does what the reaction's `onReject`
// says; any other text goes to the agent as an instruction.
class Escalations final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Escalations)

public:
    struct Dependencies
    {
        DecisionStore &decisions;
        ReactionTrackerStore &trackers;
        SessionStore &sessions;
        EventLog &events;
        SessionActions &actions;
        ReactionEngine::PolicyLookup policies;
        ReactionEngine::Router router;
        ReactionEngine::Clock clock;
    };

    enum class Verdict { Approve, Reject, Text };
    static Verdict classify(const QString &answer);

    explicit Escalations(Dependencies dependencies, QObject *parent = nullptr);
    ~Escalations() override;

    Async<AppliedAnswer> answer(const QString &decisionId, const QString &text, const QString &channel);
    // A question an agent puts to a person itself (`flo ask`), routed like every decision. The
    // answer, whatever it is, goes back to the agent word for word.
    Result<Decision> ask(const SessionRecord &session, const QString &question, const QStringList &options,
                         const QString &actor);

signals:
    void decisionClosed(const flotilla::Decision &decision);

private:
    void apply(const Decision &decision, const SessionRecord &session, PendingResult<AppliedAnswer> done);
    void finish(const Decision &decision, Result<void> result, const QString &outcome,
                const PendingResult<AppliedAnswer> &done);

    Dependencies m_deps;
};

} // namespace flotilla

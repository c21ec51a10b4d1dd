#pragma once

#include "session_observation.h"

namespace flotilla {

struct LifecycleVerdict
{
    SessionRecord session; // the new facts
    SessionEvidence evidence;
    QString why; // for the audit log: which rule decided
};

// The lifecycle's decision for one session in one cycle, as a pure function of the facts it
// had, what it observed and the evidence carried over. Strongest signal first:
//   1. terminal sessions stay as they are;
//   2. runtime: a failed probe means `detecting`; a dead runtime or exited agent means
//      killed only when seen on `probesForVerdict` consecutive probes and outside the spawn
//      grace period;
//   3. the agent waiting for input means needs_input at once;
//   4. PR facts from the SCM batch (a failed lookup changes nothing);
//   5. a fresh self-report;
//   6. idle or blocked beyond the stuck threshold, seen on consecutive probes, means stuck;
//   7. otherwise active work means working, a finished turn means idle.
LifecycleVerdict decide(const SessionRecord &current, const SessionObservation &observation,
                        const SessionEvidence &evidence, const LifecyclePolicy &policy);

// `flo report STATE`: the reference tool's report names, hyphens or underscores.
std::optional<AgentReport::Kind> reportKindFromName(const QString &name);
QStringList reportKindNames();

// PR facts (state and reason) as the SCM snapshot shows them.
PullRequestFacts prFactsFrom(const PrSnapshot &snapshot, const PullRequestFacts &previous, const QDateTime &now);

} // namespace flotilla

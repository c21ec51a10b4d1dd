#pragma once

#include "model/session_facts.h"
#include "plugin/agent_plugin.h"
#include "plugin/runtime_plugin.h"
#include "plugin/scm_plugin.h"

#include <QDateTime>
#include <QStringList>

#include <optional>

namespace flotilla {

// What the agent last said about itself (`flo report STATE`).
struct AgentReport
{
    enum class Kind {
        Started,
        Working,
        Waiting,
        NeedsInput,
        FixingCi,
        AddressingReviews,
        PrCreated,
        DraftPrCreated,
        ReadyForReview,
        Completed,
    };
    Kind kind = Kind::Working;
    QDateTime at;
    QString note;
};

// Everything one lifecycle cycle learned about one session, gathered before any decision.
struct SessionObservation
{
    enum class PrLookup { NotAsked, Found, NotFound, Failed };

    QDateTime now;
    // Runtime: absent when not probed this cycle; `error` set when the probe itself failed.
    std::optional<RuntimeProbe> runtime;
    std::optional<ActivityReading> activity;
    PrLookup prLookup = PrLookup::NotAsked;
    PrSnapshot pr;
    QString prError; // why the lookup failed
    std::optional<AgentReport> report;
};

// Per-session memory between cycles: evidence must be seen twice before it kills or sticks a
// session, so one odd probe never does. Kept in memory; a restart only makes us more careful.
struct SessionEvidence
{
    int deadProbes = 0;
    int stuckProbes = 0;
};

struct LifecyclePolicy
{
    qint64 spawnGraceMs = 60 * 1000;          // no killed/stuck verdicts this soon after spawn
    qint64 stuckThresholdMs = 10 * 60 * 1000; // agent-stuck threshold: idle/blocked this long
    qint64 readyThresholdMs = 5 * 60 * 1000;  // ready decays to idle after this
    qint64 reportFreshMs = 5 * 60 * 1000;     // self-reports newer than this count
    int probesForVerdict = 2;                 // consecutive probes needed for killed/stuck
    int cycleTimeoutMs = 60 * 1000;           // a plugin that never answers cannot stall a cycle
};

} // namespace flotilla

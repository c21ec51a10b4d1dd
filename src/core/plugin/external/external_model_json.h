#pragma once

#include "json_reader.h"
#include "model/decision.h"
#include "model/event.h"
#include "model/session_facts.h"
#include "plugin/notifier_plugin.h"

namespace flotilla::external {

// JSON shapes of the model types external plugins see (documented in docs/plugins.md).
// Field names are the C++ member names; enums use their stable names from enum_names.h.
QJsonObject toJson(const PullRequestFacts &facts);
QJsonObject toJson(const RuntimeFacts &facts);
QJsonObject toJson(const ActivityFacts &facts);
QJsonObject toJson(const CostFacts &cost);
QJsonObject toJson(const SessionRecord &session);
QJsonObject toJson(const Event &event);
QJsonObject toJson(const Decision &decision);
QJsonObject toJson(const Notification &notification);

void fromJson(const JsonReader &in, PullRequestFacts &out);
void fromJson(const JsonReader &in, RuntimeFacts &out);
void fromJson(const JsonReader &in, ActivityFacts &out);
void fromJson(const JsonReader &in, CostFacts &out);
void fromJson(const JsonReader &in, SessionRecord &out);
void fromJson(const JsonReader &in, Event &out);
void fromJson(const JsonReader &in, Decision &out);
void fromJson(const JsonReader &in, Notification &out);

} // namespace flotilla::external

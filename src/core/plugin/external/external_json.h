#pragma once

#include "json_reader.h"
#include "plugin/agent_plugin.h"
#include "plugin/lifecycle_plugin.h"
#include "plugin/runtime_plugin.h"
#include "plugin/scm_plugin.h"
#include "plugin/tracker_plugin.h"
#include "plugin/workspace_plugin.h"

namespace flotilla::external {

// JSON shapes of the slot interfaces' structs, as external plugins send and receive them
// (documented in docs/plugins.md). Field names are the C++ member names; enums use the names
// from external_enum_names.h and model/model_enums.h.
QJsonObject toJson(const RuntimeLaunch &launch);
QJsonObject toJson(const RuntimeHandle &handle);
QJsonObject toJson(const RuntimeProbe &probe);
QJsonObject toJson(const AgentLaunchContext &context);
QJsonObject toJson(const AgentLaunch &launch);
QJsonObject toJson(const ActivityReading &reading);
QJsonObject toJson(const AgentSessionInfo &info);
QJsonObject toJson(const WorkspaceRequest &request);
QJsonObject toJson(const WorkspaceInfo &info);
QJsonObject toJson(const Issue &issue);
QJsonObject toJson(const IssueQuery &query);
QJsonObject toJson(const IssueUpdate &update);
QJsonObject toJson(const CiCheck &check);
QJsonObject toJson(const ReviewComment &comment);
QJsonObject toJson(const PrSnapshot &snapshot);
QJsonObject toJson(const PrLookup &lookup);
QJsonObject toJson(const SpawnContribution &contribution);
QJsonObject toJson(const Availability &availability);

void fromJson(const JsonReader &in, RuntimeLaunch &out);
void fromJson(const JsonReader &in, RuntimeHandle &out);
void fromJson(const JsonReader &in, RuntimeProbe &out);
void fromJson(const JsonReader &in, AgentLaunchContext &out);
void fromJson(const JsonReader &in, AgentLaunch &out);
void fromJson(const JsonReader &in, ActivityReading &out);
void fromJson(const JsonReader &in, AgentSessionInfo &out);
void fromJson(const JsonReader &in, WorkspaceRequest &out);
void fromJson(const JsonReader &in, WorkspaceInfo &out);
void fromJson(const JsonReader &in, Issue &out);
void fromJson(const JsonReader &in, IssueQuery &out);
void fromJson(const JsonReader &in, IssueUpdate &out);
void fromJson(const JsonReader &in, CiCheck &out);
void fromJson(const JsonReader &in, ReviewComment &out);
void fromJson(const JsonReader &in, PrSnapshot &out);
void fromJson(const JsonReader &in, PrLookup &out);
void fromJson(const JsonReader &in, SpawnContribution &out);
void fromJson(const JsonReader &in, Availability &out);

} // namespace flotilla::external

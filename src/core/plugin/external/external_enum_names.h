#pragma once

#include "model/decision.h"
#include "model/enum_names.h"
#include "plugin/agent_plugin.h"
#include "plugin/scm_plugin.h"
#include "plugin/tracker_plugin.h"

#include <optional>

namespace flotilla {

// Wire names for the enums the slot interfaces nest inside their structs, so every enum an
// external plugin sees goes through enumName/enumFromName like the model's own.
#define FLOTILLA_DECLARE_WIRE_NAMES(E, N)                                                                              \
    template<> struct EnumNames<E>                                                                                     \
    {                                                                                                                  \
        static const std::array<std::pair<E, const char *>, N> table;                                                  \
    };

FLOTILLA_DECLARE_WIRE_NAMES(Issue::State, 4)
FLOTILLA_DECLARE_WIRE_NAMES(CiCheck::Status, 5)
FLOTILLA_DECLARE_WIRE_NAMES(PrSnapshot::CiStatus, 4)
FLOTILLA_DECLARE_WIRE_NAMES(PrSnapshot::ReviewDecision, 4)
FLOTILLA_DECLARE_WIRE_NAMES(MergeMethod, 3)
FLOTILLA_DECLARE_WIRE_NAMES(ActivityReading::Confidence, 4)
FLOTILLA_DECLARE_WIRE_NAMES(ActivityReading::Source, 5)
FLOTILLA_DECLARE_WIRE_NAMES(AgentLaunch::PromptDelivery, 2)
FLOTILLA_DECLARE_WIRE_NAMES(Decision::State, 4)

#undef FLOTILLA_DECLARE_WIRE_NAMES

// PluginSlot already has slotName(); this is its inverse.
std::optional<PluginSlot> slotFromName(QStringView name);

} // namespace flotilla

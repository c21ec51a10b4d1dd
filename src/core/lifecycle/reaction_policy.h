#pragma once

#include "config/config_model.h"

namespace flotilla {

// One reaction's settings after merging built-in defaults, the global `reactions` and the
// project's own (field by field): exactly what the configuration resolves, so the engine and
// the config never disagree about a field.
using ReactionPolicy = ReactionSettings;

} // namespace flotilla

#pragma once

#include "reaction_engine.h"

#include <memory>

namespace flotilla {

struct Config;

// The reaction engine's view of a configuration: each project's merged reaction settings, and
// notificationRouting (else defaults.notifiers) for where a priority goes. The configuration is
// shared, so a reload swaps it for every lookup at once.
ReactionEngine::PolicyLookup reactionPoliciesFrom(std::shared_ptr<const Config> config);
ReactionEngine::Router notificationRouterFrom(std::shared_ptr<const Config> config);

} // namespace flotilla

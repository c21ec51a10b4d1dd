#include "config_reactions.h"

#include "config/config_model.h"

namespace flotilla {

ReactionEngine::PolicyLookup reactionPoliciesFrom(std::shared_ptr<const Config> config)
{
    return [config = std::move(config)](const QString &projectId, const QString &key) {
        return config->reaction(projectId, key);
    };
}

ReactionEngine::Router notificationRouterFrom(std::shared_ptr<const Config> config)
{
    return [config = std::move(config)](const QString &, Priority priority) { return config->notifiersFor(priority); };
}

} // namespace flotilla

#include "external_lifecycle_plugin.h"

#include "external_json.h"
#include "external_model_json.h"

using namespace Qt::StringLiterals;

namespace flotilla {

ExternalLifecyclePlugin::ExternalLifecyclePlugin(ExternalPluginSpec spec, const PluginSettings &settings)
    : m_caller(std::move(spec), settings)
{}

Async<SpawnContribution> ExternalLifecyclePlugin::onSpawn(const SessionRecord &session)
{
    // The continuation runs while the process delivers the answer, so the redactor is alive.
    external::LogRedactor *redactor = &m_caller.process().redactor();
    return m_caller.call<SpawnContribution>(u"lifecycle.onSpawn"_s, {{u"session"_s, external::toJson(session)}})
        .then([redactor](Result<SpawnContribution> contribution) {
            if (contribution)
                redactor->addEnvironment(contribution.value().environment);
            return contribution;
        });
}

void ExternalLifecyclePlugin::onTransition(const SessionRecord &session, const QString &fromStatus,
                                           const QString &toStatus)
{
    m_caller.process().notify(
        u"lifecycle.onTransition"_s,
        {{u"session"_s, external::toJson(session)}, {u"fromStatus"_s, fromStatus}, {u"toStatus"_s, toStatus}});
}

void ExternalLifecyclePlugin::onKill(const SessionRecord &session)
{
    m_caller.process().notify(u"lifecycle.onKill"_s, {{u"session"_s, external::toJson(session)}});
}

} // namespace flotilla

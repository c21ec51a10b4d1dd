#pragma once

#include "external_plugin_caller.h"
#include "plugin/scm_plugin.h"

namespace flotilla {

// The SCM slot served by an external command: `scm.fetchBatch`, `scm.merge`, `scm.close`.
class ExternalScmPlugin final : public ScmPlugin
{
public:
    ExternalScmPlugin(ExternalPluginSpec spec, const PluginSettings &settings);

    QString name() const override { return m_caller.name(); }
    Availability detect() const override { return m_caller.detect(); }
    Async<QHash<QString, PrSnapshot>> fetchBatch(const QList<PrLookup> &lookups) override;
    Async<void> merge(const PrLookup &pr, MergeMethod method, const QString &expectedHeadSha) override;
    Async<void> close(const PrLookup &pr) override;

private:
    ExternalPluginCaller m_caller;
};

} // namespace flotilla

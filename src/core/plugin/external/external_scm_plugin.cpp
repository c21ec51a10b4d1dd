#include "external_scm_plugin.h"

#include "external_enum_names.h"
#include "external_json.h"

using namespace Qt::StringLiterals;

namespace flotilla {

namespace external {
namespace {

struct SnapshotBatch
{
    QHash<QString, PrSnapshot> snapshots;
};

void fromJson(const JsonReader &in, SnapshotBatch &out)
{
    in.map(u"snapshots", out.snapshots);
}

} // namespace
} // namespace external

ExternalScmPlugin::ExternalScmPlugin(ExternalPluginSpec spec, const PluginSettings &settings)
    : m_caller(std::move(spec), settings)
{}

Async<QHash<QString, PrSnapshot>> ExternalScmPlugin::fetchBatch(const QList<PrLookup> &lookups)
{
    QJsonArray wire;
    for (const PrLookup &lookup : lookups)
        wire.append(external::toJson(lookup));
    return m_caller.call<external::SnapshotBatch>(u"scm.fetchBatch"_s, {{u"lookups"_s, wire}})
        .then([](Result<external::SnapshotBatch> batch) -> Result<QHash<QString, PrSnapshot>> {
            if (!batch)
                return batch.error();
            return std::move(batch).value().snapshots;
        });
}

Async<void> ExternalScmPlugin::merge(const PrLookup &pr, MergeMethod method, const QString &expectedHeadSha)
{
    return m_caller.callVoid(
        u"scm.merge"_s,
        {{u"pr"_s, external::toJson(pr)}, {u"method"_s, enumName(method)}, {u"expectedHeadSha"_s, expectedHeadSha}});
}

Async<void> ExternalScmPlugin::close(const PrLookup &pr)
{
    return m_caller.callVoid(u"scm.close"_s, {{u"pr"_s, external::toJson(pr)}});
}

} // namespace flotilla

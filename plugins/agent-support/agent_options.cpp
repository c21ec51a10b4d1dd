#include "agent_options.h"

#include "config/duration.h"

#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace flotilla {

std::optional<AgentOptions::Permissions> AgentOptions::parsePermissions(const QString &text)
{
    if (text.isEmpty() || text == u"permissionless" || text == u"skip")
        return Permissions::Permissionless;
    if (text == u"default")
        return Permissions::Default;
    if (text == u"auto-edit")
        return Permissions::AutoEdit;
    if (text == u"suggest")
        return Permissions::Suggest;
    return std::nullopt;
}

Result<AgentOptions::Permissions> AgentOptions::permissionsFrom(const QString &text)
{
    if (const auto permissions = parsePermissions(text))
        return *permissions;
    return makeError(u"agent.bad_permissions"_s,
                     u"unknown permissions \"%1\"; use permissionless, default, auto-edit or suggest"_s.arg(text),
                     u"permissions"_s);
}

Result<AgentOptions> AgentOptions::fromSettings(const PluginSettings &settings, const PriceTable &defaultPrices)
{
    AgentOptions options;
    auto permissions = permissionsFrom(settings.value(u"permissions"_s).toString());
    if (!permissions)
        return permissions.error();
    options.permissions = permissions.value();
    options.model = settings.value(u"model"_s).toString();

    const QJsonValue threshold = settings.value(u"readyThresholdMs"_s);
    if (!threshold.isUndefined()) {
        const std::optional<qint64> milliseconds = threshold.isDouble()
                                                       ? std::optional<qint64>(qint64(threshold.toDouble()))
                                                       : parseDuration(threshold.toString());
        if (!milliseconds || *milliseconds < 0)
            return makeError(u"agent.bad_ready_threshold"_s,
                             u"readyThresholdMs must be a number of milliseconds or a duration such as 5m"_s,
                             u"readyThresholdMs"_s);
        options.decay = ActivityDecay(*milliseconds);
    }

    auto prices = PriceTable::withOverrides(defaultPrices, settings.value(u"pricing"_s));
    if (!prices)
        return prices.error();
    options.prices = prices.value();
    return options;
}

} // namespace flotilla

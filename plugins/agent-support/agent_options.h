#pragma once

#include "activity_decay.h"
#include "plugin/plugin_common.h"
#include "price_table.h"

#include <QString>

#include <optional>

namespace flotilla {

// The settings every agent plugin understands, read once from its configuration block:
// "permissions", "model", "readyThresholdMs" (milliseconds or a duration such as "5m") and
// "pricing".
struct AgentOptions
{
    enum class Permissions { Permissionless, Default, AutoEdit, Suggest };

    Permissions permissions = Permissions::Permissionless;
    QString model;
    ActivityDecay decay;
    PriceTable prices;

    static Result<AgentOptions> fromSettings(const PluginSettings &settings, const PriceTable &defaultPrices);
    // "permissionless" (also "skip" and empty), "default", "auto-edit", "suggest".
    static std::optional<Permissions> parsePermissions(const QString &text);
    // The same, as an error naming the accepted words when `text` is none of them.
    static Result<Permissions> permissionsFrom(const QString &text);
};

} // namespace flotilla

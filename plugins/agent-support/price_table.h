#pragma once

#include "util/result.h"

#include <QJsonValue>

namespace flotilla {

// Tokens an agent used, split the way providers bill them.
struct TokenUsage
{
    qint64 input = 0; // not served from the cache
    qint64 output = 0;
    qint64 cacheRead = 0;
    qint64 cacheWrite = 0;
};

// US dollars per million tokens. Each agent starts from its provider's list prices; the
// agent's settings key "pricing" overrides any of them (negotiated rates, other models).
struct PriceTable
{
    double inputPerMTok = 0.0;
    double outputPerMTok = 0.0;
    double cacheReadPerMTok = 0.0;
    double cacheWritePerMTok = 0.0;

    double costUsd(const TokenUsage &usage) const;

    // `pricing` is absent or {"inputPerMTok": …, "outputPerMTok": …, "cacheReadPerMTok": …,
    // "cacheWritePerMTok": …}; keys left out keep the default.
    static Result<PriceTable> withOverrides(const PriceTable &defaults, const QJsonValue &pricing);
};

} // namespace flotilla

#include "price_table.h"

#include <QJsonObject>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace flotilla {

double PriceTable::costUsd(const TokenUsage &usage) const
{
    const auto price = [](qint64 tokens, double perMillion) { return double(tokens) * perMillion / 1'000'000.0; };
    return price(usage.input, inputPerMTok) + price(usage.output, outputPerMTok)
           + price(usage.cacheRead, cacheReadPerMTok) + price(usage.cacheWrite, cacheWritePerMTok);
}

Result<PriceTable> PriceTable::withOverrides(const PriceTable &defaults, const QJsonValue &pricing)
{
    if (pricing.isUndefined() || pricing.isNull())
        return defaults;
    if (!pricing.isObject())
        return makeError(u"agent.bad_pricing"_s,
                         u"pricing must be a map of inputPerMTok, outputPerMTok, cacheReadPerMTok and "
                         u"cacheWritePerMTok (US dollars per million tokens)"_s,
                         u"pricing"_s);
    const QJsonObject object = pricing.toObject();
    PriceTable table = defaults;
    const QList<std::pair<QString, double *>> fields = {
        {u"inputPerMTok"_s, &table.inputPerMTok},
        {u"outputPerMTok"_s, &table.outputPerMTok},
        {u"cacheReadPerMTok"_s, &table.cacheReadPerMTok},
        {u"cacheWritePerMTok"_s, &table.cacheWritePerMTok},
    };
    QStringList known;
    for (const auto &[key, target] : fields) {
        known << key;
        if (!object.contains(key))
            continue;
        const QJsonValue value = object.value(key);
        if (!value.isDouble() || value.toDouble() < 0)
            return makeError(u"agent.bad_pricing"_s,
                             u"%1 must be a number of US dollars per million tokens, zero or more"_s.arg(key),
                             u"pricing."_s + key);
        *target = value.toDouble();
    }
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!known.contains(it.key()))
            return makeError(u"agent.bad_pricing"_s, u"unknown price %1; use %2"_s.arg(it.key(), known.join(u", "_s)),
                             u"pricing"_s);
    }
    return table;
}

} // namespace flotilla

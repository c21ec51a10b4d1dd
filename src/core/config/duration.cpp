#include "duration.h"

#include <QRegularExpression>

#include <limits>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const QRegularExpression &durationPattern()
{
    static const QRegularExpression pattern(u"^\\s*(\\d{1,12})\\s*(ms|s|m|h)?\\s*$"_s);
    return pattern;
}

} // namespace

std::optional<qint64> parseDuration(const QString &text)
{
    const auto match = durationPattern().match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 amount = match.captured(1).toLongLong();
    const QString unit = match.captured(2);
    qint64 factor = 1;
    if (unit == u"s"_s)
        factor = 1000;
    else if (unit == u"m"_s)
        factor = 60 * 1000;
    else if (unit == u"h"_s)
        factor = 60 * 60 * 1000;
    return amount * factor; // at most 12 digits times an hour: far from overflowing
}

bool hasDurationUnit(const QString &text)
{
    const auto match = durationPattern().match(text);
    return match.hasMatch() && !match.captured(2).isEmpty();
}

QString formatDuration(qint64 milliseconds)
{
    constexpr qint64 kHour = 60 * 60 * 1000;
    constexpr qint64 kMinute = 60 * 1000;
    if (milliseconds > 0 && milliseconds % kHour == 0)
        return u"%1h"_s.arg(milliseconds / kHour);
    if (milliseconds > 0 && milliseconds % kMinute == 0)
        return u"%1m"_s.arg(milliseconds / kMinute);
    if (milliseconds > 0 && milliseconds % 1000 == 0)
        return u"%1s"_s.arg(milliseconds / 1000);
    return u"%1ms"_s.arg(milliseconds);
}

} // namespace flotilla

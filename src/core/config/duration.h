#pragma once

#include <QString>

#include <optional>

namespace flotilla {

// Durations in the configuration: a plain number of milliseconds (`300000`) or a number with a
// unit: `500ms`, `30s`, `15m`, `2h`. Returns milliseconds, or nullopt when `text` is neither.
std::optional<qint64> parseDuration(const QString &text);

// Whether `text` carries a unit (so `escalateAfter: 3` is a count and `3m` a duration).
bool hasDurationUnit(const QString &text);

// The shortest exact form: 900000 → "15m", 1500 → "1500ms".
QString formatDuration(qint64 milliseconds);

} // namespace flotilla

#pragma once

#include <QString>
#include <QStringList>

namespace flotilla {

// Levenshtein distance, case-insensitive.
int editDistance(QStringView a, QStringView b);

// The candidate the user most likely meant by `typed`, or empty when none is close: a small edit
// distance, or `typed` being a clear prefix of a candidate ("claud" → "claude-code").
QString nearestName(const QString &typed, const QStringList &candidates);

// `did you mean "x"?` when something is close, otherwise `expected one of: a, b, c`.
QString suggestionHint(const QString &typed, const QStringList &candidates);

} // namespace flotilla

#include "suggestions.h"

#include <QList>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace flotilla {

int editDistance(QStringView a, QStringView b)
{
    // Optimal string alignment: Levenshtein plus swapping two neighbours ("agnet" → "agent").
    const QString left = a.toString().toLower();
    const QString right = b.toString().toLower();
    const qsizetype columns = right.size() + 1;
    QList<int> table((left.size() + 1) * columns);
    const auto cell = [&](qsizetype i, qsizetype j) -> int & { return table[i * columns + j]; };
    for (qsizetype i = 0; i <= left.size(); ++i)
        cell(i, 0) = int(i);
    for (qsizetype j = 0; j <= right.size(); ++j)
        cell(0, j) = int(j);
    for (qsizetype i = 1; i <= left.size(); ++i) {
        for (qsizetype j = 1; j <= right.size(); ++j) {
            const int cost = left.at(i - 1) == right.at(j - 1) ? 0 : 1;
            cell(i, j) = std::min({cell(i - 1, j) + 1, cell(i, j - 1) + 1, cell(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && left.at(i - 1) == right.at(j - 2) && left.at(i - 2) == right.at(j - 1))
                cell(i, j) = std::min(cell(i, j), cell(i - 2, j - 2) + 1);
        }
    }
    return cell(left.size(), right.size());
}

QString nearestName(const QString &typed, const QStringList &candidates)
{
    if (typed.isEmpty())
        return QString();
    QString best;
    int bestScore = std::numeric_limits<int>::max();
    const int tolerance = std::max(1, int(typed.size()) / 3);
    for (const QString &candidate : candidates) {
        int score = editDistance(typed, candidate);
        // A typed prefix of a longer name ("claud", "work") counts as close.
        if (typed.size() >= 3 && score > tolerance
            && editDistance(typed, QStringView(candidate).left(typed.size())) <= (typed.size() >= 5 ? 1 : 0))
            score = tolerance;
        if (score <= tolerance && score < bestScore) {
            best = candidate;
            bestScore = score;
        }
    }
    return best;
}

QString suggestionHint(const QString &typed, const QStringList &candidates)
{
    if (const QString match = nearestName(typed, candidates); !match.isEmpty())
        return u"did you mean \"%1\"?"_s.arg(match);
    return u"expected one of: %1"_s.arg(candidates.join(u", "_s));
}

} // namespace flotilla

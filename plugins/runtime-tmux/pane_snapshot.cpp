#include "pane_snapshot.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

QStringList PaneSnapshot::arguments(const QString &target)
{
    // Rows as the screen shows them (no -J): row numbers must stay comparable between
    // snapshots. The last printed line is the cursor and liveness of the same pane.
    return {u"capture-pane"_s,    u"-p"_s, u"-t"_s, target, u";"_s,
            u"display-message"_s, u"-p"_s, u"-t"_s, target, u"#{cursor_x} #{cursor_y} #{pane_dead}"_s};
}

std::optional<PaneSnapshot> PaneSnapshot::parse(const QByteArray &output)
{
    QStringList lines = QString::fromUtf8(output).split(u'\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    if (lines.isEmpty())
        return std::nullopt;
    const QStringList state = lines.takeLast().split(u' ');
    if (state.size() != 3)
        return std::nullopt;
    PaneSnapshot snapshot;
    bool xOk = false;
    bool yOk = false;
    snapshot.cursorX = state.at(0).toInt(&xOk);
    snapshot.cursorY = state.at(1).toInt(&yOk);
    if (!xOk || !yOk)
        return std::nullopt;
    snapshot.dead = state.at(2) == u"1"_s;
    snapshot.rows = std::move(lines);
    return snapshot;
}

PaneNoise PaneNoise::between(const PaneSnapshot &earlier, const PaneSnapshot &later)
{
    PaneNoise noise;
    const qsizetype rows = std::max(earlier.rows.size(), later.rows.size());
    for (qsizetype row = 0; row < rows; ++row) {
        if (earlier.rows.value(row) != later.rows.value(row))
            noise.rows.insert(static_cast<int>(row));
    }
    noise.cursor = earlier.cursorX != later.cursorX || earlier.cursorY != later.cursorY;
    return noise;
}

bool changedBeyondNoise(const PaneSnapshot &before, const PaneSnapshot &after, const PaneNoise &noise)
{
    if (before.dead != after.dead)
        return true;
    if (!noise.cursor && (before.cursorX != after.cursorX || before.cursorY != after.cursorY))
        return true;
    const qsizetype rows = std::max(before.rows.size(), after.rows.size());
    for (qsizetype row = 0; row < rows; ++row) {
        if (!noise.rows.contains(static_cast<int>(row)) && before.rows.value(row) != after.rows.value(row))
            return true;
    }
    return false;
}

} // namespace flotilla

#pragma once

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace flotilla {

// What a pane shows at one moment: its visible rows, the cursor and whether its process has
// exited. Comparing snapshots is how a send tells that a paste has been taken in (the pane
// stopped changing) and that Enter was acted on (the pane changed again).
struct PaneSnapshot
{
    QStringList rows;
    int cursorX = -1;
    int cursorY = -1;
    bool dead = false;

    bool operator==(const PaneSnapshot &other) const = default;

    // The tmux arguments that print a snapshot of `target` in one invocation.
    static QStringList arguments(const QString &target);
    // Reads what those arguments printed; nothing when the output is not a snapshot.
    static std::optional<PaneSnapshot> parse(const QByteArray &output);
};

// The parts of a pane that change on their own, seen while nothing was being typed: a spinner
// or a clock of a busy agent must not be mistaken for a reaction to Enter.
struct PaneNoise
{
    QSet<int> rows;
    bool cursor = false;

    static PaneNoise between(const PaneSnapshot &earlier, const PaneSnapshot &later);
};

// Whether `after` differs from `before` anywhere but in `noise`.
bool changedBeyondNoise(const PaneSnapshot &before, const PaneSnapshot &after, const PaneNoise &noise);

} // namespace flotilla

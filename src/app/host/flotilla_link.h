#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace flotilla {

// A `flotilla://` link, as the desktop's URL handler passes it to `flotilla`: what to show.
//   flotilla://session/<id>    a session
//   flotilla://decision/<id>   a question waiting for a person
//   flotilla://                the main window
struct FlotillaLink
{
    enum class Target { Window, Session, Decision };

    Target target = Target::Window;
    QString id;

    static constexpr auto kScheme = "flotilla";

    // Nothing when `text` is not a flotilla:// link, or names something unknown.
    static std::optional<FlotillaLink> parse(const QString &text);
    // The first link among a launch's arguments.
    static std::optional<FlotillaLink> among(const QStringList &arguments);
};

} // namespace flotilla

#pragma once

#include <QJsonArray>
#include <QStringList>

namespace flotilla {

// How flo shows sessions: "5m", "3h", "2d" since an ISO time.
QString ageOf(const QString &isoTime);
// The sessions as an aligned table with a header row.
QString sessionTable(const QJsonArray &sessions);
// Hands this terminal over to the attach command (tmux attach): on Unix flo becomes it;
// elsewhere the command is printed.
void attachTerminal(const QStringList &command);

} // namespace flotilla

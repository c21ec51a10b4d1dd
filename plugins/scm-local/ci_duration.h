#pragma once

#include <QString>
#include <QtGlobal>

namespace flotilla {

// A duration as people say it in a sentence: "800 ms", "1.5 s", "15 min", "2 min 30 s", "1 h 5 min".
QString describeCiDuration(qint64 milliseconds);

} // namespace flotilla

#include "ci_duration.h"

using namespace Qt::StringLiterals;

namespace flotilla {

QString describeCiDuration(qint64 milliseconds)
{
    if (milliseconds < 1000)
        return u"%1 ms"_s.arg(qMax<qint64>(0, milliseconds));
    if (milliseconds < 60 * 1000) {
        // One decimal is enough to tell 1.5 s from 2 s; whole seconds need none.
        if (milliseconds % 1000 == 0)
            return u"%1 s"_s.arg(milliseconds / 1000);
        return u"%1 s"_s.arg(static_cast<double>(milliseconds) / 1000.0, 0, 'f', 1);
    }
    const qint64 seconds = milliseconds / 1000;
    if (seconds < 60 * 60) {
        const qint64 minutes = seconds / 60;
        const qint64 rest = seconds % 60;
        return rest == 0 ? u"%1 min"_s.arg(minutes) : u"%1 min %2 s"_s.arg(minutes).arg(rest);
    }
    const qint64 hours = seconds / 3600;
    const qint64 minutes = (seconds % 3600) / 60;
    return minutes == 0 ? u"%1 h"_s.arg(hours) : u"%1 h %2 min"_s.arg(hours).arg(minutes);
}

} // namespace flotilla

#pragma once

#include "util/result.h"

#include <QByteArray>
#include <QString>

namespace flotilla {

// The per-user secret that every local API request must carry (flo sends it as a bearer
// token; the dashboard gets it through a one-time login link). It lives in a file readable
// only by the user, so only the user's own processes can drive Flotilla.
class ApiToken final
{
public:
    // Reads the token at `file`, creating a fresh random one if there is none. Tightens the
    // file's permissions if someone loosened them.
    static Result<QByteArray> loadOrCreate(const QString &file);
    // Reads an existing token (for clients; they never create one).
    static Result<QByteArray> load(const QString &file);

    // Compares in time independent of where the first difference is.
    static bool matches(const QByteArray &expected, const QByteArray &presented);
};

} // namespace flotilla

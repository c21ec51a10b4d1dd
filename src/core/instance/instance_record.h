#pragma once

#include "util/result.h"

#include <QString>

namespace flotilla {

// What a running instance publishes about itself in the user's runtime folder, so that `flo`
// and later launches can find its local API. Written once the API is listening, removed on a
// clean exit; a record whose process is gone is stale and ignored.
struct InstanceRecord
{
    qint64 pid = 0;
    int port = 0;
    QString host;
    QString version;
    QString startedAt; // ISO 8601, UTC
    bool headless = false;

    QString apiBase() const; // "http://127.0.0.1:3000"

    // Writes atomically (readers never see half a file), readable by the owner only.
    Result<void> write(const QString &file) const;
    static Result<InstanceRecord> read(const QString &file);
    // Removes `file` only if it still describes process `pid` (a newer instance may own it).
    static void removeIfOwned(const QString &file, qint64 pid);
};

} // namespace flotilla

#pragma once

#include "util/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace flotilla {

// Reads JSON-lines logs that agents append to while they run. Only a bounded window is read,
// so a log of many megabytes costs the same as a small one; lines cut by the window, lines
// still being written and lines that are not JSON objects are skipped.
class JsonlFile final
{
public:
    static constexpr qint64 kDefaultWindow = 128 * 1024;

    // The entries in the last `window` bytes, oldest first.
    static Result<QList<QJsonObject>> tail(const QString &path, qint64 window = kDefaultWindow);
    // The entries in the first `window` bytes, oldest first.
    static Result<QList<QJsonObject>> head(const QString &path, qint64 window = kDefaultWindow);
    // The first line only, read up to `limit` bytes; empty when it is not a JSON object.
    static Result<QJsonObject> firstEntry(const QString &path, qint64 limit = kDefaultWindow);

    static QList<QJsonObject> parseLines(const QByteArray &text);
};

} // namespace flotilla

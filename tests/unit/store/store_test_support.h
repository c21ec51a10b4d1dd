#pragma once

#include "isolated_environment.h"
#include "store/store.h"

#include <QTest>
#include <QTimeZone>

// Fails the test with the store's own error text when a Result is not ok.
#define STORE_VERIFY(result)                                                                                           \
    do {                                                                                                               \
        const auto &storeResult_ = (result);                                                                           \
        QVERIFY2(storeResult_.ok(), qPrintable(storeResult_.ok() ? QString() : storeResult_.error().toString()));      \
    } while (false)

namespace flotilla::test {

inline QString storePath(const IsolatedEnvironment &env)
{
    return env.root() + QStringLiteral("/state/flotilla.db");
}

// A time with millisecond precision, the precision the store keeps.
inline QDateTime at(qint64 msecsSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, QTimeZone::utc());
}

} // namespace flotilla::test

#pragma once

#include "plugin/external/external_plugin_spec.h"

#include <QFuture>
#include <QMutex>
#include <QMutexLocker>
#include <QStringList>
#include <QTest>

#include <algorithm>

namespace flotilla::test {

// Waits (processing events) for a plugin call; an unfinished call becomes a test error.
template<typename T> Result<T> await(QFuture<Result<T>> future, int timeoutMs = 15000)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, timeoutMs))
        return makeError(QStringLiteral("test.unfinished"), QStringLiteral("the call did not finish"));
    return future.result();
}

inline QString fakePlugin(const QString &script)
{
    return QStringLiteral(FLOTILLA_FAKE_PLUGINS_DIR "/") + script;
}

inline ExternalPluginSpec fakeSpec(PluginSlot slot, const QString &name, const QString &script, int timeoutMs = 15000)
{
    return ExternalPluginSpec{slot, name, {QStringLiteral("python3"), fakePlugin(script)}, {}, timeoutMs, {}};
}

// Everything qDebug/qInfo/qWarning print while it exists, for checking what reached the logs.
class CapturedLog final
{
public:
    CapturedLog() { m_previous = qInstallMessageHandler(&CapturedLog::handle); }
    ~CapturedLog() { qInstallMessageHandler(m_previous); }
    CapturedLog(const CapturedLog &) = delete;
    CapturedLog &operator=(const CapturedLog &) = delete;

    static QStringList lines()
    {
        QMutexLocker lock(&mutex());
        return store();
    }
    static bool contains(const QString &text)
    {
        const QStringList all = lines();
        return std::any_of(all.begin(), all.end(), [&text](const QString &line) { return line.contains(text); });
    }
    static void clear()
    {
        QMutexLocker lock(&mutex());
        store().clear();
    }

private:
    static void handle(QtMsgType, const QMessageLogContext &, const QString &message)
    {
        QMutexLocker lock(&mutex());
        store().append(message);
    }
    static QStringList &store()
    {
        static QStringList lines;
        return lines;
    }
    static QMutex &mutex()
    {
        static QMutex lock;
        return lock;
    }

    QtMessageHandler m_previous = nullptr;
};

} // namespace flotilla::test

#pragma once

#include <QObject>

namespace flotilla {

// Turns SIGTERM, SIGINT and SIGHUP into a Qt signal delivered on the event loop, so a
// terminated Flotilla shuts down like a quit from the menu (instance record removed, store
// closed) instead of dying mid-write. Unix only; elsewhere it never fires.
class TerminationSignals final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminationSignals)

public:
    explicit TerminationSignals(QObject *parent = nullptr);
    ~TerminationSignals() override;

signals:
    void terminationRequested(int signalNumber);
};

} // namespace flotilla

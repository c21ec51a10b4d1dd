#pragma once

#include "scripted_work.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace flotilla::demo {

class Terminal;

// Handles messages one at a time: a message that arrives while work is under way waits in a
// queue. Steps run one per turn of the event loop, so typing stays live between them.
class WorkRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkRunner)

public:
    WorkRunner(Terminal &terminal, const QString &workDir, QObject *parent = nullptr);

    void receive(const QString &message);

private:
    void startNext();
    void runNextStep();

    Terminal &m_terminal;
    ScriptedWork m_work;
    QStringList m_queue;
    QList<WorkStep> m_steps;
    bool m_busy = false;
};

} // namespace flotilla::demo

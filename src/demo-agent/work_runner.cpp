#include "work_runner.h"

#include "terminal.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace flotilla::demo {

namespace {

// A short pause between steps, so progress reads like work being done rather than a dump.
constexpr int kStepPauseMs = 150;

} // namespace

WorkRunner::WorkRunner(Terminal &terminal, const QString &workDir, QObject *parent)
    : QObject(parent), m_terminal(terminal), m_work(workDir)
{}

void WorkRunner::receive(const QString &message)
{
    m_queue << message;
    if (m_busy) {
        m_terminal.printLine(u"  Queued: “%1”"_s.arg(ScriptedWork::summary(message)));
        return;
    }
    startNext();
}

void WorkRunner::startNext()
{
    if (m_queue.isEmpty()) {
        m_busy = false;
        m_terminal.setPromptVisible(true);
        return;
    }
    m_busy = true;
    m_terminal.setPromptVisible(false);
    m_steps = m_work.plan(m_queue.takeFirst());
    QTimer::singleShot(kStepPauseMs, this, &WorkRunner::runNextStep);
}

void WorkRunner::runNextStep()
{
    if (m_steps.isEmpty()) {
        startNext();
        return;
    }
    const WorkStep step = m_steps.takeFirst();
    m_terminal.printLine(step.line);
    if (step.action) {
        const QString error = step.action();
        if (!error.isEmpty()) {
            m_terminal.printLine(u"  ✗ "_s + error);
            m_steps.clear();
        }
    }
    QTimer::singleShot(kStepPauseMs, this, &WorkRunner::runNextStep);
}

} // namespace flotilla::demo

#pragma once

#include "model/session_facts.h"
#include "plugin/scm_plugin.h"
#include "views/diff_canvas.h"

#include <QTabWidget>

class QLabel;

namespace flotilla {

class CiPanel;
class DiffView;
class OrchestratorPanel;
class ReviewsPanel;
class SessionTimeline;
class TerminalPanel;
struct WorkspaceDiff;

// The session picked in the fleet table, in tabs: its overview, the diff of its workspace
// against its base, CI, the agent's terminal and the reviews; a project's orchestrator has a
// chat first, shown when it is picked. Filled by the shell, which reads the diff off the GUI
// thread and the terminal while its tab is shown.
class SessionDetail final : public QTabWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionDetail)

public:
    explicit SessionDetail(QWidget *parent = nullptr);

    void showSession(const SessionRecord &session);
    QString sessionId() const { return m_sessionId; }
    void showDiffLoading();
    void showDiff(WorkspaceDiff diff);
    void showDiffProblem(const QString &problem);
    DiffView *diffView() const { return m_diff; }
    // The pull request as last read (nothing yet: the checks are not known).
    void showPullRequest(const std::optional<PrSnapshot> &pr);
    CiPanel *ciPanel() const { return m_ci; }
    ReviewsPanel *reviewsPanel() const { return m_reviews; }
    TerminalPanel *terminalPanel() const { return m_terminal; }
    OrchestratorPanel *orchestratorPanel() const { return m_chat; }
    SessionTimeline *timeline() const { return m_timeline; }

signals:
    void commentRequested(const QString &sessionId, const flotilla::DiffSelection &selection);
    void sendToAgentRequested(const QString &sessionId, const QString &text);
    void resolveThreadRequested(const QString &sessionId, const QString &threadId);
    void openUrlRequested(const QUrl &url);
    // After showSession(), with what it showed (the tabs are set by then).
    void sessionShown(const flotilla::SessionRecord &session);

private:
    QString m_sessionId;
    QLabel *m_overview = nullptr;
    SessionTimeline *m_timeline = nullptr;
    DiffView *m_diff = nullptr;
    CiPanel *m_ci = nullptr;
    ReviewsPanel *m_reviews = nullptr;
    TerminalPanel *m_terminal = nullptr;
    OrchestratorPanel *m_chat = nullptr;
};

} // namespace flotilla

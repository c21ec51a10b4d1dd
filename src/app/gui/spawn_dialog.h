#pragma once

#include "lifecycle/session_manager.h"
#include "plugin/tracker_plugin.h"

#include <QDialog>
#include <QHash>
#include <QTimer>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace flotilla {

// Starts agents: one per issue picked from the project's tracker (searched as you type,
// several at once for a batch), or one for a written task. Agent and model may be chosen;
// each spawn's progress (workspace, launch, prompt) shows on its row until it runs or says
// why it failed. Issues that already have a live agent are marked and cannot be picked.
class SpawnDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SpawnDialog)

public:
    struct Project
    {
        QString id;
        QString name;
        QStringList agents;   // the agents this project may run
        QString defaultAgent; // the configuration's choice for workers
    };
    // What the dialog needs from the fleet; the shell supplies the real one.
    struct Backend
    {
        QList<Project> projects;
        std::function<Async<QList<Issue>>(const QString &projectId, const IssueQuery &query)> searchIssues;
        // Issue id → the live session working on it.
        std::function<QHash<QString, QString>(const QString &projectId)> liveSessionsByIssue;
        std::function<Async<SessionRecord>(const SpawnRequest &request)> spawn;
    };

    explicit SpawnDialog(Backend backend, QWidget *parent = nullptr);
    ~SpawnDialog() override;

    // A spawn moved on: `step` of the session working on `issueId` ("workspace", "runtime", …).
    void showProgress(const QString &issueId, const QString &step);
    // A spawn step as people read it ("creating the worktree").
    static QString stepText(const QString &step);

    QTreeWidget *issueList() const { return m_issues; }
    QLineEdit *searchField() const { return m_search; }
    QPushButton *spawnButton() const { return m_spawn; }
    // How many spawns of the last batch have not answered yet.
    int runningSpawns() const { return m_running; }

signals:
    // Each session the dialog started.
    void spawned(const QString &sessionId);
    // The last spawn of a batch answered (each row says how it went).
    void batchFinished(int started, int failed);

private:
    enum Column { PickColumn, TitleColumn, StateColumn };
    void search();
    void showIssues(const QList<Issue> &issues);
    void startBatch();
    void finishOne(const QString &issueId, const Result<SessionRecord> &result);
    void updateSpawnButton();
    QString currentProject() const;
    QTreeWidgetItem *rowOf(const QString &issueId) const;

    Backend m_backend;
    QComboBox *m_project = nullptr;
    QComboBox *m_agent = nullptr;
    QLineEdit *m_model = nullptr;
    QLineEdit *m_search = nullptr;
    QTreeWidget *m_issues = nullptr;
    QLabel *m_searchState = nullptr;
    QPlainTextEdit *m_prompt = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_spawn = nullptr;
    QTimer m_searchDelay;
    quint64 m_searchRequest = 0; // answers of older searches are dropped
    int m_running = 0;
    int m_started = 0;
    int m_failed = 0;
};

} // namespace flotilla

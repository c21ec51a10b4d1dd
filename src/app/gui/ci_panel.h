#pragma once

#include "plugin/scm_plugin.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace flotilla {

class CiLogView;

// The checks of a session's pull request and the log of the one picked (the first failing
// one to start with): the whole log when it was kept, else the excerpt the agent was sent.
// "Send to agent" sends the selected lines, or the excerpt.
class CiPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CiPanel)

public:
    explicit CiPanel(QWidget *parent = nullptr);

    void showChecks(const PrSnapshot &pr);
    void showMessage(const QString &text);
    QListWidget *checkList() const { return m_checks; }
    CiLogView *logView() const { return m_log; }

signals:
    void sendToAgentRequested(const QString &text);
    void openUrlRequested(const QUrl &url);

private:
    void showCheck(int index);
    static QString readLogFile(const QString &path, QString *problem);

    QList<CiCheck> m_shown;
    QLabel *m_summary = nullptr;
    QListWidget *m_checks = nullptr;
    QLabel *m_source = nullptr;
    CiLogView *m_log = nullptr;
    QPushButton *m_firstError = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_open = nullptr;
};

} // namespace flotilla

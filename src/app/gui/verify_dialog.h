#pragma once

#include "plugin/tracker_plugin.h"
#include "store/backlog_claim_store.h"

#include <QDialog>
#include <QHash>
#include <QUrl>

#include <functional>
#include <optional>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace flotilla {

// A person's check of merged work: the project's issues whose pull requests merged and that
// wait for verification, each with the session that did the work. "Verified" closes the issue;
// "Failed…" asks what is wrong and reopens it with that comment, so the backlog takes it up
// again. Each verdict's outcome shows in the dialog, which stays open for the next issue.
class VerifyDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VerifyDialog)

public:
    // What the dialog needs from the fleet; the shell supplies the real one.
    struct Backend
    {
        QString projectId;
        QString projectName;
        std::function<Async<QList<Issue>>()> unverified;
        std::function<Async<BacklogClaim>(const QString &issueId, bool passed, const QString &comment)> verify;
        // Issue id → what the backlog knows of it (the session, how it merged); may be empty.
        std::function<QHash<QString, BacklogClaim>()> claims;
    };
    // Asks what is wrong with the merged work; nothing when the person cancels.
    using FailurePrompt = std::function<std::optional<QString>(QWidget *parent, const Issue &issue)>;

    static constexpr auto kTimeout = std::chrono::seconds(60);

    explicit VerifyDialog(Backend backend, QWidget *parent = nullptr);
    ~VerifyDialog() override;

    QString projectId() const { return m_backend.projectId; }
    // A multi-line input dialog by default; tests put in their own answer.
    void setFailurePrompt(FailurePrompt prompt) { m_failurePrompt = std::move(prompt); }
    // Reads the issues waiting for verification again.
    void reload();
    bool selectIssue(const QString &issueId);

    QTreeWidget *issueList() const { return m_issues; }
    QPushButton *verifiedButton() const { return m_verified; }
    QPushButton *failedButton() const { return m_failed; }
    QPushButton *refreshButton() const { return m_refresh; }
    QString statusText() const;
    bool isLoading() const { return m_loading; }

signals:
    void verdictGiven(const QString &issueId, bool passed);
    void openUrlRequested(const QUrl &url);

private:
    enum Column { IssueColumn, TitleColumn, SessionColumn, MergedColumn };
    void showIssues(const QList<Issue> &issues);
    void judge(bool passed);
    void showStatus(const QString &text, bool problem = false);
    void updateButtons();
    QTreeWidgetItem *rowOf(const QString &issueId) const;

    Backend m_backend;
    FailurePrompt m_failurePrompt;
    QHash<QString, Issue> m_shown;
    QTreeWidget *m_issues = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_verified = nullptr;
    QPushButton *m_failed = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_refresh = nullptr;
    bool m_loading = false;
    QString m_judging;     // the issue whose verdict is on its way
    quint64 m_request = 0; // answers of older reads are dropped
};

} // namespace flotilla

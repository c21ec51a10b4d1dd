#include "verify_dialog.h"

#include "plugin/await_result.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace flotilla {

namespace {

constexpr int kIssueIdRole = Qt::UserRole + 1;
const QColor kProblem(0xc6, 0x28, 0x28);

} // namespace

VerifyDialog::VerifyDialog(Backend backend, QWidget *parent) : QDialog(parent), m_backend(std::move(backend))
{
    setObjectName(QStringLiteral("verifyDialog"));
    const QString project = m_backend.projectName.isEmpty() ? m_backend.projectId : m_backend.projectName;
    setWindowTitle(tr("Verify merged work — %1").arg(project));
    resize(720, 420);
    m_failurePrompt = [](QWidget *owner, const Issue &issue) -> std::optional<QString> {
        bool ok = false;
        const QString comment = QInputDialog::getMultiLineText(
            owner, tr("Verification failed"),
            tr("What is wrong with the merged work for %1? The issue is reopened with this comment.").arg(issue.id),
            QString(), &ok);
        if (!ok)
            return std::nullopt;
        return comment;
    };

    auto *intro = new QLabel(tr("These issues' pull requests have merged. Check that each does what it asked, then "
                                "say whether it passed."),
                             this);
    intro->setWordWrap(true);
    m_issues = new QTreeWidget(this);
    m_issues->setObjectName(QStringLiteral("verifyIssues"));
    m_issues->setRootIsDecorated(false);
    m_issues->setHeaderLabels({tr("Issue"), tr("Title"), tr("Session"), tr("Merged")});
    m_issues->header()->setSectionResizeMode(IssueColumn, QHeaderView::ResizeToContents);
    m_issues->header()->setSectionResizeMode(TitleColumn, QHeaderView::Stretch);
    m_issues->header()->setSectionResizeMode(SessionColumn, QHeaderView::ResizeToContents);
    m_issues->header()->setSectionResizeMode(MergedColumn, QHeaderView::ResizeToContents);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("verifyStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_verified = new QPushButton(tr("&Verified"), this);
    m_verified->setObjectName(QStringLiteral("verifiedButton"));
    m_verified->setToolTip(tr("The merged work does what the issue asked: close the issue."));
    m_failed = new QPushButton(tr("&Failed…"), this);
    m_failed->setObjectName(QStringLiteral("verificationFailedButton"));
    m_failed->setToolTip(tr("It does not: reopen the issue with a comment saying what is wrong."));
    m_open = new QPushButton(tr("&Open Issue"), this);
    m_open->setObjectName(QStringLiteral("openIssueButton"));
    m_refresh = new QPushButton(tr("&Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("refreshVerificationButton"));
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_verified);
    actions->addWidget(m_failed);
    actions->addStretch();
    actions->addWidget(m_open);
    actions->addWidget(m_refresh);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_issues, 1);
    layout->addLayout(actions);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_verified, &QPushButton::clicked, this, [this] { judge(true); });
    connect(m_failed, &QPushButton::clicked, this, [this] { judge(false); });
    connect(m_refresh, &QPushButton::clicked, this, &VerifyDialog::reload);
    const auto openCurrent = [this] {
        if (QTreeWidgetItem *item = m_issues->currentItem()) {
            const QUrl url(m_shown.value(item->data(IssueColumn, kIssueIdRole).toString()).url);
            if (url.isValid() && !url.isEmpty())
                emit openUrlRequested(url);
        }
    };
    connect(m_open, &QPushButton::clicked, this, openCurrent);
    connect(m_issues, &QTreeWidget::itemDoubleClicked, this, openCurrent);
    connect(m_issues, &QTreeWidget::currentItemChanged, this, &VerifyDialog::updateButtons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateButtons();
    reload();
}

VerifyDialog::~VerifyDialog() = default;

void VerifyDialog::reload()
{
    m_loading = true;
    const quint64 request = ++m_request;
    showStatus(tr("Reading the issues that wait for verification…"));
    updateButtons();
    awaitResult(m_backend.unverified(), this, kTimeout, tr("the issue tracker"),
                [this, request](Result<QList<Issue>> issues) {
                    if (request != m_request)
                        return;
                    m_loading = false;
                    if (!issues) {
                        showStatus(tr("The issues could not be read: %1").arg(issues.error().message), true);
                        updateButtons();
                        return;
                    }
                    showIssues(issues.value());
                });
}

void VerifyDialog::showIssues(const QList<Issue> &issues)
{
    const QString current =
        m_issues->currentItem() ? m_issues->currentItem()->data(IssueColumn, kIssueIdRole).toString() : QString();
    const QHash<QString, BacklogClaim> claims = m_backend.claims ? m_backend.claims() : QHash<QString, BacklogClaim>();
    m_issues->clear();
    m_shown.clear();
    for (const Issue &issue : issues) {
        m_shown.insert(issue.id, issue);
        const BacklogClaim claim = claims.value(issue.id);
        auto *item = new QTreeWidgetItem(m_issues, {issue.id, issue.title, claim.sessionId, claim.reason});
        item->setData(IssueColumn, kIssueIdRole, issue.id);
        item->setToolTip(TitleColumn, issue.url.isEmpty() ? issue.title : issue.title + u'\n' + issue.url);
    }
    if (!selectIssue(current) && m_issues->topLevelItemCount() > 0)
        m_issues->setCurrentItem(m_issues->topLevelItem(0));
    const QString project = m_backend.projectName.isEmpty() ? m_backend.projectId : m_backend.projectName;
    showStatus(issues.isEmpty() ? tr("Nothing in %1 waits for verification.").arg(project)
                                : tr("%n issue(s) wait for verification.", "", int(issues.size())));
    updateButtons();
}

bool VerifyDialog::selectIssue(const QString &issueId)
{
    QTreeWidgetItem *item = rowOf(issueId);
    if (item)
        m_issues->setCurrentItem(item);
    return item != nullptr;
}

void VerifyDialog::judge(bool passed)
{
    QTreeWidgetItem *item = m_issues->currentItem();
    if (!item || !m_judging.isEmpty())
        return;
    const Issue issue = m_shown.value(item->data(IssueColumn, kIssueIdRole).toString());
    QString comment;
    if (!passed) {
        const std::optional<QString> said = m_failurePrompt(this, issue);
        if (!said)
            return;
        comment = said->trimmed();
    }
    m_judging = issue.id;
    updateButtons();
    showStatus(passed ? tr("Marking %1 as verified…").arg(issue.id) : tr("Reopening %1…").arg(issue.id));
    awaitResult(m_backend.verify(issue.id, passed, comment), this, kTimeout, tr("the issue tracker"),
                [this, issueId = issue.id, passed](Result<BacklogClaim> done) {
                    m_judging.clear();
                    if (!done) {
                        showStatus(tr("%1 was not updated: %2").arg(issueId, done.error().message), true);
                        updateButtons();
                        return;
                    }
                    delete rowOf(issueId);
                    m_shown.remove(issueId);
                    showStatus(passed ? tr("%1 is verified and closed.").arg(issueId)
                                      : tr("%1 failed verification and is open again.").arg(issueId));
                    updateButtons();
                    emit verdictGiven(issueId, passed);
                });
}

void VerifyDialog::showStatus(const QString &text, bool problem)
{
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText, problem ? kProblem : this->palette().color(QPalette::WindowText));
    m_status->setPalette(palette);
    m_status->setText(text);
}

QString VerifyDialog::statusText() const
{
    return m_status->text();
}

void VerifyDialog::updateButtons()
{
    QTreeWidgetItem *item = m_issues->currentItem();
    const bool free = item && m_judging.isEmpty();
    m_verified->setEnabled(free);
    m_failed->setEnabled(free);
    m_open->setEnabled(item && !m_shown.value(item->data(IssueColumn, kIssueIdRole).toString()).url.isEmpty());
    m_refresh->setEnabled(!m_loading);
}

QTreeWidgetItem *VerifyDialog::rowOf(const QString &issueId) const
{
    if (issueId.isEmpty())
        return nullptr;
    for (int row = 0; row < m_issues->topLevelItemCount(); ++row) {
        if (m_issues->topLevelItem(row)->data(IssueColumn, kIssueIdRole).toString() == issueId)
            return m_issues->topLevelItem(row);
    }
    return nullptr;
}

} // namespace flotilla

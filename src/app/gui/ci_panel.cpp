#include "ci_panel.h"

#include "views/ci_log_view.h"

#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QUrl>
#include <QVBoxLayout>

namespace flotilla {

namespace {

QString stateText(CiCheck::Status status)
{
    switch (status) {
    case CiCheck::Status::Pending:
        return CiPanel::tr("queued");
    case CiCheck::Status::Running:
        return CiPanel::tr("running");
    case CiCheck::Status::Passed:
        return CiPanel::tr("passed");
    case CiCheck::Status::Failed:
        return CiPanel::tr("failed");
    case CiCheck::Status::Skipped:
        return CiPanel::tr("skipped");
    }
    return {};
}

QColor stateColour(CiCheck::Status status)
{
    switch (status) {
    case CiCheck::Status::Passed:
        return QColor(0x1a, 0x7f, 0x37);
    case CiCheck::Status::Failed:
        return QColor(0xcf, 0x22, 0x2e);
    case CiCheck::Status::Running:
    case CiCheck::Status::Pending:
        return QColor(0x9a, 0x67, 0x00);
    case CiCheck::Status::Skipped:
        break;
    }
    return QColor(0x80, 0x80, 0x80);
}

} // namespace

CiPanel::CiPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("ciSummary"));
    layout->addWidget(m_summary);
    auto *splitter = new QSplitter(this);
    m_checks = new QListWidget(splitter);
    m_checks->setObjectName(QStringLiteral("ciChecks"));
    auto *right = new QWidget(splitter);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_source = new QLabel(right);
    m_source->setObjectName(QStringLiteral("ciLogSource"));
    m_firstError = new QPushButton(tr("First error"), right);
    m_firstError->setObjectName(QStringLiteral("firstErrorButton"));
    m_send = new QPushButton(tr("Send to agent"), right);
    m_send->setObjectName(QStringLiteral("sendLogButton"));
    m_send->setToolTip(tr("Sends the selected lines, or the failing step's excerpt, to the agent."));
    m_open = new QPushButton(tr("Open in browser"), right);
    bar->addWidget(m_source, 1);
    bar->addWidget(m_firstError);
    bar->addWidget(m_send);
    bar->addWidget(m_open);
    rightLayout->addLayout(bar);
    m_log = new CiLogView(right);
    m_log->setObjectName(QStringLiteral("ciLog"));
    rightLayout->addWidget(m_log, 1);
    splitter->addWidget(m_checks);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({220, 660});
    layout->addWidget(splitter, 1);

    connect(m_checks, &QListWidget::currentRowChanged, this, &CiPanel::showCheck);
    connect(m_firstError, &QPushButton::clicked, m_log, &CiLogView::jumpToFirstError);
    connect(m_send, &QPushButton::clicked, this, [this] {
        const int row = m_checks->currentRow();
        if (row < 0 || row >= m_shown.size())
            return;
        const QString selected = m_log->textCursor().selectedText().replace(QChar::ParagraphSeparator, u'\n');
        const CiCheck &check = m_shown.at(row);
        const QString text = selected.trimmed().isEmpty() ? check.logExcerpt : selected;
        emit sendToAgentRequested(
            QStringLiteral("The CI check \"%1\" failed. From its log:\n```\n%2\n```\nFind the cause and fix it.")
                .arg(check.name, text.trimmed()));
    });
    connect(m_open, &QPushButton::clicked, this, [this] {
        const int row = m_checks->currentRow();
        if (row >= 0 && row < m_shown.size() && !m_shown.at(row).url.isEmpty())
            emit openUrlRequested(QUrl(m_shown.at(row).url));
    });
    showMessage(tr("No checks yet."));
}

void CiPanel::showMessage(const QString &text)
{
    m_shown.clear();
    m_checks->clear();
    m_summary->setText(text);
    m_log->setLog(QString());
    m_source->clear();
    m_firstError->setEnabled(false);
    m_send->setEnabled(false);
    m_open->setEnabled(false);
}

void CiPanel::showChecks(const PrSnapshot &pr)
{
    const QString current =
        m_checks->currentItem() ? m_checks->currentItem()->data(Qt::UserRole).toString() : QString();
    m_shown = pr.checks;
    // Failing first: that is what a person opens this tab for.
    std::stable_sort(m_shown.begin(), m_shown.end(), [](const CiCheck &a, const CiCheck &b) {
        return (a.status == CiCheck::Status::Failed) > (b.status == CiCheck::Status::Failed);
    });
    int failed = 0;
    int passed = 0;
    m_checks->blockSignals(true);
    m_checks->clear();
    int pick = m_shown.isEmpty() ? -1 : 0;
    for (int i = 0; i < m_shown.size(); ++i) {
        const CiCheck &check = m_shown.at(i);
        failed += check.status == CiCheck::Status::Failed;
        passed += check.status == CiCheck::Status::Passed;
        auto *item = new QListWidgetItem(QStringLiteral("%1 — %2").arg(check.name, stateText(check.status)), m_checks);
        item->setForeground(stateColour(check.status));
        item->setData(Qt::UserRole, check.name);
        if (check.name == current)
            pick = i;
    }
    m_checks->blockSignals(false);
    m_summary->setText(m_shown.isEmpty() ? tr("Pull request #%1 has no checks.").arg(pr.number)
                                         : tr("Pull request #%1: %2 failed, %3 passed, %4 checks in all.")
                                               .arg(pr.number)
                                               .arg(failed)
                                               .arg(passed)
                                               .arg(m_shown.size()));
    m_checks->setCurrentRow(pick);
    showCheck(pick);
}

QString CiPanel::readLogFile(const QString &path, QString *problem)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *problem = file.errorString();
        return {};
    }
    const QByteArray data = file.readAll();
    if (!path.endsWith(QStringLiteral(".z")))
        return QString::fromUtf8(data);
    const QByteArray plain = qUncompress(data);
    if (plain.isEmpty() && !data.isEmpty())
        *problem = tr("the kept log is damaged");
    return QString::fromUtf8(plain);
}

void CiPanel::showCheck(int index)
{
    const bool valid = index >= 0 && index < m_shown.size();
    m_open->setEnabled(valid && !m_shown.at(index).url.isEmpty());
    if (!valid) {
        m_log->setLog(QString());
        m_source->clear();
        m_firstError->setEnabled(false);
        m_send->setEnabled(false);
        return;
    }
    const CiCheck &check = m_shown.at(index);
    QString problem;
    QString log;
    if (!check.logFile.isEmpty())
        log = readLogFile(check.logFile, &problem);
    if (!log.isEmpty())
        m_source->setText(tr("Whole log"));
    else if (!check.logExcerpt.isEmpty()) {
        log = check.logExcerpt;
        m_source->setText(problem.isEmpty() ? tr("Excerpt sent to the agent")
                                            : tr("Excerpt sent to the agent (the whole log: %1)").arg(problem));
    } else {
        m_source->setText(check.status == CiCheck::Status::Failed ? tr("No log could be read for this check.")
                                                                  : tr("Logs are read for failing checks."));
    }
    m_log->setLog(log);
    m_firstError->setEnabled(m_log->firstErrorLine() >= 0);
    m_send->setEnabled(check.status == CiCheck::Status::Failed && !log.isEmpty());
    m_log->jumpToFirstError();
}

} // namespace flotilla

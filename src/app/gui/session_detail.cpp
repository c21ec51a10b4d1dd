#include "session_detail.h"

#include "ci_panel.h"
#include "model/display_status.h"
#include "models/fleet_model.h"
#include "orchestrator_panel.h"
#include "reviews_panel.h"
#include "session_timeline.h"
#include "terminal_panel.h"
#include "views/diff_view.h"

#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QSplitter>
#include <QUrl>

namespace flotilla {

namespace {

QString row(const QString &label, const QString &value)
{
    return value.isEmpty() ? QString()
                           : QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>")
                                 .arg(label.toHtmlEscaped(), value);
}

QString when(const QDateTime &at)
{
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : QString();
}

} // namespace

SessionDetail::SessionDetail(QWidget *parent) : QTabWidget(parent)
{
    setObjectName(QStringLiteral("sessionDetail"));
    auto *overview = new QSplitter(Qt::Vertical, this);
    auto *scroll = new QScrollArea(overview);
    scroll->setWidgetResizable(true);
    m_overview = new QLabel(scroll);
    m_overview->setObjectName(QStringLiteral("sessionOverview"));
    m_overview->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_overview->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_overview->setOpenExternalLinks(false);
    m_overview->setMargin(8);
    m_overview->setWordWrap(true);
    connect(m_overview, &QLabel::linkActivated, this,
            [this](const QString &link) { emit openUrlRequested(QUrl(link)); });
    scroll->setWidget(m_overview);
    m_timeline = new SessionTimeline(overview);
    overview->addWidget(scroll);
    overview->addWidget(m_timeline);
    overview->setStretchFactor(0, 1);
    overview->setStretchFactor(1, 2);
    addTab(overview, tr("Overview"));
    m_diff = new DiffView(this);
    addTab(m_diff, tr("Diff"));
    connect(m_diff, &DiffView::commentRequested, this,
            [this](const DiffSelection &selection) { emit commentRequested(m_sessionId, selection); });
    m_ci = new CiPanel(this);
    addTab(m_ci, tr("CI"));
    connect(m_ci, &CiPanel::sendToAgentRequested, this,
            [this](const QString &text) { emit sendToAgentRequested(m_sessionId, text); });
    connect(m_ci, &CiPanel::openUrlRequested, this, &SessionDetail::openUrlRequested);
    m_terminal = new TerminalPanel(this);
    addTab(m_terminal, tr("Terminal"));
    m_reviews = new ReviewsPanel(this);
    addTab(m_reviews, tr("Reviews"));
    connect(m_reviews, &ReviewsPanel::sendToAgentRequested, this,
            [this](const QString &text) { emit sendToAgentRequested(m_sessionId, text); });
    connect(m_reviews, &ReviewsPanel::resolveRequested, this,
            [this](const QString &thread) { emit resolveThreadRequested(m_sessionId, thread); });
    m_overview->setText(tr("Pick a session in the table to see its details."));
    // First, for orchestrators only; inserted last so that the overview is what shows at start.
    m_chat = new OrchestratorPanel(this);
    insertTab(0, m_chat, tr("Chat"));
    setTabVisible(0, false);
    setCurrentWidget(overview);
}

void SessionDetail::showSession(const SessionRecord &session)
{
    const bool another = session.id != m_sessionId;
    m_sessionId = session.id;
    const DisplayStatus status = deriveDisplayStatus(session);
    QString pr;
    if (session.pr.number > 0)
        pr = session.pr.url.isEmpty()
                 ? QStringLiteral("#%1").arg(session.pr.number)
                 : QStringLiteral("<a href=\"%1\">#%2</a>").arg(session.pr.url.toHtmlEscaped()).arg(session.pr.number);
    QString html = QStringLiteral("<h3>%1</h3><p>%2</p><table>")
                       .arg(session.id.toHtmlEscaped(), session.displayName.toHtmlEscaped());
    html += row(tr("Status"), FleetModel::statusText(int(status)).toHtmlEscaped());
    html += row(tr("Project"), session.projectId.toHtmlEscaped());
    html += row(tr("Issue"), session.issueId.toHtmlEscaped());
    html += row(tr("Branch"), session.branch.toHtmlEscaped());
    html += row(tr("Pull request"), pr);
    html += row(tr("Agent"), session.agent.toHtmlEscaped());
    html += row(tr("Commits as"), session.identity.toHtmlEscaped());
    html += row(tr("Workspace"), session.workspacePath.toHtmlEscaped());
    html += row(tr("Started"), when(session.startedAt));
    html += row(tr("Last change"), when(session.lastTransitionAt));
    if (session.cost.usd > 0)
        html += row(tr("Cost"), QLocale().toCurrencyString(session.cost.usd, QStringLiteral("$")));
    html += QStringLiteral("</table>");
    if (!session.summary.isEmpty())
        html += QStringLiteral("<p><b>%1</b><br>%2</p>").arg(tr("Agent's summary"), session.summary.toHtmlEscaped());
    m_overview->setText(html);
    if (another) {
        m_diff->setMessage(QString());
        m_terminal->reset();
        m_timeline->setEvents({});
    }
    // A person talks to an orchestrator; its chat opens with it. Workers have none.
    const bool orchestrator = session.kind == SessionKind::Orchestrator;
    if (orchestrator)
        m_chat->showOrchestrator(session);
    if (!orchestrator && currentWidget() == m_chat)
        setCurrentIndex(indexOf(m_chat) + 1);
    setTabVisible(indexOf(m_chat), orchestrator);
    if (orchestrator && another)
        setCurrentWidget(m_chat);
    emit sessionShown(session);
}

void SessionDetail::showPullRequest(const std::optional<PrSnapshot> &pr)
{
    if (!pr) {
        m_ci->showMessage(tr("The pull request's checks are not read yet."));
        m_reviews->showMessage(tr("The pull request's reviews are not read yet."));
    } else if (pr->number <= 0) {
        m_ci->showMessage(tr("No pull request yet."));
        m_reviews->showMessage(tr("No pull request yet."));
    } else {
        m_ci->showChecks(*pr);
        m_reviews->showComments(*pr);
    }
}

void SessionDetail::showDiffLoading()
{
    m_diff->setMessage(tr("Reading the workspace's changes…"));
}

void SessionDetail::showDiff(WorkspaceDiff diff)
{
    m_diff->setDiff(std::move(diff));
}

void SessionDetail::showDiffProblem(const QString &problem)
{
    m_diff->setMessage(tr("No diff: %1").arg(problem));
}

} // namespace flotilla

#include "spawn_dialog.h"

#include "plugin/await_result.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr auto kSearchTimeout = std::chrono::seconds(30);
// Each step of a spawn has its own deadline in the core; this only keeps a row from waiting
// forever if the answer never comes.
constexpr auto kSpawnBackstop = std::chrono::minutes(15);
constexpr int kIssueIdRole = Qt::UserRole + 1;
constexpr int kBusyRole = Qt::UserRole + 2; // bool: a spawn of this row runs or has run
constexpr int kDoneRole = Qt::UserRole + 3; // bool: its spawn answered
constexpr QStringView kPromptOnlyRow = u"\x01prompt";

} // namespace

QString SpawnDialog::stepText(const QString &step)
{
    if (step == u"project"_s)
        return tr("reading the project");
    if (step == u"issue"_s)
        return tr("reading the issue");
    if (step == u"claim-pr"_s)
        return tr("reading the pull request");
    if (step == u"workspace"_s)
        return tr("creating the worktree");
    if (step == u"runtime"_s)
        return tr("starting the agent");
    if (step == u"prompt"_s)
        return tr("handing over the task");
    if (step.startsWith(u"hook:"_s))
        return tr("running %1").arg(step.mid(5));
    return step;
}

SpawnDialog::SpawnDialog(Backend backend, QWidget *parent) : QDialog(parent), m_backend(std::move(backend))
{
    setWindowTitle(tr("Spawn agents"));
    setObjectName(u"spawnDialog"_s);
    resize(720, 560);
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_project = new QComboBox(this);
    m_project->setObjectName(u"spawnProject"_s);
    for (const Project &project : std::as_const(m_backend.projects))
        m_project->addItem(project.name.isEmpty() ? project.id : project.name, project.id);
    m_agent = new QComboBox(this);
    m_agent->setObjectName(u"spawnAgent"_s);
    m_model = new QLineEdit(this);
    m_model->setObjectName(u"spawnModel"_s);
    m_model->setPlaceholderText(tr("the configuration's model"));
    form->addRow(tr("&Project:"), m_project);
    form->addRow(tr("&Agent:"), m_agent);
    form->addRow(tr("&Model:"), m_model);
    layout->addLayout(form);

    m_search = new QLineEdit(this);
    m_search->setObjectName(u"spawnSearch"_s);
    m_search->setPlaceholderText(tr("Search the project's open issues"));
    m_search->setClearButtonEnabled(true);
    layout->addWidget(m_search);
    m_searchState = new QLabel(this);
    m_searchState->setObjectName(u"spawnSearchState"_s);
    m_searchState->setWordWrap(true);
    layout->addWidget(m_searchState);
    m_issues = new QTreeWidget(this);
    m_issues->setObjectName(u"spawnIssues"_s);
    m_issues->setRootIsDecorated(false);
    m_issues->setHeaderLabels({tr("Issue"), tr("Title"), tr("Agent")});
    m_issues->header()->setSectionResizeMode(PickColumn, QHeaderView::ResizeToContents);
    m_issues->header()->setSectionResizeMode(TitleColumn, QHeaderView::Stretch);
    m_issues->header()->setSectionResizeMode(StateColumn, QHeaderView::ResizeToContents);
    layout->addWidget(m_issues, 1);

    auto *promptLabel =
        new QLabel(tr("&Instructions for each agent (or, with no issue picked, the whole task):"), this);
    m_prompt = new QPlainTextEdit(this);
    m_prompt->setObjectName(u"spawnPrompt"_s);
    m_prompt->setTabChangesFocus(true);
    m_prompt->setMaximumHeight(90);
    promptLabel->setBuddy(m_prompt);
    layout->addWidget(promptLabel);
    layout->addWidget(m_prompt);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"spawnProgress"_s);
    m_progress->setFormat(tr("%v of %m answered"));
    m_progress->hide();
    layout->addWidget(m_progress);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_spawn = buttons->addButton(tr("Spawn"), QDialogButtonBox::AcceptRole);
    m_spawn->setObjectName(u"spawnButton"_s);
    m_spawn->setDefault(true);
    layout->addWidget(buttons);
    // Spawning does not close the dialog: the rows show how each spawn goes.
    connect(m_spawn, &QPushButton::clicked, this, &SpawnDialog::startBatch);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(250);
    connect(&m_searchDelay, &QTimer::timeout, this, &SpawnDialog::search);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_issues, &QTreeWidget::itemChanged, this, &SpawnDialog::updateSpawnButton);
    connect(m_prompt, &QPlainTextEdit::textChanged, this, &SpawnDialog::updateSpawnButton);
    connect(m_project, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_agent->clear();
        if (index < 0)
            return;
        const Project &project = m_backend.projects.at(index);
        for (const QString &agent : project.agents)
            m_agent->addItem(agent, agent);
        m_agent->setCurrentIndex(std::max(0, m_agent->findData(project.defaultAgent)));
        m_issues->clear();
        search();
    });
    if (m_backend.projects.isEmpty()) {
        m_searchState->setText(tr("No project is configured; add one to the configuration first."));
        m_search->setEnabled(false);
    } else {
        m_project->setCurrentIndex(-1);
        m_project->setCurrentIndex(0);
    }
    updateSpawnButton();
}

SpawnDialog::~SpawnDialog() = default;

QString SpawnDialog::currentProject() const
{
    return m_project->currentData().toString();
}

QTreeWidgetItem *SpawnDialog::rowOf(const QString &issueId) const
{
    for (int i = 0; i < m_issues->topLevelItemCount(); ++i) {
        if (m_issues->topLevelItem(i)->data(PickColumn, kIssueIdRole).toString() == issueId)
            return m_issues->topLevelItem(i);
    }
    return nullptr;
}

void SpawnDialog::search()
{
    const QString project = currentProject();
    if (project.isEmpty() || !m_backend.searchIssues)
        return;
    IssueQuery query;
    query.state = Issue::State::Open;
    query.text = m_search->text().trimmed();
    query.limit = 100;
    const quint64 request = ++m_searchRequest;
    m_searchState->setText(tr("Searching…"));
    awaitResult(m_backend.searchIssues(project, query), this, kSearchTimeout, tr("the tracker"),
                [this, request](Result<QList<Issue>> found) {
                    if (request != m_searchRequest)
                        return;
                    if (!found) {
                        m_searchState->setText(tr("The tracker did not answer: %1").arg(found.error().message));
                        return;
                    }
                    showIssues(found.value());
                });
}

void SpawnDialog::showIssues(const QList<Issue> &issues)
{
    const QHash<QString, QString> live =
        m_backend.liveSessionsByIssue ? m_backend.liveSessionsByIssue(currentProject()) : QHash<QString, QString>();
    // Picked rows and rows with a spawn stay, whatever the new search finds.
    for (int i = m_issues->topLevelItemCount() - 1; i >= 0; --i) {
        QTreeWidgetItem *item = m_issues->topLevelItem(i);
        if (item->checkState(PickColumn) != Qt::Checked && !item->data(PickColumn, kBusyRole).toBool())
            delete m_issues->takeTopLevelItem(i);
    }
    const QSignalBlocker quiet(m_issues);
    for (const Issue &issue : issues) {
        if (rowOf(issue.id))
            continue;
        auto *item = new QTreeWidgetItem(m_issues);
        item->setData(PickColumn, kIssueIdRole, issue.id);
        item->setText(PickColumn, issue.id);
        QString title = issue.title;
        if (!issue.labels.isEmpty())
            title += u"  ["_s + issue.labels.join(u", "_s) + u']';
        item->setText(TitleColumn, title);
        item->setToolTip(TitleColumn, issue.description.left(600));
        if (const QString session = live.value(issue.id); !session.isEmpty()) {
            item->setText(StateColumn, tr("%1 works on it").arg(session));
            item->setFlags(item->flags() & ~Qt::ItemIsUserCheckable & ~Qt::ItemIsEnabled);
        } else {
            item->setCheckState(PickColumn, Qt::Unchecked);
        }
    }
    m_searchState->setText(issues.isEmpty() ? tr("No open issue matches.") : tr("%n open issue(s)", "", issues.size()));
    updateSpawnButton();
}

void SpawnDialog::updateSpawnButton()
{
    int picked = 0;
    for (int i = 0; i < m_issues->topLevelItemCount(); ++i)
        picked += m_issues->topLevelItem(i)->checkState(PickColumn) == Qt::Checked ? 1 : 0;
    const bool promptOnly = picked == 0 && !m_prompt->toPlainText().trimmed().isEmpty();
    m_spawn->setText(picked > 0 ? tr("Spawn %n agent(s)", "", picked) : tr("Spawn"));
    m_spawn->setEnabled(m_running == 0 && !currentProject().isEmpty() && (picked > 0 || promptOnly));
}

void SpawnDialog::startBatch()
{
    const QString project = currentProject();
    QStringList picked;
    for (int i = 0; i < m_issues->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_issues->topLevelItem(i);
        if (item->checkState(PickColumn) == Qt::Checked)
            picked << item->data(PickColumn, kIssueIdRole).toString();
    }
    const QString prompt = m_prompt->toPlainText().trimmed();
    if (picked.isEmpty()) {
        if (prompt.isEmpty())
            return;
        // A written task: its own row, so its progress shows like an issue's.
        auto *item = new QTreeWidgetItem(m_issues);
        item->setData(PickColumn, kIssueIdRole, kPromptOnlyRow.toString());
        item->setText(PickColumn, tr("(task)"));
        item->setText(TitleColumn, prompt.section(u'\n', 0, 0).left(120));
        picked << kPromptOnlyRow.toString();
    }
    m_running = static_cast<int>(picked.size());
    m_started = 0;
    m_failed = 0;
    m_progress->setRange(0, m_running);
    m_progress->setValue(0);
    m_progress->show();
    m_project->setEnabled(false);
    updateSpawnButton();
    for (const QString &issueId : std::as_const(picked)) {
        QTreeWidgetItem *item = rowOf(issueId);
        {
            const QSignalBlocker quiet(m_issues);
            item->setData(PickColumn, kBusyRole, true);
            item->setData(PickColumn, Qt::CheckStateRole, QVariant());
            item->setText(StateColumn, tr("waiting"));
        }
        SpawnRequest request;
        request.projectId = project;
        request.issueId = issueId == kPromptOnlyRow ? QString() : issueId;
        request.prompt = prompt;
        request.agent = m_agent->currentData().toString();
        request.model = m_model->text().trimmed();
        request.actor = u"app"_s;
        awaitResult(m_backend.spawn(request), this, kSpawnBackstop, tr("the spawn"),
                    [this, issueId](Result<SessionRecord> result) { finishOne(issueId, result); });
    }
}

void SpawnDialog::showProgress(const QString &issueId, const QString &step)
{
    if (QTreeWidgetItem *item = rowOf(issueId.isEmpty() ? kPromptOnlyRow.toString() : issueId);
        item && item->data(PickColumn, kBusyRole).toBool() && !item->data(PickColumn, kDoneRole).toBool())
        item->setText(StateColumn, tr("%1…").arg(stepText(step)));
}

void SpawnDialog::finishOne(const QString &issueId, const Result<SessionRecord> &result)
{
    if (QTreeWidgetItem *item = rowOf(issueId)) {
        item->setData(PickColumn, kDoneRole, true);
        item->setText(StateColumn,
                      result ? tr("started %1").arg(result->id) : tr("failed: %1").arg(result.error().message));
        item->setToolTip(StateColumn, item->text(StateColumn));
        item->setForeground(StateColumn, result ? palette().color(QPalette::Text) : QColor(0xc0, 0x1c, 0x28));
    }
    if (result) {
        ++m_started;
        emit spawned(result->id);
    } else {
        ++m_failed;
    }
    --m_running;
    m_progress->setValue(m_progress->maximum() - m_running);
    if (m_running == 0) {
        m_project->setEnabled(true);
        updateSpawnButton();
        emit batchFinished(m_started, m_failed);
    }
}

} // namespace flotilla

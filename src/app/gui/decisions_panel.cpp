#include "decisions_panel.h"

#include "models/decision_model.h"

#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

QString factsText(const Decision &decision)
{
    const QJsonObject &context = decision.context;
    QStringList lines;
    QString session = decision.sessionId.toHtmlEscaped();
    if (const QString title = context.value(u"title"_s).toString(); !title.isEmpty())
        session += u" — "_s + title.toHtmlEscaped();
    lines << DecisionsPanel::tr("<b>Session</b> %1").arg(session);
    if (const QString issue = context.value(u"issue"_s).toString(); !issue.isEmpty())
        lines << DecisionsPanel::tr("<b>Issue</b> %1").arg(issue.toHtmlEscaped());
    if (const int number = context.value(u"prNumber"_s).toInt(); number > 0) {
        // A local pull request has no web page; a hosted one is a link.
        const QString url = context.value(u"prUrl"_s).toString();
        const QString pr =
            url.isEmpty() ? u"#%1"_s.arg(number) : u"<a href=\"%1\">#%2</a>"_s.arg(url.toHtmlEscaped()).arg(number);
        lines << DecisionsPanel::tr("<b>Pull request</b> %1").arg(pr);
    }
    if (const QJsonArray failing = context.value(u"failingChecks"_s).toArray(); !failing.isEmpty()) {
        QStringList names;
        for (const QJsonValue &name : failing)
            names << name.toString().toHtmlEscaped();
        lines << DecisionsPanel::tr("<b>Failing checks</b> %1").arg(names.join(u", "_s));
    }
    if (context.contains(u"attempts"_s))
        lines << DecisionsPanel::tr("<b>Automatic attempts</b> %1").arg(context.value(u"attempts"_s).toInt());
    lines << DecisionsPanel::tr("<b>Asked</b> %1")
                 .arg(QLocale().toString(decision.createdAt.toLocalTime(), QLocale::ShortFormat));
    return lines.join(u"<br>"_s);
}

} // namespace

DecisionsPanel::DecisionsPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    m_empty = new QLabel(tr("Nothing waits for you. Questions the agents cannot settle alone appear here."), this);
    m_empty->setObjectName(u"noDecisionsLabel"_s);
    m_empty->setWordWrap(true);
    layout->addWidget(m_empty);

    auto *split = new QSplitter(Qt::Vertical, this);
    m_list = new QListView(split);
    m_list->setObjectName(u"decisionList"_s);
    m_list->setUniformItemSizes(true);
    auto *detail = new QWidget(split);
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_question = new QLabel(detail);
    m_question->setObjectName(u"decisionQuestion"_s);
    m_question->setWordWrap(true);
    m_question->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_question->font();
    bold.setBold(true);
    m_question->setFont(bold);
    m_facts = new QLabel(detail);
    m_facts->setObjectName(u"decisionFacts"_s);
    m_facts->setWordWrap(true);
    m_facts->setTextFormat(Qt::RichText);
    m_facts->setTextInteractionFlags(Qt::TextBrowserInteraction);
    connect(m_facts, &QLabel::linkActivated, this, [this](const QString &link) { emit openUrlRequested(QUrl(link)); });
    m_answer = new QPlainTextEdit(detail);
    m_answer->setObjectName(u"decisionAnswer"_s);
    m_answer->setPlaceholderText(tr("Or write what the agent should do; it gets your words as they are."));
    m_answer->setTabChangesFocus(true);
    auto *buttons = new QHBoxLayout;
    m_showSession = new QPushButton(tr("Show session"), detail);
    m_showSession->setObjectName(u"showDecisionSessionButton"_s);
    m_approve = new QPushButton(tr("Approve"), detail);
    m_approve->setObjectName(u"approveDecisionButton"_s);
    m_reject = new QPushButton(tr("Reject"), detail);
    m_reject->setObjectName(u"rejectDecisionButton"_s);
    m_send = new QPushButton(tr("Send answer"), detail);
    m_send->setObjectName(u"sendDecisionAnswerButton"_s);
    buttons->addWidget(m_showSession);
    buttons->addStretch(1);
    buttons->addWidget(m_approve);
    buttons->addWidget(m_reject);
    buttons->addWidget(m_send);
    m_outcome = new QLabel(detail);
    m_outcome->setObjectName(u"decisionOutcome"_s);
    m_outcome->setWordWrap(true);
    detailLayout->addWidget(m_question);
    detailLayout->addWidget(m_facts);
    detailLayout->addWidget(m_answer, 1);
    detailLayout->addLayout(buttons);
    detailLayout->addWidget(m_outcome);
    split->addWidget(m_list);
    split->addWidget(detail);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_approve, &QPushButton::clicked, this, [this] { answer(u"approve"_s); });
    connect(m_reject, &QPushButton::clicked, this, [this] { answer(u"reject"_s); });
    connect(m_send, &QPushButton::clicked, this, [this] { answer(m_answer->toPlainText()); });
    connect(m_answer, &QPlainTextEdit::textChanged, this, &DecisionsPanel::updateButtons);
    connect(m_showSession, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_list->currentIndex();
        if (current.isValid())
            emit showSessionRequested(current.data(DecisionModel::SessionIdRole).toString());
    });
    showCurrent();
}

void DecisionsPanel::setModel(DecisionModel *model)
{
    m_model = model;
    m_list->setModel(model);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, &DecisionsPanel::showCurrent);
    // The first question is picked as soon as there is one, and again when the picked one
    // is answered, so the next is one click away.
    const auto pickFirst = [this] {
        if (!m_list->currentIndex().isValid() && m_model->rowCount() > 0)
            m_list->setCurrentIndex(m_model->index(0));
        showCurrent();
    };
    connect(model, &QAbstractItemModel::rowsInserted, this, pickFirst);
    connect(model, &QAbstractItemModel::rowsRemoved, this, pickFirst);
    connect(model, &QAbstractItemModel::modelReset, this, pickFirst);
    pickFirst();
}

bool DecisionsPanel::selectDecision(const QString &decisionId)
{
    const int row = m_model ? m_model->rowOf(decisionId) : -1;
    if (row < 0)
        return false;
    m_list->setCurrentIndex(m_model->index(row));
    return true;
}

QString DecisionsPanel::currentDecisionId() const
{
    const QModelIndex current = m_list->currentIndex();
    return current.isValid() ? current.data(DecisionModel::DecisionIdRole).toString() : QString();
}

void DecisionsPanel::showCurrent()
{
    const bool any = m_model && m_model->rowCount() > 0;
    m_empty->setVisible(!any);
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid()) {
        m_question->clear();
        m_facts->clear();
    } else {
        const Decision &decision = m_model->decision(current.row());
        m_question->setText(decision.question);
        m_facts->setText(factsText(decision));
        if (decision.id != m_answering)
            m_answer->clear();
    }
    updateButtons();
}

void DecisionsPanel::answer(const QString &text)
{
    const QString id = currentDecisionId();
    if (id.isEmpty() || text.trimmed().isEmpty() || !m_answering.isEmpty())
        return;
    m_answering = id;
    m_outcome->setText(tr("Sending your answer…"));
    updateButtons();
    emit answerRequested(id, text);
}

void DecisionsPanel::showOutcome(const QString &text)
{
    m_answering.clear();
    m_answer->clear();
    m_outcome->setText(text);
    updateButtons();
}

void DecisionsPanel::updateButtons()
{
    const QModelIndex current = m_list->currentIndex();
    const bool open = current.isValid() && m_answering.isEmpty();
    const bool hasOptions = open && !m_model->decision(current.row()).options.isEmpty();
    m_approve->setEnabled(hasOptions);
    m_reject->setEnabled(hasOptions);
    m_send->setEnabled(open && !m_answer->toPlainText().trimmed().isEmpty());
    m_answer->setEnabled(current.isValid());
    m_showSession->setEnabled(current.isValid());
}

} // namespace flotilla

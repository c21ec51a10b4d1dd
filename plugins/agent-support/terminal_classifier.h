#pragma once

#include "model/session_facts.h"
#include "plugin/agent_plugin.h"

#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace flotilla {

// What an agent's last lines of terminal output say it is doing: a bare prompt on the last
// line means its turn is over; a permission question or a yes/no choice in the last five lines
// means it waits for a person; anything else is work in progress.
class TerminalClassifier final
{
public:
    struct Verdict
    {
        ActivityState state = ActivityState::Unknown;
        QString evidence;
    };

    static constexpr int kQuestionWindow = 5;

    // `extraQuestions`: more case-insensitive patterns that mean "waits for an answer".
    explicit TerminalClassifier(const QStringList &extraQuestions = {});

    Verdict classify(const QStringList &lines) const;

private:
    QList<QRegularExpression> m_questions;
};

// The classifier's verdict on `lastLines` as an activity reading taken at `now`.
ActivityReading terminalActivity(const QString &lastLines, const QDateTime &now,
                                 const TerminalClassifier &classifier = TerminalClassifier());

} // namespace flotilla

#include "terminal_classifier.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// Borders of the input boxes agent TUIs draw around their prompt.
QString withoutBoxBorders(QString line)
{
    static const QRegularExpression borders(u"^[\\s│┃|]+|[\\s│┃|]+$"_s);
    return line.remove(borders);
}

// A prompt and nothing typed after it: `>`, `❯`, `›`, `$`, `#`, `%` or a mode prompt such
// as `aider>` or `architect>`.
bool isBarePrompt(const QString &line)
{
    static const QRegularExpression prompt(u"^(?:[A-Za-z-]*>|[❯›$#%])$"_s);
    return prompt.match(withoutBoxBorders(line)).hasMatch();
}

// A menu offering Yes and No as separate choices ("❯ 1. Yes" / "  2. No, and tell …").
bool offersYesNo(const QStringList &lines)
{
    static const QRegularExpression yes(u"^[\\s❯›>]*(?:\\d+[.)]\\s*)?Yes\\b"_s);
    static const QRegularExpression no(u"^[\\s❯›>]*(?:\\d+[.)]\\s*)?No\\b"_s);
    bool sawYes = false;
    bool sawNo = false;
    for (const QString &line : lines) {
        const QString text = withoutBoxBorders(line);
        sawYes = sawYes || yes.match(text).hasMatch();
        sawNo = sawNo || no.match(text).hasMatch();
    }
    return sawYes && sawNo;
}

} // namespace

TerminalClassifier::TerminalClassifier(const QStringList &extraQuestions)
{
    const QStringList questions =
        QStringList{
            u"do you want to proceed\\?"_s, u"do you want to (?:make|create|run|allow|edit|overwrite)\\b"_s,
            u"\\((?:y/n|yes/no)\\)"_s,      u"\\[(?:y/n)\\]"_s,
            u"\\(y\\)es.*\\(n\\)o"_s,
        }
        + extraQuestions;
    for (const QString &pattern : questions)
        m_questions.append(QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption));
}

TerminalClassifier::Verdict TerminalClassifier::classify(const QStringList &lines) const
{
    // Blank lines and the bottom border of an input box are not what the agent last said.
    static const QRegularExpression decoration(u"^[\\s─━═╭╮╰╯┌┐└┘│┃]*$"_s);
    QStringList shown = lines;
    while (!shown.isEmpty() && decoration.match(shown.constLast()).hasMatch())
        shown.removeLast();
    if (shown.isEmpty())
        return {ActivityState::Unknown, u"no output yet"_s};
    if (isBarePrompt(shown.constLast()))
        return {ActivityState::Ready, u"the prompt is waiting on the last line"_s};

    const QStringList recent = shown.mid(std::max<qsizetype>(0, shown.size() - kQuestionWindow));
    for (const QString &line : recent) {
        for (const QRegularExpression &question : m_questions) {
            if (question.match(line).hasMatch())
                return {ActivityState::WaitingInput, u"it asks: "_s + line.trimmed()};
        }
    }
    if (offersYesNo(recent))
        return {ActivityState::WaitingInput, u"it offers a Yes/No choice"_s};
    return {ActivityState::Active, u"output without a prompt or question"_s};
}

ActivityReading terminalActivity(const QString &lastLines, const QDateTime &now, const TerminalClassifier &classifier)
{
    const TerminalClassifier::Verdict verdict = classifier.classify(lastLines.split(u'\n'));
    ActivityReading reading;
    reading.at = now;
    if (verdict.state == ActivityState::Unknown)
        return reading;
    reading.state = verdict.state;
    reading.confidence = ActivityReading::Confidence::Valid;
    reading.source = ActivityReading::Source::Terminal;
    reading.evidence = verdict.evidence;
    return reading;
}

} // namespace flotilla

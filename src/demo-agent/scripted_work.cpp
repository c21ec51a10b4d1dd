#include "scripted_work.h"

#include "demo_features.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla::demo {

namespace {

constexpr qsizetype kSummaryLength = 60;
constexpr qsizetype kTitleLength = 72;
constexpr qsizetype kCommentLength = 100;
const QString kNotes = u"NOTES.md"_s;
QString changeNote(const DemoFeature &feature)
{
    return u"changes/%1.md"_s.arg(feature.id.toLower());
}
const QString kTestScript = u"tests/run.sh"_s;

QString shortened(const QString &text, qsizetype length)
{
    const QString line = text.simplified();
    return line.size() <= length ? line : line.left(length - 1) + u"…"_s;
}

// The title follows the id on its line ("Work on LOCAL-2: Add shipping costs").
QString titleAfter(const QString &message, qsizetype from, const QString &fallback)
{
    const qsizetype end = message.indexOf(u'\n', from);
    QString title = message.mid(from, end < 0 ? -1 : end - from);
    static const QRegularExpression kLead(u"^[\\s:\\-—–]+"_s);
    title.remove(kLead);
    title = shortened(title, kTitleLength);
    return title.isEmpty() ? fallback : title;
}

WorkStep say(const QString &line)
{
    return {line, {}};
}

} // namespace

ScriptedWork::ScriptedWork(const QString &workDir) : m_files(workDir), m_git(workDir) {}

QList<WorkStep> ScriptedWork::plan(const QString &message)
{
    if (message.contains(u"CI failed"_s, Qt::CaseInsensitive))
        return planCiFix(message);
    if (message.contains(u"Changes were requested"_s, Qt::CaseInsensitive))
        return planReview(message);
    if (!m_hasTask)
        return planTask(message);
    return acknowledge(message);
}

QString ScriptedWork::summary(const QString &message)
{
    const QStringList lines = message.split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        if (!line.trimmed().isEmpty())
            return shortened(line, kSummaryLength);
    }
    return {};
}

QList<WorkStep> ScriptedWork::planTask(const QString &message)
{
    m_hasTask = true;
    QList<WorkStep> steps = {say(u"● Reading the task…"_s)};
    static const QRegularExpression kId(u"\\bLOCAL-\\d+\\b"_s, QRegularExpression::CaseInsensitiveOption);
    QRegularExpressionMatchIterator matches = kId.globalMatch(message);
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        if (const DemoFeature *feature = featureById(match.captured())) {
            return steps + planFeature(*feature, titleAfter(message, match.capturedEnd(), feature->title));
        }
    }
    return steps + planNote(message);
}

QList<WorkStep> ScriptedWork::planFeature(const DemoFeature &feature, const QString &title)
{
    const DemoFeature *f = &feature;
    return {
        {u"● Editing %1"_s.arg(f->path()), [this, f, title] { return m_files.write(f->path(), f->fileText(title)); }},
        // A changelog entry of its own (a news fragment), so parallel features never conflict
        // on one shared file.
        {u"● Editing %1"_s.arg(changeNote(*f)),
         [this, f, title] { return m_files.write(changeNote(*f), u"- %1: %2"_s.arg(f->id, title)); }},
        commitStep(u"%1: %2"_s.arg(f->id, title), {f->path(), changeNote(*f)}),
        pushStep(),
        say(u"Opened the change for review"_s),
    };
}

QList<WorkStep> ScriptedWork::planNote(const QString &message)
{
    const QString note = u"- Task received: "_s + summary(message);
    return {
        {u"● Editing %1"_s.arg(kNotes), [this, note] { return m_files.append(kNotes, note); }},
        commitStep(u"Add notes on the task"_s, {kNotes}),
        pushStep(),
        say(u"Opened the change for review"_s),
    };
}

QList<WorkStep> ScriptedWork::planCiFix(const QString &message)
{
    QList<WorkStep> steps = {say(u"● Reading the CI failure…"_s)};
    QList<const DemoFeature *> named;
    static const QRegularExpression kFailure(u"FAIL: (test_\\w+)"_s);
    QRegularExpressionMatchIterator failures = kFailure.globalMatch(message);
    while (failures.hasNext()) {
        const DemoFeature *feature = featureByTestName(failures.next().captured(1));
        if (feature && !named.contains(feature))
            named << feature;
    }
    // A failure report without test output (no log could be fetched) still means the first
    // version is wrong, wherever it is.
    if (named.isEmpty()) {
        for (const DemoFeature &feature : demoFeatures())
            named << &feature;
    }

    QStringList ids;
    QStringList fixes;
    QStringList paths;
    for (const DemoFeature *f : std::as_const(named)) {
        if (!m_files.read(f->path()).contains(f->firstBody))
            continue;
        steps << WorkStep{u"● Editing %1"_s.arg(f->path()), [this, f] {
                              return m_files.write(f->path(),
                                                   m_files.read(f->path()).replace(f->firstBody, f->fixedBody));
                          }};
        ids << f->id;
        fixes << f->fixSummary;
        paths << f->path();
    }
    if (paths.isEmpty()) {
        steps << say(u"None of the files I wrote has the mistake this failure points at; nothing to fix."_s);
        return steps;
    }
    if (m_files.exists(kTestScript)) {
        steps << WorkStep{u"● Running sh %1"_s.arg(kTestScript), [this] {
                              const CommandResult run = m_git.runProgram(u"sh"_s, {kTestScript});
                              return run.ok ? QString() : u"the tests still fail: "_s + summary(run.output);
                          }};
    }
    steps << commitStep(u"Fix %1: %2"_s.arg(ids.join(u", "_s), fixes.join(u"; "_s)), paths) << pushStep()
          << say(u"Pushed the fix; CI runs again on the new commit."_s);
    return steps;
}

QList<WorkStep> ScriptedWork::planReview(const QString &message)
{
    QList<WorkStep> steps = {say(u"● Reading the review comments…"_s)};
    // Review messages list each comment as "- path:line — author: text".
    static const QRegularExpression kComment(u"^\\s*-\\s+([^\\s:]+):(\\d+)\\b(.*)$"_s,
                                             QRegularExpression::MultilineOption);
    static const QRegularExpression kLead(u"^[\\s\\-—–]+"_s);
    QStringList touched;
    QRegularExpressionMatchIterator comments = kComment.globalMatch(message);
    while (comments.hasNext()) {
        const QRegularExpressionMatch match = comments.next();
        const QString path = match.captured(1);
        const QString line = match.captured(2);
        const QString said = shortened(match.captured(3).remove(kLead), kCommentLength);
        const QString comment = said.isEmpty() ? u"Review: see line %1"_s.arg(line) : u"Review: "_s + said;
        if (m_files.exists(path)) {
            steps << WorkStep{u"● Editing %1"_s.arg(path),
                              [this, path, comment] { return m_files.prependComment(path, comment); }};
            if (!touched.contains(path))
                touched << path;
            continue;
        }
        const QString note = u"- %1:%2 — %3"_s.arg(path, line, said);
        steps << WorkStep{u"● Editing %1"_s.arg(kNotes), [this, note] { return m_files.append(kNotes, note); }};
        if (!touched.contains(kNotes))
            touched << kNotes;
    }
    if (touched.isEmpty()) {
        steps << say(u"The review names no file and line, so there is nothing to change."_s);
        return steps;
    }
    steps << commitStep(u"Address review comments"_s, touched) << pushStep()
          << say(u"Addressed the review comments and pushed."_s);
    return steps;
}

QList<WorkStep> ScriptedWork::acknowledge(const QString &message)
{
    return {say(u"Noted: “%1” — nothing for me to change for that."_s.arg(summary(message)))};
}

WorkStep ScriptedWork::commitStep(const QString &message, const QStringList &paths) const
{
    return {u"● Running git commit"_s, [this, message, paths] { return m_git.commit(message, paths); }};
}

WorkStep ScriptedWork::pushStep() const
{
    return {u"● Running git push"_s, [this] { return m_git.push(); }};
}

} // namespace flotilla::demo

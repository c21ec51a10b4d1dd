#include "reaction_messages.h"

#include <QCryptographicHash>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

bool isBotAuthor(const QString &author)
{
    static const QStringList kKnownBots = {u"codecov"_s,      u"sonarcloud"_s, u"dependabot"_s,
                                           u"renovate"_s,     u"snyk"_s,       u"github-actions"_s,
                                           u"coderabbitai"_s, u"cursor"_s,     u"copilot"_s};
    const QString name = author.toLower();
    if (name.endsWith(u"[bot]"_s) || name.endsWith(u"-bot"_s))
        return true;
    return std::any_of(kKnownBots.begin(), kKnownBots.end(), [&](const QString &bot) { return name.startsWith(bot); });
}

namespace messages {

QString tail(const QString &text, int maxLines)
{
    QStringList lines = text.split(u'\n');
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    if (lines.size() <= maxLines)
        return lines.join(u'\n');
    const qsizetype dropped = lines.size() - maxLines;
    return u"[… %1 earlier lines cut]\n"_s.arg(dropped) + lines.mid(dropped).join(u'\n');
}

namespace {

QString prLabel(const PrSnapshot &pr)
{
    QString label = pr.number > 0 ? u"PR #%1"_s.arg(pr.number) : u"your pull request"_s;
    if (!pr.headSha.isEmpty())
        label += u" (head %1)"_s.arg(pr.headSha.left(7));
    return label;
}

} // namespace

QString ciFailed(const PrSnapshot &pr)
{
    QString text = u"CI failed on %1.\n"_s.arg(prLabel(pr));
    QStringList passed;
    for (const CiCheck &check : pr.checks) {
        if (check.status == CiCheck::Status::Passed) {
            passed << check.name;
            continue;
        }
        if (check.status != CiCheck::Status::Failed)
            continue;
        text += u"\nFailing check: %1"_s.arg(check.name);
        if (!check.conclusion.isEmpty())
            text += u" (%1)"_s.arg(check.conclusion);
        if (!check.url.isEmpty())
            text += u"\n  "_s + check.url;
        text += u'\n';
        if (check.logExcerpt.trimmed().isEmpty())
            text += u"  (no log excerpt could be retrieved; open the link above)\n"_s;
        else
            text += u"```\n"_s + tail(check.logExcerpt, kMaxExcerptLines) + u"\n```\n"_s;
    }
    if (!passed.isEmpty())
        text += u"\nPassing checks: %1.\n"_s.arg(passed.join(u", "_s));
    text += u"\nFind the cause, fix it, run the failing step locally if you can, commit and push. CI runs again "
            "on the new commit."_s;
    return text;
}

QString reviewComments(const PrSnapshot &pr, const QList<ReviewComment> &comments, bool fromBots)
{
    QString text = fromBots ? u"Automated review comments are open on %1:\n"_s.arg(prLabel(pr))
                            : u"Changes were requested on %1. Unresolved comments:\n"_s.arg(prLabel(pr));
    for (const ReviewComment &comment : comments) {
        text += u"\n- "_s;
        if (!comment.path.isEmpty())
            text += comment.line > 0 ? u"%1:%2"_s.arg(comment.path).arg(comment.line) : comment.path;
        else
            text += u"(general)"_s;
        text += u" — %1: %2"_s.arg(comment.author, comment.body.trimmed());
        if (!comment.url.isEmpty())
            text += u"\n  "_s + comment.url;
        if (!comment.threadId.isEmpty())
            text += u"\n  thread: "_s + comment.threadId;
    }
    text += fromBots ? u"\n\nFix what is right, explain in a reply what is not, commit and push."_s
                     : u"\n\nAddress each comment, commit and push, and resolve the threads you fixed (flo review "
                       "resolve $FLOTILLA_SESSION THREAD)."_s;
    return text;
}

QString mergeConflicts(const PrSnapshot &pr)
{
    const QString base = pr.baseBranch.isEmpty() ? u"the base branch"_s : pr.baseBranch;
    QString text = u"%1 has merge conflicts with %2. Rebase onto the latest %2, resolve the conflicts, run the "
                   "tests and force-push with lease."_s.arg(prLabel(pr), base);
    if (pr.isBehind)
        text += u" The branch is also behind %1."_s.arg(base);
    return text;
}

QString stuckNudge(const SessionRecord &session)
{
    Q_UNUSED(session);
    return u"You have shown no progress for a while. If you are blocked, say what blocks you (run `flo report "
           "needs_input` with a note); otherwise continue with the task."_s;
}

QString idleNudge(const SessionRecord &session)
{
    if (session.pr.state == PrState::Open)
        return u"You seem idle while PR #%1 is open. Check CI and review comments and continue."_s.arg(
            session.pr.number);
    return u"You seem idle. If the task is done, open a pull request; if not, continue."_s;
}

QString commentFingerprint(const QList<ReviewComment> &comments)
{
    QStringList parts;
    for (const ReviewComment &comment : comments)
        parts << comment.id + u'\x1f' + comment.body;
    parts.sort();
    return QString::fromLatin1(
        QCryptographicHash::hash(parts.join(u'\x1e').toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
}

} // namespace messages
} // namespace flotilla

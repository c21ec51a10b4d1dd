#include "escalation_letter.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr int kSubjectQuestion = 120;
constexpr int kSmsLength = 320;

QString oneLine(const QString &text, int limit)
{
    const QString line = text.simplified();
    return line.size() <= limit ? line : line.left(limit - 1) + u'…';
}

QString linked(const QString &line)
{
    // An address at the end of a line becomes a link; the rest is text.
    const QString escaped = line.toHtmlEscaped();
    const qsizetype at = escaped.indexOf(u"http"_s);
    if (at < 0)
        return escaped;
    const QString url = escaped.mid(at).section(u' ', 0, 0);
    return escaped.left(at) + u"<a href=\"%1\">%1</a>"_s.arg(url) + escaped.mid(at + url.size());
}

QString projectOf(const Notification &notification)
{
    if (!notification.event.projectId.isEmpty())
        return notification.event.projectId;
    return notification.decision ? notification.decision->projectId : QString();
}

QStringList summaryLines(const Notification &notification)
{
    QStringList lines;
    for (const QString &line : notification.body.split(u'\n')) {
        // The question and the answers of other channels are said in this letter's own words.
        if (line.startsWith(u"Question: "_s) || line.startsWith(u"Answer with: "_s) || line.trimmed().isEmpty())
            continue;
        lines << line;
    }
    return lines;
}

QString prUrlOf(const Notification &notification)
{
    const auto pick = [](const QJsonObject &facts) { return facts.value(u"prUrl"_s).toString(); };
    QString url = pick(notification.event.data);
    if (url.isEmpty() && notification.decision)
        url = pick(notification.decision->context);
    return url;
}

} // namespace

EscalationLetter EscalationLetter::question(const Notification &notification, const QString &token)
{
    const QString question = notification.decision ? notification.decision->question : notification.title;
    const QString project = projectOf(notification);
    EscalationLetter letter;
    letter.subject = u"[Flotilla #%1] %2%3"_s.arg(token, project.isEmpty() ? QString() : project + u": "_s,
                                                  oneLine(question, kSubjectQuestion));

    const QStringList summary = summaryLines(notification);
    const QString how = u"Reply to this email. Make the first line APPROVE or REJECT, or write instructions "
                        "for the agent: they reach it word for word. Keep %1 in the subject."_s.arg(token);

    QStringList text{question, QString(), notification.title, QString()};
    text << summary << QString() << u"How to answer: "_s + how << u"Token: "_s + token;
    letter.text = text.join(u'\n');

    QString html = u"<p><strong>%1</strong></p>\n<p>%2</p>\n<p>"_s.arg(question.toHtmlEscaped(),
                                                                       notification.title.toHtmlEscaped());
    QStringList htmlLines;
    for (const QString &line : summary)
        htmlLines << linked(line);
    html += htmlLines.join(u"<br>\n"_s) + u"</p>\n"_s;
    html += u"<p><strong>How to answer:</strong> reply to this email. Make the first line <strong>APPROVE</strong> "
            "or <strong>REJECT</strong>, or write instructions for the agent: they reach it word for word. Keep "
            "%1 in the subject.</p>\n<p>Token: <code>%1</code></p>"_s.arg(token);
    letter.html = html;

    const QString pr = prUrlOf(notification);
    QString sms = u"Flotilla %1: %2"_s.arg(project, oneLine(question, 160));
    if (!pr.isEmpty())
        sms += u" "_s + pr;
    sms += u" Reply \"Y %1\", \"N %1\", or text with %1."_s.arg(token);
    letter.sms = sms.left(kSmsLength);
    return letter;
}

EscalationLetter EscalationLetter::notice(const Notification &notification)
{
    EscalationLetter letter;
    letter.subject = u"[Flotilla] "_s + oneLine(notification.title, 160);
    const QStringList summary = summaryLines(notification);
    letter.text = (QStringList{notification.title, QString()} + summary).join(u'\n');
    QStringList htmlLines;
    for (const QString &line : summary)
        htmlLines << linked(line);
    letter.html =
        u"<p><strong>%1</strong></p>\n<p>%2</p>"_s.arg(notification.title.toHtmlEscaped(), htmlLines.join(u"<br>\n"_s));
    return letter;
}

QString EscalationLetter::acknowledgement(const QString &token, const QString &outcome)
{
    return u"<p>Flotilla received your answer to %1: %2.</p>"_s.arg(token, outcome.toHtmlEscaped());
}

} // namespace flotilla

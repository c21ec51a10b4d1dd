#include "reply_reader.h"

#include "escalation_token.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace flotilla::replyreader {

namespace {

QString decodeEntities(const QString &html)
{
    static const QRegularExpression entity(u"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);"_s);
    static const QHash<QString, QString> named = {{u"amp"_s, u"&"_s},   {u"lt"_s, u"<"_s},    {u"gt"_s, u">"_s},
                                                  {u"quot"_s, u"\""_s}, {u"apos"_s, u"'"_s},  {u"nbsp"_s, u" "_s},
                                                  {u"ndash"_s, u"–"_s}, {u"mdash"_s, u"—"_s}, {u"hellip"_s, u"…"_s}};
    QString out;
    qsizetype from = 0;
    for (auto it = entity.globalMatch(html); it.hasNext();) {
        const auto match = it.next();
        out += html.mid(from, match.capturedStart() - from);
        const QString name = match.captured(1);
        QString decoded = match.captured(0);
        if (name.startsWith(u"#x"_s, Qt::CaseInsensitive)) {
            bool ok = false;
            const uint code = name.mid(2).toUInt(&ok, 16);
            if (ok && code > 0 && code <= 0x10FFFF)
                decoded = QString::fromUcs4(reinterpret_cast<const char32_t *>(&code), 1);
        } else if (name.startsWith(u'#')) {
            bool ok = false;
            const uint code = name.mid(1).toUInt(&ok, 10);
            if (ok && code > 0 && code <= 0x10FFFF)
                decoded = QString::fromUcs4(reinterpret_cast<const char32_t *>(&code), 1);
        } else if (named.contains(name.toLower())) {
            decoded = named.value(name.toLower());
        }
        out += decoded;
        from = match.capturedEnd();
    }
    out += html.mid(from);
    return out;
}

QString textOfHtml(QString html)
{
    const auto options = QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption;
    // Quoted history in HTML mail: blockquotes, and everything from Gmail's or Outlook's quote on.
    html.remove(QRegularExpression(u"<(head|style|script)\\b.*?</\\1\\s*>"_s, options));
    html.remove(QRegularExpression(u"<blockquote\\b.*?</blockquote\\s*>"_s, options));
    html.remove(QRegularExpression(u"<div[^>]*class=\"[^\"]*(gmail_quote|moz-cite-prefix)[^\"]*\".*"_s, options));
    html.remove(QRegularExpression(u"<div[^>]*id=\"(divRplyFwdMsg|appendonsend)\".*"_s, options));
    html.replace(QRegularExpression(u"<br\\s*/?>"_s, QRegularExpression::CaseInsensitiveOption), u"\n"_s);
    html.replace(QRegularExpression(u"</(p|div|li|tr|h[1-6])\\s*>"_s, QRegularExpression::CaseInsensitiveOption),
                 u"\n"_s);
    html.remove(QRegularExpression(u"<[^>]*>"_s, options));
    return decodeEntities(html);
}

QString normalisedLineEndings(QString text)
{
    text.replace(u"\r\n"_s, u"\n"_s);
    text.replace(u'\r', u'\n');
    return text;
}

bool isOnWroteLine(const QStringList &lines, qsizetype i)
{
    const QString line = lines.at(i).trimmed();
    if (!line.startsWith(u"On "_s))
        return false;
    if (line.endsWith(u"wrote:"_s))
        return true;
    // Clients wrap a long attribution line: "On Fri, … Flotilla <\nx@ravi.example> wrote:".
    return i + 1 < lines.size() && lines.at(i + 1).trimmed().endsWith(u"wrote:"_s);
}

bool isOutlookHeader(const QStringList &lines, qsizetype i)
{
    static const QRegularExpression rule(u"^_{10,}$"_s);
    const QString line = lines.at(i).trimmed();
    if (rule.match(line).hasMatch())
        return true;
    if (!line.startsWith(u"From:"_s, Qt::CaseInsensitive))
        return false;
    for (qsizetype next = i + 1; next < lines.size() && next <= i + 4; ++next) {
        const QString header = lines.at(next).trimmed();
        if (header.startsWith(u"Sent:"_s, Qt::CaseInsensitive) || header.startsWith(u"Date:"_s, Qt::CaseInsensitive)
            || header.startsWith(u"To:"_s, Qt::CaseInsensitive)
            || header.startsWith(u"Subject:"_s, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QString verdictWord(QString line, const QString &token)
{
    line = escalationtoken::removedFrom(token, line).toLower();
    line.remove(QRegularExpression(u"[#\\p{P}\\p{S}]"_s));
    return line.simplified();
}

} // namespace

QString plainText(const QString &text, const QString &html)
{
    if (!text.trimmed().isEmpty())
        return normalisedLineEndings(text);
    return normalisedLineEndings(textOfHtml(normalisedLineEndings(html)));
}

QString withoutQuotedHistory(const QString &text)
{
    const QStringList lines = normalisedLineEndings(text).split(u'\n');
    qsizetype end = lines.size();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i);
        const QString trimmed = line.trimmed();
        if (line.startsWith(u'>') || isOnWroteLine(lines, i) || trimmed == u"-----Original Message-----"_s
            || line == u"-- "_s || line == u"--"_s || isOutlookHeader(lines, i)) {
            end = i;
            break;
        }
    }
    QStringList kept = lines.mid(0, end);
    while (!kept.isEmpty() && kept.constLast().trimmed().isEmpty())
        kept.removeLast();
    while (!kept.isEmpty() && kept.constFirst().trimmed().isEmpty())
        kept.removeFirst();
    return kept.join(u'\n');
}

ReadReply read(const QString &unquoted, const QString &token)
{
    static const QStringList approvals = {u"approve"_s, u"approved"_s, u"yes"_s, u"y"_s, u"ok"_s, u"lgtm"_s};
    static const QStringList rejections = {u"reject"_s, u"rejected"_s, u"no"_s, u"n"_s, u"deny"_s};
    ReadReply reply;
    const QString text = unquoted.trimmed();
    if (text.isEmpty())
        return reply;
    const QStringList lines = text.split(u'\n');
    const QString word = verdictWord(lines.constFirst(), token);
    const QString note = lines.mid(1).join(u'\n').trimmed();
    if (approvals.contains(word)) {
        reply.kind = ReadReply::Kind::Approve;
        reply.answer = u"approve"_s;
        reply.note = note;
    } else if (rejections.contains(word)) {
        reply.kind = ReadReply::Kind::Reject;
        reply.answer = u"reject"_s;
        reply.note = note;
    } else if (word.isEmpty() && lines.size() == 1) {
        return reply; // only the token, or punctuation: nothing to act on
    } else {
        reply.kind = ReadReply::Kind::Text;
        reply.answer = text;
    }
    return reply;
}

QString bareAddress(const QString &from)
{
    QString address = from.trimmed();
    const qsizetype open = address.lastIndexOf(u'<');
    const qsizetype close = address.lastIndexOf(u'>');
    if (open >= 0 && close > open)
        address = address.mid(open + 1, close - open - 1);
    return address.trimmed().toLower();
}

QString bareNumber(const QString &number)
{
    QString bare;
    for (const QChar c : number) {
        if (c.isDigit() || (c == u'+' && bare.isEmpty()))
            bare += c;
    }
    return bare;
}

} // namespace flotilla::replyreader

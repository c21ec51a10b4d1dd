#include "issue_file.h"

#include <QRegularExpression>

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const QString kMalformed = u"tracker.malformed"_s;
const QByteArray kDelimiter = "---";
const QByteArray kCommentsHeading = "## Comments";
const QString kDash = u"\u2014"_s;

constexpr std::array<std::pair<Issue::State, const char *>, 4> kStates = {{
    {Issue::State::Open, "open"},
    {Issue::State::InProgress, "in_progress"},
    {Issue::State::Closed, "closed"},
    {Issue::State::Cancelled, "cancelled"},
}};

QString where(const QString &path, int line)
{
    return u"%1:%2"_s.arg(path).arg(line);
}

QByteArray withoutCarriageReturn(QByteArray line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

// Reads a double- or single-quoted scalar starting at `text[0]`; `end` receives the index after
// the closing quote.
Result<QString> quoted(const QString &text, qsizetype &end)
{
    const QChar quote = text.front();
    QString value;
    for (qsizetype i = 1; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quote == u'\'' && c == u'\'') {
            if (i + 1 < text.size() && text.at(i + 1) == u'\'') {
                value += c;
                ++i;
                continue;
            }
            end = i + 1;
            return value;
        }
        if (quote == u'"' && c == u'\\' && i + 1 < text.size()) {
            const QChar next = text.at(++i);
            value += next == u'n' ? QChar(u'\n') : next == u't' ? QChar(u'\t') : next == u'r' ? QChar(u'\r') : next;
            continue;
        }
        if (quote == u'"' && c == u'"') {
            end = i + 1;
            return value;
        }
        value += c;
    }
    return makeError(kMalformed, u"a quoted value is missing its closing %1"_s.arg(quote));
}

// Cuts a trailing " # comment" from an unquoted value.
QString withoutComment(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'#' && (i == 0 || text.at(i - 1).isSpace()))
            return text.left(i).trimmed();
    }
    return text.trimmed();
}

bool isOnlyComment(const QString &rest)
{
    const QString trimmed = rest.trimmed();
    return trimmed.isEmpty() || trimmed.startsWith(u'#');
}

Result<QString> scalar(const QString &text)
{
    const QString value = text.trimmed();
    if (value.startsWith(u'"') || value.startsWith(u'\'')) {
        qsizetype end = 0;
        auto read = quoted(value, end);
        if (read && !isOnlyComment(value.mid(end)))
            return makeError(kMalformed, u"unexpected text after the quoted value: %1"_s.arg(value.mid(end).trimmed()));
        return read;
    }
    const QString plain = withoutComment(value);
    if (plain == u"~"_s || plain == u"null"_s)
        return QString();
    return plain;
}

// "[a, 'b c', d]" as written after "labels:".
Result<QStringList> flowList(const QString &text)
{
    QStringList items;
    QString item;
    bool closed = false;
    qsizetype i = 1;
    for (; i < text.size(); ++i) {
        const QChar c = text.at(i);
        // Only a quote opening an item quotes it, so "it's" stays a plain label.
        if ((c == u'"' || c == u'\'') && item.trimmed().isEmpty()) {
            qsizetype end = 0;
            auto read = quoted(text.mid(i), end);
            if (!read)
                return read.error();
            item += read.value();
            i += end - 1;
        } else if (c == u',' || c == u']') {
            if (const QString value = item.trimmed(); !value.isEmpty())
                items << value;
            item.clear();
            if (c == u']') {
                closed = true;
                break;
            }
        } else {
            item += c;
        }
    }
    if (!closed)
        return makeError(kMalformed, u"the list is missing its closing ]"_s);
    if (!isOnlyComment(text.mid(i + 1)))
        return makeError(kMalformed, u"unexpected text after the list: %1"_s.arg(text.mid(i + 1).trimmed()));
    return items;
}

bool needsQuotes(const QString &value, bool inList)
{
    static const QString kSpecialStart = u"-?:,[]{}#&*!|>'\"%@`~"_s;
    static const QRegularExpression kReserved(u"^(null|true|false|yes|no|on|off)$"_s,
                                              QRegularExpression::CaseInsensitiveOption);
    if (value.isEmpty() || value != value.trimmed() || kSpecialStart.contains(value.front()))
        return true;
    if (value.contains(u": "_s) || value.contains(u" #"_s) || value.endsWith(u':') || kReserved.match(value).hasMatch())
        return true;
    for (const QChar c : value) {
        if (c.category() == QChar::Other_Control)
            return true;
        if (inList && (c == u',' || c == u'[' || c == u']' || c == u'{' || c == u'}'))
            return true;
    }
    return false;
}

QString written(const QString &value, bool inList = false)
{
    if (!needsQuotes(value, inList))
        return value;
    QString escaped;
    for (const QChar c : value) {
        if (c == u'\\' || c == u'"')
            escaped += u'\\';
        escaped += c == u'\n' ? u"\\n"_s : c == u'\t' ? u"\\t"_s : c == u'\r' ? u"\\r"_s : QString(c);
    }
    return u'"' + escaped + u'"';
}

bool isCommentsHeading(const QByteArray &line)
{
    return withoutCarriageReturn(line).trimmed() == kCommentsHeading;
}

bool hasCommentsSection(const QByteArray &body)
{
    for (const QByteArray &line : body.split('\n')) {
        if (isCommentsHeading(line))
            return true;
    }
    return false;
}

// The front matter keys that hold one plain value.
QString *scalarField(Issue &issue, const QString &key)
{
    if (key == u"id"_s)
        return &issue.id;
    if (key == u"title"_s)
        return &issue.title;
    if (key == u"assignee"_s)
        return &issue.assignee;
    if (key == u"branch"_s)
        return &issue.branchName;
    return nullptr;
}

QString descriptionOf(const QByteArray &body)
{
    QString text = QString::fromUtf8(body);
    text.replace(u"\r\n"_s, u"\n"_s);
    return text.trimmed();
}

} // namespace

QString IssueFile::stateName(Issue::State state)
{
    for (const auto &[value, name] : kStates) {
        if (value == state)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<Issue::State> IssueFile::stateFromName(QStringView name)
{
    for (const auto &[value, text] : kStates) {
        if (name.compare(QLatin1StringView(text), Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}

Result<IssueFile> IssueFile::parse(const QByteArray &content, const QString &path)
{
    QByteArray text = content;
    if (text.startsWith("\xEF\xBB\xBF"))
        text.remove(0, 3);

    qsizetype offset = 0;
    const auto nextLine = [&text, &offset]() {
        const qsizetype newline = text.indexOf('\n', offset);
        const qsizetype end = newline < 0 ? text.size() : newline + 1;
        QByteArray line = text.mid(offset, end - offset);
        offset = end;
        return line;
    };

    IssueFile file;
    const QByteArray first = nextLine();
    if (withoutCarriageReturn(first).trimmed() != kDelimiter)
        return makeError(kMalformed, u"the file does not start with a front matter block (a line \"---\")"_s,
                         where(path, 1));
    file.m_newline = first.endsWith("\r\n") ? QByteArray("\r\n") : QByteArray("\n");

    struct Line
    {
        QString text;
        QByteArray raw;
        int number;
    };
    QList<Line> frontMatter;
    bool closed = false;
    int number = 1;
    while (offset < text.size()) {
        QByteArray line = nextLine();
        ++number;
        if (line.endsWith('\n'))
            line.chop(1);
        line = withoutCarriageReturn(line);
        if (line.trimmed() == kDelimiter || line.trimmed() == "...") {
            closed = true;
            break;
        }
        frontMatter.append({QString::fromUtf8(line), line, number});
    }
    if (!closed)
        return makeError(kMalformed, u"the front matter block opened on line 1 is never closed with \"---\""_s,
                         where(path, 1));
    file.m_body = text.mid(offset);

    enum class Target { None, Labels, Unknown };
    Target target = Target::None;
    for (const Line &line : std::as_const(frontMatter)) {
        const QString trimmed = line.text.trimmed();
        if (trimmed.isEmpty())
            continue;
        const bool continuation = line.text.front().isSpace() || trimmed.startsWith(u'-');
        if (trimmed.startsWith(u'#') && !continuation) {
            file.m_unknown << line.raw;
            continue;
        }
        if (continuation) {
            if (target == Target::Unknown) {
                file.m_unknown << line.raw;
                continue;
            }
            if (target == Target::Labels && trimmed.startsWith(u'-')) {
                auto label = scalar(trimmed.mid(1));
                if (!label)
                    return makeError(kMalformed, label.error().message, where(path, line.number));
                if (!label->isEmpty())
                    file.m_issue.labels << label.value();
                continue;
            }
            return makeError(kMalformed, u"unexpected indented line in the front matter"_s, where(path, line.number));
        }

        const qsizetype colon = line.text.indexOf(u':');
        const QString key = colon < 0 ? QString() : line.text.left(colon).trimmed();
        if (key.isEmpty() || key.contains(u' '))
            return makeError(kMalformed, u"expected \"key: value\" in the front matter, found \"%1\""_s.arg(trimmed),
                             where(path, line.number));
        const QString rest = line.text.mid(colon + 1);
        target = Target::None;
        const auto value = [&]() -> Result<QString> {
            auto read = scalar(rest);
            if (!read)
                return makeError(kMalformed, read.error().message, where(path, line.number));
            return read;
        };
        if (QString *field = scalarField(file.m_issue, key)) {
            auto read = value();
            if (!read)
                return read.error();
            *field = read.value();
        } else if (key == u"state"_s) {
            auto read = value();
            if (!read)
                return read.error();
            const auto state = stateFromName(read.value());
            if (!state)
                return makeError(
                    kMalformed, u"unknown state \"%1\"; use open, in_progress, closed or cancelled"_s.arg(read.value()),
                    where(path, line.number));
            file.m_issue.state = *state;
        } else if (key == u"labels"_s) {
            file.m_issue.labels.clear();
            const QString list = rest.trimmed();
            if (list.startsWith(u'[')) {
                auto items = flowList(list);
                if (!items)
                    return makeError(kMalformed, items.error().message, where(path, line.number));
                file.m_issue.labels = items.value();
            } else if (isOnlyComment(list)) {
                target = Target::Labels;
            } else {
                auto read = value();
                if (!read)
                    return read.error();
                file.m_issue.labels << read.value();
            }
        } else {
            file.m_unknown << line.raw;
            target = Target::Unknown;
        }
    }
    if (file.m_issue.title.isEmpty())
        return makeError(kMalformed, u"the front matter has no title"_s, where(path, 1));
    file.m_issue.labels.removeDuplicates();
    file.m_issue.description = descriptionOf(file.m_body);
    return file;
}

IssueFile IssueFile::create(const Issue &issue)
{
    IssueFile file;
    file.m_issue = issue;
    file.m_issue.title = issue.title.simplified();
    file.m_issue.labels.removeDuplicates();
    QString description = issue.description;
    description.replace(u"\r\n"_s, u"\n"_s);
    description = description.trimmed();
    file.m_body = description.isEmpty() ? QByteArray() : description.toUtf8() + '\n';
    file.m_issue.description = description;
    return file;
}

QByteArray IssueFile::serialize() const
{
    QStringList labels;
    for (const QString &label : m_issue.labels)
        labels << written(label, true);
    QList<QByteArray> lines{kDelimiter, "id: " + written(m_issue.id).toUtf8(),
                            "title: " + written(m_issue.title).toUtf8(), "state: " + stateName(m_issue.state).toUtf8(),
                            "labels: [" + labels.join(u", "_s).toUtf8() + ']'};
    if (!m_issue.assignee.isEmpty())
        lines << "assignee: " + written(m_issue.assignee).toUtf8();
    if (!m_issue.branchName.isEmpty())
        lines << "branch: " + written(m_issue.branchName).toUtf8();
    lines << m_unknown;
    lines << kDelimiter;
    QByteArray out;
    for (const QByteArray &line : std::as_const(lines))
        out += line + m_newline;
    return out + m_body;
}

void IssueFile::addLabel(const QString &label)
{
    const QString trimmed = label.trimmed();
    if (!trimmed.isEmpty() && !m_issue.labels.contains(trimmed, Qt::CaseInsensitive))
        m_issue.labels << trimmed;
}

void IssueFile::removeLabel(const QString &label)
{
    const QString trimmed = label.trimmed();
    m_issue.labels.removeIf(
        [&trimmed](const QString &existing) { return existing.compare(trimmed, Qt::CaseInsensitive) == 0; });
}

void IssueFile::appendComment(const QString &text, const QString &author, const QDateTime &when)
{
    QString comment = text;
    comment.replace(u"\r\n"_s, u"\n"_s);
    QByteArray bytes = comment.trimmed().toUtf8();
    if (m_newline != "\n")
        bytes.replace("\n", m_newline);

    if (!m_body.isEmpty() && !m_body.endsWith('\n'))
        m_body += m_newline;
    if (!hasCommentsSection(m_body)) {
        if (!m_body.isEmpty() && !m_body.endsWith(QByteArray(m_newline + m_newline)))
            m_body += m_newline;
        m_body += kCommentsHeading + m_newline;
    } else {
        const qsizetype lastStart = m_body.lastIndexOf('\n', m_body.size() - 2) + 1;
        const bool afterHeading = isCommentsHeading(m_body.mid(lastStart));
        if (!afterHeading && !m_body.endsWith(QByteArray(m_newline + m_newline)))
            m_body += m_newline;
    }
    const QString heading = u"### %1 %2 %3"_s.arg(when.toUTC().toString(Qt::ISODate), kDash, author);
    m_body += heading.toUtf8() + m_newline + bytes + m_newline;
    m_issue.description = descriptionOf(m_body);
}

IssueBody IssueBody::split(const QString &body)
{
    IssueBody split;
    const QStringList lines = QString(body).replace(u"\r\n"_s, u"\n"_s).split(u'\n');
    qsizetype i = 0;
    QStringList description;
    for (; i < lines.size() && lines.at(i).trimmed() != QString::fromLatin1(kCommentsHeading); ++i)
        description << lines.at(i);
    split.description = description.join(u'\n').trimmed();

    for (++i; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        if (line.startsWith(u"### "_s)) {
            const QString heading = line.mid(4).trimmed();
            const qsizetype dash = heading.indexOf(u' ' + kDash + u' ');
            Comment comment;
            if (dash < 0) {
                comment.author = heading;
            } else {
                comment.time = heading.left(dash).trimmed();
                comment.author = heading.mid(dash + 3).trimmed();
            }
            split.comments << comment;
        } else {
            // Text written under the section before any heading still belongs to the discussion.
            if (split.comments.isEmpty())
                split.comments << Comment{};
            split.comments.last().text += line + u'\n';
        }
    }
    for (Comment &comment : split.comments)
        comment.text = comment.text.trimmed();
    split.comments.removeIf([](const Comment &comment) { return comment.author.isEmpty() && comment.text.isEmpty(); });
    return split;
}

} // namespace flotilla

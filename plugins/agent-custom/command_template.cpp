#include "command_template.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression pattern(u"\\{([A-Za-z0-9_]+)\\}"_s);
    return pattern;
}

QStringList placeholdersIn(const QString &text)
{
    QStringList names;
    for (const QRegularExpressionMatch &match : placeholderPattern().globalMatch(text))
        names << match.captured(1);
    return names;
}

QString listed(QStringList names)
{
    names.removeDuplicates();
    std::sort(names.begin(), names.end());
    for (QString &name : names)
        name = u'{' + name + u'}';
    return names.join(u", "_s);
}

// One pass over the text, so a value that itself contains `{name}` is left as it is.
QString fill(const QString &text, const QHash<QString, QString> &values)
{
    QString out;
    qsizetype from = 0;
    for (const QRegularExpressionMatch &match : placeholderPattern().globalMatch(text)) {
        out += QStringView(text).mid(from, match.capturedStart() - from);
        out += values.value(match.captured(1));
        from = match.capturedEnd();
    }
    out += QStringView(text).mid(from);
    return out;
}

Result<QStringList> splitWords(const QString &text)
{
    QStringList words;
    QString word;
    bool inWord = false;
    enum class Quote { None, Single, Double } quote = Quote::None;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quote == Quote::Single) {
            if (c == u'\'')
                quote = Quote::None;
            else
                word += c;
            continue;
        }
        if (quote == Quote::Double) {
            if (c == u'"') {
                quote = Quote::None;
            } else if (c == u'\\' && i + 1 < text.size() && QStringView(u"\"\\$`").contains(text.at(i + 1))) {
                word += text.at(++i);
            } else {
                word += c;
            }
            continue;
        }
        if (c.isSpace()) {
            if (inWord)
                words << word;
            word.clear();
            inWord = false;
            continue;
        }
        inWord = true;
        if (c == u'\'') {
            quote = Quote::Single;
        } else if (c == u'"') {
            quote = Quote::Double;
        } else if (c == u'\\') {
            if (i + 1 >= text.size())
                return makeError(u"agent.bad_command"_s, u"the command ends with a lone backslash"_s, text);
            word += text.at(++i);
        } else {
            word += c;
        }
    }
    if (quote != Quote::None)
        return makeError(u"agent.bad_command"_s,
                         quote == Quote::Single ? u"the command has an unclosed single quote"_s
                                                : u"the command has an unclosed double quote"_s,
                         text);
    if (inWord)
        words << word;
    return words;
}

} // namespace

Result<CommandTemplate> CommandTemplate::parse(const QString &text, const QStringList &known)
{
    auto words = splitWords(text);
    if (!words)
        return words.error();
    if (words->isEmpty() || words->constFirst().isEmpty())
        return makeError(u"agent.bad_command"_s, u"the command is empty; name the program to run first"_s, text);
    CommandTemplate result;
    result.m_arguments = words.value();
    QStringList unknown;
    for (const QString &word : std::as_const(result.m_arguments)) {
        for (const QString &name : placeholdersIn(word)) {
            if (known.contains(name))
                result.m_placeholders.insert(name);
            else
                unknown << name;
        }
    }
    if (!unknown.isEmpty())
        return makeError(
            u"agent.unknown_placeholder"_s,
            u"unknown placeholder %1 in the command; known ones are %2"_s.arg(listed(unknown), listed(known)), text);
    return result;
}

Result<QString> CommandTemplate::expandText(const QString &text, const QHash<QString, QString> &values)
{
    QStringList unknown;
    for (const QString &name : placeholdersIn(text)) {
        if (!values.contains(name))
            unknown << name;
    }
    if (!unknown.isEmpty())
        return makeError(u"agent.unknown_placeholder"_s,
                         u"unknown placeholder %1; known ones are %2"_s.arg(listed(unknown), listed(values.keys())),
                         text);
    return fill(text, values);
}

Result<QStringList> CommandTemplate::expand(const QHash<QString, QString> &values) const
{
    QStringList missing;
    for (const QString &name : m_placeholders) {
        if (!values.contains(name))
            missing << name;
    }
    if (!missing.isEmpty())
        return makeError(u"agent.missing_value"_s, u"no value for %1 here"_s.arg(listed(missing)),
                         m_arguments.join(u' '));
    QStringList out;
    for (const QString &argument : m_arguments)
        out << fill(argument, values);
    return out;
}

} // namespace flotilla

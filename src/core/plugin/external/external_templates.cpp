#include "external_templates.h"

#include "external_enum_names.h"
#include "model/model_enums.h"

#include <QJsonValue>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla::external {

namespace {

const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression pattern(u"\\{([A-Za-z][A-Za-z0-9_.]*)\\}"_s);
    return pattern;
}

} // namespace

QString expandTemplate(const QString &text, const TemplateValues &values)
{
    QString result;
    qsizetype from = 0;
    auto it = placeholderPattern().globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        result += QStringView(text).mid(from, match.capturedStart() - from);
        const QString key = match.captured(1);
        result += values.contains(key) ? values.value(key) : match.captured(0);
        from = match.capturedEnd();
    }
    result += QStringView(text).mid(from);
    return result;
}

QStringList expandArguments(const QStringList &arguments, const TemplateValues &values)
{
    QStringList result;
    for (const QString &argument : arguments) {
        const auto whole = placeholderPattern().match(argument);
        const bool lonePlaceholder = whole.hasMatch() && whole.capturedLength() == argument.size();
        const QString expanded = expandTemplate(argument, values);
        if (lonePlaceholder && expanded.isEmpty())
            continue;
        result << expanded;
    }
    return result;
}

bool allPlaceholdersFilled(const QStringList &arguments, const TemplateValues &values)
{
    for (const QString &argument : arguments) {
        auto it = placeholderPattern().globalMatch(argument);
        while (it.hasNext()) {
            if (values.value(it.next().captured(1)).isEmpty())
                return false;
        }
    }
    return true;
}

TemplateValues sessionValues(const SessionRecord &session)
{
    TemplateValues values{{u"sessionId"_s, session.id},        {u"projectId"_s, session.projectId},
                          {u"kind"_s, enumName(session.kind)}, {u"issueId"_s, session.issueId},
                          {u"branch"_s, session.branch},       {u"workspacePath"_s, session.workspacePath},
                          {u"agent"_s, session.agent},         {u"identity"_s, session.identity}};
    // Plugin-owned facts (an agent's own session id for --resume) are reachable as {extra.key}.
    for (auto it = session.extra.begin(); it != session.extra.end(); ++it) {
        if (it.value().isString())
            values.insert(u"extra."_s + it.key(), it.value().toString());
        else if (it.value().isDouble())
            values.insert(u"extra."_s + it.key(), QString::number(it.value().toDouble()));
    }
    return values;
}

TemplateValues issueValues(const Issue &issue)
{
    return {{u"id"_s, issue.id},
            {u"title"_s, issue.title},
            {u"slug"_s, slugOf(issue.title)},
            {u"description"_s, issue.description},
            {u"url"_s, issue.url},
            {u"state"_s, enumName(issue.state)},
            {u"labels"_s, issue.labels.join(u", "_s)},
            {u"assignee"_s, issue.assignee}};
}

QString slugOf(const QString &text)
{
    QString slug;
    for (const QChar c : text.toLower()) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9'))
            slug += c;
        else if (!slug.isEmpty() && !slug.endsWith(u'-'))
            slug += u'-';
        if (slug.size() >= 40)
            break;
    }
    while (slug.endsWith(u'-'))
        slug.chop(1);
    return slug;
}

} // namespace flotilla::external

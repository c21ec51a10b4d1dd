#include "env_expansion.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const QRegularExpression &variableName()
{
    static const QRegularExpression pattern(u"^[A-Za-z_][A-Za-z0-9_]*$"_s);
    return pattern;
}

} // namespace

EnvironmentLookup processEnvironment()
{
    return [](const QString &name) -> std::optional<QString> {
        const QByteArray key = name.toLocal8Bit();
        if (!qEnvironmentVariableIsSet(key.constData()))
            return std::nullopt;
        return qEnvironmentVariable(key.constData());
    };
}

Result<QString> expandEnvironment(const QString &text, const EnvironmentLookup &environment)
{
    if (!text.contains(u'$'))
        return text;
    QString out;
    out.reserve(text.size());
    qsizetype i = 0;
    while (i < text.size()) {
        if (text.at(i) == u'$' && text.mid(i, 3) == u"$${"_s) {
            out += u"${"_s;
            i += 3;
            continue;
        }
        if (text.at(i) != u'$' || i + 1 >= text.size() || text.at(i + 1) != u'{') {
            out += text.at(i++);
            continue;
        }
        const qsizetype close = text.indexOf(u'}', i + 2);
        if (close < 0)
            return makeError(u"config.env"_s, u"\"${\" without a closing \"}\""_s);
        const QString inner = text.mid(i + 2, close - i - 2);
        const qsizetype split = inner.indexOf(u":-"_s);
        const QString name = split < 0 ? inner : inner.left(split);
        if (!variableName().match(name).hasMatch())
            return makeError(u"config.env"_s, u"\"${%1}\" is not a variable reference"_s.arg(inner));
        const std::optional<QString> value = environment ? environment(name) : std::nullopt;
        if (split >= 0) {
            out += (value && !value->isEmpty()) ? *value : inner.mid(split + 2);
        } else if (value) {
            out += *value;
        } else {
            return makeError(u"config.env"_s, u"environment variable %1 is not set"_s.arg(name), name);
        }
        i = close + 1;
    }
    return out;
}

QStringList referencedVariables(const QString &text)
{
    static const QRegularExpression reference(u"\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\\}"_s);
    QStringList names;
    for (auto it = reference.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        if (match.capturedStart() > 0 && text.at(match.capturedStart() - 1) == u'$')
            continue; // "$${" is a literal
        names << match.captured(1);
    }
    return names;
}

} // namespace flotilla

#include "session_prefix.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla {

bool isValidIdentifier(const QString &prefix)
{
    static const QRegularExpression pattern(u"^[a-zA-Z0-9_-]+$"_s);
    return pattern.match(prefix).hasMatch();
}

QString deriveSessionPrefix(const QString &folderName)
{
    QString name;
    for (const QChar c : folderName) {
        if ((c.isLetterOrNumber() && c.unicode() < 128) || c == u'-' || c == u'_')
            name += c;
    }
    if (name.isEmpty())
        return u"session"_s;
    if (name.size() <= 4)
        return name;

    QString capitals;
    for (const QChar c : name) {
        if (c.isUpper())
            capitals += c.toLower();
    }
    // CamelCase: more than one capital, e.g. PyTorch or MyApp.
    if (capitals.size() > 1)
        return capitals;

    if (name.contains(u'-') || name.contains(u'_')) {
        QString initials;
        for (const QString &part : name.split(QRegularExpression(u"[-_]+"_s), Qt::SkipEmptyParts))
            initials += part.at(0).toLower();
        if (!initials.isEmpty())
            return initials;
    }
    return name.left(3).toLower();
}

} // namespace flotilla

#include "flotilla_link.h"

#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace flotilla {

std::optional<FlotillaLink> FlotillaLink::parse(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1StringView(kScheme))
        return std::nullopt;
    // flotilla://session/shop-3: the kind is the host, the id the path's one segment.
    const QString kind = url.host().toLower();
    QString id = url.path(QUrl::FullyDecoded);
    while (id.startsWith(u'/'))
        id.remove(0, 1);
    while (id.endsWith(u'/'))
        id.chop(1);
    if (kind.isEmpty() && id.isEmpty())
        return FlotillaLink{};
    // Ids are session ids (`shop-3`) and decision UUIDs: nothing else is let through.
    static const QRegularExpression plainId(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"_s);
    if (!plainId.match(id).hasMatch())
        return std::nullopt;
    if (kind == u"session"_s)
        return FlotillaLink{Target::Session, id};
    if (kind == u"decision"_s)
        return FlotillaLink{Target::Decision, id};
    return std::nullopt;
}

std::optional<FlotillaLink> FlotillaLink::among(const QStringList &arguments)
{
    for (const QString &argument : arguments) {
        if (auto link = parse(argument))
            return link;
    }
    return std::nullopt;
}

} // namespace flotilla

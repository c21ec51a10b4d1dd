#include "secret_reference.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla {

SecretReference SecretReference::parse(const QString &text)
{
    static const QRegularExpression stored(u"^(keychain|ravi):([A-Za-z0-9_.\\-/]+)$"_s);
    if (text.isEmpty())
        return {};
    if (const auto match = stored.match(text); match.hasMatch())
        return {match.captured(1) == u"keychain"_s ? Kind::Keychain : Kind::Ravi, match.captured(2), text};
    if (const QStringList variables = referencedVariables(text); !variables.isEmpty())
        return {Kind::Environment, variables.first(), text};
    return {Kind::Literal, QString(), text};
}

QString SecretReference::redacted() const
{
    switch (kind) {
    case Kind::None:
        return QString();
    case Kind::Keychain:
    case Kind::Ravi:
        return text;
    case Kind::Environment: {
        QStringList names;
        for (const QString &variable : referencedVariables(text))
            names << u"$"_s + variable;
        return u"<from %1>"_s.arg(names.join(u", "_s));
    }
    case Kind::Literal:
        break;
    }
    return u"<redacted>"_s;
}

Result<QString> SecretReference::resolveFromEnvironment(const EnvironmentLookup &environment) const
{
    switch (kind) {
    case Kind::None:
    case Kind::Literal:
        return text;
    case Kind::Environment:
        return expandEnvironment(text, environment);
    case Kind::Keychain:
    case Kind::Ravi:
        break;
    }
    return makeError(u"config.secret"_s, u"%1 is resolved by the secret store, not the environment"_s.arg(text));
}

bool looksLikeSecretKey(const QString &key)
{
    static const QRegularExpression pattern(u"(token|secret|password|passwd|apikey|api_key|webhookurl|privatekey|"
                                            "credential|^key$|^auth)"_s,
                                            QRegularExpression::CaseInsensitiveOption);
    return pattern.match(key).hasMatch();
}

} // namespace flotilla

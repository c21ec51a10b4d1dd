#pragma once

#include "env_expansion.h"
#include "util/result.h"

#include <QString>

namespace flotilla {

// A secret as written in the configuration, never its value: `keychain:NAME` (the OS keychain),
// `ravi:NAME` (Ravi's secret store), `${VAR}` (the environment, read only when the secret is
// used) or, discouraged, the literal text. Resolution belongs to the secrets module; the
// configuration only carries and shows the reference.
struct SecretReference
{
    enum class Kind { None, Literal, Environment, Keychain, Ravi };

    Kind kind = Kind::None;
    QString name; // keychain item, Ravi secret or first environment variable
    QString text; // exactly as written

    static SecretReference parse(const QString &text);

    bool isSet() const { return kind != Kind::None; }
    // What may be shown anywhere: the reference itself, "<from $VAR>", or "<redacted>".
    QString redacted() const;
    // For Literal and Environment references; keychain and Ravi need the secrets module.
    Result<QString> resolveFromEnvironment(const EnvironmentLookup &environment) const;

    friend bool operator==(const SecretReference &, const SecretReference &) = default;
};

// Whether a key that the schema does not know (a plugin's own key) probably holds a secret:
// such values are kept as references and redacted like the schema's secret fields.
bool looksLikeSecretKey(const QString &key);

} // namespace flotilla

#pragma once

#include <QString>

namespace flotilla {

// The reference tool's default session prefix, from the project folder's name: up to 4
// characters unchanged; CamelCase → its capitals lower-cased (PyTorch → pt); kebab or snake
// case → initials (agent-orchestrator → ao); otherwise the first 3 characters (integrator → int).
// Characters outside [a-zA-Z0-9_-] are dropped first so the result is always a valid id.
QString deriveSessionPrefix(const QString &folderName);

// Whether `prefix` is a valid session prefix or project id: [a-zA-Z0-9_-]+.
bool isValidIdentifier(const QString &prefix);

} // namespace flotilla

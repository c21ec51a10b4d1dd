#pragma once

#include "config_model.h"

#include <QJsonObject>

namespace flotilla {

// Reads the validated, merged configuration tree (see ConfigLoader) into the typed structs.
// The tree has already been checked, so this only converts. Projects come in `projectOrder`
// (file order), any others after them.
Config buildConfig(const QJsonObject &tree, const QStringList &projectOrder);

// One reaction entry (already merged over its built-in) as typed settings.
ReactionSettings buildReaction(const QString &key, const QJsonObject &entry);

} // namespace flotilla

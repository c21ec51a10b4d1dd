#pragma once

#include "util/result.h"

#include <QString>

namespace flotilla {

// Turns the folder `checkout` (already holding files) into a repository on `branch` with one
// commit of everything in it, and makes `origin` a new bare repository that the commit is
// pushed to and that the checkout knows as its remote `origin`. For sandboxes and examples.
Result<void> seedGitRepository(const QString &checkout, const QString &origin, const QString &branch,
                               const QString &message);

} // namespace flotilla

#pragma once

#include "util/result.h"

#include <QString>
#include <QStringList>

namespace flotilla {

// The files a workspace changes relative to where it left its base: committed, staged,
// unstaged and untracked changes since the merge base of HEAD and `baseRef` ("origin/main",
// else the local "main"). Reads through libgit2 only, so it never takes the index lock an
// agent's own git commands need. Blocking: call it off the event loop's thread.
Result<QStringList> changedFilesSinceBase(const QString &workspacePath, const QString &baseBranch);

} // namespace flotilla

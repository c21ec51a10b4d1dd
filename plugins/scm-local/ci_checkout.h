#pragma once

#include "util/result.h"

#include <QString>

#include <atomic>

namespace flotilla {

// Makes a clean checkout of exactly `headSha` in a new folder under `workRoot`, fetched from
// `originUrl` (every branch and tag, since a commit can only be asked for by a name it is
// reachable from), with HEAD detached at the commit. The folder shares nothing with any other
// clone, so a run can neither see nor change anyone's working tree. Answers the folder's path;
// on failure nothing is left behind.
//
// Blocks on the network and the disk: call it from a worker thread. Setting `cancelled` makes
// it stop at the next chance and fail with code "ci.cancelled".
Result<QString> createCiCheckout(const QString &originUrl, const QString &headSha, const QString &workRoot,
                                 const std::atomic_bool &cancelled);

} // namespace flotilla

#pragma once

#include <QStringList>

#include <functional>

namespace flotilla {

class ApiClient;
using Finished = std::function<void(int exitCode)>;

// flo's session verbs; each ends by calling `finished` with flo's exit code.
void runSpawnCommand(ApiClient &client, const QStringList &arguments, const Finished &finished);
void runBatchSpawnCommand(ApiClient &client, const QStringList &arguments, const Finished &finished);
void runSendCommand(ApiClient &client, const QStringList &arguments, const Finished &finished);
// ls, kill, restore, cleanup, claim-pr, attach
void runSessionCommand(ApiClient &client, const QStringList &arguments, const Finished &finished);

} // namespace flotilla

#pragma once

#include <QStringList>

#include <functional>

namespace flotilla {

class ApiClient;

// flo orchestrator start|attach|ls: each project's one orchestrator agent.
void runOrchestratorCommand(ApiClient &client, const QStringList &arguments, const std::function<void(int)> &finished);

} // namespace flotilla

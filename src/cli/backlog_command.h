#pragma once

#include <QStringList>

#include <functional>

namespace flotilla {

class ApiClient;

// flo verify: merged issues waiting for a person to check them, and the person's verdict.
void runVerifyCommand(ApiClient &client, const QStringList &arguments, const std::function<void(int)> &finished);
// flo backlog: what the backlog claimed, runs, merged or gave back, and why.
void runBacklogCommand(ApiClient &client, const QStringList &arguments, const std::function<void(int)> &finished);

// flo issues: the project tracker's issues, and which already have a live session.
void runIssuesCommand(ApiClient &client, const QStringList &arguments, const std::function<void(int)> &finished);

} // namespace flotilla

#pragma once

#include "github_endpoint.h"
#include "net/http_types.h"
#include "plugin/tracker_plugin.h"

#include <QJsonObject>

namespace flotilla::github_issues {

// GitHub has only open and closed issues. "In progress" is an open issue carrying
// `inProgressLabel`; "cancelled" is one closed as not planned.
Issue issueFromJson(const QJsonObject &json, const QString &inProgressLabel);

// "42", "#42" or the issue's URL on GitHub (which must name `repo`) → 42.
Result<int> numberOf(const QString &issueId, const GithubRepo &repo, const GithubEndpoint &endpoint);

// The error for an answer that is not 2xx (a 410 means issues are turned off).
Error failureOf(const HttpResponse &response, const QString &what);
// A REST answer's JSON object, or the error for a failed call.
Result<QJsonObject> objectFrom(const Result<HttpResponse> &response, const QString &what);

// Case-insensitive containment of `text` in the issue's title or description.
bool mentions(const Issue &issue, const QString &text);

} // namespace flotilla::github_issues

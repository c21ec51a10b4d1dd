#pragma once

#include "net/http_types.h"
#include "util/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace flotilla::ravi {

// A list answer: a bare array, or the paged envelope {count, next, previous, results}.
// `next` is the envelope's next page (empty for a bare array or the last page).
struct Page
{
    QJsonArray items;
    QUrl next;
};
Result<Page> pageOf(const QJsonDocument &document, const QString &what);

// Ravi's error for a response that is not a success: 401/403 ravi.unauthorized ("sign in
// again"), 402 ravi.plan_required, 404 ravi.not_found, 409 ravi.conflict, 429 ravi.rate_limited,
// 400 ravi.invalid (with the field messages), 5xx ravi.unreachable. The message takes Ravi's
// `detail` when there is one; an HTML page is summarised, never quoted.
Error errorFor(const HttpResponse &response, const QString &what);

// A network, timeout, 5xx or rate-limit failure of the HTTP layer: Ravi could not be reached,
// which a project's policy may tolerate; everything else is a configuration problem.
bool isUnreachable(const Error &error);

// Secret names Ravi accepts: A–Z, 0–9 and _, starting with a letter.
bool isValidSecretName(const QString &name);

} // namespace flotilla::ravi

#pragma once

#include "util/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// What a GitHub webhook delivery proves and what it is about, as pure functions over bytes and
// JSON: no server, no store, no clock, so hostile input can be thrown at them directly (unit
// tests, a fuzz target). A delivery is only a hint to check some sessions now; polling stays
// the source of truth.
namespace flotilla::githubwebhook {

inline constexpr qint64 kDefaultMaxBodyBytes = 1024 * 1024;

QByteArray defaultSignatureHeader(); // X-Hub-Signature-256
QByteArray defaultEventHeader();     // X-GitHub-Event
QByteArray defaultDeliveryHeader();  // X-GitHub-Delivery

// Whether `header` is "sha256=" followed by the 64 hex digits (either case) of HMAC-SHA256 over
// exactly `body` keyed by `secret`. The digests are compared in constant time. An empty secret
// never matches: an unsigned delivery is never accepted.
bool signatureMatches(const QByteArray &header, const QByteArray &body, const QByteArray &secret);

// The JSON object a delivery carries: the body itself for application/json, or the `payload`
// field of an application/x-www-form-urlencoded body (GitHub offers both content types).
// Anything else that is not a JSON object is an `api.invalid_json` error.
Result<QJsonObject> payloadOf(const QByteArray &body, const QByteArray &contentType);

// What a payload says it concerns. Numbers are positive and fit an int; SHAs are lower-case
// hex; nothing malformed (wrong types, nulls, absurd numbers) makes it in.
struct DeliveryTargets
{
    QString repository; // "owner/name" as the payload spells it; empty: none named
    QList<int> pullRequests;
    QStringList branches;
    QStringList headShas;

    bool isEmpty() const { return pullRequests.isEmpty() && branches.isEmpty() && headShas.isEmpty(); }
};
DeliveryTargets targetsOf(const QString &event, const QJsonObject &payload);

// A live session as the matcher sees it.
struct SessionCandidate
{
    QString sessionId;
    QString repository; // its project's `repo`, "owner/name"
    QString branch;
    int prNumber = 0; // 0: no pull request yet
    QString headSha;
};

// The sessions of the named repository (compared case-insensitively) whose pull request number,
// branch or head SHA the delivery names, in the order given, each once.
QStringList matchingSessions(const DeliveryTargets &targets, const QList<SessionCandidate> &sessions);

} // namespace flotilla::githubwebhook

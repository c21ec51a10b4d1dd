#pragma once

#include "model/session_facts.h"
#include "plugin/scm_plugin.h"

#include <QList>
#include <QString>

namespace flotilla {

// The messages reactions send to agents when the configuration gives none: built from the facts,
// so an agent always learns what failed and what to do (never an empty or placeholder message).
namespace messages {

// Failing checks with their log excerpts, and the checks that passed.
QString ciFailed(const PrSnapshot &pr);
// Unresolved review comments as path:line, author and text, with what to do.
QString reviewComments(const PrSnapshot &pr, const QList<ReviewComment> &comments, bool fromBots);
QString mergeConflicts(const PrSnapshot &pr);
QString stuckNudge(const SessionRecord &session);
QString idleNudge(const SessionRecord &session);

// Agents' messages must stay readable in a terminal; longer log excerpts are cut from the top
// (the end of a log is where the error is).
inline constexpr int kMaxExcerptLines = 230; // a GitHub job excerpt: up to 200 lines and its header
QString tail(const QString &text, int maxLines);

// A stable fingerprint of a set of comments: the same comments give the same fingerprint,
// a new or edited comment a different one.
QString commentFingerprint(const QList<ReviewComment> &comments);

} // namespace messages

// Whether a comment's author is an automated reviewer (bot accounts, code scanners).
bool isBotAuthor(const QString &author);

} // namespace flotilla

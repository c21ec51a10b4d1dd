#pragma once

#include <QString>

namespace flotilla::escalationtoken {

// A short token that a reply must quote: 8 characters of Crockford base32 (about 40 bits) from
// the system's random source, so it cannot be guessed and survives being read aloud or typed.
QString generate();
// Whether `text` quotes `token`: case-insensitive, and not as part of a longer word.
bool isQuotedIn(const QString &token, const QString &text);
// `text` without the token (and a '#' right before it), for an SMS whose body carries it.
QString removedFrom(const QString &token, const QString &text);

} // namespace flotilla::escalationtoken

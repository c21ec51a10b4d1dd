#pragma once

#include <QString>

namespace flotilla {

// What a person's reply to an escalation says.
struct ReadReply
{
    enum class Kind { Approve, Reject, Text, Empty };

    Kind kind = Kind::Empty;
    QString answer; // for the decision: "approve", "reject", or the reply's own words
    QString note;   // what followed an approve or reject line
};

// Reads replies as people write them, in mail clients and on phones. Pure and without QtGui.
namespace replyreader {

// The reply's text: `text` when it has some, else `html` with its tags stripped and entities
// decoded; line endings are "\n" either way.
QString plainText(const QString &text, const QString &html);
// The reply without the quoted history under it: everything from the first quoted line (">"),
// an "On … wrote:" line, "-----Original Message-----", an Outlook header block or rule, or the
// "-- " signature separator. Trailing blank lines go too.
QString withoutQuotedHistory(const QString &text);
// First non-empty line `approve`, `approved`, `yes`, `y`, `ok`, `lgtm` → approve; `reject`,
// `rejected`, `no`, `n`, `deny` → reject (compared lower-cased, without the token, '#' and
// punctuation; later lines become the note). Anything else is free text, passed on whole.
ReadReply read(const QString &unquoted, const QString &token);
// "Ada Lovelace <Ada@Example.com>" → "ada@example.com".
QString bareAddress(const QString &from);
// "+1 (555) 123-4567" → "+15551234567".
QString bareNumber(const QString &number);

} // namespace replyreader

} // namespace flotilla

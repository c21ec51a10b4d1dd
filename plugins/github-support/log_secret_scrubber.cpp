#include "log_secret_scrubber.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

const QString LogSecretScrubber::kMask = u"***"_s;

namespace {

// A log prints a value of several lines one line at a time, so each line is a secret of its own.
QStringList secretPieces(const QStringList &secrets)
{
    QStringList pieces;
    for (const QString &secret : secrets) {
        for (QString piece : secret.split(u'\n')) {
            if (piece.endsWith(u'\r'))
                piece.chop(1);
            if (piece.size() >= LogSecretScrubber::kMinSecretLength && !pieces.contains(piece))
                pieces.append(piece);
        }
    }
    // Longest first, so a secret that contains another is masked whole rather than leaving the
    // rest of itself behind; equal lengths in a fixed order keep the result the same every time.
    std::sort(pieces.begin(), pieces.end(),
              [](const QString &a, const QString &b) { return a.size() != b.size() ? a.size() > b.size() : a < b; });
    return pieces;
}

// Replaces every match with the mask followed by as many newlines as the match held.
QString replaceKeepingLines(const QString &text, const QRegularExpression &pattern, const QString &prefixGroup = {})
{
    QString result;
    qsizetype copied = 0;
    QRegularExpressionMatchIterator matches = pattern.globalMatch(text);
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        result += QStringView(text).mid(copied, match.capturedStart() - copied);
        if (!prefixGroup.isEmpty())
            result += match.captured(prefixGroup);
        result += LogSecretScrubber::kMask;
        result += QString(match.captured().count(u'\n'), u'\n');
        copied = match.capturedEnd();
    }
    if (copied == 0)
        return text;
    result += QStringView(text).mid(copied);
    return result;
}

} // namespace

LogSecretScrubber::LogSecretScrubber(const QStringList &secrets) : m_secrets(secretPieces(secrets)) {}

QString LogSecretScrubber::scrub(const QString &text) const
{
    QString scrubbed = text;
    for (const QString &secret : m_secrets)
        scrubbed.replace(secret, kMask);

    // A private key runs to its END line, or to the end of the text when that was cut off.
    static const QRegularExpression pemBlock(
        uR"(-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\z))"_s);
    scrubbed = replaceKeepingLines(scrubbed, pemBlock);

    // Token shapes are long enough that an ordinary identifier ("ghs_total") does not match.
    static const QRegularExpression token(
        uR"(\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abprs]-[A-Za-z0-9-]{8,}|AKIA[0-9A-Z]{16}(?![0-9A-Za-z])))"_s);
    scrubbed.replace(token, kMask);

    // The scheme word stays so the line still says what was sent.
    static const QRegularExpression bearer(uR"((?<prefix>\bBearer\s+)[A-Za-z0-9._~+/=-]{8,})"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    return replaceKeepingLines(scrubbed, bearer, u"prefix"_s);
}

} // namespace flotilla

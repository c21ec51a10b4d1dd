#pragma once

#include <QString>
#include <QStringList>

namespace flotilla {

// Masks credentials in text taken from a CI log before it leaves the process. GitHub masks the
// secrets registered with it, but not tokens a build prints by accident nor the values Flotilla
// itself put into the environment, so both are replaced with kMask here: every given value
// first, longest first, then anything shaped like a well-known token (GitHub, Slack and AWS
// keys, bearer tokens, PEM private keys). The number of lines never changes, so a caller may
// scrub a whole log and still match its lines with the unscrubbed ones.
class LogSecretScrubber final
{
public:
    static const QString kMask;
    // Shorter values are too likely to be ordinary words to be replaced everywhere.
    static constexpr qsizetype kMinSecretLength = 4;

    LogSecretScrubber() = default;
    explicit LogSecretScrubber(const QStringList &secrets);

    QString scrub(const QString &text) const;

private:
    QStringList m_secrets; // longest first, no duplicates, none shorter than kMinSecretLength
};

} // namespace flotilla

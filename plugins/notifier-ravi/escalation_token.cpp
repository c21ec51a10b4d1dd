#include "escalation_token.h"

#include <QRandomGenerator>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla::escalationtoken {

namespace {

constexpr int kLength = 8;
constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford: no I, L, O, U

QRegularExpression pattern(const QString &token)
{
    return QRegularExpression(u"#?(?<![A-Za-z0-9])%1(?![A-Za-z0-9])"_s.arg(QRegularExpression::escape(token)),
                              QRegularExpression::CaseInsensitiveOption);
}

} // namespace

QString generate()
{
    quint64 bits = QRandomGenerator::system()->generate64();
    QString token;
    for (int i = 0; i < kLength; ++i) {
        token += QLatin1Char(kAlphabet[bits & 31]);
        bits >>= 5;
    }
    return token;
}

bool isQuotedIn(const QString &token, const QString &text)
{
    return !token.isEmpty() && pattern(token).match(text).hasMatch();
}

QString removedFrom(const QString &token, const QString &text)
{
    QString without = text;
    without.remove(pattern(token));
    return without.trimmed();
}

} // namespace flotilla::escalationtoken

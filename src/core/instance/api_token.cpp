#include "api_token.h"

#include "util/app_paths.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSaveFile>

#include <array>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr int kTokenBytes = 32;
constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kReadableByOthers =
    QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;

} // namespace

Result<QByteArray> ApiToken::load(const QString &file)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return makeError(u"token.unreadable"_s, u"cannot read the API token: "_s + in.errorString(), file);
    const QByteArray token = in.read(1024).trimmed();
    if (token.size() < 32)
        return makeError(u"token.invalid"_s, u"the API token file is empty or damaged"_s, file);
    return token;
}

Result<QByteArray> ApiToken::loadOrCreate(const QString &file)
{
    if (QFileInfo::exists(file)) {
        auto existing = load(file);
        if (existing) {
            if (QFile::permissions(file) & kReadableByOthers)
                QFile::setPermissions(file, kOwnerOnly);
            return existing;
        }
    }
    if (!AppPaths::ensurePrivateDir(QFileInfo(file).absolutePath()))
        return makeError(u"token.mkdir"_s, u"cannot create the folder for the API token"_s, file);

    std::array<quint32, kTokenBytes / sizeof(quint32)> words;
    QRandomGenerator::system()->fillRange(words.data(), static_cast<qsizetype>(words.size()));
    const QByteArray raw(reinterpret_cast<const char *>(words.data()), static_cast<qsizetype>(sizeof words));
    const QByteArray token = raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);

    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return makeError(u"token.write"_s, u"cannot write the API token: "_s + out.errorString(), file);
    out.setPermissions(kOwnerOnly);
    out.write(token + '\n');
    if (!out.commit())
        return makeError(u"token.write"_s, u"cannot write the API token: "_s + out.errorString(), file);
    return token;
}

bool ApiToken::matches(const QByteArray &expected, const QByteArray &presented)
{
    if (expected.isEmpty() || expected.size() != presented.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < expected.size(); ++i)
        difference |= static_cast<unsigned char>(expected[i] ^ presented[i]);
    return difference == 0;
}

} // namespace flotilla

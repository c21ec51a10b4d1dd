#include "prompt_files.h"

#include "util/app_paths.h"

#include <QFile>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

bool isPlainName(const QString &name)
{
    static const QRegularExpression plain(u"^[A-Za-z0-9_.-]+$"_s);
    return plain.match(name).hasMatch() && name != u"." && name != u"..";
}

} // namespace

QString PromptFiles::folderFor(const QString &sessionId)
{
    return AppPaths::dataDir() + u"/prompts/"_s + sessionId;
}

Result<QString> PromptFiles::write(const QString &sessionId, const QString &fileName, const QString &contents)
{
    if (!isPlainName(sessionId) || !isPlainName(fileName))
        return makeError(u"agent.bad_prompt_file"_s,
                         u"a prompt file needs a plain session id and file name (letters, digits, . _ -)"_s,
                         sessionId + u'/' + fileName);
    const QString folder = folderFor(sessionId);
    if (!AppPaths::ensurePrivateDir(folder))
        return makeError(u"agent.prompt_file_failed"_s, u"cannot create the private prompt folder"_s, folder);

    const QString path = folder + u'/' + fileName;
    // Removed first so the file is created afresh with owner-only permissions, never reused
    // with wider ones.
    QFile::remove(path);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return makeError(u"agent.prompt_file_failed"_s, u"cannot write the prompt file: %1"_s.arg(file.errorString()),
                         path);
    const QByteArray bytes = contents.toUtf8();
    if (file.write(bytes) != bytes.size() || !file.flush())
        return makeError(u"agent.prompt_file_failed"_s, u"cannot write the prompt file: %1"_s.arg(file.errorString()),
                         path);
    return path;
}

} // namespace flotilla

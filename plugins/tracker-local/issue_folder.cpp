#include "issue_folder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QMutex>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUrl>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

const QString kAuthor = u"flotilla"_s;
// Enough for a crowd of instances creating at once; past it something else is wrong.
constexpr int kCreateAttempts = 1000;
// A rewrite takes milliseconds; a lock held this long belongs to a stuck process.
constexpr int kLockWaitMs = 10000;

// Threads of one process serialise here; QLockFile then keeps other processes out.
QMutex &rewriteMutex()
{
    static QMutex mutex;
    return mutex;
}

Error ioError(const QString &message, const QString &path)
{
    return makeError(u"tracker.io"_s, message, path);
}

bool matches(const Issue &issue, const IssueQuery &query)
{
    if (query.state && issue.state != *query.state)
        return false;
    for (const QString &label : query.labels) {
        if (!issue.labels.contains(label.trimmed(), Qt::CaseInsensitive))
            return false;
    }
    if (!query.assignee.isEmpty() && issue.assignee.compare(query.assignee.trimmed(), Qt::CaseInsensitive) != 0)
        return false;
    const QString text = query.text.trimmed();
    if (!text.isEmpty() && !issue.title.contains(text, Qt::CaseInsensitive)
        && !issue.description.contains(text, Qt::CaseInsensitive))
        return false;
    return true;
}

} // namespace

IssueFolder::IssueFolder(QString path, QString prefix) : m_path(std::move(path)), m_prefix(std::move(prefix)) {}

std::optional<int> IssueFolder::numberOf(const QString &id) const
{
    QString text = id.trimmed();
    if (text.startsWith(u'#'))
        text.remove(0, 1);
    else if (text.startsWith(m_prefix + u'-', Qt::CaseInsensitive))
        text.remove(0, m_prefix.size() + 1);
    static const QRegularExpression kDigits(u"^[0-9]{1,9}$"_s);
    if (!kDigits.match(text).hasMatch())
        return std::nullopt;
    const int number = text.toInt();
    return number > 0 ? std::optional<int>(number) : std::nullopt;
}

QString IssueFolder::idFor(int number) const
{
    return m_prefix + u'-' + QString::number(number);
}

QString IssueFolder::fileFor(int number) const
{
    return m_path + u'/' + idFor(number) + u".md"_s;
}

Error IssueFolder::notFound(const QString &id) const
{
    return makeError(u"tracker.not_found"_s,
                     u"there is no issue %1; issues are the %2-<number>.md files of this folder"_s.arg(id, m_prefix),
                     m_path);
}

QList<int> IssueFolder::numbers() const
{
    const QRegularExpression name(u"^"_s + QRegularExpression::escape(m_prefix) + u"-([1-9][0-9]{0,8})\\.md$"_s);
    QList<int> found;
    for (const QString &entry : QDir(m_path).entryList({u"*.md"_s}, QDir::Files)) {
        const auto match = name.match(entry);
        if (match.hasMatch())
            found << match.captured(1).toInt();
    }
    std::sort(found.begin(), found.end());
    return found;
}

Result<IssueFile> IssueFolder::read(int number) const
{
    const QString path = fileFor(number);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (!QFileInfo::exists(path))
            return notFound(idFor(number));
        return ioError(u"cannot read the issue file: "_s + file.errorString(), path);
    }
    auto parsed = IssueFile::parse(file.readAll(), path);
    if (!parsed)
        return parsed.error();
    parsed->setId(idFor(number));
    return parsed;
}

Result<Issue> IssueFolder::get(const QString &id) const
{
    const auto number = numberOf(id);
    if (!number)
        return notFound(id);
    auto file = read(*number);
    if (!file)
        return file.error();
    Issue issue = file->issue();
    issue.url = QUrl::fromLocalFile(fileFor(*number)).toString();
    return issue;
}

Result<QList<Issue>> IssueFolder::list(const IssueQuery &query) const
{
    QList<Issue> issues;
    for (const int number : numbers()) {
        if (query.limit > 0 && issues.size() >= query.limit)
            break;
        auto file = read(number);
        if (!file) {
            qWarning("local tracker: skipping %s", qPrintable(file.error().toString()));
            continue;
        }
        Issue issue = file->issue();
        issue.url = QUrl::fromLocalFile(fileFor(number)).toString();
        if (matches(issue, query))
            issues << std::move(issue);
    }
    return issues;
}

Result<void> IssueFolder::update(const QString &id, const IssueUpdate &update) const
{
    const auto number = numberOf(id);
    if (!number || !QFileInfo::exists(fileFor(*number)))
        return notFound(id);
    const QString path = fileFor(*number);

    const QMutexLocker processLock(&rewriteMutex());
    QLockFile fileLock(m_path + u"/."_s + idFor(*number) + u".md.lock"_s);
    if (!fileLock.tryLock(kLockWaitMs))
        return makeError(
            u"tracker.locked"_s,
            u"another process has been changing the issue file for %1 s; try again"_s.arg(kLockWaitMs / 1000), path);

    // Read again under the lock, so a change made by someone else meanwhile is kept.
    auto file = read(*number);
    if (!file)
        return file.error();
    if (update.state)
        file->setState(*update.state);
    for (const QString &label : update.addLabels)
        file->addLabel(label);
    for (const QString &label : update.removeLabels)
        file->removeLabel(label);
    if (!update.comment.trimmed().isEmpty())
        file->appendComment(update.comment, kAuthor, QDateTime::currentDateTimeUtc());

    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return ioError(u"cannot write the issue file: "_s + out.errorString(), path);
    const QByteArray content = file->serialize();
    if (out.write(content) != content.size() || !out.commit())
        return ioError(u"cannot write the issue file: "_s + out.errorString(), path);
    return {};
}

Result<Issue> IssueFolder::create(const Issue &issue) const
{
    if (issue.title.trimmed().isEmpty())
        return makeError(u"tracker.invalid"_s, u"an issue needs a title"_s, m_path);
    if (!QDir().mkpath(m_path))
        return ioError(u"cannot create the issues folder"_s, m_path);

    const QList<int> existing = numbers();
    int number = existing.isEmpty() ? 1 : existing.last() + 1;

    for (int attempt = 0; attempt < kCreateAttempts; ++attempt, ++number) {
        const QString path = fileFor(number);
        QFile file(path);
        // An exclusive create is the allocation: whoever makes the file owns the number.
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            if (QFileInfo::exists(path) || QFileInfo(path).isSymLink())
                continue;
            return ioError(u"cannot create the issue file: "_s + file.errorString(), path);
        }
        IssueFile created = IssueFile::create(issue);
        created.setId(idFor(number));
        const QByteArray content = created.serialize();
        if (file.write(content) != content.size() || !file.flush()) {
            const QString problem = file.errorString();
            file.remove();
            return ioError(u"cannot write the issue file: "_s + problem, path);
        }
        file.close();
        Issue result = created.issue();
        result.url = QUrl::fromLocalFile(path).toString();
        return result;
    }
    return ioError(u"no free issue number after %1 tries"_s.arg(kCreateAttempts), m_path);
}

} // namespace flotilla

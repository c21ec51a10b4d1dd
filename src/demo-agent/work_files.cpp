#include "work_files.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace flotilla::demo {

namespace {

QString commentLine(const QString &path, const QString &comment)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    static const QStringList kSlashes = {u"c"_s,  u"cc"_s, u"cpp"_s, u"h"_s,    u"hpp"_s, u"js"_s,
                                         u"ts"_s, u"go"_s, u"rs"_s,  u"java"_s, u"kt"_s,  u"swift"_s};
    if (kSlashes.contains(suffix))
        return u"// "_s + comment;
    if (suffix == u"md"_s || suffix == u"html"_s || suffix == u"xml"_s)
        return u"<!-- %1 -->"_s.arg(comment);
    if (suffix == u"sql"_s || suffix == u"lua"_s)
        return u"-- "_s + comment;
    return u"# "_s + comment;
}

} // namespace

WorkFiles::WorkFiles(const QString &root) : m_root(QDir(root).canonicalPath()) {}

QString WorkFiles::resolve(const QString &relative) const
{
    if (relative.isEmpty() || QDir::isAbsolutePath(relative) || relative.contains(u'\\'))
        return {};
    const QString clean = QDir::cleanPath(relative);
    if (clean == u"."_s || clean.startsWith(u"../"_s) || clean == u".."_s)
        return {};
    if (clean.split(u'/').contains(u".git"_s))
        return {};
    const QString path = m_root + u'/' + clean;
    // Symlinks could point anywhere: the nearest existing ancestor must still be inside.
    QFileInfo existing(path);
    while (!existing.exists() && existing.absoluteFilePath() != m_root)
        existing.setFile(existing.absolutePath());
    const QString real = existing.canonicalFilePath();
    if (real != m_root && !real.startsWith(m_root + u'/'))
        return {};
    return path;
}

bool WorkFiles::exists(const QString &relative) const
{
    const QString path = resolve(relative);
    return !path.isEmpty() && QFileInfo(path).isFile();
}

QString WorkFiles::read(const QString &relative) const
{
    QFile file(resolve(relative));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QString WorkFiles::write(const QString &relative, const QString &text) const
{
    const QString path = resolve(relative);
    if (path.isEmpty())
        return u"%1 is outside the working directory"_s.arg(relative);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit())
        return u"could not write %1: %2"_s.arg(relative, file.errorString());
    return {};
}

QString WorkFiles::append(const QString &relative, const QString &line) const
{
    QString text = read(relative);
    if (!text.isEmpty() && !text.endsWith(u'\n'))
        text += u'\n';
    return write(relative, text + line + u'\n');
}

QString WorkFiles::prependComment(const QString &relative, const QString &comment) const
{
    QString text = read(relative);
    qsizetype at = 0;
    if (text.startsWith(u"#!"_s)) {
        if (!text.contains(u'\n'))
            text += u'\n';
        at = text.indexOf(u'\n') + 1;
    }
    text.insert(at, commentLine(relative, comment) + u'\n');
    return write(relative, text);
}

} // namespace flotilla::demo

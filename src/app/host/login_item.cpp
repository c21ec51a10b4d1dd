#include "login_item.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

#if defined(Q_OS_WIN)
const QString kRunKey = u"HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"_s;
#elif defined(Q_OS_MACOS)
QString quotedXml(QString text)
{
    return text.replace(u'&', u"&amp;"_s).replace(u'<', u"&lt;"_s).replace(u'>', u"&gt;"_s);
}
#else
// An Exec= value: the program as one argument, quoted as the Desktop Entry spec asks.
QString execValue(const QString &program)
{
    // The quoting rule first, then the general string escape doubles every backslash.
    QString quoted = program;
    quoted.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s).replace(u'`', u"\\`"_s).replace(u'$', u"\\$"_s);
    quoted.replace(u'\\', u"\\\\"_s);
    return u'"' + quoted + u'"';
}
#endif

} // namespace

LoginItem::LoginItem(QString program) : m_program(std::move(program)) {}

QString LoginItem::location() const
{
#if defined(Q_OS_WIN)
    return kRunKey + u"\\Flotilla"_s;
#elif defined(Q_OS_MACOS)
    return QDir::homePath() + u"/Library/LaunchAgents/dev.flotilla.Flotilla.plist"_s;
#else
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u"/autostart/flotilla.desktop"_s;
#endif
}

bool LoginItem::isEnabled() const
{
#if defined(Q_OS_WIN)
    return QSettings(kRunKey, QSettings::NativeFormat).contains(u"Flotilla"_s);
#else
    return QFileInfo::exists(location());
#endif
}

Result<void> LoginItem::setEnabled(bool enabled) const
{
#if defined(Q_OS_WIN)
    QSettings run(kRunKey, QSettings::NativeFormat);
    if (enabled)
        run.setValue(u"Flotilla"_s, u"\"%1\""_s.arg(QDir::toNativeSeparators(m_program)));
    else
        run.remove(u"Flotilla"_s);
    run.sync();
    if (run.status() != QSettings::NoError)
        return makeError(u"login_item.write"_s, u"cannot change the Run key of your registry"_s, location());
    return {};
#else
    const QString path = location();
    if (!enabled) {
        if (QFileInfo::exists(path) && !QFile::remove(path))
            return makeError(u"login_item.remove"_s, u"cannot remove %1"_s.arg(path), path);
        return {};
    }
#if defined(Q_OS_MACOS)
    const QByteArray content = u"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                               "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                               "<plist version=\"1.0\"><dict>\n"
                               "  <key>Label</key><string>dev.flotilla.Flotilla</string>\n"
                               "  <key>ProgramArguments</key><array><string>%1</string></array>\n"
                               "  <key>RunAtLoad</key><true/>\n"
                               "</dict></plist>\n"_s.arg(quotedXml(m_program))
                                   .toUtf8();
#else
    const QByteArray content =
        u"[Desktop Entry]\nType=Application\nName=Flotilla\n"
        "Comment=Runs fleets of AI coding agents\nExec=%1\nIcon=dev.flotilla.Flotilla\nTerminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"_s.arg(execValue(m_program))
            .toUtf8();
#endif
    QDir().mkpath(QFileInfo(path).path());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return makeError(u"login_item.write"_s, u"cannot write %1: %2"_s.arg(path, file.errorString()), path);
    return {};
#endif
}

} // namespace flotilla

#include "emulator_terminal.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// What goes between an emulator and the command it should run. Emulators not listed take
// "-e", which Debian requires of every x-terminal-emulator.
QStringList separatorFor(const QString &program)
{
    const QString base = QFileInfo(program).completeBaseName();
    if (base == u"gnome-terminal"_s || base == u"ptyxis"_s)
        return {u"--"_s};
    if (base == u"xfce4-terminal"_s || base == u"terminator"_s)
        return {u"-x"_s};
    if (base == u"kitty"_s || base == u"foot"_s)
        return {};
    if (base == u"wezterm"_s)
        return {u"start"_s, u"--"_s};
    return {u"-e"_s};
}

#if defined(Q_OS_MACOS)
// `text` as one word for a POSIX shell.
QString shellQuoted(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'\'', u"'\\''"_s);
    return u'\'' + quoted + u'\'';
}
#endif

QStringList configuredCommand(const PluginSettings &settings)
{
    const QJsonValue command = settings.value(u"command"_s);
    if (command.isArray()) {
        QStringList words;
        for (const QJsonValue &word : command.toArray())
            words << word.toString();
        return words;
    }
    if (command.isString())
        return QProcess::splitCommand(command.toString());
    return {};
}

} // namespace

EmulatorTerminal::EmulatorTerminal(const PluginSettings &settings) : m_command(configuredCommand(settings))
{
    if (m_command.isEmpty()) {
        const QStringList fromEnvironment = QProcess::splitCommand(qEnvironmentVariable("TERMINAL"));
        if (!fromEnvironment.isEmpty())
            m_command = fromEnvironment + separatorFor(fromEnvironment.first());
    }
}

QStringList EmulatorTerminal::launchCommand(const QStringList &attachCommand) const
{
    if (!m_command.isEmpty())
        return QStandardPaths::findExecutable(m_command.first()).isEmpty()
                       && !QFileInfo(m_command.first()).isExecutable()
                   ? QStringList()
                   : m_command + attachCommand;
#if defined(Q_OS_MACOS)
    QStringList words;
    for (const QString &word : attachCommand)
        words << shellQuoted(word);
    QString script = words.join(u' ');
    script.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
    return {u"osascript"_s, u"-e"_s, u"tell application \"Terminal\""_s, u"-e"_s,
            u"activate"_s,  u"-e"_s, u"do script \"%1\""_s.arg(script),  u"-e"_s,
            u"end tell"_s};
#elif defined(Q_OS_WIN)
    if (!QStandardPaths::findExecutable(u"wt"_s).isEmpty())
        return QStringList{u"wt"_s, u"new-tab"_s} + attachCommand;
    return QStringList{u"cmd.exe"_s, u"/c"_s, u"start"_s, u""_s} + attachCommand;
#else
    for (const QString &candidate : {u"x-terminal-emulator"_s, u"gnome-terminal"_s, u"konsole"_s, u"xfce4-terminal"_s,
                                     u"kitty"_s, u"alacritty"_s, u"foot"_s, u"wezterm"_s, u"xterm"_s}) {
        const QString found = QStandardPaths::findExecutable(candidate);
        if (!found.isEmpty())
            return QStringList{found} + separatorFor(found) + attachCommand;
    }
    return {};
#endif
}

Availability EmulatorTerminal::detect() const
{
    if (launchCommand({u"true"_s}).isEmpty())
        return Availability::missing(u"no terminal emulator found"_s,
                                     u"install one, or name yours in $TERMINAL or the emulator plugin's `command`"_s);
    return Availability::ok();
}

Async<void> EmulatorTerminal::open(const SessionRecord &session, const QStringList &attachCommand)
{
    if (attachCommand.isEmpty())
        return failed<void>(makeError(u"terminal.nothing_to_attach"_s,
                                      u"%1 runs without a terminal to attach to; its output is in the app's Terminal "
                                      "tab"_s.arg(session.id)));
    const QStringList command = launchCommand(attachCommand);
    if (command.isEmpty())
        return failed<void>(makeError(u"terminal.not_found"_s,
                                      u"no terminal emulator found: install one, or name yours in $TERMINAL"_s));
    QProcess emulator;
    emulator.setProgram(command.first());
    emulator.setArguments(command.mid(1));
    emulator.setWorkingDirectory(session.workspacePath);
    emulator.setStandardInputFile(QProcess::nullDevice());
    emulator.setStandardOutputFile(QProcess::nullDevice());
    emulator.setStandardErrorFile(QProcess::nullDevice());
    if (!emulator.startDetached())
        return failed<void>(makeError(u"terminal.start_failed"_s,
                                      u"%1 did not start: %2"_s.arg(command.first(), emulator.errorString())));
    return readyOk();
}

} // namespace flotilla

#include "terminal.h"
#include "terminal_mode.h"
#include "work_runner.h"

#include <QCoreApplication>
#include <QDir>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"flotilla-demo-agent"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(FLOTILLA_VERSION));

    const flotilla::demo::TerminalMode mode;
    flotilla::demo::Terminal terminal;
    flotilla::demo::WorkRunner runner(terminal, QDir::currentPath());
    QObject::connect(&terminal, &flotilla::demo::Terminal::messageSubmitted, &runner,
                     &flotilla::demo::WorkRunner::receive);
    QObject::connect(&terminal, &flotilla::demo::Terminal::quitRequested, &app, &QCoreApplication::quit);

    terminal.printLine(u"Flotilla demo agent — scripted, no AI model"_s);
    terminal.printLine(u"Working in %1. Enter sends a message; Ctrl-C twice or Ctrl-D quits."_s.arg(
        QDir::toNativeSeparators(QDir::currentPath())));
    terminal.setPromptVisible(true);
    terminal.start();
    const int code = QCoreApplication::exec();
    terminal.setPromptVisible(false);
    return code;
}

#include "terminal_mode.h"

#include <QtGlobal>

#include <cstdio>

#ifdef Q_OS_UNIX
#include <termios.h>
#include <unistd.h>
#endif

namespace flotilla::demo {

namespace {

constexpr char kBracketedPasteOn[] = "\x1b[?2004h";
constexpr char kBracketedPasteOff[] = "\x1b[?2004l";

#ifdef Q_OS_UNIX
termios g_saved{};
#endif

} // namespace

TerminalMode::TerminalMode()
{
#ifdef Q_OS_UNIX
    if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &g_saved) == 0) {
        termios raw = g_saved;
        raw.c_iflag &= ~static_cast<tcflag_t>(ICRNL | INLCR | IGNCR | IXON | ISTRIP);
        raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | ISIG | IEXTEN);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        m_raw = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    }
#endif
    std::fputs(kBracketedPasteOn, stdout);
    std::fflush(stdout);
}

TerminalMode::~TerminalMode()
{
    std::fputs(kBracketedPasteOff, stdout);
    std::fflush(stdout);
#ifdef Q_OS_UNIX
    if (m_raw)
        tcsetattr(STDIN_FILENO, TCSANOW, &g_saved);
#endif
}

} // namespace flotilla::demo

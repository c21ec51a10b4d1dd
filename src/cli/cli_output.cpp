#include "cli_output.h"

#include <QTextStream>

#include <cstdio>

namespace flotilla {

void printOut(const QString &text)
{
    QTextStream(stdout) << text << Qt::flush;
}

void printErr(const QString &text)
{
    QTextStream(stderr) << text << Qt::flush;
}

} // namespace flotilla

#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace flotilla::test {

struct ProcessResult
{
    bool finished = false;
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs a program to completion (tests may block; product code never does).
ProcessResult runProcess(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
                         const QString &workingDir = QString(), int timeoutMs = 30000);

// Runs a program while this process's event loop keeps turning, for a program that talks to a
// fake served in this very process (a blocking run would starve the fake). `input` goes to
// its standard input.
ProcessResult runServing(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
                         const QByteArray &input = {}, const QString &workingDir = QString(), int timeoutMs = 120000);

// Runs the real git CLI in `dir` as a fixed test identity (fixtures made the way users make
// them); aborts the test program when git fails, since nothing after it would mean anything.
void runGit(const QString &dir, const QStringList &arguments);
// Writes a file, creating its folders; aborts when it cannot.
void writeTestFile(const QString &path, const QByteArray &content);

// A raw HTTP/1.1 exchange over a plain socket, so tests control every byte the server sees
// (hostile Host headers, missing tokens, garbage) instead of what a client library would send.
struct HttpExchange
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool connected = false;

    QByteArray header(const QByteArray &name) const;
};
HttpExchange rawHttp(quint16 port, const QByteArray &request, int timeoutMs = 10000);
// A GET with the given Host and optional bearer token.
HttpExchange httpGet(quint16 port, const QByteArray &path, const QByteArray &host, const QByteArray &token = {});

} // namespace flotilla::test

#include "process_helpers.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTcpSocket>
#include <QTest>

namespace flotilla::test {

ProcessResult runProcess(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
                         const QString &workingDir, int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    if (!workingDir.isEmpty())
        process.setWorkingDirectory(workingDir);
    process.start(program, arguments);
    ProcessResult result;
    result.finished = process.waitForFinished(timeoutMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

ProcessResult runServing(const QString &program, const QStringList &arguments, const QProcessEnvironment &environment,
                         const QByteArray &input, const QString &workingDir, int timeoutMs)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    if (!workingDir.isEmpty())
        process.setWorkingDirectory(workingDir);
    process.start(program, arguments);
    process.write(input);
    process.closeWriteChannel();
    QDeadlineTimer deadline(timeoutMs);
    while (process.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(20);
    ProcessResult result;
    result.finished = process.state() == QProcess::NotRunning;
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

void runGit(const QString &dir, const QStringList &arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"})
        environment.insert(QString::fromLatin1(name), QStringLiteral("Test"));
    for (const char *name : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"})
        environment.insert(QString::fromLatin1(name), QStringLiteral("test@example.invalid"));
    const ProcessResult result = runProcess(QStringLiteral("git"), arguments, environment, dir);
    if (result.exitCode != 0)
        qFatal("git %s failed: %s", qPrintable(arguments.join(u' ')), qPrintable(result.err));
}

void writeTestFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
}

QByteArray HttpExchange::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpExchange rawHttp(quint16 port, const QByteArray &request, int timeoutMs)
{
    HttpExchange exchange;
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(timeoutMs))
        return exchange;
    exchange.connected = true;
    socket.write(request);
    QByteArray response;
    QElapsedTimer timer;
    timer.start();
    qsizetype headerEnd = -1;
    qsizetype contentLength = -1;
    while (timer.elapsed() < timeoutMs) {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(100)) {
            if (socket.state() != QAbstractSocket::ConnectedState)
                break;
            continue;
        }
        response += socket.readAll();
        if (headerEnd < 0)
            headerEnd = response.indexOf("\r\n\r\n");
        if (headerEnd >= 0 && contentLength < 0) {
            const QList<QByteArray> lines = response.left(headerEnd).split('\n');
            contentLength = 0;
            for (const QByteArray &line : lines) {
                if (line.toLower().startsWith("content-length:"))
                    contentLength = line.mid(15).trimmed().toLongLong();
            }
        }
        if (headerEnd >= 0 && response.size() >= headerEnd + 4 + contentLength)
            break;
    }
    if (headerEnd < 0)
        return exchange;
    const QList<QByteArray> lines = response.left(headerEnd).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    exchange.status = statusLine.value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            exchange.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    exchange.body = response.mid(headerEnd + 4);
    return exchange;
}

HttpExchange httpGet(quint16 port, const QByteArray &path, const QByteArray &host, const QByteArray &token)
{
    QByteArray request = "GET " + path + " HTTP/1.1\r\n";
    if (!host.isNull())
        request += "Host: " + host + "\r\n";
    if (!token.isEmpty())
        request += "Authorization: Bearer " + token + "\r\n";
    request += "Connection: close\r\n\r\n";
    return rawHttp(port, request);
}

} // namespace flotilla::test

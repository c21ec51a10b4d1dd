#include "external_plugin_process.h"

#include "external_json.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QPromise>
#include <QStandardPaths>
#include <QtDebug>

#include <memory>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr int kFirstBackoffMs = 500;
constexpr int kMaxBackoffMs = 30000;
constexpr qint64 kStableRunMs = 60000;
constexpr int kStopGraceMs = 2000;
constexpr qsizetype kMaxStderrLineBytes = 64 * 1024;
constexpr int kMethodNotFound = -32601;

QString durationText(int ms)
{
    return ms % 1000 == 0 ? u"%1 s"_s.arg(ms / 1000) : u"%1 ms"_s.arg(ms);
}

// Flotilla's own environment, minus what Flotilla keeps secret for itself: a plugin gets the
// user's PATH, HOME and tool tokens, but not Flotilla's credentials.
QProcessEnvironment pluginEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QStringList keys = environment.keys();
    for (const QString &key : keys) {
        if (!key.startsWith(u"FLOTILLA_"_s))
            continue;
        for (const auto word : {u"TOKEN", u"SECRET", u"PASSWORD", u"KEY"}) {
            if (key.contains(word))
                environment.remove(key);
        }
    }
    return environment;
}

QJsonObject request(qint64 id, const QString &method, const QJsonObject &params)
{
    return {{u"jsonrpc"_s, u"2.0"_s}, {u"id"_s, id}, {u"method"_s, method}, {u"params"_s, params}};
}

} // namespace

ExternalPluginProcess::ExternalPluginProcess(ExternalPluginSpec spec, PluginSettings settings, QObject *parent)
    : QObject(parent), m_spec(std::move(spec)), m_settings(std::move(settings))
{
    m_redactor.addSettings(m_settings);
    m_restartTimer.setSingleShot(true);
    connect(&m_restartTimer, &QTimer::timeout, this, &ExternalPluginProcess::launch);
    if (resolveProgram(m_spec.command, m_spec.workingDir).isEmpty())
        m_startProblem = u"cannot start plugin %1: %2 not found"_s.arg(m_spec.name, m_spec.command.value(0));
}

ExternalPluginProcess::~ExternalPluginProcess()
{
    const Error stopped = error(u"plugin.stopped"_s, u"the plugin %1 was stopped"_s.arg(m_spec.name));
    auto pending = std::exchange(m_pending, {});
    for (auto &[id, call] : pending) {
        if (!call.internal)
            call.done(stopped);
    }
    detachProcess(Stop::Gracefully);
}

QString ExternalPluginProcess::resolveProgram(const QStringList &command, const QString &workingDir)
{
    if (command.isEmpty() || command.first().isEmpty())
        return QString();
    const QString program = command.first();
    if (!program.contains(u'/'))
        return QStandardPaths::findExecutable(program);
    QFileInfo info(program);
    if (info.isRelative() && !workingDir.isEmpty())
        info.setFile(workingDir + u'/' + program);
    return info.isFile() && info.isExecutable() ? info.absoluteFilePath() : QString();
}

Result<QJsonObject> ExternalPluginProcess::checkHandshake(const ExternalPluginSpec &spec, const QJsonValue &answer)
{
    const auto refuse = [&spec](const QString &why) {
        return makeError(u"plugin.handshake"_s, u"the plugin %1 was refused: %2"_s.arg(spec.name, why), spec.name);
    };
    if (!answer.isObject())
        return refuse(u"its initialize answer is not an object"_s);
    const QJsonObject declared = answer.toObject();
    if (declared.contains(u"protocol") && declared.value(u"protocol").toInt(-1) != kProtocolVersion)
        return refuse(u"it speaks protocol %1, Flotilla speaks protocol %2"_s.arg(
            declared.value(u"protocol").toVariant().toString(), QString::number(kProtocolVersion)));
    const QString slot = declared.value(u"slot").toString();
    if (slot != slotName(spec.slot))
        return refuse(slot.isEmpty() ? u"it names no slot; it is configured for the %1 slot"_s.arg(slotName(spec.slot))
                                     : u"it serves the %1 slot, not the %2 slot"_s.arg(slot, slotName(spec.slot)));
    if (declared.value(u"name").toString().isEmpty())
        return refuse(u"its initialize answer has no name"_s);
    return declared;
}

Availability ExternalPluginProcess::availability() const
{
    if (!m_startProblem.isEmpty())
        return Availability::missing(m_startProblem,
                                     u"check the plugin's command: %1"_s.arg(m_spec.command.join(u' ')));
    return m_availability;
}

QFuture<Result<QJsonValue>> ExternalPluginProcess::call(const QString &method, const QJsonObject &params)
{
    auto promise = std::make_shared<QPromise<Result<QJsonValue>>>();
    promise->start();
    QFuture<Result<QJsonValue>> future = promise->future();
    const qint64 id = addPending(
        method, params,
        [promise](Result<QJsonValue> result) {
            promise->addResult(std::move(result));
            promise->finish();
        },
        false);
    if (m_state == State::Ready)
        writeCall(id);
    else
        ensureStarted();
    return future;
}

void ExternalPluginProcess::notify(const QString &method, const QJsonObject &params)
{
    const QJsonObject message{{u"jsonrpc"_s, u"2.0"_s}, {u"method"_s, method}, {u"params"_s, params}};
    if (m_state == State::Ready)
        return write(message);
    m_queuedNotifications.append(message);
    ensureStarted();
}

void ExternalPluginProcess::start()
{
    ensureStarted();
}

qint64 ExternalPluginProcess::addPending(const QString &method, const QJsonObject &params, Callback done, bool internal)
{
    const qint64 id = ++m_nextId;
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, id] { timeOut(id); });
    timer->start(m_spec.timeoutMs);
    m_pending.emplace(id, Pending{method, params, std::move(done), timer, false, internal});
    return id;
}

void ExternalPluginProcess::writeCall(qint64 id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end() || it->second.written)
        return;
    it->second.written = true;
    write(request(id, it->second.method, std::exchange(it->second.params, {})));
}

int ExternalPluginProcess::backoffMs() const
{
    if (m_failures == 0)
        return 0;
    const int pause = std::min(kMaxBackoffMs, kFirstBackoffMs << std::min(m_failures - 1, 8));
    return static_cast<int>(std::max<qint64>(0, pause - m_sinceFailure.elapsed()));
}

void ExternalPluginProcess::ensureStarted()
{
    if (m_state != State::Stopped)
        return;
    if (const int pause = backoffMs(); pause > 0) {
        m_state = State::Waiting;
        m_restartTimer.start(pause);
        return;
    }
    launch();
}

void ExternalPluginProcess::launch()
{
    const QString program = resolveProgram(m_spec.command, m_spec.workingDir);
    if (program.isEmpty())
        return handleStartFailure(u"%1 not found"_s.arg(m_spec.command.value(0)), u"plugin.not_found"_s);

    m_state = State::Starting;
    m_stdout.clear();
    m_stdoutScanned = 0;
    m_stderr.clear();
    m_stderrTail.clear();
    m_process = new QProcess(this);
    m_process->setProgram(program);
    m_process->setArguments(m_spec.command.mid(1));
    if (!m_spec.workingDir.isEmpty())
        m_process->setWorkingDirectory(m_spec.workingDir);
    m_process->setProcessEnvironment(pluginEnvironment());
    connect(m_process, &QProcess::started, this, &ExternalPluginProcess::sendHandshake);
    connect(m_process, &QProcess::readyReadStandardOutput, this, &ExternalPluginProcess::readStdout);
    connect(m_process, &QProcess::readyReadStandardError, this, &ExternalPluginProcess::readStderr);
    connect(m_process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        readStdout();
        if (!m_process)
            return; // the output broke the protocol and the process is already abandoned
        readStderr();
        flushStderr();
        handleExit(status == QProcess::CrashExit ? u"crashed"_s : u"exited with code %1"_s.arg(exitCode));
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError failure) {
        if (failure == QProcess::FailedToStart && m_process)
            handleStartFailure(m_process->errorString(), u"plugin.start_failed"_s);
    });
    m_process->start();
}

void ExternalPluginProcess::handleStartFailure(const QString &problem, const QString &code)
{
    m_startProblem = u"cannot start plugin %1: %2"_s.arg(m_spec.name, problem);
    qWarning().noquote() << m_startProblem;
    abandon(error(code, m_startProblem));
}

void ExternalPluginProcess::sendHandshake()
{
    const QJsonObject params{{u"protocol"_s, kProtocolVersion},
                             {u"flotillaVersion"_s, QStringLiteral(FLOTILLA_VERSION)},
                             {u"slot"_s, slotName(m_spec.slot)},
                             {u"settings"_s, m_settings}};
    m_handshakeId = addPending(
        u"initialize"_s, params, [this](Result<QJsonValue> answer) { onHandshake(std::move(answer)); }, true);
    writeCall(m_handshakeId);
}

void ExternalPluginProcess::onHandshake(Result<QJsonValue> answer)
{
    m_handshakeId = 0;
    auto declared = answer ? checkHandshake(m_spec, answer.value()) : Result<QJsonObject>(answer.error());
    if (!declared) {
        m_startProblem = declared.error().message;
        qWarning().noquote() << m_startProblem;
        return abandon(declared.error());
    }
    m_declarations = declared.value();
    m_startProblem.clear();
    m_state = State::Ready;
    m_sinceReady.start();
    flushQueued();
    const qint64 detectId = addPending(
        u"detect"_s, {},
        [this](Result<QJsonValue> reply) {
            Availability availability;
            if (reply && !external::decodeJson(reply.value(), availability, u"result"_s))
                m_availability = availability;
        },
        true);
    writeCall(detectId);
    emit ready();
}

void ExternalPluginProcess::flushQueued()
{
    QList<qint64> ids;
    for (const auto &[id, call] : m_pending) {
        if (!call.written)
            ids << id;
    }
    for (qint64 id : ids)
        writeCall(id);
    for (const QJsonObject &message : std::exchange(m_queuedNotifications, {}))
        write(message);
}

void ExternalPluginProcess::write(const QJsonObject &message)
{
    if (!m_process)
        return;
    m_process->write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
}

void ExternalPluginProcess::readStdout()
{
    if (!m_process)
        return;
    m_stdout += m_process->readAllStandardOutput();
    for (;;) {
        const qsizetype newline = m_stdout.indexOf('\n', m_stdoutScanned);
        if (newline < 0) {
            m_stdoutScanned = m_stdout.size();
            break;
        }
        const QByteArray line = m_stdout.left(newline);
        m_stdout.remove(0, newline + 1);
        m_stdoutScanned = 0;
        if (line.size() > kMaxLineBytes)
            break;
        handleLine(line);
        if (!m_process)
            return;
    }
    if (m_stdout.size() > kMaxLineBytes || m_stdoutScanned > kMaxLineBytes) {
        m_stdout.clear();
        m_stdoutScanned = 0;
        const QString message = u"the plugin %1 wrote a line longer than %2 MiB and was stopped"_s.arg(
            m_spec.name, QString::number(kMaxLineBytes / (1024 * 1024)));
        qWarning().noquote() << message;
        abandon(error(u"plugin.protocol"_s, message));
    }
}

void ExternalPluginProcess::handleLine(const QByteArray &line)
{
    const QByteArray trimmed = line.trimmed();
    if (trimmed.isEmpty())
        return;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(trimmed, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        qWarning().noquote() << u"plugin %1 wrote a line that is not JSON-RPC, ignored: %2"_s.arg(
            m_spec.name, m_redactor.redact(QString::fromUtf8(trimmed.left(200))));
        return;
    }
    const QJsonObject message = document.object();
    if (!message.contains(u"method"))
        return handleResponse(message);
    const QString method = message.value(u"method").toString();
    if (message.contains(u"id")) {
        write({{u"jsonrpc"_s, u"2.0"_s},
               {u"id"_s, message.value(u"id")},
               {u"error"_s, QJsonObject{{u"code"_s, kMethodNotFound},
                                        {u"message"_s, u"Flotilla serves no methods to plugins"_s}}}});
        return;
    }
    const QJsonObject params = message.value(u"params").toObject();
    const QString text = params.value(u"message").isString()
                             ? params.value(u"message").toString()
                             : QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact).left(500));
    qInfo().noquote() << u"plugin %1: %2: %3"_s.arg(m_spec.name, method, m_redactor.redact(text));
}

void ExternalPluginProcess::handleResponse(const QJsonObject &message)
{
    const qint64 id = message.value(u"id").toInteger(-1);
    const auto it = m_pending.find(id);
    if (it == m_pending.end() || !it->second.written) {
        qWarning().noquote() << u"plugin %1 answered call %2, which it was not asked or which timed out"_s.arg(
            m_spec.name, QString::number(id));
        return;
    }
    const QString method = it->second.method;
    if (message.contains(u"error")) {
        const QJsonObject failure = message.value(u"error").toObject();
        const QJsonValue code = failure.value(u"code");
        QString codeText = code.isDouble() ? QString::number(code.toInteger()) : code.toString();
        if (codeText.isEmpty())
            codeText = u"error"_s;
        QString text = m_redactor.redact(failure.value(u"message").toString());
        if (text.isEmpty())
            text = u"the plugin %1 failed %2"_s.arg(m_spec.name, method);
        return finish(id, makeError(u"plugin.%1.%2"_s.arg(m_spec.name, codeText), text, method));
    }
    if (!message.contains(u"result"))
        return finish(
            id, error(u"plugin.protocol"_s,
                      u"the plugin %1 answered %2 with neither a result nor an error"_s.arg(m_spec.name, method)));
    finish(id, message.value(u"result"));
}

void ExternalPluginProcess::readStderr()
{
    if (!m_process)
        return;
    m_stderr += m_process->readAllStandardError();
    for (;;) {
        qsizetype newline = m_stderr.indexOf('\n');
        if (newline < 0 && m_stderr.size() <= kMaxStderrLineBytes)
            return;
        if (newline < 0)
            newline = kMaxStderrLineBytes;
        const QString line = m_redactor.redact(QString::fromUtf8(m_stderr.left(newline)).trimmed());
        m_stderr.remove(0, newline + 1);
        if (line.isEmpty())
            continue;
        m_stderrTail.append(line);
        while (m_stderrTail.size() > kStderrLinesKept)
            m_stderrTail.removeFirst();
        qInfo().noquote() << u"plugin %1: %2"_s.arg(m_spec.name, line);
    }
}

void ExternalPluginProcess::flushStderr()
{
    if (!m_stderr.isEmpty())
        m_stderr += '\n';
    readStderr();
}

void ExternalPluginProcess::handleExit(const QString &reason)
{
    QString message = u"the plugin %1 %2"_s.arg(m_spec.name, reason);
    if (!m_stderrTail.isEmpty())
        message += u": "_s + m_stderrTail.last();
    qWarning().noquote() << message;
    if (m_state == State::Ready && m_sinceReady.elapsed() >= kStableRunMs)
        m_failures = 0;
    recordFailure();
    detachProcess(Stop::Now);
    m_state = State::Stopped;
    failAll(error(u"plugin.exited"_s, message));
}

void ExternalPluginProcess::abandon(const Error &failure)
{
    recordFailure();
    detachProcess(Stop::Now);
    m_state = State::Stopped;
    failAll(failure);
}

void ExternalPluginProcess::recordFailure()
{
    ++m_failures;
    m_sinceFailure.start();
}

void ExternalPluginProcess::failAll(const Error &failure)
{
    m_handshakeId = 0;
    if (!m_queuedNotifications.isEmpty())
        qWarning().noquote() << u"plugin %1: %2 notifications were not delivered"_s.arg(
            m_spec.name, QString::number(m_queuedNotifications.size()));
    m_queuedNotifications.clear();
    auto pending = std::exchange(m_pending, {});
    for (auto &[id, call] : pending) {
        call.timer->deleteLater();
        if (!call.internal)
            call.done(failure);
    }
}

void ExternalPluginProcess::finish(qint64 id, Result<QJsonValue> result)
{
    auto node = m_pending.extract(id);
    if (node.empty())
        return;
    node.mapped().timer->deleteLater();
    node.mapped().done(std::move(result));
}

void ExternalPluginProcess::timeOut(qint64 id)
{
    const auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    const QString message = u"the plugin %1 did not answer %2 within %3"_s.arg(m_spec.name, it->second.method,
                                                                               durationText(m_spec.timeoutMs));
    qWarning().noquote() << message;
    if (id == m_handshakeId) {
        m_startProblem = message;
        return abandon(error(u"plugin.timeout"_s, message));
    }
    finish(id, error(u"plugin.timeout"_s, message));
}

void ExternalPluginProcess::detachProcess(Stop how)
{
    if (!m_process)
        return;
    QProcess *process = std::exchange(m_process, nullptr);
    process->disconnect(this);
    if (process->state() == QProcess::NotRunning) {
        process->deleteLater();
        return;
    }
    // The process outlives this object until it has exited, so stopping never blocks.
    process->setParent(nullptr);
    connect(process, &QProcess::finished, process, &QObject::deleteLater);
    process->closeWriteChannel();
    if (how == Stop::Now) {
        process->kill();
        return;
    }
    QTimer::singleShot(kStopGraceMs, process, &QProcess::terminate);
    QTimer::singleShot(2 * kStopGraceMs, process, &QProcess::kill);
}

Error ExternalPluginProcess::error(const QString &code, const QString &message) const
{
    return makeError(code, message, m_spec.name);
}

} // namespace flotilla

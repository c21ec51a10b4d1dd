#include "tmux_runtime.h"

#include "delivery_queue.h"
#include "launch_environment.h"
#include "plugin/await_result.h"
#include "tmux_client.h"
#include "util/app_paths.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTimer>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr int kWindowWidth = 200;
constexpr int kWindowHeight = 50;
constexpr std::chrono::milliseconds kLauncherPoll{50};
constexpr std::chrono::milliseconds kLauncherTimeout{10000};

QString launcherFileName()
{
    return u"flotilla-launch"_s;
}

bool isExecutableFile(const QString &path)
{
    const QFileInfo info(path);
    return !path.isEmpty() && info.isFile() && info.isExecutable();
}

Error sessionMissing(const QString &session, const QString &socket)
{
    return makeError(u"runtime.session_missing"_s,
                     u"tmux session %1 does not exist (tmux server \"%2\")"_s.arg(session, socket), session);
}

// capture-pane pads the screen below the last output with empty rows; the caller wants the
// last `lines` lines that were written.
QString lastLines(const QByteArray &captured, int lines)
{
    QStringList rows = QString::fromUtf8(captured).split(u'\n');
    while (!rows.isEmpty() && rows.last().trimmed().isEmpty())
        rows.removeLast();
    if (lines > 0 && rows.size() > lines)
        rows = rows.mid(rows.size() - lines);
    return rows.isEmpty() ? QString() : rows.join(u'\n') + u'\n';
}

// Fills one probe per handle of `socket` from `list-panes -a` output. A session's agent runs
// in its first pane (lowest pane id); panes a person added later do not count.
void readPanes(const QByteArray &listed, const QList<RuntimeHandle> &handles, const QDateTime &now,
               QHash<QString, RuntimeProbe> &probes)
{
    struct Agent
    {
        int paneId = -1;
        bool dead = false;
    };
    QHash<QString, Agent> agents;
    for (const QString &line : QString::fromUtf8(listed).split(u'\n', Qt::SkipEmptyParts)) {
        const QStringList fields = line.split(u'\t');
        if (fields.size() != 3)
            continue;
        bool ok = false;
        const int paneId = fields.at(1).mid(1).toInt(&ok);
        if (!ok)
            continue;
        Agent &agent = agents[fields.at(0)];
        if (agent.paneId < 0 || paneId < agent.paneId)
            agent = Agent{paneId, fields.at(2) == u"1"_s};
    }
    for (const RuntimeHandle &handle : handles) {
        const auto agent = agents.constFind(handle.id);
        const bool alive = agent != agents.cend();
        probes.insert(handle.id, RuntimeProbe{alive, alive && !agent->dead, {}, now});
    }
}

} // namespace

TmuxRuntime::TmuxRuntime(const PluginSettings &settings)
    : m_socket(settings.value(u"socket").toString()), m_configuredTmux(settings.value(u"tmuxPath").toString()),
      m_configuredLauncher(settings.value(u"launcherPath").toString())
{
    if (m_socket.isEmpty())
        m_socket = u"flotilla"_s;
    QString program;
    if (m_configuredTmux.isEmpty())
        program = QStandardPaths::findExecutable(u"tmux"_s);
    else if (isExecutableFile(m_configuredTmux))
        program = m_configuredTmux;
    m_client = std::make_unique<TmuxClient>(program);
    m_queue = std::make_unique<DeliveryQueue>(*m_client, TextDelivery::Timing{});
}

// The client goes first: it stops its running tmux calls without answering them, so no
// answer can reach a delivery that is already gone.
TmuxRuntime::~TmuxRuntime()
{
    m_client.reset();
    m_queue.reset();
}

QString TmuxRuntime::name() const
{
    return u"tmux"_s;
}

QString TmuxRuntime::sessionName(const QString &sessionId)
{
    QString name = sessionId;
    for (QChar &c : name) {
        const bool plain =
            (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_';
        if (!plain)
            c = u'_';
    }
    return name;
}

QString TmuxRuntime::launcherPath() const
{
    if (!m_configuredLauncher.isEmpty())
        return m_configuredLauncher;
    if (!QCoreApplication::instance())
        return QString();
    return QCoreApplication::applicationDirPath() + u'/' + launcherFileName();
}

Availability TmuxRuntime::detect() const
{
    if (m_client->program().isEmpty())
        return tmuxAvailability();
    const QString launcher = launcherPath();
    if (!isExecutableFile(launcher))
        return Availability::missing(
            u"%1 not found%2"_s.arg(launcherFileName(), launcher.isEmpty() ? QString() : u" at "_s + launcher),
            u"reinstall Flotilla, or set launcherPath to where flotilla-launch is"_s);
    return Availability::ok();
}

Availability TmuxRuntime::tmuxAvailability() const
{
    if (!m_client->program().isEmpty())
        return Availability::ok();
    if (m_configuredTmux.isEmpty())
        return Availability::missing(u"tmux not found"_s, u"install package tmux"_s);
    return Availability::missing(u"tmux not found at %1"_s.arg(m_configuredTmux),
                                 u"install package tmux or correct the tmuxPath setting"_s);
}

Error TmuxRuntime::tmuxMissing() const
{
    const Availability missing = tmuxAvailability();
    return makeError(u"runtime.tmux_not_found"_s, missing.problem + u": "_s + missing.hint);
}

QString TmuxRuntime::socketFor(const RuntimeHandle &handle) const
{
    const QString socket = handle.data.value(u"socket").toString();
    return socket.isEmpty() ? m_socket : socket;
}

Async<RuntimeHandle> TmuxRuntime::create(const RuntimeLaunch &launch)
{
    if (m_client->program().isEmpty())
        return failed<RuntimeHandle>(tmuxMissing());
    const QString launcher = launcherPath();
    if (!isExecutableFile(launcher))
        return failed<RuntimeHandle>(makeError(
            u"runtime.launcher_not_found"_s,
            u"%1 not found at %2: reinstall Flotilla, or set launcherPath"_s.arg(launcherFileName(), launcher)));
    const QString session = sessionName(launch.sessionId);
    if (session.isEmpty())
        return failed<RuntimeHandle>(
            makeError(u"runtime.bad_session"_s, u"a tmux session needs a session id to be named after"_s));
    if (launch.command.isEmpty() || launch.command.first().isEmpty())
        return failed<RuntimeHandle>(
            makeError(u"runtime.bad_command"_s, u"there is no agent command to run"_s, launch.sessionId));
    if (!QFileInfo(launch.workDir).isDir())
        return failed<RuntimeHandle>(makeError(
            u"runtime.bad_workdir"_s, u"the working folder %1 does not exist"_s.arg(launch.workDir), launch.sessionId));

    auto envFile = LaunchEnvironment::write(AppPaths::runtimeDir(), session, launch.environment, launch.withheld);
    if (!envFile)
        return failed<RuntimeHandle>(envFile.error());
    const QString file = envFile.value();

    // Options are set server-wide before the session exists: the history limit only applies to
    // panes created after it, and an agent that exits at once must already leave a dead pane.
    // It is Flotilla's own server, so its global options are Flotilla's to set.
    const QString target = TmuxClient::sessionTarget(session);
    QStringList arguments{u"set-option"_s,
                          u"-g"_s,
                          u"history-limit"_s,
                          QString::number(kHistoryLimit),
                          u";"_s,
                          u"set-option"_s,
                          u"-g"_s,
                          u"remain-on-exit"_s,
                          u"on"_s,
                          u";"_s,
                          u"new-session"_s,
                          u"-d"_s,
                          u"-s"_s,
                          session,
                          u"-c"_s,
                          TmuxClient::literalFormat(launch.workDir),
                          u"-x"_s,
                          QString::number(kWindowWidth),
                          u"-y"_s,
                          QString::number(kWindowHeight),
                          u"--"_s,
                          TmuxClient::literal(launcher),
                          TmuxClient::literal(file)};
    // Several words, so tmux executes them directly instead of through a shell.
    for (const QString &word : launch.command)
        arguments += TmuxClient::literal(word);
    arguments += {u";"_s, u"set-option"_s, u"-w"_s, u"-t"_s, target + u':', u"remain-on-exit"_s, u"on"_s};

    const RuntimeHandle handle{session, name(), QJsonObject{{u"socket"_s, m_socket}}};
    PendingResult<RuntimeHandle> answer;
    m_client->run(m_socket, arguments, [this, answer, session, file, handle](Result<TmuxOutput> ran) {
        if (!ran || !ran->ok()) {
            QFile::remove(file);
            if (!ran)
                return answer(ran.error());
            if (ran->err.contains(u"duplicate session"_s))
                return answer(makeError(
                    u"runtime.session_exists"_s,
                    u"a tmux session named %1 already runs (tmux server \"%2\")"_s.arg(session, m_socket), session));
            return answer(makeError(u"runtime.create_failed"_s,
                                    u"tmux could not start session %1: %2"_s.arg(session, ran->err), session));
        }
        awaitLauncher(session, file, handle, answer);
    });
    return answer.future();
}

void TmuxRuntime::awaitLauncher(const QString &session, const QString &envFile, const RuntimeHandle &handle,
                                const std::function<void(Result<RuntimeHandle>)> &answer)
{
    auto *poll = new QTimer(m_client.get());
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    QObject::connect(poll, &QTimer::timeout, poll, [this, poll, clock, session, envFile, handle, answer] {
        if (!QFileInfo::exists(envFile)) {
            poll->stop();
            poll->deleteLater();
            return answer(handle);
        }
        if (clock->elapsed() < kLauncherTimeout.count())
            return;
        poll->stop();
        poll->deleteLater();
        // The launcher never ran: the secrets must not stay behind, nor a session without them.
        QFile::remove(envFile);
        m_client->run(m_socket, {u"kill-session"_s, u"-t"_s, TmuxClient::sessionTarget(session)},
                      [](Result<TmuxOutput>) {});
        answer(makeError(u"runtime.launch_failed"_s,
                         u"the agent of tmux session %1 did not start: %2 did not take up its environment within %3 s"_s
                             .arg(session, launcherFileName())
                             .arg(kLauncherTimeout.count() / 1000),
                         session));
    });
    poll->start(kLauncherPoll);
}

Async<void> TmuxRuntime::destroy(const RuntimeHandle &handle)
{
    if (m_client->program().isEmpty())
        return failed<void>(tmuxMissing());
    const QString socket = socketFor(handle);
    PendingResult<void> answer;
    m_client->run(socket, {u"kill-session"_s, u"-t"_s, TmuxClient::sessionTarget(handle.id)},
                  [answer, handle](Result<TmuxOutput> ran) {
                      if (!ran)
                          return answer(ran.error());
                      // Already gone is what destroying asks for.
                      if (ran->ok() || TmuxClient::isTargetMissing(ran->err))
                          return answer({});
                      answer(makeError(u"runtime.destroy_failed"_s,
                                       u"tmux could not end session %1: %2"_s.arg(handle.id, ran->err), handle.id));
                  });
    return answer.future();
}

Async<void> TmuxRuntime::sendText(const RuntimeHandle &handle, const QString &text)
{
    if (m_client->program().isEmpty())
        return failed<void>(tmuxMissing());
    PendingResult<void> answer;
    m_queue->enqueue(socketFor(handle), handle.id, text, answer);
    return answer.future();
}

Async<QString> TmuxRuntime::readOutput(const RuntimeHandle &handle, int lines)
{
    if (m_client->program().isEmpty())
        return failed<QString>(tmuxMissing());
    const QString socket = socketFor(handle);
    QStringList arguments{u"capture-pane"_s, u"-p"_s, u"-J"_s, u"-t"_s, TmuxClient::paneTarget(handle.id)};
    if (lines > 0)
        arguments += {u"-S"_s, u"-%1"_s.arg(lines)};
    PendingResult<QString> answer;
    m_client->run(socket, arguments, [answer, handle, socket, lines](Result<TmuxOutput> ran) {
        if (!ran)
            return answer(ran.error());
        if (!ran->ok()) {
            if (TmuxClient::isTargetMissing(ran->err))
                return answer(sessionMissing(handle.id, socket));
            return answer(makeError(u"runtime.read_failed"_s,
                                    u"tmux could not read session %1: %2"_s.arg(handle.id, ran->err), handle.id));
        }
        answer(lastLines(ran->out, lines));
    });
    return answer.future();
}

Async<QHash<QString, RuntimeProbe>> TmuxRuntime::probe(const QList<RuntimeHandle> &handles)
{
    if (handles.isEmpty())
        return ready(Result<QHash<QString, RuntimeProbe>>(QHash<QString, RuntimeProbe>()));
    if (m_client->program().isEmpty())
        return failed<QHash<QString, RuntimeProbe>>(tmuxMissing());

    // One list-panes per tmux server (one in practice) answers for the whole fleet.
    QHash<QString, QList<RuntimeHandle>> bySocket;
    for (const RuntimeHandle &handle : handles)
        bySocket[socketFor(handle)].append(handle);

    struct Gathered
    {
        QHash<QString, RuntimeProbe> probes;
        std::optional<Error> error;
        qsizetype outstanding = 0;
    };
    auto gathered = std::make_shared<Gathered>();
    gathered->outstanding = bySocket.size();
    PendingResult<QHash<QString, RuntimeProbe>> answer;
    for (auto it = bySocket.cbegin(); it != bySocket.cend(); ++it) {
        const QString socket = it.key();
        const QList<RuntimeHandle> group = it.value();
        m_client->run(socket, {u"list-panes"_s, u"-a"_s, u"-F"_s, u"#{session_name}\t#{pane_id}\t#{pane_dead}"_s},
                      [answer, gathered, socket, group](Result<TmuxOutput> ran) {
                          const QDateTime now = QDateTime::currentDateTimeUtc();
                          if (!ran)
                              gathered->error = ran.error();
                          else if (ran->ok())
                              readPanes(ran->out, group, now, gathered->probes);
                          else if (TmuxClient::isServerMissing(ran->err))
                              readPanes({}, group, now, gathered->probes); // no server, no sessions
                          else
                              gathered->error =
                                  makeError(u"runtime.probe_failed"_s,
                                            u"tmux could not list its sessions: %1"_s.arg(ran->err), socket);
                          if (--gathered->outstanding > 0)
                              return;
                          if (gathered->error)
                              return answer(*gathered->error);
                          answer(gathered->probes);
                      });
    }
    return answer.future();
}

QStringList TmuxRuntime::attachCommand(const RuntimeHandle &handle) const
{
    const QString program = m_configuredTmux.isEmpty() ? u"tmux"_s : m_configuredTmux;
    return {program, u"-L"_s, socketFor(handle), u"attach"_s, u"-t"_s, TmuxClient::sessionTarget(handle.id)};
}

} // namespace flotilla

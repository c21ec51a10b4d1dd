#include "aider_agent.h"

#include "prompt_files.h"

#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr qsizetype kSummaryLength = 120;
constexpr qint64 kHistoryHead = 128 * 1024;

QString historyPath(const QString &workspace)
{
    return workspace + QString::fromLatin1(AiderAgent::kChatHistory);
}

// The history writes each request a person typed as a `#### ` line.
QString firstRequest(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromUtf8(file.read(kHistoryHead));
    for (const QStringView line : QStringView(text).split(u'\n')) {
        if (line.startsWith(u"#### "))
            return line.mid(5).toString().simplified().left(kSummaryLength);
    }
    return {};
}

} // namespace

AiderAgent::AiderAgent(const PluginSettings &settings) : m_options(AgentOptions::fromSettings(settings, PriceTable{}))
{}

Availability AiderAgent::detect() const
{
    if (!m_options)
        return Availability::missing(m_options.error().toString(), u"fix the aider agent settings"_s);
    if (QStandardPaths::findExecutable(u"aider"_s).isEmpty())
        return Availability::missing(u"aider not found"_s,
                                     u"install Aider: python -m pip install aider-install && aider-install"_s);
    return Availability::ok();
}

Result<AgentLaunch> AiderAgent::launch(const AgentLaunchContext &context) const
{
    auto permissions = AgentOptions::permissionsFrom(context.permissions);
    if (!permissions)
        return permissions.error();
    AgentLaunch launch;
    launch.command = {u"aider"_s};
    if (permissions.value() == AgentOptions::Permissions::Permissionless)
        launch.command << u"--yes-always"_s;
    if (!context.model.isEmpty())
        launch.command << u"--model"_s << context.model;
    if (!context.systemPrompt.isEmpty()) {
        auto file = PromptFiles::write(context.session.id, u"system-prompt.md"_s, context.systemPrompt);
        if (!file)
            return file.error();
        launch.command << u"--read"_s << file.value();
    }
    launch.promptDelivery = AgentLaunch::PromptDelivery::AfterLaunch;
    launch.prompt = context.prompt;
    return launch;
}

Async<ActivityReading> AiderAgent::readActivity(const SessionRecord &session)
{
    if (!m_options)
        return failed<ActivityReading>(m_options.error());
    const ActivityDecay decay = m_options->decay;
    const QString path = historyPath(session.workspacePath);
    return QtConcurrent::run([decay, path]() -> Result<ActivityReading> {
        const QFileInfo history(path);
        if (!history.exists())
            return ActivityDecay::unavailable(u"no Aider chat history at %1 yet"_s.arg(path));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QDateTime at = history.lastModified();
        // Aider appends to the history while it talks and stops when the turn ends.
        return decay.reading(ActivityDecay::Signal::Working, at, now,
                             u"%1 last written %2 s ago"_s.arg(history.fileName(),
                                                               QString::number(std::max<qint64>(0, at.secsTo(now)))));
    });
}

Async<AgentSessionInfo> AiderAgent::sessionInfo(const SessionRecord &session)
{
    const QString path = historyPath(session.workspacePath);
    return QtConcurrent::run([path]() -> Result<AgentSessionInfo> {
        AgentSessionInfo info;
        info.summary = firstRequest(path);
        info.summaryIsFallback = !info.summary.isEmpty();
        return info;
    });
}

std::optional<QStringList> AiderAgent::restoreCommand(const SessionRecord &) const
{
    return std::nullopt;
}

} // namespace flotilla

#include "claude_session_log.h"

#include "jsonl_file.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

constexpr qsizetype kSummaryLength = 120;
// A last entry bigger than the usual window (a large tool result) gets one wider look.
constexpr qint64 kWideWindow = 4 * 1024 * 1024;

QString projectsRoot()
{
    return QDir::homePath() + u"/.claude/projects"_s;
}

QDateTime entryTime(const QJsonObject &entry, const QDateTime &fallback)
{
    const QDateTime at = QDateTime::fromString(entry.value(u"timestamp"_s).toString(), Qt::ISODateWithMs);
    return at.isValid() ? at : fallback;
}

bool hasToolUse(const QJsonObject &entry)
{
    const QJsonObject message = entry.value(u"message"_s).toObject();
    if (message.value(u"stop_reason"_s).toString() == u"tool_use")
        return true;
    const QJsonArray content = message.value(u"content"_s).toArray();
    return std::any_of(content.begin(), content.end(), [](const QJsonValue &block) {
        return block.toObject().value(u"type"_s).toString() == u"tool_use";
    });
}

// What an entry says about the agent; nullopt for bookkeeping entries that say nothing.
std::optional<ActivityDecay::Signal> signalOf(const QJsonObject &entry)
{
    using Signal = ActivityDecay::Signal;
    const QString type = entry.value(u"type"_s).toString();
    if (type == u"user" || type == u"tool_use" || type == u"progress")
        return Signal::Working;
    // An assistant message that calls a tool is followed by the tool running.
    if (type == u"assistant")
        return hasToolUse(entry) ? Signal::Working : Signal::TurnFinished;
    if (type == u"system" || type == u"summary" || type == u"result")
        return Signal::TurnFinished;
    if (type == u"permission_request")
        return Signal::WaitingInput;
    if (type == u"error")
        return Signal::Failed;
    return std::nullopt;
}

// The text a person typed, or empty for tool results and other machine-made user entries.
QString typedText(const QJsonObject &entry)
{
    if (entry.value(u"type"_s).toString() != u"user" || entry.value(u"isMeta"_s).toBool())
        return {};
    const QJsonValue content = entry.value(u"message"_s).toObject().value(u"content"_s);
    if (content.isString())
        return content.toString();
    QStringList texts;
    for (const QJsonValue &block : content.toArray()) {
        const QJsonObject object = block.toObject();
        if (object.value(u"type"_s).toString() == u"tool_result")
            return {};
        if (object.value(u"type"_s).toString() == u"text")
            texts << object.value(u"text"_s).toString();
    }
    return texts.join(u' ');
}

QString encodedLiterally(QString path)
{
    return path.replace(u'/', u'-').replace(u'.', u'-');
}

QString encodedAlphanumeric(const QString &path)
{
    static const QRegularExpression other(u"[^A-Za-z0-9]"_s);
    return QString(path).replace(other, u"-"_s);
}

} // namespace

QStringList ClaudeSessionLog::projectFolders(const QString &workspacePath)
{
    if (workspacePath.isEmpty())
        return {};
    QStringList paths{QDir::cleanPath(workspacePath)};
    const QString canonical = QFileInfo(workspacePath).canonicalFilePath();
    if (!canonical.isEmpty())
        paths << canonical;
    QStringList folders;
    for (const QString &path : std::as_const(paths))
        folders << projectsRoot() + u'/' + encodedLiterally(path) << projectsRoot() + u'/' + encodedAlphanumeric(path);
    folders.removeDuplicates();
    return folders;
}

QString ClaudeSessionLog::newestLog(const QString &workspacePath)
{
    QFileInfo newest;
    for (const QString &folder : projectFolders(workspacePath)) {
        const QFileInfoList logs = QDir(folder).entryInfoList({u"*.jsonl"_s}, QDir::Files, QDir::Time);
        for (const QFileInfo &log : logs) {
            if (log.fileName().startsWith(u"agent-"_s))
                continue;
            if (!newest.exists() || log.lastModified() > newest.lastModified())
                newest = log;
            break;
        }
    }
    return newest.exists() ? newest.absoluteFilePath() : QString();
}

ActivityReading ClaudeSessionLog::activity(const QString &logPath, const ActivityDecay &decay, const QDateTime &now)
{
    const QFileInfo file(logPath);
    auto entries = JsonlFile::tail(logPath);
    if (!entries)
        return ActivityDecay::unavailable(entries.error().toString());
    if (entries->isEmpty() && file.size() > JsonlFile::kDefaultWindow)
        entries = JsonlFile::tail(logPath, kWideWindow);
    if (!entries)
        return ActivityDecay::unavailable(entries.error().toString());

    const QList<QJsonObject> &list = entries.value();
    for (auto it = list.crbegin(); it != list.crend(); ++it) {
        const auto signal = signalOf(*it);
        if (!signal)
            continue;
        const QDateTime at = entryTime(*it, file.lastModified());
        const QString type = it->value(u"type"_s).toString();
        return decay.reading(*signal, at, now,
                             u"last %1 entry in %2, %3 s old"_s.arg(
                                 type, file.fileName(), QString::number(std::max<qint64>(0, at.secsTo(now)))));
    }
    return ActivityDecay::unavailable(u"no activity entry in the end of %1"_s.arg(logPath));
}

Result<AgentSessionInfo> ClaudeSessionLog::info(const QString &logPath, const PriceTable &prices)
{
    auto entries = JsonlFile::tail(logPath);
    if (!entries)
        return entries.error();

    AgentSessionInfo info;
    info.agentSessionId = QFileInfo(logPath).completeBaseName();

    double recordedUsd = 0.0;
    bool anyRecordedCost = false;
    // Claude writes one line per content block, each repeating the message's usage; count a
    // message once, by its id.
    QHash<QString, TokenUsage> usageByMessage;
    qsizetype unnamed = 0;
    for (const QJsonObject &entry : std::as_const(entries.value())) {
        // The log's own name is the conversation id, unless its entries say otherwise.
        if (const QString id = entry.value(u"sessionId"_s).toString(); !id.isEmpty())
            info.agentSessionId = id;
        if (entry.value(u"type"_s).toString() == u"summary" && !entry.value(u"summary"_s).toString().isEmpty())
            info.summary = entry.value(u"summary"_s).toString();
        if (entry.value(u"costUSD"_s).isDouble()) {
            anyRecordedCost = true;
            recordedUsd += entry.value(u"costUSD"_s).toDouble();
        }
        const QJsonObject message = entry.value(u"message"_s).toObject();
        const QJsonObject usage = message.value(u"usage"_s).toObject();
        if (usage.isEmpty())
            continue;
        QString id = message.value(u"id"_s).toString();
        if (id.isEmpty())
            id = u"#"_s + QString::number(unnamed++);
        usageByMessage.insert(id, TokenUsage{
                                      usage.value(u"input_tokens"_s).toInteger(),
                                      usage.value(u"output_tokens"_s).toInteger(),
                                      usage.value(u"cache_read_input_tokens"_s).toInteger(),
                                      usage.value(u"cache_creation_input_tokens"_s).toInteger(),
                                  });
    }
    TokenUsage total;
    for (const TokenUsage &usage : std::as_const(usageByMessage)) {
        total.input += usage.input;
        total.output += usage.output;
        total.cacheRead += usage.cacheRead;
        total.cacheWrite += usage.cacheWrite;
    }
    info.cost.inputTokens = total.input + total.cacheRead + total.cacheWrite;
    info.cost.outputTokens = total.output;
    info.cost.usd = anyRecordedCost ? recordedUsd : prices.costUsd(total);

    if (info.summary.isEmpty()) {
        auto first = JsonlFile::head(logPath);
        if (!first)
            return first.error();
        for (const QJsonObject &entry : std::as_const(first.value())) {
            const QString text = typedText(entry).simplified();
            if (text.isEmpty())
                continue;
            info.summary = text.left(kSummaryLength);
            info.summaryIsFallback = true;
            break;
        }
    }
    return info;
}

} // namespace flotilla

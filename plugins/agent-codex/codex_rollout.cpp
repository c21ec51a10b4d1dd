#include "codex_rollout.h"

#include "jsonl_file.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// session_meta carries the model's base instructions, so it can be long.
constexpr qint64 kMetaLimit = 1024 * 1024;

QStringList subfoldersNewestFirst(const QString &folder)
{
    QStringList names = QDir(folder).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    std::reverse(names.begin(), names.end());
    return names;
}

QString eventType(const QJsonObject &entry)
{
    const QString type = entry.value(u"type"_s).toString();
    if (type == u"event_msg" || type == u"response_item")
        return entry.value(u"payload"_s).toObject().value(u"type"_s).toString();
    return type;
}

std::optional<ActivityDecay::Signal> signalOf(const QJsonObject &entry)
{
    using Signal = ActivityDecay::Signal;
    const QString type = eventType(entry);
    if (type.endsWith(u"approval_request"_s))
        return Signal::WaitingInput;
    if (type == u"error" || type == u"stream_error")
        return Signal::Failed;
    if (type == u"task_complete" || type == u"agent_message" || type == u"token_count" || type == u"turn_aborted")
        return Signal::TurnFinished;
    if (type == u"message")
        return entry.value(u"payload"_s).toObject().value(u"role"_s).toString() == u"assistant" ? Signal::TurnFinished
                                                                                                : Signal::Working;
    if (type == u"task_started" || type == u"user_message" || type == u"session_meta" || type == u"turn_context"
        || type == u"reasoning" || type == u"agent_reasoning" || type.contains(u"call"_s) || type.contains(u"exec"_s)
        || type.contains(u"tool"_s) || type.contains(u"patch"_s))
        return Signal::Working;
    return std::nullopt;
}

bool samePath(const QString &a, const QString &b)
{
    if (QDir::cleanPath(a) == QDir::cleanPath(b))
        return true;
    const QString canonicalA = QFileInfo(a).canonicalFilePath();
    return !canonicalA.isEmpty() && canonicalA == QFileInfo(b).canonicalFilePath();
}

} // namespace

QString CodexRollout::sessionsRoot()
{
    return QDir::homePath() + u"/.codex/sessions"_s;
}

QString CodexRollout::find(const QString &workspacePath)
{
    if (workspacePath.isEmpty())
        return {};
    const QString root = sessionsRoot();
    QFileInfo best;
    int days = 0;
    int files = 0;
    for (const QString &year : subfoldersNewestFirst(root)) {
        for (const QString &month : subfoldersNewestFirst(root + u'/' + year)) {
            for (const QString &day : subfoldersNewestFirst(root + u'/' + year + u'/' + month)) {
                if (days++ >= kDaysScanned || files >= kFilesScanned)
                    return best.exists() ? best.absoluteFilePath() : QString();
                const QFileInfoList rollouts = QDir(root + u'/' + year + u'/' + month + u'/' + day)
                                                   .entryInfoList({u"rollout-*.jsonl"_s}, QDir::Files, QDir::Time);
                for (const QFileInfo &rollout : rollouts) {
                    if (files++ >= kFilesScanned)
                        break;
                    if (best.exists() && rollout.lastModified() <= best.lastModified())
                        break;
                    const auto meta = JsonlFile::firstEntry(rollout.absoluteFilePath(), kMetaLimit);
                    if (!meta || meta->value(u"type"_s).toString() != u"session_meta")
                        continue;
                    const QString cwd = meta->value(u"payload"_s).toObject().value(u"cwd"_s).toString();
                    if (!cwd.isEmpty() && samePath(cwd, workspacePath))
                        best = rollout;
                }
            }
        }
    }
    return best.exists() ? best.absoluteFilePath() : QString();
}

QString CodexRollout::threadId(const QString &rolloutPath)
{
    const auto meta = JsonlFile::firstEntry(rolloutPath, kMetaLimit);
    if (!meta)
        return {};
    return meta->value(u"payload"_s).toObject().value(u"id"_s).toString();
}

ActivityReading CodexRollout::activity(const QString &rolloutPath, const ActivityDecay &decay, const QDateTime &now)
{
    const QFileInfo file(rolloutPath);
    const auto entries = JsonlFile::tail(rolloutPath);
    if (!entries)
        return ActivityDecay::unavailable(entries.error().toString());
    const QList<QJsonObject> &list = entries.value();
    for (auto it = list.crbegin(); it != list.crend(); ++it) {
        const auto signal = signalOf(*it);
        if (!signal)
            continue;
        QDateTime at = QDateTime::fromString(it->value(u"timestamp"_s).toString(), Qt::ISODateWithMs);
        if (!at.isValid())
            at = file.lastModified();
        return decay.reading(
            *signal, at, now,
            u"last %1 event in %2, %3 s old"_s.arg(eventType(*it), file.fileName(),
                                                   QString::number(std::max<qint64>(0, at.secsTo(now)))));
    }
    // Nothing recognisable at the end: the file's own write time is the last sign of life.
    return decay.reading(ActivityDecay::Signal::TurnFinished, file.lastModified(), now,
                         u"%1 last written %2 s ago"_s.arg(
                             file.fileName(), QString::number(std::max<qint64>(0, file.lastModified().secsTo(now)))));
}

Result<AgentSessionInfo> CodexRollout::info(const QString &rolloutPath, const PriceTable &prices)
{
    const auto entries = JsonlFile::tail(rolloutPath);
    if (!entries)
        return entries.error();
    AgentSessionInfo info;
    info.agentSessionId = threadId(rolloutPath);

    QString model;
    QJsonObject totals;
    for (const QJsonObject &entry : std::as_const(entries.value())) {
        const QJsonObject payload = entry.value(u"payload"_s).toObject();
        if (entry.value(u"type"_s).toString() == u"turn_context" && !payload.value(u"model"_s).toString().isEmpty())
            model = payload.value(u"model"_s).toString();
        if (eventType(entry) == u"token_count") {
            const QJsonObject usage = payload.value(u"info"_s).toObject().value(u"total_token_usage"_s).toObject();
            if (!usage.isEmpty())
                totals = usage;
        }
    }
    info.summary = model.isEmpty() ? u"Codex session"_s : u"Codex session (%1)"_s.arg(model);
    info.summaryIsFallback = true;

    // OpenAI counts cached input inside input, and reasoning inside output unless the total
    // says it was counted apart.
    const qint64 input = totals.value(u"input_tokens"_s).toInteger();
    const qint64 cached = std::min(input, totals.value(u"cached_input_tokens"_s).toInteger());
    qint64 output = totals.value(u"output_tokens"_s).toInteger();
    const qint64 reasoning = totals.value(u"reasoning_output_tokens"_s).toInteger();
    if (reasoning > 0 && totals.value(u"total_tokens"_s).toInteger() >= input + output + reasoning)
        output += reasoning;
    info.cost.inputTokens = input;
    info.cost.outputTokens = output;
    info.cost.usd = prices.costUsd(TokenUsage{input - cached, output, cached, 0});
    return info;
}

} // namespace flotilla

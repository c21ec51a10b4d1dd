#include "ci_failure_reader.h"

#include "actions_log_excerpt.h"
#include "github_api.h"
#include "util/app_paths.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QPromise>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace flotilla::github {

namespace {

QDateTime timeFrom(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODate);
}

QJsonArray nodesOf(const QJsonObject &object, const QString &connection)
{
    return object.value(connection).toObject().value(u"nodes"_s).toArray();
}

// GraphQL spells enums in capitals; the excerpt speaks REST's lower case.
ActionsJob jobFrom(const QJsonObject &checkRun)
{
    ActionsJob job;
    job.name = checkRun.value(u"name"_s).toString();
    job.htmlUrl = checkRun.value(u"detailsUrl"_s).toString();
    job.conclusion = checkRun.value(u"conclusion"_s).toString().toLower();
    for (const QJsonValue &entry : nodesOf(checkRun, u"steps"_s)) {
        const QJsonObject step = entry.toObject();
        job.steps << ActionsJobStep{step.value(u"number"_s).toInt(), step.value(u"name"_s).toString(),
                                    step.value(u"conclusion"_s).toString().toLower(),
                                    timeFrom(step.value(u"startedAt"_s)), timeFrom(step.value(u"completedAt"_s))};
    }
    return job;
}

QList<CheckRunAnnotation> annotationsFrom(const QJsonObject &checkRun)
{
    QList<CheckRunAnnotation> annotations;
    for (const QJsonValue &entry : nodesOf(checkRun, u"annotations"_s)) {
        const QJsonObject object = entry.toObject();
        const QJsonObject location = object.value(u"location"_s).toObject();
        annotations << CheckRunAnnotation{object.value(u"path"_s).toString(),
                                          location.value(u"start"_s).toObject().value(u"line"_s).toInt(),
                                          location.value(u"end"_s).toObject().value(u"line"_s).toInt(),
                                          object.value(u"annotationLevel"_s).toString().toLower(),
                                          object.value(u"title"_s).toString(),
                                          object.value(u"message"_s).toString()};
    }
    return annotations;
}

// The message GitHub gave for the node at `index` of `nodes(ids:)`, if any.
QString nodeError(const QList<GraphqlError> &errors, qsizetype index)
{
    for (const GraphqlError &error : errors) {
        if (error.path.size() >= 2 && error.path.at(0) == u"nodes"_s && error.path.at(1) == QString::number(index))
            return error.message;
    }
    return errors.isEmpty() ? u"GitHub returned no such check run"_s : errors.first().message;
}

} // namespace

struct CiFailureReader::Reading
{
    QPromise<ExcerptsByPr> promise;
    ExcerptsByPr excerpts;
    int outstanding = 1;

    void put(int number, const QString &check, CheckExcerpt excerpt)
    {
        excerpts[number].insert(check, std::move(excerpt));
    }
    void settle()
    {
        if (--outstanding > 0)
            return;
        promise.addResult(excerpts);
        promise.finish();
    }
};

struct CiFailureReader::JobRead
{
    int number = 0;
    FailingCheck check;
    ActionsJob job;
    qint64 jobId = 0;
    QList<CheckRunAnnotation> annotations;
    std::shared_ptr<Reading> reading;

    void finish(CheckExcerpt excerpt)
    {
        if (!reading)
            return;
        const std::shared_ptr<Reading> done = std::move(reading);
        done->put(number, check.name, std::move(excerpt));
        done->settle();
    }
};

CiFailureReader::CiFailureReader(GithubApi &api, GithubRepo repo, QObject *parent)
    : QObject(parent), m_api(api), m_repo(std::move(repo))
{}

QString CiFailureReader::fullLogPath(const QString &host, qint64 jobId)
{
    return u"%1/ci-logs/github/%2/%3.log.z"_s.arg(AppPaths::dataDir(), host).arg(jobId);
}

QString CiFailureReader::describeQuery()
{
    return u"query FailingChecks($ids: [ID!]!) {\n"
           "  nodes(ids: $ids) { __typename ... on CheckRun { id databaseId name status conclusion detailsUrl\n"
           "    steps(first: 100) { nodes { number name status conclusion startedAt completedAt } }\n"
           "    annotations(first: 50) { nodes { path location { start { line } end { line } }\n"
           "      annotationLevel title message } } } }\n"
           "  rateLimit { cost remaining resetAt used limit }\n}\n"_s;
}

QFuture<ExcerptsByPr> CiFailureReader::read(const QHash<int, QList<FailingCheck>> &failingByPr)
{
    auto reading = std::make_shared<Reading>();
    reading->promise.start();
    auto future = reading->promise.future();

    QList<std::shared_ptr<JobRead>> toDescribe;
    for (auto pr = failingByPr.cbegin(); pr != failingByPr.cend(); ++pr) {
        const int number = pr.key();
        QSet<QString> seen;
        int read = 0;
        for (const FailingCheck &check : pr.value()) {
            if (seen.contains(check.name))
                continue;
            seen.insert(check.name);
            if (check.checkRunId == 0) {
                reading->put(number, check.name,
                             {u"This status is reported by a service outside GitHub Actions; its details are at the "
                              "link above. Reproduce the failure locally."_s,
                              true});
                continue;
            }
            const qint64 jobId = check.jobId != 0 ? check.jobId : check.checkRunId;
            if (check.workflowRunId != 0 && m_excerptByJob.contains(jobId)) {
                reading->put(number, check.name, {m_excerptByJob.value(jobId), true});
                continue;
            }
            if (check.workflowRunId == 0 && m_excerptByCheckRun.contains(check.checkRunId)) {
                reading->put(number, check.name, {m_excerptByCheckRun.value(check.checkRunId), true});
                continue;
            }
            if (read >= kMaxJobs) {
                reading->put(number, check.name,
                             {u"(Not read: only the first %1 failing jobs are read. Fix those first; this one may "
                              "fail the same way.)"_s.arg(kMaxJobs),
                              true});
                continue;
            }
            if (check.nodeId.isEmpty()) {
                reading->put(number, check.name, {u"(GitHub did not give this check run's id.)"_s, false});
                continue;
            }
            ++read;
            auto job = std::make_shared<JobRead>();
            job->number = number;
            job->check = check;
            job->reading = reading;
            ++reading->outstanding;
            toDescribe << job;
        }
    }
    for (qsizetype from = 0; from < toDescribe.size(); from += kChecksPerQuery)
        describe(reading, toDescribe.mid(from, kChecksPerQuery));
    reading->settle();
    return future;
}

void CiFailureReader::describe(const std::shared_ptr<Reading> &reading, const QList<std::shared_ptr<JobRead>> &checks)
{
    QJsonArray ids;
    for (const auto &check : checks)
        ids << check->check.nodeId;
    ++reading->outstanding; // held until every check of this query is on its way
    m_api
        .graphql(describeQuery(), QJsonObject{{u"ids"_s, ids}},
                 u"%1 failing check run(s) in %2"_s.arg(checks.size()).arg(m_repo.fullName()))
        .then(this, [this, reading, checks](Result<GraphqlAnswer> answer) {
            const QJsonArray nodes = answer ? answer->data.value(u"nodes"_s).toArray() : QJsonArray();
            for (qsizetype i = 0; i < checks.size(); ++i) {
                const std::shared_ptr<JobRead> &read = checks.at(i);
                if (!answer) {
                    read->finish(
                        {u"(The failing check could not be described: %1)"_s.arg(answer.error().message), false});
                    continue;
                }
                const QJsonValue node = nodes.at(i);
                if (!node.isObject() || node.toObject().value(u"databaseId"_s).toInteger() != read->check.checkRunId) {
                    read->finish(
                        {u"(The failing check could not be described: %1)"_s.arg(nodeError(answer->errors, i)), false});
                    continue;
                }
                readCheck(read, node.toObject());
            }
            reading->settle();
        });
}

void CiFailureReader::readCheck(const std::shared_ptr<JobRead> &read, const QJsonObject &node)
{
    read->annotations = annotationsFrom(node);
    if (read->check.workflowRunId == 0) {
        QString text = u"This check is reported by a CI service outside GitHub Actions, whose logs GitHub does not "
                       "serve. Open the link above and reproduce the failure locally."_s;
        QStringList rendered;
        for (const CheckRunAnnotation &annotation : std::as_const(read->annotations))
            rendered << u"- "_s + ActionsLogExcerpt::renderAnnotation(annotation);
        if (!rendered.isEmpty())
            text += u"\nAnnotations:\n"_s + rendered.join(u'\n');
        m_excerptByCheckRun.insert(read->check.checkRunId, text);
        return read->finish({text, true});
    }
    // An Actions check run is its job: same id, same steps.
    read->jobId = read->check.jobId != 0 ? read->check.jobId : read->check.checkRunId;
    read->job = jobFrom(node);
    if (node.value(u"status"_s).toString() != u"COMPLETED"_s)
        return read->finish({u"(The job is still running; its log is read once it finishes.)"_s, false});
    if (const auto cached = m_excerptByJob.constFind(read->jobId); cached != m_excerptByJob.cend())
        return read->finish({cached.value(), true});
    readLog(read);
}

void CiFailureReader::readLog(const std::shared_ptr<JobRead> &read)
{
    // The API answers with a redirect to a signed URL valid for about a minute; the client
    // follows it at once and without the token.
    HttpRequest request;
    request.url = m_api.endpoint().rest(m_repo.path() + u"/actions/jobs/%1/logs"_s.arg(read->jobId));
    request.what = u"log of job %1 (%2) in %3"_s.arg(read->jobId).arg(read->job.name, m_repo.fullName());
    request.timeout = m_api.timeout(); // without progress: a big log may take longer in total
    request.maxResponseBytes = LogTailBuffer::kDefaultLimit;
    m_api.send(request).then(this, [this, read](Result<HttpResponse> response) {
        if (!response)
            return read->finish(
                {u"(The job's log could not be downloaded: %1)"_s.arg(response.error().message), false});
        if (response->status == 410 || response->status == 404)
            return read->finish({u"(GitHub no longer has this job's log (HTTP %1); open %2.)"_s.arg(response->status)
                                     .arg(read->job.htmlUrl),
                                 true});
        if (!response->isSuccess())
            return read->finish({u"(The job's log could not be downloaded: %1)"_s.arg(
                                     githubError(response.value(), u"job log"_s).message),
                                 false});
        const LogSecretScrubber scrubber;
        const ActionsFailureExcerpt excerpt =
            ActionsLogExcerpt::extract(response->body, read->job, read->annotations, scrubber);

        QString text = u"Job \"%1\""_s.arg(read->job.name);
        if (excerpt.stepNumber > 0)
            text += u", failing step %1 \"%2\""_s.arg(excerpt.stepNumber).arg(excerpt.stepName);
        if (excerpt.exitCode)
            text += u", exit code %1"_s.arg(*excerpt.exitCode);
        text += u":\n"_s + excerpt.text;
        if (excerpt.droppedLines > 0)
            text += u"\n[%1 more lines not shown; full log: %2]"_s.arg(excerpt.droppedLines).arg(read->job.htmlUrl);
        if (!excerpt.annotations.isEmpty()) {
            text += u"\nAnnotations:\n- "_s + excerpt.annotations.join(u"\n- "_s);
            if (excerpt.droppedAnnotations > 0)
                text += u"\n- … and %1 more"_s.arg(excerpt.droppedAnnotations);
        }
        m_excerptByJob.insert(read->jobId, text);

        const QString path = fullLogPath(m_api.endpoint().restBase.host(), read->jobId);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QSaveFile file(path);
        if (file.open(QIODevice::WriteOnly)) {
            file.write(qCompress(ActionsLogExcerpt::displayText(response->body, scrubber).toUtf8()));
            if (!file.commit())
                qWarning("flotilla: cannot keep the CI log of job %lld: %s", read->jobId,
                         qUtf8Printable(file.errorString()));
        }
        read->finish({text, true});
    });
}

} // namespace flotilla::github

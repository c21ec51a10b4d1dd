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

ActionsJob jobFrom(const QJsonObject &object)
{
    ActionsJob job;
    job.name = object.value(u"name"_s).toString();
    job.htmlUrl = object.value(u"html_url"_s).toString();
    job.runAttempt = object.value(u"run_attempt"_s).toInt(1);
    job.conclusion = object.value(u"conclusion"_s).toString();
    for (const QJsonValue &entry : object.value(u"steps"_s).toArray()) {
        const QJsonObject step = entry.toObject();
        job.steps << ActionsJobStep{step.value(u"number"_s).toInt(), step.value(u"name"_s).toString(),
                                    step.value(u"conclusion"_s).toString(), timeFrom(step.value(u"started_at"_s)),
                                    timeFrom(step.value(u"completed_at"_s))};
    }
    return job;
}

bool jobFailed(const QString &conclusion)
{
    return conclusion == u"failure"_s || conclusion == u"timed_out"_s || conclusion == u"startup_failure"_s
           || conclusion == u"cancelled"_s || conclusion == u"action_required"_s;
}

QList<CheckRunAnnotation> annotationsFrom(const QJsonArray &array)
{
    QList<CheckRunAnnotation> annotations;
    for (const QJsonValue &entry : array) {
        const QJsonObject object = entry.toObject();
        annotations << CheckRunAnnotation{
            object.value(u"path"_s).toString(),  object.value(u"start_line"_s).toInt(),
            object.value(u"end_line"_s).toInt(), object.value(u"annotation_level"_s).toString(),
            object.value(u"title"_s).toString(), object.value(u"message"_s).toString()};
    }
    return annotations;
}

} // namespace

struct CiFailureReader::JobRead
{
    FailingCheck check;
    ActionsJob job;
    qint64 jobId = 0;
    QList<CheckRunAnnotation> annotations;
    std::function<void(CheckExcerpt)> done;
};

CiFailureReader::CiFailureReader(GithubApi &api, GithubRepo repo, QObject *parent)
    : QObject(parent), m_api(api), m_repo(std::move(repo))
{}

QString CiFailureReader::fullLogPath(const QString &host, qint64 jobId)
{
    return u"%1/ci-logs/github/%2/%3.log.z"_s.arg(AppPaths::dataDir(), host).arg(jobId);
}

QFuture<QHash<QString, CheckExcerpt>> CiFailureReader::read(const QList<FailingCheck> &failing)
{
    struct Gather
    {
        QPromise<QHash<QString, CheckExcerpt>> promise;
        QHash<QString, CheckExcerpt> excerpts;
        int outstanding = 1;
    };
    auto gather = std::make_shared<Gather>();
    gather->promise.start();
    auto future = gather->promise.future();
    const auto settle = [gather] {
        if (--gather->outstanding > 0)
            return;
        gather->promise.addResult(gather->excerpts);
        gather->promise.finish();
    };

    int read = 0;
    for (const FailingCheck &check : failing) {
        if (gather->excerpts.contains(check.name))
            continue;
        if (check.workflowRunId == 0 && check.checkRunId == 0) {
            gather->excerpts.insert(check.name,
                                    {u"This status is reported by a service outside GitHub Actions; its details are "
                                     "at the link above. Reproduce the failure locally."_s,
                                     true});
            continue;
        }
        if (check.jobId != 0 && m_excerptByJob.contains(check.jobId)) {
            gather->excerpts.insert(check.name, {m_excerptByJob.value(check.jobId), true});
            continue;
        }
        if (check.workflowRunId == 0 && m_excerptByCheckRun.contains(check.checkRunId)) {
            gather->excerpts.insert(check.name, {m_excerptByCheckRun.value(check.checkRunId), true});
            continue;
        }
        if (read >= kMaxJobs) {
            gather->excerpts.insert(check.name, {u"(Not read: only the first %1 failing jobs are read. Fix those "
                                                 "first; this one may fail the same way.)"_s.arg(kMaxJobs),
                                                 true});
            continue;
        }
        ++read;
        ++gather->outstanding;
        auto job = std::make_shared<JobRead>();
        job->check = check;
        job->done = [gather, settle, name = check.name](CheckExcerpt excerpt) {
            gather->excerpts.insert(name, std::move(excerpt));
            settle();
        };
        readJob(job);
    }
    settle();
    return future;
}

void CiFailureReader::readJob(const std::shared_ptr<JobRead> &read)
{
    const FailingCheck &check = read->check;
    const auto withAnnotations = [this, read](std::function<void()> next) {
        if (read->check.checkRunId == 0) {
            next();
            return;
        }
        m_api
            .restPages(m_repo.path() + u"/check-runs/%1/annotations"_s.arg(read->check.checkRunId),
                       QUrlQuery{{u"per_page"_s, u"100"_s}},
                       u"annotations of check %1 in %2"_s.arg(read->check.name, m_repo.fullName()), 2)
            .then(this, [read, next](Result<QJsonArray> annotations) {
                // Annotations are a bonus: a failure to read them does not hold the log back.
                if (annotations)
                    read->annotations = annotationsFrom(annotations.value());
                next();
            });
    };

    if (check.workflowRunId == 0) {
        withAnnotations([this, read] {
            QString text = u"This check is reported by a CI service outside GitHub Actions, whose logs GitHub does "
                           "not serve. Open the link above and reproduce the failure locally."_s;
            QStringList rendered;
            for (const CheckRunAnnotation &annotation : std::as_const(read->annotations))
                rendered << u"- "_s + ActionsLogExcerpt::renderAnnotation(annotation);
            if (!rendered.isEmpty())
                text += u"\nAnnotations:\n"_s + rendered.join(u'\n');
            m_excerptByCheckRun.insert(read->check.checkRunId, text);
            finishJob(read, {text, true});
        });
        return;
    }

    QUrlQuery query{{u"filter"_s, u"latest"_s}, {u"per_page"_s, u"100"_s}};
    m_api
        .rest("GET", m_repo.path() + u"/actions/runs/%1/jobs"_s.arg(check.workflowRunId), query,
              u"jobs of workflow run %1 in %2"_s.arg(check.workflowRunId).arg(m_repo.fullName()), {}, true)
        .then(this, [this, read, withAnnotations](Result<HttpResponse> response) {
            if (!response)
                return finishJob(read,
                                 {u"(The failing job could not be found: %1)"_s.arg(response.error().message), false});
            if (!response->isSuccess())
                return finishJob(read, {u"(The failing job could not be found: %1)"_s.arg(
                                            githubError(response.value(), u"jobs list"_s).message),
                                        false});
            auto document = response->json(u"jobs list"_s);
            if (!document)
                return finishJob(read,
                                 {u"(The failing job could not be read: %1)"_s.arg(document.error().message), false});
            const QJsonArray jobs = document->object().value(u"jobs"_s).toArray();
            QJsonObject chosen;
            for (const QJsonValue &entry : jobs) {
                const QJsonObject job = entry.toObject();
                const qint64 id = qint64(job.value(u"id"_s).toDouble());
                const bool sameJob = (read->check.jobId != 0 && id == read->check.jobId)
                                     || (read->check.checkRunId != 0 && id == read->check.checkRunId)
                                     || job.value(u"check_run_url"_s)
                                            .toString()
                                            .endsWith(u"/check-runs/%1"_s.arg(read->check.checkRunId));
                if (sameJob
                    || (chosen.isEmpty() && job.value(u"name"_s).toString() == read->check.name
                        && jobFailed(job.value(u"conclusion"_s).toString())))
                    chosen = job;
                if (sameJob)
                    break;
            }
            if (chosen.isEmpty())
                return finishJob(
                    read, {u"(No job of workflow run %1 matches the failing check.)"_s.arg(read->check.workflowRunId),
                           false});
            read->jobId = qint64(chosen.value(u"id"_s).toDouble());
            read->job = jobFrom(chosen);
            if (chosen.value(u"status"_s).toString() != u"completed"_s)
                return finishJob(read, {u"(The job is still running; its log is read once it finishes.)"_s, false});
            if (const auto cached = m_excerptByJob.constFind(read->jobId); cached != m_excerptByJob.cend())
                return finishJob(read, {cached.value(), true});
            withAnnotations([this, read] { readLog(read); });
        });
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
            return finishJob(read,
                             {u"(The job's log could not be downloaded: %1)"_s.arg(response.error().message), false});
        if (response->status == 410 || response->status == 404)
            return finishJob(read, {u"(GitHub no longer has this job's log (HTTP %1); open %2.)"_s.arg(response->status)
                                        .arg(read->job.htmlUrl),
                                    true});
        if (!response->isSuccess())
            return finishJob(read, {u"(The job's log could not be downloaded: %1)"_s.arg(
                                        githubError(response.value(), u"job log"_s).message),
                                    false});
        const LogSecretScrubber scrubber;
        const ActionsFailureExcerpt excerpt =
            ActionsLogExcerpt::extract(response->body, read->job, read->annotations, scrubber);

        QString text = u"Job \"%1\" (attempt %2)"_s.arg(read->job.name).arg(read->job.runAttempt);
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
        finishJob(read, {text, true});
    });
}

void CiFailureReader::finishJob(const std::shared_ptr<JobRead> &read, CheckExcerpt excerpt)
{
    auto done = std::move(read->done);
    read->done = nullptr;
    if (done)
        done(std::move(excerpt));
}

} // namespace flotilla::github

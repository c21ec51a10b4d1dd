#include "graphql_resolvers.h"

#include "fake_github_json.h"
#include "fake_github_state.h"

#include <QHash>

#include <functional>

using namespace Qt::StringLiterals;

namespace flotilla::fakes {

namespace {

using graphql::ObjectPtr;
using graphql::Resolved;
using FieldFn = std::function<Resolved(const QJsonObject &)>;

// An object whose fields are computed on demand; every field the schema declares for its type
// is registered, so a missing one is a bug in the fake and says so.
class Record final : public graphql::Object
{
public:
    explicit Record(QString type) : m_type(std::move(type)) {}

    Record &on(const QString &name, FieldFn fn)
    {
        m_fields.insert(name, std::move(fn));
        return *this;
    }
    Record &value(const QString &name, const QJsonValue &leaf)
    {
        return on(name, [leaf](const QJsonObject &) { return Resolved::of(leaf); });
    }

    QString typeName() const override { return m_type; }
    Resolved field(const QString &name, const QJsonObject &arguments) override
    {
        const auto it = m_fields.constFind(name);
        if (it == m_fields.constEnd())
            return Resolved::error(u"INTERNAL"_s, u"The fake GitHub does not serve %1.%2"_s.arg(m_type, name));
        return it.value()(arguments);
    }

private:
    QString m_type;
    QHash<QString, FieldFn> m_fields;
};

std::shared_ptr<Record> record(const QString &type)
{
    return std::make_shared<Record>(type);
}

QString cursorAt(qsizetype index)
{
    return QString::fromLatin1(u"cursor:v2:%1"_s.arg(index).toLatin1().toBase64());
}

qsizetype cursorIndex(const QJsonValue &cursor)
{
    const QString decoded = QString::fromLatin1(QByteArray::fromBase64(cursor.toString().toLatin1()));
    if (!decoded.startsWith(u"cursor:v2:"_s))
        return -1;
    bool ok = false;
    const qsizetype index = decoded.mid(10).toLongLong(&ok);
    return ok ? index : -1;
}

// A connection over `items` honouring first/last/after/before, with nodes, edges, pageInfo and
// totalCount. `extra` adds connection-specific fields (counts by state).
ObjectPtr connection(const QString &typeName, const QList<Resolved> &items, const QJsonObject &args,
                     const std::function<void(Record &)> &extra = {})
{
    qsizetype start = 0;
    qsizetype end = items.size();
    if (args.contains(u"after"_s) && !args.value(u"after"_s).isNull())
        start = std::clamp<qsizetype>(cursorIndex(args.value(u"after"_s)) + 1, 0, end);
    if (args.contains(u"before"_s) && !args.value(u"before"_s).isNull()) {
        const qsizetype before = cursorIndex(args.value(u"before"_s));
        if (before >= 0)
            end = std::clamp<qsizetype>(before, start, end);
    }
    if (args.value(u"first"_s).isDouble())
        end = std::min<qsizetype>(end, start + static_cast<qsizetype>(args.value(u"first"_s).toDouble()));
    if (args.value(u"last"_s).isDouble())
        start = std::max<qsizetype>(start, end - static_cast<qsizetype>(args.value(u"last"_s).toDouble()));

    const QString edgeType = typeName.chopped(QStringLiteral("Connection").size()) + u"Edge"_s;
    QList<Resolved> nodes;
    QList<Resolved> edges;
    for (qsizetype i = start; i < end; ++i) {
        nodes << items.at(i);
        auto edge = record(edgeType);
        edge->value(u"cursor"_s, cursorAt(i));
        const Resolved node = items.at(i);
        edge->on(u"node"_s, [node](const QJsonObject &) { return node; });
        edges << Resolved::of(ObjectPtr(edge));
    }
    auto page = record(u"PageInfo"_s);
    page->value(u"hasNextPage"_s, end < items.size());
    page->value(u"hasPreviousPage"_s, start > 0);
    page->value(u"startCursor"_s, start < end ? QJsonValue(cursorAt(start)) : QJsonValue());
    page->value(u"endCursor"_s, start < end ? QJsonValue(cursorAt(end - 1)) : QJsonValue());

    auto conn = record(typeName);
    conn->value(u"totalCount"_s, static_cast<int>(items.size()));
    conn->on(u"pageInfo"_s, [page](const QJsonObject &) { return Resolved::of(ObjectPtr(page)); });
    conn->on(u"nodes"_s, [nodes](const QJsonObject &) { return Resolved::listOf(nodes); });
    conn->on(u"edges"_s, [edges](const QJsonObject &) { return Resolved::listOf(edges); });
    if (extra)
        extra(*conn);
    return conn;
}

ObjectPtr actor(const FakeGithubState &state, const GhActor &who)
{
    auto obj = record(who.bot ? u"Bot"_s : u"User"_s);
    const QString slug = who.login.endsWith(u"[bot]"_s) ? who.login.chopped(5) : who.login;
    obj->value(u"login"_s, who.bot ? slug : who.login);
    obj->value(u"url"_s, who.bot ? QString(state.htmlBase() + u"/apps/"_s + slug)
                                 : QString(state.htmlBase() + u"/"_s + who.login));
    obj->value(u"avatarUrl"_s, u"https://avatars.githubusercontent.com/%1"_s.arg(slug));
    obj->value(u"id"_s, QString::fromLatin1((u"actor:"_s + who.login).toUtf8().toBase64()));
    return obj;
}

ObjectPtr threadComment(const FakeGithubState &state, const QString &repo, int number, const GhReviewThread &thread,
                        const GhThreadComment &comment)
{
    auto obj = record(u"PullRequestReviewComment"_s);
    obj->value(u"id"_s, u"PRRC_kwDO%1"_s.arg(comment.databaseId));
    obj->value(u"databaseId"_s, comment.databaseId);
    obj->value(u"body"_s, comment.body);
    obj->value(u"url"_s, QString(state.pullHtmlUrl(repo, number) + u"#discussion_r%1"_s.arg(comment.databaseId)));
    obj->value(u"createdAt"_s, timeJson(comment.createdAt));
    obj->value(u"path"_s, thread.path);
    const ObjectPtr author = actor(state, comment.author);
    obj->on(u"author"_s, [author](const QJsonObject &) { return Resolved::of(author); });
    return obj;
}

ObjectPtr reviewThread(const FakeGithubState &state, const QString &repo, int number, const GhReviewThread &thread)
{
    auto obj = record(u"PullRequestReviewThread"_s);
    obj->value(u"id"_s, thread.id);
    obj->value(u"isResolved"_s, thread.isResolved);
    obj->value(u"isOutdated"_s, thread.isOutdated);
    obj->value(u"path"_s, thread.path);
    obj->value(u"line"_s, thread.line > 0 ? QJsonValue(thread.line) : QJsonValue());
    QList<Resolved> comments;
    for (const auto &comment : thread.comments)
        comments << Resolved::of(threadComment(state, repo, number, thread, comment));
    obj->on(u"comments"_s, [comments](const QJsonObject &args) {
        return Resolved::of(connection(u"PullRequestReviewCommentConnection"_s, comments, args));
    });
    return obj;
}

ObjectPtr review(const FakeGithubState &state, const QString &repo, int number, const GhReview &item)
{
    auto obj = record(u"PullRequestReview"_s);
    obj->value(u"id"_s, u"PRR_kwDO%1"_s.arg(item.id));
    obj->value(u"databaseId"_s, item.id);
    obj->value(u"state"_s, item.state);
    obj->value(u"body"_s, item.body);
    obj->value(u"submittedAt"_s, timeJson(item.submittedAt));
    obj->value(u"url"_s, QString(state.pullHtmlUrl(repo, number) + u"#pullrequestreview-%1"_s.arg(item.id)));
    const ObjectPtr author = actor(state, item.author);
    obj->on(u"author"_s, [author](const QJsonObject &) { return Resolved::of(author); });
    return obj;
}

ObjectPtr checkRun(const FakeGithubState &state, const QString &repo, const GhCheckRun &run)
{
    auto obj = record(u"CheckRun"_s);
    obj->value(u"id"_s, checkRunNodeId(repo, run.id));
    obj->value(u"databaseId"_s, run.id);
    obj->value(u"name"_s, run.name);
    obj->value(u"status"_s, run.status.toUpper());
    obj->value(u"conclusion"_s, run.conclusion.isEmpty() ? QJsonValue() : QJsonValue(run.conclusion.toUpper()));
    const QString details = state.detailsUrl(repo, run);
    obj->value(u"detailsUrl"_s, details.isEmpty() ? QJsonValue() : QJsonValue(details));
    obj->value(u"startedAt"_s, timeJson(run.startedAt));
    obj->value(u"completedAt"_s, timeJson(run.completedAt));
    obj->value(u"title"_s, run.outputTitle.isEmpty() ? QJsonValue() : QJsonValue(run.outputTitle));
    obj->value(u"summary"_s, run.outputSummary.isEmpty() ? QJsonValue() : QJsonValue(run.outputSummary));
    obj->value(u"text"_s, run.outputText.isEmpty() ? QJsonValue() : QJsonValue(run.outputText));
    obj->value(u"isRequired"_s, run.required);
    auto suite = record(u"CheckSuite"_s);
    const GhWorkflowRun *workflow = run.workflowRunId != 0 ? state.workflowRun(repo, run.workflowRunId) : nullptr;
    suite->value(u"id"_s, u"CS_kwDO%1"_s.arg(run.checkSuiteId));
    suite->value(u"databaseId"_s, run.checkSuiteId);
    auto app = record(u"App"_s);
    app->value(u"slug"_s, run.appSlug);
    app->value(u"name"_s, run.appSlug == u"github-actions"_s ? u"GitHub Actions"_s : run.appSlug);
    suite->on(u"app"_s, [app](const QJsonObject &) { return Resolved::of(ObjectPtr(app)); });
    ObjectPtr workflowObj;
    if (run.workflowRunId != 0) {
        auto wr = record(u"WorkflowRun"_s);
        wr->value(u"id"_s, u"WFR_kwLO%1"_s.arg(run.workflowRunId));
        wr->value(u"databaseId"_s, run.workflowRunId);
        wr->value(u"runNumber"_s, workflow ? workflow->runNumber : 1);
        wr->value(u"url"_s, u"%1/%2/actions/runs/%3"_s.arg(state.htmlBase(), repo).arg(run.workflowRunId));
        workflowObj = wr;
    }
    suite->on(u"workflowRun"_s, [workflowObj](const QJsonObject &) { return Resolved::of(workflowObj); });
    obj->on(u"checkSuite"_s, [suite](const QJsonObject &) { return Resolved::of(ObjectPtr(suite)); });

    // An Actions check run is its job: its steps are the job's steps.
    const GhJob *job = run.workflowRunId != 0 ? state.job(repo, run.jobId != 0 ? run.jobId : run.id) : nullptr;
    QList<std::pair<int, Resolved>> steps;
    for (const GhStep &step : job ? job->steps : QList<GhStep>{}) {
        auto stepObj = record(u"CheckStep"_s);
        stepObj->value(u"name"_s, step.name);
        stepObj->value(u"number"_s, step.number);
        stepObj->value(u"status"_s, step.status.toUpper());
        stepObj->value(u"conclusion"_s,
                       step.conclusion.isEmpty() ? QJsonValue() : QJsonValue(step.conclusion.toUpper()));
        stepObj->value(u"startedAt"_s, timeJson(step.startedAt));
        stepObj->value(u"completedAt"_s, timeJson(step.completedAt));
        stepObj->value(u"secondsToCompletion"_s, step.startedAt.isValid() && step.completedAt.isValid()
                                                     ? QJsonValue(int(step.startedAt.secsTo(step.completedAt)))
                                                     : QJsonValue());
        stepObj->value(u"externalId"_s, QString::number(step.number));
        steps.append({step.number, Resolved::of(ObjectPtr(stepObj))});
    }
    obj->on(u"steps"_s, [steps](const QJsonObject &args) {
        QList<Resolved> items;
        for (const auto &[number, step] : steps)
            if (!args.value(u"number"_s).isDouble() || args.value(u"number"_s).toInt() == number)
                items << step;
        return Resolved::of(connection(u"CheckStepConnection"_s, items, args));
    });
    QList<Resolved> annotations;
    for (const GhAnnotation &annotation : run.annotations) {
        auto annotationObj = record(u"CheckAnnotation"_s);
        annotationObj->value(u"path"_s, annotation.path);
        const auto position = [](int line) {
            auto at = record(u"CheckAnnotationPosition"_s);
            at->value(u"line"_s, line);
            at->value(u"column"_s, QJsonValue());
            return ObjectPtr(at);
        };
        auto span = record(u"CheckAnnotationSpan"_s);
        const ObjectPtr start = position(annotation.startLine);
        const ObjectPtr end = position(annotation.endLine);
        span->on(u"start"_s, [start](const QJsonObject &) { return Resolved::of(start); });
        span->on(u"end"_s, [end](const QJsonObject &) { return Resolved::of(end); });
        annotationObj->on(u"location"_s, [span](const QJsonObject &) { return Resolved::of(ObjectPtr(span)); });
        annotationObj->value(u"annotationLevel"_s, annotation.level.toUpper());
        annotationObj->value(u"title"_s, annotation.title.isEmpty() ? QJsonValue() : QJsonValue(annotation.title));
        annotationObj->value(u"message"_s, annotation.message);
        annotationObj->value(u"rawDetails"_s, QJsonValue());
        annotationObj->value(u"blobUrl"_s, u"%1/%2/blob/HEAD/%3"_s.arg(state.htmlBase(), repo, annotation.path));
        annotations << Resolved::of(ObjectPtr(annotationObj));
    }
    obj->on(u"annotations"_s, [annotations](const QJsonObject &args) {
        return Resolved::of(connection(u"CheckAnnotationConnection"_s, annotations, args));
    });
    return obj;
}

Resolved nodeById(const FakeGithubState &state, const QJsonValue &id)
{
    const auto notFound = [&id] {
        return Resolved::error(u"NOT_FOUND"_s,
                               u"Could not resolve to a node with the global id of '%1'."_s.arg(id.toString()));
    };
    QString repo;
    qint64 checkRunId = 0;
    if (!parseCheckRunNodeId(id.toString(), &repo, &checkRunId))
        return notFound();
    const GhCheckRun *run = state.checkRun(repo, checkRunId);
    return run ? Resolved::of(checkRun(state, repo, *run)) : notFound();
}

ObjectPtr statusContext(const GhCommitStatus &status)
{
    auto obj = record(u"StatusContext"_s);
    obj->value(u"id"_s, u"SC_kwDO%1"_s.arg(status.id));
    obj->value(u"context"_s, status.context);
    obj->value(u"state"_s, status.state.toUpper());
    obj->value(u"targetUrl"_s, status.targetUrl.isEmpty() ? QJsonValue() : QJsonValue(status.targetUrl));
    obj->value(u"description"_s, status.description.isEmpty() ? QJsonValue() : QJsonValue(status.description));
    obj->value(u"createdAt"_s, timeJson(status.createdAt));
    obj->value(u"isRequired"_s, status.required);
    return obj;
}

QList<Resolved> countsByState(const QString &type, const QStringList &states)
{
    QMap<QString, int> counts;
    for (const QString &state : states)
        ++counts[state];
    QList<Resolved> out;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        auto obj = record(type);
        obj->value(u"state"_s, it.key());
        obj->value(u"count"_s, it.value());
        out << Resolved::of(ObjectPtr(obj));
    }
    return out;
}

ObjectPtr rollup(const FakeGithubState &state, const QString &repo, const QString &sha)
{
    const GhRepository *repository = state.repository(repo);
    const QList<GhCheckRun> runs = latestCheckRuns(repository->checkRuns.value(sha));
    const QList<GhCommitStatus> statuses = latestStatuses(repository->statuses.value(sha));
    if (runs.isEmpty() && statuses.isEmpty())
        return nullptr;
    QList<Resolved> contexts;
    QStringList runStates;
    QStringList statusStates;
    for (const auto &run : runs) {
        contexts << Resolved::of(checkRun(state, repo, run));
        runStates << checkRunState(run);
    }
    for (const auto &status : statuses) {
        contexts << Resolved::of(statusContext(status));
        statusStates << status.state.toUpper();
    }
    auto obj = record(u"StatusCheckRollup"_s);
    obj->value(u"state"_s, rollupState(runs, statuses));
    obj->on(u"contexts"_s, [=](const QJsonObject &args) {
        return Resolved::of(connection(u"StatusCheckRollupContextConnection"_s, contexts, args, [&](Record &conn) {
            conn.value(u"checkRunCount"_s, static_cast<int>(runStates.size()));
            conn.value(u"statusContextCount"_s, static_cast<int>(statusStates.size()));
            const QList<Resolved> runCounts = countsByState(u"CheckRunStateCount"_s, runStates);
            const QList<Resolved> statusCounts = countsByState(u"StatusContextStateCount"_s, statusStates);
            conn.on(u"checkRunCountsByState"_s,
                    [runCounts](const QJsonObject &) { return Resolved::listOf(runCounts); });
            conn.on(u"statusContextCountsByState"_s,
                    [statusCounts](const QJsonObject &) { return Resolved::listOf(statusCounts); });
        }));
    });
    return obj;
}

QString pullState(const GhPullRequest &pr)
{
    return pr.state.toUpper();
}

QList<Resolved> latestReviewsPerAuthor(const FakeGithubState &state, const QString &repo, const GhPullRequest &pr,
                                       const QStringList &states)
{
    QList<QString> order;
    QHash<QString, GhReview> latest;
    for (const auto &item : pr.reviews) {
        if (!states.contains(item.state))
            continue;
        if (!latest.contains(item.author.login))
            order << item.author.login;
        latest.insert(item.author.login, item);
    }
    QList<Resolved> out;
    for (const QString &login : std::as_const(order))
        out << Resolved::of(review(state, repo, pr.number, latest.value(login)));
    return out;
}

ObjectPtr repositoryObject(FakeGithubState &state, const QString &repo);

ObjectPtr pullRequest(FakeGithubState &state, const QString &repo, const GhPullRequest &pr)
{
    auto obj = record(u"PullRequest"_s);
    obj->value(u"id"_s,
               u"PR_kwDO%1"_s.arg(QString::fromLatin1((repo + u"#"_s).toUtf8().toHex()) + QString::number(pr.number)));
    obj->value(u"number"_s, pr.number);
    obj->value(u"url"_s, state.pullHtmlUrl(repo, pr.number));
    obj->value(u"title"_s, pr.title);
    obj->value(u"body"_s, pr.body);
    obj->value(u"state"_s, pullState(pr));
    obj->value(u"isDraft"_s, pr.draft);
    obj->value(u"closed"_s, pr.state != u"open"_s);
    obj->value(u"closedAt"_s, timeJson(pr.closedAt));
    obj->value(u"merged"_s, pr.state == u"merged"_s);
    obj->value(u"mergedAt"_s, timeJson(pr.mergedAt));
    obj->value(u"createdAt"_s, timeJson(pr.createdAt));
    obj->value(u"updatedAt"_s, timeJson(pr.updatedAt));
    obj->value(u"headRefName"_s, pr.headRef);
    obj->value(u"headRefOid"_s, pr.headSha);
    obj->value(u"baseRefName"_s, pr.baseRef);
    obj->value(u"additions"_s, pr.additions);
    obj->value(u"deletions"_s, pr.deletions);
    obj->value(u"changedFiles"_s, pr.changedFiles);
    // One read of mergeability per PR object, so mergeable and mergeStateStatus agree.
    auto computed = std::make_shared<std::optional<std::optional<bool>>>();
    FakeGithubState *world = &state;
    const int number = pr.number;
    auto readOnce = [computed, world, repo, number]() {
        if (!computed->has_value())
            *computed = world->readMergeable(*world->pullRequest(repo, number));
        return computed->value();
    };
    obj->on(u"mergeable"_s, [readOnce](const QJsonObject &) {
        const std::optional<bool> value = readOnce();
        return Resolved::of(!value ? u"UNKNOWN"_s : (*value ? u"MERGEABLE"_s : u"CONFLICTING"_s));
    });
    const QString mergeState = pr.mergeStateStatus;
    const bool open = pr.state == u"open"_s;
    obj->on(u"mergeStateStatus"_s, [readOnce, mergeState, open](const QJsonObject &) {
        return Resolved::of(open && !readOnce() ? u"UNKNOWN"_s : mergeState);
    });
    obj->value(u"reviewDecision"_s, pr.reviewDecision.isEmpty() ? QJsonValue() : QJsonValue(pr.reviewDecision));
    const ObjectPtr author = actor(state, pr.author);
    obj->on(u"author"_s, [author](const QJsonObject &) { return Resolved::of(author); });
    obj->on(u"repository"_s,
            [world, repo](const QJsonObject &) { return Resolved::of(repositoryObject(*world, repo)); });

    const QList<Resolved> opinionated =
        latestReviewsPerAuthor(state, repo, pr, {u"APPROVED"_s, u"CHANGES_REQUESTED"_s});
    const QList<Resolved> latest = latestReviewsPerAuthor(
        state, repo, pr, {u"APPROVED"_s, u"CHANGES_REQUESTED"_s, u"COMMENTED"_s, u"DISMISSED"_s});
    obj->on(u"latestOpinionatedReviews"_s, [opinionated](const QJsonObject &args) {
        return Resolved::of(connection(u"PullRequestReviewConnection"_s, opinionated, args));
    });
    obj->on(u"latestReviews"_s, [latest](const QJsonObject &args) {
        return Resolved::of(connection(u"PullRequestReviewConnection"_s, latest, args));
    });
    QList<std::pair<QString, Resolved>> allReviews;
    for (const auto &item : pr.reviews)
        allReviews.append({item.state, Resolved::of(review(state, repo, pr.number, item))});
    obj->on(u"reviews"_s, [allReviews](const QJsonObject &args) {
        const QJsonArray wanted = args.value(u"states"_s).toArray();
        QList<Resolved> items;
        for (const auto &[reviewState, item] : allReviews)
            if (wanted.isEmpty() || wanted.contains(reviewState))
                items << item;
        return Resolved::of(connection(u"PullRequestReviewConnection"_s, items, args));
    });
    QList<Resolved> threads;
    for (const auto &thread : pr.threads)
        threads << Resolved::of(reviewThread(state, repo, pr.number, thread));
    obj->on(u"reviewThreads"_s, [threads](const QJsonObject &args) {
        return Resolved::of(connection(u"PullRequestReviewThreadConnection"_s, threads, args));
    });
    // The fake tracks a PR's head commit only, so the commits connection holds that one commit.
    auto commit = record(u"Commit"_s);
    commit->value(u"oid"_s, pr.headSha);
    commit->value(u"url"_s, u"%1/%2/commit/%3"_s.arg(state.htmlBase(), repo, pr.headSha));
    const ObjectPtr rollupObj = rollup(state, repo, pr.headSha);
    commit->on(u"statusCheckRollup"_s, [rollupObj](const QJsonObject &) { return Resolved::of(rollupObj); });
    auto prCommit = record(u"PullRequestCommit"_s);
    prCommit->value(u"id"_s, u"PURC_kwDO%1"_s.arg(pr.headSha.left(12)));
    prCommit->on(u"commit"_s, [commit](const QJsonObject &) { return Resolved::of(ObjectPtr(commit)); });
    const QList<Resolved> commits{Resolved::of(ObjectPtr(prCommit))};
    obj->on(u"commits"_s, [commits](const QJsonObject &args) {
        return Resolved::of(connection(u"PullRequestCommitConnection"_s, commits, args));
    });
    return obj;
}

ObjectPtr repositoryObject(FakeGithubState &state, const QString &repo)
{
    const GhRepository *found = state.repository(repo);
    auto obj = record(u"Repository"_s);
    obj->value(u"id"_s, u"R_kgDO%1"_s.arg(QString::fromLatin1(repo.toUtf8().toHex())));
    obj->value(u"name"_s, found->name);
    obj->value(u"nameWithOwner"_s, repo);
    obj->value(u"url"_s, QString(state.htmlBase() + u"/"_s + repo));
    FakeGithubState *world = &state;
    obj->on(u"pullRequest"_s, [world, repo](const QJsonObject &args) {
        const int number = args.value(u"number"_s).toInt();
        const GhPullRequest *pr = world->pullRequest(repo, number);
        if (!pr)
            return Resolved::error(u"NOT_FOUND"_s,
                                   u"Could not resolve to a PullRequest with the number of %1."_s.arg(number));
        return Resolved::of(pullRequest(*world, repo, *pr));
    });
    obj->on(u"pullRequests"_s, [world, repo](const QJsonObject &args) {
        const QString head = args.value(u"headRefName"_s).toString();
        const QString base = args.value(u"baseRefName"_s).toString();
        const QJsonArray states = args.value(u"states"_s).toArray();
        QList<Resolved> items;
        for (const auto &pr : world->repository(repo)->pulls) {
            if (!head.isEmpty() && pr.headRef != head)
                continue;
            if (!base.isEmpty() && pr.baseRef != base)
                continue;
            if (!states.isEmpty() && !states.contains(pullState(pr)))
                continue;
            items << Resolved::of(pullRequest(*world, repo, pr));
        }
        return Resolved::of(connection(u"PullRequestConnection"_s, items, args));
    });
    return obj;
}

ObjectPtr threadPayload(FakeGithubState &state, const QString &type, const QJsonObject &input, bool resolve,
                        QString &error)
{
    const QString threadId = input.value(u"threadId"_s).toString();
    QString repo;
    int number = 0;
    if (!state.reviewThread(threadId, &repo, &number) || !state.resolveReviewThread(threadId, resolve)) {
        error = u"Could not resolve to a node with the global id of '%1'."_s.arg(threadId);
        return nullptr;
    }
    auto payload = record(type);
    payload->value(u"clientMutationId"_s, input.value(u"clientMutationId"_s));
    const ObjectPtr thread = reviewThread(state, repo, number, *state.reviewThread(threadId));
    payload->on(u"thread"_s, [thread](const QJsonObject &) { return Resolved::of(thread); });
    return payload;
}

} // namespace

graphql::ObjectPtr makeQueryRoot(FakeGithubState &state, const GraphqlRateView &rate)
{
    auto root = record(u"Query"_s);
    FakeGithubState *world = &state;
    root->on(u"repository"_s, [world](const QJsonObject &args) {
        const QString full = args.value(u"owner"_s).toString() + u"/"_s + args.value(u"name"_s).toString();
        if (!world->repository(full))
            return Resolved::error(u"NOT_FOUND"_s,
                                   u"Could not resolve to a Repository with the name '%1'."_s.arg(full));
        return Resolved::of(repositoryObject(*world, full));
    });
    auto limits = record(u"RateLimit"_s);
    limits->value(u"cost"_s, rate.cost);
    limits->value(u"limit"_s, rate.limit);
    limits->value(u"remaining"_s, rate.remaining);
    limits->value(u"used"_s, rate.used);
    limits->value(u"nodeCount"_s, static_cast<double>(rate.nodeCount));
    limits->value(u"resetAt"_s, timeJson(QDateTime::fromSecsSinceEpoch(rate.resetEpoch, Qt::UTC)));
    root->on(u"rateLimit"_s, [limits](const QJsonObject &) { return Resolved::of(ObjectPtr(limits)); });
    root->on(u"node"_s, [world](const QJsonObject &args) { return nodeById(*world, args.value(u"id"_s)); });
    root->on(u"nodes"_s, [world](const QJsonObject &args) {
        const QJsonArray ids = args.value(u"ids"_s).toArray();
        if (ids.size() > 100)
            return Resolved::error(
                u"EXCESSIVE_PAGINATION"_s,
                u"You may not request more than 100 nodes at once (%1 requested)."_s.arg(ids.size()));
        QList<Resolved> found;
        for (const QJsonValue &id : ids)
            found << nodeById(*world, id);
        return Resolved::listOf(found);
    });
    const ObjectPtr viewer = actor(state, GhActor{state.viewerLogin(), false});
    root->on(u"viewer"_s, [viewer](const QJsonObject &) { return Resolved::of(viewer); });
    return root;
}

graphql::ObjectPtr makeMutationRoot(FakeGithubState &state)
{
    auto root = record(u"Mutation"_s);
    FakeGithubState *world = &state;
    for (const bool resolve : {true, false}) {
        const QString field = resolve ? u"resolveReviewThread"_s : u"unresolveReviewThread"_s;
        const QString payloadType = resolve ? u"ResolveReviewThreadPayload"_s : u"UnresolveReviewThreadPayload"_s;
        root->on(field, [world, payloadType, resolve](const QJsonObject &args) {
            QString error;
            const ObjectPtr payload =
                threadPayload(*world, payloadType, args.value(u"input"_s).toObject(), resolve, error);
            return payload ? Resolved::of(payload) : Resolved::error(u"NOT_FOUND"_s, error);
        });
    }
    root->on(u"addPullRequestReviewThreadReply"_s, [world](const QJsonObject &args) {
        const QJsonObject input = args.value(u"input"_s).toObject();
        const QString threadId = input.value(u"pullRequestReviewThreadId"_s).toString();
        const QString body = input.value(u"body"_s).toString();
        if (body.isEmpty())
            return Resolved::error(u"UNPROCESSABLE"_s, u"Body can't be blank"_s);
        const qint64 id = world->addThreadReply(threadId, GhActor{world->viewerLogin(), false}, body);
        if (id == 0)
            return Resolved::error(u"NOT_FOUND"_s,
                                   u"Could not resolve to a node with the global id of '%1'."_s.arg(threadId));
        QString repo;
        int number = 0;
        const GhReviewThread *thread = world->reviewThread(threadId, &repo, &number);
        auto payload = record(u"AddPullRequestReviewThreadReplyPayload"_s);
        payload->value(u"clientMutationId"_s, input.value(u"clientMutationId"_s));
        const ObjectPtr comment = threadComment(*world, repo, number, *thread, thread->comments.last());
        payload->on(u"comment"_s, [comment](const QJsonObject &) { return Resolved::of(comment); });
        return Resolved::of(ObjectPtr(payload));
    });
    return root;
}

} // namespace flotilla::fakes

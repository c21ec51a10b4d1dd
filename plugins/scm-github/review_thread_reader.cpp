#include "review_thread_reader.h"

#include "github_api.h"
#include "plugin/await_result.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flotilla::github {

namespace {

constexpr int kMaxThreadPages = 5;

bool isBot(const QJsonObject &author)
{
    return author.value(u"__typename"_s).toString() == u"Bot"_s
           || author.value(u"login"_s).toString().endsWith(u"[bot]"_s);
}

QString quoted(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
    return u'"' + escaped + u'"';
}

// The body of each reviewer's latest verdict when it requested changes and says something.
QList<ReviewComment> reviewsRequestingChanges(const QJsonObject &pr)
{
    QList<ReviewComment> reviews;
    for (const QJsonValue &entry : pr.value(u"latestOpinionatedReviews"_s).toObject().value(u"nodes"_s).toArray()) {
        const QJsonObject review = entry.toObject();
        if (review.value(u"state"_s).toString() != u"CHANGES_REQUESTED"_s
            || review.value(u"body"_s).toString().trimmed().isEmpty())
            continue;
        const QJsonObject author = review.value(u"author"_s).toObject();
        ReviewComment parsed;
        parsed.id = u"review-"_s + QString::number(review.value(u"databaseId"_s).toInteger());
        parsed.author = author.value(u"login"_s).toString(u"ghost"_s);
        parsed.authorIsBot = isBot(author);
        parsed.body = review.value(u"body"_s).toString();
        parsed.url = review.value(u"url"_s).toString();
        parsed.createdAt = QDateTime::fromString(review.value(u"submittedAt"_s).toString(), Qt::ISODate);
        reviews << parsed;
    }
    return reviews;
}

} // namespace

ReviewThreadReader::ReviewThreadReader(GithubApi &api, GithubRepo repo, QObject *parent)
    : QObject(parent), m_api(api), m_repo(std::move(repo))
{}

QString ReviewThreadReader::threadsQuery(const GithubRepo &repo, int number, const QString &after)
{
    const QString page = after.isEmpty() ? QString() : u", after: %1"_s.arg(quoted(after));
    // The first page also asks for each reviewer's latest verdict: a review that requested
    // changes often says what in its body rather than on a line.
    const QString reviews =
        after.isEmpty() ? u"    latestOpinionatedReviews(first: 100) { nodes { databaseId state body url submittedAt\n"
                          "      author { login __typename } } }\n"_s
                        : QString();
    return u"query Threads {\n  repository(owner: %1, name: %2) { pullRequest(number: %3) {\n"
           "    reviewThreads(first: 100%4) { pageInfo { hasNextPage endCursor }\n"
           "      nodes { id isResolved isOutdated path line\n"
           "        comments(first: 20) { nodes { databaseId author { login __typename } body url createdAt } } } }\n"
           "%5  } }\n  rateLimit { cost remaining resetAt used limit }\n}\n"_s
               .arg(quoted(repo.owner), quoted(repo.name))
               .arg(number)
               .arg(page, reviews);
}

struct ReviewThreadReader::Reading
{
    PendingResult<QList<ReviewComment>> answer;
    QList<ReviewComment> reviews;
    QList<ReviewComment> comments;
    int number = 0;
    int pages = 0;
    QString what;
};

Async<QList<ReviewComment>> ReviewThreadReader::read(int number)
{
    auto reading = std::make_shared<Reading>();
    reading->number = number;
    reading->what = u"review threads of PR #%1 in %2"_s.arg(number).arg(m_repo.fullName());
    auto future = reading->answer.future();
    readPage(reading, QString());
    return future;
}

void ReviewThreadReader::readPage(const std::shared_ptr<Reading> &reading, const QString &after)
{
    m_api.graphql(threadsQuery(m_repo, reading->number, after), {}, reading->what)
        .then(this, [this, reading](Result<GraphqlAnswer> answer) {
            const QString &what = reading->what;
            if (!answer)
                return reading->answer(answer.error());
            const QJsonValue pr = answer->data.value(u"repository"_s).toObject().value(u"pullRequest"_s);
            if (!pr.isObject())
                return reading->answer(makeError(
                    u"github.not_found"_s,
                    u"%1: the pull request was not found%2"_s.arg(
                        what, answer->errors.isEmpty() ? QString() : u" ("_s + answer->errors.first().message + u')')));
            const QJsonObject threads = pr.toObject().value(u"reviewThreads"_s).toObject();
            if (reading->pages == 0)
                reading->reviews = reviewsRequestingChanges(pr.toObject());
            for (const QJsonValue &entry : threads.value(u"nodes"_s).toArray()) {
                const QJsonObject thread = entry.toObject();
                if (thread.value(u"isResolved"_s).toBool())
                    continue;
                for (const QJsonValue &commentEntry :
                     thread.value(u"comments"_s).toObject().value(u"nodes"_s).toArray()) {
                    const QJsonObject comment = commentEntry.toObject();
                    const QJsonObject author = comment.value(u"author"_s).toObject();
                    ReviewComment parsed;
                    parsed.id = QString::number(comment.value(u"databaseId"_s).toInteger());
                    parsed.threadId = thread.value(u"id"_s).toString();
                    // A deleted account shows as a null author ("ghost" on github.com).
                    parsed.author = author.value(u"login"_s).toString(u"ghost"_s);
                    parsed.authorIsBot = isBot(author);
                    parsed.body = comment.value(u"body"_s).toString();
                    parsed.path = thread.value(u"path"_s).toString();
                    parsed.line = thread.value(u"line"_s).toInt();
                    parsed.url = comment.value(u"url"_s).toString();
                    parsed.createdAt = QDateTime::fromString(comment.value(u"createdAt"_s).toString(), Qt::ISODate);
                    reading->comments << parsed;
                }
            }
            const QJsonObject pageInfo = threads.value(u"pageInfo"_s).toObject();
            if (pageInfo.value(u"hasNextPage"_s).toBool() && ++reading->pages < kMaxThreadPages)
                return readPage(reading, pageInfo.value(u"endCursor"_s).toString());
            reading->answer(reading->reviews + reading->comments);
        });
}

Async<void> ReviewThreadReader::resolve(const QString &threadId)
{
    const QString mutation = u"mutation Resolve {\n  resolveReviewThread(input: {threadId: %1}) { thread { id "
                             "isResolved } }\n}\n"_s.arg(quoted(threadId));
    return m_api.graphql(mutation, {}, u"resolving review thread %1"_s.arg(threadId), true)
        .then(this, [threadId](Result<GraphqlAnswer> answer) -> Result<void> {
            if (!answer)
                return answer.error();
            const bool resolved = answer->data.value(u"resolveReviewThread"_s)
                                      .toObject()
                                      .value(u"thread"_s)
                                      .toObject()
                                      .value(u"isResolved"_s)
                                      .toBool();
            if (!resolved)
                return makeError(
                    u"github.resolve_failed"_s,
                    u"GitHub did not resolve review thread %1%2"_s.arg(
                        threadId, answer->errors.isEmpty() ? QString() : u": "_s + answer->errors.first().message));
            return {};
        });
}

} // namespace flotilla::github

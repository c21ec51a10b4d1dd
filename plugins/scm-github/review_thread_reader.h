#pragma once

#include "github_endpoint.h"
#include "plugin/scm_plugin.h"

#include <QObject>

namespace flotilla {

class GithubApi;

namespace github {

// The open review conversation of one pull request: every comment of every unresolved
// thread (outdated ones included: the reviewer has not let them go), and the bodies of
// reviews that requested changes, each with its author and whether that author is a bot.
class ReviewThreadReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewThreadReader)

public:
    ReviewThreadReader(GithubApi &api, GithubRepo repo, QObject *parent = nullptr);

    Async<QList<ReviewComment>> read(int number);
    // Marks a thread resolved (after the agent reports it addressed it).
    Async<void> resolve(const QString &threadId);

    static QString threadsQuery(const GithubRepo &repo, int number, const QString &after);

private:
    struct Reading;
    void readPage(const std::shared_ptr<Reading> &reading, const QString &after);

    GithubApi &m_api;
    GithubRepo m_repo;
};

} // namespace github
} // namespace flotilla

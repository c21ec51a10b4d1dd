#pragma once

#include "plugin/plugin_common.h"

#include <QSet>
#include <QString>

namespace flotilla {

class Fleet;
class Store;

// Where a person merges a session's pull request themselves: the dashboard's and the desktop
// app's Merge button, `flo session merge`. The pull request is read afresh first, so a merge
// never goes ahead on a head the person did not see, a closed or draft pull request, or one
// with conflicts; the hosting service still applies its own rules (branch protection, required
// checks). The request and its outcome are in the audit log under the person's name, and the
// session is checked at once so its state follows without waiting for the next poll.
class MergeDesk final
{
public:
    MergeDesk(Fleet &fleet, Store &store);
    MergeDesk(const MergeDesk &) = delete;
    MergeDesk &operator=(const MergeDesk &) = delete;

    struct Merged
    {
        int prNumber = 0;
        QString headSha;
        QString method;
    };

    // `expectedHeadSha` is the head the person looked at; empty merges whatever the head is now.
    Async<Merged> merge(const QString &sessionId, const QString &expectedHeadSha, const QString &actor);

private:
    Fleet &m_fleet;
    Store &m_store;
    QSet<QString> m_merging; // sessions with a merge under way: a second click is refused
};

} // namespace flotilla

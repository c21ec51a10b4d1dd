// Writes to the state store as fast as it can until it is killed: sessions created together with
// their "session.spawned" event, and updated together with a "session.updated" event that
// carries the summary written. tst_store_crash_safety kills it at random moments and checks
// that every kill left a consistent database.
#include "store/store.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QStringList>

#include <cstdio>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

int fail(const Error &error)
{
    std::fprintf(stderr, "store_crash_writer: %s\n", qPrintable(error.toString()));
    return 1;
}

Event sessionEvent(const QString &type, const SessionRecord &record)
{
    Event event;
    event.type = type;
    event.sessionId = record.id;
    event.projectId = record.projectId;
    event.actor = u"lifecycle"_s;
    event.message = record.id + u": "_s + record.summary;
    event.data = QJsonObject{{u"summary"_s, record.summary}};
    return event;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() != 3) {
        std::fprintf(stderr, "usage: store_crash_writer DATABASE SEED\n");
        return 2;
    }
    QRandomGenerator random(arguments.at(2).toUInt());

    Store store;
    if (auto opened = store.open(arguments.at(1)); !opened)
        return fail(opened.error());
    QStringList ids;
    auto existing = store.sessions().list();
    if (!existing)
        return fail(existing.error());
    for (const SessionRecord &record : existing.value())
        ids << record.id;

    const QStringList prefixes = {u"cw"_s, u"cx"_s};
    for (quint64 step = 0;; ++step) {
        if (ids.isEmpty() || random.bounded(3) != 0) {
            const QString prefix = prefixes.at(int(step % 2));
            auto id = store.sessions().reserveSessionId(prefix);
            if (!id)
                return fail(id.error());
            SessionRecord record;
            record.id = id.value();
            record.projectId = prefix == u"cw"_s ? u"alpha"_s : u"beta"_s;
            record.displayName = u"crash test session "_s + record.id;
            record.summary = u"spawned"_s;
            record.createdAt = QDateTime::currentDateTimeUtc();
            record.extra = QJsonObject{{u"step"_s, qint64(step)}};
            const Event spawned = sessionEvent(u"session.spawned"_s, record);
            if (auto inserted = store.sessions().insert(record, {RoutedEvent(spawned, {u"desktop"_s})}); !inserted)
                return fail(inserted.error());
            ids << record.id;
        } else {
            const QString id = ids.at(int(random.bounded(quint32(ids.size()))));
            auto found = store.sessions().get(id);
            if (!found)
                return fail(found.error());
            if (!found.value())
                return fail(makeError(u"crash_writer.lost"_s, u"session %1 vanished"_s.arg(id)));
            SessionRecord record = *found.value();
            record.state = SessionState::Working;
            record.summary = u"update %1"_s.arg(step);
            record.lastTransitionAt = QDateTime::currentDateTimeUtc();
            if (auto updated =
                    store.sessions().update(record, {RoutedEvent(sessionEvent(u"session.updated"_s, record))});
                !updated)
                return fail(updated.error());
        }
    }
}

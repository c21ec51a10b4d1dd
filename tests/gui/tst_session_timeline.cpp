// A session's history in the Overview tab: newest first, each event once, problems marked.
#include "gui/session_timeline.h"

#include <QTest>
#include <QTimeZone>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

StoredEvent stored(qint64 seq, const QString &type, Priority priority, const QString &message)
{
    StoredEvent made;
    made.seq = seq;
    made.event.type = type;
    made.event.priority = priority;
    made.event.message = message;
    made.event.actor = u"lifecycle"_s;
    made.event.sessionId = u"app-1"_s;
    made.event.timestamp = QDateTime(QDate(2026, 3, 4), QTime(10, 0).addSecs(int(seq) * 60), Qt::UTC);
    return made;
}

QStringList messages(const SessionTimeline &timeline)
{
    QStringList out;
    for (int i = 0; i < timeline.topLevelItemCount(); ++i)
        out << timeline.topLevelItem(i)->text(1);
    return out;
}

} // namespace

class TestSessionTimeline final : public QObject
{
    Q_OBJECT

private slots:
    void showsNewestFirstAndEachEventOnce()
    {
        SessionTimeline timeline;
        timeline.setEvents({stored(3, u"ci.failing"_s, Priority::Warning, u"CI failing on PR #4"_s),
                            stored(1, u"session.spawned"_s, Priority::Info, u"Spawned app-1"_s),
                            stored(2, u"pr.created"_s, Priority::Info, QString())});
        // An event without a message shows its type.
        QCOMPARE(messages(timeline), QStringList({u"CI failing on PR #4"_s, u"pr.created"_s, u"Spawned app-1"_s}));
        QCOMPARE(timeline.topLevelItem(0)->toolTip(1), u"ci.failing"_s);
        QCOMPARE(timeline.topLevelItem(0)->text(2), u"lifecycle"_s);
        QVERIFY(timeline.topLevelItem(0)->foreground(1).color() != timeline.topLevelItem(1)->foreground(1).color());

        const StoredEvent urgent = stored(4, u"decision.requested"_s, Priority::Urgent, u"Merge PR #4?"_s);
        timeline.addEvent(urgent.event, urgent.seq);
        timeline.addEvent(urgent.event, urgent.seq); // heard twice, shown once
        const StoredEvent older = stored(2, u"pr.created"_s, Priority::Info, u"late copy"_s);
        timeline.addEvent(older.event, older.seq); // already read from the log
        QCOMPARE(timeline.topLevelItemCount(), 4);
        QCOMPARE(timeline.topLevelItem(0)->text(1), u"Merge PR #4?"_s);
        QVERIFY(timeline.topLevelItem(0)->font(1).bold());
        QCOMPARE(timeline.newestSeq(), 4);

        timeline.setEvents({});
        QCOMPARE(timeline.topLevelItemCount(), 0);
        QCOMPARE(timeline.newestSeq(), 0);
    }

    void keepsTheNewestRowsOnly()
    {
        SessionTimeline timeline;
        QList<StoredEvent> many;
        for (int seq = 1; seq <= SessionTimeline::kMaxRows + 20; ++seq)
            many << stored(seq, u"session.message_sent"_s, Priority::Info, u"message %1"_s.arg(seq));
        timeline.setEvents(many);
        QCOMPARE(timeline.topLevelItemCount(), SessionTimeline::kMaxRows);
        QCOMPARE(timeline.topLevelItem(0)->text(1), u"message %1"_s.arg(SessionTimeline::kMaxRows + 20));
        const StoredEvent next = stored(SessionTimeline::kMaxRows + 21, u"x"_s, Priority::Info, u"newest"_s);
        timeline.addEvent(next.event, next.seq);
        QCOMPARE(timeline.topLevelItemCount(), SessionTimeline::kMaxRows);
        QCOMPARE(timeline.topLevelItem(0)->text(1), u"newest"_s);
    }
};

QTEST_MAIN(TestSessionTimeline)
#include "tst_session_timeline.moc"

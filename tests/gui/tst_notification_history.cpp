// The app's notification history, read from the real store's outbox: every delivery with its
// channel, session and what became of it; a row leads to its session.
#include "gui/notification_history.h"
#include "isolated_environment.h"
#include "store/store.h"

#include <QLabel>

#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>
#include <algorithm>

using namespace flotilla;
using namespace Qt::StringLiterals;

class TestNotificationHistory final : public QObject
{
    Q_OBJECT

private slots:
    void showsEachDeliveryAndWhatBecameOfIt()
    {
        test::IsolatedEnvironment env;
        Store store;
        const auto opened = store.open(env.root() + u"/flotilla.db"_s);
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().toString()));
        Event failing;
        failing.type = u"ci.failing"_s;
        failing.sessionId = u"shop-3"_s;
        failing.message = u"CI failing on PR #12"_s;
        const auto logged = store.events().appendAndRoute(failing, {u"desktop"_s, u"team-slack"_s});
        QVERIFY(logged.ok());

        NotificationHistory history([&store](int limit) { return store.outbox().history(limit); });
        QTreeWidget *list = history.list();
        QCOMPARE(list->topLevelItemCount(), 2);
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(list->topLevelItem(row)->text(2), u"shop-3"_s);
            QCOMPARE(list->topLevelItem(row)->text(3), u"CI failing on PR #12"_s);
            QCOMPARE(list->topLevelItem(row)->text(4), u"Waiting to be sent"_s);
        }

        // One channel delivers, the other fails for good.
        const auto claimed = store.outbox().claimDue(QDateTime::currentDateTimeUtc().addSecs(1), 10);
        QVERIFY(claimed.ok() && claimed->size() == 2);
        for (const OutboxEntry &entry : claimed.value()) {
            if (entry.notifier == u"desktop"_s)
                QVERIFY(store.outbox().markDelivered(entry.id).ok());
            else
                QVERIFY(store.outbox().markDead(entry.id, u"HTTP 404 from the webhook"_s).ok());
        }
        history.refresh();
        QCOMPARE(list->topLevelItemCount(), 2);
        QStringList states;
        for (int row = 0; row < 2; ++row)
            states << list->topLevelItem(row)->text(1) + u": "_s + list->topLevelItem(row)->text(4);
        states.sort();
        QCOMPARE(states.size(), 2);
        QVERIFY2(states.at(0).startsWith(u"desktop: Delivered "_s), qPrintable(states.join(u" | "_s)));
        QCOMPARE(states.at(1), u"team-slack: Given up: HTTP 404 from the webhook"_s);

        QSignalSpy show(&history, &NotificationHistory::showSessionRequested);
        emit list->itemActivated(list->topLevelItem(0), 0);
        QCOMPARE(show.size(), 1);
        QCOMPARE(show.at(0).at(0).toString(), u"shop-3"_s);
    }

    void saysWhenTheHistoryCannotBeRead()
    {
        NotificationHistory history(
            [](int) -> Result<QList<OutboxEntry>> { return makeError(u"db.locked"_s, u"database is locked"_s); });
        QCOMPARE(history.list()->topLevelItemCount(), 0);
        const QList<QLabel *> labels = history.findChildren<QLabel *>();
        QVERIFY(std::any_of(labels.cbegin(), labels.cend(),
                            [](const QLabel *label) { return label->text().contains(u"database is locked"_s); }));
    }
};

QTEST_MAIN(TestNotificationHistory)
#include "tst_notification_history.moc"

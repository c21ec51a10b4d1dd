#include "config/config_loader.h"
#include "lifecycle/config_reactions.h"

#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

// The engine sees exactly what the configuration resolved, overrides merged field by field.
class TestConfigReactions final : public QObject
{
    Q_OBJECT

private slots:
    void feedsMergedReactionsAndRoutingToTheEngine()
    {
        const QByteArray yaml = "defaults:\n  notifiers: [desktop]\n"
                                "notificationRouting:\n  urgent: [desktop, team]\n"
                                "notifiers:\n  team:\n    plugin: webhook\n    url: https://hooks.example.invalid/x\n"
                                "reactions:\n  ci-failed:\n    retries: 3\n"
                                "projects:\n  shop:\n    path: /tmp/shop\n    reactions:\n"
                                "      ci-failed:\n        renagAfter: 10m\n";
        const LoadedConfig loaded = ConfigLoader::loadText(yaml, u"/tmp/flotilla.yaml"_s, std::nullopt);
        QVERIFY2(!loaded.hasErrors(),
                 qPrintable(loaded.errors().isEmpty() ? QString() : loaded.errors().first().message));
        auto config = std::make_shared<const Config>(loaded.config);

        const auto policies = reactionPoliciesFrom(config);
        const auto ci = policies(u"shop"_s, u"ci-failed"_s);
        QVERIFY(ci.has_value());
        QCOMPARE(ci->action, ReactionPolicy::Action::SendToAgent);    // kept from the built-in
        QCOMPARE(ci->retries, std::optional<int>(3));                 // from the global entry
        QCOMPARE(ci->renagAfterMs, std::optional<qint64>(600000));    // from the project
        QVERIFY(!policies(u"shop"_s, u"report-stale"_s).has_value()); // inert unless configured

        const auto router = notificationRouterFrom(config);
        QCOMPARE(router(u"shop"_s, Priority::Urgent), (QStringList{u"desktop"_s, u"team"_s}));
        QCOMPARE(router(u"shop"_s, Priority::Info), QStringList{u"desktop"_s});
    }
};

QTEST_GUILESS_MAIN(TestConfigReactions)
#include "tst_config_reactions.moc"

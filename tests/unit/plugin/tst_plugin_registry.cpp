#include "plugin/plugin_registry.h"
#include "plugin/runtime_plugin.h"
#include "plugin/terminal_plugin.h"

#include <QStandardPaths>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

// A runtime whose availability depends on a program being on PATH, like the tmux runtime.
class ProgramRuntime final : public RuntimePlugin
{
public:
    explicit ProgramRuntime(const PluginSettings &settings) : m_program(settings.value(u"program"_s).toString(u"sh"_s))
    {}
    QString name() const override { return u"program"_s; }
    Availability detect() const override
    {
        if (QStandardPaths::findExecutable(m_program).isEmpty())
            return Availability::missing(u"%1 not found"_s.arg(m_program), u"install package %1"_s.arg(m_program));
        return Availability::ok();
    }
    Async<RuntimeHandle> create(const RuntimeLaunch &launch) override
    {
        return ready(Result<RuntimeHandle>(RuntimeHandle{launch.sessionId, name(), {}}));
    }
    Async<void> destroy(const RuntimeHandle &) override { return readyOk(); }
    Async<void> sendText(const RuntimeHandle &, const QString &) override { return readyOk(); }
    Async<QString> readOutput(const RuntimeHandle &, int) override { return ready(Result<QString>(QString())); }
    Async<QHash<QString, RuntimeProbe>> probe(const QList<RuntimeHandle> &) override
    {
        return ready(Result<QHash<QString, RuntimeProbe>>(QHash<QString, RuntimeProbe>()));
    }
    QStringList attachCommand(const RuntimeHandle &handle) const override { return {m_program, handle.id}; }

private:
    QString m_program;
};

} // namespace

class TestPluginRegistry final : public QObject
{
    Q_OBJECT

private slots:
    void createsRegisteredPluginsByName()
    {
        PluginRegistry registry;
        QVERIFY((registry.add<RuntimePlugin, ProgramRuntime>(u"program"_s, u"runs a program"_s).ok()));
        QVERIFY(registry.contains(PluginSlot::Runtime, u"program"_s));
        QVERIFY(!registry.contains(PluginSlot::Terminal, u"program"_s));
        QCOMPARE(registry.names(PluginSlot::Runtime), QStringList{u"program"_s});

        auto runtime = registry.create<RuntimePlugin>(u"program"_s, PluginSettings{{u"program"_s, u"git"_s}});
        QVERIFY(runtime.ok());
        QCOMPARE(runtime.value()->attachCommand(RuntimeHandle{u"s-1"_s, {}, {}}), (QStringList{u"git"_s, u"s-1"_s}));
    }

    void refusesDuplicates()
    {
        PluginRegistry registry;
        QVERIFY((registry.add<RuntimePlugin, ProgramRuntime>(u"program"_s, {}).ok()));
        const auto again = registry.add<RuntimePlugin, ProgramRuntime>(u"program"_s, {});
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, u"plugin.duplicate"_s);
        QCOMPARE(registry.entries().size(), 1);
    }

    void explainsUnknownNames()
    {
        PluginRegistry registry;
        QVERIFY((registry.add<RuntimePlugin, ProgramRuntime>(u"program"_s, {}).ok()));
        const auto typo = registry.create<RuntimePlugin>(u"progam"_s);
        QVERIFY(!typo.ok());
        QCOMPARE(typo.error().code, u"plugin.unknown"_s);
        QCOMPARE(typo.error().message,
                 u"unknown runtime plugin \"progam\" (did you mean \"program\"?); available: program"_s);

        const auto wrongSlot = registry.create<TerminalPlugin>(u"program"_s);
        QVERIFY(!wrongSlot.ok());
        QVERIFY(wrongSlot.error().message.endsWith(u"none is registered"_s));
    }

    void detectsAvailability()
    {
        PluginRegistry registry;
        QVERIFY((registry.add<RuntimePlugin, ProgramRuntime>(u"program"_s, {}).ok()));
        const auto present = registry.detect(PluginSlot::Runtime, u"program"_s, {{u"program"_s, u"sh"_s}});
        QVERIFY(present.ok());
        QVERIFY(present->available);
        const auto absent =
            registry.detect(PluginSlot::Runtime, u"program"_s, {{u"program"_s, u"no-such-program-xyz"_s}});
        QVERIFY(absent.ok());
        QVERIFY(!absent->available);
        QCOMPARE(absent->problem, u"no-such-program-xyz not found"_s);
        QCOMPARE(absent->hint, u"install package no-such-program-xyz"_s);
    }

    void suggestsCloseNamesOnly()
    {
        const QStringList agents = {u"claude-code"_s, u"codex"_s, u"aider"_s, u"opencode"_s};
        QCOMPARE(closestMatch(u"claud"_s, agents), u"claude-code"_s);
        QCOMPARE(closestMatch(u"codx"_s, agents), u"codex"_s);
        QCOMPARE(closestMatch(u"AIDER"_s, agents), u"aider"_s);
        QCOMPARE(closestMatch(u"emacs"_s, agents), QString());
    }
};

QTEST_GUILESS_MAIN(TestPluginRegistry)
#include "tst_plugin_registry.moc"

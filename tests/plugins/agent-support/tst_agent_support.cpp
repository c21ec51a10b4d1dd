#include "activity_decay.h"
#include "agent_options.h"
#include "isolated_environment.h"
#include "jsonl_file.h"
#include "price_table.h"
#include "prompt_files.h"
#include "terminal_classifier.h"

#include "util/app_paths.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flotilla;

class TestAgentSupport : public QObject
{
    Q_OBJECT

private:
    static QByteArray line(const QJsonObject &object)
    {
        return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    }

    QString writeFile(const QString &name, const QByteArray &contents)
    {
        const QString path = m_env.workDir() + u'/' + name;
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    test::IsolatedEnvironment m_env;

private slots:
    void tailReadsWholeSmallFile()
    {
        const QString path = writeFile(u"small.jsonl"_s, line({{u"n"_s, 1}}) + "not json\n" + line({{u"n"_s, 2}}));
        const auto entries = JsonlFile::tail(path);
        QVERIFY(entries.ok());
        QCOMPARE(entries->size(), 2);
        QCOMPARE(entries->at(1).value(u"n"_s).toInt(), 2);
    }

    void tailSkipsThePartialFirstLine()
    {
        QByteArray text;
        for (int i = 0; i < 100; ++i)
            text += line({{u"n"_s, i}, {u"pad"_s, QString(50, u'x')}});
        const QString path = writeFile(u"cut.jsonl"_s, text);
        const qint64 lineSize = line({{u"n"_s, 99}, {u"pad"_s, QString(50, u'x')}}).size();
        // A window of 2.5 lines holds two whole lines and half of the one before them.
        const auto entries = JsonlFile::tail(path, lineSize * 5 / 2);
        QVERIFY(entries.ok());
        QCOMPARE(entries->size(), 2);
        QCOMPARE(entries->at(0).value(u"n"_s).toInt(), 98);
        QCOMPARE(entries->at(1).value(u"n"_s).toInt(), 99);
        // A window that ends exactly on a line break keeps the first whole line.
        const auto exact = JsonlFile::tail(path, lineSize * 3);
        QVERIFY(exact.ok());
        QCOMPARE(exact->size(), 3);
        QCOMPARE(exact->at(0).value(u"n"_s).toInt(), 97);
    }

    void tailOfAHugeFileIsFastAndBounded()
    {
        QByteArray text;
        const QByteArray filler = line({{u"type"_s, u"user"_s}, {u"pad"_s, QString(1000, u'y')}});
        while (text.size() < 3 * 1024 * 1024)
            text += filler;
        text += line({{u"type"_s, u"summary"_s}, {u"summary"_s, u"the end"_s}});
        const QString path = writeFile(u"huge.jsonl"_s, text);
        QElapsedTimer clock;
        clock.start();
        const auto entries = JsonlFile::tail(path);
        QVERIFY(clock.elapsed() < 500);
        QVERIFY(entries.ok());
        QVERIFY(entries->size() <= JsonlFile::kDefaultWindow / filler.size() + 1);
        QVERIFY(entries->size() >= JsonlFile::kDefaultWindow / filler.size() - 1);
        QCOMPARE(entries->constLast().value(u"summary"_s).toString(), u"the end"_s);
    }

    void headDropsTheCutLastLine()
    {
        const QString path = writeFile(u"head.jsonl"_s, line({{u"n"_s, 1}}) + line({{u"n"_s, 2}}));
        const auto entries = JsonlFile::head(path, line({{u"n"_s, 1}}).size() + 3);
        QVERIFY(entries.ok());
        QCOMPARE(entries->size(), 1);
        QCOMPARE(JsonlFile::firstEntry(path)->value(u"n"_s).toInt(), 1);
        QVERIFY(!JsonlFile::tail(m_env.workDir() + u"/missing.jsonl"_s).ok());
    }

    void decayByAge_data()
    {
        QTest::addColumn<int>("signal");
        QTest::addColumn<int>("ageSeconds");
        QTest::addColumn<int>("state");
        using S = ActivityDecay::Signal;
        QTest::newRow("working fresh") << int(S::Working) << 10 << int(ActivityState::Active);
        QTest::newRow("working at 30 s") << int(S::Working) << 30 << int(ActivityState::Active);
        QTest::newRow("working older") << int(S::Working) << 31 << int(ActivityState::Ready);
        QTest::newRow("finished fresh") << int(S::TurnFinished) << 5 << int(ActivityState::Ready);
        QTest::newRow("finished at threshold") << int(S::TurnFinished) << 300 << int(ActivityState::Ready);
        QTest::newRow("finished past threshold") << int(S::TurnFinished) << 301 << int(ActivityState::Idle);
        QTest::newRow("working past threshold") << int(S::Working) << 900 << int(ActivityState::Idle);
        QTest::newRow("waiting old") << int(S::WaitingInput) << 900 << int(ActivityState::WaitingInput);
        QTest::newRow("failed") << int(S::Failed) << 1 << int(ActivityState::Blocked);
        QTest::newRow("clock ahead") << int(S::Working) << -20 << int(ActivityState::Active);
    }

    void decayByAge()
    {
        QFETCH(int, signal);
        QFETCH(int, ageSeconds);
        QFETCH(int, state);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const ActivityDecay decay;
        const ActivityReading reading =
            decay.reading(ActivityDecay::Signal(signal), now.addSecs(-ageSeconds), now, u"because"_s);
        QCOMPARE(int(reading.state), state);
        QCOMPARE(reading.source, ActivityReading::Source::Native);
        QCOMPARE(reading.confidence,
                 ageSeconds > 300 ? ActivityReading::Confidence::Stale : ActivityReading::Confidence::Valid);
    }

    void readyThresholdFromSettings()
    {
        const auto options = AgentOptions::fromSettings({{u"readyThresholdMs"_s, 60000}}, {});
        QVERIFY(options.ok());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(options->decay.stateFor(ActivityDecay::Signal::TurnFinished, now.addSecs(-61), now),
                 ActivityState::Idle);
        const auto text = AgentOptions::fromSettings({{u"readyThresholdMs"_s, u"2m"_s}}, {});
        QVERIFY(text.ok());
        QCOMPARE(text->decay.readyThresholdMs(), 120000);
        QCOMPARE(AgentOptions::fromSettings({{u"readyThresholdMs"_s, u"soon"_s}}, {}).error().code,
                 u"agent.bad_ready_threshold"_s);
        QCOMPARE(ActivityDecay().readyThresholdMs(), 300000);
    }

    void permissionsWords()
    {
        QCOMPARE(AgentOptions::parsePermissions(u"skip"_s), AgentOptions::Permissions::Permissionless);
        QCOMPARE(AgentOptions::parsePermissions(QString()), AgentOptions::Permissions::Permissionless);
        QCOMPARE(AgentOptions::parsePermissions(u"auto-edit"_s), AgentOptions::Permissions::AutoEdit);
        QVERIFY(!AgentOptions::parsePermissions(u"yolo"_s));
        QVERIFY(AgentOptions::permissionsFrom(u"yolo"_s).error().message.contains(u"yolo"_s));
        QVERIFY(!AgentOptions::fromSettings({{u"permissions"_s, u"yolo"_s}}, {}).ok());
    }

    void terminalHeuristics_data()
    {
        QTest::addColumn<QStringList>("lines");
        QTest::addColumn<int>("state");
        QTest::newRow("claude prompt box")
            << QStringList{u"Done."_s, u"╭──────╮"_s, u"│ >    │"_s, u"╰──────╯"_s} << int(ActivityState::Ready);
        QTest::newRow("bare prompt") << QStringList{u"All tests pass."_s, u"❯ "_s, u""_s} << int(ActivityState::Ready);
        QTest::newRow("aider prompt") << QStringList{u"Applied edit."_s, u"aider> "_s} << int(ActivityState::Ready);
        QTest::newRow("boxed prompt") << QStringList{u"│ > │"_s} << int(ActivityState::Ready);
        QTest::newRow("proceed") << QStringList{u"Bash(rm -rf build)"_s, u"Do you want to proceed?"_s, u"❯ 1. Yes"_s,
                                                u"  2. No, and tell Claude"_s}
                                 << int(ActivityState::WaitingInput);
        QTest::newRow("yes no menu") << QStringList{u"Allow this?"_s, u"  1. Yes"_s, u"  2. No"_s}
                                     << int(ActivityState::WaitingInput);
        QTest::newRow("y/n") << QStringList{u"Overwrite file.txt? (y/n)"_s} << int(ActivityState::WaitingInput);
        QTest::newRow("aider yes no") << QStringList{u"Create new file? (Y)es/(N)o [Yes]:"_s}
                                      << int(ActivityState::WaitingInput);
        QTest::newRow("question scrolled away")
            << QStringList{u"Do you want to proceed?"_s, u"1"_s, u"2"_s, u"3"_s, u"4"_s, u"5"_s, u"Running tests"_s}
            << int(ActivityState::Active);
        QTest::newRow("working") << QStringList{u"Reading src/main.cpp"_s, u"Thinking…"_s}
                                 << int(ActivityState::Active);
        QTest::newRow("nothing") << QStringList{u""_s, u"  "_s} << int(ActivityState::Unknown);
    }

    void terminalHeuristics()
    {
        QFETCH(QStringList, lines);
        QFETCH(int, state);
        const TerminalClassifier::Verdict verdict = TerminalClassifier().classify(lines);
        QCOMPARE(int(verdict.state), state);
        QVERIFY(!verdict.evidence.isEmpty());
    }

    void terminalExtraQuestions()
    {
        const QStringList lines{u"Add src/x.py to the chat?"_s};
        QCOMPARE(TerminalClassifier().classify(lines).state, ActivityState::Active);
        QCOMPARE(TerminalClassifier({u"add .* to the chat\\?"_s}).classify(lines).state, ActivityState::WaitingInput);
    }

    void prices()
    {
        const PriceTable claude{3.0, 15.0, 0.30, 3.75};
        QCOMPARE(claude.costUsd({1'000'000, 1'000'000, 1'000'000, 1'000'000}), 3.0 + 15.0 + 0.30 + 3.75);
        QCOMPARE(claude.costUsd({2000, 0, 0, 0}), 0.006);

        const auto overridden =
            PriceTable::withOverrides(claude, QJsonObject{{u"inputPerMTok"_s, 1.0}, {u"cacheWritePerMTok"_s, 0}});
        QVERIFY(overridden.ok());
        QCOMPARE(overridden->inputPerMTok, 1.0);
        QCOMPARE(overridden->outputPerMTok, 15.0);
        QCOMPARE(overridden->cacheWritePerMTok, 0.0);
        QVERIFY(PriceTable::withOverrides(claude, QJsonValue()).ok());
        QCOMPARE(PriceTable::withOverrides(claude, QJsonObject{{u"inputPerMTok"_s, -1}}).error().code,
                 u"agent.bad_pricing"_s);
        QVERIFY(PriceTable::withOverrides(claude, QJsonObject{{u"inputPerMTok"_s, u"cheap"_s}})
                    .error()
                    .message.contains(u"inputPerMTok"_s));
        QVERIFY(PriceTable::withOverrides(claude, QJsonObject{{u"inPerMTok"_s, 1}})
                    .error()
                    .message.contains(u"inPerMTok"_s));
        QVERIFY(!PriceTable::withOverrides(claude, QJsonValue(3)).ok());

        const auto options = AgentOptions::fromSettings(
            {{u"pricing"_s, QJsonObject{{u"outputPerMTok"_s, 60.0}}}, {u"model"_s, u"m"_s}}, claude);
        QVERIFY(options.ok());
        QCOMPARE(options->prices.outputPerMTok, 60.0);
        QCOMPARE(options->prices.inputPerMTok, 3.0);
        QCOMPARE(options->model, u"m"_s);
    }

    void promptFilesArePrivate()
    {
        const auto path = PromptFiles::write(u"app-1"_s, u"prompt.md"_s, u"fix the bug ✓"_s);
        QVERIFY2(path.ok(), path.ok() ? "" : qPrintable(path.error().toString()));
        QCOMPARE(path.value(), AppPaths::dataDir() + u"/prompts/app-1/prompt.md"_s);
        QVERIFY(path.value().startsWith(m_env.root()));
        QFile file(path.value());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), u"fix the bug ✓"_s);
        QCOMPARE(QFileInfo(path.value()).permissions() & 0x0077, QFileDevice::Permissions());
        QCOMPARE(QFileInfo(PromptFiles::folderFor(u"app-1"_s)).permissions() & 0x0077, QFileDevice::Permissions());

        // Rewriting replaces the text and keeps the file private.
        QFile::setPermissions(path.value(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
        QVERIFY(PromptFiles::write(u"app-1"_s, u"prompt.md"_s, u"short"_s).ok());
        QCOMPARE(QFileInfo(path.value()).size(), 5);
        QCOMPARE(QFileInfo(path.value()).permissions() & 0x0077, QFileDevice::Permissions());

        QCOMPARE(PromptFiles::write(u"../escape"_s, u"prompt.md"_s, u"x"_s).error().code, u"agent.bad_prompt_file"_s);
        QVERIFY(!PromptFiles::write(u"app-1"_s, u"../x.md"_s, u"x"_s).ok());
        QVERIFY(!PromptFiles::write(QString(), u"x.md"_s, u"x"_s).ok());
    }
};

QTEST_GUILESS_MAIN(TestAgentSupport)
#include "tst_agent_support.moc"

#include "actions_log_excerpt.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

QByteArray readLog(const QString &name)
{
    QFile file(QStringLiteral(FLOTILLA_ACTIONS_LOGS) + u'/' + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return file.readAll();
}

QDateTime at(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODate);
}

ActionsJobStep step(int number, const QString &name, const QString &conclusion, const QString &started,
                    const QString &completed)
{
    return ActionsJobStep{number, name, conclusion, at(started), at(completed)};
}

ActionsJob npmJob()
{
    return ActionsJob{
        u"test"_s,
        u"https://github.com/acme/shop/actions/runs/8101/job/22001"_s,
        u"failure"_s,
        {step(1, u"Set up job"_s, u"success"_s, u"2024-03-04T10:00:01Z"_s, u"2024-03-04T10:00:03Z"_s),
         step(2, u"Run actions/checkout@v4"_s, u"success"_s, u"2024-03-04T10:00:03Z"_s, u"2024-03-04T10:00:05Z"_s),
         step(3, u"Run actions/setup-node@v4"_s, u"success"_s, u"2024-03-04T10:00:05Z"_s, u"2024-03-04T10:00:07Z"_s),
         step(4, u"Install"_s, u"success"_s, u"2024-03-04T10:00:07Z"_s, u"2024-03-04T10:00:16Z"_s),
         step(5, u"Unit tests"_s, u"failure"_s, u"2024-03-04T10:00:17Z"_s, u"2024-03-04T10:00:22Z"_s),
         step(6, u"Post Run actions/checkout@v4"_s, u"success"_s, u"2024-03-04T10:00:23Z"_s, u"2024-03-04T10:00:24Z"_s),
         step(7, u"Complete job"_s, u"success"_s, u"2024-03-04T10:00:24Z"_s, u"2024-03-04T10:00:24Z"_s)}};
}

// A job of three steps whose third one failed between the given times.
ActionsJob jobFailingAt(const QString &name, const QString &started, const QString &completed)
{
    const QString day = started.left(11);
    return ActionsJob{u"build"_s,
                      u"https://github.com/acme/shop/actions/runs/1/job/2"_s,
                      u"failure"_s,
                      {step(1, u"Set up job"_s, u"success"_s, day + u"00:00:00Z"_s, started),
                       step(2, u"Run actions/checkout@v4"_s, u"success"_s, started, started),
                       step(3, name, u"failure"_s, started, completed),
                       step(4, u"Complete job"_s, u"success"_s, completed, completed)}};
}

QStringList linesOf(const ActionsFailureExcerpt &excerpt)
{
    return excerpt.text.split(u'\n');
}

// The counts of the "… (N lines left out)" lines, which must add up to droppedLines.
int gapTotal(const QStringList &lines)
{
    static const QRegularExpression gap(u"^… \\((\\d+) lines? left out\\)$"_s);
    int total = 0;
    for (const QString &line : lines) {
        const QRegularExpressionMatch match = gap.match(line);
        if (match.hasMatch())
            total += match.captured(1).toInt();
    }
    return total;
}

bool hasTimestampOrMarker(const QStringList &lines)
{
    static const QRegularExpression stamp(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d|##\\["_s);
    for (const QString &line : lines) {
        if (stamp.match(line).hasMatch())
            return true;
    }
    return false;
}

qsizetype utf8Size(const QStringList &lines)
{
    qsizetype size = 0;
    for (const QString &line : lines)
        size += line.toUtf8().size() + 1;
    return size;
}

} // namespace

class TestActionsLogExcerpt final : public QObject
{
    Q_OBJECT

private slots:
    void keepsTheFailingNpmTestWithoutItsEchoedScript()
    {
        const ActionsFailureExcerpt excerpt =
            ActionsLogExcerpt::extract(readLog(u"npm_test_failure.log"_s), npmJob(), {}, LogSecretScrubber());
        const QStringList lines = linesOf(excerpt);
        QCOMPARE(excerpt.source, ActionsFailureExcerpt::Source::Step);
        QCOMPARE(excerpt.stepNumber, 5);
        QCOMPARE(excerpt.stepName, u"Unit tests"_s);
        QCOMPARE(excerpt.exitCode, std::optional<int>(1));
        QCOMPARE(excerpt.droppedLines, 0);

        // The step's command labels it; the script and environment echoed under it never ran.
        QCOMPARE(lines.constFirst(), u"Run npm test -- --ci"_s);
        QVERIFY(!lines.contains(u"npm test -- --ci"_s));
        QVERIFY(!excerpt.text.contains(u"a comment in the script"_s));
        QVERIFY(!excerpt.text.contains(u"shell: /usr/bin/bash"_s));
        QVERIFY(!excerpt.text.contains(u"NODE_ENV"_s));

        QVERIFY(lines.contains(u"FAIL src/cart/cart.test.js"_s));
        QVERIFY(lines.contains(u"  ● Cart › applies a percentage discount"_s));
        QVERIFY(lines.contains(u"    Expected: 90"_s));
        QVERIFY(lines.contains(u"Tests:       1 failed, 23 passed, 24 total"_s));
        QCOMPARE(lines.constLast(), u"Process completed with exit code 1."_s);

        // The step before shares a second with this one; the clean-up follows within a second.
        QVERIFY(!excerpt.text.contains(u"found 0 vulnerabilities"_s));
        QVERIFY(!excerpt.text.contains(u"Post job cleanup."_s));
        QVERIFY(!excerpt.text.contains(u"orphan processes"_s));
        QVERIFY(!hasTimestampOrMarker(lines));
    }

    void rendersAnnotationsFailuresFirst()
    {
        const QList<CheckRunAnnotation> annotations{
            {u""_s, 0, 0, u"warning"_s, u"Node.js 16 actions are deprecated"_s, u"Please update actions/cache."_s},
            {u".github"_s, 1, 1, u"failure"_s, u""_s, u"Process completed with exit code 1."_s},
            {u"src/cart/cart.test.js"_s, 14, 14, u"failure"_s, u"Cart › applies a percentage discount"_s,
             u"expect(received).toBe(expected)\n\n    Expected: 90\n    Received: 100"_s},
            {u".github"_s, 1, 1, u"failure"_s, u""_s, u"Process completed with exit code 1."_s},
            {u"README.md"_s, 3, 3, u"notice"_s, u""_s, u""_s},
        };
        const ActionsFailureExcerpt excerpt =
            ActionsLogExcerpt::extract(readLog(u"npm_test_failure.log"_s), npmJob(), annotations, LogSecretScrubber());
        QCOMPARE(excerpt.annotations,
                 QStringList({u".github:1 failure — Process completed with exit code 1."_s,
                              u"src/cart/cart.test.js:14 failure Cart › applies a percentage discount — "
                              "expect(received).toBe(expected) Expected: 90 Received: 100"_s,
                              u"warning Node.js 16 actions are deprecated — Please update actions/cache."_s,
                              u"README.md:3 notice"_s}));
        QCOMPARE(excerpt.droppedAnnotations, 0);
    }

    void capsAnnotations()
    {
        QList<CheckRunAnnotation> annotations;
        for (int i = 1; i <= 60; ++i)
            annotations.append({u"src/a.ts"_s, i, i, u"failure"_s, u"TS2304"_s, u"Cannot find name 'x'."_s});
        const ActionsFailureExcerpt excerpt =
            ActionsLogExcerpt::extract({}, ActionsJob{}, annotations, LogSecretScrubber());
        QCOMPARE(excerpt.annotations.size(), ActionsLogExcerpt::kMaxAnnotations);
        QCOMPARE(excerpt.droppedAnnotations, 10);
        QCOMPARE(excerpt.annotations.constFirst(), u"src/a.ts:1 failure TS2304 — Cannot find name 'x'."_s);
    }

    void keepsCompilerErrorsLongBeforeTheEnd()
    {
        const ActionsFailureExcerpt excerpt = ActionsLogExcerpt::extract(
            readLog(u"cargo_build_failure.log"_s),
            jobFailingAt(u"Build"_s, u"2024-05-20T08:15:04Z"_s, u"2024-05-20T08:15:16Z"_s), {}, LogSecretScrubber());
        const QStringList lines = linesOf(excerpt);
        QCOMPARE(excerpt.source, ActionsFailureExcerpt::Source::Step);
        QCOMPARE(excerpt.stepName, u"Build"_s);
        QCOMPARE(excerpt.exitCode, std::optional<int>(101));

        const qsizetype firstError = lines.indexOf(u"error[E0425]: cannot find value `cfg` in this scope"_s);
        const qsizetype secondError = lines.indexOf(u"error[E0308]: mismatched types"_s);
        QVERIFY(firstError > 0);
        QVERIFY(secondError > firstError);
        QCOMPARE(lines.at(firstError + 1), u"  --> core/src/config.rs:42:17"_s);
        QCOMPARE(lines.at(secondError + 1), u"  --> core/src/server.rs:88:24"_s);
        QVERIFY(lines.contains(u"warning: flotilla-sys@0.1.0: native/shim.c:12:5: error: unknown type name 'sizet'"_s));
        QVERIFY(lines.contains(u"error: could not compile `shop-core` (lib) due to 2 previous errors"_s));
        QCOMPARE(lines.constLast(), u"Process completed with exit code 101."_s);

        // The crates built long before the first error are left out, and the excerpt says so.
        QVERIFY(!lines.contains(u"   Compiling proc-macro2 v1.0.78"_s));
        QVERIFY(!excerpt.text.contains(u"RUSTFLAGS"_s));
        QVERIFY(excerpt.droppedLines > 0);
        QCOMPARE(gapTotal(lines), excerpt.droppedLines);
    }

    void handlesAMatrixJobOnWindows()
    {
        ActionsJob job = jobFailingAt(u"Run tests"_s, u"2024-06-11T14:02:10Z"_s, u"2024-06-11T14:02:12Z"_s);
        job.name = u"test (windows-latest, 3.11)"_s;
        const ActionsFailureExcerpt excerpt =
            ActionsLogExcerpt::extract(readLog(u"matrix_windows_pytest.log"_s), job, {}, LogSecretScrubber());
        const QStringList lines = linesOf(excerpt);
        QCOMPARE(excerpt.source, ActionsFailureExcerpt::Source::Step);
        QCOMPARE(excerpt.exitCode, std::optional<int>(1));
        QCOMPARE(lines.constFirst(), u"Run python -m pytest -q --maxfail=5"_s);
        QVERIFY(lines.contains(u"E       Failed: DID NOT RAISE <class 'TimeoutError'>"_s));
        QVERIFY(lines.contains(
            u"FAILED tests/test_api.py::test_request_timeout - Failed: DID NOT RAISE <class 'TimeoutError'>"_s));
        QVERIFY(lines.contains(u"1 failed, 41 passed in 3.21s"_s));
        QVERIFY(!excerpt.text.contains(u'\r'));
        QVERIFY(!excerpt.text.contains(u"pythonLocation"_s));
        QVERIFY(!excerpt.text.contains(u"Successfully set up CPython"_s));
    }

    void removesByteOrderMarkEscapesAndRedraws()
    {
        const QByteArray log = readLog(u"bom_ansi_progress.log"_s);
        QVERIFY(log.startsWith("\xEF\xBB\xBF"));
        const ActionsFailureExcerpt excerpt = ActionsLogExcerpt::extract(
            log, jobFailingAt(u"Lint"_s, u"2024-07-01T09:30:05Z"_s, u"2024-07-01T09:30:06Z"_s), {},
            LogSecretScrubber());
        const QStringList lines = linesOf(excerpt);
        QVERIFY(!excerpt.text.contains(u'\x1b'));
        QVERIFY(!excerpt.text.contains(u'\r'));
        QVERIFY(lines.contains(u"Downloading eslint 100%"_s));
        QVERIFY(!excerpt.text.contains(u"55%"_s));
        QVERIFY(lines.contains(u"  17:9  error  'total' is assigned a value but never used  no-unused-vars"_s));
        QVERIFY(lines.contains(u"✖ 2 problems (2 errors, 0 warnings)"_s));
        QVERIFY(!lines.contains(u"npx eslint . --max-warnings=0"_s));
        QCOMPARE(lines.constFirst(), u"Run npx eslint . --max-warnings=0"_s);
        QVERIFY(!hasTimestampOrMarker(lines));
    }

    void displayTextKeepsColoursOnly()
    {
        const QString text = ActionsLogExcerpt::displayText(readLog(u"bom_ansi_progress.log"_s), LogSecretScrubber());
        const QStringList lines = text.split(u'\n');
        QCOMPARE(lines.constFirst(), u"Current runner version: '2.311.0'"_s);
        QVERIFY(text.contains(u"\x1b[31merror\x1b[39m"_s));
        QVERIFY(lines.contains(u"Downloading eslint 100%"_s));
        QVERIFY(!text.contains(u'\r'));
        static const QRegularExpression stamp(u"^\\d{4}-\\d\\d-\\d\\dT"_s);
        for (const QString &line : lines)
            QVERIFY2(!stamp.match(line).hasMatch(), qPrintable(line));
        QVERIFY(lines.contains(u"Post job cleanup."_s));
    }

    void masksSecretsEverywhere()
    {
        const QByteArray log = readLog(u"secret_in_log.log"_s);
        const LogSecretScrubber scrubber({u"flotilla-agent-key-7f3a9c"_s});
        const QList<CheckRunAnnotation> annotations{
            {u"scripts/deploy.sh"_s, 9, 9, u"failure"_s, u""_s, u"key flotilla-agent-key-7f3a9c rejected"_s}};
        const ActionsFailureExcerpt excerpt = ActionsLogExcerpt::extract(
            log, jobFailingAt(u"Deploy to staging"_s, u"2024-08-15T16:45:04Z"_s, u"2024-08-15T16:45:08Z"_s),
            annotations, scrubber);
        const QString display = ActionsLogExcerpt::displayText(log, scrubber);
        QCOMPARE(excerpt.exitCode, std::optional<int>(22));

        const QStringList leaked{u"eyJhbGciOiJIUzI1NiJ9"_s,      u"ghp_EXAMPLE"_s,      u"AKIAIOSFODNN7EXAMPLE"_s,
                                 u"xoxb-000000000000"_s,         u"b3BlbnNzaC1rZXkt"_s, u"QyNTUxOQAAACBF"_s,
                                 u"flotilla-agent-key-7f3a9c"_s, u"github_pat_"_s};
        for (const QString &secret : leaked) {
            QVERIFY2(!excerpt.text.contains(secret), qPrintable(secret));
            QVERIFY2(!display.contains(secret), qPrintable(secret));
        }
        QCOMPARE(excerpt.annotations, QStringList(u"scripts/deploy.sh:9 failure — key *** rejected"_s));
        const QStringList lines = linesOf(excerpt);
        QVERIFY(lines.contains(u"agent key: ***"_s));
        QVERIFY(lines.contains(u"+ export AWS_ACCESS_KEY_ID=***"_s));
        QVERIFY(lines.contains(u"+ git push https://x-access-token:***@github.com/acme/shop.git HEAD:release"_s));
        QVERIFY(excerpt.text.contains(u"'Authorization: Bearer ***'"_s));
        // Masking keeps every other line where it was.
        QCOMPARE(display.split(u'\n').size(), log.count('\n'));
    }

    void staysWithinCapsOnAHugeLog()
    {
        const ActionsFailureExcerpt excerpt = ActionsLogExcerpt::extract(
            readLog(u"huge_over_caps.log"_s),
            jobFailingAt(u"Build and test"_s, u"2024-09-09T12:00:02Z"_s, u"2024-09-09T12:00:30Z"_s), {},
            LogSecretScrubber());
        const QStringList lines = linesOf(excerpt);
        QVERIFY(lines.size() <= ActionsLogExcerpt::kMaxLines);
        QVERIFY(utf8Size(lines) <= ActionsLogExcerpt::kMaxBytes);
        for (const QString &line : lines)
            QVERIFY(line.size() <= ActionsLogExcerpt::kMaxLineLength + 1);
        QVERIFY(excerpt.droppedLines > 1000);
        QCOMPARE(gapTotal(lines), excerpt.droppedLines);
        QCOMPARE(excerpt.exitCode, std::optional<int>(1));
        QCOMPARE(lines.constLast(), u"Process completed with exit code 1."_s);
        QVERIFY(lines.contains(u"ninja: build stopped: subcommand failed."_s));
        // The earliest compiler error comes before the tail, and long lines are cut with a mark.
        QCOMPARE(lines.at(1), u"… (2 lines left out)"_s);
        QCOMPARE(lines.at(2), u"[   3/1400] Building CXX object CMakeFiles/shop.dir/src/module_002.cpp.o"_s);
        QCOMPARE(lines.at(3), u"src/module_003.cpp:13:8: error: no member named 'value_3' in 'Record'"_s);
        bool cutLine = false;
        for (const QString &line : lines)
            cutLine = cutLine || (line.startsWith(u"payload: "_s) && line.endsWith(u'…'));
        QVERIFY(cutLine);
    }

    void showsARepeatedFailureOnce()
    {
        QStringList log{u"2024-01-01T00:00:00.0000000Z ##[group]Run make"_s, u"2024-01-01T00:00:00.0000000Z make"_s,
                        u"2024-01-01T00:00:00.0000000Z ##[endgroup]"_s};
        for (int i = 0; i < 150; ++i)
            log.append(i % 10 == 5 ? u"2024-01-01T00:00:01.0000000Z error: disk quota exceeded"_s
                                   : u"2024-01-01T00:00:01.0000000Z step %1"_s.arg(i));
        for (int i = 0; i < 130; ++i)
            log.append(u"2024-01-01T00:00:02.0000000Z later %1"_s.arg(i));
        log.append(u"2024-01-01T00:00:02.0000000Z ##[error]Process completed with exit code 2."_s);
        const ActionsFailureExcerpt excerpt = ActionsLogExcerpt::extract(
            log.join(u'\n').toUtf8(), jobFailingAt(u"Make"_s, u"2024-01-01T00:00:00Z"_s, u"2024-01-01T00:00:02Z"_s), {},
            LogSecretScrubber());
        const QStringList lines = linesOf(excerpt);
        QCOMPARE(lines.count(u"error: disk quota exceeded"_s), 1);
        QCOMPARE(lines.mid(0, 5), QStringList({u"Run make"_s, u"… (4 lines left out)"_s, u"step 4"_s,
                                               u"error: disk quota exceeded"_s, u"step 6"_s}));
        QCOMPARE(excerpt.exitCode, std::optional<int>(2));
        QCOMPARE(gapTotal(lines), excerpt.droppedLines);
    }

    void fallsBackToTheRunSectionWhenTimesMatchNothing()
    {
        // An hour off: the times catch no line at all.
        const ActionsFailureExcerpt excerpt = ActionsLogExcerpt::extract(
            readLog(u"step_times_mismatch.log"_s),
            jobFailingAt(u"Test"_s, u"2024-10-02T08:10:09Z"_s, u"2024-10-02T08:10:13Z"_s), {}, LogSecretScrubber());
        const QStringList lines = linesOf(excerpt);
        QCOMPARE(excerpt.source, ActionsFailureExcerpt::Source::RunSection);
        QCOMPARE(excerpt.stepName, u"Test"_s);
        QCOMPARE(excerpt.exitCode, std::optional<int>(1));
        QCOMPARE(lines,
                 QStringList({u"Run go test -race ./..."_s, u"ok  \tgithub.com/acme/shop/internal/money\t0.412s"_s,
                              u"--- FAIL: TestCheckoutConcurrent (0.03s)"_s,
                              u"    checkout_test.go:77: got 2 orders, want 1"_s, u"FAIL"_s,
                              u"FAIL\tgithub.com/acme/shop/internal/checkout\t1.907s"_s,
                              u"ok  \tgithub.com/acme/shop/internal/catalog\t0.655s"_s, u"FAIL"_s,
                              u"Process completed with exit code 1."_s}));
    }

    void fallsBackToTheRunSectionWhenTimesCatchNoError()
    {
        // The times of the step before: lines, but none of the failure.
        const ActionsFailureExcerpt excerpt = ActionsLogExcerpt::extract(
            readLog(u"step_times_mismatch.log"_s),
            jobFailingAt(u"Test"_s, u"2024-10-02T07:10:04Z"_s, u"2024-10-02T07:10:06Z"_s), {}, LogSecretScrubber());
        QCOMPARE(excerpt.source, ActionsFailureExcerpt::Source::RunSection);
        QVERIFY(linesOf(excerpt).contains(u"--- FAIL: TestCheckoutConcurrent (0.03s)"_s));
        QVERIFY(!excerpt.text.contains(u"go vet"_s));
    }

    void usesTheWholeLogAsALastResort()
    {
        const QByteArray log = "\xEF\xBB\xBF"
                               "2024-01-01T00:00:00.0000000Z Starting\n"
                               "2024-01-01T00:00:01.1234567Z Killed\n"
                               "continued without a time\n\n";
        const ActionsFailureExcerpt excerpt = ActionsLogExcerpt::extract(log, ActionsJob{}, {}, LogSecretScrubber());
        QCOMPARE(excerpt.source, ActionsFailureExcerpt::Source::WholeLog);
        QCOMPARE(excerpt.stepNumber, 0);
        QCOMPARE(excerpt.exitCode, std::nullopt);
        QCOMPARE(excerpt.text, u"Starting\nKilled\ncontinued without a time"_s);
    }

    void handlesAnEmptyLog()
    {
        const QList<CheckRunAnnotation> annotations{
            {u"src/main.rs"_s, 3, 3, u"failure"_s, u""_s, u"mismatched types"_s}};
        const ActionsFailureExcerpt excerpt = ActionsLogExcerpt::extract(
            readLog(u"empty.log"_s), jobFailingAt(u"Build"_s, u"2024-05-20T08:15:04Z"_s, u"2024-05-20T08:15:16Z"_s),
            annotations, LogSecretScrubber());
        QCOMPARE(excerpt.text, QString());
        QCOMPARE(excerpt.droppedLines, 0);
        QCOMPARE(excerpt.exitCode, std::nullopt);
        QCOMPARE(excerpt.stepName, u"Build"_s);
        QCOMPARE(excerpt.annotations, QStringList(u"src/main.rs:3 failure — mismatched types"_s));
        QCOMPARE(ActionsLogExcerpt::displayText({}, LogSecretScrubber()), QString());
    }

    void picksTheFailingStep()
    {
        ActionsJob job;
        QCOMPARE(ActionsLogExcerpt::failingStep(job), nullptr);
        job.steps = {step(1, u"a"_s, u"success"_s, {}, {}), step(2, u"b"_s, u"cancelled"_s, {}, {}),
                     step(3, u"c"_s, u"failure"_s, {}, {}), step(4, u"d"_s, u"failure"_s, {}, {})};
        QCOMPARE(ActionsLogExcerpt::failingStep(job)->number, 3);
        job.steps.removeLast();
        job.steps.removeLast();
        QCOMPARE(ActionsLogExcerpt::failingStep(job)->number, 2);
    }

    void givesTheSameExcerptEveryTime_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *file :
             {"npm_test_failure.log", "cargo_build_failure.log", "matrix_windows_pytest.log", "bom_ansi_progress.log",
              "secret_in_log.log", "huge_over_caps.log", "step_times_mismatch.log", "empty.log"})
            QTest::newRow(file) << QString::fromLatin1(file);
    }

    void givesTheSameExcerptEveryTime()
    {
        QFETCH(QString, file);
        const QByteArray log = readLog(file);
        const QList<CheckRunAnnotation> annotations{{u"a.c"_s, 1, 1, u"notice"_s, u"n"_s, u"m"_s},
                                                    {u"b.c"_s, 2, 2, u"failure"_s, u"f"_s, u"m"_s}};
        const ActionsFailureExcerpt first =
            ActionsLogExcerpt::extract(log, npmJob(), annotations, LogSecretScrubber({u"key-1234"_s, u"token"_s}));
        const ActionsFailureExcerpt second =
            ActionsLogExcerpt::extract(log, npmJob(), annotations, LogSecretScrubber({u"token"_s, u"key-1234"_s}));
        QCOMPARE(second.text, first.text);
        QCOMPARE(second.droppedLines, first.droppedLines);
        QCOMPARE(second.exitCode, first.exitCode);
        QCOMPARE(second.source, first.source);
        QCOMPARE(second.annotations, first.annotations);
    }

    void recognisesFailureLines_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<bool>("failure");
        QTest::newRow("gcc") << u"src/a.c:3:5: error: expected ';'"_s << true;
        QTest::newRow("rustc") << u"error[E0425]: cannot find value `cfg`"_s << true;
        QTest::newRow("js error") << u"TypeError: Cannot read properties of undefined"_s << true;
        QTest::newRow("tsc") << u"src/a.ts(3,5): error TS2304: Cannot find name 'x'."_s << true;
        QTest::newRow("ctest") << u"The following tests FAILED:"_s << true;
        QTest::newRow("jest file") << u"FAIL src/cart/cart.test.js"_s << true;
        QTest::newRow("go test") << u"--- FAIL: TestCheckout (0.03s)"_s << true;
        QTest::newRow("go panic") << u"panic: runtime error: index out of range [3]"_s << true;
        QTest::newRow("rust panic") << u"thread 'main' panicked at src/main.rs:2:5:"_s << true;
        QTest::newRow("traceback") << u"Traceback (most recent call last):"_s << true;
        QTest::newRow("assertion") << u"AssertionError: expected 1 to equal 2"_s << true;
        QTest::newRow("npm") << u"npm ERR! code ELIFECYCLE"_s << true;
        QTest::newRow("npm 10") << u"npm error code 1"_s << true;
        QTest::newRow("jest summary") << u"Tests:       1 failed, 23 passed, 24 total"_s << true;
        QTest::newRow("mocha summary") << u"  2 failing"_s << true;
        QTest::newRow("rspec summary") << u"12 examples, 1 failure"_s << true;
        QTest::newRow("passed summary") << u"Tests:       24 passed, 24 total"_s << false;
        QTest::newRow("no failures") << u"Test Suites: 0 failed, 4 passed"_s << false;
        QTest::newRow("warning flag") << u"c++ -Wall -Werror -c main.cpp"_s << false;
        QTest::newRow("rust path") << u"use std::io::Error::new;"_s << false;
        QTest::newRow("file name") << u"Compiling error_handling.rs"_s << false;
        QTest::newRow("plain") << u"added 512 packages in 9s"_s << false;
    }

    void recognisesFailureLines()
    {
        QFETCH(QString, line);
        QFETCH(bool, failure);
        QCOMPARE(ActionsLogExcerpt::looksLikeFailure(line), failure);
    }

    void tailBufferKeepsEverythingUnderItsLimit()
    {
        LogTailBuffer buffer(16);
        buffer.append("one\n");
        buffer.append("two\n");
        QCOMPARE(buffer.bytes(), QByteArray("one\ntwo\n"));
        QCOMPARE(buffer.droppedBytes(), 0);
        QCOMPARE(buffer.receivedBytes(), 8);
    }

    void tailBufferKeepsTheEndFromALineStart()
    {
        LogTailBuffer buffer(10);
        for (const char *chunk : {"first line\n", "second\n", "third\n", "4th\n"})
            buffer.append(chunk);
        QCOMPARE(buffer.bytes(), QByteArray("third\n4th\n"));
        QCOMPARE(buffer.receivedBytes(), 28);
        QCOMPARE(buffer.droppedBytes(), 18);

        // The last eight bytes begin inside "beta": that part of a line is left out too.
        LogTailBuffer midLine(8);
        midLine.append("alpha\nbe");
        midLine.append("ta\ngamma\n");
        QCOMPARE(midLine.bytes(), QByteArray("gamma\n"));
        QCOMPARE(midLine.droppedBytes(), 11);

        LogTailBuffer bigChunk(10);
        bigChunk.append("0123456789\nabcd\nefgh\n");
        QCOMPARE(bigChunk.bytes(), QByteArray("abcd\nefgh\n"));
        QCOMPARE(bigChunk.droppedBytes(), 11);

        LogTailBuffer oneLine(4);
        oneLine.append("no newline at all");
        QCOMPARE(oneLine.bytes(), QByteArray());
        QCOMPARE(oneLine.droppedBytes(), 17);
    }

    void tailBufferKeepsTheFailureOfALogTooLargeToKeep()
    {
        const QByteArray log = readLog(u"huge_over_caps.log"_s);
        LogTailBuffer buffer(20000);
        for (qsizetype at = 0; at < log.size(); at += 1500)
            buffer.append(QByteArrayView(log).sliced(at, std::min<qsizetype>(1500, log.size() - at)));
        const QByteArray kept = buffer.bytes();
        QVERIFY(kept.size() <= 20000);
        QVERIFY(log.endsWith(kept));
        QVERIFY(log.at(log.size() - kept.size() - 1) == '\n');
        QCOMPARE(buffer.droppedBytes(), log.size() - kept.size());

        const ActionsFailureExcerpt excerpt = ActionsLogExcerpt::extract(
            kept, jobFailingAt(u"Build and test"_s, u"2024-09-09T12:00:02Z"_s, u"2024-09-09T12:00:30Z"_s), {},
            LogSecretScrubber());
        QCOMPARE(excerpt.source, ActionsFailureExcerpt::Source::Step);
        QCOMPARE(excerpt.exitCode, std::optional<int>(1));
        QCOMPARE(linesOf(excerpt).constLast(), u"Process completed with exit code 1."_s);
    }
};

QTEST_GUILESS_MAIN(TestActionsLogExcerpt)
#include "tst_actions_log_excerpt.moc"

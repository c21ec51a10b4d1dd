// How fast the dashboard's board shows a big fleet: N sessions (mixed states, pull requests with
// CI and review) in the store of a real `flotilla --headless`, then the board loaded RUNS times
// in Debian's Chromium through playwright-core (bench/dashboard_board.cjs); the figure is the
// median time from navigation until every card is on the page.
//
//   bench_dashboard_board [--sessions 100] [--runs 7]
#include "bench_support.h"
#include "headless_instance.h"
#include "store/store.h"
#include "util/app_paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTextStream>

using namespace flotilla;
using namespace flotilla::bench;
using namespace Qt::StringLiterals;

namespace {

SessionRecord session(int i, const QDateTime &now)
{
    SessionRecord record;
    record.id = u"shop-%1"_s.arg(i);
    record.projectId = u"shop"_s;
    record.kind = SessionKind::Worker;
    record.issueId = u"LOCAL-%1"_s.arg(i);
    record.displayName = u"Make part %1 of the shop work"_s.arg(i);
    record.branch = u"session/shop-%1"_s.arg(i);
    record.agent = u"custom"_s;
    record.state = i % 7 == 0 ? SessionState::NeedsInput : SessionState::Working;
    record.reason = i % 7 == 0 ? SessionReason::AwaitingUserInput : SessionReason::TaskInProgress;
    record.createdAt = now.addSecs(-60 * i);
    record.startedAt = record.createdAt;
    if (i % 3 != 0) {
        record.pr.state = PrState::Open;
        record.pr.number = i;
        record.pr.url = u"https://github.example/acme/shop/pull/%1"_s.arg(i);
        record.pr.ci = i % 5 == 0 ? PrCiState::Failing : PrCiState::Passing;
        record.pr.review = i % 4 == 0 ? PrReviewState::Approved : PrReviewState::Pending;
        record.pr.reason = i % 5 == 0 ? PrReason::CiFailing : PrReason::ReviewPending;
    }
    return record;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int count = argument(app.arguments(), u"--sessions"_s, 100);
    const int runs = argument(app.arguments(), u"--runs"_s, 7);
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString playwright = QStringLiteral(FLOTILLA_PLAYWRIGHT_CORE);
    const QString chromium = QStandardPaths::findExecutable(u"chromium"_s);
    if (!missingTool({u"git"_s, u"node"_s}).isEmpty() || chromium.isEmpty()
        || !QFileInfo::exists(playwright + u"/package.json"_s)) {
        err << "needs git, node, chromium and playwright-core (scripts/install-deps); skipping" << Qt::endl;
        return kSkipped;
    }

    BenchEnvironment env;
    auto repository = makeRepository(env.root() + u"/repo"_s, 1);
    if (!repository) {
        err << repository.error().toString() << Qt::endl;
        return 1;
    }
    {
        QDir().mkpath(QFileInfo(AppPaths::databaseFile()).path());
        Store store;
        if (auto opened = store.open(AppPaths::databaseFile()); !opened) {
            err << opened.error().toString() << Qt::endl;
            return 1;
        }
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 1; i <= count; ++i) {
            if (auto inserted = store.sessions().insert(session(i, now)); !inserted) {
                err << inserted.error().toString() << Qt::endl;
                return 1;
            }
        }
    }
    const QString configFile = env.root() + u"/flotilla.yaml"_s;
    QFile config(configFile);
    // A long poll: the board is measured on the fleet as stored, not while it is re-read.
    if (!config.open(QIODevice::WriteOnly)
        || config.write("lifecycle:\n  pollInterval: 1h\nprojects:\n  shop:\n    path: " + repository->toUtf8()
                        + "\n    sessionPrefix: shop\n")
               < 0) {
        err << "cannot write " << configFile << Qt::endl;
        return 1;
    }
    config.close();

    test::HeadlessInstance instance(env.isolated(), {u"--config"_s, configFile, u"--port"_s, u"0"_s},
                                    env.processEnvironment());
    if (instance.waitForPort() <= 0) {
        err << "flotilla --headless did not come up:\n" << instance.readOut() << Qt::endl;
        return 1;
    }
    const test::ProcessResult link =
        test::flo(env.isolated(), {u"dashboard"_s, u"--print"_s}, env.processEnvironment());
    if (link.exitCode != 0) {
        err << "flo dashboard: " << link.err << Qt::endl;
        return 1;
    }
    const QUrl url(link.out.trimmed());
    QProcessEnvironment browserEnvironment = env.processEnvironment();
    browserEnvironment.insert(u"FLOTILLA_BASE"_s, u"http://%1:%2"_s.arg(url.host()).arg(url.port()));
    browserEnvironment.insert(u"FLOTILLA_LINK"_s, url.toString());
    browserEnvironment.insert(u"SESSIONS"_s, QString::number(count));
    browserEnvironment.insert(u"RUNS"_s, QString::number(runs));
    browserEnvironment.insert(u"CHROMIUM"_s, chromium);
    browserEnvironment.insert(u"PLAYWRIGHT_CORE"_s, playwright);
    QProcess browser;
    browser.setProcessEnvironment(browserEnvironment);
    browser.setProcessChannelMode(QProcess::MergedChannels);
    browser.start(u"node"_s, {QStringLiteral(FLOTILLA_BENCH_DIR) + u"/dashboard_board.cjs"_s});
    if (!browser.waitForFinished(300000) || browser.exitCode() != 0) {
        err << "the browser run failed:\n" << QString::fromUtf8(browser.readAll()) << Qt::endl;
        return 1;
    }
    std::vector<double> samples;
    static const QRegularExpression kRun(u"^run \\d+: (\\d+) ms$"_s, QRegularExpression::MultilineOption);
    for (auto it = kRun.globalMatch(QString::fromUtf8(browser.readAll())); it.hasNext();)
        samples.push_back(it.next().captured(1).toDouble());
    if (samples.size() != size_t(runs)) {
        err << "expected " << runs << " timings, got " << samples.size() << Qt::endl;
        return 1;
    }
    out << "board with " << count << " sessions shown in Chromium: median " << ms(median(samples)) << " ms, max "
        << ms(maximum(samples)) << " ms over " << runs << " loads (target < 500 ms)" << Qt::endl;
    return 0;
}

// How fast a big workspace diff is on screen: a real repository with N changed files of
// several languages (default 50 files, 100 diff lines each: 5,000 lines), read through libgit2
// as the app reads it, then laid out, highlighted by KSyntaxHighlighting and painted by the
// diff view. The first run includes loading the syntax definitions (what opening the first
// diff after start costs); the median is over the runs after it.
//
//   bench_diff_view [--files 50] [--runs 7] [--warm]
#include "views/diff_view.h"
#include "isolated_environment.h"
#include "process_helpers.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include <algorithm>

using namespace flotilla;
using namespace Qt::StringLiterals;

namespace {

int argument(const QStringList &arguments, const QString &name, int fallback)
{
    const qsizetype at = arguments.indexOf(name);
    return at >= 0 && at + 1 < arguments.size() ? arguments.at(at + 1).toInt() : fallback;
}

bool git(const QString &dir, const QStringList &arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"})
        environment.insert(QString::fromLatin1(name), u"Bench"_s);
    for (const char *name : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"})
        environment.insert(QString::fromLatin1(name), u"bench@example.invalid"_s);
    return test::runProcess(u"git"_s, arguments, environment, dir).exitCode == 0;
}

// 80 lines in the file's language; `edited` rewrites every fourth line.
QByteArray source(const QString &suffix, int file, bool edited)
{
    QByteArray text;
    for (int line = 0; line < 80; ++line) {
        const bool changed = edited && line % 4 == 1;
        const QByteArray n = QByteArray::number(file * 1000 + line);
        const QByteArray value =
            changed ? QByteArray("computeChecked(" + n + ", limits)") : QByteArray("compute(" + n + ")");
        if (suffix == u"cpp"_s)
            text += "int value" + n + "() { return " + value + "; } // step " + n + "\n";
        else if (suffix == u"py"_s)
            text += "def value_" + n + "(): return " + value + "  # step\n";
        else if (suffix == u"ts"_s)
            text += "export const value" + n + " = (): number => " + value + "; // step\n";
        else if (suffix == u"json"_s)
            text += "  \"value" + n + "\": \"" + value + "\",\n";
        else
            text += "- Step " + n + ": call `" + value + "` and check the **result**.\n";
    }
    return text;
}

bool write(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    const int files = std::max(1, argument(arguments, u"--files"_s, 50));
    const int runs = std::max(2, argument(arguments, u"--runs"_s, 7));
    QTextStream out(stdout);

    test::IsolatedEnvironment env;
    const QString repo = env.workDir() + u"/repo"_s;
    QDir().mkpath(repo);
    const QStringList suffixes{u"cpp"_s, u"py"_s, u"ts"_s, u"json"_s, u"md"_s};
    if (!git(repo, {u"init"_s, u"-q"_s, u"-b"_s, u"main"_s})) {
        out << "git is not available\n";
        return 77;
    }
    const auto pathOf = [&](int i) {
        return u"%1/src/module%2/file%3.%4"_s.arg(repo).arg(i % 7).arg(i).arg(suffixes.at(i % suffixes.size()));
    };
    for (int i = 0; i < files; ++i)
        write(pathOf(i), source(suffixes.at(i % suffixes.size()), i, false));
    if (!git(repo, {u"add"_s, u"-A"_s}) || !git(repo, {u"commit"_s, u"-q"_s, u"-m"_s, u"base"_s})
        || !git(repo, {u"checkout"_s, u"-q"_s, u"-b"_s, u"feat/big"_s}))
        return 1;
    for (int i = 0; i < files; ++i)
        write(pathOf(i), source(suffixes.at(i % suffixes.size()), i, true));

    // --warm: load the syntax definitions first, as the app does when idle after start.
    if (arguments.contains(u"--warm"_s)) {
        QElapsedTimer warming;
        warming.start();
        CodeHighlighter::warmUp();
        out << u"syntax definitions warmed in %1 ms\n"_s.arg(double(warming.nsecsElapsed()) / 1e6, 0, 'f', 1);
    }
    std::vector<double> readMs;
    std::vector<double> shownMs;
    double coldShownMs = 0;
    qsizetype lines = 0;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        auto diff = workspaceDiff(repo, u"main"_s);
        const double read = double(timer.nsecsElapsed()) / 1e6;
        if (!diff) {
            out << "diff failed: " << diff.error().message << '\n';
            return 1;
        }
        lines = 0;
        for (const DiffFile &file : diff->files)
            for (const DiffHunk &hunk : file.hunks)
                lines += hunk.lines.size();

        DiffView view;
        view.resize(1400, 900);
        timer.restart();
        view.setDiff(std::move(diff).value());
        view.show();
        const QImage painted = view.grab().toImage(); // lays out and paints everything in view
        const double shown = double(timer.nsecsElapsed()) / 1e6;
        if (painted.isNull())
            return 1;
        if (run == 0)
            coldShownMs = shown;
        else {
            readMs.push_back(read);
            shownMs.push_back(shown);
        }
        out << u"run %1: libgit2 diff %2 ms; laid out, highlighted and painted %3 ms%4\n"_s.arg(run + 1)
                   .arg(read, 0, 'f', 1)
                   .arg(shown, 0, 'f', 1)
                   .arg(run == 0 ? u" (first: loads the syntax definitions)"_s : QString());
        out.flush();
    }
    out << u"%1 files, %2 diff lines: median shown in %3 ms (target < 300 ms; first diff after start %4 ms); "
           "libgit2 diff median %5 ms\n"_s.arg(files)
               .arg(lines)
               .arg(median(shownMs), 0, 'f', 1)
               .arg(coldShownMs, 0, 'f', 1)
               .arg(median(readMs), 0, 'f', 1);
    return 0;
}

#pragma once

#include <QString>

namespace flotilla {

// Where Flotilla keeps its files, per user, following each platform's conventions
// (QStandardPaths: XDG on Linux, ~/Library on macOS, %APPDATA% on Windows). The desktop app,
// `flotilla --headless` and `flo` all resolve the same places, which is how `flo` finds the
// running instance and its token.
class AppPaths final
{
public:
    // Application name used for every standard location; set on the Q*Application by main().
    static QString applicationName();

    static QString dataDir(); // database, logs
    static QString defaultDataDir();
    // Keeps a self-contained run (the demo) out of the user's own data: database, worktrees,
    // CI logs all go under `path`. Set once at start-up, before anything reads dataDir().
    static void setDataDir(const QString &path);
    static QString configDir();  // user config file, API token
    static QString runtimeDir(); // instance file, single-instance socket and lock

    static QString databaseFile();
    // What a `flotilla --headless` started in the background by `flo start` prints.
    static QString headlessLogFile();
    static QString apiTokenFile();
    static QString instanceFile();
    static QString instanceLockFile();
    static QString instanceSocketName();

    // Creates `dir` (and parents) readable only by the owner. Returns false on failure.
    static bool ensurePrivateDir(const QString &dir);
};

} // namespace flotilla

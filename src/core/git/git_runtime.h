#pragma once

namespace flotilla {

// libgit2's process-wide state, taken once on the main thread as the application object is
// created and kept until the process ends.
//
// Taking and giving it back around each call (as libgit2's reference count allows) makes the
// first call on a worker thread initialise libssh2 and with it OpenSSL on that thread; such a
// thread of Qt's pool may still be tearing down its OpenSSL state when OpenSSL's exit handler
// frees the same state, which corrupts the heap as the process ends. Keeping libgit2 up from
// the main thread, and leaving OpenSSL's clean-up to the end of the process, avoids both.
//
// Code that uses libgit2 still brackets its calls with git_libgit2_init/shutdown, so it also
// works in a process without an application object.
void holdGitRuntime();

// libgit2 reads where the user's and the system's configuration live (HOME, XDG_CONFIG_HOME,
// PROGRAMDATA) when it starts. A process that points those variables elsewhere afterwards
// calls this so libgit2 follows them.
void reloadGitSearchPaths();

} // namespace flotilla

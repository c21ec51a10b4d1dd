#include "git_runtime.h"

#include <git2.h>

#if defined(FLOTILLA_HAVE_OPENSSL)
#include <openssl/crypto.h>
#endif

#include <mutex>

namespace flotilla {

void holdGitRuntime()
{
    static std::once_flag held;
    std::call_once(held, [] {
#if defined(FLOTILLA_HAVE_OPENSSL)
        // Must come before anything else initialises OpenSSL: only the first call decides
        // whether its exit handler is registered.
        OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr);
#endif
        git_libgit2_init(); // never shut down: see the header
        // Like git itself, trust the object database when reading it: re-hashing every blob on
        // each read makes checking out a large tree markedly slower than `git worktree add`.
        // Objects that come over the network are still verified by the fetch.
        git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    });
}

void reloadGitSearchPaths()
{
    git_libgit2_init();
    // No path means "work it out again from the environment".
    for (const git_config_level_t level :
         {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL, GIT_CONFIG_LEVEL_PROGRAMDATA})
        git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, nullptr);
    git_libgit2_shutdown();
}

} // namespace flotilla

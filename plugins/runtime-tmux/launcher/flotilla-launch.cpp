// flotilla-launch ENV-FILE COMMAND [ARGUMENT...]
//
// Starts an agent with an environment that must not be visible to other users or other
// processes: the runtime writes the variables to a private file and names only that file on
// this program's command line. The file is unlinked as soon as it is open, so it is gone from
// the disk before anything else runs; then the variables are set and COMMAND replaces this
// process. Entries are NUL-terminated "NAME=VALUE" records, so values may hold newlines.
//
// Plain C++17 and POSIX on purpose: it runs before every agent and must not load Qt.

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr int kUsageError = 2;
constexpr int kEnvironmentError = 125;
constexpr int kCannotExecute = 126;
constexpr int kNotFound = 127;
constexpr off_t kMaxFileBytes = 16 * 1024 * 1024;

void complain(const std::string &what)
{
    std::fprintf(stderr, "flotilla-launch: %s\n", what.c_str());
}

std::string systemError(const std::string &what)
{
    return what + ": " + std::strerror(errno);
}

// Reads the whole file behind `fd`, refusing anything but a small regular file of this user
// that nobody else can read: a file planted by someone else must not set an agent's variables.
bool readPrivateFile(int fd, std::string &contents, std::string &problem)
{
    struct stat info = {};
    if (fstat(fd, &info) != 0) {
        problem = systemError("cannot inspect the environment file");
        return false;
    }
    if (!S_ISREG(info.st_mode) || info.st_uid != getuid() || (info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        problem = "the environment file is not a private file of this user";
        return false;
    }
    if (info.st_size > kMaxFileBytes) {
        problem = "the environment file is too large";
        return false;
    }
    contents.clear();
    char chunk[8192];
    for (;;) {
        const ssize_t got = read(fd, chunk, sizeof chunk);
        if (got == 0)
            return true;
        if (got < 0) {
            if (errno == EINTR)
                continue;
            problem = systemError("cannot read the environment file");
            return false;
        }
        contents.append(chunk, static_cast<size_t>(got));
    }
}

bool applyEnvironment(const std::string &contents, std::string &problem)
{
    size_t start = 0;
    while (start < contents.size()) {
        const size_t end = contents.find('\0', start);
        if (end == std::string::npos) {
            problem = "the environment file is truncated";
            return false;
        }
        const std::string entry = contents.substr(start, end - start);
        start = end + 1;
        const size_t equals = entry.find('=');
        if (equals == 0 || entry.empty()) {
            problem = "the environment file holds an entry without a name";
            return false;
        }
        if (equals == std::string::npos) {
            // A bare name: a variable of Flotilla's own environment the agent must not inherit.
            if (unsetenv(entry.c_str()) != 0) {
                problem = systemError("cannot unset " + entry);
                return false;
            }
            continue;
        }
        const std::string name = entry.substr(0, equals);
        if (setenv(name.c_str(), entry.c_str() + equals + 1, 1) != 0) {
            problem = systemError("cannot set " + name);
            return false;
        }
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 3) {
        complain("usage: flotilla-launch ENV-FILE COMMAND [ARGUMENT...]");
        return kUsageError;
    }
    const char *path = argv[1];
    const int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        complain(systemError(std::string("cannot open ") + path));
        return kEnvironmentError;
    }
    // Gone from the disk before its contents are even read: whatever happens next, no copy of
    // the secrets stays behind.
    const bool unlinked = unlink(path) == 0;
    const int unlinkErrno = errno;
    std::string contents;
    std::string problem;
    const bool readOk = readPrivateFile(fd, contents, problem);
    close(fd);
    if (!unlinked) {
        errno = unlinkErrno;
        complain(systemError(std::string("cannot remove ") + path));
        return kEnvironmentError;
    }
    if (!readOk || !applyEnvironment(contents, problem)) {
        complain(problem);
        return kEnvironmentError;
    }

    std::vector<char *> command(argv + 2, argv + argc);
    command.push_back(nullptr);
    execvp(command.front(), command.data());
    const int failure = errno;
    complain(systemError(std::string("cannot run ") + command.front()));
    return failure == ENOENT ? kNotFound : kCannotExecute;
}

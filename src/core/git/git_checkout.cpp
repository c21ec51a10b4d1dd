#include "git_checkout.h"

#include "git_handle.h"
#include "git_repository.h"
#include "git_tree_listing.h"

#include <QDir>
#include <QFileInfo>

#ifdef Q_OS_UNIX
#include "git_tree_writer.h"
#endif

#include <git2.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

Result<GitCheckoutKind> libgit2Checkout(git_repository *repository, git_tree *tree)
{
    git_checkout_options options;
    git_checkout_options_init(&options, GIT_CHECKOUT_OPTIONS_VERSION);
    // The working tree is new and empty: nothing in it can be lost.
    options.checkout_strategy = GIT_CHECKOUT_FORCE;
    if (const int rc = git_checkout_tree(repository, reinterpret_cast<git_object *>(tree), &options); rc < 0)
        return gitError(u"cannot check out the working tree"_s, rc, gitWorkDir(repository));
    return GitCheckoutKind::Libgit2;
}

#ifdef Q_OS_UNIX
struct ConfigDeleter
{
    void operator()(git_config *config) const { git_config_free(config); }
};
using ConfigHandle = std::unique_ptr<git_config, ConfigDeleter>;

QString configString(git_config *config, const char *name)
{
    git_buf value = GIT_BUF_INIT;
    if (git_config_get_string_buf(&value, config, name) < 0)
        return {};
    QString text = QString::fromUtf8(value.ptr, static_cast<qsizetype>(value.size));
    git_buf_dispose(&value);
    return text;
}

bool configFlag(git_config *config, const char *name, bool fallback)
{
    int value = 0;
    return git_config_get_bool(&value, config, name) < 0 ? fallback : value != 0;
}

// Folders libgit2 searches for configuration (and attributes) at one level.
QStringList searchPath(git_config_level_t level)
{
    git_buf value = GIT_BUF_INIT;
    if (git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, level, &value) < 0)
        return {};
    const QString joined = QString::fromUtf8(value.ptr, static_cast<qsizetype>(value.size));
    git_buf_dispose(&value);
    return joined.split(QLatin1Char(GIT_PATH_LIST_SEPARATOR), Qt::SkipEmptyParts);
}

// Whether any attributes file outside the tree could apply: the repository's info/attributes,
// core.attributesFile or the user's git/attributes, or the system's gitattributes.
bool hasAttributesOutsideTree(git_repository *repository, git_config *config)
{
    if (QFileInfo::exists(gitCommonDir(repository) + u"/info/attributes"_s))
        return true;
    const QString configured = configString(config, "core.attributesFile");
    if (!configured.isEmpty())
        return QFileInfo::exists(configured.startsWith(u"~/"_s) ? QDir::homePath() + configured.mid(1) : configured);
    for (const QString &folder : searchPath(GIT_CONFIG_LEVEL_XDG)) {
        if (QFileInfo::exists(folder + u"/attributes"_s))
            return true;
    }
    for (const QString &folder : searchPath(GIT_CONFIG_LEVEL_SYSTEM)) {
        if (QFileInfo::exists(folder + u"/gitattributes"_s))
            return true;
    }
    return false;
}

// A file is written as stored exactly when no filter can apply: filters (line endings, ident,
// external drivers) are chosen by attributes, except core.autocrlf=true, which converts every
// text file by itself.
bool filesLeaveUnchanged(git_repository *repository, git_config *config, const GitTreeListing &listing)
{
    if (listing.hasAttributesFile)
        return false;
    if (configString(config, "core.autocrlf").compare(u"true"_s, Qt::CaseInsensitive) == 0)
        return false;
    return !hasAttributesOutsideTree(repository, config);
}

Result<GitCheckoutKind> directCheckout(git_repository *repository, const GitTreeListing &listing, bool symlinks)
{
    const QString workTree = gitWorkDir(repository);
    auto entries = writeGitTree(QString::fromUtf8(git_repository_path(repository)), workTree, listing, symlinks);
    if (!entries)
        return entries.error();
    git_index *index = nullptr;
    if (const int rc = git_repository_index(&index, repository); rc < 0)
        return gitError(u"cannot open the index"_s, rc, workTree);
    const std::unique_ptr<git_index, decltype(&git_index_free)> owned(index, git_index_free);
    if (const int rc = git_index_clear(index); rc < 0)
        return gitError(u"cannot reset the index"_s, rc, workTree);
    for (const git_index_entry &entry : entries.value()) {
        if (const int rc = git_index_add(index, &entry); rc < 0)
            return gitError(u"cannot add to the index"_s, rc, QString::fromUtf8(entry.path));
    }
    if (const int rc = git_index_write(index); rc < 0)
        return gitError(u"cannot write the index"_s, rc, workTree);
    return GitCheckoutKind::Direct;
}
#endif

} // namespace

Result<GitCheckoutKind> checkoutFreshWorkTree(git_repository *repository)
{
    git_object *head = nullptr;
    if (const int rc = git_revparse_single(&head, repository, "HEAD^{tree}"); rc < 0)
        return gitError(u"cannot find the tree to check out"_s, rc, gitWorkDir(repository));
    const std::unique_ptr<git_object, decltype(&git_object_free)> tree(head, git_object_free);
    auto *root = reinterpret_cast<git_tree *>(head);

#ifdef Q_OS_UNIX
    git_config *rawConfig = nullptr;
    if (const int rc = git_repository_config_snapshot(&rawConfig, repository); rc < 0)
        return gitError(u"cannot read the repository's configuration"_s, rc, gitWorkDir(repository));
    const ConfigHandle config(rawConfig);
    auto listing = listGitTree(root);
    if (!listing)
        return listing.error();
    if (listing->unusualPath.isEmpty() && filesLeaveUnchanged(repository, config.get(), listing.value()))
        return directCheckout(repository, listing.value(), configFlag(config.get(), "core.symlinks", true));
#endif
    return libgit2Checkout(repository, root);
}

} // namespace flotilla

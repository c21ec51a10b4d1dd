#pragma once

#include "util/result.h"

#include <QByteArray>

#include <git2/oid.h>
#include <git2/types.h>

#include <vector>

namespace flotilla {

// One entry of a commit's tree, flattened: its path from the top, with '/' between folders.
struct GitTreeItem
{
    QByteArray path;
    git_oid id;
    git_filemode_t mode;
};

// Everything in a tree, folders before what they contain, plus what a checkout must know before
// it writes anything itself instead of leaving it to libgit2.
struct GitTreeListing
{
    std::vector<GitTreeItem> folders;
    std::vector<GitTreeItem> files;    // regular and executable blobs
    std::vector<GitTreeItem> links;    // symbolic links
    std::vector<GitTreeItem> gitlinks; // submodule commits
    bool hasAttributesFile = false;    // a .gitattributes anywhere in the tree
    // Why some path needs libgit2's own protections (a name git treats as special, a name that
    // only differs in case from another, ...); empty when every path is plain.
    QByteArray unusualPath;
};

// Lists `tree` completely.
Result<GitTreeListing> listGitTree(git_tree *tree);

} // namespace flotilla

#include "git_tree_listing.h"

#include "git_repository.h"

#include <QSet>

#include <git2.h>

using namespace Qt::StringLiterals;

namespace flotilla {

namespace {

// A path component as the most forgiving file systems see it: case folded, trailing dots and
// spaces dropped (Windows) and every non-ASCII byte dropped (macOS ignores some code points in
// names). Only used to decide whether a name could alias a special one, so erring wide is fine.
QByteArray foldedComponent(const QByteArray &component)
{
    QByteArray folded;
    folded.reserve(component.size());
    for (const char c : component) {
        if (static_cast<unsigned char>(c) < 0x80)
            folded.append(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    while (folded.endsWith('.') || folded.endsWith(' '))
        folded.chop(1);
    return folded;
}

// Names git protects (its own folder and its 8.3 alias) or that it never checks out.
bool isSpecialComponent(const QByteArray &component)
{
    if (component.isEmpty() || component == "." || component == ".." || component.contains('\\')
        || component.contains(':'))
        return true;
    const QByteArray folded = foldedComponent(component);
    return folded == ".git" || folded == "git~1" || folded.isEmpty();
}

struct Walk
{
    GitTreeListing listing;
    QSet<QByteArray> foldedPaths;
};

int visit(const char *root, const git_tree_entry *entry, void *payload)
{
    auto *walk = static_cast<Walk *>(payload);
    const QByteArray name(git_tree_entry_name(entry));
    GitTreeItem item{QByteArray(root) + name, *git_tree_entry_id(entry), git_tree_entry_filemode(entry)};
    GitTreeListing &listing = walk->listing;

    if (listing.unusualPath.isEmpty()) {
        if (isSpecialComponent(name))
            listing.unusualPath = item.path;
        // git refuses .gitmodules and friends as links (they would point its readers elsewhere).
        else if (item.mode == GIT_FILEMODE_LINK && foldedComponent(name).startsWith(".git"))
            listing.unusualPath = item.path;
        else {
            QByteArray folded = item.path.toLower();
            if (walk->foldedPaths.contains(folded))
                listing.unusualPath = item.path; // aliases another path on a case-insensitive disk
            walk->foldedPaths.insert(std::move(folded));
        }
    }
    if (name == ".gitattributes")
        listing.hasAttributesFile = true;

    switch (item.mode) {
    case GIT_FILEMODE_TREE:
        listing.folders.push_back(std::move(item));
        break;
    case GIT_FILEMODE_BLOB:
    case GIT_FILEMODE_BLOB_EXECUTABLE:
        listing.files.push_back(std::move(item));
        break;
    case GIT_FILEMODE_LINK:
        listing.links.push_back(std::move(item));
        break;
    case GIT_FILEMODE_COMMIT:
        listing.gitlinks.push_back(std::move(item));
        break;
    default:
        if (listing.unusualPath.isEmpty())
            listing.unusualPath = item.path;
        break;
    }
    return 0;
}

} // namespace

Result<GitTreeListing> listGitTree(git_tree *tree)
{
    Walk walk;
    if (const int rc = git_tree_walk(tree, GIT_TREEWALK_PRE, visit, &walk); rc < 0)
        return gitError(u"cannot read the tree to check out"_s, rc);
    return std::move(walk.listing);
}

} // namespace flotilla

#include "git_changes.h"

#include "git_base_diff.h"
#include "git_handle.h"

#include <git2.h>

#include <QSet>

using namespace Qt::StringLiterals;

namespace flotilla {

Result<QStringList> changedFilesSinceBase(const QString &workspacePath, const QString &baseBranch)
{
    auto opened = openGitRepository(workspacePath);
    if (!opened)
        return opened.error();
    auto diff = diffSinceBase(opened.value().get(), workspacePath, baseBranch);
    if (!diff)
        return diff.error();

    QSet<QString> files;
    const size_t count = git_diff_num_deltas(diff.value().get());
    for (size_t i = 0; i < count; ++i) {
        const git_diff_delta *delta = git_diff_get_delta(diff.value().get(), i);
        if (delta->old_file.path)
            files.insert(QString::fromUtf8(delta->old_file.path));
        if (delta->new_file.path)
            files.insert(QString::fromUtf8(delta->new_file.path));
    }
    QStringList sorted(files.cbegin(), files.cend());
    sorted.sort();
    return sorted;
}

} // namespace flotilla

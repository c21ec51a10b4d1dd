#include "workspace_settings.h"

#include "util/app_paths.h"

#include <QDir>

using namespace Qt::StringLiterals;

namespace flotilla {

WorkspaceSettings WorkspaceSettings::read(const PluginSettings &settings, const QString &defaultFolder)
{
    WorkspaceSettings read;
    QString root = settings.value(u"root"_s).toString();
    if (root == u"~"_s || root.startsWith(u"~/"_s))
        root = QDir::homePath() + root.mid(1);
    if (root.isEmpty())
        root = AppPaths::dataDir() + u'/' + defaultFolder;
    read.root = QDir::cleanPath(QDir(root).absolutePath());
    read.token = settings.value(u"token"_s).toString();
    if (const qint64 timeout = settings.value(u"postCreateTimeoutMs"_s).toInteger(); timeout > 0)
        read.postCreateTimeout = std::chrono::milliseconds(timeout);
    return read;
}

} // namespace flotilla

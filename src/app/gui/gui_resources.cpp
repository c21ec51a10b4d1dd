#include "gui_resources.h"

#include <QtGlobal>

#include <mutex>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initFlotillaGuiResources()
{
    Q_INIT_RESOURCE(app_resources);
}

namespace flotilla {

void ensureGuiResources()
{
    static std::once_flag once;
    std::call_once(once, initFlotillaGuiResources);
}

} // namespace flotilla

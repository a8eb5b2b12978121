#include "bundledresources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initResourcesOnce()
{
    static const bool once = [] {
        Q_INIT_RESOURCE(resources);
        return true;
    }();
    Q_UNUSED(once)
}

namespace Reelwatch {

void initBundledResources()
{
    initResourcesOnce();
}

} // namespace Reelwatch

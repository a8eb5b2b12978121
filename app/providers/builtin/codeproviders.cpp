#include "codeproviders.h"

#include "fal.h"
#include "kling.h"
#include "minimax.h"

namespace Reelwatch::CodeProviders {

std::shared_ptr<const Provider> make(const ProviderDescription& description)
{
    if (description.id == QLatin1String(KlingProvider::kId))
        return std::make_shared<KlingProvider>(description);
    if (description.id == QLatin1String(MiniMaxProvider::kId))
        return std::make_shared<MiniMaxProvider>(description);
    if (description.id == QLatin1String(FalProvider::kId))
        return std::make_shared<FalProvider>(description);
    return std::make_shared<DescribedProvider>(description);
}

} // namespace Reelwatch::CodeProviders

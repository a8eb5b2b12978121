#pragma once

#include "providers/providerdescription.h"

#include <memory>

namespace Reelwatch::CodeProviders {

// The provider for a built-in description: the code class where the API needs more than data can
// say (Kling's signed token, MiniMax's and fal's second request), else a DescribedProvider.
std::shared_ptr<const Provider> make(const ProviderDescription& description);

} // namespace Reelwatch::CodeProviders

#pragma once

#include <QStringList>

namespace Reelwatch {

// `reelwatch providers [--json]`: every provider this Reelwatch speaks, built-in and installed, with
// what each can do. The completions ask it for --provider's values, so they never go out of date.
class ProvidersCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace Reelwatch

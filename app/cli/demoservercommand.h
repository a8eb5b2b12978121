#pragma once

#include <QStringList>

namespace Reelwatch {

// `reelwatch demo-server [--port N] [--flavour seed|openai|envelope] [--key K] [--tasks N]`: runs the
// API simulator in the foreground, for trying the CLI, scripts and benchmarks without a real account.
class DemoServerCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace Reelwatch

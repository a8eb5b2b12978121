#pragma once

#include <QStringList>

namespace Reelwatch {

// The headless half of the binary: decides whether a command line is for the CLI, and runs it
// under QCoreApplication (never needs a display).
class CliApp
{
public:
    // True when the first argument is a word (a command, known or not), or --help / --version.
    static bool handles(const QStringList& arguments);
    static int run(const QStringList& arguments);
    static QString usage();
};

} // namespace Reelwatch

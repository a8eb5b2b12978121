#pragma once

#include <QByteArray>
#include <QString>

namespace Reelwatch {

// Keeping keys out of what the process leaves behind: core dumps, and memory freed after a key was in it.
class SecretMemory
{
public:
    // Set to 1 to let Reelwatch dump core when it crashes (to debug the crash); the dump may then hold
    // the keys it was using.
    static constexpr const char* kAllowCoreDumpsVariable = "REELWATCH_ALLOW_CORE_DUMPS";

    // Unless REELWATCH_ALLOW_CORE_DUMPS is 1: no core file (RLIMIT_CORE 0, for this process and what it
    // starts) and, on Linux, not dumpable at all, so neither the kernel nor a crash handler such as
    // systemd-coredump writes the memory anywhere, and no other process of the user's may read it.
    // Call it first thing in main(). True when the process is protected.
    static bool protectProcess();
    // Whether the process is protected as protectProcess() leaves it.
    static bool isProtected();

    // The value of environment variable `name`, taken out of the environment: the variable is unset and
    // the process's own copy of its value (on the stack since the program started) overwritten, so only
    // the returned copy is left and a child process does not inherit it. For a key a run reads once
    // (the command line); empty when the variable is not set.
    static QByteArray takeFromEnvironment(const char* name);

    // Overwrites the bytes, then lets them go: for a buffer that held a key, before it is freed. A
    // buffer shared with another copy is only let go (overwriting it would detach a fresh copy).
    static void wipe(QByteArray& bytes);
    static void wipe(QString& text);
};

} // namespace Reelwatch

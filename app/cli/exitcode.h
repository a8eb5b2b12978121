#pragma once

#include "core/apierror.h"

namespace Reelwatch {

// Exit codes shared by every subcommand, documented in `reelwatch --help` and the README.
enum ExitCode : int
{
    ExitOk = 0,
    ExitTaskProblem = 1, // a task was not found, failed, or the server's answer was unusable
    ExitUsage = 2, // bad arguments or an invalid task ID
    ExitUnauthorized = 3, // the key was rejected, or there is none
    ExitNetwork = 4, // network, timeout, rate limit or server error
    ExitCannotWrite = 5, // a file or the task database could not be written (disk full, permission denied, …)
    ExitInterrupted = 130, // Ctrl+C or SIGTERM; a partial download is kept for a resume
};

// The exit code for an error of this kind, whichever command met it.
ExitCode exitCodeFor(ErrorKind kind);

// When several tasks end differently the most telling code wins: a rejected key explains
// everything else, a network problem may hide task problems, a usage error beats a task problem.
ExitCode worseExitCode(ExitCode a, ExitCode b);

} // namespace Reelwatch

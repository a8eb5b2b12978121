#include "exitcode.h"

namespace Reelwatch {

ExitCode exitCodeFor(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::None:
        return ExitOk;
    case ErrorKind::NotFound:
    case ErrorKind::InvalidResponse:
    case ErrorKind::TooLarge:
    case ErrorKind::NotReady:
    case ErrorKind::Expired:
        return ExitTaskProblem;
    case ErrorKind::InvalidId:
        return ExitUsage;
    case ErrorKind::Unauthorized:
        return ExitUnauthorized;
    case ErrorKind::RateLimited:
    case ErrorKind::ServerError:
    case ErrorKind::Timeout:
    case ErrorKind::Network:
    case ErrorKind::SizeMismatch: // a short body is a transfer fault, worth a retry
        return ExitNetwork;
    case ErrorKind::DiskFull:
    case ErrorKind::PermissionDenied:
    case ErrorKind::WriteFailed:
        return ExitCannotWrite;
    case ErrorKind::Cancelled:
        return ExitInterrupted;
    }
    return ExitTaskProblem;
}

ExitCode worseExitCode(ExitCode a, ExitCode b)
{
    const auto rank = [](ExitCode code) {
        switch (code) {
        case ExitInterrupted:
            return 6;
        case ExitUnauthorized:
            return 5;
        case ExitCannotWrite:
            return 4;
        case ExitNetwork:
            return 3;
        case ExitUsage:
            return 2;
        case ExitTaskProblem:
            return 1;
        case ExitOk:
            return 0;
        }
        return 0;
    };
    return rank(a) >= rank(b) ? a : b;
}

} // namespace Reelwatch

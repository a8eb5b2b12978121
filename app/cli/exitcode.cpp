#include "exitcode.h"

namespace Reelwatch {

ExitCode exitCodeFor(FetchErrorKind kind)
{
    switch (kind) {
    case FetchErrorKind::None:
        return ExitOk;
    case FetchErrorKind::NotFound:
    case FetchErrorKind::InvalidResponse:
    case FetchErrorKind::TooLarge:
        return ExitTaskProblem;
    case FetchErrorKind::InvalidId:
        return ExitUsage;
    case FetchErrorKind::Unauthorized:
        return ExitUnauthorized;
    case FetchErrorKind::RateLimited:
    case FetchErrorKind::ServerError:
    case FetchErrorKind::Timeout:
    case FetchErrorKind::Network:
        return ExitNetwork;
    }
    return ExitTaskProblem;
}

ExitCode worseExitCode(ExitCode a, ExitCode b)
{
    const auto rank = [](ExitCode code) {
        switch (code) {
        case ExitUnauthorized:
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

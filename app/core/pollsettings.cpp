#include "pollsettings.h"

#include "apiendpoint.h"

#include <algorithm>
#include <cmath>
#include <QUrl>

namespace Reelwatch {

PollLimits PollLimits::standard()
{
    return PollLimits();
}

PollLimits PollLimits::testing()
{
    PollLimits limits;
    limits.minBaseIntervalMs = 50;
    limits.maxRequestsPerSecond = 100000;
    return limits;
}

PollLimits PollLimits::forServer(const QUrl& baseUrl)
{
    const bool testing = qEnvironmentVariable(kTestingVariable) == QLatin1String("testing");
    return testing && ApiEndpoint::isLoopbackHost(baseUrl.host()) ? PollLimits::testing() : PollLimits::standard();
}

PollSettings PollSettings::clamped(const PollLimits& limits) const
{
    PollSettings poll = *this;
    poll.baseIntervalMs = std::clamp(poll.baseIntervalMs, limits.minBaseIntervalMs, limits.maxBaseIntervalMs);
    poll.maxIntervalMs = std::clamp(poll.maxIntervalMs, poll.baseIntervalMs, limits.maxBackoffCapMs);
    poll.maxInFlight = std::clamp(poll.maxInFlight, limits.minInFlight, limits.maxInFlight);
    poll.maxRequestsPerSecond = std::isfinite(poll.maxRequestsPerSecond)
        ? std::clamp(poll.maxRequestsPerSecond, limits.minRequestsPerSecond, limits.maxRequestsPerSecond)
        : PollSettings().maxRequestsPerSecond;
    return poll;
}

bool PollSettings::sameStoredValues(const PollSettings& other) const
{
    return baseIntervalMs == other.baseIntervalMs && maxIntervalMs == other.maxIntervalMs
        && maxInFlight == other.maxInFlight
        // A rate read back from the database may differ in the last bits from the one written.
        && std::abs(maxRequestsPerSecond - other.maxRequestsPerSecond) < 1e-9;
}

} // namespace Reelwatch

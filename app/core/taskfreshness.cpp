#include "taskfreshness.h"

#include <algorithm>

namespace Reelwatch {

namespace {

// Under this, "0 s ago" or "3 s ago" claims more precision than polling has: "just now".
constexpr qint64 kJustNowMs = 5000;

} // namespace

bool TaskFreshness::isStale(bool active, std::optional<qint64> confirmedAtMs, qint64 nowMs, qint64 staleAfterMs)
{
    return active && confirmedAtMs && nowMs - *confirmedAtMs > staleAfterMs;
}

QString TaskFreshness::age(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(0, ms / 1000);
    if (seconds < 60)
        return tr("%n s", nullptr, int(seconds));
    if (seconds < 3600)
        return tr("%n min", nullptr, int(seconds / 60));
    if (seconds < 2 * 24 * 3600)
        return tr("%n h", nullptr, int(seconds / 3600));
    return tr("%n day(s)", nullptr, int(seconds / (24 * 3600)));
}

QString TaskFreshness::roughly(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(0, (ms + 500) / 1000);
    if (seconds < 60)
        return age(std::max<qint64>(5, (seconds + 2) / 5 * 5) * 1000);
    if (seconds < 3600)
        return age((seconds + 30) / 60 * 60 * 1000);
    return age((seconds + 1800) / 3600 * 3600 * 1000);
}

QString TaskFreshness::describe(bool active, std::optional<qint64> confirmedAtMs, qint64 nowMs, qint64 staleAfterMs)
{
    if (!active)
        return QString();
    if (!confirmedAtMs)
        return QString(); // nothing shown to be old; the badge already says it waits for an answer
    const qint64 ago = std::max<qint64>(0, nowMs - *confirmedAtMs);
    if (isStale(active, confirmedAtMs, nowMs, staleAfterMs))
        return tr("Not checked for %1: the status may be out of date").arg(age(ago));
    return ago < kJustNowMs ? tr("Checked just now") : tr("Checked %1 ago").arg(age(ago));
}

QString TaskFreshness::describeAge(bool active, std::optional<qint64> confirmedAtMs, qint64 nowMs, qint64 staleAfterMs)
{
    if (!active || !confirmedAtMs)
        return QString();
    const qint64 ago = std::max<qint64>(0, nowMs - *confirmedAtMs);
    if (isStale(active, confirmedAtMs, nowMs, staleAfterMs))
        return tr("%1 ago (the status may be out of date)").arg(age(ago));
    return ago < kJustNowMs ? tr("just now") : tr("%1 ago").arg(age(ago));
}

} // namespace Reelwatch

#include "taskfreshness.h"

#include <algorithm>

namespace Reelwatch {

qint64 TaskFreshness::unconfirmedForMs(std::optional<qint64> checkedAtMs, qint64 addedAtMs, qint64 nowMs)
{
    return std::max<qint64>(0, nowMs - checkedAtMs.value_or(addedAtMs));
}

bool TaskFreshness::isStale(bool active, std::optional<qint64> checkedAtMs, qint64 addedAtMs, qint64 nowMs,
                            qint64 staleAfterMs)
{
    return active && unconfirmedForMs(checkedAtMs, addedAtMs, nowMs) > staleAfterMs;
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

QString TaskFreshness::describe(bool active, std::optional<qint64> checkedAtMs, qint64 addedAtMs, qint64 nowMs,
                                qint64 staleAfterMs)
{
    if (!active)
        return QString();
    const qint64 unconfirmed = unconfirmedForMs(checkedAtMs, addedAtMs, nowMs);
    const bool stale = unconfirmed > staleAfterMs;
    if (!checkedAtMs)
        return stale ? tr("Not checked in the %1 since it was added: the status is unknown").arg(age(unconfirmed))
                     : tr("Not checked yet");
    return stale ? tr("Not checked for %1: the status may be out of date").arg(age(unconfirmed))
                 : tr("Checked %1 ago").arg(age(unconfirmed));
}

} // namespace Reelwatch

#pragma once

#include <optional>
#include <QCoreApplication>

namespace Reelwatch {

// How old the state shown for a task is: when a good answer last confirmed it, and whether that is
// longer ago than polling explains (stale), so an old status is never shown as if it were current.
class TaskFreshness
{
    Q_DECLARE_TR_FUNCTIONS(TaskFreshness)

public:
    // For how long the shown state has gone unconfirmed: since its last confirmation, or since the task
    // was added when it never had one.
    static qint64 unconfirmedForMs(std::optional<qint64> checkedAtMs, qint64 addedAtMs, qint64 nowMs);
    // Whether an active task's state is older than its profile's polling explains (`staleAfterMs`, from
    // the poller's Freshness). A finished task's state is final and never stale.
    static bool isStale(bool active, std::optional<qint64> checkedAtMs, qint64 addedAtMs, qint64 nowMs,
                        qint64 staleAfterMs);
    // "12 s", "14 min", "3 h", "2 days": how long ago, in whole units.
    static QString age(qint64 ms);
    // One line for tooltips and the details: "Checked 12 s ago", "Not checked for 14 min: the status
    // may be out of date", "Not checked yet"; empty for a finished task.
    static QString describe(bool active, std::optional<qint64> checkedAtMs, qint64 addedAtMs, qint64 nowMs,
                            qint64 staleAfterMs);
};

} // namespace Reelwatch

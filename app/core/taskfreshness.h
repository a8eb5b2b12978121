#pragma once

#include <optional>
#include <QCoreApplication>

namespace Reelwatch {

// How old the state shown for a task is: when a good answer last confirmed it, and whether that is
// longer ago than polling explains (stale), so an old status is never shown as if it were current.
// A task with no state yet has nothing to go stale: its badge already says it is waiting.
class TaskFreshness
{
    Q_DECLARE_TR_FUNCTIONS(TaskFreshness)

public:
    // Whether an active task's state, confirmed at `confirmedAtMs`, is older than its profile's polling
    // explains (`staleAfterMs`, from the poller's Freshness). A finished task's state is final.
    static bool isStale(bool active, std::optional<qint64> confirmedAtMs, qint64 nowMs, qint64 staleAfterMs);
    // "12 s", "14 min", "3 h", "2 days": how long ago, in whole units.
    static QString age(qint64 ms);
    // "55 s", "3 min", "2 h": an estimate, rounded to what estimates can tell (5 s under a minute).
    static QString roughly(qint64 ms);
    // One line for tooltips and the details: "Checked 12 s ago", "Not checked for 14 min: the status
    // may be out of date"; empty for a finished task and for one with no state yet.
    static QString describe(bool active, std::optional<qint64> confirmedAtMs, qint64 nowMs, qint64 staleAfterMs);
    // The same as the value of a row labelled "Checked:": "12 s ago", "14 min ago (the status may be
    // out of date)".
    static QString describeAge(bool active, std::optional<qint64> confirmedAtMs, qint64 nowMs, qint64 staleAfterMs);
};

} // namespace Reelwatch

#pragma once

#include "storetypes.h"

#include <optional>
#include <QList>

namespace Reelwatch {

// Which poll results make a row of a task's status timeline: every change of status, of the
// provider's word or of an error, and progress in steps of at least kProgressStep points. A provider
// that reports every percent would otherwise write a hundred rows that say nothing new (and poll
// results carry progress a few points at a time). The store writes by this rule; collapse() applies
// it to rows an earlier Reelwatch wrote tick by tick, so an old database reads the same way.
class TimelineSteps
{
public:
    static constexpr int kProgressStep = 10;

    // Whether progress moved far enough from the last recorded value to be a row of its own. No
    // progress counts as 0; progress that stops being reported is no step.
    static bool isProgressStep(std::optional<int> recorded, std::optional<int> now);
    // The entries that rule would have written: the first, every change other than progress, and
    // progress steps measured from the last entry kept.
    static QList<HistoryEntry> collapse(const QList<HistoryEntry>& entries);
};

} // namespace Reelwatch

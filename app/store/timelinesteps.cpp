#include "timelinesteps.h"

#include <cstdlib>

namespace Reelwatch {

namespace {

// Everything but progress that a timeline row says.
bool sameApartFromProgress(const HistoryEntry& a, const HistoryEntry& b)
{
    return a.status == b.status && a.rawStatus == b.rawStatus && a.errorCode == b.errorCode
        && a.errorMessage == b.errorMessage && a.fetchErrorKind == b.fetchErrorKind && a.fetchError == b.fetchError;
}

} // namespace

bool TimelineSteps::isProgressStep(std::optional<int> recorded, std::optional<int> now)
{
    if (!now)
        return false;
    return std::abs(*now - recorded.value_or(0)) >= kProgressStep;
}

QList<HistoryEntry> TimelineSteps::collapse(const QList<HistoryEntry>& entries)
{
    QList<HistoryEntry> kept;
    kept.reserve(entries.size());
    for (const HistoryEntry& entry : entries) {
        if (kept.isEmpty() || !sameApartFromProgress(kept.constLast(), entry)
            || isProgressStep(kept.constLast().progress, entry.progress))
            kept << entry;
    }
    return kept;
}

} // namespace Reelwatch

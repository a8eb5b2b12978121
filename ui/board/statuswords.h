#pragma once

#include "core/apierror.h"
#include "store/storetypes.h"
#include "tasktablemodel.h"

#include <QCoreApplication>
#include <QStringList>

namespace Reelwatch {

// What the board, the details pane, their tooltips and the status timeline say about a task's state,
// in one vocabulary: the provider's statuses by StatusText's names, and the states that are not the
// provider's (waiting for a first answer, not found, key rejected, a failing fetch) by the badge's.
class StatusWords
{
    Q_DECLARE_TR_FUNCTIONS(StatusWords)

public:
    // The badge: "Queued", "Rendering 45%", "Not found", "Fetch error".
    static QString badge(BadgeKind kind, std::optional<int> progress = std::nullopt);
    // A fetch error by the badge's name for it: "Not found", "Key rejected", else "Fetch error".
    static QString problem(ErrorKind kind);
    // The state in a line or two: "Succeeded (completed)"; "Not found since 14:03" and what the
    // server last said ("Last known status: Queued"), or that it never reported a status.
    static QStringList describe(const StoredTask& task, qint64 nowMs);
    // "14:03" today, "27 Nov 14:03" this year, else the date: short enough for a column or a line.
    static QString shortTime(qint64 msSinceEpoch, qint64 nowMs);
};

} // namespace Reelwatch

#pragma once

#include "taskstatus.h"

#include <QCoreApplication>

namespace Reelwatch {

// The one wording of a task's status for people: the board's badge, the details pane, the tooltips,
// the status timeline and "Test connection" say a status with these names. The provider's own word
// is shown beside a name only where it says something the name does not ("Succeeded (completed)",
// but "Queued" for "queued" and "Failed" for the seed's "FAILURE").
class StatusText
{
    Q_DECLARE_TR_FUNCTIONS(StatusText)

public:
    // "Not started", "Submitted", "Queued", "Rendering", "Succeeded", "Failed", "Unknown".
    static QString name(TaskStatus status);
    // The name with the provider's word in brackets where that word is neither the name, nor the
    // seed contract's wire name, nor empty.
    static QString withRawWord(TaskStatus status, const QString& rawStatus);
};

} // namespace Reelwatch

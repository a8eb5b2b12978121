#pragma once

#include "fetchresult.h"
#include "pollschedule.h"

#include <QMetaType>

namespace Reelwatch {

// One change worth telling the store, the table and the notifier about.
struct TaskUpdate
{
    QString taskId;
    std::optional<VideoTask> task; // the latest good state (kept through transient errors)
    ApiError error; // the current fetch problem, if any
    int httpStatus = 0;
    PollOutcome outcome; // what changed
    bool viaList = false; // learnt from a batch list request
};

} // namespace Reelwatch

Q_DECLARE_METATYPE(Reelwatch::TaskUpdate)

#pragma once

#include "apierror.h"
#include "videotask.h"

#include <optional>
#include <QString>

namespace Reelwatch {

// The outcome of asking for one task's status.
struct FetchResult
{
    QString requestedId;
    int httpStatus = 0; // 0 when no HTTP answer arrived
    std::optional<VideoTask> task; // set exactly when !error.isError()
    ApiError error;
    std::optional<qint64> retryAfterMs; // from retry-after-ms or Retry-After on 429/503
    std::optional<qint64> pollAfterMs; // from openai-poll-after-ms

    bool ok() const { return !error.isError() && task.has_value(); }
};

} // namespace Reelwatch

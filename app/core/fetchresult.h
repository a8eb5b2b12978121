#pragma once

#include "videotask.h"

#include <optional>
#include <QString>

namespace Reelwatch {

enum class FetchErrorKind
{
    None,
    NotFound,
    Unauthorized,
    RateLimited,
    ServerError,
    InvalidResponse,
    TooLarge,
    Timeout,
    Network,
    InvalidId,
};

// "not_found", "unauthorized", … as printed by `reelwatch status --json`; "" for None.
QString fetchErrorKindName(FetchErrorKind kind);
// The reverse, for names read back from storage; None for anything unknown.
FetchErrorKind fetchErrorKindFromName(const QString& name);

struct FetchError
{
    FetchErrorKind kind = FetchErrorKind::None;
    QString message; // for people; never contains a secret

    bool isError() const { return kind != FetchErrorKind::None; }
};

// The outcome of asking for one task's status.
struct FetchResult
{
    QString requestedId;
    int httpStatus = 0; // 0 when no HTTP answer arrived
    std::optional<VideoTask> task; // set exactly when !error.isError()
    FetchError error;
    std::optional<qint64> retryAfterMs; // from retry-after-ms or Retry-After on 429/503
    std::optional<qint64> pollAfterMs; // from openai-poll-after-ms

    bool ok() const { return !error.isError() && task.has_value(); }
};

} // namespace Reelwatch

#pragma once

#include "core/fetchresult.h"

#include <QJsonObject>

namespace Reelwatch {

// The machine-readable form of one task that `status --json` (and later `watch --json`) prints.
class TaskJson
{
public:
    static QJsonObject fromResult(const FetchResult& result);
};

} // namespace Reelwatch

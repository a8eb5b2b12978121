#pragma once

#include "core/fetchresult.h"
#include "jsonline.h"

namespace Reelwatch {

// The machine-readable form of one task that `status --json`, `watch --json` and `list --json` print;
// callers add their own fields to the line.
class TaskJson
{
public:
    static JsonLine line(const FetchResult& result);
};

} // namespace Reelwatch

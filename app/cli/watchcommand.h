#pragma once

#include <QStringList>

namespace Reelwatch {

// `reelwatch watch ID...`: polls until every task is terminal or not found, printing one line per
// change (or one JSON object per line with --json), and ends with a summary.
class WatchCommand
{
public:
    static int run(const QStringList& arguments);
};

} // namespace Reelwatch

#pragma once

#include <QStringList>

namespace Reelwatch {

struct FetchResult;

// `reelwatch status ID... [--json] [--base-url URL] [--auth bearer|token] [--timeout S] [--verbose]`:
// fetches each task once and prints a table, or one JSON object per line.
class StatusCommand
{
public:
    static int run(const QStringList& arguments);
    static QString formatTable(const QList<FetchResult>& results);
};

} // namespace Reelwatch

#pragma once

#include <QStringList>

namespace Reelwatch {

struct FetchResult;

// `reelwatch status ID... [--json] [--base-url URL] [--auth bearer|token] [--timeout S] [--verbose]`:
// fetches each task once and prints a table, or one JSON object per line. IDs from standard input are
// answered as they come, in the order given, and forgotten once printed (and recorded), so input of any
// size costs the same memory.
class StatusCommand
{
public:
    static int run(const QStringList& arguments);
    static QString formatTable(const QList<FetchResult>& results);

    static QStringList tableHeaders();
    static QStringList tableRow(const FetchResult& result);

    // Requests in flight at most: a thousand stored tasks must not all start their deadline at once
    // in Qt's per-host queue, nor hit the server in one burst.
    static constexpr int kMaxInFlight = 6;
    // Answers waiting for an earlier, slower one before they can be printed in order.
    static constexpr int kMaxWaiting = 64;
    // The table's widths come from its first rows; later rows are laid out in them.
    static constexpr int kTableWidthRows = 100;
    // Answers recorded in the task database in one transaction.
    static constexpr int kRecordBatch = 200;
};

} // namespace Reelwatch

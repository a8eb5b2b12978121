#pragma once

#include <QSqlDatabase>
#include <QString>

namespace Reelwatch {

// The database schema as an ordered list of forward migrations. PRAGMA user_version records how
// many have been applied; opening a file applies the rest, each in its own transaction.
class Schema
{
public:
    static int latestVersion();
    // Migrates `database` from its recorded version to `targetVersion` (the latest by default).
    // A file from a newer Reelwatch is refused rather than damaged.
    static bool migrate(QSqlDatabase& database, QString* error, int targetVersion = -1);
    static int versionOf(QSqlDatabase& database);
};

} // namespace Reelwatch

#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

namespace Reelwatch {

// The database schema as an ordered list of forward migrations. PRAGMA user_version records how
// many have been applied; opening a file applies the rest, each in its own transaction.
class Schema
{
public:
    static int latestVersion();
    // Migrates `database` from its recorded version to `targetVersion` (the latest by default).
    // A file from a newer Reelwatch is refused rather than damaged. `failure` gets SQLite's error where
    // one was the cause (a full disk), so the caller can tell it from a refusal.
    static bool migrate(QSqlDatabase& database, QString* error, int targetVersion = -1, QSqlError* failure = nullptr);
    static int versionOf(QSqlDatabase& database);
};

} // namespace Reelwatch

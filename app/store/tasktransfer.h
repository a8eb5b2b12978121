#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Reelwatch {

class Store;

// Moves tasks in and out of the store: JSON carries everything but secrets (profiles without
// keys, tasks with labels, last states and history) and round-trips; CSV is one row per task for
// spreadsheets, and imports IDs, labels and last states.
class TaskTransfer
{
public:
    static constexpr const char* kFormat = "reelwatch-tasks";
    static constexpr int kFormatVersion = 1;

    static QByteArray exportJson(Store& store);
    static QByteArray exportCsv(Store& store);

    struct ImportOutcome
    {
        bool ok = false;
        QString error;
        int profilesCreated = 0;
        int tasksAdded = 0;
        int tasksUpdated = 0; // already there; label kept or updated, state taken only when the file's is newer
        int skipped = 0; // invalid IDs and the like
        QStringList problems;
    };
    // JSON or CSV, told apart by content. All or nothing: one transaction.
    static ImportOutcome import(Store& store, const QByteArray& data, const QString& defaultProfileName = QString());
};

} // namespace Reelwatch

#pragma once

#include <functional>
#include <QByteArray>
#include <QHash>
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
    // 2: profiles name their provider, and the file carries the provider files they need. A version 1
    // reader would take every profile for the OpenAI shape, so it refuses version 2 files.
    static constexpr int kFormatVersion = 2;

    // `providerFiles`: the text of each installed provider file (by id) the profiles use; built-in
    // providers need none.
    static QByteArray exportJson(Store& store, const QHash<QString, QByteArray>& providerFiles = {});
    // The provider files inside an export (by id), to install before import() is called; empty for CSV.
    static QHash<QString, QByteArray> providerFilesIn(const QByteArray& data);
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
    // Whether this Reelwatch speaks a provider id; empty: only "openai" is known.
    using ProviderCheck = std::function<bool(const QString& providerId)>;
    // JSON or CSV, told apart by content. All or nothing: one transaction. A profile whose provider
    // `knowsProvider` does not know fails the whole import, with its name and the provider's id:
    // never a silent switch to another API.
    static ImportOutcome import(Store& store, const QByteArray& data, const QString& defaultProfileName = QString(),
                                const ProviderCheck& knowsProvider = {});
};

} // namespace Reelwatch

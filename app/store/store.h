#pragma once

#include "core/taskupdate.h"
#include "storetypes.h"

#include <QHash>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QStringList>

namespace Reelwatch {

// Why a call of the store failed: the file (or its folder) could not be written (a full disk, a
// read-only file, an I/O error), which no retry of the same call mends until the disk is freed; or
// anything else (a damaged or newer file, a broken rule).
enum class StoreFailure
{
    None,
    CannotWrite,
    Other,
};

// The one SQLite file that holds profiles, tasks and their history. WAL journal, foreign keys on,
// every batch of writes in one transaction, so a crash or kill loses at most the batch in flight
// and never corrupts the file. Never holds a secret.
class Store
{
public:
    // <app data>/reelwatch.sqlite3; honours XDG_DATA_HOME on Linux.
    static QString defaultPath();

    Store();
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    bool open(const QString& path, QString* error);
    bool isOpen() const { return m_database.isOpen(); }
    QString path() const { return m_path; }
    QSqlDatabase& database() { return m_database; }

    // Profiles.
    QList<Profile> profiles();
    std::optional<Profile> profile(qint64 id);
    std::optional<Profile> profileByName(const QString& name);
    // Like profileByName(), but ignoring case in every script (for clash checks).
    std::optional<Profile> findProfileNamed(const QString& name);
    std::optional<Profile> defaultProfile();
    // providerId must pass ProfileRules::providerIdProblem(); the store does not judge whether it is known.
    std::optional<Profile> addProfile(const QString& name, const QUrl& baseUrl, AuthMode authMode, QString* error,
                                      const QString& providerId = QStringLiteral("openai"));
    bool updateProfile(const Profile& profile, QString* error);
    bool removeProfile(qint64 id, QString* error); // removes its tasks too
    bool setDefaultProfile(qint64 id, QString* error);

    // Tasks. IDs must have passed TaskId::validate().
    struct AddOutcome
    {
        QStringList added;
        QStringList existing;
    };
    std::optional<AddOutcome> addTasks(qint64 profileId, const QStringList& taskIds, const QString& label,
                                       QString* error);
    enum class TaskSource
    {
        ByHand,
        Followed, // found by following the account
    };
    // `labels`: IDs with a label of their own (a pasted table's label or prompt column), given in place
    // of `label`.
    std::optional<AddOutcome> addTasks(qint64 profileId, const QStringList& taskIds, const QString& label,
                                       TaskSource source, QString* error, const QHash<QString, QString>& labels = {});
    // The tasks the user removed from this profile (until added by hand again): following does not
    // add them again.
    QSet<QString> dismissedTaskIds(qint64 profileId);
    // Every task ID of the profile, archived ones included.
    QSet<QString> taskIds(qint64 profileId);
    // Returns how many were removed; profileId 0 removes the IDs from every profile.
    int removeTasks(qint64 profileId, const QStringList& taskIds, QString* error);
    QList<StoredTask> tasks(std::optional<qint64> profileId = std::nullopt, bool includeArchived = true);
    // Every task's handle (archived ones included), in the same order as tasks().
    QList<TaskEntry> taskEntries(std::optional<qint64> profileId = std::nullopt);
    std::optional<StoredTask> task(qint64 profileId, const QString& taskId);
    bool setArchived(qint64 profileId, const QStringList& taskIds, bool archived, QString* error);
    bool setLabel(qint64 profileId, const QString& taskId, const QString& label, QString* error);

    // Poll results, all in one transaction. Tasks not in the store are ignored. A history row is
    // written only where status or an error changed, or progress moved a step (TimelineSteps).
    bool recordUpdates(qint64 profileId, const QList<TaskUpdate>& updates, QString* error);
    // When good answers confirmed these tasks' states (task ID → ms since the epoch); a stored time
    // is only ever moved forward.
    bool recordChecked(qint64 profileId, const QHash<QString, qint64>& checkedAtMs, QString* error);
    QList<HistoryEntry> history(qint64 taskRowId);

    // SQLite's PRAGMA data_version: it changes when another connection (another Reelwatch process) has
    // committed, and never for this store's own writes. -1 when it cannot be read.
    qint64 dataVersion();

    // Everything or nothing: runs `work` in a transaction (or as part of the one already open).
    bool transaction(const std::function<bool(QString*)>& work, QString* error);

    // Runs a statement on this store's database; on failure `error` says why in SQLite's words and
    // lastFailure() what kind of failure it was. Every statement that writes goes through here.
    bool exec(QSqlQuery& query, QString* error);
    // What kind of failure made the call that just returned false fail, read right after it as
    // QSqlQuery::lastError() is: open(), every top-level transaction and every statement start afresh,
    // so a call refused by a rule (a name taken) before any statement ran leaves it None.
    StoreFailure lastFailure() const { return m_lastFailure; }
    // What SQLite's error code says about the failure.
    static StoreFailure failureOf(const QSqlError& error);

private:
    Profile profileFromQuery(const class QSqlQuery& query) const;

    QSqlDatabase m_database;
    QString m_connectionName;
    QString m_path;
    int m_transactionDepth = 0;
    StoreFailure m_lastFailure = StoreFailure::None;

    // Keeps the kind of `error` as lastFailure() and returns its words.
    QString noteFailure(const QSqlError& error);
};

} // namespace Reelwatch

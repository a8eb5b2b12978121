#include "schema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace Reelwatch {

namespace {

// Each entry moves the schema one version forward. Never edit a released entry: add another.
const QList<QStringList>& migrations()
{
    static const QList<QStringList> steps = {
        // 1: profiles, tasks with their last known state, and the status history.
        {
            QStringLiteral("CREATE TABLE profiles ("
                           " id INTEGER PRIMARY KEY,"
                           " name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
                           " base_url TEXT NOT NULL,"
                           " auth_mode TEXT NOT NULL CHECK (auth_mode IN ('bearer', 'token')),"
                           " poll_interval_ms INTEGER NOT NULL DEFAULT 10000,"
                           " max_interval_ms INTEGER NOT NULL DEFAULT 60000,"
                           " max_in_flight INTEGER NOT NULL DEFAULT 4,"
                           " max_requests_per_second REAL NOT NULL DEFAULT 5,"
                           " is_default INTEGER NOT NULL DEFAULT 0,"
                           " keychain_id TEXT NOT NULL UNIQUE,"
                           " created_at INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE tasks ("
                           " id INTEGER PRIMARY KEY,"
                           " profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,"
                           " task_id TEXT NOT NULL,"
                           " label TEXT NOT NULL DEFAULT '',"
                           " added_at INTEGER NOT NULL,"
                           " archived INTEGER NOT NULL DEFAULT 0,"
                           " status TEXT, raw_status TEXT, progress INTEGER, model TEXT, object TEXT, prompt TEXT,"
                           " size TEXT, seconds TEXT, created_at INTEGER, completed_at INTEGER, expires_at INTEGER,"
                           " error_code TEXT, error_message TEXT, result_url TEXT, raw_json TEXT,"
                           " fetch_error_kind TEXT, fetch_error_message TEXT,"
                           " gave_up INTEGER NOT NULL DEFAULT 0,"
                           " updated_at INTEGER,"
                           " UNIQUE (profile_id, task_id))"),
            QStringLiteral("CREATE TABLE status_history ("
                           " id INTEGER PRIMARY KEY,"
                           " task_row INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
                           " at INTEGER NOT NULL,"
                           " status TEXT, raw_status TEXT, progress INTEGER,"
                           " error_code TEXT, error_message TEXT, fetch_error_kind TEXT)"),
            QStringLiteral("CREATE INDEX status_history_by_task ON status_history (task_row, at)"),
            QStringLiteral("CREATE INDEX tasks_by_status ON tasks (profile_id, status)"),
        },
        // 2: downloading each render of a profile as it succeeds, into a folder of its own.
        {
            QStringLiteral("ALTER TABLE profiles ADD COLUMN auto_download INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE profiles ADD COLUMN auto_download_folder TEXT NOT NULL DEFAULT ''"),
        },
        // 3: fetch errors with their structure (ApiError::toJson), so the window words them in its
        // own language; fetch_error_message keeps the words for readers of the file.
        {
            QStringLiteral("ALTER TABLE tasks ADD COLUMN fetch_error TEXT"),
            QStringLiteral("ALTER TABLE status_history ADD COLUMN fetch_error TEXT"),
        },
        // 4: the API each profile speaks (a provider id; every earlier profile spoke the OpenAI shape), and
        // the poster link some providers give beside the result.
        {
            QStringLiteral("ALTER TABLE profiles ADD COLUMN provider TEXT NOT NULL DEFAULT 'openai'"),
            QStringLiteral("ALTER TABLE tasks ADD COLUMN thumbnail_url TEXT"),
        },
        // 5: following an account. Per profile whether it follows ('off', 'new': renders created since
        // following began at follow_since, 'days': the last follow_days days); per task whether
        // following found it; and the followed tasks the user removed, so they are not found again.
        {
            QStringLiteral("ALTER TABLE profiles ADD COLUMN follow TEXT NOT NULL DEFAULT 'off'"),
            QStringLiteral("ALTER TABLE profiles ADD COLUMN follow_since INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE profiles ADD COLUMN follow_days INTEGER NOT NULL DEFAULT 7"),
            QStringLiteral("ALTER TABLE tasks ADD COLUMN followed INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("CREATE TABLE dismissed_tasks ("
                           "profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE, "
                           "task_id TEXT NOT NULL, "
                           "at INTEGER NOT NULL, "
                           "PRIMARY KEY (profile_id, task_id))"),
        },
        // 6: when a good answer last confirmed each task's state (ms since the epoch), so the board can
        // say how old what it shows is, and polling after a restart asks the longest unconfirmed first.
        // A task stored before starts from the last state its history recorded: no later than the truth,
        // so what it shows is never made to look fresher than it is.
        {
            QStringLiteral("ALTER TABLE tasks ADD COLUMN checked_at INTEGER"),
            QStringLiteral("UPDATE tasks SET checked_at = (SELECT MAX(h.at) FROM status_history h "
                           "WHERE h.task_row = tasks.id AND h.status IS NOT NULL AND h.fetch_error_kind IS NULL) "
                           "WHERE status IS NOT NULL"),
        },
    };
    return steps;
}

} // namespace

int Schema::latestVersion()
{
    return int(migrations().size());
}

int Schema::versionOf(QSqlDatabase& database)
{
    QSqlQuery query(database);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return -1;
    return query.value(0).toInt();
}

bool Schema::migrate(QSqlDatabase& database, QString* error, int targetVersion, QSqlError* failure)
{
    const auto failed = [failure](const QSqlError& cause) {
        if (failure)
            *failure = cause;
        return cause.text();
    };
    if (targetVersion < 0)
        targetVersion = latestVersion();
    QSqlQuery control(database);
    for (;;) {
        // Each step reads the version inside its own write transaction, so two processes opening a
        // fresh file together (the window and a CLI run) take turns instead of both creating tables.
        if (!control.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
            *error = QStringLiteral("cannot lock the database: %1").arg(failed(control.lastError()));
            return false;
        }
        const int current = versionOf(database);
        if (current < 0 || current > latestVersion() || current >= targetVersion) {
            control.exec(QStringLiteral("ROLLBACK"));
            if (current < 0) {
                *error = QStringLiteral("cannot read the schema version: %1").arg(failed(database.lastError()));
                return false;
            }
            if (current > latestVersion()) {
                *error = QStringLiteral("the database was written by a newer Reelwatch (schema %1; this version "
                                        "knows up to %2); update Reelwatch to open it")
                             .arg(current)
                             .arg(latestVersion());
                return false;
            }
            return true;
        }
        QSqlQuery query(database);
        for (const QString& statement : migrations().at(current)) {
            if (!query.exec(statement)) {
                *error = QStringLiteral("migration to schema %1 failed: %2")
                             .arg(current + 1)
                             .arg(failed(query.lastError()));
                control.exec(QStringLiteral("ROLLBACK"));
                return false;
            }
        }
        if (!query.exec(QStringLiteral("PRAGMA user_version = %1").arg(current + 1))
            || !control.exec(QStringLiteral("COMMIT"))) {
            const QSqlError cause
                = query.lastError().type() != QSqlError::NoError ? query.lastError() : control.lastError();
            *error = QStringLiteral("migration to schema %1 failed: %2").arg(current + 1).arg(failed(cause));
            control.exec(QStringLiteral("ROLLBACK"));
            return false;
        }
    }
}

} // namespace Reelwatch

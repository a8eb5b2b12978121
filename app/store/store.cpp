#include "store.h"

#include "schema.h"

#include <cmath>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>
#include <QVariant>

namespace Reelwatch {

namespace {

QVariant textOrNull(const QString& text)
{
    return text.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text);
}

// A null QString binds as SQL NULL; columns that are NOT NULL need the empty string instead.
QString notNull(const QString& text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

template <typename T> QVariant optionalOrNull(const std::optional<T>& value)
{
    return value ? QVariant::fromValue(*value) : QVariant(QMetaType(QMetaType::LongLong));
}

std::optional<qint64> optionalInt(const QVariant& value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

bool exec(QSqlQuery& query, QString* error)
{
    if (query.exec())
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

const QString kTaskColumns = QStringLiteral(
    "id, profile_id, task_id, label, added_at, archived, status, raw_status, progress, model, object, prompt, size, "
    "seconds, created_at, completed_at, expires_at, error_code, error_message, result_url, raw_json, "
    "fetch_error_kind, fetch_error_message, gave_up, updated_at");

StoredTask taskFromQuery(const QSqlQuery& query)
{
    StoredTask stored;
    stored.rowId = query.value(0).toLongLong();
    stored.profileId = query.value(1).toLongLong();
    stored.taskId = query.value(2).toString();
    stored.label = query.value(3).toString();
    stored.addedAtMs = query.value(4).toLongLong();
    stored.archived = query.value(5).toBool();
    if (!query.value(6).isNull()) {
        VideoTask task;
        task.id = stored.taskId;
        bool known = false;
        task.status = statusFromWireName(query.value(6).toString(), &known);
        task.rawStatus = query.value(7).toString();
        if (!query.value(8).isNull())
            task.progress = query.value(8).toInt();
        task.model = query.value(9).toString();
        task.object = query.value(10).toString();
        task.prompt = query.value(11).toString();
        task.size = query.value(12).toString();
        task.seconds = query.value(13).toString();
        task.createdAt = optionalInt(query.value(14));
        task.completedAt = optionalInt(query.value(15));
        task.expiresAt = optionalInt(query.value(16));
        if (!query.value(17).isNull() || !query.value(18).isNull())
            task.error = TaskError{query.value(17).toString(), query.value(18).toString()};
        task.resultUrl = query.value(19).toString();
        task.rawJson = query.value(20).toString().toUtf8();
        stored.last = task;
    }
    const FetchErrorKind kind = fetchErrorKindFromName(query.value(21).toString());
    if (kind != FetchErrorKind::None)
        stored.lastError = FetchError{kind, query.value(22).toString()};
    stored.gaveUp = query.value(23).toBool();
    stored.updatedAtMs = query.value(24).toLongLong();
    return stored;
}

} // namespace

QString Store::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/reelwatch.sqlite3");
}

Store::Store()
    : m_connectionName(QStringLiteral("reelwatch-store-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)))
{ }

Store::~Store()
{
    if (m_database.isValid()) {
        m_database.close();
        m_database = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool Store::open(const QString& path, QString* error)
{
    m_path = path;
    if (path != QLatin1String(":memory:") && !QDir().mkpath(QFileInfo(path).absolutePath())) {
        *error = QStringLiteral("cannot create the folder %1").arg(QFileInfo(path).absolutePath());
        return false;
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        *error = QStringLiteral("Qt's SQLite driver (QSQLITE) is not installed");
        return false;
    }
    m_database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_database.setDatabaseName(path);
    // Another Reelwatch process (the CLI beside the window) may hold the write lock for a moment.
    m_database.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_database.open()) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, m_database.lastError().text());
        return false;
    }
    // Prompts and task lists are the user's business alone.
    if (path != QLatin1String(":memory:"))
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QSqlQuery pragma(m_database);
    for (const char* statement :
         {"PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL"}) {
        if (!pragma.exec(QString::fromLatin1(statement))) {
            *error = QStringLiteral("cannot prepare %1: %2").arg(path, pragma.lastError().text());
            return false;
        }
    }
    return Schema::migrate(m_database, error);
}

bool Store::transaction(const std::function<bool(QString*)>& work, QString* error)
{
    // Inside another transaction the work simply joins it: the outer one commits or rolls back.
    if (m_transactionDepth > 0)
        return work(error);
    struct DepthGuard
    {
        int& depth;
        explicit DepthGuard(int& counter)
            : depth(counter)
        {
            ++depth;
        }
        ~DepthGuard() { --depth; }
    };
    // IMMEDIATE takes the write lock up front. A plain BEGIN reads first and cannot upgrade to a
    // write once another process (the CLI beside the window) has committed in between: SQLite then
    // fails at once instead of waiting out the busy timeout.
    QSqlQuery control(m_database);
    if (!control.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        *error = control.lastError().text();
        return false;
    }
    DepthGuard guard(m_transactionDepth);
    if (!work(error)) {
        control.exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    if (!control.exec(QStringLiteral("COMMIT"))) {
        *error = control.lastError().text();
        control.exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    return true;
}

Profile Store::profileFromQuery(const QSqlQuery& query) const
{
    Profile profile;
    profile.id = query.value(0).toLongLong();
    profile.name = query.value(1).toString();
    profile.baseUrl = QUrl(query.value(2).toString());
    profile.authMode = authModeFromName(query.value(3).toString()).value_or(AuthMode::Bearer);
    profile.poll.baseIntervalMs = query.value(4).toLongLong();
    profile.poll.maxIntervalMs = query.value(5).toLongLong();
    profile.poll.maxInFlight = query.value(6).toInt();
    profile.poll.maxRequestsPerSecond = query.value(7).toDouble();
    profile.isDefault = query.value(8).toBool();
    profile.keychainId = query.value(9).toString();
    profile.autoDownload = query.value(10).toBool();
    profile.autoDownloadFolder = query.value(11).toString();
    return profile;
}

static const QString kProfileColumns = QStringLiteral(
    "id, name, base_url, auth_mode, poll_interval_ms, max_interval_ms, max_in_flight, max_requests_per_second, "
    "is_default, keychain_id, auto_download, auto_download_folder");

QList<Profile> Store::profiles()
{
    QList<Profile> result;
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT %1 FROM profiles ORDER BY name").arg(kProfileColumns));
    if (query.exec()) {
        while (query.next())
            result << profileFromQuery(query);
    }
    return result;
}

std::optional<Profile> Store::profile(qint64 id)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT %1 FROM profiles WHERE id = ?").arg(kProfileColumns));
    query.addBindValue(id);
    if (query.exec() && query.next())
        return profileFromQuery(query);
    return std::nullopt;
}

std::optional<Profile> Store::profileByName(const QString& name)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT %1 FROM profiles WHERE name = ?").arg(kProfileColumns));
    query.addBindValue(name.trimmed());
    if (query.exec() && query.next())
        return profileFromQuery(query);
    return std::nullopt;
}

std::optional<Profile> Store::findProfileNamed(const QString& name)
{
    // SQLite's NOCASE folds ASCII only; "Équipe" and "équipe" must clash too.
    const QString folded = name.trimmed().toCaseFolded();
    for (const Profile& profile : profiles()) {
        if (profile.name.toCaseFolded() == folded)
            return profile;
    }
    return std::nullopt;
}

std::optional<Profile> Store::defaultProfile()
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT %1 FROM profiles ORDER BY is_default DESC, created_at, id LIMIT 1")
                      .arg(kProfileColumns));
    if (query.exec() && query.next())
        return profileFromQuery(query);
    return std::nullopt;
}

bool Store::ensureDefaultProfile(QString* error)
{
    // One transaction, so the window and the CLI starting together for the first time cannot both
    // create it.
    return transaction(
        [this](QString* failure) {
            QSqlQuery count(m_database);
            if (!count.exec(QStringLiteral("SELECT COUNT(*) FROM profiles")) || !count.next()) {
                *failure = count.lastError().text();
                return false;
            }
            if (count.value(0).toInt() > 0)
                return true;
            const auto created = addProfile(QString::fromLatin1(kDefaultProfileName),
                                            QUrl(QString::fromLatin1(kDefaultProfileUrl)), AuthMode::Bearer, failure);
            return created && setDefaultProfile(created->id, failure);
        },
        error);
}

std::optional<Profile> Store::addProfile(const QString& name, const QUrl& baseUrl, AuthMode authMode, QString* error)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > 64) {
        *error = QStringLiteral("a profile name must be 1 to 64 characters");
        return std::nullopt;
    }
    if (findProfileNamed(trimmed)) {
        *error = QStringLiteral("a profile named '%1' exists already").arg(trimmed);
        return std::nullopt;
    }
    const BaseUrlCheck check = ApiEndpoint::normaliseBaseUrl(baseUrl.toString());
    if (!check.ok) {
        *error = check.error;
        return std::nullopt;
    }
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("INSERT INTO profiles (name, base_url, auth_mode, keychain_id, created_at) "
                                 "VALUES (?, ?, ?, ?, ?)"));
    query.addBindValue(trimmed);
    query.addBindValue(check.url.toString());
    query.addBindValue(authModeName(authMode));
    query.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
    query.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!exec(query, error))
        return std::nullopt;
    return profile(query.lastInsertId().toLongLong());
}

bool Store::updateProfile(const Profile& changed, QString* error)
{
    const BaseUrlCheck check = ApiEndpoint::normaliseBaseUrl(changed.baseUrl.toString());
    if (!check.ok) {
        *error = check.error;
        return false;
    }
    const QString name = changed.name.trimmed();
    if (name.isEmpty() || name.size() > 64) {
        *error = QStringLiteral("a profile name must be 1 to 64 characters");
        return false;
    }
    const std::optional<Profile> sameName = findProfileNamed(name);
    if (sameName && sameName->id != changed.id) {
        *error = QStringLiteral("a profile named '%1' exists already").arg(name);
        return false;
    }
    // Settings arrive from the UI, the command line and imported files: keep them inside the limits.
    const PollSettings poll = changed.poll.clamped(PollLimits::forServer(check.url));
    const QString autoDownloadFolder = changed.autoDownloadFolder.trimmed();
    if (!autoDownloadFolder.isEmpty() && !QDir::isAbsolutePath(autoDownloadFolder)) {
        *error = QStringLiteral("the auto-download folder must be a full path: %1").arg(autoDownloadFolder);
        return false;
    }
    QSqlQuery query(m_database);
    query.prepare(
        QStringLiteral("UPDATE profiles SET name = ?, base_url = ?, auth_mode = ?, poll_interval_ms = ?, "
                       "max_interval_ms = ?, max_in_flight = ?, max_requests_per_second = ?, auto_download = ?, "
                       "auto_download_folder = ? WHERE id = ?"));
    query.addBindValue(name);
    query.addBindValue(check.url.toString());
    query.addBindValue(authModeName(changed.authMode));
    query.addBindValue(poll.baseIntervalMs);
    query.addBindValue(poll.maxIntervalMs);
    query.addBindValue(poll.maxInFlight);
    query.addBindValue(poll.maxRequestsPerSecond);
    query.addBindValue(changed.autoDownload);
    // A null QString binds as NULL, which the NOT NULL column refuses: an empty text is meant.
    query.addBindValue(autoDownloadFolder.isEmpty() ? QStringLiteral("") : autoDownloadFolder);
    query.addBindValue(changed.id);
    if (!exec(query, error))
        return false;
    if (query.numRowsAffected() != 1) {
        *error = QStringLiteral("no such profile");
        return false;
    }
    return true;
}

bool Store::removeProfile(qint64 id, QString* error)
{
    const std::optional<Profile> existing = profile(id);
    if (!existing) {
        *error = QStringLiteral("no such profile");
        return false;
    }
    return transaction(
        [this, id, wasDefault = existing->isDefault](QString* failure) {
            QSqlQuery query(m_database);
            query.prepare(QStringLiteral("DELETE FROM profiles WHERE id = ?"));
            query.addBindValue(id);
            if (!exec(query, failure))
                return false;
            // Some profile must stay the default while any exists.
            if (!wasDefault)
                return true;
            QSqlQuery promote(m_database);
            promote.prepare(QStringLiteral("UPDATE profiles SET is_default = 1 WHERE id = "
                                           "(SELECT id FROM profiles ORDER BY created_at, id LIMIT 1)"));
            return exec(promote, failure);
        },
        error);
}

bool Store::setDefaultProfile(qint64 id, QString* error)
{
    if (!profile(id)) {
        *error = QStringLiteral("no such profile");
        return false;
    }
    return transaction(
        [this, id](QString* failure) {
            QSqlQuery query(m_database);
            if (!query.exec(QStringLiteral("UPDATE profiles SET is_default = 0"))) {
                *failure = query.lastError().text();
                return false;
            }
            query.prepare(QStringLiteral("UPDATE profiles SET is_default = 1 WHERE id = ?"));
            query.addBindValue(id);
            return exec(query, failure);
        },
        error);
}

std::optional<Store::AddOutcome> Store::addTasks(qint64 profileId, const QStringList& taskIds, const QString& label,
                                                 QString* error)
{
    AddOutcome outcome;
    const bool ok = transaction(
        [&](QString* failure) {
            QSqlQuery insert(m_database);
            // Only an existing (profile, ID) pair is skipped; any other constraint failure is an error.
            insert.prepare(
                QStringLiteral("INSERT INTO tasks (profile_id, task_id, label, added_at) VALUES (?, ?, ?, ?) "
                               "ON CONFLICT (profile_id, task_id) DO NOTHING"));
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            for (const QString& id : taskIds) {
                insert.bindValue(0, profileId);
                insert.bindValue(1, id);
                insert.bindValue(2, notNull(label.trimmed()));
                insert.bindValue(3, now);
                if (!exec(insert, failure))
                    return false;
                (insert.numRowsAffected() > 0 ? outcome.added : outcome.existing) << id;
            }
            return true;
        },
        error);
    return ok ? std::optional<AddOutcome>(outcome) : std::nullopt;
}

int Store::removeTasks(qint64 profileId, const QStringList& taskIds, QString* error)
{
    int removed = 0;
    const bool ok = transaction(
        [&](QString* failure) {
            QSqlQuery remove(m_database);
            remove.prepare(profileId ? QStringLiteral("DELETE FROM tasks WHERE task_id = ? AND profile_id = ?")
                                     : QStringLiteral("DELETE FROM tasks WHERE task_id = ?"));
            for (const QString& id : taskIds) {
                remove.bindValue(0, id);
                if (profileId)
                    remove.bindValue(1, profileId);
                if (!exec(remove, failure))
                    return false;
                removed += remove.numRowsAffected();
            }
            return true;
        },
        error);
    return ok ? removed : -1;
}

QList<StoredTask> Store::tasks(std::optional<qint64> profileId, bool includeArchived)
{
    QString sql = QStringLiteral("SELECT %1 FROM tasks WHERE 1 = 1").arg(kTaskColumns);
    if (profileId)
        sql += QStringLiteral(" AND profile_id = :profile");
    if (!includeArchived)
        sql += QStringLiteral(" AND archived = 0");
    sql += QStringLiteral(" ORDER BY added_at, id");
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(sql);
    if (profileId)
        query.bindValue(QStringLiteral(":profile"), *profileId);
    QList<StoredTask> result;
    if (query.exec()) {
        while (query.next())
            result << taskFromQuery(query);
    }
    return result;
}

std::optional<StoredTask> Store::task(qint64 profileId, const QString& taskId)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT %1 FROM tasks WHERE profile_id = ? AND task_id = ?").arg(kTaskColumns));
    query.addBindValue(profileId);
    query.addBindValue(taskId);
    if (query.exec() && query.next())
        return taskFromQuery(query);
    return std::nullopt;
}

bool Store::setArchived(qint64 profileId, const QStringList& taskIds, bool archived, QString* error)
{
    return transaction(
        [&](QString* failure) {
            QSqlQuery query(m_database);
            query.prepare(QStringLiteral("UPDATE tasks SET archived = ? WHERE profile_id = ? AND task_id = ?"));
            for (const QString& id : taskIds) {
                query.bindValue(0, archived ? 1 : 0);
                query.bindValue(1, profileId);
                query.bindValue(2, id);
                if (!exec(query, failure))
                    return false;
            }
            return true;
        },
        error);
}

bool Store::setLabel(qint64 profileId, const QString& taskId, const QString& label, QString* error)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("UPDATE tasks SET label = ? WHERE profile_id = ? AND task_id = ?"));
    query.addBindValue(notNull(label.trimmed()));
    query.addBindValue(profileId);
    query.addBindValue(taskId);
    return exec(query, error);
}

bool Store::recordUpdates(qint64 profileId, const QList<TaskUpdate>& updates, QString* error)
{
    if (updates.isEmpty())
        return true;
    return transaction(
        [&](QString* failure) {
            QSqlQuery current(m_database);
            current.prepare(QStringLiteral("SELECT id, status, raw_status, progress, error_message, fetch_error_kind, "
                                           "fetch_error_message, gave_up, error_code FROM tasks "
                                           "WHERE profile_id = ? AND task_id = ?"));
            QSqlQuery update(m_database);
            update.prepare(QStringLiteral(
                "UPDATE tasks SET status = ?, raw_status = ?, progress = ?, model = ?, object = ?, prompt = ?, size = "
                "?, "
                "seconds = ?, created_at = ?, completed_at = ?, expires_at = ?, error_code = ?, error_message = ?, "
                "result_url = ?, raw_json = ?, fetch_error_kind = ?, fetch_error_message = ?, gave_up = ?, "
                "updated_at = ? WHERE id = ?"));
            QSqlQuery updateErrorOnly(m_database);
            updateErrorOnly.prepare(QStringLiteral("UPDATE tasks SET fetch_error_kind = ?, fetch_error_message = ?, "
                                                   "gave_up = ?, updated_at = ? WHERE id = ?"));
            QSqlQuery history(m_database);
            history.prepare(
                QStringLiteral("INSERT INTO status_history (task_row, at, status, raw_status, progress, "
                               "error_code, error_message, fetch_error_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
            const qint64 now = QDateTime::currentMSecsSinceEpoch();

            for (const TaskUpdate& change : updates) {
                current.bindValue(0, profileId);
                current.bindValue(1, change.taskId);
                if (!exec(current, failure))
                    return false;
                if (!current.next())
                    continue; // not a stored task (an ad-hoc CLI ID)
                const qint64 row = current.value(0).toLongLong();
                const QString oldStatus = current.value(1).toString();
                const QString oldRaw = current.value(2).toString();
                const QVariant oldProgress = current.value(3);
                const QString oldErrorMessage = current.value(4).toString();
                const QString oldFetchKind = current.value(5).toString();
                const QString oldFetchMessage = current.value(6).toString();
                const bool oldGaveUp = current.value(7).toBool();
                const QString oldErrorCode = current.value(8).toString();
                current.finish();

                const QString fetchKind = fetchErrorKindName(change.error.kind);
                const VideoTask* task = change.task ? &*change.task : nullptr;
                const QString status = task ? statusWireName(task->status) : oldStatus;
                const QString raw = task ? task->rawStatus : oldRaw;
                const QVariant progress = task ? optionalOrNull(task->progress) : oldProgress;
                // With a task in hand its error is what it says (possibly none any more); without one,
                // the stored error stands.
                const QString taskErrorMessage
                    = task ? (task->error ? task->error->message : QString()) : oldErrorMessage;
                const QString taskErrorCode = task ? (task->error ? task->error->code : QString()) : oldErrorCode;
                // A missing progress reads back from SQLite as a null string but is bound as a null integer:
                // compare nullness first, then the number.
                const bool progressChanged = progress.isNull() != oldProgress.isNull()
                    || (!progress.isNull() && progress.toLongLong() != oldProgress.toLongLong());
                const bool changed = status != oldStatus || raw != oldRaw || progressChanged
                    || taskErrorMessage != oldErrorMessage || taskErrorCode != oldErrorCode || fetchKind != oldFetchKind
                    || change.error.message != oldFetchMessage;
                // Given up stays given up through further error answers (a one-off `status` of a task the
                // window gave up on); only a good answer clears it.
                const bool gaveUp = change.outcome.gaveUp || (oldGaveUp && change.error.isError());

                if (task) {
                    const QList<QVariant> values
                        = {statusWireName(task->status),
                           task->rawStatus,
                           optionalOrNull(task->progress),
                           textOrNull(task->model),
                           textOrNull(task->object),
                           textOrNull(task->prompt),
                           textOrNull(task->size),
                           textOrNull(task->seconds),
                           optionalOrNull(task->createdAt),
                           optionalOrNull(task->completedAt),
                           optionalOrNull(task->expiresAt),
                           task->error ? textOrNull(task->error->code) : QVariant(),
                           task->error ? textOrNull(task->error->message) : QVariant(),
                           textOrNull(task->resultUrl),
                           task->rawJson.isEmpty() ? QVariant() : QVariant(QString::fromUtf8(task->rawJson)),
                           textOrNull(fetchKind),
                           textOrNull(change.error.message),
                           gaveUp ? 1 : 0,
                           now,
                           row};
                    for (int i = 0; i < values.size(); ++i)
                        update.bindValue(i, values.at(i));
                    if (!exec(update, failure))
                        return false;
                } else {
                    updateErrorOnly.bindValue(0, textOrNull(fetchKind));
                    updateErrorOnly.bindValue(1, textOrNull(change.error.message));
                    updateErrorOnly.bindValue(2, gaveUp ? 1 : 0);
                    updateErrorOnly.bindValue(3, now);
                    updateErrorOnly.bindValue(4, row);
                    if (!exec(updateErrorOnly, failure))
                        return false;
                }
                if (!changed)
                    continue;
                history.bindValue(0, row);
                history.bindValue(1, now);
                history.bindValue(2, textOrNull(status));
                history.bindValue(3, textOrNull(raw));
                history.bindValue(4, progress);
                history.bindValue(5, task && task->error ? textOrNull(task->error->code) : QVariant());
                history.bindValue(6, textOrNull(change.error.isError() ? change.error.message : taskErrorMessage));
                history.bindValue(7, textOrNull(fetchKind));
                if (!exec(history, failure))
                    return false;
            }
            return true;
        },
        error);
}

QList<HistoryEntry> Store::history(qint64 taskRowId)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT at, status, raw_status, progress, error_code, error_message, fetch_error_kind "
                                 "FROM status_history WHERE task_row = ? ORDER BY at, id"));
    query.addBindValue(taskRowId);
    QList<HistoryEntry> entries;
    if (query.exec()) {
        while (query.next()) {
            HistoryEntry entry;
            entry.atMs = query.value(0).toLongLong();
            bool known = false;
            const TaskStatus status = statusFromWireName(query.value(1).toString(), &known);
            if (known)
                entry.status = status;
            entry.rawStatus = query.value(2).toString();
            if (!query.value(3).isNull())
                entry.progress = query.value(3).toInt();
            entry.errorCode = query.value(4).toString();
            entry.errorMessage = query.value(5).toString();
            entry.fetchErrorKind = query.value(6).toString();
            entries << entry;
        }
    }
    return entries;
}

} // namespace Reelwatch

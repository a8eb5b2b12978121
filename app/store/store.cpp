#include "store.h"

#include "core/profilerules.h"
#include "schema.h"
#include "timelinesteps.h"

#include <cmath>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
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

const QString kTaskColumns = QStringLiteral(
    "id, profile_id, task_id, label, added_at, archived, status, raw_status, progress, model, object, prompt, size, "
    "seconds, created_at, completed_at, expires_at, error_code, error_message, result_url, thumbnail_url, raw_json, "
    "fetch_error_kind, fetch_error_message, fetch_error, gave_up, updated_at, followed, checked_at, "
    // When the current kind of fetch error began: the first history row of the latest run of rows with
    // that kind (a history row is written whenever the fetch error changes), so no column has to keep it.
    // Rows are told apart by id, as rows of one batch share their time.
    "CASE WHEN tasks.fetch_error_kind IS NULL THEN NULL ELSE (SELECT MIN(h.at) FROM status_history h "
    "WHERE h.task_row = tasks.id AND h.fetch_error_kind = tasks.fetch_error_kind AND h.id > COALESCE(("
    "SELECT MAX(g.id) FROM status_history g WHERE g.task_row = tasks.id AND (g.fetch_error_kind IS NULL "
    "OR g.fetch_error_kind != tasks.fetch_error_kind)), 0)) END AS problem_since");

// Where each column of a task row is in a query's result, looked up by name once per query.
struct TaskColumns
{
    explicit TaskColumns(const QSqlRecord& record)
        : id(record.indexOf(QStringLiteral("id")))
        , profileId(record.indexOf(QStringLiteral("profile_id")))
        , taskId(record.indexOf(QStringLiteral("task_id")))
        , label(record.indexOf(QStringLiteral("label")))
        , addedAt(record.indexOf(QStringLiteral("added_at")))
        , archived(record.indexOf(QStringLiteral("archived")))
        , status(record.indexOf(QStringLiteral("status")))
        , rawStatus(record.indexOf(QStringLiteral("raw_status")))
        , progress(record.indexOf(QStringLiteral("progress")))
        , model(record.indexOf(QStringLiteral("model")))
        , object(record.indexOf(QStringLiteral("object")))
        , prompt(record.indexOf(QStringLiteral("prompt")))
        , size(record.indexOf(QStringLiteral("size")))
        , seconds(record.indexOf(QStringLiteral("seconds")))
        , createdAt(record.indexOf(QStringLiteral("created_at")))
        , completedAt(record.indexOf(QStringLiteral("completed_at")))
        , expiresAt(record.indexOf(QStringLiteral("expires_at")))
        , errorCode(record.indexOf(QStringLiteral("error_code")))
        , errorMessage(record.indexOf(QStringLiteral("error_message")))
        , resultUrl(record.indexOf(QStringLiteral("result_url")))
        , thumbnailUrl(record.indexOf(QStringLiteral("thumbnail_url")))
        , rawJson(record.indexOf(QStringLiteral("raw_json")))
        , fetchErrorKind(record.indexOf(QStringLiteral("fetch_error_kind")))
        , fetchErrorMessage(record.indexOf(QStringLiteral("fetch_error_message")))
        , fetchError(record.indexOf(QStringLiteral("fetch_error")))
        , gaveUp(record.indexOf(QStringLiteral("gave_up")))
        , updatedAt(record.indexOf(QStringLiteral("updated_at")))
        , followed(record.indexOf(QStringLiteral("followed")))
        , checkedAt(record.indexOf(QStringLiteral("checked_at")))
        , problemSince(record.indexOf(QStringLiteral("problem_since")))
    { }

    int id, profileId, taskId, label, addedAt, archived, status, rawStatus, progress, model, object, prompt, size,
        seconds, createdAt, completedAt, expiresAt, errorCode, errorMessage, resultUrl, thumbnailUrl, rawJson,
        fetchErrorKind, fetchErrorMessage, fetchError, gaveUp, updatedAt, followed, checkedAt, problemSince;
};

// A stored fetch error: its structure where this version wrote it, the words of an older one otherwise.
ApiError fetchErrorFrom(const QVariant& structured, const QVariant& kindName, const QVariant& message)
{
    if (!structured.isNull()) {
        const ApiError error = ApiError::fromJson(QJsonDocument::fromJson(structured.toString().toUtf8()).object());
        if (error.isError())
            return error;
    }
    const ErrorKind kind = errorKindFromName(kindName.toString());
    return kind == ErrorKind::None ? ApiError() : ApiError::legacy(kind, message.toString());
}

// An error stored as words by an older Reelwatch is the same error when its kind and words are.
bool fetchErrorChanged(const ApiError& stored, const ApiError& fresh)
{
    if (stored.reason == ErrorReason::Legacy)
        return stored.kind != fresh.kind || stored.message() != fresh.message();
    return stored != fresh;
}

QVariant fetchErrorJson(const ApiError& error)
{
    return error.isError() ? QVariant(QString::fromUtf8(QJsonDocument(error.toJson()).toJson(QJsonDocument::Compact)))
                           : QVariant(QMetaType(QMetaType::QString));
}

StoredTask taskFromQuery(const QSqlQuery& query, const TaskColumns& column)
{
    StoredTask stored;
    stored.rowId = query.value(column.id).toLongLong();
    stored.profileId = query.value(column.profileId).toLongLong();
    stored.taskId = query.value(column.taskId).toString();
    stored.label = query.value(column.label).toString();
    stored.addedAtMs = query.value(column.addedAt).toLongLong();
    stored.archived = query.value(column.archived).toBool();
    if (!query.value(column.status).isNull()) {
        VideoTask task;
        task.id = stored.taskId;
        bool known = false;
        task.status = statusFromWireName(query.value(column.status).toString(), &known);
        task.rawStatus = query.value(column.rawStatus).toString();
        if (!query.value(column.progress).isNull())
            task.progress = query.value(column.progress).toInt();
        task.model = query.value(column.model).toString();
        task.object = query.value(column.object).toString();
        task.prompt = query.value(column.prompt).toString();
        task.size = query.value(column.size).toString();
        task.seconds = query.value(column.seconds).toString();
        task.createdAt = optionalInt(query.value(column.createdAt));
        task.completedAt = optionalInt(query.value(column.completedAt));
        task.expiresAt = optionalInt(query.value(column.expiresAt));
        if (!query.value(column.errorCode).isNull() || !query.value(column.errorMessage).isNull())
            task.error
                = TaskError{query.value(column.errorCode).toString(), query.value(column.errorMessage).toString()};
        task.resultUrl = query.value(column.resultUrl).toString();
        task.thumbnailUrl = query.value(column.thumbnailUrl).toString();
        task.rawJson = query.value(column.rawJson).toString().toUtf8();
        stored.last = task;
    }
    stored.lastError = fetchErrorFrom(query.value(column.fetchError), query.value(column.fetchErrorKind),
                                      query.value(column.fetchErrorMessage));
    if (stored.lastError.isError())
        stored.problemSinceMs = query.value(column.problemSince).toLongLong();
    stored.gaveUp = query.value(column.gaveUp).toBool();
    stored.followed = query.value(column.followed).toBool();
    stored.updatedAtMs = query.value(column.updatedAt).toLongLong();
    stored.checkedAtMs = optionalInt(query.value(column.checkedAt));
    return stored;
}

} // namespace

QString Store::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/reelwatch.sqlite3");
}

StoreFailure Store::failureOf(const QSqlError& error)
{
    if (error.type() == QSqlError::NoError)
        return StoreFailure::None;
    // The SQLite driver gives sqlite3's (extended) result code; its low byte is the primary code.
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    if (!ok)
        return StoreFailure::Other;
    switch (code) {
    case 3: // SQLITE_PERM
    case 8: // SQLITE_READONLY
    case 10: // SQLITE_IOERR: a write the file system refused (EIO, EFBIG, a -shm file it cannot grow)
    case 13: // SQLITE_FULL
    case 14: // SQLITE_CANTOPEN: the file or its journal cannot be created
        return StoreFailure::CannotWrite;
    default:
        return StoreFailure::Other;
    }
}

QString Store::noteFailure(const QSqlError& error)
{
    m_lastFailure = failureOf(error);
    if (m_lastFailure == StoreFailure::None)
        m_lastFailure = StoreFailure::Other;
    return error.text();
}

bool Store::exec(QSqlQuery& query, QString* error)
{
    if (query.exec()) {
        m_lastFailure = StoreFailure::None;
        return true;
    }
    const QString words = noteFailure(query.lastError());
    if (error)
        *error = words;
    return false;
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
    m_lastFailure = StoreFailure::None;
    if (path != QLatin1String(":memory:") && !QDir().mkpath(QFileInfo(path).absolutePath())) {
        *error = QStringLiteral("cannot create the folder %1").arg(QFileInfo(path).absolutePath());
        m_lastFailure = StoreFailure::CannotWrite;
        return false;
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        *error = QStringLiteral("Qt's SQLite driver (QSQLITE) is not installed");
        m_lastFailure = StoreFailure::Other;
        return false;
    }
    m_database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_database.setDatabaseName(path);
    // Another Reelwatch process (the CLI beside the window) may hold the write lock for a moment.
    m_database.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_database.open()) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, noteFailure(m_database.lastError()));
        return false;
    }
    // Prompts and task lists are the user's business alone.
    if (path != QLatin1String(":memory:"))
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QSqlQuery pragma(m_database);
    for (const char* statement :
         {"PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL"}) {
        if (!pragma.exec(QString::fromLatin1(statement))) {
            *error = QStringLiteral("cannot prepare %1: %2").arg(path, noteFailure(pragma.lastError()));
            return false;
        }
    }
    QSqlError failure;
    if (!Schema::migrate(m_database, error, -1, &failure)) {
        noteFailure(failure);
        return false;
    }
    return true;
}

bool Store::transaction(const std::function<bool(QString*)>& work, QString* error)
{
    // Inside another transaction the work simply joins it: the outer one commits or rolls back.
    if (m_transactionDepth > 0)
        return work(error);
    m_lastFailure = StoreFailure::None;
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
        *error = noteFailure(control.lastError());
        return false;
    }
    DepthGuard guard(m_transactionDepth);
    if (!work(error)) {
        control.exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    if (!control.exec(QStringLiteral("COMMIT"))) {
        *error = noteFailure(control.lastError());
        control.exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    return true;
}

QString followModeName(FollowMode mode)
{
    switch (mode) {
    case FollowMode::Off:
        break;
    case FollowMode::NewRenders:
        return QStringLiteral("new");
    case FollowMode::LastDays:
        return QStringLiteral("days");
    }
    return QStringLiteral("off");
}

FollowMode followModeFromName(const QString& name)
{
    if (name == QLatin1String("new"))
        return FollowMode::NewRenders;
    if (name == QLatin1String("days"))
        return FollowMode::LastDays;
    return FollowMode::Off;
}

Profile Store::profileFromQuery(const QSqlQuery& query) const
{
    const QSqlRecord record = query.record();
    const auto value
        = [&query, &record](const char* column) { return query.value(record.indexOf(QLatin1String(column))); };
    Profile profile;
    profile.id = value("id").toLongLong();
    profile.name = value("name").toString();
    profile.baseUrl = QUrl(value("base_url").toString());
    profile.providerId = value("provider").toString();
    profile.authMode = authModeFromName(value("auth_mode").toString()).value_or(AuthMode::Bearer);
    profile.poll.baseIntervalMs = value("poll_interval_ms").toLongLong();
    profile.poll.maxIntervalMs = value("max_interval_ms").toLongLong();
    profile.poll.maxInFlight = value("max_in_flight").toInt();
    profile.poll.maxRequestsPerSecond = value("max_requests_per_second").toDouble();
    profile.isDefault = value("is_default").toBool();
    profile.keychainId = value("keychain_id").toString();
    profile.autoDownload = value("auto_download").toBool();
    profile.autoDownloadFolder = value("auto_download_folder").toString();
    profile.follow = followModeFromName(value("follow").toString());
    profile.followSinceMs = value("follow_since").toLongLong();
    profile.followDays = std::clamp(value("follow_days").toInt(), Profile::kMinFollowDays, Profile::kMaxFollowDays);
    return profile;
}

static const QString kProfileColumns = QStringLiteral(
    "id, name, base_url, auth_mode, poll_interval_ms, max_interval_ms, max_in_flight, max_requests_per_second, "
    "is_default, keychain_id, auto_download, auto_download_folder, provider, follow, follow_since, follow_days");

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
    for (const Profile& profile : profiles()) {
        if (ProfileRules::sameName(profile.name, name))
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

std::optional<Profile> Store::addProfile(const QString& name, const QUrl& baseUrl, AuthMode authMode, QString* error,
                                         const QString& providerId)
{
    if (const QString problem = ProfileRules::providerIdProblem(providerId); !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    const QString trimmed = name.trimmed();
    QStringList others;
    for (const Profile& other : profiles())
        others << other.name;
    if (const QString problem = ProfileRules::nameProblem(trimmed, others); !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    const BaseUrlCheck check = ApiEndpoint::normaliseBaseUrl(baseUrl.toString());
    if (!check.ok) {
        *error = check.error;
        return std::nullopt;
    }
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("INSERT INTO profiles (name, base_url, provider, auth_mode, keychain_id, created_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?)"));
    query.addBindValue(trimmed);
    query.addBindValue(check.url.toString());
    query.addBindValue(providerId);
    query.addBindValue(authModeName(authMode));
    query.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
    query.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!exec(query, error))
        return std::nullopt;
    return profile(query.lastInsertId().toLongLong());
}

bool Store::updateProfile(const Profile& changed, QString* error)
{
    if (const QString problem = ProfileRules::providerIdProblem(changed.providerId); !problem.isEmpty()) {
        *error = problem;
        return false;
    }
    const BaseUrlCheck check = ApiEndpoint::normaliseBaseUrl(changed.baseUrl.toString());
    if (!check.ok) {
        *error = check.error;
        return false;
    }
    const QString name = changed.name.trimmed();
    QStringList others;
    for (const Profile& other : profiles()) {
        if (other.id != changed.id)
            others << other.name;
    }
    if (const QString problem = ProfileRules::nameProblem(name, others); !problem.isEmpty()) {
        *error = problem;
        return false;
    }
    // Settings arrive from the UI, the command line and imported files: keep them inside the limits.
    const PollSettings poll = changed.poll.clamped(PollLimits::forServer(check.url));
    const QString autoDownloadFolder = changed.autoDownloadFolder.trimmed();
    if (const QString problem = ProfileRules::folderPathProblem(autoDownloadFolder); !problem.isEmpty()) {
        *error = problem;
        return false;
    }
    QSqlQuery query(m_database);
    query.prepare(
        QStringLiteral("UPDATE profiles SET name = ?, base_url = ?, provider = ?, auth_mode = ?, poll_interval_ms = ?, "
                       "max_interval_ms = ?, max_in_flight = ?, max_requests_per_second = ?, auto_download = ?, "
                       "auto_download_folder = ?, follow = ?, follow_since = ?, follow_days = ? WHERE id = ?"));
    query.addBindValue(name);
    query.addBindValue(check.url.toString());
    query.addBindValue(changed.providerId);
    query.addBindValue(authModeName(changed.authMode));
    query.addBindValue(poll.baseIntervalMs);
    query.addBindValue(poll.maxIntervalMs);
    query.addBindValue(poll.maxInFlight);
    query.addBindValue(poll.maxRequestsPerSecond);
    query.addBindValue(changed.autoDownload);
    // A null QString binds as NULL, which the NOT NULL column refuses: an empty text is meant.
    query.addBindValue(autoDownloadFolder.isEmpty() ? QStringLiteral("") : autoDownloadFolder);
    query.addBindValue(followModeName(changed.follow));
    query.addBindValue(changed.followSinceMs);
    query.addBindValue(std::clamp(changed.followDays, Profile::kMinFollowDays, Profile::kMaxFollowDays));
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
            query.prepare(QStringLiteral("UPDATE profiles SET is_default = 0"));
            if (!exec(query, failure))
                return false;
            query.prepare(QStringLiteral("UPDATE profiles SET is_default = 1 WHERE id = ?"));
            query.addBindValue(id);
            return exec(query, failure);
        },
        error);
}

std::optional<Store::AddOutcome> Store::addTasks(qint64 profileId, const QStringList& taskIds, const QString& label,
                                                 QString* error)
{
    return addTasks(profileId, taskIds, label, TaskSource::ByHand, error);
}

std::optional<Store::AddOutcome> Store::addTasks(qint64 profileId, const QStringList& taskIds, const QString& label,
                                                 TaskSource source, QString* error,
                                                 const QHash<QString, QString>& labels)
{
    AddOutcome outcome;
    const bool ok = transaction(
        [&](QString* failure) {
            QSqlQuery insert(m_database);
            // Only an existing (profile, ID) pair is skipped; any other constraint failure is an error.
            insert.prepare(QStringLiteral(
                "INSERT INTO tasks (profile_id, task_id, label, added_at, followed) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (profile_id, task_id) DO NOTHING"));
            // Added by hand, a task removed earlier is wanted again.
            QSqlQuery undismiss(m_database);
            undismiss.prepare(QStringLiteral("DELETE FROM dismissed_tasks WHERE profile_id = ? AND task_id = ?"));
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            for (const QString& id : taskIds) {
                if (source == TaskSource::ByHand) {
                    undismiss.bindValue(0, profileId);
                    undismiss.bindValue(1, id);
                    if (!exec(undismiss, failure))
                        return false;
                }
                insert.bindValue(0, profileId);
                insert.bindValue(1, id);
                insert.bindValue(2, notNull(labels.value(id, label).trimmed()));
                insert.bindValue(3, now);
                insert.bindValue(4, source == TaskSource::Followed ? 1 : 0);
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
            // A task the user removes is remembered, so following the account does not bring it back
            // (adding it by hand does).
            QSqlQuery dismiss(m_database);
            dismiss.prepare(profileId
                                ? QStringLiteral("INSERT OR IGNORE INTO dismissed_tasks (profile_id, task_id, at) "
                                                 "SELECT profile_id, task_id, ? FROM tasks "
                                                 "WHERE task_id = ? AND profile_id = ?")
                                : QStringLiteral("INSERT OR IGNORE INTO dismissed_tasks (profile_id, task_id, at) "
                                                 "SELECT profile_id, task_id, ? FROM tasks WHERE task_id = ?"));
            QSqlQuery remove(m_database);
            remove.prepare(profileId ? QStringLiteral("DELETE FROM tasks WHERE task_id = ? AND profile_id = ?")
                                     : QStringLiteral("DELETE FROM tasks WHERE task_id = ?"));
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            for (const QString& id : taskIds) {
                dismiss.bindValue(0, now);
                dismiss.bindValue(1, id);
                if (profileId)
                    dismiss.bindValue(2, profileId);
                if (!exec(dismiss, failure))
                    return false;
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

QSet<QString> Store::dismissedTaskIds(qint64 profileId)
{
    QSet<QString> ids;
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT task_id FROM dismissed_tasks WHERE profile_id = ?"));
    query.addBindValue(profileId);
    if (query.exec()) {
        while (query.next())
            ids.insert(query.value(0).toString());
    }
    return ids;
}

QSet<QString> Store::taskIds(qint64 profileId)
{
    QSet<QString> ids;
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT task_id FROM tasks WHERE profile_id = ?"));
    query.addBindValue(profileId);
    if (query.exec()) {
        while (query.next())
            ids.insert(query.value(0).toString());
    }
    return ids;
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
        const TaskColumns columns(query.record());
        while (query.next())
            result << taskFromQuery(query, columns);
    }
    return result;
}

QList<TaskEntry> Store::taskEntries(std::optional<qint64> profileId)
{
    QString sql = QStringLiteral("SELECT profile_id, task_id, label, archived, gave_up, status FROM tasks");
    if (profileId)
        sql += QStringLiteral(" WHERE profile_id = :profile");
    sql += QStringLiteral(" ORDER BY added_at, id");
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(sql);
    if (profileId)
        query.bindValue(QStringLiteral(":profile"), *profileId);
    QList<TaskEntry> entries;
    if (query.exec()) {
        while (query.next()) {
            TaskEntry entry;
            entry.profileId = query.value(0).toLongLong();
            entry.taskId = query.value(1).toString();
            entry.label = query.value(2).toString();
            entry.archived = query.value(3).toBool();
            entry.gaveUp = query.value(4).toBool();
            bool known = false;
            entry.finished
                = !query.value(5).isNull() && isTerminal(statusFromWireName(query.value(5).toString(), &known));
            entries << entry;
        }
    }
    return entries;
}

qint64 Store::dataVersion()
{
    QSqlQuery query(m_database);
    if (!query.exec(QStringLiteral("PRAGMA data_version")) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

std::optional<StoredTask> Store::task(qint64 profileId, const QString& taskId)
{
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT %1 FROM tasks WHERE profile_id = ? AND task_id = ?").arg(kTaskColumns));
    query.addBindValue(profileId);
    query.addBindValue(taskId);
    if (query.exec() && query.next())
        return taskFromQuery(query, TaskColumns(query.record()));
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
                                           "fetch_error_message, fetch_error, gave_up, error_code FROM tasks "
                                           "WHERE profile_id = ? AND task_id = ?"));
            QSqlQuery update(m_database);
            update.prepare(QStringLiteral(
                "UPDATE tasks SET status = ?, raw_status = ?, progress = ?, model = ?, object = ?, prompt = ?, size = "
                "?, "
                "seconds = ?, created_at = ?, completed_at = ?, expires_at = ?, error_code = ?, error_message = ?, "
                "result_url = ?, thumbnail_url = ?, raw_json = ?, fetch_error_kind = ?, fetch_error_message = ?, "
                "fetch_error = ?, "
                "gave_up = ?, updated_at = ? WHERE id = ?"));
            QSqlQuery updateErrorOnly(m_database);
            updateErrorOnly.prepare(QStringLiteral("UPDATE tasks SET fetch_error_kind = ?, fetch_error_message = ?, "
                                                   "fetch_error = ?, gave_up = ?, updated_at = ? WHERE id = ?"));
            QSqlQuery lastRecorded(m_database);
            lastRecorded.prepare(QStringLiteral(
                "SELECT progress FROM status_history WHERE task_row = ? ORDER BY at DESC, id DESC LIMIT 1"));
            QSqlQuery history(m_database);
            history.prepare(QStringLiteral("INSERT INTO status_history (task_row, at, status, raw_status, progress, "
                                           "error_code, error_message, fetch_error_kind, fetch_error) "
                                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            const qint64 now = QDateTime::currentMSecsSinceEpoch();

            for (const TaskUpdate& change : updates) {
                current.bindValue(0, profileId);
                current.bindValue(1, change.taskId);
                if (!exec(current, failure))
                    return false;
                if (!current.next())
                    continue; // not a stored task (an ad-hoc CLI ID)
                const QSqlRecord columns = current.record();
                const auto old = [&current, &columns](const char* column) {
                    return current.value(columns.indexOf(QLatin1String(column)));
                };
                const qint64 row = old("id").toLongLong();
                const QString oldStatus = old("status").toString();
                const QString oldRaw = old("raw_status").toString();
                const QVariant oldProgress = old("progress");
                const QString oldErrorMessage = old("error_message").toString();
                const ApiError oldFetchError
                    = fetchErrorFrom(old("fetch_error"), old("fetch_error_kind"), old("fetch_error_message"));
                const bool oldGaveUp = old("gave_up").toBool();
                const QString oldErrorCode = old("error_code").toString();
                current.finish();

                const QString fetchKind = errorKindName(change.error.kind);
                const QVariant fetchError = fetchErrorJson(change.error);
                // The words too, for whoever reads the database without Reelwatch.
                const QString fetchMessage = change.error.message();
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
                bool changed = status != oldStatus || raw != oldRaw || taskErrorMessage != oldErrorMessage
                    || taskErrorCode != oldErrorCode || fetchErrorChanged(oldFetchError, change.error);
                if (!changed && progressChanged) {
                    // Progress alone: a row per step from the last one the timeline holds, not per tick.
                    lastRecorded.bindValue(0, row);
                    if (!exec(lastRecorded, failure))
                        return false;
                    std::optional<int> recorded;
                    if (lastRecorded.next() && !lastRecorded.value(0).isNull())
                        recorded = lastRecorded.value(0).toInt();
                    lastRecorded.finish();
                    changed = TimelineSteps::isProgressStep(
                        recorded, progress.isNull() ? std::nullopt : std::optional<int>(progress.toInt()));
                }
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
                           textOrNull(task->thumbnailUrl),
                           task->rawJson.isEmpty() ? QVariant() : QVariant(QString::fromUtf8(task->rawJson)),
                           textOrNull(fetchKind),
                           textOrNull(fetchMessage),
                           fetchError,
                           gaveUp ? 1 : 0,
                           now,
                           row};
                    for (int i = 0; i < values.size(); ++i)
                        update.bindValue(i, values.at(i));
                    if (!exec(update, failure))
                        return false;
                } else {
                    updateErrorOnly.bindValue(0, textOrNull(fetchKind));
                    updateErrorOnly.bindValue(1, textOrNull(fetchMessage));
                    updateErrorOnly.bindValue(2, fetchError);
                    updateErrorOnly.bindValue(3, gaveUp ? 1 : 0);
                    updateErrorOnly.bindValue(4, now);
                    updateErrorOnly.bindValue(5, row);
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
                history.bindValue(6, textOrNull(change.error.isError() ? fetchMessage : taskErrorMessage));
                history.bindValue(7, textOrNull(fetchKind));
                history.bindValue(8, fetchError);
                if (!exec(history, failure))
                    return false;
            }
            return true;
        },
        error);
}

bool Store::recordChecked(qint64 profileId, const QHash<QString, qint64>& checkedAtMs, QString* error)
{
    if (checkedAtMs.isEmpty())
        return true;
    return transaction(
        [&](QString* failure) {
            QSqlQuery update(m_database);
            // Never back in time: two processes polling the same task write in any order.
            update.prepare(QStringLiteral("UPDATE tasks SET checked_at = ? WHERE profile_id = ? AND task_id = ? "
                                          "AND (checked_at IS NULL OR checked_at < ?)"));
            for (auto it = checkedAtMs.constBegin(); it != checkedAtMs.constEnd(); ++it) {
                update.bindValue(0, it.value());
                update.bindValue(1, profileId);
                update.bindValue(2, it.key());
                update.bindValue(3, it.value());
                if (!exec(update, failure))
                    return false;
            }
            return true;
        },
        error);
}

QList<HistoryEntry> Store::history(qint64 taskRowId)
{
    QSqlQuery query(m_database);
    query.prepare(
        QStringLiteral("SELECT at, status, raw_status, progress, error_code, error_message, fetch_error_kind, "
                       "fetch_error FROM status_history WHERE task_row = ? ORDER BY at, id"));
    query.addBindValue(taskRowId);
    QList<HistoryEntry> entries;
    if (query.exec()) {
        const QSqlRecord record = query.record();
        const int at = record.indexOf(QStringLiteral("at"));
        const int status = record.indexOf(QStringLiteral("status"));
        const int rawStatus = record.indexOf(QStringLiteral("raw_status"));
        const int progress = record.indexOf(QStringLiteral("progress"));
        const int errorCode = record.indexOf(QStringLiteral("error_code"));
        const int errorMessage = record.indexOf(QStringLiteral("error_message"));
        const int fetchErrorKind = record.indexOf(QStringLiteral("fetch_error_kind"));
        const int fetchError = record.indexOf(QStringLiteral("fetch_error"));
        while (query.next()) {
            HistoryEntry entry;
            entry.atMs = query.value(at).toLongLong();
            bool known = false;
            const TaskStatus parsed = statusFromWireName(query.value(status).toString(), &known);
            if (known)
                entry.status = parsed;
            entry.rawStatus = query.value(rawStatus).toString();
            if (!query.value(progress).isNull())
                entry.progress = query.value(progress).toInt();
            entry.errorCode = query.value(errorCode).toString();
            entry.errorMessage = query.value(errorMessage).toString();
            entry.fetchErrorKind = query.value(fetchErrorKind).toString();
            entry.fetchError
                = fetchErrorFrom(query.value(fetchError), query.value(fetchErrorKind), query.value(errorMessage));
            entries << entry;
        }
    }
    return entries;
}

} // namespace Reelwatch

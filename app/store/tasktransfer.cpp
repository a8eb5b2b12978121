#include "tasktransfer.h"

#include "core/csv.h"
#include "core/taskid.h"
#include "store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace Reelwatch {

namespace {

const QStringList kCsvColumns
    = {QStringLiteral("profile"),       QStringLiteral("task_id"),    QStringLiteral("label"),
       QStringLiteral("status"),        QStringLiteral("raw_status"), QStringLiteral("progress"),
       QStringLiteral("model"),         QStringLiteral("size"),       QStringLiteral("seconds"),
       QStringLiteral("prompt"),        QStringLiteral("created_at"), QStringLiteral("completed_at"),
       QStringLiteral("expires_at"),    QStringLiteral("url"),        QStringLiteral("error_code"),
       QStringLiteral("error_message"), QStringLiteral("added_at"),   QStringLiteral("archived")};

QJsonValue orNull(const QString& text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue orNull(const std::optional<qint64>& value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

std::optional<qint64> optionalInteger(const QJsonValue& value)
{
    return value.isDouble() ? std::optional<qint64>(value.toInteger()) : std::nullopt;
}

QJsonObject lastStateJson(const VideoTask& task)
{
    return QJsonObject{
        {QStringLiteral("status"), statusWireName(task.status)},
        {QStringLiteral("raw_status"), task.rawStatus},
        {QStringLiteral("progress"), task.progress ? QJsonValue(*task.progress) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("model"), orNull(task.model)},
        {QStringLiteral("object"), orNull(task.object)},
        {QStringLiteral("prompt"), orNull(task.prompt)},
        {QStringLiteral("size"), orNull(task.size)},
        {QStringLiteral("seconds"), orNull(task.seconds)},
        {QStringLiteral("created_at"), orNull(task.createdAt)},
        {QStringLiteral("completed_at"), orNull(task.completedAt)},
        {QStringLiteral("expires_at"), orNull(task.expiresAt)},
        {QStringLiteral("error"),
         task.error ? QJsonValue(
             QJsonObject{{QStringLiteral("code"), task.error->code}, {QStringLiteral("message"), task.error->message}})
                    : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("url"), orNull(task.resultUrl)},
        {QStringLiteral("raw_json"), orNull(QString::fromUtf8(task.rawJson))}};
}

std::optional<VideoTask> lastStateFromJson(const QJsonValue& value, const QString& taskId)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject object = value.toObject();
    bool known = false;
    VideoTask task;
    task.id = taskId;
    task.status = statusFromWireName(object.value(QStringLiteral("status")).toString(), &known);
    if (!known)
        return std::nullopt;
    task.rawStatus = object.value(QStringLiteral("raw_status")).toString();
    if (object.value(QStringLiteral("progress")).isDouble())
        task.progress = std::clamp(object.value(QStringLiteral("progress")).toInt(), 0, 100);
    task.model = object.value(QStringLiteral("model")).toString();
    task.object = object.value(QStringLiteral("object")).toString();
    task.prompt = object.value(QStringLiteral("prompt")).toString();
    task.size = object.value(QStringLiteral("size")).toString();
    task.seconds = object.value(QStringLiteral("seconds")).toString();
    task.createdAt = optionalInteger(object.value(QStringLiteral("created_at")));
    task.completedAt = optionalInteger(object.value(QStringLiteral("completed_at")));
    task.expiresAt = optionalInteger(object.value(QStringLiteral("expires_at")));
    const QJsonObject error = object.value(QStringLiteral("error")).toObject();
    if (!error.isEmpty())
        task.error = TaskError{error.value(QStringLiteral("code")).toString(),
                               error.value(QStringLiteral("message")).toString()};
    task.resultUrl = object.value(QStringLiteral("url")).toString();
    task.rawJson = object.value(QStringLiteral("raw_json")).toString().toUtf8();
    return task;
}

// RFC 4180 quoting, and a leading apostrophe before = + - @ so a spreadsheet never runs a prompt
// as a formula. Import strips it again.

struct ImportedTask
{
    QString profileName;
    QString taskId;
    QString label;
    qint64 addedAtMs = 0;
    bool archived = false;
    bool gaveUp = false;
    std::optional<VideoTask> last;
    ApiError fetchError;
    QList<HistoryEntry> history;
};

bool writeImportedTask(Store& store, qint64 profileId, const ImportedTask& imported,
                       TaskTransfer::ImportOutcome& outcome, QString* error)
{
    QSqlQuery query(store.database());
    const std::optional<StoredTask> existing = store.task(profileId, imported.taskId);
    qint64 row = 0;
    if (existing) {
        row = existing->rowId;
        ++outcome.tasksUpdated;
        query.prepare(QStringLiteral("UPDATE tasks SET label = CASE WHEN ? <> '' THEN ? ELSE label END, archived = ? "
                                     "WHERE id = ?"));
        query.addBindValue(imported.label.isNull() ? QStringLiteral("") : imported.label);
        query.addBindValue(imported.label.isNull() ? QStringLiteral("") : imported.label);
        query.addBindValue(imported.archived ? 1 : 0);
        query.addBindValue(row);
    } else {
        ++outcome.tasksAdded;
        query.prepare(QStringLiteral(
            "INSERT INTO tasks (profile_id, task_id, label, added_at, archived, gave_up) VALUES (?, ?, ?, ?, ?, ?)"));
        query.addBindValue(profileId);
        query.addBindValue(imported.taskId);
        query.addBindValue(imported.label.isNull() ? QStringLiteral("") : imported.label);
        query.addBindValue(imported.addedAtMs ? imported.addedAtMs : QDateTime::currentMSecsSinceEpoch());
        query.addBindValue(imported.archived ? 1 : 0);
        query.addBindValue(imported.gaveUp ? 1 : 0);
    }
    if (!store.exec(query, error))
        return false;
    if (!row)
        row = query.lastInsertId().toLongLong();

    // An older file must not move a task back in time: when the store already knows a finished
    // state, or learnt its state after the file's latest history entry, the stored state stays.
    qint64 fileLatestMs = imported.addedAtMs;
    for (const HistoryEntry& entry : imported.history)
        fileLatestMs = std::max(fileLatestMs, entry.atMs);
    const bool storeIsNewer
        = existing && existing->last && (isTerminal(existing->last->status) || existing->updatedAtMs >= fileLatestMs);
    if (storeIsNewer)
        return true;

    // The last state goes through the same path as a poll result, so the file's state is stored
    // exactly as a live answer would be; the file's own history replaces the row that adds.
    if (imported.last || imported.fetchError.isError()) {
        TaskUpdate update{imported.taskId, imported.last, imported.fetchError, 0, {}, false};
        update.outcome.gaveUp = imported.gaveUp;
        QString failure;
        if (!store.recordUpdates(profileId, {update}, &failure)) {
            *error = failure;
            return false;
        }
    }
    if (!imported.history.isEmpty()) {
        QSqlQuery clear(store.database());
        clear.prepare(QStringLiteral("DELETE FROM status_history WHERE task_row = ?"));
        clear.addBindValue(row);
        if (!store.exec(clear, error))
            return false;
        QSqlQuery insert(store.database());
        insert.prepare(QStringLiteral("INSERT INTO status_history (task_row, at, status, raw_status, progress, "
                                      "error_code, error_message, fetch_error_kind, fetch_error) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const HistoryEntry& entry : imported.history) {
            insert.bindValue(0, row);
            insert.bindValue(1, entry.atMs);
            insert.bindValue(2, entry.status ? QVariant(statusWireName(*entry.status)) : QVariant());
            insert.bindValue(3, entry.rawStatus);
            insert.bindValue(4, entry.progress ? QVariant(*entry.progress) : QVariant());
            insert.bindValue(5, entry.errorCode);
            insert.bindValue(6, entry.errorMessage);
            insert.bindValue(7, entry.fetchErrorKind);
            insert.bindValue(8,
                             entry.fetchError.isError() ? QVariant(QString::fromUtf8(
                                 QJsonDocument(entry.fetchError.toJson()).toJson(QJsonDocument::Compact)))
                                                        : QVariant());
            if (!store.exec(insert, error))
                return false;
        }
    }
    return true;
}

// A fetch error in an export: its structure (ApiError::toJson) and, for people and older readers, its
// words under "message".
QJsonValue fetchErrorJson(const ApiError& error)
{
    return error.isError() ? QJsonValue(error.toJsonWithMessage()) : QJsonValue(QJsonValue::Null);
}

// The reverse; a file written before errors had structure gives back its words.
ApiError fetchErrorFromJson(const QJsonValue& value)
{
    const QJsonObject json = value.toObject();
    if (json.contains(QStringLiteral("reason")) || json.contains(QStringLiteral("http")))
        return ApiError::fromJson(json);
    const ErrorKind kind = errorKindFromName(json.value(QStringLiteral("kind")).toString());
    return kind == ErrorKind::None ? ApiError()
                                   : ApiError::legacy(kind, json.value(QStringLiteral("message")).toString());
}

} // namespace

QByteArray TaskTransfer::exportJson(Store& store, const QHash<QString, QByteArray>& providerFiles)
{
    QHash<qint64, QString> profileNames;
    QJsonArray profiles;
    for (const Profile& profile : store.profiles()) {
        profileNames.insert(profile.id, profile.name);
        profiles.append(QJsonObject{{QStringLiteral("name"), profile.name},
                                    {QStringLiteral("provider"), profile.providerId},
                                    {QStringLiteral("base_url"), profile.baseUrl.toString()},
                                    {QStringLiteral("auth_mode"), authModeName(profile.authMode)},
                                    {QStringLiteral("poll_interval_ms"), profile.poll.baseIntervalMs},
                                    {QStringLiteral("max_interval_ms"), profile.poll.maxIntervalMs},
                                    {QStringLiteral("max_in_flight"), profile.poll.maxInFlight},
                                    {QStringLiteral("max_requests_per_second"), profile.poll.maxRequestsPerSecond},
                                    {QStringLiteral("is_default"), profile.isDefault}});
    }
    QJsonArray tasks;
    for (const StoredTask& stored : store.tasks()) {
        QJsonArray history;
        for (const HistoryEntry& entry : store.history(stored.rowId)) {
            history.append(QJsonObject{
                {QStringLiteral("at"), entry.atMs},
                {QStringLiteral("status"), entry.status ? QJsonValue(statusWireName(*entry.status)) : QJsonValue::Null},
                {QStringLiteral("raw_status"), orNull(entry.rawStatus)},
                {QStringLiteral("progress"), entry.progress ? QJsonValue(*entry.progress) : QJsonValue::Null},
                {QStringLiteral("error_code"), orNull(entry.errorCode)},
                {QStringLiteral("error_message"), orNull(entry.errorMessage)},
                {QStringLiteral("fetch_error_kind"), orNull(entry.fetchErrorKind)},
                {QStringLiteral("fetch_error"), fetchErrorJson(entry.fetchError)}});
        }
        tasks.append(QJsonObject{
            {QStringLiteral("profile"), profileNames.value(stored.profileId)},
            {QStringLiteral("task_id"), stored.taskId},
            {QStringLiteral("label"), stored.label},
            {QStringLiteral("added_at"), stored.addedAtMs},
            {QStringLiteral("archived"), stored.archived},
            {QStringLiteral("gave_up"), stored.gaveUp},
            {QStringLiteral("last"), stored.last ? QJsonValue(lastStateJson(*stored.last)) : QJsonValue::Null},
            {QStringLiteral("fetch_error"), fetchErrorJson(stored.lastError)},
            {QStringLiteral("history"), history}});
    }
    QJsonObject files;
    for (auto it = providerFiles.constBegin(); it != providerFiles.constEnd(); ++it)
        files.insert(it.key(), QString::fromUtf8(it.value()));
    const QJsonObject document{{QStringLiteral("format"), QLatin1String(kFormat)},
                               {QStringLiteral("version"), kFormatVersion},
                               {QStringLiteral("exported_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                               {QStringLiteral("profiles"), profiles},
                               {QStringLiteral("provider_files"), files},
                               {QStringLiteral("tasks"), tasks}};
    return QJsonDocument(document).toJson(QJsonDocument::Indented);
}

QByteArray TaskTransfer::exportCsv(Store& store)
{
    QHash<qint64, QString> profileNames;
    for (const Profile& profile : store.profiles())
        profileNames.insert(profile.id, profile.name);
    QString text = kCsvColumns.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    const auto number = [](const std::optional<qint64>& value) { return value ? QString::number(*value) : QString(); };
    for (const StoredTask& stored : store.tasks()) {
        const VideoTask task = stored.last.value_or(VideoTask{});
        const QStringList fields = {profileNames.value(stored.profileId),
                                    stored.taskId,
                                    stored.label,
                                    stored.last ? statusWireName(task.status) : QString(),
                                    task.rawStatus,
                                    task.progress ? QString::number(*task.progress) : QString(),
                                    task.model,
                                    task.size,
                                    task.seconds,
                                    task.prompt,
                                    number(task.createdAt),
                                    number(task.completedAt),
                                    number(task.expiresAt),
                                    task.resultUrl,
                                    task.error ? task.error->code : QString(),
                                    task.error ? task.error->message : QString(),
                                    QString::number(stored.addedAtMs),
                                    stored.archived ? QStringLiteral("1") : QStringLiteral("0")};
        QStringList escaped;
        for (const QString& field : fields)
            escaped << Csv::field(field);
        text += escaped.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return text.toUtf8();
}

QHash<QString, QByteArray> TaskTransfer::providerFilesIn(const QByteArray& data)
{
    QHash<QString, QByteArray> files;
    const QByteArray trimmed = data.trimmed();
    if (!trimmed.startsWith('{'))
        return files;
    const QJsonObject carried
        = QJsonDocument::fromJson(trimmed).object().value(QStringLiteral("provider_files")).toObject();
    for (auto it = carried.constBegin(); it != carried.constEnd(); ++it) {
        if (it.value().isString())
            files.insert(it.key(), it.value().toString().toUtf8());
    }
    return files;
}

TaskTransfer::ImportOutcome TaskTransfer::import(Store& store, const QByteArray& data,
                                                 const QString& defaultProfileName, const ProviderCheck& knowsProvider)
{
    ImportOutcome outcome;
    QList<ImportedTask> tasks;
    QList<Profile> profilesInFile;

    const QByteArray trimmed = data.trimmed();
    if (trimmed.startsWith('{')) {
        QJsonParseError parseError;
        const QJsonObject document = QJsonDocument::fromJson(trimmed, &parseError).object();
        if (parseError.error != QJsonParseError::NoError) {
            outcome.error = QStringLiteral("the file is not valid JSON (%1 at byte %2)")
                                .arg(parseError.errorString())
                                .arg(parseError.offset);
            return outcome;
        }
        if (document.value(QStringLiteral("format")).toString() != QLatin1String(kFormat)) {
            outcome.error = QStringLiteral("the file is not a Reelwatch export (no \"format\": \"%1\")")
                                .arg(QLatin1String(kFormat));
            return outcome;
        }
        if (document.value(QStringLiteral("version")).toInt() > kFormatVersion) {
            outcome.error = QStringLiteral("the file comes from a newer Reelwatch (format version %1)")
                                .arg(document.value(QStringLiteral("version")).toInt());
            return outcome;
        }
        for (const QJsonValue& value : document.value(QStringLiteral("profiles")).toArray()) {
            const QJsonObject object = value.toObject();
            Profile profile;
            profile.name = object.value(QStringLiteral("name")).toString();
            profile.baseUrl = QUrl(object.value(QStringLiteral("base_url")).toString());
            // Version 1 files come from before providers: every profile spoke the OpenAI shape.
            profile.providerId = object.value(QStringLiteral("provider")).toString(QStringLiteral("openai"));
            const bool known
                = knowsProvider ? knowsProvider(profile.providerId) : profile.providerId == QLatin1String("openai");
            if (!known) {
                outcome.error = QStringLiteral("profile '%1' speaks the provider \"%2\", which this Reelwatch does "
                                               "not know and the file does not carry (see 'reelwatch providers')")
                                    .arg(profile.name, profile.providerId.left(60));
                return outcome;
            }
            profile.authMode
                = authModeFromName(object.value(QStringLiteral("auth_mode")).toString()).value_or(AuthMode::Bearer);
            profile.poll.baseIntervalMs
                = object.value(QStringLiteral("poll_interval_ms")).toInteger(profile.poll.baseIntervalMs);
            profile.poll.maxIntervalMs
                = object.value(QStringLiteral("max_interval_ms")).toInteger(profile.poll.maxIntervalMs);
            profile.poll.maxInFlight = object.value(QStringLiteral("max_in_flight")).toInt(profile.poll.maxInFlight);
            profile.poll.maxRequestsPerSecond
                = object.value(QStringLiteral("max_requests_per_second")).toDouble(profile.poll.maxRequestsPerSecond);
            profilesInFile << profile;
        }
        for (const QJsonValue& value : document.value(QStringLiteral("tasks")).toArray()) {
            const QJsonObject object = value.toObject();
            ImportedTask task;
            task.profileName = object.value(QStringLiteral("profile")).toString();
            task.taskId = object.value(QStringLiteral("task_id")).toString();
            task.label = object.value(QStringLiteral("label")).toString();
            task.addedAtMs = object.value(QStringLiteral("added_at")).toInteger();
            task.archived = object.value(QStringLiteral("archived")).toBool();
            task.gaveUp = object.value(QStringLiteral("gave_up")).toBool();
            task.last = lastStateFromJson(object.value(QStringLiteral("last")), task.taskId);
            task.fetchError = fetchErrorFromJson(object.value(QStringLiteral("fetch_error")));
            for (const QJsonValue& entryValue : object.value(QStringLiteral("history")).toArray()) {
                const QJsonObject entryObject = entryValue.toObject();
                HistoryEntry entry;
                entry.atMs = entryObject.value(QStringLiteral("at")).toInteger();
                bool known = false;
                const TaskStatus status
                    = statusFromWireName(entryObject.value(QStringLiteral("status")).toString(), &known);
                if (known)
                    entry.status = status;
                entry.rawStatus = entryObject.value(QStringLiteral("raw_status")).toString();
                if (entryObject.value(QStringLiteral("progress")).isDouble())
                    entry.progress = entryObject.value(QStringLiteral("progress")).toInt();
                entry.errorCode = entryObject.value(QStringLiteral("error_code")).toString();
                entry.errorMessage = entryObject.value(QStringLiteral("error_message")).toString();
                entry.fetchErrorKind = entryObject.value(QStringLiteral("fetch_error_kind")).toString();
                entry.fetchError = fetchErrorFromJson(entryObject.value(QStringLiteral("fetch_error")));
                task.history << entry;
            }
            tasks << task;
        }
    } else {
        const QList<QStringList> rows = Csv::read(QString::fromUtf8(data));
        if (rows.isEmpty()) {
            outcome.error = QStringLiteral("the file is empty");
            return outcome;
        }
        const QStringList header = rows.first();
        const int idColumn = header.indexOf(QStringLiteral("task_id"));
        if (idColumn < 0) {
            outcome.error = QStringLiteral("the CSV file has no task_id column (expected a header line: %1)")
                                .arg(kCsvColumns.join(QLatin1Char(',')));
            return outcome;
        }
        const auto column = [&header](const QStringList& row, const char* name) {
            const int index = header.indexOf(QLatin1String(name));
            return index >= 0 && index < row.size() ? row.at(index) : QString();
        };
        for (const QStringList& row : rows.mid(1)) {
            ImportedTask task;
            task.profileName = column(row, "profile");
            task.taskId = column(row, "task_id");
            task.label = column(row, "label");
            task.addedAtMs = column(row, "added_at").toLongLong();
            task.archived = column(row, "archived") == QLatin1String("1");
            bool known = false;
            const TaskStatus status = statusFromWireName(column(row, "status"), &known);
            if (known) {
                VideoTask last;
                last.id = task.taskId;
                last.status = status;
                last.rawStatus = column(row, "raw_status");
                bool ok = false;
                const int progress = column(row, "progress").toInt(&ok);
                if (ok)
                    last.progress = std::clamp(progress, 0, 100);
                last.model = column(row, "model");
                last.size = column(row, "size");
                last.seconds = column(row, "seconds");
                last.prompt = column(row, "prompt");
                const auto time = [&](const char* name) {
                    bool valid = false;
                    const qint64 value = column(row, name).toLongLong(&valid);
                    return valid ? std::optional<qint64>(value) : std::nullopt;
                };
                last.createdAt = time("created_at");
                last.completedAt = time("completed_at");
                last.expiresAt = time("expires_at");
                last.resultUrl = column(row, "url");
                if (!column(row, "error_code").isEmpty() || !column(row, "error_message").isEmpty())
                    last.error = TaskError{column(row, "error_code"), column(row, "error_message")};
                task.last = last;
            }
            tasks << task;
        }
    }

    outcome.ok = store.transaction(
        [&](QString* failure) {
            for (const Profile& profile : std::as_const(profilesInFile)) {
                if (store.profileByName(profile.name))
                    continue;
                std::optional<Profile> created
                    = store.addProfile(profile.name, profile.baseUrl, profile.authMode, failure, profile.providerId);
                if (!created) {
                    outcome.problems << QStringLiteral("profile '%1' not imported: %2").arg(profile.name, *failure);
                    failure->clear();
                    continue;
                }
                created->poll = profile.poll;
                if (!store.updateProfile(*created, failure))
                    return false;
                ++outcome.profilesCreated;
            }
            QHash<QString, qint64> profileIds;
            for (const ImportedTask& task : std::as_const(tasks)) {
                const TaskIdCheck check = TaskId::validate(task.taskId);
                if (!check.valid) {
                    ++outcome.skipped;
                    outcome.problems << QStringLiteral("skipped '%1': %2").arg(task.taskId, check.reason);
                    continue;
                }
                const QString profileName = task.profileName.isEmpty() ? defaultProfileName : task.profileName;
                if (!profileIds.contains(profileName)) {
                    const std::optional<Profile> profile
                        = profileName.isEmpty() ? store.defaultProfile() : store.profileByName(profileName);
                    profileIds.insert(profileName, profile ? profile->id : 0);
                }
                const qint64 profileId = profileIds.value(profileName);
                if (!profileId) {
                    ++outcome.skipped;
                    outcome.problems
                        << QStringLiteral("skipped '%1': no profile named '%2'").arg(task.taskId, profileName);
                    continue;
                }
                ImportedTask valid = task;
                valid.taskId = check.id;
                if (!writeImportedTask(store, profileId, valid, outcome, failure))
                    return false;
            }
            return true;
        },
        &outcome.error);
    return outcome;
}

} // namespace Reelwatch

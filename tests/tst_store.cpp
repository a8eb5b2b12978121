// The SQLite store against real files in a temporary folder: opening and migrating, profiles,
// tasks, recorded poll results and their history, the batching recorder, a 10,000-task load, and
// the promise that no secret ever reaches the file.

#include "store/schema.h"
#include "store/store.h"
#include "store/storerecorder.h"
#include "store/timelinesteps.h"
#include "storeprofiles.h"

#include <atomic>
#include <memory>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

using namespace Reelwatch;

namespace {

// An empty label; the null QString() case has a test of its own (addTasksWithNullLabel).
const QString kNoLabel = QLatin1String("");

VideoTask videoTask(const QString& id, TaskStatus status, std::optional<int> progress = std::nullopt)
{
    VideoTask task;
    task.id = id;
    task.object = QStringLiteral("video");
    task.model = QStringLiteral("sora-2");
    task.status = status;
    task.rawStatus = statusWireName(status).toLower();
    task.progress = progress;
    task.rawJson = QStringLiteral(R"({"id":"%1","status":"%2"})").arg(id, task.rawStatus).toUtf8();
    return task;
}

TaskUpdate updateWithTask(const VideoTask& task)
{
    TaskUpdate update;
    update.taskId = task.id;
    update.task = task;
    update.httpStatus = 200;
    update.outcome.known = true;
    return update;
}

TaskUpdate updateWithFetchError(const QString& taskId, ErrorKind kind, const QString& message)
{
    TaskUpdate update;
    update.taskId = taskId;
    update.error = ApiError::legacy(kind, message);
    update.outcome.known = true;
    return update;
}

// A connection of its own, as an older Reelwatch would have left the file.
class RawConnection
{
public:
    explicit RawConnection(const QString& path)
        : m_name(QStringLiteral("raw-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)))
    {
        m_database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_database.setDatabaseName(path);
        m_database.open();
    }
    ~RawConnection()
    {
        m_database.close();
        m_database = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase& database() { return m_database; }

private:
    QString m_name;
    QSqlDatabase m_database;
};

QVariant scalar(QSqlDatabase& database, const QString& sql)
{
    QSqlQuery query(database);
    if (!query.exec(sql) || !query.next())
        return QVariant();
    return query.value(0);
}

int rowCount(QSqlDatabase& database, const QString& table)
{
    return scalar(database, QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)).toInt();
}

bool tableExists(QSqlDatabase& database, const QString& table)
{
    QSqlQuery query(database);
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"));
    query.addBindValue(table);
    return query.exec() && query.next() && query.value(0).toInt() == 1;
}

// Rows an installation at `version` could hold, written with that version's own SQL, so that a
// later migration has something to carry forward. Extend this when a migration is added.
bool insertRowsValidAtVersion(QSqlDatabase& database, int version, QString* error)
{
    if (version < 1)
        return true; // a file from before the first schema holds no tables yet
    const QStringList statements = {
        QStringLiteral("INSERT INTO profiles (id, name, base_url, auth_mode, poll_interval_ms, max_interval_ms, "
                       "max_in_flight, max_requests_per_second, is_default, keychain_id, created_at) VALUES "
                       "(7, 'Legacy gateway', 'https://legacy.example.com/openai', 'token', 15000, 90000, 2, 1.5, 1, "
                       "'legacy-keychain-entry', 1700000000000)"),
        QStringLiteral("INSERT INTO tasks (id, profile_id, task_id, label, added_at, archived, status, raw_status, "
                       "progress, model, prompt, created_at, completed_at, result_url, raw_json, updated_at) VALUES "
                       "(11, 7, 'video_legacy_done', 'Old trailer', 1700000001000, 0, 'SUCCESS', 'completed', 100, "
                       "'sora-2', 'A lighthouse at dusk', 1700000000, 1700000300, 'https://cdn.example.com/a.mp4', "
                       "'{\"id\":\"video_legacy_done\"}', 1700000302000)"),
        QStringLiteral("INSERT INTO tasks (id, profile_id, task_id, label, added_at, archived, fetch_error_kind, "
                       "fetch_error_message) VALUES (12, 7, 'video_legacy_archived', '', 1700000002000, 1, "
                       "'server_error', 'server error (HTTP 502): Bad Gateway')"),
        QStringLiteral("INSERT INTO status_history (task_row, at, status, raw_status, progress) VALUES "
                       "(11, 1700000100000, 'IN_PROGRESS', 'in_progress', 40)"),
        QStringLiteral("INSERT INTO status_history (task_row, at, status, raw_status, progress) VALUES "
                       "(11, 1700000302000, 'SUCCESS', 'completed', 100)"),
    };
    QStringList all = statements;
    if (version >= 2)
        all << QStringLiteral(
            "UPDATE profiles SET auto_download = 1, auto_download_folder = '/srv/renders' WHERE id = 7");
    QSqlQuery query(database);
    for (const QString& statement : std::as_const(all)) {
        if (!query.exec(statement)) {
            *error = query.lastError().text();
            return false;
        }
    }
    return true;
}

QStringList columnsOf(QSqlDatabase& database, const QString& table)
{
    QStringList columns;
    QSqlQuery query(database);
    if (query.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table))) {
        while (query.next())
            columns << query.value(1).toString();
    }
    return columns;
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void gaveUpSurvivesErrorAnswersUntilAGoodOne();
    void aTaskErrorThatClearsIsAHistoryRow();
    void updateProfileKeepsPollSettingsSane();
    void autoDownloadSettingsRoundTrip();

    // Opening and migrating.
    void openCreatesFolderAndFileInWalModeWithForeignKeys();
    void migratesFromEveryEarlierVersion_data();
    void migratesFromEveryEarlierVersion();
    void failedMigrationLeavesFileAtItsVersion();
    void refusesFileFromNewerVersion();

    // Profiles.
    void aFreshStoreHasNoProfile();
    void profilesKeepTheirProvider();
    void addProfileNormalisesBaseUrl_data();
    void addProfileNormalisesBaseUrl();
    void addProfileRefusesInvalidInput_data();
    void addProfileRefusesInvalidInput();
    void addProfileRefusesDuplicateNamesCaseInsensitively();
    void addProfileRefusesDuplicateNamesDifferingInNonAsciiCase();
    void keychainIdIsDistinctAndSurvivesRename();
    void updateProfileRefusesInvalidChanges();
    void setDefaultProfileMovesTheDefault();
    void removeProfileCascadesToTasksAndHistory();
    void removingDefaultProfilePromotesAnother();

    // Tasks.
    void addTasksReportsAddedAndExisting();
    void addTasksWithNullLabel();
    void sameTaskIdUnderTwoProfilesIsTwoTasks();
    void labelsAreTrimmedEditableAndKeptOnReAdd();
    void eachIdCanHaveItsOwnLabel();
    void removeTasksFromOneProfileOrFromAll();
    void archivedTasksAreHiddenOnRequest();
    void taskLookup();

    // Recorded poll results.
    void recordUpdatesStoresEveryField();
    void recordUpdatesClearsOptionalFields();
    void sameUpdateTwiceWritesOneHistoryRow();
    void sameUpdateWithoutProgressTwiceWritesOneHistoryRow();
    void historyRowForEachKindOfChange();
    void progressIsRecordedInStepsOfTenPoints();
    void timelineStepsCollapseOldTicks();
    void aFetchErrorKnowsSinceWhen();
    void fetchErrorAloneKeepsLastGoodTask();
    void fetchErrorKeepsItsStructure();
    void gaveUpPersists();
    void updatesForUnknownTasksAreIgnored();
    void failingRecordUpdatesWritesNothing();
    void concurrentConnectionsDoNotFailRecordUpdates();

    // The batching recorder.
    void checkedTimesOnlyMoveForward();
    void recorderWritesCheckedTimesWithTheBatch();
    void recorderWritesBurstInOneFlushAfterDelay();
    void recorderFlushesOnDestruction();
    void recorderKeepsFailedBatchAndRetries();

    // Scale and secrets.
    void loadsTenThousandTasks();
    void schemaHasNoColumnForSecrets();

private:
    QString storePath() const { return m_dir->filePath(QStringLiteral("nested/data/reelwatch.sqlite3")); }
    qint64 addProfileOrFail(const QString& name, const QString& url = QStringLiteral("https://api.example.com"));

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
};

void TestStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<Store>();
    QString error;
    QVERIFY2(m_store->open(storePath(), &error), qPrintable(error));
}

void TestStore::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

qint64 TestStore::addProfileOrFail(const QString& name, const QString& url)
{
    QString error;
    const std::optional<Profile> added = m_store->addProfile(name, QUrl(url), AuthMode::Bearer, &error);
    if (!added)
        qWarning("addProfile(%s) failed: %s", qPrintable(name), qPrintable(error));
    return added ? added->id : 0;
}

// ---------------------------------------------------------------------------------------------
// Opening and migrating

void TestStore::gaveUpSurvivesErrorAnswersUntilAGoodOne()
{
    const qint64 profileId = addProfileOrFail(QStringLiteral("Gone"), QStringLiteral("https://gone.example.com"));
    QString error;
    QVERIFY(m_store->addTasks(profileId, {QStringLiteral("video_gone")}, kNoLabel, &error));
    TaskUpdate gaveUp = updateWithFetchError(QStringLiteral("video_gone"), ErrorKind::NotFound, QStringLiteral("gone"));
    gaveUp.outcome.gaveUp = true;
    QVERIFY2(m_store->recordUpdates(profileId, {gaveUp}, &error), qPrintable(error));
    // A later one-off status run reports the same error without the give-up: the flag stays.
    QVERIFY(m_store->recordUpdates(
        profileId, {updateWithFetchError(QStringLiteral("video_gone"), ErrorKind::NotFound, QStringLiteral("gone"))},
        &error));
    QVERIFY(m_store->task(profileId, QStringLiteral("video_gone"))->gaveUp);
    // A good answer brings the task back.
    QVERIFY(m_store->recordUpdates(
        profileId, {updateWithTask(videoTask(QStringLiteral("video_gone"), TaskStatus::Queued))}, &error));
    QVERIFY(!m_store->task(profileId, QStringLiteral("video_gone"))->gaveUp);
}

void TestStore::aTaskErrorThatClearsIsAHistoryRow()
{
    const qint64 profileId = addProfileOrFail(QStringLiteral("Errors"), QStringLiteral("https://errors.example.com"));
    QString error;
    QVERIFY(m_store->addTasks(profileId, {QStringLiteral("video_err")}, kNoLabel, &error));
    VideoTask failing = videoTask(QStringLiteral("video_err"), TaskStatus::InProgress, 50);
    failing.error = TaskError{QStringLiteral("retrying"), QStringLiteral("worker lost, retrying")};
    QVERIFY(m_store->recordUpdates(profileId, {updateWithTask(failing)}, &error));
    VideoTask recovered = failing;
    recovered.error.reset();
    QVERIFY(m_store->recordUpdates(profileId, {updateWithTask(recovered)}, &error));
    const std::optional<StoredTask> stored = m_store->task(profileId, QStringLiteral("video_err"));
    QVERIFY(!stored->last->error.has_value());
    QCOMPARE(m_store->history(stored->rowId).size(), 2);
}

void TestStore::updateProfileKeepsPollSettingsSane()
{
    const qint64 profileId = addProfileOrFail(QStringLiteral("Odd"), QStringLiteral("https://odd.example.com"));
    Profile profile = *m_store->profile(profileId);
    profile.poll.baseIntervalMs = 0;
    profile.poll.maxIntervalMs = -5;
    profile.poll.maxInFlight = 0;
    profile.poll.maxRequestsPerSecond = 0;
    QString error;
    QVERIFY2(m_store->updateProfile(profile, &error), qPrintable(error));
    const Profile saved = *m_store->profile(profileId);
    QCOMPARE(saved.poll.baseIntervalMs, qint64(1000));
    QVERIFY(saved.poll.maxIntervalMs >= saved.poll.baseIntervalMs);
    QCOMPARE(saved.poll.maxInFlight, 1);
    QVERIFY(saved.poll.maxRequestsPerSecond >= 0.1);
}

void TestStore::autoDownloadSettingsRoundTrip()
{
    const qint64 profileId = addProfileOrFail(QStringLiteral("Renders"), QStringLiteral("https://renders.example.com"));
    Profile profile = *m_store->profile(profileId);
    QVERIFY(!profile.autoDownload);
    QVERIFY(profile.autoDownloadFolder.isEmpty());

    const QString folder = m_dir->filePath(QStringLiteral("renders"));
    profile.autoDownload = true;
    profile.autoDownloadFolder = QStringLiteral("  ") + folder + QStringLiteral(" ");
    QString error;
    QVERIFY2(m_store->updateProfile(profile, &error), qPrintable(error));
    Profile saved = *m_store->profile(profileId);
    QVERIFY(saved.autoDownload);
    QCOMPARE(saved.autoDownloadFolder, folder);
    // Another profile keeps its own setting.
    QVERIFY(!m_store->profile(addProfileOrFail(QStringLiteral("Other"), QStringLiteral("https://other.example.com")))
                 ->autoDownload);

    // A folder relative to wherever the app happens to run would land downloads anywhere.
    saved.autoDownloadFolder = QStringLiteral("renders/today");
    QVERIFY(!m_store->updateProfile(saved, &error));
    QVERIFY2(error.contains(QStringLiteral("full path")), qPrintable(error));
    QCOMPARE(m_store->profile(profileId)->autoDownloadFolder, folder);

    // Off again, with the folder forgotten: the window's download folder applies.
    saved.autoDownload = false;
    saved.autoDownloadFolder.clear();
    QVERIFY2(m_store->updateProfile(saved, &error), qPrintable(error));
    QVERIFY(!m_store->profile(profileId)->autoDownload);
    QVERIFY(m_store->profile(profileId)->autoDownloadFolder.isEmpty());
}

void TestStore::openCreatesFolderAndFileInWalModeWithForeignKeys()
{
    m_store.reset(); // init() opened one already: start from nothing
    QVERIFY(QDir(m_dir->filePath(QStringLiteral("nested"))).removeRecursively());
    QVERIFY(!QFileInfo::exists(storePath()));
    QVERIFY(!QFileInfo::exists(QFileInfo(storePath()).absolutePath()));

    Store store;
    QString error;
    QVERIFY2(store.open(storePath(), &error), qPrintable(error));
    QVERIFY(store.isOpen());
    QCOMPARE(store.path(), storePath());
    QVERIFY(QFileInfo(storePath()).isFile());

    QCOMPARE(scalar(store.database(), QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(scalar(store.database(), QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    QCOMPARE(scalar(store.database(), QStringLiteral("PRAGMA user_version")).toInt(), Schema::latestVersion());
    QCOMPARE(Schema::versionOf(store.database()), Schema::latestVersion());
    for (const char* table : {"profiles", "tasks", "status_history"})
        QVERIFY2(tableExists(store.database(), QString::fromLatin1(table)), table);

    // Prompts and task lists are private: the file and its WAL are readable by the owner only.
    QVERIFY2(TestProfiles::addIdleProfile(store, &error), qPrintable(error));
    const QFileDevice::Permissions othersMayAccess
        = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
    for (const QString& file :
         {storePath(), storePath() + QStringLiteral("-wal"), storePath() + QStringLiteral("-shm")}) {
        if (!QFileInfo::exists(file))
            continue;
        QVERIFY2(
            !(QFile::permissions(file) & othersMayAccess),
            qPrintable(QStringLiteral("%1 has permissions %2").arg(file).arg(int(QFile::permissions(file)), 0, 16)));
    }
}

void TestStore::migratesFromEveryEarlierVersion_data()
{
    QTest::addColumn<int>("fromVersion");
    for (int version = 0; version < Schema::latestVersion(); ++version)
        QTest::addRow("from v%d", version) << version;
}

void TestStore::migratesFromEveryEarlierVersion()
{
    QFETCH(int, fromVersion);
    m_store.reset();
    const QString path = m_dir->filePath(QStringLiteral("old-v%1.sqlite3").arg(fromVersion));
    {
        RawConnection old(path);
        QVERIFY(old.database().isOpen());
        QString error;
        QVERIFY2(Schema::migrate(old.database(), &error, fromVersion), qPrintable(error));
        QCOMPARE(Schema::versionOf(old.database()), fromVersion);
        QVERIFY2(insertRowsValidAtVersion(old.database(), fromVersion, &error), qPrintable(error));
    }

    Store store;
    QString error;
    QVERIFY2(store.open(path, &error), qPrintable(error));
    QCOMPARE(Schema::versionOf(store.database()), Schema::latestVersion());
    QCOMPARE(scalar(store.database(), QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));

    if (fromVersion == 0) {
        QVERIFY(store.profiles().isEmpty());
        QVERIFY(store.tasks().isEmpty());
        QVERIFY2(TestProfiles::addIdleProfile(store, &error), qPrintable(error));
        QCOMPARE(store.profiles().size(), 1);
        return;
    }

    const QList<Profile> profiles = store.profiles();
    QCOMPARE(profiles.size(), 1);
    const Profile& legacy = profiles.first();
    QCOMPARE(legacy.id, 7);
    QCOMPARE(legacy.name, QStringLiteral("Legacy gateway"));
    // Every profile before schema 4 spoke the OpenAI shape.
    QCOMPARE(legacy.providerId, QStringLiteral("openai"));
    QCOMPARE(legacy.baseUrl, QUrl(QStringLiteral("https://legacy.example.com/openai")));
    QCOMPARE(authModeName(legacy.authMode), authModeName(AuthMode::Token));
    QCOMPARE(legacy.poll.baseIntervalMs, 15000);
    QCOMPARE(legacy.poll.maxIntervalMs, 90000);
    QCOMPARE(legacy.poll.maxInFlight, 2);
    QCOMPARE(legacy.poll.maxRequestsPerSecond, 1.5);
    QVERIFY(legacy.isDefault);
    QCOMPARE(legacy.keychainId, QStringLiteral("legacy-keychain-entry"));
    // Profiles from before automatic downloads existed have them off.
    QCOMPARE(legacy.autoDownload, fromVersion >= 2);
    QCOMPARE(legacy.autoDownloadFolder, fromVersion >= 2 ? QStringLiteral("/srv/renders") : QString());
    QCOMPARE(store.defaultProfile()->id, 7);

    const QList<StoredTask> tasks = store.tasks(7);
    QCOMPARE(tasks.size(), 2);
    const StoredTask& done = tasks.at(0);
    QCOMPARE(done.taskId, QStringLiteral("video_legacy_done"));
    QCOMPARE(done.label, QStringLiteral("Old trailer"));
    QCOMPARE(done.addedAtMs, 1700000001000);
    QVERIFY(done.last.has_value());
    QCOMPARE(statusWireName(done.last->status), QStringLiteral("SUCCESS"));
    QCOMPARE(done.last->rawStatus, QStringLiteral("completed"));
    QCOMPARE(done.last->progress, std::optional<int>(100));
    QCOMPARE(done.last->prompt, QStringLiteral("A lighthouse at dusk"));
    QCOMPARE(done.last->completedAt, std::optional<qint64>(1700000300));
    QCOMPARE(done.last->resultUrl, QStringLiteral("https://cdn.example.com/a.mp4"));
    QCOMPARE(done.last->rawJson, QByteArray(R"({"id":"video_legacy_done"})"));
    QCOMPARE(done.updatedAtMs, 1700000302000);
    // No earlier version kept when a state was last confirmed: the last state its history recorded
    // stands for it, never a time the server did not answer at.
    QCOMPARE(done.checkedAtMs, std::optional<qint64>(1700000302000));
    QCOMPARE(done.confirmedAtMs(), std::optional<qint64>(1700000302000));

    const StoredTask& archived = tasks.at(1);
    QCOMPARE(archived.taskId, QStringLiteral("video_legacy_archived"));
    QVERIFY(archived.archived);
    QVERIFY(!archived.last.has_value());
    QCOMPARE(archived.checkedAtMs, std::nullopt);
    // An error stored as words before errors had structure is shown as it was.
    QCOMPARE(archived.lastError.kind, ErrorKind::ServerError);
    QCOMPARE(archived.lastError.reason, ErrorReason::Legacy);
    QCOMPARE(archived.lastError.message(), QStringLiteral("server error (HTTP 502): Bad Gateway"));
    QCOMPARE(store.tasks(7, false).size(), 1);

    const QList<HistoryEntry> history = store.history(done.rowId);
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).progress, std::optional<int>(40));
    QCOMPARE(statusWireName(history.at(1).status.value_or(TaskStatus::Unknown)), QStringLiteral("SUCCESS"));

    // The migrated file keeps working: the same task can be polled on.
    VideoTask again = videoTask(QStringLiteral("video_legacy_archived"), TaskStatus::Queued);
    QVERIFY2(store.recordUpdates(7, {updateWithTask(again)}, &error), qPrintable(error));
    QCOMPARE(statusWireName(store.task(7, QStringLiteral("video_legacy_archived"))->last->status),
             QStringLiteral("QUEUED"));
}

void TestStore::failedMigrationLeavesFileAtItsVersion()
{
    m_store.reset();
    const QString path = m_dir->filePath(QStringLiteral("clashing.sqlite3"));
    {
        // A table in the way of the first migration: it must fail as a whole.
        RawConnection raw(path);
        QSqlQuery query(raw.database());
        QVERIFY(query.exec(QStringLiteral("CREATE TABLE profiles (something_else TEXT)")));
    }
    Store store;
    QString error;
    QVERIFY(!store.open(path, &error));
    QVERIFY2(error.contains(QLatin1String("migration to schema 1")), qPrintable(error));

    RawConnection raw(path);
    QCOMPARE(Schema::versionOf(raw.database()), 0);
    QVERIFY(!tableExists(raw.database(), QStringLiteral("tasks")));
    QVERIFY(!tableExists(raw.database(), QStringLiteral("status_history")));
}

void TestStore::refusesFileFromNewerVersion()
{
    m_store.reset();
    const QString path = m_dir->filePath(QStringLiteral("newer.sqlite3"));
    const int newer = Schema::latestVersion() + 1;
    {
        RawConnection raw(path);
        QSqlQuery query(raw.database());
        QVERIFY(query.exec(QStringLiteral("CREATE TABLE from_the_future (x INTEGER)")));
        QVERIFY(query.exec(QStringLiteral("PRAGMA user_version = %1").arg(newer)));
    }
    Store store;
    QString error;
    QVERIFY(!store.open(path, &error));
    QVERIFY2(error.contains(QLatin1String("newer")), qPrintable(error));

    QString migrateError;
    QVERIFY(!Schema::migrate(store.database(), &migrateError));
    QVERIFY2(migrateError.contains(QLatin1String("newer")), qPrintable(migrateError));

    RawConnection raw(path);
    QCOMPARE(Schema::versionOf(raw.database()), newer);
    QVERIFY(tableExists(raw.database(), QStringLiteral("from_the_future")));
    QVERIFY(!tableExists(raw.database(), QStringLiteral("profiles")));
}

// ---------------------------------------------------------------------------------------------
// Profiles

void TestStore::aFreshStoreHasNoProfile()
{
    // No profile is made for anyone: a first run greets the user with "Add a service" instead of a
    // profile for a service that may not exist.
    QVERIFY(m_store->profiles().isEmpty());
    QVERIFY(!m_store->defaultProfile());
    m_store.reset();
    Store again;
    QString error;
    QVERIFY2(again.open(storePath(), &error), qPrintable(error));
    QVERIFY(again.profiles().isEmpty());
}

void TestStore::profilesKeepTheirProvider()
{
    QString error;
    const std::optional<Profile> runway
        = m_store->addProfile(QStringLiteral("Runway"), QUrl(QStringLiteral("https://api.dev.runwayml.com")),
                              AuthMode::Bearer, &error, QStringLiteral("runway"));
    QVERIFY2(runway, qPrintable(error));
    QCOMPARE(runway->providerId, QStringLiteral("runway"));
    QVERIFY(runway->isDefault || m_store->defaultProfile()->id == runway->id); // the only one is the default
    const qint64 plain = addProfileOrFail(QStringLiteral("Gateway"));
    QCOMPARE(m_store->profile(plain)->providerId, QStringLiteral("openai"));

    Profile changed = *m_store->profile(runway->id);
    changed.providerId = QStringLiteral("acme-video");
    QVERIFY2(m_store->updateProfile(changed, &error), qPrintable(error));
    QCOMPARE(m_store->profile(runway->id)->providerId, QStringLiteral("acme-video"));

    // An id that could name no provider is refused, by both writes, and nothing changes.
    changed.providerId = QStringLiteral("Acme Video/../x");
    QVERIFY(!m_store->updateProfile(changed, &error));
    QVERIFY2(error.contains(QLatin1String("invalid provider id")), qPrintable(error));
    QCOMPARE(m_store->profile(runway->id)->providerId, QStringLiteral("acme-video"));
    QVERIFY(!m_store->addProfile(QStringLiteral("Bad"), QUrl(QStringLiteral("https://bad.example.com")),
                                 AuthMode::Bearer, &error, QString()));
    QVERIFY(!m_store->profileByName(QStringLiteral("Bad")));
}

void TestStore::addProfileNormalisesBaseUrl_data()
{
    QTest::addColumn<QString>("given");
    QTest::addColumn<QString>("stored");
    QTest::newRow("trailing slash") << "https://api.example.com/"
                                    << "https://api.example.com";
    QTest::newRow("v1 suffix") << "https://api.example.com/v1"
                               << "https://api.example.com";
    QTest::newRow("v1 and slash, upper-case host") << "https://API.Example.COM/v1/"
                                                   << "https://api.example.com";
    QTest::newRow("gateway prefix") << "https://gw.example.com/openai/v1/"
                                    << "https://gw.example.com/openai";
    QTest::newRow("http to localhost") << "http://localhost:8080/"
                                       << "http://localhost:8080";
    QTest::newRow("http to 127.0.0.1") << "http://127.0.0.1:9000/v1"
                                       << "http://127.0.0.1:9000";
    QTest::newRow("http to ::1") << "http://[::1]:9000"
                                 << "http://[::1]:9000";
}

void TestStore::addProfileNormalisesBaseUrl()
{
    QFETCH(QString, given);
    QFETCH(QString, stored);
    QString error;
    const std::optional<Profile> added
        = m_store->addProfile(QStringLiteral("Gateway"), QUrl(given), AuthMode::Token, &error);
    QVERIFY2(added, qPrintable(error));
    QCOMPARE(added->baseUrl.toString(), stored);
    QCOMPARE(authModeName(added->authMode), authModeName(AuthMode::Token));
    QVERIFY(!added->isDefault);

    const std::optional<Profile> reread = m_store->profile(added->id);
    QVERIFY(reread);
    QCOMPARE(reread->baseUrl.toString(), stored);
    QCOMPARE(scalar(m_store->database(), QStringLiteral("SELECT base_url FROM profiles")).toString(), stored);
}

void TestStore::addProfileRefusesInvalidInput_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("errorMentions");
    QTest::newRow("http to a remote host") << "Remote"
                                           << "http://api.example.com"
                                           << "http://";
    QTest::newRow("http to a LAN address") << "LAN"
                                           << "http://192.168.1.20:8080"
                                           << "http://";
    QTest::newRow("other scheme") << "FTP"
                                  << "ftp://api.example.com"
                                  << "https://";
    QTest::newRow("no URL") << "Empty"
                            << ""
                            << "empty";
    QTest::newRow("user info") << "Userinfo"
                               << "https://user:pw@api.example.com"
                               << "user name";
    QTest::newRow("empty name") << ""
                                << "https://api.example.com"
                                << "needs a name";
    QTest::newRow("blank name") << "   "
                                << "https://api.example.com"
                                << "needs a name";
    QTest::newRow("65-character name") << QString(65, QLatin1Char('n')) << "https://api.example.com"
                                       << "at most 64 characters (this one has 65)";
}

void TestStore::addProfileRefusesInvalidInput()
{
    QFETCH(QString, name);
    QFETCH(QString, url);
    QFETCH(QString, errorMentions);
    QString error;
    QVERIFY(!m_store->addProfile(name, QUrl(url), AuthMode::Bearer, &error));
    QVERIFY2(error.contains(errorMentions), qPrintable(error));
    QVERIFY(m_store->profiles().isEmpty());
}

void TestStore::addProfileRefusesDuplicateNamesCaseInsensitively()
{
    QString error;
    QVERIFY(addProfileOrFail(QStringLiteral("Work")));
    for (const QString& clash :
         {QStringLiteral("Work"), QStringLiteral("work"), QStringLiteral("WORK"), QStringLiteral("  wOrK  ")}) {
        error.clear();
        QVERIFY2(
            !m_store->addProfile(clash, QUrl(QStringLiteral("https://other.example.com")), AuthMode::Bearer, &error),
            qPrintable(clash));
        QVERIFY2(error.contains(QLatin1String("exists already")), qPrintable(error));
    }
    QCOMPARE(m_store->profiles().size(), 1);

    // Exactly 64 characters is still allowed, and names are stored trimmed.
    const QString longest(64, QLatin1Char('x'));
    QVERIFY(addProfileOrFail(longest));
    QVERIFY(addProfileOrFail(QStringLiteral("  Home  ")));
    QVERIFY(m_store->profileByName(QStringLiteral("Home")));
    QVERIFY(m_store->profileByName(QStringLiteral("home")));
    QCOMPARE(m_store->profileByName(QStringLiteral("HOME"))->name, QStringLiteral("Home"));
    QCOMPARE(m_store->profiles().size(), 3);
}

void TestStore::addProfileRefusesDuplicateNamesDifferingInNonAsciiCase()
{
    // Case-insensitive for every script the user may type, not only for ASCII letters.
    QVERIFY(addProfileOrFail(QStringLiteral("Équipe")));
    QString error;
    QVERIFY2(!m_store->addProfile(QStringLiteral("équipe"), QUrl(QStringLiteral("https://other.example.com")),
                                  AuthMode::Bearer, &error),
             "'équipe' was accepted beside 'Équipe'");
    QCOMPARE(m_store->profiles().size(), 1);
}

void TestStore::keychainIdIsDistinctAndSurvivesRename()
{
    QSet<QString> keychainIds;
    QList<qint64> ids;
    for (const QString& name : {QStringLiteral("One"), QStringLiteral("Two"), QStringLiteral("Three")}) {
        const qint64 id = addProfileOrFail(name);
        QVERIFY(id);
        ids << id;
        const QString keychainId = m_store->profile(id)->keychainId;
        QVERIFY(!keychainId.isEmpty());
        keychainIds.insert(keychainId);
    }
    QCOMPARE(keychainIds.size(), 3);

    Profile renamed = *m_store->profile(ids.at(1));
    const QString keychainBefore = renamed.keychainId;
    renamed.name = QStringLiteral("Two (renamed)");
    renamed.baseUrl = QUrl(QStringLiteral("https://moved.example.com/v1"));
    renamed.authMode = AuthMode::Token;
    renamed.poll.baseIntervalMs = 20000;
    renamed.poll.maxIntervalMs = 120000;
    renamed.poll.maxInFlight = 1;
    renamed.poll.maxRequestsPerSecond = 0.5;
    renamed.keychainId = QStringLiteral("an attempt to change it");
    QString error;
    QVERIFY2(m_store->updateProfile(renamed, &error), qPrintable(error));

    const Profile reread = *m_store->profile(ids.at(1));
    QCOMPARE(reread.name, QStringLiteral("Two (renamed)"));
    QCOMPARE(reread.baseUrl, QUrl(QStringLiteral("https://moved.example.com")));
    QCOMPARE(authModeName(reread.authMode), authModeName(AuthMode::Token));
    QCOMPARE(reread.poll.baseIntervalMs, 20000);
    QCOMPARE(reread.poll.maxIntervalMs, 120000);
    QCOMPARE(reread.poll.maxInFlight, 1);
    QCOMPARE(reread.poll.maxRequestsPerSecond, 0.5);
    QCOMPARE(reread.keychainId, keychainBefore);
    QVERIFY(!m_store->profileByName(QStringLiteral("Two")));

    // Renaming to a different case of its own name is not a clash with itself.
    renamed = reread;
    renamed.name = QStringLiteral("TWO (RENAMED)");
    QVERIFY2(m_store->updateProfile(renamed, &error), qPrintable(error));
    QCOMPARE(m_store->profile(ids.at(1))->name, QStringLiteral("TWO (RENAMED)"));
    QCOMPARE(m_store->profile(ids.at(1))->keychainId, keychainBefore);
}

void TestStore::updateProfileRefusesInvalidChanges()
{
    const qint64 first = addProfileOrFail(QStringLiteral("First"));
    const qint64 second = addProfileOrFail(QStringLiteral("Second"));
    QVERIFY(first && second);
    const Profile original = *m_store->profile(second);
    QString error;

    Profile clash = original;
    clash.name = QStringLiteral("FIRST");
    QVERIFY(!m_store->updateProfile(clash, &error));
    QVERIFY2(error.contains(QLatin1String("exists already")), qPrintable(error));

    Profile insecure = original;
    insecure.baseUrl = QUrl(QStringLiteral("http://api.example.com"));
    QVERIFY(!m_store->updateProfile(insecure, &error));

    Profile tooLong = original;
    tooLong.name = QString(65, QLatin1Char('y'));
    QVERIFY(!m_store->updateProfile(tooLong, &error));

    Profile missing = original;
    missing.id = 424242;
    missing.name = QStringLiteral("Nobody");
    QVERIFY(!m_store->updateProfile(missing, &error));
    QVERIFY2(error.contains(QLatin1String("no such profile")), qPrintable(error));

    const Profile after = *m_store->profile(second);
    QCOMPARE(after.name, original.name);
    QCOMPARE(after.baseUrl, original.baseUrl);
}

void TestStore::setDefaultProfileMovesTheDefault()
{
    QString error;
    QVERIFY2(TestProfiles::addIdleProfile(*m_store, &error), qPrintable(error));
    const qint64 openAi = m_store->defaultProfile()->id;
    const qint64 other = addProfileOrFail(QStringLiteral("Other"));
    QVERIFY(other);
    QVERIFY(!m_store->profile(other)->isDefault);

    QVERIFY2(m_store->setDefaultProfile(other, &error), qPrintable(error));
    QCOMPARE(m_store->defaultProfile()->id, other);
    QVERIFY(m_store->profile(other)->isDefault);
    QVERIFY(!m_store->profile(openAi)->isDefault);
    QCOMPARE(scalar(m_store->database(), QStringLiteral("SELECT COUNT(*) FROM profiles WHERE is_default = 1")).toInt(),
             1);

    QVERIFY(!m_store->setDefaultProfile(987654, &error));
    QVERIFY2(error.contains(QLatin1String("no such profile")), qPrintable(error));
    QCOMPARE(m_store->defaultProfile()->id, other);
}

void TestStore::removeProfileCascadesToTasksAndHistory()
{
    const qint64 kept = addProfileOrFail(QStringLiteral("Kept"));
    const qint64 removed = addProfileOrFail(QStringLiteral("Removed"));
    QVERIFY(kept && removed);
    QString error;
    const QStringList ids = {QStringLiteral("video_a"), QStringLiteral("video_b")};
    QVERIFY(m_store->addTasks(kept, ids, kNoLabel, &error));
    QVERIFY(m_store->addTasks(removed, ids, kNoLabel, &error));
    for (qint64 profile : {kept, removed}) {
        QList<TaskUpdate> updates;
        for (const QString& id : ids)
            updates << updateWithTask(videoTask(id, TaskStatus::InProgress, 30));
        QVERIFY2(m_store->recordUpdates(profile, updates, &error), qPrintable(error));
    }
    QCOMPARE(rowCount(m_store->database(), QStringLiteral("status_history")), 4);

    QVERIFY2(m_store->removeProfile(removed, &error), qPrintable(error));
    QVERIFY(!m_store->profile(removed));
    QVERIFY(m_store->tasks(removed).isEmpty());
    QCOMPARE(m_store->tasks().size(), 2);
    QCOMPARE(m_store->tasks(kept).size(), 2);
    QCOMPARE(rowCount(m_store->database(), QStringLiteral("tasks")), 2);
    QCOMPARE(rowCount(m_store->database(), QStringLiteral("status_history")), 2);
    for (const StoredTask& task : m_store->tasks(kept))
        QCOMPARE(m_store->history(task.rowId).size(), 1);

    QVERIFY(!m_store->removeProfile(removed, &error));
    QVERIFY2(error.contains(QLatin1String("no such profile")), qPrintable(error));
}

void TestStore::removingDefaultProfilePromotesAnother()
{
    QString error;
    QVERIFY2(TestProfiles::addIdleProfile(*m_store, &error), qPrintable(error));
    const qint64 openAi = m_store->defaultProfile()->id;
    QTest::qWait(2); // distinct created_at
    const qint64 second = addProfileOrFail(QStringLiteral("Second"));
    QTest::qWait(2);
    const qint64 third = addProfileOrFail(QStringLiteral("Third"));
    QVERIFY(second && third);

    // Removing a profile that is not the default leaves the default alone.
    QVERIFY2(m_store->removeProfile(third, &error), qPrintable(error));
    QCOMPARE(m_store->defaultProfile()->id, openAi);

    QVERIFY2(m_store->removeProfile(openAi, &error), qPrintable(error));
    QCOMPARE(m_store->profiles().size(), 1);
    QVERIFY(m_store->profile(second)->isDefault);
    QCOMPARE(m_store->defaultProfile()->id, second);

    QVERIFY2(m_store->removeProfile(second, &error), qPrintable(error));
    QVERIFY(m_store->profiles().isEmpty());
    QVERIFY(!m_store->defaultProfile());
}

// ---------------------------------------------------------------------------------------------
// Tasks

void TestStore::addTasksReportsAddedAndExisting()
{
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    std::optional<Store::AddOutcome> outcome = m_store->addTasks(
        profile, {QStringLiteral("video_1"), QStringLiteral("video_2"), QStringLiteral("video_3")}, kNoLabel, &error);
    QVERIFY2(outcome, qPrintable(error));
    QCOMPARE(outcome->added, QStringList({"video_1", "video_2", "video_3"}));
    QVERIFY(outcome->existing.isEmpty());

    outcome = m_store->addTasks(
        profile, {QStringLiteral("video_2"), QStringLiteral("video_4"), QStringLiteral("video_3")}, kNoLabel, &error);
    QVERIFY2(outcome, qPrintable(error));
    QCOMPARE(outcome->added, QStringList({"video_4"}));
    QCOMPARE(outcome->existing, QStringList({"video_2", "video_3"}));

    // The same ID twice in one call is added once.
    outcome = m_store->addTasks(profile, {QStringLiteral("video_5"), QStringLiteral("video_5")}, kNoLabel, &error);
    QVERIFY2(outcome, qPrintable(error));
    QCOMPARE(outcome->added, QStringList({"video_5"}));
    QCOMPARE(outcome->existing, QStringList({"video_5"}));

    const QList<StoredTask> tasks = m_store->tasks(profile);
    QCOMPARE(tasks.size(), 5);
    QStringList order;
    for (const StoredTask& task : tasks) {
        order << task.taskId;
        QCOMPARE(task.profileId, profile);
        QVERIFY(task.addedAtMs > 0);
        QVERIFY(!task.last);
        QVERIFY(!task.lastError.isError());
        QVERIFY(!task.gaveUp);
        QVERIFY(!task.archived);
    }
    QCOMPARE(order, QStringList({"video_1", "video_2", "video_3", "video_4", "video_5"}));

    // Tasks of a profile that does not exist are refused.
    QVERIFY(!m_store->addTasks(999999, {QStringLiteral("video_orphan")}, kNoLabel, &error));
    QVERIFY(!m_store->task(999999, QStringLiteral("video_orphan")));
}

void TestStore::addTasksWithNullLabel()
{
    // "No label" as callers naturally pass it: QString(), e.g. QCommandLineParser::value() of an
    // absent --label. The tasks must be added with an empty label, not silently dropped.
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    const std::optional<Store::AddOutcome> outcome
        = m_store->addTasks(profile, {QStringLiteral("video_n1"), QStringLiteral("video_n2")}, QString(), &error);
    QVERIFY2(outcome, qPrintable(error));
    QCOMPARE(outcome->added, QStringList({"video_n1", "video_n2"}));
    QVERIFY(outcome->existing.isEmpty());
    QCOMPARE(m_store->tasks(profile).size(), 2);
    QVERIFY(m_store->task(profile, QStringLiteral("video_n1"))->label.isEmpty());

    // Clearing a label with QString() works too.
    QVERIFY(m_store->addTasks(profile, {QStringLiteral("video_n3")}, QStringLiteral("Named"), &error));
    QVERIFY2(m_store->setLabel(profile, QStringLiteral("video_n3"), QString(), &error), qPrintable(error));
    QCOMPARE(m_store->task(profile, QStringLiteral("video_n3"))->displayName(), QStringLiteral("video_n3"));
}

void TestStore::sameTaskIdUnderTwoProfilesIsTwoTasks()
{
    const qint64 first = addProfileOrFail(QStringLiteral("First"));
    const qint64 second = addProfileOrFail(QStringLiteral("Second"));
    QString error;
    const QString id = QStringLiteral("video_shared");
    QCOMPARE(m_store->addTasks(first, {id}, QStringLiteral("from first"), &error)->added, QStringList({id}));
    QCOMPARE(m_store->addTasks(second, {id}, QStringLiteral("from second"), &error)->added, QStringList({id}));

    QCOMPARE(m_store->tasks().size(), 2);
    const std::optional<StoredTask> inFirst = m_store->task(first, id);
    const std::optional<StoredTask> inSecond = m_store->task(second, id);
    QVERIFY(inFirst && inSecond);
    QVERIFY(inFirst->rowId != inSecond->rowId);
    QCOMPARE(inFirst->label, QStringLiteral("from first"));
    QCOMPARE(inSecond->label, QStringLiteral("from second"));

    QVERIFY2(m_store->recordUpdates(first, {updateWithTask(videoTask(id, TaskStatus::Success, 100))}, &error),
             qPrintable(error));
    QCOMPARE(statusWireName(m_store->task(first, id)->last->status), QStringLiteral("SUCCESS"));
    QVERIFY(!m_store->task(second, id)->last);
    QCOMPARE(m_store->history(inSecond->rowId).size(), 0);
}

void TestStore::eachIdCanHaveItsOwnLabel()
{
    // A pasted table gives each ID its own label; IDs without one get the batch's.
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    const QHash<QString, QString> labels{{QStringLiteral("video_o1"), QStringLiteral(" A boat at dawn ")},
                                         {QStringLiteral("video_o2"), QStringLiteral("A cat")}};
    QVERIFY2(m_store->addTasks(profile,
                               {QStringLiteral("video_o1"), QStringLiteral("video_o2"), QStringLiteral("video_o3")},
                               QStringLiteral("Batch"), Store::TaskSource::ByHand, &error, labels),
             qPrintable(error));
    QCOMPARE(m_store->task(profile, QStringLiteral("video_o1"))->label, QStringLiteral("A boat at dawn"));
    QCOMPARE(m_store->task(profile, QStringLiteral("video_o2"))->label, QStringLiteral("A cat"));
    QCOMPARE(m_store->task(profile, QStringLiteral("video_o3"))->label, QStringLiteral("Batch"));
}

void TestStore::labelsAreTrimmedEditableAndKeptOnReAdd()
{
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    QVERIFY(m_store->addTasks(profile, {QStringLiteral("video_l")}, QStringLiteral("  Trailer cut  "), &error));
    std::optional<StoredTask> task = m_store->task(profile, QStringLiteral("video_l"));
    QCOMPARE(task->label, QStringLiteral("Trailer cut"));
    QCOMPARE(task->displayName(), QStringLiteral("Trailer cut"));

    // Adding it again does not overwrite the label.
    const auto again = m_store->addTasks(profile, {QStringLiteral("video_l")}, QStringLiteral("Other"), &error);
    QCOMPARE(again->existing, QStringList({"video_l"}));
    QCOMPARE(m_store->task(profile, QStringLiteral("video_l"))->label, QStringLiteral("Trailer cut"));

    QVERIFY2(m_store->setLabel(profile, QStringLiteral("video_l"), QStringLiteral(" Final – 最终版 "), &error),
             qPrintable(error));
    QCOMPARE(m_store->task(profile, QStringLiteral("video_l"))->label, QStringLiteral("Final – 最终版"));

    QVERIFY2(m_store->setLabel(profile, QStringLiteral("video_l"), kNoLabel, &error), qPrintable(error));
    task = m_store->task(profile, QStringLiteral("video_l"));
    QVERIFY(task->label.isEmpty());
    QCOMPARE(task->displayName(), QStringLiteral("video_l"));
}

void TestStore::removeTasksFromOneProfileOrFromAll()
{
    const qint64 first = addProfileOrFail(QStringLiteral("First"));
    const qint64 second = addProfileOrFail(QStringLiteral("Second"));
    QString error;
    const QStringList ids = {QStringLiteral("video_x"), QStringLiteral("video_y"), QStringLiteral("video_z")};
    QVERIFY(m_store->addTasks(first, ids, kNoLabel, &error));
    QVERIFY(m_store->addTasks(second, ids, kNoLabel, &error));
    QVERIFY2(m_store->recordUpdates(first, {updateWithTask(videoTask(QStringLiteral("video_x"), TaskStatus::Queued))},
                                    &error),
             qPrintable(error));

    QCOMPARE(m_store->removeTasks(first, {QStringLiteral("video_x")}, &error), 1);
    QVERIFY(!m_store->task(first, QStringLiteral("video_x")));
    QVERIFY(m_store->task(second, QStringLiteral("video_x")));
    QCOMPARE(rowCount(m_store->database(), QStringLiteral("status_history")), 0); // its history went with it

    QCOMPARE(m_store->removeTasks(0, {QStringLiteral("video_y"), QStringLiteral("video_x")}, &error), 3);
    QVERIFY(!m_store->task(first, QStringLiteral("video_y")));
    QVERIFY(!m_store->task(second, QStringLiteral("video_y")));
    QVERIFY(!m_store->task(second, QStringLiteral("video_x")));

    QCOMPARE(m_store->removeTasks(first, {QStringLiteral("video_never_added")}, &error), 0);
    QCOMPARE(m_store->tasks(first).size(), 1);
    QCOMPARE(m_store->tasks(second).size(), 1);
}

void TestStore::archivedTasksAreHiddenOnRequest()
{
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    QVERIFY(m_store->addTasks(
        profile, {QStringLiteral("video_1"), QStringLiteral("video_2"), QStringLiteral("video_3")}, kNoLabel, &error));
    QVERIFY2(m_store->setArchived(profile, {QStringLiteral("video_1"), QStringLiteral("video_3")}, true, &error),
             qPrintable(error));

    const QList<StoredTask> visible = m_store->tasks(profile, false);
    QCOMPARE(visible.size(), 1);
    QCOMPARE(visible.first().taskId, QStringLiteral("video_2"));
    QCOMPARE(m_store->tasks(std::nullopt, false).size(), 1);
    const QList<StoredTask> all = m_store->tasks(profile, true);
    QCOMPARE(all.size(), 3);
    QVERIFY(all.at(0).archived);
    QVERIFY(!all.at(1).archived);
    QVERIFY(all.at(2).archived);

    QVERIFY2(m_store->setArchived(profile, {QStringLiteral("video_3")}, false, &error), qPrintable(error));
    QCOMPARE(m_store->tasks(profile, false).size(), 2);
    QVERIFY(!m_store->task(profile, QStringLiteral("video_3"))->archived);
}

void TestStore::taskLookup()
{
    const qint64 first = addProfileOrFail(QStringLiteral("First"));
    const qint64 second = addProfileOrFail(QStringLiteral("Second"));
    QString error;
    QVERIFY(m_store->addTasks(first, {QStringLiteral("video_found")}, QStringLiteral("Found"), &error));

    const std::optional<StoredTask> found = m_store->task(first, QStringLiteral("video_found"));
    QVERIFY(found);
    QCOMPARE(found->taskId, QStringLiteral("video_found"));
    QCOMPARE(found->profileId, first);
    QCOMPARE(found->label, QStringLiteral("Found"));
    QVERIFY(!m_store->task(second, QStringLiteral("video_found")));
    QVERIFY(!m_store->task(first, QStringLiteral("video_missing")));
    QVERIFY(!m_store->task(first, QStringLiteral("VIDEO_FOUND"))); // IDs are case-sensitive
}

// ---------------------------------------------------------------------------------------------
// Recorded poll results

void TestStore::recordUpdatesStoresEveryField()
{
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    const QString id = QStringLiteral("video_68d7512d07848190b3e45da0ecbebcde");
    QVERIFY(m_store->addTasks(profile, {id}, kNoLabel, &error));

    VideoTask task;
    task.id = id;
    task.object = QStringLiteral("video");
    task.model = QStringLiteral("sora-2-pro");
    task.status = TaskStatus::Failure;
    task.rawStatus = QStringLiteral("failed");
    task.progress = 87;
    task.prompt = QStringLiteral("Ein Zug im Nebel – 霧の中の列車, \"quoted\" and 'single' ; DROP TABLE tasks;");
    task.size = QStringLiteral("1280x720");
    task.seconds = QStringLiteral("8");
    task.createdAt = 1712697600;
    task.completedAt = 1712697750;
    task.expiresAt = 1712784000;
    task.error = TaskError{QStringLiteral("moderation_blocked"), QStringLiteral("The prompt was blocked.")};
    task.resultUrl = QStringLiteral("https://cdn.example.com/videos/result.mp4?sig=abc");
    task.rawJson = QByteArrayLiteral(R"({"id":"video_68d7","status":"failed","progress":87,"note":"é"})");
    TaskUpdate update = updateWithTask(task);

    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    QVERIFY2(m_store->recordUpdates(profile, {update}, &error), qPrintable(error));
    const qint64 after = QDateTime::currentMSecsSinceEpoch();

    // Read back through a second connection, as the next start of the application would.
    m_store.reset();
    Store reopened;
    QVERIFY2(reopened.open(storePath(), &error), qPrintable(error));
    const QList<StoredTask> tasks = reopened.tasks();
    QCOMPARE(tasks.size(), 1);
    const StoredTask& stored = tasks.first();
    QCOMPARE(stored.taskId, id);
    QVERIFY(stored.last);
    const VideoTask& last = *stored.last;
    QCOMPARE(last.id, id);
    QCOMPARE(last.object, task.object);
    QCOMPARE(last.model, task.model);
    QCOMPARE(statusWireName(last.status), QStringLiteral("FAILURE"));
    QCOMPARE(last.rawStatus, task.rawStatus);
    QCOMPARE(last.progress, task.progress);
    QCOMPARE(last.prompt, task.prompt);
    QCOMPARE(last.size, task.size);
    QCOMPARE(last.seconds, task.seconds);
    QCOMPARE(last.createdAt, task.createdAt);
    QCOMPARE(last.completedAt, task.completedAt);
    QCOMPARE(last.expiresAt, task.expiresAt);
    QVERIFY(last.error);
    QCOMPARE(last.error->code, task.error->code);
    QCOMPARE(last.error->message, task.error->message);
    QCOMPARE(last.resultUrl, task.resultUrl);
    QCOMPARE(last.rawJson, task.rawJson);
    QVERIFY(!stored.lastError.isError());
    QVERIFY(!stored.gaveUp);
    QVERIFY2(stored.updatedAtMs >= before && stored.updatedAtMs <= after,
             qPrintable(QString::number(stored.updatedAtMs)));

    const QList<HistoryEntry> history = reopened.history(stored.rowId);
    QCOMPARE(history.size(), 1);
    QCOMPARE(statusWireName(history.first().status.value_or(TaskStatus::Unknown)), QStringLiteral("FAILURE"));
    QCOMPARE(history.first().rawStatus, QStringLiteral("failed"));
    QCOMPARE(history.first().progress, std::optional<int>(87));
    QCOMPARE(history.first().errorCode, QStringLiteral("moderation_blocked"));
    QCOMPARE(history.first().errorMessage, QStringLiteral("The prompt was blocked."));
    QVERIFY(history.first().fetchErrorKind.isEmpty());
    QCOMPARE(history.first().atMs, stored.updatedAtMs);
}

void TestStore::recordUpdatesClearsOptionalFields()
{
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    const QString id = QStringLiteral("video_sparse");
    QVERIFY(m_store->addTasks(profile, {id}, kNoLabel, &error));

    VideoTask full = videoTask(id, TaskStatus::InProgress, 50);
    full.createdAt = 1712697600;
    full.expiresAt = 1712784000;
    full.error = TaskError{QStringLiteral("warning"), QStringLiteral("slow")};
    full.resultUrl = QStringLiteral("https://cdn.example.com/partial.mp4");
    QVERIFY2(m_store->recordUpdates(profile, {updateWithTask(full)}, &error), qPrintable(error));

    VideoTask sparse;
    sparse.id = id;
    sparse.status = TaskStatus::Queued;
    QVERIFY2(m_store->recordUpdates(profile, {updateWithTask(sparse)}, &error), qPrintable(error));

    const std::optional<StoredTask> stored = m_store->task(profile, id);
    QVERIFY(stored && stored->last);
    QCOMPARE(statusWireName(stored->last->status), QStringLiteral("QUEUED"));
    QVERIFY(stored->last->rawStatus.isEmpty());
    QCOMPARE(stored->last->progress, std::nullopt);
    QVERIFY(stored->last->model.isEmpty());
    QCOMPARE(stored->last->createdAt, std::nullopt);
    QCOMPARE(stored->last->completedAt, std::nullopt);
    QCOMPARE(stored->last->expiresAt, std::nullopt);
    QVERIFY(!stored->last->error);
    QVERIFY(stored->last->resultUrl.isEmpty());
    QVERIFY(stored->last->rawJson.isEmpty());
}

void TestStore::sameUpdateTwiceWritesOneHistoryRow()
{
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    const QString id = QStringLiteral("video_repeat");
    QVERIFY(m_store->addTasks(profile, {id}, kNoLabel, &error));
    const TaskUpdate update = updateWithTask(videoTask(id, TaskStatus::InProgress, 40));
    QVERIFY2(m_store->recordUpdates(profile, {update}, &error), qPrintable(error));
    QVERIFY2(m_store->recordUpdates(profile, {update}, &error), qPrintable(error));
    QVERIFY2(m_store->recordUpdates(profile, {update, update}, &error), qPrintable(error));
    QCOMPARE(m_store->history(m_store->task(profile, id)->rowId).size(), 1);
}

void TestStore::sameUpdateWithoutProgressTwiceWritesOneHistoryRow()
{
    // Most providers never report progress: an unchanged QUEUED answer must not grow the timeline.
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    const QString id = QStringLiteral("video_no_progress");
    QVERIFY(m_store->addTasks(profile, {id}, kNoLabel, &error));
    const TaskUpdate update = updateWithTask(videoTask(id, TaskStatus::Queued, std::nullopt));
    for (int poll = 0; poll < 3; ++poll)
        QVERIFY2(m_store->recordUpdates(profile, {update}, &error), qPrintable(error));
    const QList<HistoryEntry> history = m_store->history(m_store->task(profile, id)->rowId);
    QCOMPARE(history.size(), 1);
    QCOMPARE(history.first().progress, std::nullopt);
}

void TestStore::progressIsRecordedInStepsOfTenPoints()
{
    // A render that reports every percent: the timeline keeps the status changes and a row per ten
    // points, not a hundred rows that say nothing new; the task itself always has the latest.
    const qint64 profile = addProfileOrFail(QStringLiteral("Ticks"));
    QString error;
    const QString id = QStringLiteral("video_ticks");
    QVERIFY(m_store->addTasks(profile, {id}, kNoLabel, &error));
    const qint64 row = m_store->task(profile, id)->rowId;
    QVERIFY(m_store->recordUpdates(profile, {updateWithTask(videoTask(id, TaskStatus::Queued))}, &error));
    for (int progress = 0; progress <= 99; progress += 3) {
        QVERIFY2(
            m_store->recordUpdates(profile, {updateWithTask(videoTask(id, TaskStatus::InProgress, progress))}, &error),
            qPrintable(error));
        QCOMPARE(m_store->task(profile, id)->last->progress, std::optional<int>(progress));
    }
    // Progress that goes back (a provider restarting the render) is a step too.
    QVERIFY(m_store->recordUpdates(profile, {updateWithTask(videoTask(id, TaskStatus::InProgress, 12))}, &error));
    QVERIFY(m_store->recordUpdates(profile, {updateWithTask(videoTask(id, TaskStatus::Success, 100))}, &error));

    QList<int> steps;
    QStringList statuses;
    for (const HistoryEntry& entry : m_store->history(row)) {
        steps << entry.progress.value_or(-1);
        statuses << statusWireName(entry.status.value_or(TaskStatus::Unknown));
    }
    QCOMPARE(steps, (QList<int>{-1, 0, 12, 24, 36, 48, 60, 72, 84, 96, 12, 100}));
    QCOMPARE(statuses.first(), QStringLiteral("QUEUED"));
    QCOMPARE(statuses.mid(1, 10), QStringList(10, QStringLiteral("IN_PROGRESS")));
    QCOMPARE(statuses.last(), QStringLiteral("SUCCESS"));
}

void TestStore::timelineStepsCollapseOldTicks()
{
    const auto entry = [](TaskStatus status, std::optional<int> progress, const QString& fetchKind = QString()) {
        HistoryEntry e;
        e.status = status;
        e.rawStatus = statusWireName(status).toLower();
        e.progress = progress;
        e.fetchErrorKind = fetchKind;
        if (!fetchKind.isEmpty())
            e.fetchError = ApiError::legacy(errorKindFromName(fetchKind), QStringLiteral("HTTP 503"));
        return e;
    };
    QList<HistoryEntry> ticks{entry(TaskStatus::Queued, std::nullopt)};
    for (int progress = 2; progress <= 30; progress += 2)
        ticks << entry(TaskStatus::InProgress, progress);
    ticks << entry(TaskStatus::InProgress, 31, QStringLiteral("server_error")) // an error is always a row
          << entry(TaskStatus::InProgress, 33) << entry(TaskStatus::InProgress, 35) << entry(TaskStatus::Success, 100);
    QList<int> kept;
    for (const HistoryEntry& e : TimelineSteps::collapse(ticks))
        kept << e.progress.value_or(-1);
    QCOMPARE(kept, (QList<int>{-1, 2, 12, 22, 31, 33, 100}));
    QVERIFY(TimelineSteps::collapse({}).isEmpty());
    QVERIFY(TimelineSteps::isProgressStep(std::nullopt, 10));
    QVERIFY(!TimelineSteps::isProgressStep(std::nullopt, 9));
    QVERIFY(TimelineSteps::isProgressStep(95, 5));
    QVERIFY(!TimelineSteps::isProgressStep(40, std::nullopt));
}

void TestStore::aFetchErrorKnowsSinceWhen()
{
    // "Not found since …" is read back from the history, so it survives a restart; a good answer ends it.
    const qint64 profile = addProfileOrFail(QStringLiteral("Since"));
    QString error;
    const QString id = QStringLiteral("video_since");
    QVERIFY(m_store->addTasks(profile, {id}, kNoLabel, &error));
    QVERIFY(m_store->recordUpdates(profile, {updateWithTask(videoTask(id, TaskStatus::Queued))}, &error));
    QCOMPARE(m_store->task(profile, id)->problemSinceMs, qint64(0));

    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(m_store->recordUpdates(profile, {updateWithFetchError(id, ErrorKind::ServerError, QStringLiteral("502"))},
                                   &error));
    QTest::qWait(20);
    // The same kind again, then another kind: "since" is when each kind began.
    QVERIFY(m_store->recordUpdates(profile, {updateWithFetchError(id, ErrorKind::ServerError, QStringLiteral("503"))},
                                   &error));
    const qint64 serverSince = m_store->task(profile, id)->problemSinceMs;
    QVERIFY2(serverSince >= before && serverSince <= QDateTime::currentMSecsSinceEpoch() - 20,
             qPrintable(QString::number(serverSince - before)));
    QTest::qWait(20);
    const qint64 beforeNotFound = QDateTime::currentMSecsSinceEpoch();
    TaskUpdate gone = updateWithFetchError(id, ErrorKind::NotFound, QStringLiteral("404"));
    gone.outcome.gaveUp = true;
    QVERIFY(m_store->recordUpdates(profile, {gone}, &error));
    QVERIFY(m_store->recordUpdates(profile, {gone}, &error));
    const std::optional<StoredTask> stored = m_store->task(profile, id);
    QVERIFY(stored->problemSinceMs >= beforeNotFound);
    QCOMPARE(m_store->tasks(profile).first().problemSinceMs, stored->problemSinceMs);

    QVERIFY(m_store->recordUpdates(profile, {updateWithTask(videoTask(id, TaskStatus::InProgress, 50))}, &error));
    QCOMPARE(m_store->task(profile, id)->problemSinceMs, qint64(0));

    // A good answer and the error after it in one batch (one flush of the recorder): rows of one time.
    const QString quick = QStringLiteral("video_since_quick");
    QVERIFY(m_store->addTasks(profile, {quick}, kNoLabel, &error));
    const qint64 beforeBatch = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(m_store->recordUpdates(profile,
                                   {updateWithTask(videoTask(quick, TaskStatus::Queued)),
                                    updateWithFetchError(quick, ErrorKind::NotFound, QStringLiteral("404"))},
                                   &error));
    QVERIFY(m_store->task(profile, quick)->problemSinceMs >= beforeBatch);
}

void TestStore::historyRowForEachKindOfChange()
{
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    const QString id = QStringLiteral("video_life");
    QVERIFY(m_store->addTasks(profile, {id}, kNoLabel, &error));
    const qint64 row = m_store->task(profile, id)->rowId;
    auto record = [&](const TaskUpdate& update) { return m_store->recordUpdates(profile, {update}, &error); };
    auto historySize = [&] { return m_store->history(row).size(); };

    VideoTask task = videoTask(id, TaskStatus::Queued, 0);
    QVERIFY(record(updateWithTask(task)));
    QCOMPARE(historySize(), 1);

    task.status = TaskStatus::InProgress; // status changed
    task.rawStatus = QStringLiteral("in_progress");
    QVERIFY(record(updateWithTask(task)));
    QCOMPARE(historySize(), 2);

    task.progress = 35; // progress changed
    QVERIFY(record(updateWithTask(task)));
    QCOMPARE(historySize(), 3);

    task.model = QStringLiteral("sora-2-pro"); // nothing the timeline shows changed
    task.rawJson = QByteArrayLiteral(R"({"changed":"only the body"})");
    QVERIFY(record(updateWithTask(task)));
    QCOMPARE(historySize(), 3);
    QCOMPARE(m_store->task(profile, id)->last->model, QStringLiteral("sora-2-pro"));

    TaskUpdate failing = updateWithTask(task); // fetch error appeared, last good task kept
    failing.error = ApiError::legacy(ErrorKind::ServerError, QStringLiteral("HTTP 503"));
    QVERIFY(record(failing));
    QCOMPARE(historySize(), 4);
    QVERIFY(record(failing)); // the same error again
    QCOMPARE(historySize(), 4);
    failing.error = ApiError::legacy(ErrorKind::Timeout, QStringLiteral("no answer within 30 s"));
    QVERIFY(record(failing)); // another kind of fetch error
    QCOMPARE(historySize(), 5);

    QVERIFY(record(updateWithTask(task))); // recovered: fetch error cleared
    QCOMPARE(historySize(), 6);

    task.error = TaskError{QStringLiteral("quota"), QStringLiteral("Render quota reached")}; // task error appeared
    QVERIFY(record(updateWithTask(task)));
    QCOMPARE(historySize(), 7);

    task.status = TaskStatus::Failure;
    task.rawStatus = QStringLiteral("failed");
    QVERIFY(record(updateWithTask(task)));
    QVERIFY(record(updateWithTask(task)));
    QCOMPARE(historySize(), 8);

    const QList<HistoryEntry> history = m_store->history(row);
    QCOMPARE(statusWireName(history.at(0).status.value_or(TaskStatus::Unknown)), QStringLiteral("QUEUED"));
    QCOMPARE(history.at(0).progress, std::optional<int>(0));
    QCOMPARE(statusWireName(history.at(1).status.value_or(TaskStatus::Unknown)), QStringLiteral("IN_PROGRESS"));
    QCOMPARE(history.at(2).progress, std::optional<int>(35));
    QCOMPARE(history.at(3).fetchErrorKind, QStringLiteral("server_error"));
    QCOMPARE(history.at(3).errorMessage, QStringLiteral("HTTP 503"));
    QCOMPARE(statusWireName(history.at(3).status.value_or(TaskStatus::Unknown)), QStringLiteral("IN_PROGRESS"));
    QCOMPARE(history.at(4).fetchErrorKind, QStringLiteral("timeout"));
    QVERIFY(history.at(5).fetchErrorKind.isEmpty());
    QCOMPARE(history.at(6).errorCode, QStringLiteral("quota"));
    QCOMPARE(history.at(6).errorMessage, QStringLiteral("Render quota reached"));
    QCOMPARE(statusWireName(history.at(7).status.value_or(TaskStatus::Unknown)), QStringLiteral("FAILURE"));
    for (int i = 1; i < history.size(); ++i)
        QVERIFY(history.at(i).atMs >= history.at(i - 1).atMs);
}

void TestStore::fetchErrorAloneKeepsLastGoodTask()
{
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    const QString id = QStringLiteral("video_flaky");
    QVERIFY(m_store->addTasks(profile, {id}, kNoLabel, &error));
    VideoTask good = videoTask(id, TaskStatus::InProgress, 55);
    good.prompt = QStringLiteral("A kite over dunes");
    QVERIFY2(m_store->recordUpdates(profile, {updateWithTask(good)}, &error), qPrintable(error));

    QVERIFY2(m_store->recordUpdates(
                 profile, {updateWithFetchError(id, ErrorKind::ServerError, QStringLiteral("HTTP 502 Bad Gateway"))},
                 &error),
             qPrintable(error));

    const std::optional<StoredTask> stored = m_store->task(profile, id);
    QVERIFY(stored && stored->last);
    QCOMPARE(statusWireName(stored->last->status), QStringLiteral("IN_PROGRESS"));
    QCOMPARE(stored->last->progress, std::optional<int>(55));
    QCOMPARE(stored->last->prompt, QStringLiteral("A kite over dunes"));
    QCOMPARE(stored->last->rawJson, good.rawJson);
    QCOMPARE(int(stored->lastError.kind), int(ErrorKind::ServerError));
    QCOMPARE(stored->lastError.message(), QStringLiteral("HTTP 502 Bad Gateway"));
    QVERIFY(!stored->gaveUp);

    const QList<HistoryEntry> history = m_store->history(stored->rowId);
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.last().fetchErrorKind, QStringLiteral("server_error"));
    QCOMPARE(history.last().errorMessage, QStringLiteral("HTTP 502 Bad Gateway"));
    QCOMPARE(statusWireName(history.last().status.value_or(TaskStatus::Unknown)), QStringLiteral("IN_PROGRESS"));
    QCOMPARE(history.last().progress, std::optional<int>(55));

    // A never-answered task gets its error recorded too.
    const QString unseen = QStringLiteral("video_unseen");
    QVERIFY(m_store->addTasks(profile, {unseen}, kNoLabel, &error));
    QVERIFY2(m_store->recordUpdates(
                 profile, {updateWithFetchError(unseen, ErrorKind::Network, QStringLiteral("offline"))}, &error),
             qPrintable(error));
    const std::optional<StoredTask> never = m_store->task(profile, unseen);
    QVERIFY(!never->last);
    QCOMPARE(int(never->lastError.kind), int(ErrorKind::Network));
    QCOMPARE(m_store->history(never->rowId).size(), 1);
}

void TestStore::fetchErrorKeepsItsStructure()
{
    QString error;
    const qint64 profileId = TestProfiles::addIdleProfile(*m_store, &error) ? m_store->defaultProfile()->id : 0;
    QVERIFY(m_store->addTasks(profileId, {QStringLiteral("video_structured")}, QString(), &error));
    TaskUpdate update;
    update.taskId = QStringLiteral("video_structured");
    update.error = ApiError::of(ErrorKind::RateLimited, ErrorReason::RateLimited, 429, QStringLiteral("Slow down"));
    update.error.retryAfterMs = 4000;
    update.outcome.errorChanged = true;
    QVERIFY2(m_store->recordUpdates(profileId, {update}, &error), qPrintable(error));

    const std::optional<StoredTask> stored = m_store->task(profileId, update.taskId);
    QVERIFY(stored);
    QVERIFY(stored->lastError == update.error); // every field, not only the words
    const QList<HistoryEntry> history = m_store->history(stored->rowId);
    QCOMPARE(history.size(), 1);
    QVERIFY(history.first().fetchError == update.error);
    // The words are there too, for whoever reads the file without Reelwatch.
    QCOMPARE(scalar(m_store->database(),
                    QStringLiteral("SELECT fetch_error_message FROM tasks WHERE task_id = 'video_structured'"))
                 .toString(),
             QStringLiteral("rate limited by the server (HTTP 429; retry in 4 s): Slow down"));

    // The same error again is no change; another wait is.
    QVERIFY(m_store->recordUpdates(profileId, {update}, &error));
    QCOMPARE(m_store->history(stored->rowId).size(), 1);
    update.error.retryAfterMs = 8000;
    QVERIFY(m_store->recordUpdates(profileId, {update}, &error));
    QCOMPARE(m_store->history(stored->rowId).size(), 2);
}

void TestStore::gaveUpPersists()
{
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    const QString id = QStringLiteral("video_gone");
    QVERIFY(m_store->addTasks(profile, {id}, kNoLabel, &error));
    TaskUpdate notFound = updateWithFetchError(id, ErrorKind::NotFound, QStringLiteral("HTTP 404"));
    notFound.httpStatus = 404;
    notFound.outcome.gaveUp = true;
    QVERIFY2(m_store->recordUpdates(profile, {notFound}, &error), qPrintable(error));

    m_store.reset();
    Store reopened;
    QVERIFY2(reopened.open(storePath(), &error), qPrintable(error));
    const std::optional<StoredTask> stored = reopened.task(profile, id);
    QVERIFY(stored);
    QVERIFY(stored->gaveUp);
    QCOMPARE(int(stored->lastError.kind), int(ErrorKind::NotFound));
    QCOMPARE(stored->lastError.message(), QStringLiteral("HTTP 404"));
    QVERIFY(!stored->last);

    // Also with a last good state to keep.
    const QString second = QStringLiteral("video_gone_later");
    QVERIFY(reopened.addTasks(profile, {second}, kNoLabel, &error));
    QVERIFY(reopened.recordUpdates(profile, {updateWithTask(videoTask(second, TaskStatus::Queued))}, &error));
    TaskUpdate later = updateWithTask(videoTask(second, TaskStatus::Queued));
    later.error = ApiError::legacy(ErrorKind::NotFound, QStringLiteral("HTTP 404"));
    later.outcome.gaveUp = true;
    QVERIFY2(reopened.recordUpdates(profile, {later}, &error), qPrintable(error));
    QVERIFY(reopened.task(profile, second)->gaveUp);
    QCOMPARE(statusWireName(reopened.task(profile, second)->last->status), QStringLiteral("QUEUED"));
}

void TestStore::updatesForUnknownTasksAreIgnored()
{
    const qint64 first = addProfileOrFail(QStringLiteral("First"));
    const qint64 second = addProfileOrFail(QStringLiteral("Second"));
    QString error;
    const QString known = QStringLiteral("video_known");
    QVERIFY(m_store->addTasks(first, {known}, kNoLabel, &error));
    QVERIFY(m_store->addTasks(second, {QStringLiteral("video_elsewhere")}, kNoLabel, &error));

    const QList<TaskUpdate> updates = {
        updateWithTask(videoTask(QStringLiteral("video_adhoc"), TaskStatus::Success, 100)),
        updateWithTask(videoTask(known, TaskStatus::InProgress, 10)),
        updateWithTask(videoTask(QStringLiteral("video_elsewhere"), TaskStatus::Failure)), // another profile's
        updateWithFetchError(QStringLiteral("video_adhoc_2"), ErrorKind::NotFound, QStringLiteral("HTTP 404")),
    };
    QVERIFY2(m_store->recordUpdates(first, updates, &error), qPrintable(error));

    QCOMPARE(m_store->tasks().size(), 2);
    QVERIFY(!m_store->task(first, QStringLiteral("video_adhoc")));
    QVERIFY(!m_store->task(first, QStringLiteral("video_elsewhere")));
    QCOMPARE(statusWireName(m_store->task(first, known)->last->status), QStringLiteral("IN_PROGRESS"));
    QVERIFY(!m_store->task(second, QStringLiteral("video_elsewhere"))->last);
    QCOMPARE(rowCount(m_store->database(), QStringLiteral("status_history")), 1);

    QVERIFY(m_store->recordUpdates(first, {}, &error));
}

void TestStore::failingRecordUpdatesWritesNothing()
{
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    const QStringList ids = {QStringLiteral("video_t1"), QStringLiteral("video_t2"), QStringLiteral("video_t3")};
    QVERIFY(m_store->addTasks(profile, ids, kNoLabel, &error));
    QVERIFY2(m_store->recordUpdates(
                 profile, {updateWithTask(videoTask(QStringLiteral("video_t1"), TaskStatus::Queued, 0))}, &error),
             qPrintable(error));

    // With its history table refusing rows (as a full disk would), every write of the batch fails after
    // the first task row was updated. (The table stays: reading the tasks consults it.)
    QSqlQuery refuse(m_store->database());
    QVERIFY2(refuse.exec(QStringLiteral("CREATE TRIGGER refuse_history BEFORE INSERT ON status_history "
                                        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")),
             qPrintable(refuse.lastError().text()));

    QList<TaskUpdate> updates;
    for (const QString& id : ids)
        updates << updateWithTask(videoTask(id, TaskStatus::Success, 100));
    error.clear();
    QVERIFY(!m_store->recordUpdates(profile, updates, &error));
    QVERIFY(!error.isEmpty());

    const QList<StoredTask> tasks = m_store->tasks(profile);
    QCOMPARE(tasks.size(), 3);
    QCOMPARE(statusWireName(tasks.at(0).last->status), QStringLiteral("QUEUED"));
    QCOMPARE(tasks.at(0).last->progress, std::optional<int>(0));
    QVERIFY(!tasks.at(1).last);
    QVERIFY(!tasks.at(2).last);
    QCOMPARE(scalar(m_store->database(), QStringLiteral("SELECT COUNT(*) FROM tasks WHERE status = 'SUCCESS'")).toInt(),
             0);

    // The connection is left usable: no transaction is still open.
    QVERIFY2(m_store->setLabel(profile, QStringLiteral("video_t2"), QStringLiteral("after the failure"), &error),
             qPrintable(error));
    QVERIFY(m_store->addTasks(profile, {QStringLiteral("video_t4")}, kNoLabel, &error));
    m_store.reset();
    Store reopened;
    QVERIFY2(reopened.open(storePath(), &error), qPrintable(error));
    QCOMPARE(reopened.task(profile, QStringLiteral("video_t2"))->label, QStringLiteral("after the failure"));
    QVERIFY(reopened.task(profile, QStringLiteral("video_t4")));
}

void TestStore::concurrentConnectionsDoNotFailRecordUpdates()
{
    // The window and a CLI run share the file; each waits for the other's write lock (busy
    // timeout) instead of failing. Here a second connection in another thread keeps committing
    // small transactions while this one records poll results.
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    const QString id = QStringLiteral("video_contended");
    QVERIFY(m_store->addTasks(profile, {id}, kNoLabel, &error));

    std::atomic<bool> stop{false};
    std::atomic<int> otherFailures{0};
    std::atomic<int> otherCommits{0};
    QString otherError;
    const QString path = storePath();
    std::unique_ptr<QThread> other(QThread::create([&] {
        Store second;
        QString openError;
        if (!second.open(path, &openError)) {
            otherError = openError;
            ++otherFailures;
            return;
        }
        int n = 0;
        while (!stop) {
            QString failure;
            if (!second.addTasks(profile, {QStringLiteral("video_other_%1").arg(++n)}, kNoLabel, &failure)) {
                ++otherFailures;
                otherError = failure;
            } else {
                ++otherCommits;
            }
        }
    }));
    other->start();
    QTRY_VERIFY(otherCommits > 0 || otherFailures > 0);

    int failures = 0;
    QString firstFailure;
    QElapsedTimer timer;
    timer.start();
    for (int poll = 0; poll < 300 && timer.elapsed() < 10000; ++poll) {
        QString failure;
        if (!m_store->recordUpdates(profile, {updateWithTask(videoTask(id, TaskStatus::InProgress, poll % 101))},
                                    &failure)) {
            if (failures++ == 0)
                firstFailure = failure;
        }
    }
    stop = true;
    other->wait();
    qInfo("%d commits by the other connection, %d of its writes failed", int(otherCommits), int(otherFailures));
    QVERIFY2(
        failures == 0,
        qPrintable(
            QStringLiteral("%1 of the recordUpdates calls failed, first with: %2").arg(failures).arg(firstFailure)));
    QVERIFY2(otherFailures == 0, qPrintable(otherError));
}

// ---------------------------------------------------------------------------------------------
// The batching recorder

void TestStore::checkedTimesOnlyMoveForward()
{
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    QVERIFY(m_store->addTasks(profile, {QStringLiteral("video_c1"), QStringLiteral("video_c2")}, kNoLabel, &error));
    QCOMPARE(m_store->task(profile, QStringLiteral("video_c1"))->checkedAtMs, std::nullopt);

    QVERIFY2(m_store->recordChecked(profile, {{QStringLiteral("video_c1"), 1800000005000}}, &error), qPrintable(error));
    QCOMPARE(m_store->task(profile, QStringLiteral("video_c1"))->checkedAtMs, std::optional<qint64>(1800000005000));
    QCOMPARE(m_store->task(profile, QStringLiteral("video_c2"))->checkedAtMs, std::nullopt);
    // Another process polling the same task may write an older time last: it is not taken.
    QVERIFY(m_store->recordChecked(profile, {{QStringLiteral("video_c1"), 1800000001000}}, &error));
    QCOMPARE(m_store->task(profile, QStringLiteral("video_c1"))->checkedAtMs, std::optional<qint64>(1800000005000));
    // Unknown IDs (an ad-hoc command-line ID) are ignored.
    QVERIFY(m_store->recordChecked(profile, {{QStringLiteral("video_unknown"), 1800000009000}}, &error));
    QCOMPARE(m_store->tasks(profile).size(), 2);
}

void TestStore::recorderWritesCheckedTimesWithTheBatch()
{
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    const QStringList ids = {QStringLiteral("video_k1"), QStringLiteral("video_k2")};
    QVERIFY(m_store->addTasks(profile, ids, kNoLabel, &error));
    StoreRecorder recorder(m_store.get(), profile);
    recorder.record(updateWithTask(videoTask(ids.at(0), TaskStatus::InProgress, 10)));
    // Confirmed again and again within one burst: one pending write per task, the latest time.
    for (qint64 at = 1800000000000; at < 1800000000100; at += 10)
        recorder.recordChecked(ids, at);
    QCOMPARE(recorder.pendingCount(), 3);
    QVERIFY(recorder.flush());
    QCOMPARE(recorder.pendingCount(), 0);
    QCOMPARE(m_store->task(profile, ids.at(0))->checkedAtMs, std::optional<qint64>(1800000000090));
    QCOMPARE(m_store->task(profile, ids.at(1))->checkedAtMs, std::optional<qint64>(1800000000090));
    QCOMPARE(m_store->task(profile, ids.at(0))->last->progress, std::optional<int>(10));
    // Confirmations alone write no history: nothing about the task changed.
    QCOMPARE(rowCount(m_store->database(), QStringLiteral("status_history")), 1);
}

void TestStore::recorderWritesBurstInOneFlushAfterDelay()
{
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    const QStringList ids = {QStringLiteral("video_r1"), QStringLiteral("video_r2"), QStringLiteral("video_r3"),
                             QStringLiteral("video_r4")};
    QVERIFY(m_store->addTasks(profile, ids, kNoLabel, &error));
    auto written = [&] {
        return scalar(m_store->database(), QStringLiteral("SELECT COUNT(*) FROM tasks WHERE status IS NOT NULL"))
            .toInt();
    };

    StoreRecorder recorder(m_store.get(), profile);
    QSignalSpy failures(&recorder, &StoreRecorder::writeFailed);
    QElapsedTimer sinceFirst;
    sinceFirst.start();
    for (int i = 0; i < ids.size(); ++i) {
        recorder.record(updateWithTask(videoTask(ids.at(i), TaskStatus::InProgress, 10 * (i + 1))));
        QTest::qWait(25);
    }
    QCOMPARE(recorder.pendingCount(), 4);
    // Well inside the flush delay: nothing on disk yet.
    while (sinceFirst.elapsed() < StoreRecorder::kFlushDelayMs * 3 / 4) {
        QCOMPARE(written(), 0);
        QTest::qWait(10);
    }
    QCOMPARE(written(), 0);
    QCOMPARE(rowCount(m_store->database(), QStringLiteral("status_history")), 0);

    QTRY_COMPARE_WITH_TIMEOUT(written(), 4, 5000);
    QVERIFY2(sinceFirst.elapsed() >= StoreRecorder::kFlushDelayMs * 9 / 10,
             qPrintable(QString::number(sinceFirst.elapsed())));
    QCOMPARE(recorder.pendingCount(), 0);
    QCOMPARE(rowCount(m_store->database(), QStringLiteral("status_history")), 4);
    // One flush: one recordUpdates call stamps every row of the burst with the same time.
    QCOMPARE(scalar(m_store->database(), QStringLiteral("SELECT COUNT(DISTINCT updated_at) FROM tasks")).toInt(), 1);
    QCOMPARE(scalar(m_store->database(), QStringLiteral("SELECT COUNT(DISTINCT at) FROM status_history")).toInt(), 1);
    QCOMPARE(m_store->task(profile, QStringLiteral("video_r3"))->last->progress, std::optional<int>(30));
    QCOMPARE(failures.size(), 0);

    // The next burst starts a new delay.
    recorder.record(updateWithTask(videoTask(ids.at(0), TaskStatus::Success, 100)));
    QCOMPARE(recorder.pendingCount(), 1);
    QTRY_COMPARE(statusWireName(m_store->task(profile, ids.at(0))->last->status), QStringLiteral("SUCCESS"));
    QCOMPARE(recorder.pendingCount(), 0);
}

void TestStore::recorderFlushesOnDestruction()
{
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    QVERIFY(m_store->addTasks(profile, {QStringLiteral("video_d1"), QStringLiteral("video_d2")}, kNoLabel, &error));
    {
        StoreRecorder recorder(m_store.get(), profile);
        recorder.record(updateWithTask(videoTask(QStringLiteral("video_d1"), TaskStatus::Success, 100)));
        recorder.record(updateWithFetchError(QStringLiteral("video_d2"), ErrorKind::Timeout, QStringLiteral("slow")));
        QCOMPARE(recorder.pendingCount(), 2);
    }
    QCOMPARE(statusWireName(m_store->task(profile, QStringLiteral("video_d1"))->last->status),
             QStringLiteral("SUCCESS"));
    QCOMPARE(int(m_store->task(profile, QStringLiteral("video_d2"))->lastError.kind), int(ErrorKind::Timeout));

    // An explicit flush writes at once, and an empty flush succeeds.
    StoreRecorder recorder(m_store.get(), profile);
    QVERIFY(recorder.flush());
    recorder.record(updateWithTask(videoTask(QStringLiteral("video_d2"), TaskStatus::Queued)));
    QVERIFY(recorder.flush());
    QCOMPARE(recorder.pendingCount(), 0);
    QCOMPARE(statusWireName(m_store->task(profile, QStringLiteral("video_d2"))->last->status),
             QStringLiteral("QUEUED"));
}

void TestStore::recorderKeepsFailedBatchAndRetries()
{
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QString error;
    QVERIFY(m_store->addTasks(profile, {QStringLiteral("video_f1"), QStringLiteral("video_f2")}, kNoLabel, &error));

    QSqlQuery move(m_store->database());
    QVERIFY(move.exec(QStringLiteral("ALTER TABLE status_history RENAME TO status_history_away")));

    StoreRecorder recorder(m_store.get(), profile);
    QSignalSpy failures(&recorder, &StoreRecorder::writeFailed);
    for (int progress : {10, 20, 30})
        recorder.record(updateWithTask(videoTask(QStringLiteral("video_f1"), TaskStatus::InProgress, progress)));
    recorder.record(updateWithTask(videoTask(QStringLiteral("video_f2"), TaskStatus::Queued)));
    QVERIFY(!recorder.flush());
    QCOMPARE(failures.size(), 1);
    QVERIFY(!failures.first().first().toString().isEmpty());
    QCOMPARE(recorder.pendingCount(), 2); // only each task's latest state is kept
    // Read straight from the table: the task query itself needs the history table that is away.
    QVERIFY(
        scalar(m_store->database(), QStringLiteral("SELECT status FROM tasks WHERE task_id = 'video_f1'")).isNull());

    QVERIFY(move.exec(QStringLiteral("ALTER TABLE status_history_away RENAME TO status_history")));
    QTRY_COMPARE_WITH_TIMEOUT(recorder.pendingCount(), 0, 5000); // retried by its own timer
    QCOMPARE(m_store->task(profile, QStringLiteral("video_f1"))->last->progress, std::optional<int>(30));
    QCOMPARE(statusWireName(m_store->task(profile, QStringLiteral("video_f2"))->last->status),
             QStringLiteral("QUEUED"));
    QCOMPARE(rowCount(m_store->database(), QStringLiteral("status_history")), 2);
}

// ---------------------------------------------------------------------------------------------
// Scale and secrets

void TestStore::loadsTenThousandTasks()
{
    constexpr int kTaskCount = 10000;
    const qint64 profile = addProfileOrFail(QStringLiteral("P"));
    QStringList ids;
    ids.reserve(kTaskCount);
    for (int i = 0; i < kTaskCount; ++i)
        ids << QStringLiteral("video_load_%1").arg(i, 5, 10, QLatin1Char('0'));

    QElapsedTimer timer;
    timer.start();
    QString error;
    const std::optional<Store::AddOutcome> added = m_store->addTasks(profile, ids, QStringLiteral("bulk"), &error);
    QVERIFY2(added, qPrintable(error));
    QCOMPARE(added->added.size(), kTaskCount);
    const qint64 addMs = timer.restart();

    QList<TaskUpdate> updates;
    updates.reserve(kTaskCount);
    for (int i = 0; i < kTaskCount; ++i) {
        const TaskStatus status
            = i % 3 == 0 ? TaskStatus::Success : (i % 3 == 1 ? TaskStatus::InProgress : TaskStatus::Queued);
        VideoTask task = videoTask(ids.at(i), status, i % 101);
        task.prompt = QStringLiteral("Prompt number %1: a slow pan over a harbour at dawn").arg(i);
        task.createdAt = 1712697600 + i;
        updates << updateWithTask(task);
    }
    QVERIFY2(m_store->recordUpdates(profile, updates, &error), qPrintable(error));
    const qint64 recordMs = timer.restart();

    const QList<StoredTask> tasks = m_store->tasks();
    const qint64 loadMs = timer.elapsed();
    qInfo("10,000 tasks: addTasks %lld ms, recordUpdates %lld ms, tasks() %lld ms", addMs, recordMs, loadMs);

    QCOMPARE(tasks.size(), kTaskCount);
    for (int i : {0, 1, 2, 4999, 9998, kTaskCount - 1}) {
        const StoredTask& task = tasks.at(i);
        QCOMPARE(task.taskId, ids.at(i));
        QCOMPARE(task.label, QStringLiteral("bulk"));
        QVERIFY(task.last);
        QCOMPARE(task.last->progress, std::optional<int>(i % 101));
        QCOMPARE(task.last->createdAt, std::optional<qint64>(1712697600 + i));
        QCOMPARE(task.last->prompt, QStringLiteral("Prompt number %1: a slow pan over a harbour at dawn").arg(i));
        QCOMPARE(statusWireName(task.last->status), statusWireName(updates.at(i).task->status));
    }
    QCOMPARE(rowCount(m_store->database(), QStringLiteral("status_history")), kTaskCount);
    QCOMPARE(m_store->tasks(profile, false).size(), kTaskCount);
}

void TestStore::schemaHasNoColumnForSecrets()
{
    // There is no API that takes a key; the schema must not offer a place for one either. Column
    // names are split into words so that keychain_id (the keychain entry's name) is not mistaken
    // for a key.
    const QSet<QString> forbiddenWords
        = {QStringLiteral("key"),   QStringLiteral("apikey"),     QStringLiteral("secret"),
           QStringLiteral("token"), QStringLiteral("password"),   QStringLiteral("passwd"),
           QStringLiteral("pwd"),   QStringLiteral("credential"), QStringLiteral("credentials"),
           QStringLiteral("jwt"),   QStringLiteral("bearer"),     QStringLiteral("authorization")};
    QStringList tables;
    QSqlQuery master(m_store->database());
    QVERIFY(master.exec(QStringLiteral("SELECT name, sql FROM sqlite_master WHERE type = 'table'")));
    while (master.next()) {
        tables << master.value(0).toString();
        QVERIFY(!master.value(1).toString().isEmpty());
    }
    QVERIFY(tables.contains(QStringLiteral("profiles")));
    QVERIFY(tables.contains(QStringLiteral("tasks")));

    int columnCount = 0;
    for (const QString& table : std::as_const(tables)) {
        const QStringList columns = columnsOf(m_store->database(), table);
        QVERIFY(!columns.isEmpty());
        for (const QString& column : columns) {
            ++columnCount;
            const QStringList words
                = column.toLower().split(QRegularExpression(QStringLiteral("[^a-z0-9]+")), Qt::SkipEmptyParts);
            for (const QString& word : words)
                QVERIFY2(!forbiddenWords.contains(word), qPrintable(QStringLiteral("%1.%2").arg(table, column)));
        }
    }
    QVERIFY(columnCount > 20);
    QVERIFY(columnsOf(m_store->database(), QStringLiteral("profiles")).contains(QStringLiteral("keychain_id")));
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"

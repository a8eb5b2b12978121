// The task database through the real binary: add, list, remove, export, import, profiles, and
// `status`/`watch` on a profile's stored tasks recording what they learn, history included.
// Keys come from REELWATCH_API_KEY here; the keychain has its own system tests.

#include "cliprocess.h"
#include "core/taskcopy.h"
#include "demo/demoserver.h"
#include "demoplans.h"
#include "store/store.h"
#include "store/timelinesteps.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace Reelwatch;

namespace {

const QString kKey = QStringLiteral("sk-store-cli-83b1f0c2d4e6a859");

DemoTaskPlan plan(const QString& id, qint64 finishesAfterMs, bool fails = false)
{
    return DemoPlans::paced(id, finishesAfterMs, fails,
                            QStringLiteral("=SUM(A1) a prompt that looks like a formula, with \"quotes\", commas"));
}

} // namespace

class TestStoreCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void firstRunHasNoProfile();
    void addListRemove();
    void sameIdOnTwoProfilesIsTwoTasks();
    void profileCommands();
    void statusAllRecordsIntoTheStore();
    void watchAllRecordsEveryChange();
    void exportImportRoundTrip();
    void exportCarriesProvidersAndTheirFiles();
    void csvExportIsSafeAndReimportable();
    void aKeyTheServerEchoesIsNeverStoredExportedOrCopied();
    void listCannotDriveTheTerminal();
    void importRejectsGarbageWithoutChanges();
    void adHocRunsLeaveTheStoreAlone();
    void fullDiskIsExitFive();
    void fullDiskAtOpenIsExitFive_data();
    void fullDiskAtOpenIsExitFive();
    void aDatabaseFromANewerVersionIsLeftAlone();
    void watchAllFollowsTasksAddedAndRemoved();

private:
    CliRun run(const QStringList& arguments, const QByteArray& input = {}, FileSizeLimit limit = {});
    QProcessEnvironment environment() const;
    QString databasePath() const;
    void useDemoProfile();

    QTemporaryDir* m_home = nullptr;
    DemoServer* m_server = nullptr;
};

void TestStoreCli::init()
{
    m_home = new QTemporaryDir;
    QVERIFY(m_home->isValid());
    m_server = new DemoServer(this);
    m_server->setRequiredSecret(kKey.toUtf8());
    QVERIFY(m_server->listen());
    // The profile a user with one gateway has: the default, named as earlier versions named theirs.
    const QLatin1String test(QTest::currentTestFunction());
    if (test != QLatin1String("firstRunHasNoProfile") && test != QLatin1String("adHocRunsLeaveTheStoreAlone")) {
        const CliRun added = run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("OpenAI"),
                                  QStringLiteral("--base-url"), QStringLiteral("https://gateway.example.com")});
        QVERIFY2(added.exitCode == 0, added.err.constData());
    }
}

void TestStoreCli::cleanup()
{
    delete m_server;
    delete m_home;
}

QString TestStoreCli::databasePath() const
{
    return m_home->path() + QStringLiteral("/data/Reelwatch/reelwatch/reelwatch.sqlite3");
}

CliRun TestStoreCli::run(const QStringList& arguments, const QByteArray& input, FileSizeLimit limit)
{
    return runReelwatch(arguments, environment(), input, 60000, limit);
}

void TestStoreCli::useDemoProfile()
{
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("Demo"),
                  QStringLiteral("--base-url"), m_server->baseUrl().toString()})
                 .exitCode,
             0);
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("set-default"), QStringLiteral("Demo")}).exitCode, 0);
}

QProcessEnvironment TestStoreCli::environment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), m_home->path());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home->path() + QStringLiteral("/data"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->path() + QStringLiteral("/config"));
    environment.insert(QStringLiteral("REELWATCH_API_KEY"), kKey);
    // The demo server is polled at test speed (--interval below a second): PollLimits::testing().
    environment.insert(QStringLiteral("REELWATCH_POLL_LIMITS"), QStringLiteral("testing"));
    environment.remove(QStringLiteral("REELWATCH_TOKEN"));
    environment.remove(QStringLiteral("REELWATCH_BASE_URL"));
    environment.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    return environment;
}

void TestStoreCli::firstRunHasNoProfile()
{
    // Nothing is made up for a dead or unknown service: no profile until the user adds one.
    const CliRun profiles = run({QStringLiteral("profile"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(profiles.exitCode, 0);
    QVERIFY(profiles.jsonLines().isEmpty());
    QVERIFY(QFile::exists(databasePath()));
    QCOMPARE(QFile::permissions(databasePath()) & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
             QFileDevice::Permissions());

    const CliRun added = run({QStringLiteral("add"), QStringLiteral("video_a")});
    QCOMPARE(added.exitCode, 2);
    QVERIFY2(added.err.contains("there is no profile"), added.err.constData());
    // Without a profile or a server nothing is sent anywhere, least of all to a default host.
    const CliRun status = run({QStringLiteral("status"), QStringLiteral("video_a")});
    QCOMPARE(status.exitCode, 2);
    QVERIFY2(status.err.contains("there is no profile"), status.err.constData());
    QVERIFY(m_server->recentRequests().isEmpty());
}

void TestStoreCli::addListRemove()
{
    const CliRun added
        = run({QStringLiteral("add"), QStringLiteral("--label"), QStringLiteral("Boat"), QStringLiteral("video_a"),
               QStringLiteral("bad/id"), QStringLiteral("video_b"), QStringLiteral("-")},
              "video_c\nvideo_a\n");
    QCOMPARE(added.exitCode, 2); // one invalid ID, reported and skipped
    QVERIFY(added.err.contains("skipped 'bad/id'"));
    QVERIFY(added.out.contains("added 3"));
    const CliRun again = run({QStringLiteral("add"), QStringLiteral("video_a")});
    QCOMPARE(again.exitCode, 0); // adding an existing task is not an error
    QVERIFY(again.out.contains("1 already there"));

    const CliRun listed = run({QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(listed.exitCode, 0);
    QStringList ids;
    for (const QJsonObject& line : listed.jsonLines()) {
        ids << line.value(QStringLiteral("id")).toString();
        QCOMPARE(line.value(QStringLiteral("label")).toString(), QStringLiteral("Boat"));
        QCOMPARE(line.value(QStringLiteral("profile")).toString(), QStringLiteral("OpenAI"));
    }
    QCOMPARE(ids, (QStringList{QStringLiteral("video_a"), QStringLiteral("video_b"), QStringLiteral("video_c")}));

    const CliRun removed = run({QStringLiteral("remove"), QStringLiteral("video_b"), QStringLiteral("video_zzz")});
    QCOMPARE(removed.exitCode, 1);
    QVERIFY(removed.out.contains("removed 1"));
    QVERIFY(removed.err.contains("'video_zzz' is not stored"));
    const CliRun table = run({QStringLiteral("list")});
    QVERIFY(table.out.startsWith("PROFILE"));
    QVERIFY(!table.out.contains("video_b"));
    QVERIFY(table.out.contains("video_c"));
}

void TestStoreCli::sameIdOnTwoProfilesIsTwoTasks()
{
    QCOMPARE(
        run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("Gateway"), QStringLiteral("--base-url"),
             m_server->baseUrl().toString(), QStringLiteral("--auth"), QStringLiteral("token")})
            .exitCode,
        0);
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("video_same")}).exitCode, 0);
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("--profile"), QStringLiteral("Gateway"),
                  QStringLiteral("video_same")})
                 .exitCode,
             0);
    QCOMPARE(run({QStringLiteral("list"), QStringLiteral("--json")}).jsonLines().size(), 2);
    const CliRun gatewayOnly = run(
        {QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--profile"), QStringLiteral("Gateway")});
    QCOMPARE(gatewayOnly.jsonLines().size(), 1);
    QCOMPARE(run({QStringLiteral("remove"), QStringLiteral("--profile"), QStringLiteral("Gateway"),
                  QStringLiteral("video_same")})
                 .exitCode,
             0);
    QCOMPARE(run({QStringLiteral("list"), QStringLiteral("--json")}).jsonLines().size(), 1);
}

void TestStoreCli::profileCommands()
{
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("Local"),
                  QStringLiteral("--base-url"), m_server->baseUrl().toString() + QStringLiteral("/v1/")})
                 .exitCode,
             0);
    const CliRun duplicate = run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("local"),
                                  QStringLiteral("--base-url"), m_server->baseUrl().toString()});
    QCOMPARE(duplicate.exitCode, 2);
    QVERIFY(duplicate.err.contains("exists already"));
    const CliRun insecure = run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("Plain"),
                                 QStringLiteral("--base-url"), QStringLiteral("http://gateway.example.com")});
    QCOMPARE(insecure.exitCode, 2);
    QVERIFY(insecure.err.contains("http://"));
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("set-default"), QStringLiteral("Local")}).exitCode, 0);
    const QList<QJsonObject> profiles
        = run({QStringLiteral("profile"), QStringLiteral("list"), QStringLiteral("--json")}).jsonLines();
    QCOMPARE(profiles.size(), 2);
    for (const QJsonObject& profile : profiles) {
        if (profile.value(QStringLiteral("name")).toString() == QLatin1String("Local")) {
            QVERIFY(profile.value(QStringLiteral("default")).toBool());
            QCOMPARE(profile.value(QStringLiteral("base_url")).toString(), m_server->baseUrl().toString());
        }
    }
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("video_local")}).exitCode, 0);
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("remove"), QStringLiteral("Local")}).exitCode, 0);
    QCOMPARE(run({QStringLiteral("list"), QStringLiteral("--json")}).jsonLines().size(), 0); // its tasks went with it
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("remove"), QStringLiteral("Nope")}).exitCode, 2);
}

void TestStoreCli::statusAllRecordsIntoTheStore()
{
    m_server->addTask(plan(QStringLiteral("video_s1"), 0));
    m_server->addTask(plan(QStringLiteral("video_s2"), 0, true));
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("Demo"),
                  QStringLiteral("--base-url"), m_server->baseUrl().toString()})
                 .exitCode,
             0);
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("--profile"), QStringLiteral("Demo"),
                  QStringLiteral("video_s1"), QStringLiteral("video_s2"), QStringLiteral("video_gone")})
                 .exitCode,
             0);
    const CliRun status = run({QStringLiteral("status"), QStringLiteral("--profile"), QStringLiteral("Demo"),
                               QStringLiteral("--all"), QStringLiteral("--json")});
    QCOMPARE(status.exitCode, 1); // video_gone is not on the server
    QCOMPARE(status.jsonLines().size(), 3);

    Store store;
    QString error;
    QVERIFY2(store.open(databasePath(), &error), qPrintable(error));
    const std::optional<Profile> demo = store.profileByName(QStringLiteral("Demo"));
    QVERIFY(demo);
    const std::optional<StoredTask> done = store.task(demo->id, QStringLiteral("video_s1"));
    QVERIFY(done && done->last);
    QCOMPARE(done->last->status, TaskStatus::Success);
    QVERIFY(!done->last->rawJson.isEmpty());
    QCOMPARE(store.history(done->rowId).size(), 1);
    const std::optional<StoredTask> failed = store.task(demo->id, QStringLiteral("video_s2"));
    QCOMPARE(failed->last->status, TaskStatus::Failure);
    QCOMPARE(failed->last->error->message, QStringLiteral("The prompt was blocked by the content policy."));
    const std::optional<StoredTask> gone = store.task(demo->id, QStringLiteral("video_gone"));
    QCOMPARE(gone->lastError.kind, ErrorKind::NotFound);

    // The same answer again changes nothing, so the history does not grow.
    QCOMPARE(
        run({QStringLiteral("status"), QStringLiteral("--profile"), QStringLiteral("Demo"), QStringLiteral("--all")})
            .exitCode,
        1);
    QCOMPARE(store.history(done->rowId).size(), 1);
}

void TestStoreCli::watchAllRecordsEveryChange()
{
    // Long enough that even a slow (sanitizer) build polling every 0.15 s sees several statuses.
    m_server->addTask(plan(QStringLiteral("video_w"), 3000));
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("Demo"),
                  QStringLiteral("--base-url"), m_server->baseUrl().toString()})
                 .exitCode,
             0);
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("set-default"), QStringLiteral("Demo")}).exitCode, 0);
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("video_w")}).exitCode, 0);
    const CliRun watch = run({QStringLiteral("watch"), QStringLiteral("--all"), QStringLiteral("--json"),
                              QStringLiteral("--interval"), QStringLiteral("0.15")});
    QCOMPARE(watch.exitCode, 0);
    // What the timeline keeps of the changes the watcher printed: every status, and progress in steps.
    int statusEvents = 0;
    int timelineRows = 0;
    QString recordedStatus;
    std::optional<int> recordedProgress;
    for (const QJsonObject& event : watch.jsonLines()) {
        if (event.value(QStringLiteral("event")).toString() != QLatin1String("status"))
            continue;
        ++statusEvents;
        const QString status = event.value(QStringLiteral("status")).toString() + QLatin1Char('/')
            + event.value(QStringLiteral("raw_status")).toString();
        const QJsonValue progressValue = event.value(QStringLiteral("progress"));
        const std::optional<int> progress
            = progressValue.isDouble() ? std::optional<int>(progressValue.toInt()) : std::nullopt;
        if (timelineRows == 0 || status != recordedStatus
            || TimelineSteps::isProgressStep(recordedProgress, progress)) {
            ++timelineRows;
            recordedStatus = status;
            recordedProgress = progress;
        }
    }

    Store store;
    QString error;
    QVERIFY2(store.open(databasePath(), &error), qPrintable(error));
    const std::optional<StoredTask> task
        = store.task(store.profileByName(QStringLiteral("Demo"))->id, QStringLiteral("video_w"));
    QCOMPARE(task->last->status, TaskStatus::Success);
    const QList<HistoryEntry> history = store.history(task->rowId);
    // Every status the watcher printed is in the timeline, in order, ending in SUCCESS; its progress
    // ticks only as steps of ten points.
    QCOMPARE(history.size(), timelineRows);
    QVERIFY(statusEvents >= timelineRows);
    QCOMPARE(history.constLast().status, std::optional<TaskStatus>(TaskStatus::Success));
    QVERIFY(history.size() >= 3);
    for (int i = 1; i < history.size(); ++i)
        QVERIFY(history.at(i).atMs >= history.at(i - 1).atMs);

    // Finished tasks are not watched again.
    const CliRun again = run({QStringLiteral("watch"), QStringLiteral("--all"), QStringLiteral("--json")});
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(again.jsonLines().constLast().value(QStringLiteral("succeeded")).toInt(), 0);
}

void TestStoreCli::exportImportRoundTrip()
{
    m_server->addTask(plan(QStringLiteral("video_x1"), 0));
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("Demo"),
                  QStringLiteral("--base-url"), m_server->baseUrl().toString()})
                 .exitCode,
             0);
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("--profile"), QStringLiteral("Demo"), QStringLiteral("--label"),
                  QStringLiteral("Kite"), QStringLiteral("video_x1")})
                 .exitCode,
             0);
    QCOMPARE(
        run({QStringLiteral("status"), QStringLiteral("--profile"), QStringLiteral("Demo"), QStringLiteral("--all")})
            .exitCode,
        0);
    const QString exportPath = m_home->path() + QStringLiteral("/export.json");
    QCOMPARE(run({QStringLiteral("export"), QStringLiteral("-o"), exportPath}).exitCode, 0);
    QFile exported(exportPath);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    const QByteArray json = exported.readAll();
    QVERIFY(!json.contains(kKey.toUtf8()));
    const QJsonObject document = QJsonDocument::fromJson(json).object();
    QCOMPARE(document.value(QStringLiteral("format")).toString(), QStringLiteral("reelwatch-tasks"));
    const QJsonObject task = document.value(QStringLiteral("tasks")).toArray().first().toObject();
    QCOMPARE(task.value(QStringLiteral("label")).toString(), QStringLiteral("Kite"));
    QCOMPARE(task.value(QStringLiteral("history")).toArray().size(), 1);

    // Into a fresh home: profiles, tasks, states and history all come back.
    QFile::remove(databasePath());
    QFile::remove(databasePath() + QStringLiteral("-wal"));
    QFile::remove(databasePath() + QStringLiteral("-shm"));
    const CliRun imported = run({QStringLiteral("import"), exportPath});
    QCOMPARE(imported.exitCode, 0);
    QVERIFY2(imported.out.contains("imported 1 new tasks"), imported.out.constData());
    const QString path = m_home->path() + QStringLiteral("/export-again.json");
    QCOMPARE(run({QStringLiteral("export"), QStringLiteral("-o"), path}).exitCode, 0);
    QFile again(path);
    QVERIFY(again.open(QIODevice::ReadOnly));
    QJsonObject reexported = QJsonDocument::fromJson(again.readAll()).object();
    QJsonObject original = document;
    reexported.remove(QStringLiteral("exported_at"));
    original.remove(QStringLiteral("exported_at"));
    QCOMPARE(reexported, original);
}

void TestStoreCli::exportCarriesProvidersAndTheirFiles()
{
    QFile described(m_home->path() + QStringLiteral("/acme.json"));
    QVERIFY(described.open(QIODevice::WriteOnly));
    const QByteArray acme = R"({"id": "acme", "name": "Acme Video", "status": {"path": "/v2/jobs/{id}"},
        "auth": {"header": "X-Acme-Key", "value": "{secret}"}, "fields": {"status": "/job/state"},
        "statuses": {"waiting": "QUEUED", "ok": "SUCCESS"}})";
    described.write(acme);
    described.close();
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("Runway"),
                  QStringLiteral("--provider"), QStringLiteral("runway")})
                 .exitCode,
             0);
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("Acme"),
                  QStringLiteral("--provider-file"), described.fileName(), QStringLiteral("--base-url"),
                  QStringLiteral("https://video.acme.example")})
                 .exitCode,
             0);
    const QString exportPath = m_home->path() + QStringLiteral("/export.json");
    QCOMPARE(run({QStringLiteral("export"), QStringLiteral("-o"), exportPath}).exitCode, 0);
    QFile exported(exportPath);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    const QByteArray json = exported.readAll();
    const QJsonObject document = QJsonDocument::fromJson(json).object();
    QCOMPARE(document.value(QStringLiteral("version")).toInt(), 2);
    QCOMPARE(document.value(QStringLiteral("provider_files")).toObject().value(QStringLiteral("acme")).toString(),
             QString::fromUtf8(acme));

    // Elsewhere (a fresh home, no provider files): the profiles come back speaking the same APIs.
    QVERIFY(QDir(m_home->path() + QStringLiteral("/data")).removeRecursively());
    const CliRun imported = run({QStringLiteral("import"), exportPath});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    QHash<QString, QString> providers;
    for (const QJsonObject& line :
         run({QStringLiteral("profile"), QStringLiteral("list"), QStringLiteral("--json")}).jsonLines())
        providers.insert(line.value(QStringLiteral("name")).toString(),
                         line.value(QStringLiteral("provider")).toString());
    QCOMPARE(providers.value(QStringLiteral("Runway")), QStringLiteral("runway"));
    QCOMPARE(providers.value(QStringLiteral("Acme")), QStringLiteral("acme"));
    QVERIFY(run({QStringLiteral("providers")}).out.contains("acme"));

    // A profile of a provider neither known here nor carried: nothing is imported, and it says why.
    QJsonObject foreign = document;
    QJsonArray profiles = foreign.value(QStringLiteral("profiles")).toArray();
    QJsonObject stranger = profiles.first().toObject();
    stranger.insert(QStringLiteral("name"), QStringLiteral("Stranger"));
    stranger.insert(QStringLiteral("provider"), QStringLiteral("nowhere-video"));
    profiles.append(stranger);
    foreign.insert(QStringLiteral("profiles"), profiles);
    const CliRun refused = run({QStringLiteral("import"), QStringLiteral("-")}, QJsonDocument(foreign).toJson());
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("nowhere-video") && refused.err.contains("Stranger"), refused.err.constData());
    QVERIFY(!run({QStringLiteral("profile"), QStringLiteral("list")}).out.contains("Stranger"));
}

void TestStoreCli::csvExportIsSafeAndReimportable()
{
    m_server->addTask(plan(QStringLiteral("video_csv"), 0));
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("Demo"),
                  QStringLiteral("--base-url"), m_server->baseUrl().toString()})
                 .exitCode,
             0);
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("--profile"), QStringLiteral("Demo"), QStringLiteral("--label"),
                  QStringLiteral("+ risky, label"), QStringLiteral("video_csv")})
                 .exitCode,
             0);
    QCOMPARE(
        run({QStringLiteral("status"), QStringLiteral("--profile"), QStringLiteral("Demo"), QStringLiteral("--all")})
            .exitCode,
        0);
    const CliRun csv = run({QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(csv.exitCode, 0);
    QVERIFY(csv.out.startsWith("profile,task_id,label,status"));
    QVERIFY(csv.out.contains("\"'+ risky, label\"")); // quoted, and never a formula
    QVERIFY(csv.out.contains("'=SUM(A1)"));
    QVERIFY(!csv.out.contains(",=SUM"));

    QCOMPARE(run({QStringLiteral("remove"), QStringLiteral("video_csv")}).exitCode, 0);
    const CliRun imported = run({QStringLiteral("import"), QStringLiteral("-")}, csv.out);
    QCOMPARE(imported.exitCode, 0);
    const QJsonObject line = run({QStringLiteral("list"), QStringLiteral("--json")}).jsonLines().value(0);
    QCOMPARE(line.value(QStringLiteral("label")).toString(), QStringLiteral("+ risky, label"));
    QCOMPARE(line.value(QStringLiteral("status")).toString(), QStringLiteral("SUCCESS"));
    QVERIFY(line.value(QStringLiteral("prompt")).toString().startsWith(QStringLiteral("=SUM(A1)")));
}

void TestStoreCli::aKeyTheServerEchoesIsNeverStoredExportedOrCopied()
{
    // The OpenAI shape with its list route: two of the tasks are refreshed from a page, one alone, and
    // the server repeats the key in every answer (prompt, model, link, error, nested and escaped fields).
    m_server->setFlavour(DemoFlavour::OpenAI);
    // Rendering for long enough that, after their first answers, they are due together and read from a page.
    m_server->addTask(plan(QStringLiteral("video_e1"), 60000));
    m_server->addTask(plan(QStringLiteral("video_e2"), 60000));
    m_server->scriptListFaults(QList<DemoFault>(4, DemoFault::EchoCredential));
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("Demo"),
                  QStringLiteral("--base-url"), m_server->baseUrl().toString()})
                 .exitCode,
             0);
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("set-default"), QStringLiteral("Demo")}).exitCode, 0);
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("fault_echo_key"), QStringLiteral("video_e1"),
                  QStringLiteral("video_e2")})
                 .exitCode,
             0);
    const CliRun watch = run({QStringLiteral("watch"), QStringLiteral("--all"), QStringLiteral("--json"),
                              QStringLiteral("-v"), QStringLiteral("--interval"), QStringLiteral("0.15")});
    QCOMPARE(watch.exitCode, 1); // the server failed all three
    QCOMPARE(watch.jsonLines().constLast().value(QStringLiteral("failed")).toInt(), 3);
    QVERIFY(m_server->requestCountFor(QStringLiteral("/v1/videos")) > 0); // a page was read
    const CliRun status = run({QStringLiteral("status"), QStringLiteral("-v"), QStringLiteral("fault_echo_key")});
    const CliRun list = run({QStringLiteral("list")});
    const CliRun listJson = run({QStringLiteral("list"), QStringLiteral("--json")});
    const CliRun exported = run({QStringLiteral("export")});
    const CliRun csv = run({QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(exported.exitCode, 0);
    QVERIFY2(listJson.out.contains("A lighthouse, for the key [redacted]"), listJson.out.constData());

    const QByteArray key = kKey.toUtf8();
    const auto assertClean = [&key](const QByteArray& text, const char* where) {
        QVERIFY2(!text.contains(key), qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(where), text)));
        QVERIFY2(!text.contains(key.right(8)), qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(where), text)));
        QVERIFY2(!text.contains("sk-st****"), qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(where), text)));
    };
    for (const CliRun* output : {&watch, &status, &list, &listJson, &exported, &csv})
        assertClean(output->out + output->err, "output");

    // The database as any SQLite reader sees it: every column of every row, JSON read back (escapes
    // decoded), and the files' bytes.
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("echo-check"));
        database.setDatabaseName(databasePath());
        QVERIFY(database.open());
        QSqlQuery tables(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"), database);
        QStringList names;
        while (tables.next())
            names << tables.value(0).toString();
        QVERIFY(names.contains(QStringLiteral("tasks")));
        QByteArray everything;
        for (const QString& table : std::as_const(names)) {
            QSqlQuery rows(QStringLiteral("SELECT * FROM \"%1\"").arg(table), database);
            while (rows.next()) {
                for (int column = 0; column < rows.record().count(); ++column) {
                    const QByteArray value = rows.value(column).toString().toUtf8();
                    everything += value + '\n';
                    const QJsonDocument json = QJsonDocument::fromJson(value);
                    if (!json.isNull())
                        everything += json.toJson(QJsonDocument::Compact) + '\n';
                }
            }
        }
        QVERIFY(everything.contains("[redacted]"));
        assertClean(everything, "database");
    }
    QSqlDatabase::removeDatabase(QStringLiteral("echo-check"));
    for (const QString& suffix : {QString(), QStringLiteral("-wal")}) {
        QFile file(databasePath() + suffix);
        if (file.open(QIODevice::ReadOnly))
            assertClean(file.readAll(), "database file");
    }

    // What the window's copy actions would put on the clipboard, for every kind.
    Store store;
    QString error;
    QVERIFY2(store.open(databasePath(), &error), qPrintable(error));
    const std::optional<Profile> demo = store.profileByName(QStringLiteral("Demo"));
    const QList<StoredTask> tasks = store.tasks(demo->id, false);
    QCOMPARE(tasks.size(), 3);
    for (const StoredTask& task : tasks) {
        const TaskCopySubject subject{task.taskId, ApiEndpoint(demo->baseUrl, AuthMode::Bearer), task.last};
        for (const TaskCopy::Kind kind : {TaskCopy::Kind::Id, TaskCopy::Kind::ResultLink, TaskCopy::Kind::Json,
                                          TaskCopy::Kind::Curl, TaskCopy::Kind::Prompt})
            assertClean(TaskCopy::forTask(kind, subject).value_or(QString()).toUtf8(), "copy");
    }
}

void TestStoreCli::listCannotDriveTheTerminal()
{
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("Demo"),
                  QStringLiteral("--base-url"), m_server->baseUrl().toString()})
                 .exitCode,
             0);
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("--profile"), QStringLiteral("Demo"), QStringLiteral("--label"),
                  QStringLiteral("Boat\u202E"), QStringLiteral("fault_controls")})
                 .exitCode,
             0);
    // The server's model for it carries an OSC window title sequence, which the store keeps as it came.
    QCOMPARE(
        run({QStringLiteral("status"), QStringLiteral("--profile"), QStringLiteral("Demo"), QStringLiteral("--all")})
            .exitCode,
        0);
    const CliRun list = run({QStringLiteral("list")});
    QCOMPARE(list.exitCode, 0);
    for (const QByteArray& control : {QByteArray("\x1b"), QByteArray("\x07"), QByteArray("\xe2\x80\xae")})
        QVERIFY2(!list.out.contains(control), list.out.toPercentEncoding(" :/[]();=_-.,'\"\n").constData());
    QVERIFY2(list.out.contains("sora-2\\u001b]0;owned\\u0007"), list.out.constData());
    QVERIFY2(list.out.contains("Boat\\u202e"), list.out.constData());
    QCOMPARE(list.out.trimmed().split('\n').size(), 2);
    const QJsonObject json = run({QStringLiteral("list"), QStringLiteral("--json")}).jsonLines().value(0);
    QCOMPARE(json.value(QStringLiteral("model")).toString(), QStringLiteral("sora-2\x1b]0;owned\x07"));
}

void TestStoreCli::importRejectsGarbageWithoutChanges()
{
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("video_keep")}).exitCode, 0);
    const CliRun garbage
        = run({QStringLiteral("import"), QStringLiteral("-")}, "{\"format\":\"reelwatch-tasks\",\"tasks\":[");
    QCOMPARE(garbage.exitCode, 1);
    QVERIFY(garbage.err.contains("not valid JSON"));
    const CliRun foreign = run({QStringLiteral("import"), QStringLiteral("-")}, "{\"hello\":1}");
    QCOMPARE(foreign.exitCode, 1);
    QVERIFY(foreign.err.contains("not a Reelwatch export"));
    const CliRun missing = run({QStringLiteral("import"), m_home->path() + QStringLiteral("/nope.json")});
    QCOMPARE(missing.exitCode, 2);
    QCOMPARE(run({QStringLiteral("list"), QStringLiteral("--json")}).jsonLines().size(), 1);
}

void TestStoreCli::adHocRunsLeaveTheStoreAlone()
{
    m_server->addTask(plan(QStringLiteral("video_adhoc"), 0));
    const CliRun status = run({QStringLiteral("status"), QStringLiteral("--base-url"), m_server->baseUrl().toString(),
                               QStringLiteral("video_adhoc")});
    QCOMPARE(status.exitCode, 0);
    QVERIFY(!QFile::exists(databasePath()));
}

namespace {

// Room for SQLite's shared index (the -shm file, 32 KiB) and a few pages of its journal: a disk that
// lets the database open and fills up with the first real write.
constexpr qint64 kAlmostFull = 40 * 1024;

} // namespace

void TestStoreCli::fullDiskIsExitFive()
{
    useDemoProfile();
    QByteArray ids;
    for (int i = 0; i < 90; ++i) {
        const QString id = QStringLiteral("video_full_%1").arg(i, 2, 10, QLatin1Char('0'));
        m_server->addTask(plan(id, 0));
        ids += id.toUtf8() + '\n';
    }
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("-")}, ids).exitCode, 0);

    // The disk fills up during the run: every render is seen to finish, none of it can be saved, and a
    // script must not take that for a success.
    const CliRun watch = run({QStringLiteral("watch"), QStringLiteral("--all"), QStringLiteral("--json"),
                              QStringLiteral("--interval"), QStringLiteral("0.15")},
                             {}, FileSizeLimit{kAlmostFull});
    QVERIFY2(watch.exitCode == 5, watch.err.constData());
    QVERIFY2(watch.err.contains("the results could not be saved in the task database"), watch.err.constData());
    QCOMPARE(watch.jsonLines().constLast().value(QStringLiteral("succeeded")).toInt(), 90);

    // `status` records what it learns too: the answers are printed, the failure to keep them is exit 5.
    const CliRun status = run({QStringLiteral("status"), QStringLiteral("--all"), QStringLiteral("--json")}, {},
                              FileSizeLimit{kAlmostFull});
    QVERIFY2(status.exitCode == 5, status.err.constData());
    QCOMPARE(status.jsonLines().size(), 90);
    QVERIFY2(status.err.contains("could not record the results"), status.err.constData());

    // What did fit is whole: the database opens and lists every task.
    const CliRun list = run({QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(list.exitCode, 0);
    QCOMPARE(list.jsonLines().size(), 90);
}

void TestStoreCli::fullDiskAtOpenIsExitFive_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("status") << QStringList{QStringLiteral("status"), QStringLiteral("--all")};
    QTest::newRow("watch") << QStringList{QStringLiteral("watch"), QStringLiteral("--all")};
    QTest::newRow("add") << QStringList{QStringLiteral("add"), QStringLiteral("video_more")};
    QTest::newRow("remove") << QStringList{QStringLiteral("remove"), QStringLiteral("video_one")};
    QTest::newRow("import") << QStringList{QStringLiteral("import"), QStringLiteral("-")};
    QTest::newRow("profile add") << QStringList{QStringLiteral("profile"), QStringLiteral("add"),
                                                QStringLiteral("Other"), QStringLiteral("--base-url"),
                                                QStringLiteral("https://other.example.com")};
    QTest::newRow("profile set-default") << QStringList{QStringLiteral("profile"), QStringLiteral("set-default"),
                                                        QStringLiteral("OpenAI")};
}

void TestStoreCli::fullDiskAtOpenIsExitFive()
{
    QFETCH(QStringList, arguments);
    useDemoProfile();
    m_server->addTask(plan(QStringLiteral("video_one"), 0));
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("video_one")}).exitCode, 0);
    const QByteArray exported = run({QStringLiteral("export")}).out;
    QVERIFY(!exported.isEmpty());
    const QByteArray before = run({QStringLiteral("list"), QStringLiteral("--json")}).out;

    // Not a byte more fits: the database cannot even be opened.
    const CliRun full = run(arguments, exported, FileSizeLimit{0});
    QVERIFY2(full.exitCode == 5, full.err.constData());
    QVERIFY2(full.err.contains("cannot open the task database"), full.err.constData());
    QCOMPARE(run({QStringLiteral("list"), QStringLiteral("--json")}).out, before);
}

void TestStoreCli::aDatabaseFromANewerVersionIsLeftAlone()
{
    const int newer = 99;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
        raw.setDatabaseName(databasePath());
        QVERIFY(raw.open());
        QSqlQuery query(raw);
        QVERIFY(query.exec(QStringLiteral("PRAGMA user_version = %1").arg(newer)));
        raw.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("newer"));
    QFile file(databasePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();

    // A mistyped option is still a usage error: the options are read before the database is opened.
    const CliRun badOption = run(
        {QStringLiteral("status"), QStringLiteral("--timeout"), QStringLiteral("-1"), QStringLiteral("video_one")});
    QVERIFY2(badOption.exitCode == 2, badOption.err.constData());
    QVERIFY2(badOption.err.contains("--timeout"), badOption.err.constData());

    for (const QStringList& arguments :
         {QStringList{QStringLiteral("list")}, QStringList{QStringLiteral("status"), QStringLiteral("video_one")},
          QStringList{QStringLiteral("add"), QStringLiteral("video_one")}}) {
        const CliRun refused = run(arguments);
        QVERIFY2(refused.exitCode == 5, refused.err.constData());
        QVERIFY2(refused.err.contains("newer Reelwatch"), refused.err.constData());
        QVERIFY(refused.out.isEmpty());
    }
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
}

void TestStoreCli::watchAllFollowsTasksAddedAndRemoved()
{
    useDemoProfile();
    m_server->addTask(DemoPlans::queued(QStringLiteral("video_stuck"), QStringLiteral("Never done")));
    m_server->addTask(plan(QStringLiteral("video_later"), 600));
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("video_stuck")}).exitCode, 0);

    QProcess watch;
    watch.setProcessEnvironment(environment());
    watch.start(QStringLiteral(REELWATCH_BINARY),
                {QStringLiteral("watch"), QStringLiteral("--all"), QStringLiteral("--json"),
                 QStringLiteral("--interval"), QStringLiteral("0.15")});
    QVERIFY(watch.waitForStarted(10000));
    QByteArray out;
    // Whether the watch has printed a status event for `id` (with `status`, when given).
    const auto printed = [&](const QString& id, const QString& status = QString()) {
        out += watch.readAllStandardOutput();
        for (const QByteArray& line : out.split('\n')) {
            const QJsonObject event = QJsonDocument::fromJson(line).object();
            if (event.value(QStringLiteral("event")).toString() == QLatin1String("status")
                && event.value(QStringLiteral("id")).toString() == id
                && (status.isEmpty() || event.value(QStringLiteral("status")).toString() == status))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(printed(QStringLiteral("video_stuck")), 30000);

    // Added by another process while the watch runs: polled within an interval, to its end.
    QCOMPARE(run({QStringLiteral("add"), QStringLiteral("video_later")}).exitCode, 0);
    QTRY_VERIFY_WITH_TIMEOUT(printed(QStringLiteral("video_later"), QStringLiteral("SUCCESS")), 30000);

    // Removed by another process: no longer asked for, so the watch ends with nothing left to wait on.
    QCOMPARE(run({QStringLiteral("remove"), QStringLiteral("video_stuck")}).exitCode, 0);
    QTRY_VERIFY_WITH_TIMEOUT(watch.state() == QProcess::NotRunning, 30000);
    QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
    QCOMPARE(watch.exitCode(), 0);
    out += watch.readAllStandardOutput();
    const QJsonObject done = QJsonDocument::fromJson(out.trimmed().split('\n').constLast()).object();
    QCOMPARE(done.value(QStringLiteral("event")).toString(), QStringLiteral("done"));
    QCOMPARE(done.value(QStringLiteral("succeeded")).toInt(), 1);
    QCOMPARE(done.value(QStringLiteral("unfinished")).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestStoreCli)
#include "tst_storecli.moc"

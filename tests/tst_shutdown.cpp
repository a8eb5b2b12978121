// Ending Reelwatch with SIGTERM, as a service manager, a logout or `kill` does: the real binary as a
// child process, the window under the offscreen platform and `reelwatch watch`, each against the demo
// server over loopback and a real database in a throwaway home. A clean end writes what the process
// learnt into the database, keeps a download's .part for a later resume, lets go of its locks and says
// how it ended.

#include "cliprocess.h"
#include "demo/democdn.h"
#include "demo/demoserver.h"
#include "demoplans.h"
#include "net/singleinstance.h"
#include "store/store.h"

#include <csignal>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Reelwatch;

namespace {

const QString kKey = QStringLiteral("sk-shutdown-0d1e2f3a4b5c6d7e8f90");
// Generous: two shared cores and other test suites beside this one.
constexpr int kProcessTimeoutMs = 60000;

} // namespace

class TestShutdown : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void terminatedWindowWritesWhatItLearntAndLetsGo();
    void terminatedWatchRecordsKeepsThePartAndSaysDone();

private:
    QProcessEnvironment environment() const;
    CliRun run(const QStringList& arguments);
    QString databasePath() const;
    QString runtimeDirectory() const;
    // The stored status of a task as any SQLite reader sees it; empty when none is stored yet.
    QString storedStatus(QSqlDatabase& database, const QString& taskId) const;

    QTemporaryDir* m_home = nullptr;
    DemoServer* m_server = nullptr;
};

void TestShutdown::init()
{
    m_home = new QTemporaryDir;
    QVERIFY(m_home->isValid());
    QVERIFY(QDir(m_home->path()).mkdir(QStringLiteral("runtime")));
    QFile::setPermissions(runtimeDirectory(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    // This process works out the same lock and socket paths as the children.
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtimeDirectory()));
    m_server = new DemoServer(this);
    m_server->setRequiredSecret(kKey.toUtf8());
    QVERIFY(m_server->listen());
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("Demo"),
                  QStringLiteral("--base-url"), m_server->baseUrl().toString()})
                 .exitCode,
             0);
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("set-default"), QStringLiteral("Demo")}).exitCode, 0);
}

void TestShutdown::cleanup()
{
    delete m_server;
    delete m_home;
}

QProcessEnvironment TestShutdown::environment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), m_home->path());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home->path() + QStringLiteral("/data"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->path() + QStringLiteral("/config"));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_home->path() + QStringLiteral("/cache"));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDirectory());
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("REELWATCH_API_KEY"), kKey);
    environment.insert(QStringLiteral("REELWATCH_POLL_LIMITS"), QStringLiteral("testing"));
    for (const char* name : {"REELWATCH_TOKEN", "REELWATCH_BASE_URL", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY",
                             "WAYLAND_DISPLAY", "XDG_ACTIVATION_TOKEN", "DESKTOP_STARTUP_ID"})
        environment.remove(QString::fromLatin1(name));
    return environment;
}

CliRun TestShutdown::run(const QStringList& arguments)
{
    return runReelwatch(arguments, environment(), QByteArray(), kProcessTimeoutMs);
}

QString TestShutdown::databasePath() const
{
    return m_home->path() + QStringLiteral("/data/Reelwatch/reelwatch/reelwatch.sqlite3");
}

QString TestShutdown::runtimeDirectory() const
{
    return m_home->path() + QStringLiteral("/runtime");
}

QString TestShutdown::storedStatus(QSqlDatabase& database, const QString& taskId) const
{
    QSqlQuery query(database);
    query.prepare(QStringLiteral("SELECT status FROM tasks WHERE task_id = ?"));
    query.addBindValue(taskId);
    if (!query.exec() || !query.next())
        return QStringLiteral("(no such task)");
    return query.value(0).toString();
}

void TestShutdown::terminatedWindowWritesWhatItLearntAndLetsGo()
{
    // A render that waits in the queue, polled every second.
    const QString id = QStringLiteral("video_window_terminated");
    m_server->addTask(DemoPlans::timed(id, QStringLiteral("A long render"), 0, 10 * 60 * 1000, 20 * 60 * 1000));
    QCOMPARE(run({QStringLiteral("add"), id}).exitCode, 0);
    {
        Store store;
        QString error;
        QVERIFY2(store.open(databasePath(), &error), qPrintable(error));
        Profile profile = *store.profileByName(QStringLiteral("Demo"));
        profile.poll.baseIntervalMs = profile.poll.maxIntervalMs = 1000;
        QVERIFY2(store.updateProfile(profile, &error), qPrintable(error));
    }
    QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("holder"));
    database.setDatabaseName(databasePath());
    database.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=20000"));
    QVERIFY(database.open());

    QProcess window;
    window.setProcessEnvironment(environment());
    window.start(QStringLiteral(REELWATCH_BINARY), QStringList());
    QVERIFY(window.waitForStarted(kProcessTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(storedStatus(database, id) == QLatin1String("QUEUED")
                                 || window.state() == QProcess::NotRunning,
                             kProcessTimeoutMs);
    QVERIFY2(window.state() == QProcess::Running, window.readAllStandardError().constData());
    const QString instance = SingleInstance::keyForDatabase(databasePath());
    QVERIFY(QFileInfo::exists(SingleInstance::lockFilePath(instance)));
    QVERIFY(QFileInfo::exists(SingleInstance::socketPath(instance)));

    // Another writer now holds the database, and the render starts: what the window learns next waits
    // in its recorder, and only a clean shutdown writes it.
    QSqlQuery hold(database);
    QVERIFY(hold.exec(QStringLiteral("BEGIN IMMEDIATE")));
    m_server->addTask(DemoPlans::timed(id, QStringLiteral("A long render"), 0, 0, 20 * 60 * 1000));
    const QString path = QStringLiteral("/v1/videos/") + id;
    const int before = m_server->requestCountFor(path);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCountFor(path) > before, kProcessTimeoutMs);
    QTest::qWait(500); // the answer reaches the recorder, whose write waits for the lock
    QCOMPARE(storedStatus(database, id), QStringLiteral("QUEUED"));

    ::kill(static_cast<pid_t>(window.processId()), SIGTERM);
    QVERIFY(hold.exec(QStringLiteral("ROLLBACK")));
    QTRY_VERIFY_WITH_TIMEOUT(window.state() == QProcess::NotRunning, kProcessTimeoutMs);
    QCOMPARE(window.exitStatus(), QProcess::NormalExit);
    QCOMPARE(window.exitCode(), 0);

    // What the window learnt is in the database, and nothing of this instance is left behind.
    QCOMPARE(storedStatus(database, id), QStringLiteral("IN_PROGRESS"));
    database.close();
    database = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("holder"));
    QVERIFY(!QFileInfo::exists(SingleInstance::lockFilePath(instance)));
    QVERIFY(!QFileInfo::exists(SingleInstance::socketPath(instance)));

    // A signal that comes while the window is still starting ends it as cleanly.
    QProcess again;
    again.setProcessEnvironment(environment());
    again.start(QStringLiteral(REELWATCH_BINARY), QStringList());
    QVERIFY(again.waitForStarted(kProcessTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(SingleInstance::lockFilePath(instance))
                                 || again.state() == QProcess::NotRunning,
                             kProcessTimeoutMs);
    ::kill(static_cast<pid_t>(again.processId()), SIGTERM);
    QTRY_VERIFY_WITH_TIMEOUT(again.state() == QProcess::NotRunning, kProcessTimeoutMs);
    QCOMPARE(again.exitStatus(), QProcess::NormalExit);
    QCOMPARE(again.exitCode(), 0);
    QVERIFY(!QFileInfo::exists(SingleInstance::lockFilePath(instance)));
    QVERIFY(!QFileInfo::exists(SingleInstance::socketPath(instance)));
}

void TestShutdown::terminatedWatchRecordsKeepsThePartAndSaysDone()
{
    // A large video served from the CDN origin, which lives in this process: while this test does not
    // turn its event loop, the download stands still, half done.
    DemoTaskPlan plan = DemoPlans::finished(QStringLiteral("video_watch_terminated"), QStringLiteral("A big one"));
    plan.contentBytes = 256LL * 1024 * 1024;
    m_server->addTask(plan);
    m_server->setContentViaCdn(true);
    QCOMPARE(run({QStringLiteral("add"), plan.id}).exitCode, 0);
    const QString folder = m_home->path() + QStringLiteral("/videos");
    QVERIFY(QDir().mkpath(folder));

    QProcess watch;
    watch.setProcessEnvironment(environment());
    watch.start(QStringLiteral(REELWATCH_BINARY),
                {QStringLiteral("watch"), QStringLiteral("--all"), QStringLiteral("--json"),
                 QStringLiteral("--download"), folder});
    QVERIFY(watch.waitForStarted(kProcessTimeoutMs));
    const QString part = folder + QLatin1Char('/') + plan.id + QStringLiteral(".mp4.part");
    QDeadlineTimer deadline(kProcessTimeoutMs);
    while (QFileInfo(part).size() == 0 && watch.state() == QProcess::Running && !deadline.hasExpired())
        QTest::qWait(2); // short turns: the CDN sends only while this loop turns
    QVERIFY2(watch.state() == QProcess::Running, watch.readAllStandardError().constData());

    // From here on the CDN sends nothing more: the signal finds the download under way.
    ::kill(static_cast<pid_t>(watch.processId()), SIGTERM);
    QVERIFY(watch.waitForFinished(kProcessTimeoutMs));
    QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
    QCOMPARE(watch.exitCode(), 130);
    const QList<QByteArray> lines = watch.readAllStandardOutput().trimmed().split('\n');
    const QJsonObject done = QJsonDocument::fromJson(lines.constLast()).object();
    QCOMPARE(done.value(QStringLiteral("event")).toString(), QStringLiteral("done"));
    QCOMPARE(done.value(QStringLiteral("interrupted")).toBool(), true);
    QCOMPARE(done.value(QStringLiteral("succeeded")).toInt(), 1);
    QCOMPARE(done.value(QStringLiteral("downloaded")).toInt(), 0);

    // The part stays for a later resume, with its record; its lock and the finished name do not exist.
    QVERIFY(QFileInfo(part).size() > 0);
    QVERIFY(QFileInfo(part).size() < plan.contentBytes);
    QVERIFY(QFileInfo::exists(part + QStringLiteral(".json")));
    QVERIFY(!QFileInfo::exists(part + QStringLiteral(".lock")));
    QVERIFY(!QFileInfo::exists(folder + QLatin1Char('/') + plan.id + QStringLiteral(".mp4")));
    // And what it learnt is stored.
    const CliRun listed = run({QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(listed.jsonLines().value(0).value(QStringLiteral("status")).toString(), QStringLiteral("SUCCESS"));

    // A later download takes up where it stopped.
    m_server->cdn()->clearRequests();
    const CliRun resumed = run({QStringLiteral("download"), plan.id, QStringLiteral("-o"), folder});
    QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
    QVERIFY(resumed.out.contains("resumed at"));
    QCOMPARE(QFileInfo(folder + QLatin1Char('/') + plan.id + QStringLiteral(".mp4")).size(), plan.contentBytes);
}

QTEST_GUILESS_MAIN(TestShutdown)
#include "tst_shutdown.moc"

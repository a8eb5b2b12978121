// `reelwatch download` and `watch --download` as users run them: the real binary against the demo
// API, which redirects content to its CDN on another loopback origin; files in a temporary folder.

#include "cliprocess.h"
#include "core/downloadnaming.h"
#include "demo/democdn.h"
#include "demo/demoserver.h"

#include <memory>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace Reelwatch;

namespace {

const QString kKey = QStringLiteral("sk-cli-download-5e8a1f0c3b7d9246KEYTAIL");
constexpr qint64 kSize = 2 * 1024 * 1024 + 77;
const QString kDone = QStringLiteral("video_cli_done");

QByteArray expected(const QString& id, const QString& variant, qint64 size)
{
    return DemoServer::contentSlice(id, variant, 0, size);
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestDownloadCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void helpListsOptionsAndExitCodes();
    void downloadIntoAFolder();
    void downloadToAFileNeverOverwrites();
    void downloadToStandardOutput();
    void otherVariants();
    void namePattern();
    void errorsGiveMessageAndExitCode();
    void diskFullOnStandardOutput();
    void resumeAfterAnInterruptedRun();
    void watchDownloadsEachSuccess();
    void watchQueuesABurstOfSuccesses();
    void watchReportsWhenNoNameIsFree();
    void tricklingServerStallsWithThePartKept_data();
    void tricklingServerStallsWithThePartKept();
    void aRedirectIsFollowedWithoutReadingItsBody();
    void headerFloodEndsWithTheDeadline();
    void outputToAPipeIsWrittenAsItIs();
    void outputToADeviceIsWrittenAsItIs_data();
    void outputToADeviceIsWrittenAsItIs();

private:
    CliRun download(const QStringList& arguments);
    QProcessEnvironment environment() const;
    void addDoneTask(const QString& id, qint64 size, qint64 finishesAfterMs = 0);

    DemoServer m_server;
    QTemporaryDir m_home;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestDownloadCli::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_server.setRequiredSecret(kKey.toUtf8());
    m_server.setContentViaCdn(true);
    QVERIFY(m_server.listen());
    addDoneTask(kDone, kSize);
    DemoTaskPlan rendering;
    rendering.id = QStringLiteral("video_cli_rendering");
    rendering.startsAfterMs = 0;
    rendering.finishesAfterMs = 3600 * 1000;
    m_server.addTask(rendering);
    DemoTaskPlan failed;
    failed.id = QStringLiteral("video_cli_failed");
    failed.queuedAfterMs = failed.startsAfterMs = failed.finishesAfterMs = 0;
    failed.fails = true;
    m_server.addTask(failed);
}

void TestDownloadCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server.cdn()->clearRequests();
    m_server.cdn()->setLinkLifetimeSeconds(3600);
    m_server.cdn()->dropEveryAfter(-1);
}

void TestDownloadCli::addDoneTask(const QString& id, qint64 size, qint64 finishesAfterMs)
{
    DemoTaskPlan plan;
    plan.id = id;
    plan.prompt = QStringLiteral("A kite over dunes");
    plan.queuedAfterMs = plan.startsAfterMs = finishesAfterMs / 2;
    plan.finishesAfterMs = finishesAfterMs;
    plan.contentBytes = size;
    m_server.addTask(plan);
}

QProcessEnvironment TestDownloadCli::environment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("REELWATCH_TOKEN"));
    environment.remove(QStringLiteral("REELWATCH_BASE_URL"));
    environment.insert(QStringLiteral("REELWATCH_API_KEY"), kKey);
    // The demo server is polled at test speed (--interval below a second): PollLimits::testing().
    environment.insert(QStringLiteral("REELWATCH_POLL_LIMITS"), QStringLiteral("testing"));
    // Ad-hoc runs never open the database; a private home makes sure of it.
    environment.insert(QStringLiteral("HOME"), m_home.path());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    return environment;
}

CliRun TestDownloadCli::download(const QStringList& arguments)
{
    const CliRun run = runReelwatch(
        QStringList{QStringLiteral("download"), QStringLiteral("--base-url"), m_server.baseUrl().toString()}
            + arguments,
        environment());
    // Whatever happened, the key never reaches the output, and the CDN never sees it.
    [&] {
        QVERIFY(!run.out.contains(kKey.toUtf8()) && !run.err.contains(kKey.toUtf8()));
        QVERIFY(!run.err.contains("KEYTAIL"));
        for (const DemoCdnRequest& seen : m_server.cdn()->requests())
            QVERIFY(seen.authorization.isEmpty() && seen.token.isEmpty());
    }();
    return run;
}

void TestDownloadCli::helpListsOptionsAndExitCodes()
{
    const CliRun help = runReelwatch({QStringLiteral("download"), QStringLiteral("--help")}, environment());
    QCOMPARE(help.exitCode, 0);
    for (const char* expectedText : {"--output", "--variant", "--name-pattern", "--base-url", "--auth", "--profile",
                                     "5 the file could not be written", "ended short of its declared size"})
        QVERIFY2(help.out.contains(expectedText), expectedText);
    const CliRun usage = runReelwatch({QStringLiteral("--help")}, environment());
    QVERIFY(usage.out.contains("download ID"));
}

void TestDownloadCli::downloadIntoAFolder()
{
    const CliRun run = download({kDone, QStringLiteral("-o"), m_dir->path()});
    QCOMPARE(run.exitCode, 0);
    const QString path = m_dir->filePath(kDone + QStringLiteral(".mp4"));
    QCOMPARE(readFile(path), expected(kDone, QStringLiteral("video"), kSize));
    QVERIFY2(run.out.startsWith("saved " + path.toUtf8()), run.out.constData());
    QVERIFY(run.out.contains("MB/s"));
    // Piped: no progress line, no carriage returns.
    QVERIFY(!run.err.contains('\r'));
    QVERIFY(run.err.isEmpty());
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), QStringList{kDone + QStringLiteral(".mp4")});
    QCOMPARE(m_server.cdn()->requestCount() > 0, true);
}

void TestDownloadCli::downloadToAFileNeverOverwrites()
{
    const QString path = m_dir->filePath(QStringLiteral("clip.mp4"));
    QCOMPARE(download({kDone, QStringLiteral("-o"), path}).exitCode, 0);
    QCOMPARE(readFile(path), expected(kDone, QStringLiteral("video"), kSize));
    QFile mark(path);
    QVERIFY(mark.open(QIODevice::WriteOnly));
    mark.write("mine");
    mark.close();
    const CliRun again = download({kDone, QStringLiteral("--output"), path});
    QCOMPARE(again.exitCode, 0);
    const QString second = m_dir->filePath(QStringLiteral("clip (2).mp4"));
    QVERIFY2(again.out.contains(second.toUtf8()), again.out.constData());
    QCOMPARE(readFile(path), QByteArrayLiteral("mine"));
    QCOMPARE(readFile(second), expected(kDone, QStringLiteral("video"), kSize));
}

void TestDownloadCli::downloadToStandardOutput()
{
    const CliRun run = download({kDone, QStringLiteral("-o"), QStringLiteral("-")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.size(), kSize);
    QVERIFY(run.out == expected(kDone, QStringLiteral("video"), kSize)); // the bytes and nothing else
    QVERIFY2(run.err.contains("saved -"), run.err.constData());
    QVERIFY(!run.err.contains('\r'));
    QVERIFY(QDir(m_dir->path()).isEmpty());
}

void TestDownloadCli::otherVariants()
{
    const CliRun thumbnail = download(
        {kDone, QStringLiteral("--variant"), QStringLiteral("thumbnail"), QStringLiteral("-o"), m_dir->path()});
    QCOMPARE(thumbnail.exitCode, 0);
    const QByteArray png = readFile(m_dir->filePath(kDone + QStringLiteral(".webp")));
    QVERIFY(png.startsWith(QByteArray("\x89PNG\r\n\x1a\n", 8))); // the demo draws PNGs
    const CliRun sprites = download(
        {kDone, QStringLiteral("--variant"), QStringLiteral("spritesheet"), QStringLiteral("-o"), m_dir->path()});
    QCOMPARE(sprites.exitCode, 0);
    QCOMPARE(readFile(m_dir->filePath(kDone + QStringLiteral(".jpg"))),
             *m_server.picture(kDone, QStringLiteral("spritesheet")));
}

void TestDownloadCli::namePattern()
{
    const CliRun run = download({kDone, QStringLiteral("-o"), m_dir->path(), QStringLiteral("--name-pattern"),
                                 QStringLiteral("{model}/{id}:{variant}")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(QFile::exists(m_dir->filePath(QStringLiteral("sora-2_") + kDone + QStringLiteral("_video.mp4"))));
}

void TestDownloadCli::errorsGiveMessageAndExitCode()
{
    struct Case
    {
        QStringList arguments;
        int exitCode;
        QByteArray message;
    };
    const QString out = m_dir->path();
    const QList<Case> cases = {
        {{QStringLiteral("video_cli_rendering"), QStringLiteral("-o"), out}, 1, "not_ready"},
        {{QStringLiteral("video_cli_failed"), QStringLiteral("-o"), out}, 1, "failed"},
        {{QStringLiteral("video_cli_missing"), QStringLiteral("-o"), out}, 1, "not_found"},
        {{QStringLiteral("bad id with spaces"), QStringLiteral("-o"), out}, 2, "invalid_id"},
        {{kDone, QStringLiteral("--variant"), QStringLiteral("poster")}, 2, "invalid --variant"},
        {{kDone, QStringLiteral("extra")}, 2, "exactly one task ID"},
        {{kDone, QStringLiteral("-o"), QStringLiteral("/sys/reelwatch-cli-test.mp4")}, 5, "permission_denied"},
        {{kDone, QStringLiteral("-o"), m_dir->filePath(QStringLiteral("missing/x.mp4"))}, 5, "does not exist"},
    };
    for (const Case& c : cases) {
        const CliRun run = download(c.arguments);
        QVERIFY2(run.exitCode == c.exitCode,
                 qPrintable(QStringLiteral("%1: exit %2, %3")
                                .arg(c.arguments.join(QLatin1Char(' ')))
                                .arg(run.exitCode)
                                .arg(QString::fromUtf8(run.err))));
        QVERIFY2(run.err.contains(c.message), run.err.constData());
        QVERIFY(run.out.isEmpty());
    }
    QVERIFY(QDir(m_dir->path()).isEmpty());

    // An expired signed link: the CDN refuses it.
    m_server.cdn()->setLinkLifetimeSeconds(-60);
    const CliRun expired = download({kDone, QStringLiteral("-o"), out});
    QCOMPARE(expired.exitCode, 1);
    QVERIFY2(expired.err.contains("expired"), expired.err.constData());
    m_server.cdn()->setLinkLifetimeSeconds(3600);

    // A wrong key: 3, and the key is not printed.
    QProcessEnvironment wrongKey = environment();
    wrongKey.insert(QStringLiteral("REELWATCH_API_KEY"), QStringLiteral("sk-wrong-key-LEAKCHECK1234"));
    const CliRun rejected = runReelwatch({QStringLiteral("download"), QStringLiteral("--base-url"),
                                          m_server.baseUrl().toString(), kDone, QStringLiteral("-o"), out},
                                         wrongKey);
    QCOMPARE(rejected.exitCode, 3);
    QVERIFY(!rejected.err.contains("LEAKCHECK"));

    // Nobody listening: 4.
    const CliRun unreachable = runReelwatch(
        {QStringLiteral("download"), QStringLiteral("--base-url"), QStringLiteral("http://127.0.0.1:9"), kDone},
        environment());
    QCOMPARE(unreachable.exitCode, 4);
    QVERIFY(QDir(m_dir->path()).isEmpty());
}

void TestDownloadCli::diskFullOnStandardOutput()
{
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full here");
    QProcess process;
    process.setProcessEnvironment(environment());
    process.setStandardOutputFile(QStringLiteral("/dev/full"));
    process.start(QStringLiteral(REELWATCH_BINARY),
                  {QStringLiteral("download"), QStringLiteral("--base-url"), m_server.baseUrl().toString(), kDone,
                   QStringLiteral("-o"), QStringLiteral("-")});
    QVERIFY(process.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 60000);
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 5);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains("disk_full") && err.contains("disk is full"), err.constData());
}

void TestDownloadCli::resumeAfterAnInterruptedRun()
{
    // Every connection breaks after 256 KiB: three automatic resumes are not enough for 2 MB.
    constexpr qint64 kCut = 256 * 1024;
    m_server.cdn()->dropEveryAfter(kCut);
    const CliRun broken = download({kDone, QStringLiteral("-o"), m_dir->path()});
    QCOMPARE(broken.exitCode, 4);
    const QString part = m_dir->filePath(kDone + QStringLiteral(".mp4.part"));
    QVERIFY2(broken.err.contains("network") && broken.err.contains(part.toUtf8()), broken.err.constData());
    // Four attempts of at most 256 KiB each (Qt may drop what it buffered when a connection broke).
    const qint64 kept = QFileInfo(part).size();
    QVERIFY2(kept > 0 && kept <= 4 * kCut, qPrintable(QString::number(kept)));
    QVERIFY(!QFile::exists(m_dir->filePath(kDone + QStringLiteral(".mp4"))));

    m_server.cdn()->dropEveryAfter(-1);
    m_server.cdn()->clearRequests();
    const CliRun resumed = download({kDone, QStringLiteral("-o"), m_dir->path()});
    QCOMPARE(resumed.exitCode, 0);
    QVERIFY2(resumed.out.contains("resumed at"), resumed.out.constData());
    QCOMPARE(readFile(m_dir->filePath(kDone + QStringLiteral(".mp4"))),
             expected(kDone, QStringLiteral("video"), kSize));
    QVERIFY(!QFile::exists(part));
    const QList<DemoCdnRequest> requests = m_server.cdn()->requests();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().range, QByteArray("bytes=" + QByteArray::number(kept) + '-'));
}

void TestDownloadCli::watchDownloadsEachSuccess()
{
    addDoneTask(QStringLiteral("video_watch_a"), 300 * 1024, 600);
    addDoneTask(QStringLiteral("video_watch_b"), 500 * 1024, 1200);
    const CliRun run = runReelwatch({QStringLiteral("watch"), QStringLiteral("--json"), QStringLiteral("--interval"),
                                     QStringLiteral("0.2"), QStringLiteral("--base-url"), m_server.baseUrl().toString(),
                                     QStringLiteral("--download"), m_dir->path(), QStringLiteral("video_watch_a"),
                                     QStringLiteral("video_watch_b")},
                                    environment());
    QCOMPARE(run.exitCode, 0);
    QStringList saved;
    for (const QJsonObject& line : run.jsonLines()) {
        if (line.value(QStringLiteral("event")).toString() == QLatin1String("download"))
            saved << line.value(QStringLiteral("id")).toString();
    }
    saved.sort();
    QCOMPARE(saved, (QStringList{QStringLiteral("video_watch_a"), QStringLiteral("video_watch_b")}));
    const QJsonObject done = run.jsonLines().constLast();
    QCOMPARE(done.value(QStringLiteral("event")).toString(), QStringLiteral("done"));
    QCOMPARE(done.value(QStringLiteral("succeeded")).toInt(), 2);
    QCOMPARE(done.value(QStringLiteral("downloaded")).toInt(), 2);
    QCOMPARE(done.value(QStringLiteral("download_failed")).toInt(), 0);
    QCOMPARE(readFile(m_dir->filePath(QStringLiteral("video_watch_a.mp4"))),
             expected(QStringLiteral("video_watch_a"), QStringLiteral("video"), 300 * 1024));
    QCOMPARE(readFile(m_dir->filePath(QStringLiteral("video_watch_b.mp4"))),
             expected(QStringLiteral("video_watch_b"), QStringLiteral("video"), 500 * 1024));

    // A folder that does not exist is a usage error before anything is polled.
    const CliRun bad = runReelwatch({QStringLiteral("watch"), QStringLiteral("--base-url"),
                                     m_server.baseUrl().toString(), QStringLiteral("--download"),
                                     m_dir->filePath(QStringLiteral("nope")), QStringLiteral("video_watch_a")},
                                    environment());
    QCOMPARE(bad.exitCode, 2);
}

void TestDownloadCli::watchQueuesABurstOfSuccesses()
{
    // More successes at once than Qt opens connections per host (6): each must still be saved.
    constexpr int kTasks = 8;
    constexpr qint64 kTaskSize = 1024 * 1024 + 7;
    QStringList ids;
    for (int i = 0; i < kTasks; ++i) {
        ids << QStringLiteral("video_burst_%1").arg(i);
        addDoneTask(ids.constLast(), kTaskSize, 300);
    }
    m_server.cdn()->resetPeakConnections();
    const CliRun run
        = runReelwatch(QStringList{QStringLiteral("watch"), QStringLiteral("--json"), QStringLiteral("--interval"),
                                   QStringLiteral("0.2"), QStringLiteral("--base-url"), m_server.baseUrl().toString(),
                                   QStringLiteral("--download"), m_dir->path()}
                           + ids,
                       environment());
    QCOMPARE(run.exitCode, 0);
    const QJsonObject done = run.jsonLines().constLast();
    QCOMPARE(done.value(QStringLiteral("downloaded")).toInt(), kTasks);
    QCOMPARE(done.value(QStringLiteral("download_failed")).toInt(), 0);
    for (const QString& id : std::as_const(ids))
        QCOMPARE(readFile(m_dir->filePath(id + QStringLiteral(".mp4"))),
                 expected(id, QStringLiteral("video"), kTaskSize));
    // At most two at a time reach the CDN.
    QVERIFY2(m_server.cdn()->peakConnections() <= 2, qPrintable(QString::number(m_server.cdn()->peakConnections())));
}

void TestDownloadCli::watchReportsWhenNoNameIsFree()
{
    addDoneTask(QStringLiteral("video_watch_full"), 1000, 0);
    // Every numbered name the pattern can give is taken.
    for (int n = 1; n <= DownloadNaming::kMaxNumberedSuffix; ++n) {
        QFile taken(m_dir->filePath(DownloadNaming::numbered(QStringLiteral("same.mp4"), n)));
        QVERIFY(taken.open(QIODevice::WriteOnly));
    }
    const CliRun run
        = runReelwatch({QStringLiteral("watch"), QStringLiteral("--json"), QStringLiteral("--base-url"),
                        m_server.baseUrl().toString(), QStringLiteral("--download"), m_dir->path(),
                        QStringLiteral("--name-pattern"), QStringLiteral("same"), QStringLiteral("video_watch_full")},
                       environment());
    QCOMPARE(run.exitCode, 5);
    bool reported = false;
    for (const QJsonObject& line : run.jsonLines()) {
        if (line.value(QStringLiteral("event")).toString() == QLatin1String("download_error")) {
            QCOMPARE(line.value(QStringLiteral("kind")).toString(), QStringLiteral("write_failed"));
            QVERIFY(line.value(QStringLiteral("message")).toString().contains(QStringLiteral("no free file name")));
            reported = true;
        }
    }
    QVERIFY(reported);
    QCOMPARE(run.jsonLines().constLast().value(QStringLiteral("download_failed")).toInt(), 1);
}

void TestDownloadCli::tricklingServerStallsWithThePartKept_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::newRow("--stall-timeout") << QStringList{QStringLiteral("--stall-timeout"), QStringLiteral("2")};
    // Without it the stall timeout is --timeout's: a trickle is not progress there either.
    QTest::newRow("--timeout") << QStringList{QStringLiteral("--timeout"), QStringLiteral("2")};
}

void TestDownloadCli::tricklingServerStallsWithThePartKept()
{
    QFETCH(QStringList, options);
    // A byte every 0.2 s: never silent for long, and 64 KiB would take 3.6 hours.
    m_server.setTrickleIntervalMs(200);
    const CliRun run
        = download(QStringList{QStringLiteral("fault_trickle"), QStringLiteral("-o"), m_dir->path()} + options);
    QCOMPARE(run.exitCode, 4); // worth a retry, which resumes the part
    QVERIFY2(run.err.contains("timeout: stalled: less than 1 KiB from 127.0.0.1 in 2 s"), run.err.constData());
    const QString part = m_dir->filePath(QStringLiteral("fault_trickle.mp4.part"));
    QVERIFY2(run.err.contains(part.toUtf8()), run.err.constData());
    const QByteArray kept = readFile(part);
    QVERIFY(!kept.isEmpty());
    QVERIFY(kept.size() < 1024);
    QCOMPARE(kept, DemoServer::contentSlice(QStringLiteral("fault_trickle"), QStringLiteral("video"), 0, kept.size()));
    QVERIFY(QFile::exists(part + QStringLiteral(".json")));
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("fault_trickle.mp4"))));
}

void TestDownloadCli::aRedirectIsFollowedWithoutReadingItsBody()
{
    // The content route answers 302 with a body that takes ten seconds to arrive and is no progress
    // of the asset: followed on its headers, the download is done long before a 3 s stall timeout.
    m_server.setBombBytes(64 * 1024 * 1024);
    const CliRun run = download({QStringLiteral("fault_redirect_bomb"), QStringLiteral("-o"), m_dir->path(),
                                 QStringLiteral("--stall-timeout"), QStringLiteral("3")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(!readFile(m_dir->filePath(QStringLiteral("fault_redirect_bomb.mp4"))).isEmpty());
}

void TestDownloadCli::headerFloodEndsWithTheDeadline()
{
    // Header lines without end keep Qt's network thread reading them; the command still ends with its
    // deadline rather than 5 s later, when Qt gives up waiting for that thread. The limit below is
    // nine times what the run needs and still short of that wait.
    const CliRun run = runReelwatch({QStringLiteral("download"), QStringLiteral("--base-url"),
                                     m_server.baseUrl().toString(), QStringLiteral("--timeout"), QStringLiteral("0.5"),
                                     QStringLiteral("fault_header_flood"), QStringLiteral("-o"), m_dir->path()},
                                    environment(), {}, 4500);
    QCOMPARE(run.exitCode, 4);
    QVERIFY2(run.err.contains("timeout"), run.err.constData());
    QVERIFY(QDir(m_dir->path()).isEmpty());
}

void TestDownloadCli::outputToAPipeIsWrittenAsItIs()
{
#ifdef Q_OS_UNIX
    const QString id = QStringLiteral("video_cli_to_pipe");
    addDoneTask(id, 20000); // fits in the pipe, so it can be read once the command is done
    const QString pipe = m_dir->filePath(QStringLiteral("renders"));
    QVERIFY(mkfifo(QFile::encodeName(pipe).constData(), 0600) == 0);
    // The reader end is open first, as a shell's would be: then opening for writing does not block.
    const int reader = ::open(QFile::encodeName(pipe).constData(), O_RDONLY | O_NONBLOCK);
    QVERIFY(reader >= 0);
    const CliRun run = download({id, QStringLiteral("-o"), pipe});
    QByteArray received(65536, Qt::Uninitialized);
    const ssize_t got = ::read(reader, received.data(), size_t(received.size()));
    ::close(reader);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    received.resize(std::max<ssize_t>(0, got));
    QCOMPARE(received, expected(id, QStringLiteral("video"), 20000));
    QVERIFY2(run.out.startsWith("saved " + pipe.toUtf8()), run.out.constData());
    // Nothing beside it: no "renders (2)", no part file.
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("renders")});
#else
    QSKIP("named pipes are a Unix thing");
#endif
}

void TestDownloadCli::outputToADeviceIsWrittenAsItIs_data()
{
    QTest::addColumn<QString>("device");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("says");
    QTest::newRow("/dev/null") << QStringLiteral("/dev/null") << 0 << QByteArray("saved /dev/null");
    QTest::newRow("/dev/full") << QStringLiteral("/dev/full") << 5
                               << QByteArray("disk_full: cannot write to /dev/full: the disk is full");
}

void TestDownloadCli::outputToADeviceIsWrittenAsItIs()
{
    QFETCH(QString, device);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, says);
    if (!QFile::exists(device))
        QSKIP("no such device here");
    const QString beside = device + QStringLiteral(" (2)");
    QVERIFY(!QFile::exists(beside));
    const CliRun run = download({kDone, QStringLiteral("-o"), device});
    const bool besideMade = QFile::exists(beside);
    QFile::remove(beside); // should an old Reelwatch have made one (as root it could)
    QVERIFY(!besideMade);
    QVERIFY2(run.exitCode == exitCode, run.err.constData());
    QVERIFY2((run.out + run.err).contains(says), (run.out + run.err).constData());
}

QTEST_GUILESS_MAIN(TestDownloadCli)
#include "tst_downloadcli.moc"

// `reelwatch watch` as users run it: the real binary as a child process against the demo server,
// checking the event lines, the final summary, exit codes, Ctrl+C, giving up, and memory.

#include "cliprocess.h"
#include "demo/demoserver.h"
#include "demoplans.h"

#include <csignal>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <sys/resource.h>

using namespace Reelwatch;

namespace {

const QString kKey = QStringLiteral("sk-watch-test-91ab27cd63ef0458WTAIL");

// Long enough that a watcher polling every 0.2 s sees each status even in a sanitizer build.
DemoTaskPlan quickPlan(const QString& id, bool fails = false, qint64 finishesAfterMs = 1500)
{
    return DemoPlans::paced(id, finishesAfterMs, fails, QStringLiteral("Waves folding into origami cranes"));
}

} // namespace

class TestWatchCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    // First: it reads the peak memory of every child this process has had, so only its own run may
    // come before it.
    void hugeBodyKeepsMemoryBounded();
    void jsonEventsEndWithDone();
    void failedAndNotFoundExitOne();
    void textOutputIsReadable();
    void rejectedKeyExitsThree();
    void givesUpOnNetworkErrorsWithFour();
    void givesUpOnEveryPersistentError_data();
    void givesUpOnEveryPersistentError();
    void givingUpWaitsForEveryTask();
    void zeroOrPastRetryAfterStillBacksOff_data();
    void zeroOrPastRetryAfterStillBacksOff();
    void longRetryAfterIsCutAndSaid();
    void invalidIdsAreReportedAndSkipped();
    void idsFromStandardInput();
    void interruptStopsCleanly();
    void followPrintsAddedRendersUntilInterrupted();
    void keyNeverPrinted();
    void serverTextCannotDriveTheTerminal();
    void pollLimitsAreTheStoresLimits();

private:
    CliRun watch(const QStringList& arguments, const QByteArray& input = {},
                 const QProcessEnvironment& environment = QProcessEnvironment());
    QProcessEnvironment environmentWithKey() const;

    DemoServer* m_server = nullptr;
    QTemporaryDir m_home;
};

void TestWatchCli::init()
{
    m_server = new DemoServer(this);
    m_server->setRequiredSecret(kKey.toUtf8());
    QVERIFY(m_server->listen());
}

void TestWatchCli::cleanup()
{
    delete m_server;
}

QProcessEnvironment TestWatchCli::environmentWithKey() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // A home of the test's own: a run that opens the task database (no --base-url) must never meet the
    // user's, whatever version wrote it.
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
    environment.remove(QStringLiteral("REELWATCH_TOKEN"));
    environment.insert(QStringLiteral("REELWATCH_API_KEY"), kKey);
    // The demo server is polled at test speed (--interval below a second): PollLimits::testing().
    environment.insert(QStringLiteral("REELWATCH_POLL_LIMITS"), QStringLiteral("testing"));
    return environment;
}

CliRun TestWatchCli::watch(const QStringList& arguments, const QByteArray& input,
                           const QProcessEnvironment& environment)
{
    return runReelwatch(QStringList{QStringLiteral("watch"), QStringLiteral("--base-url"),
                                    m_server->baseUrl().toString(), QStringLiteral("--interval"), QStringLiteral("0.2")}
                            + arguments,
                        environment.isEmpty() ? environmentWithKey() : environment, input);
}

void TestWatchCli::jsonEventsEndWithDone()
{
    m_server->addTask(quickPlan(QStringLiteral("video_w1")));
    m_server->addTask(quickPlan(QStringLiteral("video_w2"), false, 2000));
    const CliRun run = watch({QStringLiteral("--json"), QStringLiteral("video_w1"), QStringLiteral("video_w2")});
    QCOMPARE(run.exitCode, 0);
    const QList<QJsonObject> events = run.jsonLines();
    QVERIFY(events.size() >= 5);
    const QJsonObject done = events.last();
    QCOMPARE(done.value(QStringLiteral("event")).toString(), QStringLiteral("done"));
    QCOMPARE(done.value(QStringLiteral("succeeded")).toInt(), 2);
    QCOMPARE(done.value(QStringLiteral("failed")).toInt(), 0);
    QCOMPARE(done.value(QStringLiteral("not_found")).toInt(), 0);
    QCOMPARE(done.value(QStringLiteral("interrupted")).toBool(), false);

    QHash<QString, QStringList> statuses;
    for (const QJsonObject& event : events.mid(0, events.size() - 1)) {
        QCOMPARE(event.value(QStringLiteral("event")).toString(), QStringLiteral("status"));
        // Each status line carries the fields of `reelwatch status --json`.
        for (const char* field :
             {"id", "status", "raw_status", "progress", "model", "created_at", "url", "fetch_error"})
            QVERIFY2(event.contains(QLatin1String(field)), field);
        statuses[event.value(QStringLiteral("id")).toString()] << event.value(QStringLiteral("status")).toString();
    }
    for (const QString& id : {QStringLiteral("video_w1"), QStringLiteral("video_w2")}) {
        QCOMPARE(statuses.value(id).constLast(), QStringLiteral("SUCCESS"));
        QVERIFY(statuses.value(id).contains(QStringLiteral("IN_PROGRESS")));
    }
}

void TestWatchCli::failedAndNotFoundExitOne()
{
    m_server->addTask(quickPlan(QStringLiteral("video_ok")));
    m_server->addTask(quickPlan(QStringLiteral("video_bad"), true));
    const CliRun run = watch({QStringLiteral("--json"), QStringLiteral("video_ok"), QStringLiteral("video_bad"),
                              QStringLiteral("video_nowhere")});
    QCOMPARE(run.exitCode, 1);
    const QJsonObject done = run.jsonLines().constLast();
    QCOMPARE(done.value(QStringLiteral("succeeded")).toInt(), 1);
    QCOMPARE(done.value(QStringLiteral("failed")).toInt(), 1);
    QCOMPARE(done.value(QStringLiteral("not_found")).toInt(), 1);
    bool sawNotFound = false;
    for (const QJsonObject& event : run.jsonLines()) {
        if (event.value(QStringLiteral("event")).toString() == QLatin1String("error"))
            sawNotFound
                |= event.value(QStringLiteral("fetch_error")).toObject().value(QStringLiteral("kind")).toString()
                == QLatin1String("not_found");
    }
    QVERIFY(sawNotFound);
}

void TestWatchCli::textOutputIsReadable()
{
    m_server->addTask(quickPlan(QStringLiteral("video_txt"), true));
    const CliRun run = watch({QStringLiteral("video_txt")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.out.contains("video_txt  IN_PROGRESS"));
    QVERIFY(run.out.contains("video_txt  FAILURE"));
    QVERIFY(run.out.contains("content policy"));
    QVERIFY(run.out.trimmed().endsWith("done: 0 succeeded, 1 failed, 0 not found"));
}

void TestWatchCli::rejectedKeyExitsThree()
{
    m_server->addTask(quickPlan(QStringLiteral("video_key")));
    QProcessEnvironment environment = environmentWithKey();
    environment.insert(QStringLiteral("REELWATCH_API_KEY"), QStringLiteral("sk-not-the-right-one-000"));
    const CliRun run = watch({QStringLiteral("--json"), QStringLiteral("video_key")}, {}, environment);
    QCOMPARE(run.exitCode, 3);
    const QList<QJsonObject> events = run.jsonLines();
    QCOMPARE(events.first().value(QStringLiteral("fetch_error")).toObject().value(QStringLiteral("kind")).toString(),
             QStringLiteral("unauthorized"));
    QCOMPARE(events.last().value(QStringLiteral("event")).toString(), QStringLiteral("done"));
}

void TestWatchCli::givesUpOnNetworkErrorsWithFour()
{
    m_server->addTask(quickPlan(QStringLiteral("video_net")));
    for (int i = 0; i < 200; ++i)
        m_server->scriptFaults(QStringLiteral("video_net"), {DemoFault::Unavailable});
    const CliRun run = watch({QStringLiteral("--json"), QStringLiteral("--give-up-after"), QStringLiteral("1.5"),
                              QStringLiteral("video_net")});
    QCOMPARE(run.exitCode, 4);
    QVERIFY(run.err.contains("giving up"));
    const QJsonObject done = run.jsonLines().constLast();
    QCOMPARE(done.value(QStringLiteral("unfinished")).toInt(), 1);
}

void TestWatchCli::givesUpOnEveryPersistentError_data()
{
    QTest::addColumn<QString>("taskId");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("words");

    // Unusable answers exit 1, as `status` does for them; the road and the server's limits exit 4.
    QTest::newRow("html") << "fault_html" << 1 << "invalid_response"
                          << "the server sent an HTML page instead of JSON";
    QTest::newRow("invalid utf-8") << "fault_utf8" << 1 << "invalid_response"
                                   << "the body is not valid UTF-8";
    QTest::newRow("status a number") << "fault_status_number" << 1 << "invalid_response"
                                     << "the task status is a number, not a word";
    QTest::newRow("status an object") << "fault_status_object" << 1 << "invalid_response"
                                      << "the task status is an object, not a word";
    QTest::newRow("too deep") << "fault_deep" << 1 << "invalid_response"
                              << "the body nests JSON deeper than 1024 levels";
    QTest::newRow("truncated") << "fault_truncated" << 1 << "invalid_response"
                               << "the body is not valid JSON";
    QTest::newRow("too large") << "fault_huge" << 1 << "too_large"
                               << "the answer is larger than";
    QTest::newRow("redirect loop") << "fault_redirect_loop" << 1 << "invalid_response"
                                   << "more than 5 redirects";
    QTest::newRow("429") << "fault_429" << 4 << "rate_limited"
                         << "rate limited by the server (HTTP 429";
    QTest::newRow("429, Retry-After 0") << "fault_429_zero" << 4 << "rate_limited"
                                        << "rate limited by the server (HTTP 429";
    QTest::newRow("429, Retry-After past") << "fault_429_past" << 4 << "rate_limited"
                                           << "rate limited by the server (HTTP 429";
    QTest::newRow("429, Retry-After a day") << "fault_429_day" << 4 << "rate_limited"
                                            << "rate limited by the server (HTTP 429";
    QTest::newRow("503") << "fault_503" << 4 << "server_error"
                         << "server error (HTTP 503)";
}

void TestWatchCli::givesUpOnEveryPersistentError()
{
    QFETCH(QString, taskId);
    QFETCH(int, exitCode);
    QFETCH(QString, kind);
    QFETCH(QString, words);

    constexpr qint64 kWindowMs = 2000;
    // The window, the last answer's backoff (at most the window at --interval 0.2) and a slow machine.
    constexpr qint64 kMarginMs = 4000;
    QElapsedTimer clock;
    clock.start();
    const CliRun run
        = runReelwatch({QStringLiteral("watch"), QStringLiteral("--json"), QStringLiteral("--base-url"),
                        m_server->baseUrl().toString(), QStringLiteral("--interval"), QStringLiteral("0.2"),
                        QStringLiteral("--give-up-after"), QString::number(kWindowMs / 1000), taskId},
                       environmentWithKey(), {}, 20000);
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(run.exitCode != -1, "watch did not end within 20 s");
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(elapsed >= kWindowMs && elapsed < kWindowMs + kMarginMs, qPrintable(QString::number(elapsed)));
    QVERIFY2(run.err.contains("giving up after 2 s without a usable answer: " + words.toUtf8()), run.err.constData());
    const QJsonObject done = run.jsonLines().constLast();
    QCOMPARE(done.value(QStringLiteral("event")).toString(), QStringLiteral("done"));
    QCOMPARE(done.value(QStringLiteral("unfinished")).toInt(), 1);
    const QJsonObject gaveUp = done.value(QStringLiteral("gave_up")).toObject();
    QCOMPARE(gaveUp.value(QStringLiteral("kind")).toString(), kind);
    QVERIFY(gaveUp.value(QStringLiteral("message")).toString().contains(words));
}

void TestWatchCli::givingUpWaitsForEveryTask()
{
    // One task answers well while another only ever gets an HTML page: the watch goes on until the
    // good one is done, then gives up on the other.
    m_server->addTask(quickPlan(QStringLiteral("video_fine"), false, 3000));
    QElapsedTimer clock;
    clock.start();
    const CliRun run = watch({QStringLiteral("--json"), QStringLiteral("--give-up-after"), QStringLiteral("1"),
                              QStringLiteral("video_fine"), QStringLiteral("fault_html")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(clock.elapsed() >= 3000);
    const QJsonObject done = run.jsonLines().constLast();
    QCOMPARE(done.value(QStringLiteral("succeeded")).toInt(), 1);
    QCOMPARE(done.value(QStringLiteral("unfinished")).toInt(), 1);
    QVERIFY2(run.err.contains("giving up after 1 s without a usable answer: the server sent an HTML page"),
             run.err.constData());
}

void TestWatchCli::zeroOrPastRetryAfterStillBacksOff_data()
{
    QTest::addColumn<QString>("taskId");
    QTest::newRow("Retry-After: 0") << "fault_429_zero";
    QTest::newRow("Retry-After: a date an hour ago") << "fault_429_past";
}

void TestWatchCli::zeroOrPastRetryAfterStillBacksOff()
{
    QFETCH(QString, taskId);
    // For 3 s of 429s. The backoff from 0.2 s (--interval 0.2) asks at about 0, 0.2, 0.6, 1.4 and 3 s, as
    // without the header; taking the server at its word would ask at the 5 requests a second allowed.
    const CliRun run = watch({QStringLiteral("--give-up-after"), QStringLiteral("3"), taskId});
    QCOMPARE(run.exitCode, 4);
    const int requests = m_server->requestCountFor(QStringLiteral("/v1/videos/") + taskId);
    QVERIFY2(requests >= 3 && requests <= 6, qPrintable(QString::number(requests)));
}

void TestWatchCli::longRetryAfterIsCutAndSaid()
{
    // Retry-After: 86400 is cut to 10 minutes, and the user is told; the watch gives up after its window.
    const CliRun json = watch({QStringLiteral("--json"), QStringLiteral("--give-up-after"), QStringLiteral("1"),
                               QStringLiteral("fault_429_day")});
    QCOMPARE(json.exitCode, 4);
    QCOMPARE(m_server->requestCountFor(QStringLiteral("/v1/videos/fault_429_day")), 1);
    const QJsonObject error = json.jsonLines().constFirst();
    QCOMPARE(error.value(QStringLiteral("event")).toString(), QStringLiteral("error"));
    QCOMPARE(error.value(QStringLiteral("fetch_error")).toObject().value(QStringLiteral("retry_after_ms")).toDouble(),
             86400000.0);
    const QJsonObject capped = error.value(QStringLiteral("wait_capped")).toObject();
    QCOMPARE(capped.value(QStringLiteral("asked_ms")).toDouble(), 86400000.0);
    QCOMPARE(capped.value(QStringLiteral("waits_ms")).toDouble(), 600000.0);
    QCOMPARE(capped.value(QStringLiteral("message")).toString(),
             QStringLiteral("the server asked to wait 24 h; Reelwatch waits at most 10 min"));

    const CliRun text
        = watch({QStringLiteral("--give-up-after"), QStringLiteral("1"), QStringLiteral("fault_429_day")});
    QCOMPARE(text.exitCode, 4);
    QVERIFY2(text.out.contains("fault_429_day  error  rate_limited: rate limited by the server (HTTP 429; retry in "
                               "86400 s): Rate limit reached for requests (the server asked to wait 24 h; Reelwatch "
                               "waits at most 10 min)"),
             text.out.constData());
}

void TestWatchCli::invalidIdsAreReportedAndSkipped()
{
    m_server->addTask(quickPlan(QStringLiteral("video_fine")));
    const int before = m_server->requestCount();
    const CliRun run = watch({QStringLiteral("--json"), QStringLiteral("bad/id"), QStringLiteral("video_fine")});
    QCOMPARE(run.exitCode, 2);
    const QJsonObject first = run.jsonLines().constFirst();
    QCOMPARE(first.value(QStringLiteral("event")).toString(), QStringLiteral("error"));
    QCOMPARE(first.value(QStringLiteral("fetch_error")).toObject().value(QStringLiteral("kind")).toString(),
             QStringLiteral("invalid_id"));
    QCOMPARE(run.jsonLines().constLast().value(QStringLiteral("succeeded")).toInt(), 1);
    for (const DemoRequest& request : m_server->recentRequests())
        QVERIFY(!request.path.contains(QStringLiteral("bad")));
    QVERIFY(m_server->requestCount() > before);
}

void TestWatchCli::idsFromStandardInput()
{
    m_server->addTask(quickPlan(QStringLiteral("video_in1")));
    m_server->addTask(quickPlan(QStringLiteral("video_in2")));
    const CliRun run = watch({QStringLiteral("--json"), QStringLiteral("-")}, "video_in1\nvideo_in2\nvideo_in1\n");
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.jsonLines().constLast().value(QStringLiteral("succeeded")).toInt(), 2); // the repeat counted once
}

void TestWatchCli::interruptStopsCleanly()
{
    m_server->addTask(quickPlan(QStringLiteral("video_long"), false, 600000));
    QProcess process;
    process.setProcessEnvironment(environmentWithKey());
    process.start(QStringLiteral(REELWATCH_BINARY),
                  {QStringLiteral("watch"), QStringLiteral("--json"), QStringLiteral("--base-url"),
                   m_server->baseUrl().toString(), QStringLiteral("video_long")});
    QVERIFY(process.waitForStarted());
    QByteArray out;
    QDeadlineTimer deadline(15000);
    while (!out.contains("\"event\":\"status\"") && !deadline.hasExpired()) {
        QTest::qWait(20);
        out += process.readAllStandardOutput();
    }
    QVERIFY(out.contains("\"event\":\"status\""));
    ::kill(static_cast<pid_t>(process.processId()), SIGINT);
    QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 10000);
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    out += process.readAllStandardOutput();
    const QJsonObject done = QJsonDocument::fromJson(out.trimmed().split('\n').constLast()).object();
    QCOMPARE(done.value(QStringLiteral("event")).toString(), QStringLiteral("done"));
    QCOMPARE(done.value(QStringLiteral("interrupted")).toBool(), true);
    QCOMPARE(done.value(QStringLiteral("unfinished")).toInt(), 1);
}

void TestWatchCli::followPrintsAddedRendersUntilInterrupted()
{
    m_server->setFlavour(DemoFlavour::OpenAI); // the shape with a list route
    DemoTaskPlan before = quickPlan(QStringLiteral("video_before_following"), false, 600000);
    before.createdSecondsAgo = 60;
    m_server->addTask(before);
    QProcess process;
    process.setProcessEnvironment(environmentWithKey());
    process.start(QStringLiteral(REELWATCH_BINARY),
                  {QStringLiteral("watch"), QStringLiteral("--json"), QStringLiteral("--follow"),
                   QStringLiteral("--interval"), QStringLiteral("0.2"), QStringLiteral("--base-url"),
                   m_server->baseUrl().toString()});
    QVERIFY(process.waitForStarted());
    QTest::qWait(600); // a few rounds: what was there before is not added
    m_server->addTask(quickPlan(QStringLiteral("video_from_elsewhere"), false, 1500));
    QByteArray out;
    QDeadlineTimer deadline(20000);
    // Added, then polled to its end like any other task.
    while (!out.contains("\"status\":\"SUCCESS\"") && !deadline.hasExpired()) {
        QTest::qWait(20);
        out += process.readAllStandardOutput();
    }
    QVERIFY2(out.contains("\"event\":\"added\""), out.constData());
    QVERIFY2(out.contains("\"status\":\"SUCCESS\""), (out + process.readAllStandardError()).constData());
    QCOMPARE(process.state(), QProcess::Running); // following does not end by itself
    ::kill(static_cast<pid_t>(process.processId()), SIGTERM);
    QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 10000);
    out += process.readAllStandardOutput();
    QVERIFY(!out.contains("video_before_following"));
    int added = 0;
    for (const QByteArray& line : out.trimmed().split('\n')) {
        const QJsonObject event = QJsonDocument::fromJson(line).object();
        if (event.value(QStringLiteral("event")).toString() == QLatin1String("added")) {
            ++added;
            QCOMPARE(event.value(QStringLiteral("id")).toString(), QStringLiteral("video_from_elsewhere"));
        }
    }
    QCOMPARE(added, 1);
    const QJsonObject done = QJsonDocument::fromJson(out.trimmed().split('\n').constLast()).object();
    QCOMPARE(done.value(QStringLiteral("event")).toString(), QStringLiteral("done"));
    QCOMPARE(done.value(QStringLiteral("added")).toInt(), 1);
    QCOMPARE(done.value(QStringLiteral("succeeded")).toInt(), 1);

    // A server without a list route: refused at once, with the reason.
    m_server->setListSupported(false);
    const CliRun noList = watch({QStringLiteral("--follow")});
    QCOMPARE(noList.exitCode, 1);
    QVERIFY2(noList.err.contains("stopped following the account") && noList.err.contains("HTTP 404"),
             noList.err.constData());
    const CliRun badDays = watch({QStringLiteral("--follow-days"), QStringLiteral("3")});
    QCOMPARE(badDays.exitCode, 2);
}

void TestWatchCli::hugeBodyKeepsMemoryBounded()
{
    // Far above what the process needs otherwise, also under AddressSanitizer (about 85 MiB): a
    // client that held the body would pass 200 MiB.
    m_server->setOversizedBytes(200 * 1024 * 1024);
    m_server->addTask(quickPlan(QStringLiteral("video_big")));
    m_server->scriptFaults(QStringLiteral("video_big"), {DemoFault::Oversized, DemoFault::Oversized});
    const CliRun run = watch({QStringLiteral("--json"), QStringLiteral("video_big")});
    QCOMPARE(run.exitCode, 0);
    bool sawTooLarge = false;
    for (const QJsonObject& event : run.jsonLines())
        sawTooLarge |= event.value(QStringLiteral("fetch_error")).toObject().value(QStringLiteral("kind")).toString()
            == QLatin1String("too_large");
    QVERIFY(sawTooLarge);
    // Peak resident memory of the largest child so far: this test runs first, so its own run.
    rusage usage = {};
    QCOMPARE(getrusage(RUSAGE_CHILDREN, &usage), 0);
    const long peakMiB = usage.ru_maxrss / 1024;
    qInfo("peak RSS of the watch processes: %ld MiB", peakMiB);
    QVERIFY2(peakMiB < 160, qPrintable(QString::number(peakMiB)));
}

void TestWatchCli::keyNeverPrinted()
{
    m_server->addTask(quickPlan(QStringLiteral("video_secret")));
    m_server->scriptFaults(QStringLiteral("video_secret"), {DemoFault::Unauthorized});
    QProcessEnvironment environment = environmentWithKey();
    const CliRun rejected = watch({QStringLiteral("-v"), QStringLiteral("video_secret")}, {}, environment);
    QCOMPARE(rejected.exitCode, 3);
    const CliRun fine
        = watch({QStringLiteral("-v"), QStringLiteral("--json"), QStringLiteral("video_secret"),
                 QStringLiteral("fault_502"), QStringLiteral("fault_redirect_cross"), QStringLiteral("fault_echo_key"),
                 QStringLiteral("--give-up-after"), QStringLiteral("1")});
    // A server that repeats the key in the task's prompt, link, error and nested fields.
    const CliRun echoed = watch({QStringLiteral("-v"), QStringLiteral("fault_echo_key")});
    QCOMPARE(echoed.exitCode, 1); // its task failed
    QVERIFY2(echoed.out.contains("[redacted]"), echoed.out.constData());
    for (const CliRun* run : {&rejected, &fine, &echoed}) {
        const QByteArray everything = run->out + run->err;
        QVERIFY(everything.contains("GET "));
        QVERIFY(!everything.contains(kKey.toUtf8()));
        QVERIFY(!everything.contains("WTAIL"));
    }
}

void TestWatchCli::serverTextCannotDriveTheTerminal()
{
    // fault_controls: ANSI and OSC sequences, backspaces, carriage returns, a C1 CSI and a bidi override
    // in the task's prompt, model, link and error.
    const CliRun text = watch({QStringLiteral("fault_controls")});
    QCOMPARE(text.exitCode, 1); // the task failed
    const QByteArray everything = text.out + text.err;
    for (const QByteArray& control : {QByteArray("\x1b"), QByteArray("\x07"), QByteArray("\b"), QByteArray("\r"),
                                      QByteArray("\xc2\x9b"), QByteArray("\xe2\x80\xae")})
        QVERIFY2(!everything.contains(control), everything.toPercentEncoding(" :/[]();=_-.,'\"\n").constData());
    // One line per event: the status line and the summary, the server's line break a space.
    QCOMPARE(text.out.trimmed().split('\n').size(), 2);
    QVERIFY2(text.out.contains("sora-2\\u001b]0;owned\\u0007  Policy \\u009b31m violation"), text.out.constData());

    // JSON events carry the words exactly, C0 controls escaped as JSON escapes them.
    const CliRun json = watch({QStringLiteral("--json"), QStringLiteral("fault_controls")});
    QCOMPARE(json.exitCode, 1);
    for (const char control : {'\x1b', '\x07', '\b', '\r'})
        QVERIFY(!json.out.contains(control));
    const QJsonObject status = json.jsonLines().value(0);
    QCOMPARE(status.value(QStringLiteral("event")).toString(), QStringLiteral("status"));
    QCOMPARE(status.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(),
             QStringLiteral("Policy \u009b31m violation\r\x1b[1A\x1b[2Kall good\nnext line"));
}

void TestWatchCli::pollLimitsAreTheStoresLimits()
{
    // Without the test suite's escape hatch `watch` polls within the limits the window and the store
    // keep (PollLimits::standard()), and says exactly which.
    m_server->addTask(quickPlan(QStringLiteral("video_limits")));
    QProcessEnvironment standard = environmentWithKey();
    standard.remove(QStringLiteral("REELWATCH_POLL_LIMITS"));
    CliRun run = watch({QStringLiteral("video_limits")}, {}, standard); // --interval 0.2
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("invalid --interval '0.2': give a number from 1 to 3600"), run.err.constData());
    QCOMPARE(m_server->requestCount(), 0);
    run = runReelwatch({QStringLiteral("watch"), QStringLiteral("--base-url"), m_server->baseUrl().toString(),
                        QStringLiteral("--max-rps"), QStringLiteral("100000"), QStringLiteral("video_limits")},
                       standard);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("invalid --max-rps '100000': give a number from 0.1 to 100"), run.err.constData());
    run = runReelwatch({QStringLiteral("watch"), QStringLiteral("--base-url"), m_server->baseUrl().toString(),
                        QStringLiteral("--concurrency"), QStringLiteral("65"), QStringLiteral("video_limits")},
                       standard);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("invalid --concurrency '65': give a whole number from 1 to 64"), run.err.constData());
    // A count is whole: 2.5 requests in flight is refused, not quietly cut to 2.
    run = runReelwatch({QStringLiteral("watch"), QStringLiteral("--base-url"), m_server->baseUrl().toString(),
                        QStringLiteral("--concurrency"), QStringLiteral("2.5"), QStringLiteral("video_limits")},
                       standard);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("invalid --concurrency '2.5': give a whole number from 1 to 64"), run.err.constData());

    // The escape hatch never reaches a server off this machine.
    run = runReelwatch({QStringLiteral("watch"), QStringLiteral("--base-url"),
                        QStringLiteral("https://example.invalid"), QStringLiteral("--interval"), QStringLiteral("0.2"),
                        QStringLiteral("video_limits")},
                       environmentWithKey());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("give a number from 1 to 3600"), run.err.constData());
    QCOMPARE(m_server->requestCount(), 0);
}

QTEST_GUILESS_MAIN(TestWatchCli)
#include "tst_watchcli.moc"

// `reelwatch status` as users run it: the real binary as a child process against the demo server
// over loopback, checking printed fields and exit codes, and that the key is never printed.

#include "cliprocess.h"
#include "demo/demoserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <sys/resource.h>

using namespace Reelwatch;

namespace {

const QString kKey = QStringLiteral("sk-cli-test-7f3a9c2e5b8d1046KEYTAIL");
const QString kToken = QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyIjoiY2xpIn0.TOKENTAILsig");

// What a terminal would obey rather than show: ESC, BEL, backspace, carriage return, a C1 CSI, a bidi
// override (the last two as UTF-8).
void verifyNothingForTheTerminal(const QByteArray& output)
{
    for (const QByteArray& control : {QByteArray("\x1b"), QByteArray("\x07"), QByteArray("\b"), QByteArray("\r"),
                                      QByteArray("\xc2\x9b"), QByteArray("\xe2\x80\xae")})
        QVERIFY2(!output.contains(control), output.toPercentEncoding(" :/[]();=_-.,'\"\n").constData());
}

} // namespace

class TestStatusCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void versionAndHelp();
    void jsonHasEveryField_data();
    void jsonHasEveryField();
    void tableIsReadable();
    void faultsGiveKindAndExitCode_data();
    void faultsGiveKindAndExitCode();
    void slowServerTimesOut();
    void invalidIdIsRejectedWithoutRequest();
    void missingKeyExitsThree();
    void plainHttpToRemoteHostIsRefused();
    void badOptionsAreUsageErrors_data();
    void badOptionsAreUsageErrors();
    void tokenModeUsesTokenRoute();
    void idsFromStandardInput();
    void unreachableServerExitsFour();
    void keyNeverPrinted_data();
    void keyNeverPrinted();
    void serverTextCannotDriveTheTerminal();
    void compressionBombIsTooLargeAtOnce_data();
    void compressionBombIsTooLargeAtOnce();
    void aRedirectIsFollowedWithoutReadingItsBody();
    void headerFloodEndsWithTheDeadline();
    void standardInputIsAnsweredAsItComes();
    void overlongLinesAndManyIdsStayInTheirTable();
    void verboseTraceShowsTheUrlAsSent();
    void timeoutRangeIsTheOneEnforced();
    void coreDumpsAreOffUnlessAskedFor();

private:
    CliRun run(const QStringList& arguments, const QProcessEnvironment& environment, const QByteArray& input = {});
    CliRun runStatus(const QStringList& arguments);
    QProcessEnvironment environmentWithKey() const;

    DemoServer m_server;
    QStringList m_samples;
    QTemporaryDir m_home;
};

void TestStatusCli::initTestCase()
{
    m_server.setRequiredSecret(kKey.toUtf8());
    m_samples = m_server.addSampleTasks();
    DemoTaskPlan done;
    done.id = QStringLiteral("video_done");
    done.prompt = QStringLiteral("A red kite over dunes");
    done.queuedAfterMs = done.startsAfterMs = done.finishesAfterMs = 0;
    m_server.addTask(done);
    DemoTaskPlan failed = done;
    failed.id = QStringLiteral("video_failed");
    failed.fails = true;
    m_server.addTask(failed);
    m_server.setSlowResponseMs(4000);
    QVERIFY(m_server.listen());
}

QProcessEnvironment TestStatusCli::environmentWithKey() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // A home of the test's own: a run that opens the task database (no --base-url) must never meet the
    // user's, whatever version wrote it.
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
    environment.remove(QStringLiteral("REELWATCH_TOKEN"));
    environment.remove(QStringLiteral("REELWATCH_BASE_URL"));
    environment.insert(QStringLiteral("REELWATCH_API_KEY"), kKey);
    return environment;
}

CliRun TestStatusCli::run(const QStringList& arguments, const QProcessEnvironment& environment, const QByteArray& input)
{
    return runReelwatch(arguments, environment, input);
}

CliRun TestStatusCli::runStatus(const QStringList& arguments)
{
    return run(QStringList{QStringLiteral("status"), QStringLiteral("--base-url"), m_server.baseUrl().toString()}
                   + arguments,
               environmentWithKey());
}

void TestStatusCli::versionAndHelp()
{
    const CliRun version = run({QStringLiteral("--version")}, environmentWithKey());
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("reelwatch 0."));
    const CliRun help = run({QStringLiteral("--help")}, environmentWithKey());
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("status ID..."));
    QVERIFY(help.out.contains("Exit codes"));
    const CliRun statusHelp = run({QStringLiteral("status"), QStringLiteral("--help")}, environmentWithKey());
    QCOMPARE(statusHelp.exitCode, 0);
    QVERIFY(statusHelp.out.contains("--base-url"));
    const CliRun unknown = run({QStringLiteral("statuz")}, environmentWithKey());
    QCOMPARE(unknown.exitCode, 2);
}

void TestStatusCli::jsonHasEveryField_data()
{
    QTest::addColumn<DemoFlavour>("flavour");
    QTest::newRow("seed") << DemoFlavour::Seed;
    QTest::newRow("openai") << DemoFlavour::OpenAI;
    QTest::newRow("envelope") << DemoFlavour::Envelope;
}

void TestStatusCli::jsonHasEveryField()
{
    QFETCH(DemoFlavour, flavour);
    m_server.setFlavour(flavour);
    const CliRun result = runStatus(
        {QStringLiteral("--json"), QStringLiteral("video_done"), QStringLiteral("video_failed"), m_samples.first()});
    QCOMPARE(result.exitCode, 0);
    const QList<QJsonObject> lines = result.jsonLines();
    QCOMPARE(lines.size(), 3);

    const QStringList fields
        = {QStringLiteral("id"),           QStringLiteral("status"),      QStringLiteral("raw_status"),
           QStringLiteral("progress"),     QStringLiteral("model"),       QStringLiteral("size"),
           QStringLiteral("seconds"),      QStringLiteral("prompt"),      QStringLiteral("created_at"),
           QStringLiteral("completed_at"), QStringLiteral("expires_at"),  QStringLiteral("error"),
           QStringLiteral("url"),          QStringLiteral("http_status"), QStringLiteral("fetch_error")};
    for (const QJsonObject& line : lines) {
        QStringList keys = line.keys();
        keys.sort();
        QStringList expected = fields;
        expected.sort();
        QCOMPARE(keys, expected);
    }

    const QJsonObject done = lines.at(0);
    QCOMPARE(done.value(QStringLiteral("id")).toString(), QStringLiteral("video_done"));
    QCOMPARE(done.value(QStringLiteral("status")).toString(), QStringLiteral("SUCCESS"));
    QCOMPARE(done.value(QStringLiteral("progress")).toInt(), 100);
    QCOMPARE(done.value(QStringLiteral("model")).toString(), QStringLiteral("sora-2"));
    QCOMPARE(done.value(QStringLiteral("size")).toString(), QStringLiteral("720x1280"));
    QCOMPARE(done.value(QStringLiteral("seconds")).toString(), QStringLiteral("8"));
    QCOMPARE(done.value(QStringLiteral("prompt")).toString(), QStringLiteral("A red kite over dunes"));
    QVERIFY(qAbs(done.value(QStringLiteral("created_at")).toInteger() - QDateTime::currentSecsSinceEpoch()) < 120);
    QVERIFY(done.value(QStringLiteral("completed_at")).isDouble());
    QVERIFY(done.value(QStringLiteral("error")).isNull());
    QCOMPARE(done.value(QStringLiteral("http_status")).toInt(), 200);
    QVERIFY(done.value(QStringLiteral("fetch_error")).isNull());
    if (flavour == DemoFlavour::OpenAI) {
        QCOMPARE(done.value(QStringLiteral("raw_status")).toString(), QStringLiteral("completed"));
        QVERIFY(done.value(QStringLiteral("expires_at")).isDouble());
    } else {
        QCOMPARE(done.value(QStringLiteral("raw_status")).toString(), QStringLiteral("SUCCESS"));
    }
    if (flavour == DemoFlavour::Envelope)
        QVERIFY(done.value(QStringLiteral("url")).toString().endsWith(QStringLiteral("/video_done/content")));
    else
        QVERIFY(done.value(QStringLiteral("url")).isNull());

    const QJsonObject failed = lines.at(1);
    QCOMPARE(failed.value(QStringLiteral("status")).toString(), QStringLiteral("FAILURE"));
    QCOMPARE(failed.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(),
             QStringLiteral("The prompt was blocked by the content policy."));
    QVERIFY(failed.value(QStringLiteral("fetch_error")).isNull()); // a failed render is not a failed fetch

    const QJsonObject fresh = lines.at(2);
    QCOMPARE(fresh.value(QStringLiteral("id")).toString(), m_samples.first());
    QVERIFY(!fresh.value(QStringLiteral("status")).toString().isEmpty());
    m_server.setFlavour(DemoFlavour::Seed);
}

void TestStatusCli::tableIsReadable()
{
    const CliRun result = runStatus({QStringLiteral("video_done"), QStringLiteral("video_failed")});
    QCOMPARE(result.exitCode, 0);
    const QList<QByteArray> lines = result.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines.at(0).startsWith("ID"));
    QVERIFY(lines.at(0).contains("STATUS"));
    QVERIFY(lines.at(1).startsWith("video_done"));
    QVERIFY(lines.at(1).contains("SUCCESS"));
    QVERIFY(lines.at(1).contains("100%"));
    QVERIFY(lines.at(2).contains("FAILURE"));
    QVERIFY(lines.at(2).contains("content policy"));
    // Columns line up: STATUS starts at the same offset on every line.
    const int statusColumn = lines.at(0).indexOf("STATUS");
    QCOMPARE(lines.at(1).indexOf("SUCCESS"), statusColumn);
    QCOMPARE(lines.at(2).indexOf("FAILURE"), statusColumn);
}

void TestStatusCli::faultsGiveKindAndExitCode_data()
{
    QTest::addColumn<QString>("taskId");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QVariant>("httpStatus");
    QTest::newRow("not found") << "video_missing"
                               << "not_found" << 1 << QVariant(404);
    QTest::newRow("unauthorized") << "fault_401"
                                  << "unauthorized" << 3 << QVariant(401);
    QTest::newRow("rate limited") << "fault_429"
                                  << "rate_limited" << 4 << QVariant(429);
    QTest::newRow("server error") << "fault_500"
                                  << "server_error" << 4 << QVariant(500);
    QTest::newRow("bad gateway html") << "fault_502"
                                      << "server_error" << 4 << QVariant(502);
    QTest::newRow("html page") << "fault_html"
                               << "invalid_response" << 1 << QVariant(200);
    QTest::newRow("truncated json") << "fault_truncated"
                                    << "invalid_response" << 1 << QVariant(200);
    QTest::newRow("oversized") << "fault_huge"
                               << "too_large" << 1 << QVariant();
    QTest::newRow("dropped connection") << "fault_drop"
                                        << "network" << 4 << QVariant();
}

void TestStatusCli::faultsGiveKindAndExitCode()
{
    QFETCH(QString, taskId);
    QFETCH(QString, kind);
    QFETCH(int, exitCode);
    QFETCH(QVariant, httpStatus);
    const CliRun result = runStatus({QStringLiteral("--json"), taskId});
    QCOMPARE(result.exitCode, exitCode);
    const QList<QJsonObject> lines = result.jsonLines();
    QCOMPARE(lines.size(), 1);
    const QJsonObject fetchError = lines.first().value(QStringLiteral("fetch_error")).toObject();
    QCOMPARE(fetchError.value(QStringLiteral("kind")).toString(), kind);
    QVERIFY(!fetchError.value(QStringLiteral("message")).toString().isEmpty());
    QVERIFY(lines.first().value(QStringLiteral("status")).isNull());
    if (httpStatus.isValid())
        QCOMPARE(lines.first().value(QStringLiteral("http_status")).toInt(), httpStatus.toInt());
    else
        QVERIFY(lines.first().value(QStringLiteral("http_status")).isNull());

    // The table says the same in words.
    const CliRun table = runStatus({taskId});
    QCOMPARE(table.exitCode, exitCode);
    QVERIFY(table.out.contains(kind.toUtf8() + ':'));
}

void TestStatusCli::slowServerTimesOut()
{
    const CliRun result = runStatus(
        {QStringLiteral("--json"), QStringLiteral("--timeout"), QStringLiteral("0.5"), QStringLiteral("fault_slow")});
    QCOMPARE(result.exitCode, 4);
    const QJsonObject fetchError = result.jsonLines().value(0).value(QStringLiteral("fetch_error")).toObject();
    QCOMPARE(fetchError.value(QStringLiteral("kind")).toString(), QStringLiteral("timeout"));
}

void TestStatusCli::invalidIdIsRejectedWithoutRequest()
{
    const int before = m_server.requestCount();
    const CliRun result
        = runStatus({QStringLiteral("--json"), QStringLiteral("../etc/passwd"), QStringLiteral("video_done")});
    QCOMPARE(result.exitCode, 2);
    const QList<QJsonObject> lines = result.jsonLines();
    QCOMPARE(lines.size(), 2);
    const QJsonObject fetchError = lines.at(0).value(QStringLiteral("fetch_error")).toObject();
    QCOMPARE(fetchError.value(QStringLiteral("kind")).toString(), QStringLiteral("invalid_id"));
    QVERIFY(fetchError.value(QStringLiteral("message")).toString().contains(QStringLiteral("'/'")));
    QCOMPARE(lines.at(1).value(QStringLiteral("status")).toString(), QStringLiteral("SUCCESS"));
    QCOMPARE(m_server.requestCount(), before + 1); // only the valid one was sent
}

void TestStatusCli::missingKeyExitsThree()
{
    QProcessEnvironment environment = environmentWithKey();
    environment.remove(QStringLiteral("REELWATCH_API_KEY"));
    const CliRun result = run({QStringLiteral("status"), QStringLiteral("--base-url"), m_server.baseUrl().toString(),
                               QStringLiteral("video_done")},
                              environment);
    QCOMPARE(result.exitCode, 3);
    QVERIFY(result.err.contains("REELWATCH_API_KEY"));
    QVERIFY(result.out.isEmpty());
}

void TestStatusCli::plainHttpToRemoteHostIsRefused()
{
    const int before = m_server.requestCount();
    const CliRun result = run({QStringLiteral("status"), QStringLiteral("--base-url"),
                               QStringLiteral("http://api.example.com"), QStringLiteral("video_done")},
                              environmentWithKey());
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.err.contains("http://"));
    QCOMPARE(m_server.requestCount(), before);
}

void TestStatusCli::badOptionsAreUsageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("no ids") << QStringList{QStringLiteral("status")};
    QTest::newRow("bad auth") << QStringList{QStringLiteral("status"), QStringLiteral("--auth"),
                                             QStringLiteral("basic"), QStringLiteral("video_done")};
    QTest::newRow("bad timeout") << QStringList{QStringLiteral("status"), QStringLiteral("--timeout"),
                                                QStringLiteral("-1"), QStringLiteral("video_done")};
    QTest::newRow("unknown option") << QStringList{QStringLiteral("status"), QStringLiteral("--colour"),
                                                   QStringLiteral("video_done")};
    QTest::newRow("ftp url") << QStringList{QStringLiteral("status"), QStringLiteral("--base-url"),
                                            QStringLiteral("ftp://127.0.0.1"), QStringLiteral("video_done")};
}

void TestStatusCli::badOptionsAreUsageErrors()
{
    QFETCH(QStringList, arguments);
    const CliRun result = run(arguments, environmentWithKey());
    QCOMPARE(result.exitCode, 2);
    QVERIFY(!result.err.isEmpty());
    QVERIFY(result.out.isEmpty());
}

void TestStatusCli::tokenModeUsesTokenRoute()
{
    DemoServer tokenServer;
    tokenServer.setRequiredSecret(kToken.toUtf8());
    DemoTaskPlan plan;
    plan.id = QStringLiteral("video_tok");
    plan.queuedAfterMs = plan.startsAfterMs = plan.finishesAfterMs = 0;
    tokenServer.addTask(plan);
    QVERIFY(tokenServer.listen());

    QProcessEnvironment environment = environmentWithKey();
    environment.insert(QStringLiteral("REELWATCH_TOKEN"), kToken);
    const CliRun result = run({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--auth"),
                               QStringLiteral("token"), QStringLiteral("--base-url"),
                               tokenServer.baseUrl().toString() + QStringLiteral("/v1/"), QStringLiteral("video_tok")},
                              environment);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.jsonLines().value(0).value(QStringLiteral("status")).toString(), QStringLiteral("SUCCESS"));
    const DemoRequest seen = tokenServer.recentRequests().constLast();
    QCOMPARE(seen.path, QStringLiteral("/api/videos/video_tok"));
    QCOMPARE(seen.token, kToken.toUtf8());
    QVERIFY(seen.authorization.isEmpty());

    environment.remove(QStringLiteral("REELWATCH_TOKEN"));
    const CliRun missing
        = run({QStringLiteral("status"), QStringLiteral("--auth"), QStringLiteral("token"),
               QStringLiteral("--base-url"), tokenServer.baseUrl().toString(), QStringLiteral("video_tok")},
              environment);
    QCOMPARE(missing.exitCode, 3);
    QVERIFY(missing.err.contains("REELWATCH_TOKEN"));
}

void TestStatusCli::idsFromStandardInput()
{
    const CliRun result = run({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--base-url"),
                               m_server.baseUrl().toString(), QStringLiteral("-")},
                              environmentWithKey(), QByteArrayLiteral("video_done\n\n  video_failed  \n"));
    QCOMPARE(result.exitCode, 0);
    const QList<QJsonObject> lines = result.jsonLines();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(1).value(QStringLiteral("id")).toString(), QStringLiteral("video_failed"));
}

void TestStatusCli::unreachableServerExitsFour()
{
    quint16 closedPort = 0;
    {
        DemoServer gone;
        QVERIFY(gone.listen());
        closedPort = gone.port();
    }
    const CliRun result = run({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--base-url"),
                               QStringLiteral("http://127.0.0.1:%1").arg(closedPort), QStringLiteral("video_done")},
                              environmentWithKey());
    QCOMPARE(result.exitCode, 4);
    QCOMPARE(result.jsonLines().value(0).value(QStringLiteral("fetch_error")).toObject().value(QStringLiteral("kind")),
             QJsonValue(QStringLiteral("network")));
}

void TestStatusCli::keyNeverPrinted_data()
{
    QTest::addColumn<QStringList>("extraArguments");
    QTest::newRow("table verbose") << QStringList{QStringLiteral("--verbose")};
    QTest::newRow("json verbose") << QStringList{QStringLiteral("--json"), QStringLiteral("-v")};
}

void TestStatusCli::keyNeverPrinted()
{
    QFETCH(QStringList, extraArguments);
    // Every path through the client: success, each fault, redirects to both origins, an invalid ID.
    const QStringList ids = {QStringLiteral("video_done"),
                             QStringLiteral("video_failed"),
                             QStringLiteral("video_missing"),
                             QStringLiteral("fault_401"),
                             QStringLiteral("fault_429"),
                             QStringLiteral("fault_500"),
                             QStringLiteral("fault_502"),
                             QStringLiteral("fault_html"),
                             QStringLiteral("fault_truncated"),
                             QStringLiteral("fault_huge"),
                             QStringLiteral("fault_drop"),
                             QStringLiteral("fault_redirect"),
                             QStringLiteral("fault_redirect_cross"),
                             QStringLiteral("fault_echo_key"),
                             QStringLiteral("bad id")};
    const CliRun bearer = runStatus(extraArguments + ids);
    QCOMPARE(bearer.exitCode, 3); // fault_401 dominates
    QVERIFY(bearer.err.contains("GET ")); // verbose output really was produced

    QProcessEnvironment wrongKey = environmentWithKey();
    wrongKey.insert(QStringLiteral("REELWATCH_API_KEY"), kKey + QStringLiteral("-wrong"));
    const CliRun rejected
        = run(QStringList{QStringLiteral("status"), QStringLiteral("--base-url"), m_server.baseUrl().toString()}
                  + extraArguments + QStringList{QStringLiteral("video_done")},
              wrongKey);
    QCOMPARE(rejected.exitCode, 3);

    QProcessEnvironment tokenEnvironment = environmentWithKey();
    tokenEnvironment.insert(QStringLiteral("REELWATCH_TOKEN"), kToken);
    const CliRun token = run(QStringList{QStringLiteral("status"), QStringLiteral("--auth"), QStringLiteral("token"),
                                         QStringLiteral("--base-url"), m_server.baseUrl().toString()}
                                 + extraArguments + ids,
                             tokenEnvironment);

    for (const CliRun* output : {&bearer, &rejected, &token}) {
        const QByteArray everything = output->out + output->err;
        QVERIFY(!everything.isEmpty());
        for (const QString& secret : {kKey, kToken}) {
            QVERIFY2(!everything.contains(secret.toUtf8()), everything.constData());
            QVERIFY2(!everything.contains(secret.right(8).toUtf8()), everything.constData()); // nor its tail
        }
    }
}

void TestStatusCli::serverTextCannotDriveTheTerminal()
{
    // fault_controls: a failed task whose prompt, model, link and error carry ANSI and OSC sequences,
    // backspaces, carriage returns, a C1 CSI and a bidi override.
    const CliRun table = runStatus({QStringLiteral("fault_controls")});
    QCOMPARE(table.exitCode, 0);
    verifyNothingForTheTerminal(table.out + table.err);
    // Shown, not obeyed, and on the task's one line.
    QVERIFY2(table.out.contains("Policy \\u009b31m violation \\u001b[1A\\u001b[2Kall good next line"),
             table.out.constData());
    QVERIFY(table.out.contains("sora-2\\u001b]0;owned\\u0007"));
    QCOMPARE(table.out.trimmed().split('\n').size(), 2); // the header and the task

    // JSON carries the server's words exactly; its escaping is what makes them safe: C0, C1 and the
    // bidi override alike, in the task's fields and in the nested error object.
    const CliRun json = runStatus({QStringLiteral("--json"), QStringLiteral("fault_controls")});
    QCOMPARE(json.exitCode, 0);
    verifyNothingForTheTerminal(json.out + json.err);
    const QJsonObject line = json.jsonLines().value(0);
    QCOMPARE(line.value(QStringLiteral("prompt")).toString(), QStringLiteral("A boat\r\x1b[2KSUCCESS \u202Egnp.exe"));
    QCOMPARE(line.value(QStringLiteral("model")).toString(), QStringLiteral("sora-2\x1b]0;owned\x07"));
    QVERIFY2(line.value(QStringLiteral("error"))
                 .toObject()
                 .value(QStringLiteral("message"))
                 .toString()
                 .contains(QStringLiteral("Policy \u009b31m violation")),
             json.out.constData());

    // Words for people on standard error: a rejected ID with control characters in it.
    const CliRun rejected = runStatus({QStringLiteral("video_\x1b[2J")});
    QCOMPARE(rejected.exitCode, 2);
    verifyNothingForTheTerminal(rejected.out + rejected.err);
}

void TestStatusCli::compressionBombIsTooLargeAtOnce_data()
{
    QTest::addColumn<QString>("taskId");
    QTest::newRow("gzip") << QStringLiteral("fault_gzip_bomb");
    QTest::newRow("deflate") << QStringLiteral("fault_deflate_bomb");
}

void TestStatusCli::compressionBombIsTooLargeAtOnce()
{
    QFETCH(QString, taskId);
    // Half a megabyte on the wire, half a gigabyte decoded: the body cap counts what is decoded, so
    // this is too large as soon as the cap is passed, never a wait for the deadline (a whole minute
    // here, which a timeout would have to sit out).
    const CliRun result
        = runStatus({QStringLiteral("--json"), QStringLiteral("--timeout"), QStringLiteral("60"), taskId});
    QCOMPARE(result.exitCode, 1);
    const QJsonObject fetchError = result.jsonLines().value(0).value(QStringLiteral("fetch_error")).toObject();
    QCOMPARE(fetchError.value(QStringLiteral("kind")).toString(), QStringLiteral("too_large"));
    QCOMPARE(fetchError.value(QStringLiteral("reason")).toString(), QStringLiteral("body_too_large"));
    QCOMPARE(fetchError.value(QStringLiteral("limit")).toInt(), 1024 * 1024);
    QVERIFY2(!result.err.contains("Internal problem"), result.err.constData());
}

void TestStatusCli::aRedirectIsFollowedWithoutReadingItsBody()
{
    // The 302's body is a compression bomb that takes ten seconds to arrive: the headers say where to
    // go, so the answer comes from the target well within a three-second deadline. (A smaller bomb
    // than the others: this one is about the wait, and the server makes it while the child waits.)
    const qint64 bombBytes = m_server.bombBytes();
    m_server.setBombBytes(64 * 1024 * 1024);
    const CliRun result = runStatus({QStringLiteral("--json"), QStringLiteral("--timeout"), QStringLiteral("3"),
                                     QStringLiteral("fault_redirect_bomb")});
    m_server.setBombBytes(bombBytes);
    QVERIFY2(result.exitCode == 0, result.out.constData());
    const QJsonObject line = result.jsonLines().value(0);
    QCOMPARE(line.value(QStringLiteral("id")).toString(), QStringLiteral("fault_redirect_bomb"));
    QVERIFY2(line.value(QStringLiteral("fetch_error")).isNull(), result.out.constData());
    QCOMPARE(line.value(QStringLiteral("prompt")).toString(), QStringLiteral("Redirect target"));
}

void TestStatusCli::headerFloodEndsWithTheDeadline()
{
    // Header lines without end keep Qt's network thread reading them; the command still ends with its
    // deadline rather than 5 s later, when Qt gives up waiting for that thread. The limit below is
    // nine times what the run needs and still short of that wait.
    const CliRun result
        = runReelwatch({QStringLiteral("status"), QStringLiteral("--base-url"), m_server.baseUrl().toString(),
                        QStringLiteral("--json"), QStringLiteral("--timeout"), QStringLiteral("0.5"),
                        QStringLiteral("fault_header_flood")},
                       environmentWithKey(), {}, 4500);
    QCOMPARE(result.exitCode, 4);
    const QJsonObject fetchError = result.jsonLines().value(0).value(QStringLiteral("fetch_error")).toObject();
    QCOMPARE(fetchError.value(QStringLiteral("kind")).toString(), QStringLiteral("timeout"));
}

void TestStatusCli::standardInputIsAnsweredAsItComes()
{
    QProcess process;
    process.setProcessEnvironment(environmentWithKey());
    process.start(QStringLiteral(REELWATCH_BINARY),
                  {QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--base-url"),
                   m_server.baseUrl().toString(), QStringLiteral("-")});
    QVERIFY(process.waitForStarted(10000));
    QByteArray out;
    process.write("video_done\n");
    // Answered while standard input is still open: the IDs are read as they come, not all first.
    QTRY_VERIFY_WITH_TIMEOUT((out += process.readAllStandardOutput()).contains(R"("id":"video_done")"), 30000);
    process.write("video_failed\n");
    process.closeWriteChannel();
    QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 30000);
    QCOMPARE(process.exitCode(), 0);
    out += process.readAllStandardOutput();
    const QList<QByteArray> lines = out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value(QStringLiteral("id")).toString(),
             QStringLiteral("video_failed"));
}

void TestStatusCli::overlongLinesAndManyIdsStayInTheirTable()
{
    // A line far longer than any ID is reported by its start, not kept whole; the next line is an ID again.
    QByteArray input = QByteArray(100 * 1000, 'x') + "\nvideo_done\n";
    for (int i = 0; i < 150; ++i)
        input += (i % 3 ? "video_done\n" : "not an id!\n");
    const CliRun result = run(
        {QStringLiteral("status"), QStringLiteral("--base-url"), m_server.baseUrl().toString(), QStringLiteral("-")},
        environmentWithKey(), input);
    QCOMPARE(result.exitCode, 2);
    const QList<QByteArray> lines = result.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 1 + 1 + 1 + 150); // the header once, then one row per line given
    QVERIFY(lines.at(0).startsWith("ID "));
    QVERIFY2(lines.at(1).startsWith(QByteArray(4096, 'x') + ' '), lines.at(1).left(80).constData());
    QVERIFY(lines.at(1).contains("invalid_id"));
    // The rows after the first hundred keep the columns of those before.
    const qsizetype statusColumn = lines.at(2).indexOf("SUCCESS");
    QVERIFY(statusColumn > 0);
    QCOMPARE(lines.constLast().indexOf("SUCCESS"), statusColumn);
    QVERIFY(lines.at(3).contains("invalid_id"));
}

void TestStatusCli::verboseTraceShowsTheUrlAsSent()
{
    // A gateway prefix with percent-encoded characters: the trace shows them encoded, as they were sent.
    const QString base = m_server.baseUrl().toString() + QStringLiteral("/gw%20one%25two%2F3");
    const CliRun result = run({QStringLiteral("status"), QStringLiteral("-v"), QStringLiteral("--base-url"), base,
                               QStringLiteral("video_done")},
                              environmentWithKey());
    const QByteArray sent = base.toUtf8() + "/v1/videos/video_done";
    QVERIFY2(result.err.contains("GET " + sent + " -> 404"), result.err.constData());
    QCOMPARE(m_server.recentRequests().constLast().path, QStringLiteral("/gw one%two/3/v1/videos/video_done"));
}

void TestStatusCli::timeoutRangeIsTheOneEnforced()
{
    for (const char* refused : {"0", "0.0004", "3600.5", "-1", "nan"}) {
        const CliRun result
            = runStatus({QStringLiteral("--timeout"), QLatin1String(refused), QStringLiteral("video_done")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QByteArray("invalid --timeout '") + refused
                                     + "': give a number of seconds from 0.001 to 3600"),
                 result.err.constData());
    }
    // Both ends are allowed, as the message says.
    for (const char* accepted : {"0.001", "3600"}) {
        const CliRun result = runStatus({QStringLiteral("--json"), QStringLiteral("--timeout"), QLatin1String(accepted),
                                         QStringLiteral("video_done")});
        QVERIFY2(result.exitCode != 2, result.err.constData());
        QCOMPARE(result.jsonLines().size(), 1);
    }
}

void TestStatusCli::coreDumpsAreOffUnlessAskedFor()
{
#ifdef Q_OS_LINUX
    // What the limits of a running status command say about its core file, started with a core limit
    // of 1 MiB as a shell's `ulimit -c 1024` would give it.
    rlimit own{};
    if (getrlimit(RLIMIT_CORE, &own) != 0 || own.rlim_max == 0)
        QSKIP("core files are off for every process here");
    const auto coreLimitWhileRunning = [this](const QProcessEnvironment& environment) {
        const int asked = m_server.requestCountFor(QStringLiteral("/v1/videos/fault_slow"));
        QProcess process;
        process.setProcessEnvironment(environment);
        process.setChildProcessModifier([] {
            rlimit core{};
            getrlimit(RLIMIT_CORE, &core);
            core.rlim_cur = std::min<rlim_t>(1024 * 1024, core.rlim_max);
            setrlimit(RLIMIT_CORE, &core);
        });
        process.start(QStringLiteral(REELWATCH_BINARY),
                      {QStringLiteral("status"), QStringLiteral("--base-url"), m_server.baseUrl().toString(),
                       QStringLiteral("fault_slow")});
        process.waitForStarted(10000);
        // Once the request is out, the key has been read: that is what a core must not hold.
        QDeadlineTimer deadline(30000);
        while (m_server.requestCountFor(QStringLiteral("/v1/videos/fault_slow")) == asked && !deadline.hasExpired())
            QTest::qWait(10);
        QFile limits(QStringLiteral("/proc/%1/limits").arg(process.processId()));
        QByteArray line;
        if (limits.open(QIODevice::ReadOnly)) {
            for (const QByteArray& each : limits.readAll().split('\n')) {
                if (each.startsWith("Max core file size"))
                    line = each.simplified();
            }
        }
        process.waitForFinished(30000);
        return line;
    };
    QCOMPARE(coreLimitWhileRunning(environmentWithKey()), QByteArray("Max core file size 0 0 bytes"));

    QProcessEnvironment debugging = environmentWithKey();
    debugging.insert(QStringLiteral("REELWATCH_ALLOW_CORE_DUMPS"), QStringLiteral("1"));
    // AddressSanitizer turns core files off by itself (disable_coredump); in a sanitised build it is
    // told not to, so what is checked is Reelwatch's own choice.
    const QString asanOptions = debugging.value(QStringLiteral("ASAN_OPTIONS"));
    debugging.insert(QStringLiteral("ASAN_OPTIONS"),
                     asanOptions + (asanOptions.isEmpty() ? QString() : QStringLiteral(":"))
                         + QStringLiteral("disable_coredump=0"));
    const QByteArray allowed = coreLimitWhileRunning(debugging);
    QVERIFY2(allowed.startsWith("Max core file size") && !allowed.startsWith("Max core file size 0 "),
             allowed.constData());
#else
    QSKIP("reads /proc");
#endif
}

QTEST_GUILESS_MAIN(TestStatusCli)
#include "tst_statuscli.moc"

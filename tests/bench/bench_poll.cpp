// Polling benchmark: what `reelwatch watch` costs the machine and the server compared with the curl loop a user
// would otherwise write. For each task count it starts a fresh `reelwatch demo-server` (openai flavour, so the list
// route exists), runs the real client under /usr/bin/time with and without batch refresh, then the curl loop, and
// prints wall time, CPU, CPU per request, peak RSS, TCP connections, requests and status changes per run.
//
// Not a CTest test: it takes minutes and its figures depend on the machine. See docs/BENCHMARKS.md.

#include "benchchild.h"

#include <optional>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

namespace {

using BenchChild::Child;
using BenchChild::DemoServerProcess;

constexpr int kExitFailure = 1;
constexpr int kExitMissingTool = 2;
// The CLI refuses --max-rps above this; the bench falls back to it when the wish is refused.
constexpr double kCliMaxRps = 1000;
const QString kTimeBinary = QStringLiteral("/usr/bin/time");
const QByteArray kBenchKey = QByteArrayLiteral("sk-bench-0123456789abcdef");

// ---- measurements --------------------------------------------------------------------------------------------

struct TimeFigures
{
    double wallS = 0;
    double userS = 0;
    double systemS = 0;
    qint64 maxRssKiB = 0;
};

struct ServerStats
{
    qint64 requests = 0;
    qint64 connections = 0;
};

struct RunResult
{
    QString name;
    bool ran = false;
    QString skipped; // why it did not run, when it did not
    TimeFigures time;
    qint64 requests = 0;
    qint64 connections = 0;
    qint64 statusChanges = 0; // first status of a task included, as Poller::Stats counts them
    qint64 finished = 0; // tasks seen completed or failed
    QString note;

    double cpuS() const { return time.userS + time.systemS; }
    double cpuMicrosPerRequest() const { return requests > 0 ? cpuS() * 1e6 / double(requests) : 0; }
    double requestsPerChange() const { return statusChanges > 0 ? double(requests) / double(statusChanges) : 0; }
};

struct Settings
{
    QList<int> taskCounts{100, 1000, 10000};
    int curlMaxTasks = 1000;
    double intervalS = 1;
    int concurrency = 6;
    double maxRps = 100000;
    double finishBaseMs = 3000;
    double finishPerTaskMs = 1.2;
    int runTimeoutS = 1800;
    QString binary;
    QString curlLoop;
    int providerTasks = 0; // --providers N: the per-provider table instead of the comparison
};

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

void say(const QString& line)
{
    out() << line << Qt::endl;
}

void complain(const QString& line)
{
    QTextStream(stderr) << "bench_poll: " << line << Qt::endl;
}

std::optional<TimeFigures> readTimeFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    // GNU time puts "Command exited with non-zero status N" first when the command failed; the figures are last.
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    const QList<QByteArray> fields = lines.constLast().simplified().split(' ');
    if (fields.size() != 4)
        return std::nullopt;
    bool ok[4] = {};
    TimeFigures figures{fields[0].toDouble(&ok[0]), fields[1].toDouble(&ok[1]), fields[2].toDouble(&ok[2]),
                        fields[3].toLongLong(&ok[3])};
    if (!(ok[0] && ok[1] && ok[2] && ok[3]))
        return std::nullopt;
    return figures;
}

// Each call uses a fresh manager and asks the server to close: exactly one new TCP connection per call, so the
// bench's own share of the server's connection count is known.
std::optional<ServerStats> fetchStats(const QString& baseUrl)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(QUrl(baseUrl + QStringLiteral("/_demo/stats")));
    request.setRawHeader("Connection", "close");
    QNetworkReply* reply = manager.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    if (!reply->isFinished() || reply->error() != QNetworkReply::NoError) {
        reply->abort();
        delete reply;
        return std::nullopt;
    }
    const QJsonObject stats = QJsonDocument::fromJson(reply->readAll()).object();
    delete reply;
    if (!stats.contains(QStringLiteral("requests")) || !stats.contains(QStringLiteral("connections")))
        return std::nullopt;
    return ServerStats{stats.value(QStringLiteral("requests")).toInteger(),
                       stats.value(QStringLiteral("connections")).toInteger()};
}

QString tail(const QString& path, int lines = 8)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    const QStringList all = QString::fromUtf8(file.readAll()).trimmed().split(QLatin1Char('\n'));
    return all.mid(std::max<qsizetype>(0, all.size() - lines)).join(QLatin1Char('\n'));
}

// ---- one measured run ----------------------------------------------------------------------------------------

enum class Client
{
    ReelwatchBatch,
    ReelwatchNoBatch,
    CurlLoop,
};

QString clientName(Client client)
{
    switch (client) {
    case Client::ReelwatchBatch:
        return QStringLiteral("reelwatch-batch");
    case Client::ReelwatchNoBatch:
        return QStringLiteral("reelwatch-no-batch");
    case Client::CurlLoop:
        return QStringLiteral("curl-loop");
    }
    return QString();
}

// Status changes in `reelwatch watch --json` output: "status" events also report progress, so only events whose
// status differs from the task's previous one count.
void countWatchOutput(const QString& path, RunResult& result)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    QHash<QString, QString> last;
    while (!file.atEnd()) {
        const QJsonObject event = QJsonDocument::fromJson(file.readLine()).object();
        const QString kind = event.value(QStringLiteral("event")).toString();
        if (kind == QLatin1String("status")) {
            const QString id = event.value(QStringLiteral("id")).toString();
            const QString status = event.value(QStringLiteral("status")).toString();
            auto it = last.find(id);
            if (it == last.end() || *it != status) {
                last.insert(id, status);
                ++result.statusChanges;
            }
        } else if (kind == QLatin1String("done")) {
            result.finished = event.value(QStringLiteral("succeeded")).toInteger()
                + event.value(QStringLiteral("failed")).toInteger();
            const qint64 unfinished = event.value(QStringLiteral("unfinished")).toInteger();
            if (unfinished > 0)
                result.note = QStringLiteral("%1 tasks unfinished").arg(unfinished);
        }
    }
}

// curl_loop.sh prints "ID STATUS" on every change.
void countCurlOutput(const QString& path, RunResult& result)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    while (!file.atEnd()) {
        const QList<QByteArray> fields = file.readLine().trimmed().split(' ');
        if (fields.size() != 2)
            continue;
        ++result.statusChanges;
        if (fields[1] == "completed" || fields[1] == "failed")
            ++result.finished;
    }
}

bool measure(const Settings& settings, Client client, int tasks, const QString& idsFile, const QDir& work,
             RunResult& result)
{
    result.name = clientName(client);
    const qint64 finishMs = static_cast<qint64>(settings.finishBaseMs + tasks * settings.finishPerTaskMs);
    const QString stem = work.filePath(QStringLiteral("%1-%2").arg(result.name).arg(tasks));
    const QString timeFile = stem + QStringLiteral(".time");
    const QString outFile = stem + QStringLiteral(".out");
    const QString errFile = stem + QStringLiteral(".err");

    // A fresh server per run: every client sees the same lifecycles from the start.
    DemoServerProcess server;
    QString error;
    if (!server.start(settings.binary, tasks, finishMs, &error)) {
        complain(error);
        return false;
    }
    const std::optional<ServerStats> before = fetchStats(server.baseUrl());
    if (!before) {
        complain(QStringLiteral("cannot read %1/_demo/stats").arg(server.baseUrl()));
        return false;
    }

    QStringList arguments{QStringLiteral("-f"), QStringLiteral("%e %U %S %M"), QStringLiteral("-o"), timeFile};
    if (client == Client::CurlLoop) {
        arguments << QStringLiteral("bash") << settings.curlLoop << server.baseUrl() << idsFile
                  << QString::number(settings.intervalS);
    } else {
        arguments << settings.binary << QStringLiteral("watch") << QStringLiteral("--json")
                  << QStringLiteral("--interval") << QString::number(settings.intervalS)
                  << QStringLiteral("--concurrency") << QString::number(settings.concurrency)
                  << QStringLiteral("--max-rps") << QString::number(settings.maxRps, 'g', 10);
        if (client == Client::ReelwatchNoBatch)
            arguments << QStringLiteral("--no-batch");
        arguments << QStringLiteral("--base-url") << server.baseUrl() << QStringLiteral("-");
    }

    Child run;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("REELWATCH_API_KEY"), QString::fromLatin1(kBenchKey));
    // The loopback demo server may be polled faster than any real server (PollLimits::testing()).
    environment.insert(QStringLiteral("REELWATCH_POLL_LIMITS"), QStringLiteral("testing"));
    run.process().setProcessEnvironment(environment);
    run.process().setStandardInputFile(idsFile);
    run.process().setStandardOutputFile(outFile);
    run.process().setStandardErrorFile(errFile);
    if (!run.start(kTimeBinary, arguments)) {
        complain(QStringLiteral("cannot start %1: %2").arg(kTimeBinary, run.process().errorString()));
        return false;
    }
    if (!run.wait(settings.runTimeoutS * 1000)) {
        complain(QStringLiteral("%1 with %2 tasks did not finish within %3 s; stopped. Last output:\n%4")
                     .arg(result.name)
                     .arg(tasks)
                     .arg(settings.runTimeoutS)
                     .arg(tail(errFile)));
        return false;
    }
    // reelwatch watch exits 1 when some tasks failed, which one in ten does here.
    const int exitCode = run.process().exitCode();
    const bool acceptable = run.process().exitStatus() == QProcess::NormalExit
        && (exitCode == 0 || (exitCode == 1 && client != Client::CurlLoop));
    if (!acceptable) {
        complain(QStringLiteral("%1 with %2 tasks exited with %3:\n%4")
                     .arg(result.name)
                     .arg(tasks)
                     .arg(exitCode)
                     .arg(tail(errFile)));
        return false;
    }

    const std::optional<ServerStats> after = fetchStats(server.baseUrl());
    const std::optional<TimeFigures> figures = readTimeFile(timeFile);
    server.stop();
    if (!after || !figures) {
        complain(QStringLiteral("%1 with %2 tasks: cannot read %3")
                     .arg(result.name)
                     .arg(tasks)
                     .arg(after ? timeFile : QStringLiteral("the server's stats")));
        return false;
    }
    result.ran = true;
    result.time = *figures;
    result.requests = after->requests - before->requests;
    // The "after" stats request opened one connection of its own.
    result.connections = after->connections - before->connections - 1;
    if (client == Client::CurlLoop)
        countCurlOutput(outFile, result);
    else
        countWatchOutput(outFile, result);
    if (result.finished != tasks && result.note.isEmpty())
        result.note = QStringLiteral("%1 of %2 tasks seen finished").arg(result.finished).arg(tasks);
    return true;
}

// ---- one provider ---------------------------------------------------------------------------------------------

struct ProviderInfo
{
    QString id;
    bool listRoute = false;
};

// The native providers as the binary lists them (`reelwatch providers --json`), the OpenAI shape left out: the
// comparison above measures it.
QList<ProviderInfo> nativeProviders(const QString& binary)
{
    QProcess process;
    process.start(binary, {QStringLiteral("providers"), QStringLiteral("--json")});
    process.waitForFinished(30000);
    QList<ProviderInfo> providers;
    for (const QByteArray& line : process.readAllStandardOutput().split('\n')) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        const QString id = object.value(QStringLiteral("id")).toString();
        if (!id.isEmpty() && id != QLatin1String("openai"))
            providers << ProviderInfo{id, object.value(QStringLiteral("list_route")).toBool()};
    }
    return providers;
}

// `reelwatch watch --provider ID` over `tasks` renders on the demo server's simulation of that API.
bool measureProvider(const Settings& settings, const ProviderInfo& provider, int tasks, const QDir& work,
                     RunResult& result)
{
    result.name = provider.id;
    const qint64 finishMs = static_cast<qint64>(settings.finishBaseMs + tasks * settings.finishPerTaskMs);
    const QString stem = work.filePath(QStringLiteral("provider-%1").arg(provider.id));
    const QString idsFile = stem + QStringLiteral(".ids");
    const bool digits = provider.id == QLatin1String("pixverse"); // PixVerse IDs are numbers
    {
        QFile ids(idsFile);
        if (!ids.open(QIODevice::WriteOnly))
            return false;
        for (int i = 0; i < tasks; ++i) {
            QString id = digits ? QString::number(9000000000000LL + i)
                                : QStringLiteral("task_%1").arg(i, 6, 10, QLatin1Char('0'));
            if (provider.id == QLatin1String("gemini")) // an operation name
                id = QStringLiteral("models/veo-3.0-generate-001/operations/") + id;
            ids.write(id.toLatin1() + '\n');
        }
    }
    DemoServerProcess server;
    QString error;
    if (!server.start(settings.binary, tasks, finishMs, &error,
                      digits ? QStringList{QStringLiteral("--numeric-ids")} : QStringList())) {
        complain(error);
        return false;
    }
    const std::optional<ServerStats> before = fetchStats(server.baseUrl());
    QString base = server.baseUrl() + QLatin1Char('/') + provider.id;
    if (provider.id == QLatin1String("fal"))
        base += QStringLiteral("/fal-ai/demo-video"); // fal's base URL is the app
    const QString timeFile = stem + QStringLiteral(".time");
    const QString outFile = stem + QStringLiteral(".out");
    const QString errFile = stem + QStringLiteral(".err");
    Child run;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // Kling's key is a pair the client signs a token with; the demo accepts any key.
    environment.insert(QStringLiteral("REELWATCH_API_KEY"),
                       provider.id == QLatin1String("kling") ? QStringLiteral("bench-access:bench-secret")
                                                             : QString::fromLatin1(kBenchKey));
    environment.insert(QStringLiteral("REELWATCH_POLL_LIMITS"), QStringLiteral("testing"));
    run.process().setProcessEnvironment(environment);
    run.process().setStandardInputFile(idsFile);
    run.process().setStandardOutputFile(outFile);
    run.process().setStandardErrorFile(errFile);
    const QStringList arguments{QStringLiteral("-f"),
                                QStringLiteral("%e %U %S %M"),
                                QStringLiteral("-o"),
                                timeFile,
                                settings.binary,
                                QStringLiteral("watch"),
                                QStringLiteral("--json"),
                                QStringLiteral("--interval"),
                                QString::number(settings.intervalS),
                                QStringLiteral("--concurrency"),
                                QString::number(settings.concurrency),
                                QStringLiteral("--max-rps"),
                                QString::number(settings.maxRps, 'g', 10),
                                QStringLiteral("--provider"),
                                provider.id,
                                QStringLiteral("--base-url"),
                                base,
                                QStringLiteral("-")};
    if (!run.start(kTimeBinary, arguments) || !run.wait(settings.runTimeoutS * 1000)) {
        complain(QStringLiteral("%1: the run failed or timed out:\n%2").arg(provider.id, tail(errFile)));
        return false;
    }
    const std::optional<ServerStats> after = fetchStats(server.baseUrl());
    const std::optional<TimeFigures> figures = readTimeFile(timeFile);
    server.stop();
    if (!before || !after || !figures) {
        complain(QStringLiteral("%1: cannot read the figures").arg(provider.id));
        return false;
    }
    result.ran = true;
    result.time = *figures;
    result.requests = after->requests - before->requests;
    result.connections = after->connections - before->connections - 1;
    countWatchOutput(outFile, result);
    if (result.finished != tasks && result.note.isEmpty())
        result.note = QStringLiteral("%1 of %2 tasks seen finished").arg(result.finished).arg(tasks);
    return true;
}

// ---- report --------------------------------------------------------------------------------------------------

QString number(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

QString ratio(double numerator, double denominator)
{
    if (denominator <= 0 || numerator <= 0)
        return QStringLiteral("n/a");
    return QString::number(numerator / denominator, 'f', 1) + QStringLiteral("×");
}

void printTable(int tasks, qint64 finishMs, const QList<RunResult>& results)
{
    say(QString());
    say(QStringLiteral("### %1 tasks (they finish %2 ms after their server starts; 1 in 10 fails)")
            .arg(tasks)
            .arg(finishMs));
    say(QString());
    say(QStringLiteral("| run | wall s | client CPU s | CPU µs/request | peak RSS MB | TCP connections | requests "
                       "| status changes | requests/change |"));
    say(QStringLiteral("|---|---:|---:|---:|---:|---:|---:|---:|---:|"));
    QStringList notes;
    for (const RunResult& result : results) {
        if (!result.ran) {
            say(QStringLiteral("| %1 | skipped | | | | | | | |").arg(result.name));
            notes << QStringLiteral("%1: %2").arg(result.name, result.skipped);
            continue;
        }
        say(QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 | %9 |")
                .arg(result.name, number(result.time.wallS, 2), number(result.cpuS(), 2),
                     number(result.cpuMicrosPerRequest(), 0), number(result.time.maxRssKiB / 1024.0, 1),
                     QString::number(result.connections), QString::number(result.requests),
                     QString::number(result.statusChanges), number(result.requestsPerChange(), 2)));
        if (!result.note.isEmpty())
            notes << QStringLiteral("%1: %2").arg(result.name, result.note);
    }
    const RunResult* curl = nullptr;
    for (const RunResult& result : results) {
        if (result.name == clientName(Client::CurlLoop) && result.ran)
            curl = &result;
    }
    say(QString());
    for (const RunResult& result : results) {
        if (!result.ran || &result == curl)
            continue;
        if (curl) {
            say(QStringLiteral("* curl-loop / %1: CPU per request %2, total CPU %3")
                    .arg(result.name, ratio(curl->cpuMicrosPerRequest(), result.cpuMicrosPerRequest()),
                         ratio(curl->cpuS(), result.cpuS())));
        }
    }
    for (const QString& note : std::as_const(notes))
        say(QStringLiteral("* ") + note);
}

QString cpuModel()
{
    QFile file(QStringLiteral("/proc/cpuinfo"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    // /proc files report size 0, so read to the end rather than trusting atEnd().
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray& line : lines) {
        if (line.startsWith("model name"))
            return QString::fromUtf8(line.mid(line.indexOf(':') + 1)).trimmed();
    }
    return QStringLiteral("unknown");
}

// What a client run costs before it polls anything: process start, Qt and the option parsing.
std::optional<TimeFigures> startupCost(const QString& binary, const QDir& work)
{
    const QString timeFile = work.filePath(QStringLiteral("startup.time"));
    QProcess probe;
    probe.setStandardInputFile(QProcess::nullDevice());
    probe.start(kTimeBinary,
                {QStringLiteral("-f"), QStringLiteral("%e %U %S %M"), QStringLiteral("-o"), timeFile, binary,
                 QStringLiteral("--version")});
    probe.waitForFinished(10000);
    return readTimeFile(timeFile);
}

// Whether `reelwatch watch` takes this --max-rps. The probe has a key and a task, so whatever the order of the
// CLI's checks, only the rate can be refused; the unreachable server makes an accepted run end within a second.
bool maxRpsAccepted(const QString& binary, double maxRps)
{
    QProcess probe;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("REELWATCH_API_KEY"), QString::fromLatin1(kBenchKey));
    // The loopback demo server may be polled faster than any real server (PollLimits::testing()).
    environment.insert(QStringLiteral("REELWATCH_POLL_LIMITS"), QStringLiteral("testing"));
    probe.setProcessEnvironment(environment);
    probe.setStandardInputFile(QProcess::nullDevice());
    probe.start(binary,
                {QStringLiteral("watch"), QStringLiteral("--max-rps"), QString::number(maxRps, 'g', 10),
                 QStringLiteral("--give-up-after"), QStringLiteral("1"), QStringLiteral("--timeout"),
                 QStringLiteral("1"), QStringLiteral("--base-url"), QStringLiteral("http://127.0.0.1:1"),
                 QStringLiteral("task_probe")});
    if (!probe.waitForFinished(15000))
        probe.kill();
    return !probe.readAllStandardError().contains("--max-rps");
}

bool parseSettings(const QStringList& arguments, Settings& settings)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Compare the cost of `reelwatch watch` (with and without batch refresh) with a curl loop."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("tasks"), QStringLiteral("Comma-separated task counts (default: 100,1000,10000)."),
                      QStringLiteral("list")});
    parser.addOption({QStringLiteral("curl-max-tasks"),
                      QStringLiteral("Run the curl loop only up to this many tasks (default: 1000)."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("interval"), QStringLiteral("Poll interval in seconds for both (default: 1)."),
                      QStringLiteral("s")});
    parser.addOption({QStringLiteral("max-rps"),
                      QStringLiteral("--max-rps for reelwatch (default: 100000, lowered to what the CLI accepts)."),
                      QStringLiteral("r")});
    parser.addOption({QStringLiteral("finish-base-ms"),
                      QStringLiteral("Demo tasks finish after this plus --finish-per-task-ms × N (default: 3000)."),
                      QStringLiteral("ms")});
    parser.addOption({QStringLiteral("finish-per-task-ms"), QStringLiteral("See --finish-base-ms (default: 1.2)."),
                      QStringLiteral("ms")});
    parser.addOption({QStringLiteral("run-timeout"), QStringLiteral("Seconds one run may take (default: 1800)."),
                      QStringLiteral("s")});
    parser.addOption({QStringLiteral("reelwatch"), QStringLiteral("The reelwatch binary (default: the one built)."),
                      QStringLiteral("path")});
    parser.addOption({QStringLiteral("providers"),
                      QStringLiteral("Instead of the comparison: N renders on each native provider's simulation, and "
                                     "the requests each status change cost."),
                      QStringLiteral("n")});
    if (!parser.parse(arguments)) {
        complain(parser.errorText());
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        say(parser.helpText());
        ::exit(0);
    }
    bool ok = true;
    const auto readDouble = [&](const QString& name, double minimum, double& value) {
        if (!parser.isSet(name))
            return;
        bool parsed = false;
        const double candidate = parser.value(name).toDouble(&parsed);
        if (!parsed || candidate < minimum) {
            complain(QStringLiteral("invalid --%1 '%2'").arg(name, parser.value(name)));
            ok = false;
            return;
        }
        value = candidate;
    };
    if (parser.isSet(QStringLiteral("providers"))) {
        settings.providerTasks = parser.value(QStringLiteral("providers")).toInt(&ok);
        if (!ok || settings.providerTasks < 1) {
            complain(QStringLiteral("invalid --providers '%1'").arg(parser.value(QStringLiteral("providers"))));
            ok = false;
        }
    }
    if (parser.isSet(QStringLiteral("tasks"))) {
        settings.taskCounts.clear();
        for (const QString& item : parser.value(QStringLiteral("tasks")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            bool parsed = false;
            const int count = item.trimmed().toInt(&parsed);
            if (!parsed || count < 1 || count > 1000000) {
                complain(QStringLiteral("invalid task count '%1'").arg(item));
                ok = false;
            }
            settings.taskCounts << count;
        }
        if (settings.taskCounts.isEmpty()) {
            complain(QStringLiteral("--tasks needs at least one count"));
            ok = false;
        }
    }
    double curlMax = settings.curlMaxTasks;
    double timeout = settings.runTimeoutS;
    readDouble(QStringLiteral("curl-max-tasks"), 0, curlMax);
    readDouble(QStringLiteral("interval"), 0.05, settings.intervalS);
    readDouble(QStringLiteral("max-rps"), 0.1, settings.maxRps);
    readDouble(QStringLiteral("finish-base-ms"), 0, settings.finishBaseMs);
    readDouble(QStringLiteral("finish-per-task-ms"), 0, settings.finishPerTaskMs);
    readDouble(QStringLiteral("run-timeout"), 1, timeout);
    settings.curlMaxTasks = static_cast<int>(curlMax);
    settings.runTimeoutS = static_cast<int>(timeout);
    settings.binary = parser.isSet(QStringLiteral("reelwatch")) ? parser.value(QStringLiteral("reelwatch"))
                                                                : QStringLiteral(REELWATCH_BINARY);
    settings.curlLoop = QStringLiteral(REELWATCH_BENCH_DIR "/curl_loop.sh");
    return ok;
}

// Each missing tool is named, so the fix is obvious.
bool toolsPresent(const Settings& settings)
{
    bool ok = true;
    const auto require = [&ok](bool present, const QString& what) {
        if (!present) {
            complain(what);
            ok = false;
        }
    };
    require(QFileInfo(kTimeBinary).isExecutable(),
            QStringLiteral("%1 is missing (GNU time; Debian/Ubuntu package 'time')").arg(kTimeBinary));
    require(!QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty(),
            QStringLiteral("curl is not on PATH (package 'curl')"));
    require(!QStandardPaths::findExecutable(QStringLiteral("bash")).isEmpty(), QStringLiteral("bash is not on PATH"));
    require(QFileInfo(settings.binary).isExecutable(),
            QStringLiteral("reelwatch binary %1 not found; build the 'reelwatch' target").arg(settings.binary));
    require(QFileInfo(settings.curlLoop).isReadable(), QStringLiteral("%1 not found").arg(settings.curlLoop));
    return ok;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    BenchChild::stopChildrenOnSignals("\nbench_poll: interrupted, child processes stopped\n");

    Settings settings;
    if (!parseSettings(app.arguments(), settings))
        return kExitMissingTool;
    if (!toolsPresent(settings))
        return kExitMissingTool;
    QString rpsNote;
    if (settings.maxRps > kCliMaxRps && !maxRpsAccepted(settings.binary, settings.maxRps)) {
        rpsNote = QStringLiteral(" (asked for %1, which `reelwatch watch` refuses; its maximum is used)")
                      .arg(settings.maxRps, 0, 'g', 10);
        settings.maxRps = kCliMaxRps;
    }

    QTemporaryDir work(QDir::tempPath() + QStringLiteral("/bench_poll-XXXXXX"));
    if (!work.isValid()) {
        complain(QStringLiteral("cannot create a temporary directory"));
        return kExitFailure;
    }

    say(QStringLiteral("## bench_poll"));
    say(QString());
    say(QStringLiteral("* command: `%1`").arg(app.arguments().join(QLatin1Char(' '))));
    say(QStringLiteral("* machine: %1 CPUs (nproc), %2; %3 %4")
            .arg(sysconf(_SC_NPROCESSORS_ONLN))
            .arg(cpuModel(), QSysInfo::kernelType(), QSysInfo::kernelVersion()));
    say(QStringLiteral("* reelwatch: %1").arg(settings.binary));
    say(QStringLiteral("* client: `reelwatch watch --json --interval %1 --concurrency %2 --max-rps %3 [--no-batch | "
                       "--provider ID] --base-url URL -`%4")
            .arg(settings.intervalS)
            .arg(settings.concurrency)
            .arg(settings.maxRps, 0, 'g', 10)
            .arg(rpsNote));
    if (settings.providerTasks == 0)
        say(QStringLiteral("* curl loop: `%1 URL IDS %2` (one curl process per request)")
                .arg(QFileInfo(settings.curlLoop).fileName())
                .arg(settings.intervalS));
    say(QStringLiteral("* server: `reelwatch demo-server --flavour openai --tasks N --finish-ms F`, F = %1 ms + N × %2 "
                       "ms, restarted for every run")
            .arg(settings.finishBaseMs)
            .arg(settings.finishPerTaskMs));
    if (const std::optional<TimeFigures> startup = startupCost(settings.binary, QDir(work.path()))) {
        // /usr/bin/time counts CPU in hundredths of a second.
        const double cpuMs = (startup->userS + startup->systemS) * 1000;
        say(QStringLiteral("* fixed cost of a client process (`reelwatch --version`): %1 CPU, %2 MB peak RSS")
                .arg(cpuMs < 10 ? QStringLiteral("< 10 ms") : number(cpuMs, 0) + QStringLiteral(" ms"),
                     number(startup->maxRssKiB / 1024.0, 1)));
    }
    say(QStringLiteral("* CPU = user + system of the client process tree (time reports its children too); "
                       "µs/request = CPU / HTTP requests the server counted (list requests included)"));

    int failures = 0;
    if (settings.providerTasks > 0) {
        const int tasks = settings.providerTasks;
        say(QString());
        say(QStringLiteral("### %1 renders per native provider (finishing within %2 ms; one in ten fails)")
                .arg(tasks)
                .arg(static_cast<qint64>(settings.finishBaseMs + tasks * settings.finishPerTaskMs)));
        say(QString());
        say(QStringLiteral("| provider | list route | wall s | client CPU s | requests | status changes | "
                           "requests/change | note |"));
        say(QStringLiteral("|---|---|---|---|---|---|---|---|"));
        for (const ProviderInfo& provider : nativeProviders(settings.binary)) {
            QTextStream(stderr) << "bench_poll: " << provider.id << "…" << Qt::endl;
            RunResult result;
            if (!measureProvider(settings, provider, tasks, QDir(work.path()), result)) {
                ++failures;
                work.setAutoRemove(false);
                continue;
            }
            say(QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 |")
                    .arg(provider.id, provider.listRoute ? QStringLiteral("yes") : QStringLiteral("no"),
                         number(result.time.wallS, 1), number(result.cpuS(), 2), QString::number(result.requests),
                         QString::number(result.statusChanges), number(result.requestsPerChange(), 2), result.note));
        }
        if (failures > 0) {
            complain(QStringLiteral("%1 run(s) failed; their files are kept in %2").arg(failures).arg(work.path()));
            return kExitFailure;
        }
        return 0;
    }
    for (const int tasks : std::as_const(settings.taskCounts)) {
        const QString idsFile = QDir(work.path()).filePath(QStringLiteral("ids-%1.txt").arg(tasks));
        {
            QFile ids(idsFile);
            if (!ids.open(QIODevice::WriteOnly)) {
                complain(QStringLiteral("cannot write %1").arg(idsFile));
                return kExitFailure;
            }
            for (int i = 0; i < tasks; ++i)
                ids.write(QStringLiteral("task_%1\n").arg(i, 6, 10, QLatin1Char('0')).toLatin1());
        }
        QList<RunResult> results;
        for (const Client client : {Client::ReelwatchBatch, Client::ReelwatchNoBatch, Client::CurlLoop}) {
            RunResult result;
            result.name = clientName(client);
            if (client == Client::CurlLoop && tasks > settings.curlMaxTasks) {
                result.skipped
                    = QStringLiteral("not run: %1 tasks is above --curl-max-tasks %2. With one curl process per "
                                     "request, one round of 10,000 requests takes minutes; pass "
                                     "--curl-max-tasks %1 to run it anyway")
                          .arg(tasks)
                          .arg(settings.curlMaxTasks);
            } else {
                QTextStream(stderr) << "bench_poll: " << result.name << " with " << tasks << " tasks…" << Qt::endl;
                if (!measure(settings, client, tasks, idsFile, QDir(work.path()), result)) {
                    ++failures;
                    result.skipped = QStringLiteral("failed (see above)");
                    work.setAutoRemove(false);
                }
            }
            results << result;
        }
        printTable(tasks, static_cast<qint64>(settings.finishBaseMs + tasks * settings.finishPerTaskMs), results);
    }
    if (failures > 0) {
        complain(QStringLiteral("%1 run(s) failed; their files are kept in %2").arg(failures).arg(work.path()));
        return kExitFailure;
    }
    return 0;
}

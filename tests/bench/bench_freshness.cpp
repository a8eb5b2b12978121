// Freshness benchmark: how long `reelwatch watch` goes on showing a status the server has already left behind,
// for thousands of tasks polled with the default limits (5 requests a second, 4 in flight, 10 s base interval),
// with and without batch refresh. Each run starts its own `reelwatch demo-server` (openai flavour, so the list
// route exists), reads every task's lifecycle from its /_demo/timeline, feeds the task IDs to `watch --json -`
// and timestamps every status event as it arrives. For every change on the server (a task starting to render,
// a task finishing) the lag is the time until the client showed that status or a later one; a change still
// unshown when the run ends counts with the time it has waited so far. Prints the median, p99 and maximum lag,
// how long until every task had shown a first status, and the requests the server served.
//
// The client and the server can be different builds (--binary, --server-binary): the same server measures an
// older client. Runs are independent and mostly idle (the budget keeps them at a few requests a second), so
// --parallel runs them all at once.
//
// Not a CTest test: a run lasts as long as the slowest client needs (up to --max-run-s). See docs/BENCHMARKS.md.

#include "benchchild.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTextStream>
#include <QTimer>

namespace {

using BenchChild::Child;
using BenchChild::DemoServerProcess;

const QByteArray kBenchKey = QByteArrayLiteral("sk-bench-freshness-0123456789");

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

void complain(const QString& line)
{
    QTextStream(stderr) << "bench_freshness: " << line << Qt::endl;
}

struct Settings
{
    QList<int> taskCounts{2000, 10000};
    QList<bool> batchModes{true, false};
    qint64 finishMs = 60000;
    int maxRunS = 2700;
    bool parallel = false;
    QString binary;
    QString serverBinary;
    QString label;
};

// A GET on the demo server's own routes, with a fresh manager; nullopt when it fails.
std::optional<QJsonObject> fetchJson(const QString& url, qint64* sentAtMs = nullptr, qint64* answeredAtMs = nullptr,
                                     const QElapsedTimer* clock = nullptr)
{
    QNetworkAccessManager manager;
    QNetworkRequest request{QUrl(url)};
    request.setRawHeader("Connection", "close");
    if (sentAtMs && clock)
        *sentAtMs = clock->elapsed();
    QNetworkReply* reply = manager.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();
    if (answeredAtMs && clock)
        *answeredAtMs = clock->elapsed();
    std::unique_ptr<QNetworkReply> owned(reply);
    if (!reply->isFinished() || reply->error() != QNetworkReply::NoError) {
        reply->abort();
        return std::nullopt;
    }
    return QJsonDocument::fromJson(reply->readAll()).object();
}

// How far along a task is: a status shown at a stage also shows every change before it.
int stageOf(const QString& status)
{
    if (status == QLatin1String("IN_PROGRESS"))
        return 1;
    if (status == QLatin1String("SUCCESS") || status == QLatin1String("FAILURE"))
        return 2;
    return 0;
}

struct TaskTimeline
{
    qint64 startsAtMs = 0; // on the bench's clock
    qint64 finishesAtMs = 0;
    std::optional<qint64> firstShownMs;
    std::optional<qint64> shownAtStageMs[3];
};

struct Figures
{
    QString name;
    int tasks = 0;
    bool batch = true;
    bool ran = false;
    QString failure;
    qint64 runMs = 0;
    int unshown = 0; // changes the run ended before showing
    // Every change, and those of tasks already on screen when the server made them (the client had
    // shown an earlier status): a first look shows a change that came before it, a re-poll one after.
    struct Lags
    {
        int count = 0;
        double medianS = 0;
        double p99S = 0;
        double maxS = 0;
    };
    Lags all;
    Lags onScreen;
    std::optional<double> allFirstShownS;
    qint64 requests = 0;
};

Figures::Lags lagsOf(std::vector<qint64> values)
{
    Figures::Lags lags;
    lags.count = int(values.size());
    if (values.empty())
        return lags;
    std::sort(values.begin(), values.end());
    const auto at = [&values](double fraction) {
        const auto rank = static_cast<std::size_t>(std::ceil(fraction * double(values.size()))) - 1;
        return double(values[std::min(rank, values.size() - 1)]) / 1000.0;
    };
    lags.medianS = at(0.5);
    lags.p99S = at(0.99);
    lags.maxS = double(values.back()) / 1000.0;
    return lags;
}

// One client against its own server, driven by the event loop so that runs can go on side by side.
class Run : public QObject
{
    Q_OBJECT

public:
    Run(const Settings& settings, int tasks, bool batch)
        : m_settings(settings)
    {
        m_figures.tasks = tasks;
        m_figures.batch = batch;
        m_figures.name = QStringLiteral("%1%2 %3 tasks")
                             .arg(settings.label.isEmpty() ? QString() : settings.label + QLatin1Char(' '),
                                  batch ? QStringLiteral("batch") : QStringLiteral("no-batch"))
                             .arg(tasks);
        m_clock.start();
    }

    const Figures& figures() const { return m_figures; }

    void start()
    {
        QString error;
        if (!m_server.start(m_settings.serverBinary, m_figures.tasks, m_settings.finishMs, &error))
            return fail(error);
        const QString base = m_server.baseUrl();
        qint64 sent = 0;
        qint64 answered = 0;
        const std::optional<QJsonObject> timeline
            = fetchJson(base + QStringLiteral("/_demo/timeline"), &sent, &answered, &m_clock);
        if (!timeline || !timeline->contains(QStringLiteral("now_ms")))
            return fail(QStringLiteral("cannot read %1/_demo/timeline (is --server-binary this version?)").arg(base));
        // The server's clock reading was taken about halfway through the request.
        const qint64 serverToBench = (sent + answered) / 2 - timeline->value(QStringLiteral("now_ms")).toInteger();
        QByteArray ids;
        for (const QJsonValue& value : timeline->value(QStringLiteral("tasks")).toArray()) {
            const QJsonObject task = value.toObject();
            const QString id = task.value(QStringLiteral("id")).toString();
            if (!id.startsWith(QLatin1String("task_")))
                continue; // the six samples are not part of the measurement
            TaskTimeline& line = m_tasks[id];
            line.startsAtMs = task.value(QStringLiteral("starts_at_ms")).toInteger() + serverToBench;
            line.finishesAtMs = task.value(QStringLiteral("finishes_at_ms")).toInteger() + serverToBench;
            ids += id.toLatin1() + '\n';
        }
        if (m_tasks.size() != m_figures.tasks)
            return fail(
                QStringLiteral("the server has %1 generated tasks, not %2").arg(m_tasks.size()).arg(m_figures.tasks));
        if (const std::optional<QJsonObject> stats = fetchJson(base + QStringLiteral("/_demo/stats")))
            m_requestsBefore = stats->value(QStringLiteral("requests")).toInteger() + 1; // this stats request

        QProcess& client = m_client.process();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("REELWATCH_API_KEY"), QString::fromLatin1(kBenchKey));
        // The default limits: nothing may lower them for this run.
        environment.remove(QStringLiteral("REELWATCH_POLL_LIMITS"));
        client.setProcessEnvironment(environment);
        client.setProcessChannelMode(QProcess::SeparateChannels);
        client.setStandardErrorFile(QProcess::nullDevice());
        connect(&client, &QProcess::readyReadStandardOutput, this, &Run::readEvents);
        connect(&client, &QProcess::finished, this, [this] { finish(); });
        QStringList arguments{QStringLiteral("watch"), QStringLiteral("--json"), QStringLiteral("--base-url"), base};
        if (!m_figures.batch)
            arguments << QStringLiteral("--no-batch");
        arguments << QStringLiteral("-");
        if (!m_client.start(m_settings.binary, arguments))
            return fail(QStringLiteral("cannot start %1: %2").arg(m_settings.binary, client.errorString()));
        client.write(ids);
        client.closeWriteChannel();
        m_startedMs = m_clock.elapsed();
        m_deadline.setSingleShot(true);
        connect(&m_deadline, &QTimer::timeout, this, [this] {
            // Ctrl+C: the client prints its summary and ends; the changes it has not shown count as waiting.
            m_client.signal(SIGINT);
        });
        m_deadline.start(m_settings.maxRunS * 1000);
    }

signals:
    void done();

private:
    void fail(const QString& why)
    {
        m_figures.failure = why;
        complain(m_figures.name + QStringLiteral(": ") + why);
        QTimer::singleShot(0, this, &Run::done);
    }

    void readEvents()
    {
        QProcess& client = m_client.process();
        while (client.canReadLine()) {
            const qint64 now = m_clock.elapsed();
            const QJsonObject event = QJsonDocument::fromJson(client.readLine()).object();
            if (event.value(QStringLiteral("event")).toString() != QLatin1String("status"))
                continue;
            const auto it = m_tasks.find(event.value(QStringLiteral("id")).toString());
            if (it == m_tasks.end())
                continue;
            if (!it->firstShownMs)
                it->firstShownMs = now;
            const int stage = stageOf(event.value(QStringLiteral("status")).toString());
            for (int reached = 0; reached <= stage; ++reached) {
                if (!it->shownAtStageMs[reached])
                    it->shownAtStageMs[reached] = now;
            }
        }
    }

    void finish()
    {
        if (m_finished)
            return;
        m_finished = true;
        m_deadline.stop();
        readEvents();
        const qint64 end = m_clock.elapsed();
        m_figures.ran = true;
        m_figures.runMs = end - m_startedMs;
        std::vector<qint64> lags;
        std::vector<qint64> onScreenLags;
        qint64 lastFirstShown = 0;
        bool everyTaskShown = true;
        for (const TaskTimeline& task : std::as_const(m_tasks)) {
            const std::pair<int, qint64> changes[] = {{1, task.startsAtMs}, {2, task.finishesAtMs}};
            for (const auto& [stage, at] : changes) {
                if (at >= end)
                    continue; // the server had not made that change yet
                const std::optional<qint64> shown = task.shownAtStageMs[stage];
                if (!shown)
                    ++m_figures.unshown;
                const qint64 lag = std::max<qint64>(0, shown.value_or(end) - at);
                lags.push_back(lag);
                if (task.firstShownMs && *task.firstShownMs < at)
                    onScreenLags.push_back(lag);
            }
            if (task.firstShownMs)
                lastFirstShown = std::max(lastFirstShown, *task.firstShownMs - m_startedMs);
            else
                everyTaskShown = false;
        }
        m_figures.all = lagsOf(std::move(lags));
        m_figures.onScreen = lagsOf(std::move(onScreenLags));
        if (everyTaskShown)
            m_figures.allFirstShownS = double(lastFirstShown) / 1000.0;
        if (const std::optional<QJsonObject> stats = fetchJson(m_server.baseUrl() + QStringLiteral("/_demo/stats")))
            m_figures.requests = stats->value(QStringLiteral("requests")).toInteger() - m_requestsBefore;
        m_server.stop();
        emit done();
    }

    Settings m_settings;
    Figures m_figures;
    QElapsedTimer m_clock;
    DemoServerProcess m_server;
    Child m_client;
    QHash<QString, TaskTimeline> m_tasks;
    qint64 m_requestsBefore = 0;
    qint64 m_startedMs = 0;
    QTimer m_deadline;
    bool m_finished = false;
};

QString seconds(double value)
{
    return QString::number(value, 'f', value < 10 ? 1 : 0);
}

void printTable(const Settings& settings, const QList<Figures>& all)
{
    out() << "\nclient: " << settings.binary << "\nserver: " << settings.serverBinary
          << QStringLiteral("\nevery task: rendering from %1 s, finished at %2 s (1 in 10 fails)\n\n")
                 .arg(seconds(settings.finishMs / 3000.0), seconds(settings.finishMs / 1000.0));
    const auto lagColumns = [](const Figures::Lags& lags) {
        return QStringLiteral("%1 %2 %3 %4")
            .arg(lags.count, 7)
            .arg(seconds(lags.medianS), 7)
            .arg(seconds(lags.p99S), 6)
            .arg(seconds(lags.maxS), 6);
    };
    const auto lagHeader = [](const QString& what) {
        return QStringLiteral("%1 %2 %3 %4")
            .arg(what, 7)
            .arg(QStringLiteral("median"), 7)
            .arg(QStringLiteral("p99"), 6)
            .arg(QStringLiteral("max"), 6);
    };
    out() << QStringLiteral("%1 %2 %3 | %4 %5 %6 | %7\n")
                 .arg(QStringLiteral("run"), -28)
                 .arg(QStringLiteral("run s"), 6)
                 .arg(QStringLiteral("requests"), 8)
                 .arg(lagHeader(QStringLiteral("changes")))
                 .arg(QStringLiteral("unshown"), 7)
                 .arg(QStringLiteral("all seen"), 8)
                 .arg(lagHeader(QStringLiteral("on scr.")));
    for (const Figures& figures : all) {
        if (!figures.ran) {
            out() << QStringLiteral("%1 did not run: %2\n").arg(figures.name, -28).arg(figures.failure);
            continue;
        }
        out() << QStringLiteral("%1 %2 %3 | %4 %5 %6 | %7\n")
                     .arg(figures.name, -28)
                     .arg(seconds(figures.runMs / 1000.0), 6)
                     .arg(figures.requests, 8)
                     .arg(lagColumns(figures.all))
                     .arg(figures.unshown, 7)
                     .arg(figures.allFirstShownS ? seconds(*figures.allFirstShownS) : QStringLiteral("never"), 8)
                     .arg(lagColumns(figures.onScreen));
    }
    out() << "\nLags in seconds from the server's change to the client showing it. \"on scr.\": changes of tasks "
             "the client already showed a status for (seen again only by a re-poll or a list page).\n";
    out().flush();
}

bool parseSettings(const QStringList& arguments, Settings& settings)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "How long reelwatch watch shows statuses the server has left behind, with the default poll limits."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("tasks"), QStringLiteral("Task counts, comma-separated (default 2000,10000)."),
                      QStringLiteral("list")});
    parser.addOption({QStringLiteral("modes"),
                      QStringLiteral("batch, no-batch or both, comma-separated (default both)."),
                      QStringLiteral("list")});
    parser.addOption({QStringLiteral("finish-ms"),
                      QStringLiteral("When every generated task finishes (default 60000, as in the report that "
                                     "asked for this benchmark)."),
                      QStringLiteral("ms")});
    parser.addOption({QStringLiteral("max-run-s"),
                      QStringLiteral("Stop a client after this long; what it has not shown by then counts as "
                                     "waiting (default 2700)."),
                      QStringLiteral("s")});
    parser.addOption(
        {QStringLiteral("binary"), QStringLiteral("The reelwatch whose watch is measured."), QStringLiteral("path")});
    parser.addOption({QStringLiteral("server-binary"),
                      QStringLiteral("The reelwatch whose demo-server is used (default: this build's)."),
                      QStringLiteral("path")});
    parser.addOption(
        {QStringLiteral("label"), QStringLiteral("A word put before each run's name."), QStringLiteral("text")});
    parser.addOption({QStringLiteral("parallel"), QStringLiteral("Run every configuration at the same time.")});
    parser.process(arguments);

    settings.binary = parser.isSet(QStringLiteral("binary")) ? parser.value(QStringLiteral("binary"))
                                                             : QStringLiteral(REELWATCH_BINARY);
    settings.serverBinary = parser.isSet(QStringLiteral("server-binary"))
        ? parser.value(QStringLiteral("server-binary"))
        : QStringLiteral(REELWATCH_BINARY);
    settings.label = parser.value(QStringLiteral("label"));
    settings.parallel = parser.isSet(QStringLiteral("parallel"));
    if (parser.isSet(QStringLiteral("tasks"))) {
        settings.taskCounts.clear();
        for (const QString& part : parser.value(QStringLiteral("tasks")).split(QLatin1Char(','))) {
            bool ok = false;
            const int count = part.trimmed().toInt(&ok);
            if (!ok || count < 1) {
                complain(QStringLiteral("--tasks takes positive numbers"));
                return false;
            }
            settings.taskCounts << count;
        }
    }
    if (parser.isSet(QStringLiteral("modes"))) {
        settings.batchModes.clear();
        for (const QString& part : parser.value(QStringLiteral("modes")).split(QLatin1Char(','))) {
            if (part.trimmed() == QLatin1String("batch"))
                settings.batchModes << true;
            else if (part.trimmed() == QLatin1String("no-batch"))
                settings.batchModes << false;
            else {
                complain(QStringLiteral("--modes takes batch and no-batch"));
                return false;
            }
        }
    }
    bool ok = true;
    if (parser.isSet(QStringLiteral("finish-ms")))
        settings.finishMs = parser.value(QStringLiteral("finish-ms")).toLongLong(&ok);
    if (!ok || settings.finishMs < 3) {
        complain(QStringLiteral("--finish-ms takes a number of milliseconds, at least 3"));
        return false;
    }
    if (parser.isSet(QStringLiteral("max-run-s")))
        settings.maxRunS = parser.value(QStringLiteral("max-run-s")).toInt(&ok);
    if (!ok || settings.maxRunS < 1) {
        complain(QStringLiteral("--max-run-s takes a number of seconds, at least 1"));
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    BenchChild::stopChildrenOnSignals("\nbench_freshness: interrupted, child processes stopped\n");
    Settings settings;
    if (!parseSettings(app.arguments(), settings))
        return 2;

    std::vector<std::unique_ptr<Run>> runs;
    for (const int tasks : settings.taskCounts) {
        for (const bool batch : settings.batchModes)
            runs.push_back(std::make_unique<Run>(settings, tasks, batch));
    }
    out() << QStringLiteral("bench_freshness: %1 run(s)%2, each up to %3 s\n")
                 .arg(runs.size())
                 .arg(settings.parallel ? QStringLiteral(" side by side") : QString())
                 .arg(settings.maxRunS);
    out().flush();
    std::size_t next = 0;
    int running = 0;
    QEventLoop loop;
    std::function<void()> startNext = [&] {
        while (next < runs.size() && (settings.parallel || running == 0)) {
            Run* run = runs[next++].get();
            ++running;
            QObject::connect(run, &Run::done, &loop, [&, run] {
                --running;
                out() << QStringLiteral("  done: %1\n").arg(run->figures().name);
                out().flush();
                if (next < runs.size())
                    startNext();
                else if (running == 0)
                    loop.quit();
            });
            run->start();
        }
    };
    startNext();
    if (running > 0)
        loop.exec();

    QList<Figures> all;
    for (const auto& run : runs)
        all << run->figures();
    printTable(settings, all);
    return std::all_of(all.begin(), all.end(), [](const Figures& figures) { return figures.ran; }) ? 0 : 1;
}

#include "bench_freshness.moc"

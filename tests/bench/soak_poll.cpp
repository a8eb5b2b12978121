// Soak run of the poll engine: one process holds a DemoServer with 2,000 tasks and a Poller on fast settings, and
// for --seconds S random faults are scripted onto random unfinished tasks every 100 ms while the tasks finish
// across the run. It fails (exit 1) when the engine does something that cannot happen with a correct one:
//   * a task polled again after its terminal answer (DemoServer::requestCountFor grows),
//   * a terminal status other than the task's plan, or earlier than the server's lifecycle allows,
//   * a status or progress going backwards, or a change reported for a task already terminal,
//   * a task the server finished long ago still not seen terminal at the end,
//   * resident memory growing by more than 50 MB between the 25% mark and the end.
// `soak_poll --seconds 20` runs in CTest (label integration); longer runs are for hands. See docs/BENCHMARKS.md.

#include "demo/demoserver.h"
#include "net/poller.h"
#include "net/videoapi.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QMap>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QTextStream>
#include <QTimer>

using namespace Reelwatch;

namespace {

constexpr int kTaskCount = 2000;
constexpr int kFaultTickMs = 100;
constexpr int kFaultsPerTick = 3;
constexpr qint64 kOversizedBytes = 2 * 1024 * 1024;
constexpr int kSlowResponseMs = 2500;
constexpr int kClientTimeoutMs = 2000; // below kSlowResponseMs, so a slow answer is a timeout
constexpr double kMaxRssGrowthMb = 50;
// One in this many ticks also scripts a 429: it pauses the whole profile for 1.5 s, so it stays rare.
constexpr int kRateLimitOneTickIn = 50;
// One in this many ticks also scripts a slow answer (about one a second).
constexpr int kSlowOneTickIn = 10;
// A task gets a new fault only this long after its previous one.
constexpr qint64 kMinFaultSpacingMs = 5000;

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

void say(const QString& line)
{
    out() << line << Qt::endl;
}

double rssMb()
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    // /proc files report size 0, so read to the end rather than trusting atEnd().
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray& line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').constFirst().toDouble() / 1024.0;
    }
    return -1;
}

QString faultName(DemoFault fault)
{
    switch (fault) {
    case DemoFault::Unavailable:
        return QStringLiteral("503");
    case DemoFault::InternalError:
        return QStringLiteral("500");
    case DemoFault::Drop:
        return QStringLiteral("drop");
    case DemoFault::Html:
        return QStringLiteral("html");
    case DemoFault::Truncated:
        return QStringLiteral("truncated");
    case DemoFault::RateLimitedMs:
        return QStringLiteral("429");
    case DemoFault::Slow:
        return QStringLiteral("slow");
    case DemoFault::Oversized:
        return QStringLiteral("oversized");
    default:
        return QStringLiteral("other");
    }
}

// Statuses only move forward in the demo lifecycle; SUBMITTED and QUEUED are one step because the openai flavour
// calls both "queued".
int rank(TaskStatus status)
{
    switch (status) {
    case TaskStatus::NotStart:
        return 0;
    case TaskStatus::Submitted:
    case TaskStatus::Queued:
        return 1;
    case TaskStatus::InProgress:
        return 2;
    case TaskStatus::Success:
    case TaskStatus::Failure:
        return 3;
    case TaskStatus::Unknown:
        break;
    }
    return -1;
}

template <typename Key> QString describeCounts(const QMap<Key, int>& counts)
{
    QStringList parts;
    for (auto it = counts.constBegin(); it != counts.constEnd(); ++it)
        parts << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral(", "));
}

struct Watched
{
    DemoTaskPlan plan;
    TaskStatus lastStatus = TaskStatus::Unknown;
    std::optional<int> lastProgress;
    bool terminal = false;
    qint64 terminalAtMs = -1; // on the soak clock
    int requestsAtTerminal = 0;
    qint64 faultAtMs = -1; // when the last fault was scripted for it
    int requestsAtFault = 0; // its request count then: a later request used the fault up
};

class Soak : public QObject
{
public:
    Soak(int seconds, bool batch)
        : m_seconds(seconds)
        , m_batch(batch)
    { }

    int run();

private:
    void setUp();
    void injectFaults();
    void onUpdate(const TaskUpdate& update);
    void checkTerminalTasks();
    void snapshot(const QString& label);
    void finish();
    void violation(const QString& text);
    QString path(const QString& id) const { return QStringLiteral("/v1/videos/") + id; }

    int m_seconds;
    bool m_batch;
    QElapsedTimer m_clock; // started just before the server, so the server's age is never above it
    QNetworkAccessManager m_manager;
    std::unique_ptr<DemoServer> m_server;
    std::unique_ptr<VideoApi> m_api;
    std::unique_ptr<Poller> m_poller;
    QHash<QString, Watched> m_tasks;
    QStringList m_unfinished; // for picking fault targets
    QTimer m_faultTimer;
    QTimer m_checkTimer;
    QRandomGenerator m_random{20240611};
    QMap<QString, int> m_faultsScripted;
    QMap<QString, int> m_errorsByKind;
    int m_answers = 0;
    int m_succeeded = 0;
    int m_failed = 0;
    double m_rssAtStart = 0;
    double m_rssAtQuarter = 0;
    QStringList m_violations;
    int m_violationCount = 0;
};

void Soak::violation(const QString& text)
{
    ++m_violationCount;
    // The first few tell the story; thousands of copies would drown it.
    if (m_violations.size() < 20)
        m_violations << text;
}

void Soak::setUp()
{
    m_clock.start();
    m_server = std::make_unique<DemoServer>();
    m_server->setFlavour(DemoFlavour::OpenAI);
    m_server->setOversizedBytes(kOversizedBytes);
    m_server->setSlowResponseMs(kSlowResponseMs);
    // Tasks finish between 5% and 80% of the run, so the last fifth shows whether finished tasks stay quiet.
    const qint64 runMs = qint64(m_seconds) * 1000;
    for (int i = 0; i < kTaskCount; ++i) {
        DemoTaskPlan plan;
        plan.id = QStringLiteral("soak_%1").arg(i, 5, 10, QLatin1Char('0'));
        plan.prompt = QStringLiteral("Soak task %1").arg(i);
        plan.finishesAfterMs = runMs / 20 + static_cast<qint64>(m_random.bounded(runMs * 3 / 4));
        plan.queuedAfterMs = plan.finishesAfterMs / 5;
        plan.startsAfterMs = plan.finishesAfterMs / 3;
        plan.fails = m_random.bounded(8) == 0;
        m_server->addTask(plan);
        Watched watched;
        watched.plan = plan;
        m_tasks.insert(plan.id, watched);
        m_unfinished << plan.id;
    }
    if (!m_server->listen())
        qFatal("soak_poll: the demo server cannot listen on 127.0.0.1");

    m_api = std::make_unique<VideoApi>(&m_manager, ApiEndpoint(m_server->baseUrl(), AuthMode::Bearer),
                                       QByteArrayLiteral("sk-soak-0123456789"));
    m_api->setTimeoutMs(kClientTimeoutMs);
    PollSettings settings;
    settings.baseIntervalMs = 500;
    settings.maxIntervalMs = 3000;
    settings.firstPollSpreadMs = 1000;
    settings.errorBackoffStartMs = 250;
    settings.errorBackoffCapMs = 4000;
    settings.maxInFlight = 6;
    settings.maxRequestsPerSecond = 10000;
    m_poller = std::make_unique<Poller>(m_api.get(), settings);
    m_poller->setBatchRefreshEnabled(m_batch);
    connect(m_poller.get(), &Poller::taskUpdated, this, [this](const TaskUpdate& update) { onUpdate(update); });
    connect(m_poller.get(), &Poller::answered, this, [this](const FetchResult& result) {
        ++m_answers;
        if (result.error.isError())
            ++m_errorsByKind[errorKindName(result.error.kind)];
    });
    for (const QString& id : std::as_const(m_unfinished))
        m_poller->addTask(id);

    connect(&m_faultTimer, &QTimer::timeout, this, [this] { injectFaults(); });
    m_faultTimer.start(kFaultTickMs);
    connect(&m_checkTimer, &QTimer::timeout, this, [this] { checkTerminalTasks(); });
    m_checkTimer.start(1000);
}

void Soak::injectFaults()
{
    if (m_unfinished.isEmpty())
        return;
    // Common transport and server faults; oversized bodies are costlier, so rarer.
    static const DemoFault kMix[] = {
        DemoFault::Unavailable, DemoFault::Unavailable, DemoFault::InternalError, DemoFault::InternalError,
        DemoFault::Drop,        DemoFault::Drop,        DemoFault::Html,          DemoFault::Truncated,
        DemoFault::Truncated,   DemoFault::Oversized,
    };
    QList<DemoFault> picks;
    for (int i = 0; i < kFaultsPerTick; ++i)
        picks << kMix[m_random.bounded(int(std::size(kMix)))];
    // A slow answer holds one of the six in-flight slots until the client times out, and a 429 pauses the whole
    // profile: frequent, they would measure the limits rather than the engine.
    if (m_random.bounded(kSlowOneTickIn) == 0)
        picks << DemoFault::Slow;
    if (m_random.bounded(kRateLimitOneTickIn) == 0)
        picks << DemoFault::RateLimitedMs;

    // Faults go to tasks that have used up their previous one and have not had one for a while, so the fault rate
    // per task stays bounded while fewer and fewer tasks are left; otherwise faults queue up on the last tasks
    // faster than they are polled and nothing but faults is ever answered.
    const qint64 now = m_clock.elapsed();
    for (const DemoFault fault : std::as_const(picks)) {
        for (int attempt = 0; attempt < 8; ++attempt) {
            const QString id = m_unfinished.at(m_random.bounded(int(m_unfinished.size())));
            Watched& watched = m_tasks[id];
            const int requests = m_server->requestCountFor(path(id));
            if (watched.faultAtMs >= 0
                && (requests <= watched.requestsAtFault || now - watched.faultAtMs < kMinFaultSpacingMs))
                continue;
            watched.faultAtMs = now;
            watched.requestsAtFault = requests;
            m_server->scriptFaults(id, {fault});
            ++m_faultsScripted[faultName(fault)];
            break;
        }
    }
}

void Soak::onUpdate(const TaskUpdate& update)
{
    const auto it = m_tasks.find(update.taskId);
    if (it == m_tasks.end()) {
        violation(QStringLiteral("update for unknown task %1").arg(update.taskId));
        return;
    }
    Watched& watched = *it;
    if (!update.task)
        return; // an error before any good answer
    const VideoTask& task = *update.task;
    if (watched.terminal && (update.outcome.statusChanged || update.outcome.progressChanged)) {
        violation(QStringLiteral("%1: change to %2 reported after it was terminal")
                      .arg(update.taskId, statusWireName(task.status)));
        return;
    }
    if (rank(task.status) < rank(watched.lastStatus)) {
        violation(QStringLiteral("%1: status went back from %2 to %3")
                      .arg(update.taskId, statusWireName(watched.lastStatus), statusWireName(task.status)));
    } else if (task.status == TaskStatus::InProgress && watched.lastStatus == TaskStatus::InProgress && task.progress
               && watched.lastProgress && *task.progress < *watched.lastProgress) {
        violation(QStringLiteral("%1: progress went back from %2 to %3")
                      .arg(update.taskId)
                      .arg(*watched.lastProgress)
                      .arg(*task.progress));
    }
    watched.lastStatus = task.status;
    watched.lastProgress = task.progress;
    if (!isTerminal(task.status))
        return;

    watched.terminal = true;
    watched.terminalAtMs = m_clock.elapsed();
    watched.requestsAtTerminal = m_server->requestCountFor(path(update.taskId));
    m_unfinished.removeOne(update.taskId);
    ++(task.status == TaskStatus::Success ? m_succeeded : m_failed);
    const TaskStatus expected = watched.plan.fails ? TaskStatus::Failure : TaskStatus::Success;
    if (task.status != expected) {
        violation(QStringLiteral("%1: ended %2, its plan says %3")
                      .arg(update.taskId, statusWireName(task.status), statusWireName(expected)));
    }
    if (watched.terminalAtMs < watched.plan.finishesAfterMs) {
        violation(QStringLiteral("%1: terminal at %2 ms, the server finishes it at %3 ms")
                      .arg(update.taskId)
                      .arg(watched.terminalAtMs)
                      .arg(watched.plan.finishesAfterMs));
    }
}

void Soak::checkTerminalTasks()
{
    for (auto it = m_tasks.begin(); it != m_tasks.end(); ++it) {
        if (!it->terminal)
            continue;
        const int now = m_server->requestCountFor(path(it.key()));
        if (now != it->requestsAtTerminal) {
            violation(QStringLiteral("%1: polled %2 more time(s) after its terminal answer")
                          .arg(it.key())
                          .arg(now - it->requestsAtTerminal));
            it->requestsAtTerminal = now; // report each extra request once
        }
    }
}

void Soak::snapshot(const QString& label)
{
    const Poller::Stats stats = m_poller->stats();
    say(QStringLiteral("%1 (%2 s): RSS %3 MB; server requests %4 (status %5, list %6); answers %7; errors %8 [%9]; "
                       "tasks finished %10/%11 (%12 succeeded, %13 failed); faults scripted %14")
            .arg(label)
            .arg(m_clock.elapsed() / 1000.0, 0, 'f', 1)
            .arg(rssMb(), 0, 'f', 1)
            .arg(m_server->requestCount())
            .arg(stats.statusRequests)
            .arg(stats.listRequests)
            .arg(m_answers)
            .arg(stats.errors)
            .arg(describeCounts(m_errorsByKind))
            .arg(m_succeeded + m_failed)
            .arg(kTaskCount)
            .arg(m_succeeded)
            .arg(m_failed)
            .arg(describeCounts(m_faultsScripted)));
}

int Soak::run()
{
    say(QStringLiteral("soak_poll: %1 tasks, %2 s, batch refresh %3, faults every %4 ms")
            .arg(kTaskCount)
            .arg(m_seconds)
            .arg(m_batch ? QStringLiteral("on") : QStringLiteral("off"))
            .arg(kFaultTickMs));
    setUp();
    m_rssAtStart = rssMb();
    snapshot(QStringLiteral("start"));

    const int runMs = m_seconds * 1000;
    QTimer::singleShot(runMs / 4, this, [this] {
        m_rssAtQuarter = rssMb();
        snapshot(QStringLiteral("25%"));
    });
    QTimer::singleShot(runMs / 2, this, [this] { snapshot(QStringLiteral("50%")); });
    QTimer::singleShot(runMs * 3 / 4, this, [this] { snapshot(QStringLiteral("75%")); });
    QTimer::singleShot(runMs, this, [] { QCoreApplication::quit(); });
    QCoreApplication::exec();

    m_faultTimer.stop();
    m_checkTimer.stop();
    checkTerminalTasks();
    snapshot(QStringLiteral("end"));

    // Every task the server finished well before the end must have been seen finished: the slowest path is an
    // error backoff at its cap plus a profile-wide 429 pause, far below this bound.
    const qint64 lateBoundMs = std::max<qint64>(10000, qint64(m_seconds) * 1000 / 5);
    int stuck = 0;
    for (auto it = m_tasks.cbegin(); it != m_tasks.cend(); ++it) {
        if (!it->terminal && it->plan.finishesAfterMs + lateBoundMs < m_clock.elapsed()) {
            if (++stuck <= 5)
                violation(QStringLiteral("%1: finished on the server at %2 ms, still not seen finished at the end")
                              .arg(it.key())
                              .arg(it->plan.finishesAfterMs));
        }
    }
    if (stuck > 5)
        violation(QStringLiteral("… %1 tasks in all not seen finished").arg(stuck));

    const double rssEnd = rssMb();
    const double growth = rssEnd - m_rssAtQuarter;
    say(QStringLiteral("RSS: start %1 MB, 25% %2 MB, end %3 MB, growth since 25% %4 MB (limit %5 MB)")
            .arg(m_rssAtStart, 0, 'f', 1)
            .arg(m_rssAtQuarter, 0, 'f', 1)
            .arg(rssEnd, 0, 'f', 1)
            .arg(growth, 0, 'f', 1)
            .arg(kMaxRssGrowthMb, 0, 'f', 0));
    if (growth > kMaxRssGrowthMb)
        violation(QStringLiteral("RSS grew by %1 MB between the 25% mark and the end").arg(growth, 0, 'f', 1));

    if (m_violationCount > 0) {
        say(QStringLiteral("FAIL: %1 impossible state(s):").arg(m_violationCount));
        for (const QString& line : std::as_const(m_violations))
            say(QStringLiteral("  ") + line);
        return 1;
    }
    say(QStringLiteral("PASS: no task polled after its terminal answer, no status or progress went back, every "
                       "terminal status matches its plan"));
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Soak the poll engine against the in-process demo server."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("How long to run (default: 60)."), QStringLiteral("s"),
                      QStringLiteral("60")});
    parser.addOption({QStringLiteral("no-batch"), QStringLiteral("Poll every task on its own (no list route).")});
    parser.process(app);
    bool ok = false;
    const int seconds = parser.value(QStringLiteral("seconds")).toInt(&ok);
    if (!ok || seconds < 4 || seconds > 7 * 24 * 3600) {
        QTextStream(stderr) << "soak_poll: --seconds takes a whole number from 4 upwards" << Qt::endl;
        return 2;
    }
    Soak soak(seconds, !parser.isSet(QStringLiteral("no-batch")));
    return soak.run();
}

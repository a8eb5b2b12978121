// What following an account costs: a profile runtime following the demo server's account (OpenAI
// shape, loopback) with a real SQLite file. Prints the requests spent per minute while nothing new
// starts (one list page per base interval is the goal), then for a burst of N renders started at
// once: how long until all are on the board, and the list and status requests that took.
// Prints figures; asserts nothing.
// Usage: bench_follow [--interval-ms 1000] [--idle-seconds 30] [--burst 500]

#include "core/genericprovider.h"
#include "demo/demoserver.h"
#include "monitor/profileruntime.h"
#include "net/accountfollower.h"
#include "net/poller.h"
#include "store/store.h"
#include "storeprofiles.h"

#include <cstdio>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTimer>

using namespace Reelwatch;

namespace {

void runFor(qint64 ms)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("interval-ms"), QStringLiteral("The profile's base interval."),
                      QStringLiteral("ms"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("idle-seconds"), QStringLiteral("How long to follow with nothing new."),
                      QStringLiteral("s"), QStringLiteral("30")});
    parser.addOption({QStringLiteral("burst"), QStringLiteral("Renders started at once."), QStringLiteral("n"),
                      QStringLiteral("500")});
    parser.process(app);
    const qint64 intervalMs = parser.value(QStringLiteral("interval-ms")).toLongLong();
    const int idleSeconds = parser.value(QStringLiteral("idle-seconds")).toInt();
    const int burst = parser.value(QStringLiteral("burst")).toInt();
    qputenv("REELWATCH_POLL_LIMITS", "testing"); // loopback: intervals below the standard minimum allowed

    DemoServer server;
    server.setFlavour(DemoFlavour::OpenAI);
    server.setRequiredSecret("sk-bench-follow");
    if (!server.listen())
        return 1;
    // An account with history: 200 renders from before following began.
    for (int i = 0; i < 200; ++i) {
        DemoTaskPlan plan;
        plan.id = QStringLiteral("video_history_%1").arg(i, 4, 10, QLatin1Char('0'));
        plan.createdSecondsAgo = 3600 + i;
        plan.finishesAfterMs = 0;
        server.addTask(plan);
    }
    QTemporaryDir directory;
    Store store;
    QString error;
    if (!store.open(directory.filePath(QStringLiteral("tasks.sqlite")), &error)
        || !TestProfiles::addIdleProfile(store, &error)) {
        std::fprintf(stderr, "store: %s\n", qPrintable(error));
        return 1;
    }
    QNetworkAccessManager network;
    ProfileRuntime::Options options;
    options.endpoint = ApiEndpoint(server.baseUrl(), GenericProvider::shared(), AuthMode::Bearer);
    options.poll.baseIntervalMs = intervalMs;
    options.poll.maxIntervalMs = intervalMs * 6;
    options.store = &store;
    options.profileId = store.defaultProfile()->id;
    ProfileRuntime runtime(&network, nullptr, options);
    runtime.setSecret("sk-bench-follow");
    int added = 0;
    QObject::connect(&runtime, &ProfileRuntime::tasksFollowed,
                     [&added](const QList<VideoTask>& tasks) { added += int(tasks.size()); });
    const qint64 since = QDateTime::currentMSecsSinceEpoch();
    if (!runtime.startFollowing(
            intervalMs, [since](qint64) { return since; }, &error)) {
        std::fprintf(stderr, "follow: %s\n", qPrintable(error));
        return 1;
    }

    runFor(idleSeconds * 1000LL);
    const int idleRequests = server.requestCount();
    std::printf("interval                  %lld ms, %d renders of history on the server\n",
                static_cast<long long>(intervalMs), 200);
    std::printf("idle, nothing new         %d requests in %d s: %.1f per minute (%d list rounds, %d tasks added)\n",
                idleRequests, idleSeconds, idleRequests * 60.0 / idleSeconds, runtime.follower()->stats().rounds,
                added);

    const int listBefore = runtime.follower()->stats().listRequests;
    const int statusBefore = runtime.poller()->stats().statusRequests;
    const int batchBefore = runtime.poller()->stats().listRequests;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < burst; ++i) {
        DemoTaskPlan plan;
        plan.id = QStringLiteral("video_burst_%1").arg(i, 4, 10, QLatin1Char('0'));
        plan.finishesAfterMs = 20000;
        server.addTask(plan);
    }
    while (added < burst && clock.elapsed() < 120000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    const qint64 allAddedMs = clock.elapsed();
    const int followPages = runtime.follower()->stats().listRequests - listBefore;
    runFor(intervalMs * 3);
    std::printf("burst of %d               all on the board after %lld ms: %d list pages of %d, then in %lld ms "
                "more: %d status requests, %d batch list pages\n",
                burst, static_cast<long long>(allAddedMs), followPages, AccountFollower::kPageSize,
                static_cast<long long>(intervalMs * 3), runtime.poller()->stats().statusRequests - statusBefore,
                runtime.poller()->stats().listRequests - batchBefore);
    std::printf("tasks added               %d (%d stored)\n", added, int(store.tasks(options.profileId).size()));
    return 0;
}

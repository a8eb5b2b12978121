// The poll engine against the demo server over real loopback HTTP: lifecycles to the end, every
// fault recovered from, profile-wide waits honoured, limits kept, batch refresh and its fallback.
// Intervals are shortened so each case takes a second or two; the policy maths themselves are
// covered with a manual clock in tst_pollschedule.

#include "demo/demoserver.h"
#include "demoplans.h"
#include "net/poller.h"
#include "net/videoapi.h"

#include <algorithm>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace Reelwatch;

namespace {

const QByteArray kKey = QByteArrayLiteral("sk-poller-test-5d1c0a9e7b3f2468");

PollSettings fastSettings()
{
    PollSettings settings;
    settings.baseIntervalMs = 150;
    settings.maxIntervalMs = 600;
    settings.firstPollSpreadMs = 50;
    settings.errorBackoffStartMs = 100;
    settings.errorBackoffCapMs = 800;
    settings.maxInFlight = 4;
    settings.maxRequestsPerSecond = 50;
    return settings;
}

// Long enough that every task is still rendering when its first answer arrives, even on a loaded machine,
// so a second round (the one that tries the list route) is certain.
constexpr qint64 kOutlivesFirstRound = 2500;

DemoTaskPlan plan(const QString& id, qint64 finishesAfterMs, bool fails = false)
{
    return DemoPlans::paced(id, finishesAfterMs, fails, QStringLiteral("A tram crossing a bridge in fog"));
}

struct ServedRequest
{
    QString path;
    int status;
    qint64 atMs;
};

} // namespace

class TestPoller : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void lifecyclesRunToTheEnd();
    void rateLimitIsHonouredForTheWholeProfile();
    void serverErrorsTwiceThenRecovers();
    void droppedConnectionRecovers();
    void slowAnswerTimesOutThenRecovers();
    void htmlAndOversizedBodiesRecover();
    void flippingStatusesAreAllReported();
    void briefNotFoundRecoversButPersistentGivesUp();
    void rejectedKeyStopsProfileUntilKeyChanges();
    void limitsInFlightAndRequestsPerSecond();
    void batchRefreshUsesFewerRequests();
    void batchFallsBackSilentlyWithoutListRoute();
    void listForbiddenMeansNoListRouteNotARejectedKey();
    void pauseResumeAndRefreshNow();
    void offlinePausesAndReconnectPollsAtOnce();
    void refreshNowJumpsTheQueue();
    void listWalkWaitsForTheBudget();
    void listWalkReachesTasksBehindFinishedOnes();
    void freshnessReportsTheFirstPassAndTheBudget();
    void everyGoodAnswerIsConfirmed();

private:
    Poller* makePoller(const PollSettings& settings = fastSettings(), const QByteArray& key = kKey);
    QHash<QString, TaskUpdate> runUntilStopped(Poller* poller, int timeoutMs = 20000);

    QNetworkAccessManager* m_manager = nullptr;
    DemoServer* m_server = nullptr;
    VideoApi* m_api = nullptr;
    QElapsedTimer m_clock;
    QList<ServedRequest> m_served;
};

void TestPoller::init()
{
    m_manager = new QNetworkAccessManager(this);
    m_server = new DemoServer(this);
    m_server->setRequiredSecret(kKey);
    m_server->setListSupported(false);
    QVERIFY(m_server->listen());
    m_clock.start();
    m_served.clear();
    connect(m_server, &DemoServer::requestServed, this, [this](const QString& path, int status) {
        m_served << ServedRequest{path, status, m_clock.elapsed()};
    });
}

void TestPoller::cleanup()
{
    delete m_api;
    m_api = nullptr;
    delete m_server;
    delete m_manager;
}

Poller* TestPoller::makePoller(const PollSettings& settings, const QByteArray& key)
{
    delete m_api;
    m_api = new VideoApi(m_manager, ApiEndpoint(m_server->baseUrl(), AuthMode::Bearer), key);
    m_api->setTimeoutMs(2000);
    auto* poller = new Poller(m_api, settings, m_api);
    poller->setBatchRefreshEnabled(false);
    return poller;
}

QHash<QString, TaskUpdate> TestPoller::runUntilStopped(Poller* poller, int timeoutMs)
{
    QHash<QString, TaskUpdate> last;
    bool stopped = false;
    connect(poller, &Poller::taskUpdated, this, [&last](const TaskUpdate& update) { last[update.taskId] = update; });
    connect(poller, &Poller::allStopped, this, [&stopped] { stopped = true; });
    QDeadlineTimer deadline(timeoutMs);
    while (!stopped && !deadline.hasExpired())
        QTest::qWait(10);
    disconnect(poller, nullptr, this, nullptr);
    if (!stopped)
        qWarning("the poller did not stop within %d ms", timeoutMs);
    return last;
}

void TestPoller::lifecyclesRunToTheEnd()
{
    for (int i = 0; i < 6; ++i)
        m_server->addTask(plan(QStringLiteral("video_life_%1").arg(i), 400 + i * 150, i == 2));
    Poller* poller = makePoller();
    QList<TaskUpdate> updates;
    connect(poller, &Poller::taskUpdated, this, [&updates](const TaskUpdate& update) { updates << update; });
    for (int i = 0; i < 6; ++i)
        poller->addTask(QStringLiteral("video_life_%1").arg(i));
    const QHash<QString, TaskUpdate> last = runUntilStopped(poller);

    QCOMPARE(last.size(), 6);
    for (int i = 0; i < 6; ++i) {
        const TaskUpdate update = last.value(QStringLiteral("video_life_%1").arg(i));
        QVERIFY(update.task.has_value());
        QCOMPARE(update.task->status, i == 2 ? TaskStatus::Failure : TaskStatus::Success);
        QVERIFY(update.outcome.finished);
    }
    // Statuses of each task only move forward, and every update says what changed.
    QHash<QString, int> lastRank;
    for (const TaskUpdate& update : std::as_const(updates)) {
        QVERIFY(update.outcome.anythingChanged());
        const int rank = static_cast<int>(update.task->status);
        QVERIFY(rank >= lastRank.value(update.taskId, 0));
        lastRank[update.taskId] = rank;
    }
    QCOMPARE(poller->schedule().activeCount(), 0);
    // Terminal tasks are never polled again.
    const int requests = m_server->requestCount();
    QTest::qWait(500);
    QCOMPARE(m_server->requestCount(), requests);
    QVERIFY(poller->stats().statusChanges >= 6 * 3);
}

void TestPoller::rateLimitIsHonouredForTheWholeProfile()
{
    m_server->addTask(plan(QStringLiteral("video_a"), 300));
    m_server->addTask(plan(QStringLiteral("video_b"), 300));
    m_server->scriptFaults(QStringLiteral("video_a"), {DemoFault::RateLimited}); // Retry-After: 2
    // One request at a time, so none is already on its way when the 429 arrives.
    PollSettings settings = fastSettings();
    settings.maxInFlight = 1;
    Poller* poller = makePoller(settings);
    QSignalSpy states(poller, &Poller::stateChanged);
    poller->addTask(QStringLiteral("video_a"));
    poller->addTask(QStringLiteral("video_b"));
    const QHash<QString, TaskUpdate> last = runUntilStopped(poller);
    QCOMPARE(last.value(QStringLiteral("video_a")).task->status, TaskStatus::Success);
    QCOMPARE(last.value(QStringLiteral("video_b")).task->status, TaskStatus::Success);

    qint64 limitedAt = -1;
    for (const ServedRequest& request : std::as_const(m_served)) {
        if (request.status == 429) {
            limitedAt = request.atMs;
        } else if (limitedAt >= 0) {
            // The very next request to this profile, for any task, waits the full Retry-After.
            QVERIFY2(request.atMs - limitedAt >= 2000,
                     qPrintable(QStringLiteral("next request %1 ms after the 429").arg(request.atMs - limitedAt)));
            break;
        }
    }
    QVERIFY(limitedAt >= 0);
    bool sawRateLimited = false;
    for (const QList<QVariant>& state : std::as_const(states))
        sawRateLimited |= state.at(0).value<ProfileState>() == ProfileState::RateLimited;
    QVERIFY(sawRateLimited);
}

void TestPoller::serverErrorsTwiceThenRecovers()
{
    m_server->addTask(plan(QStringLiteral("video_flaky"), 200));
    m_server->scriptFaults(QStringLiteral("video_flaky"), {DemoFault::Unavailable, DemoFault::InternalError});
    Poller* poller = makePoller();
    QList<TaskUpdate> updates;
    connect(poller, &Poller::taskUpdated, this, [&updates](const TaskUpdate& update) { updates << update; });
    poller->addTask(QStringLiteral("video_flaky"));
    const QHash<QString, TaskUpdate> last = runUntilStopped(poller);
    QCOMPARE(last.value(QStringLiteral("video_flaky")).task->status, TaskStatus::Success);
    QVERIFY(!last.value(QStringLiteral("video_flaky")).error.isError());
    QVERIFY(updates.size() >= 3);
    QCOMPARE(updates.at(0).error.kind, ErrorKind::ServerError);
    QVERIFY(updates.at(0).error.message().contains(QStringLiteral("503")));
    QCOMPARE(updates.at(1).error.kind, ErrorKind::ServerError);
    QVERIFY(updates.at(1).error.message().contains(QStringLiteral("500")));
    QVERIFY(updates.at(2).outcome.errorChanged); // the error is cleared
    QCOMPARE(poller->stats().errors, 2);
}

void TestPoller::droppedConnectionRecovers()
{
    m_server->addTask(plan(QStringLiteral("video_drop"), 200));
    m_server->scriptFaults(QStringLiteral("video_drop"), {DemoFault::Drop, DemoFault::Drop});
    Poller* poller = makePoller();
    poller->addTask(QStringLiteral("video_drop"));
    const QHash<QString, TaskUpdate> last = runUntilStopped(poller);
    QCOMPARE(last.value(QStringLiteral("video_drop")).task->status, TaskStatus::Success);
    QCOMPARE(poller->stats().errors, 2);
}

void TestPoller::slowAnswerTimesOutThenRecovers()
{
    m_server->setSlowResponseMs(3000);
    m_server->addTask(plan(QStringLiteral("video_slow"), 200));
    m_server->scriptFaults(QStringLiteral("video_slow"), {DemoFault::Slow});
    Poller* poller = makePoller();
    m_api->setTimeoutMs(300);
    QList<TaskUpdate> updates;
    connect(poller, &Poller::taskUpdated, this, [&updates](const TaskUpdate& update) { updates << update; });
    poller->addTask(QStringLiteral("video_slow"));
    const QHash<QString, TaskUpdate> last = runUntilStopped(poller);
    QCOMPARE(updates.first().error.kind, ErrorKind::Timeout);
    QCOMPARE(last.value(QStringLiteral("video_slow")).task->status, TaskStatus::Success);
}

void TestPoller::htmlAndOversizedBodiesRecover()
{
    m_server->setOversizedBytes(50 * 1024 * 1024);
    m_server->addTask(plan(QStringLiteral("video_odd"), 200));
    m_server->scriptFaults(QStringLiteral("video_odd"), {DemoFault::Html, DemoFault::Oversized, DemoFault::Truncated});
    Poller* poller = makePoller();
    QList<ErrorKind> errors;
    connect(poller, &Poller::taskUpdated, this, [&errors](const TaskUpdate& update) {
        if (update.error.isError())
            errors << update.error.kind;
    });
    poller->addTask(QStringLiteral("video_odd"));
    const QHash<QString, TaskUpdate> last = runUntilStopped(poller);
    QCOMPARE(errors, (QList<ErrorKind>{ErrorKind::InvalidResponse, ErrorKind::TooLarge, ErrorKind::InvalidResponse}));
    QCOMPARE(last.value(QStringLiteral("video_odd")).task->status, TaskStatus::Success);
}

void TestPoller::flippingStatusesAreAllReported()
{
    DemoTaskPlan flip = plan(QStringLiteral("video_flip"), 60000); // its lifecycle never ends by itself
    m_server->addTask(flip);
    m_server->scriptStatuses(QStringLiteral("video_flip"),
                             {QStringLiteral("IN_PROGRESS"), QStringLiteral("QUEUED"), QStringLiteral("IN_PROGRESS"),
                              QStringLiteral("QUEUED"), QStringLiteral("SUCCESS")});
    Poller* poller = makePoller();
    QList<TaskStatus> seen;
    connect(poller, &Poller::taskUpdated, this, [&seen](const TaskUpdate& update) {
        if (update.outcome.statusChanged)
            seen << update.task->status;
    });
    poller->addTask(QStringLiteral("video_flip"));
    runUntilStopped(poller);
    QCOMPARE(seen,
             (QList<TaskStatus>{TaskStatus::InProgress, TaskStatus::Queued, TaskStatus::InProgress, TaskStatus::Queued,
                                TaskStatus::Success}));
    QCOMPARE(m_server->requestCountFor(QStringLiteral("/v1/videos/video_flip")), 5);
}

void TestPoller::briefNotFoundRecoversButPersistentGivesUp()
{
    m_server->addTask(plan(QStringLiteral("video_new"), 200));
    m_server->scriptFaults(QStringLiteral("video_new"), {DemoFault::NotFound});
    Poller* poller = makePoller();
    poller->addTask(QStringLiteral("video_new"));
    poller->addTask(QStringLiteral("video_never"));
    const QHash<QString, TaskUpdate> last = runUntilStopped(poller);
    QCOMPARE(last.value(QStringLiteral("video_new")).task->status, TaskStatus::Success);
    const TaskUpdate never = last.value(QStringLiteral("video_never"));
    QVERIFY(never.outcome.gaveUp);
    QCOMPARE(never.error.kind, ErrorKind::NotFound);
    QCOMPARE(m_server->requestCountFor(QStringLiteral("/v1/videos/video_never")), 2);
}

void TestPoller::rejectedKeyStopsProfileUntilKeyChanges()
{
    m_server->addTask(plan(QStringLiteral("video_k1"), 100));
    m_server->addTask(plan(QStringLiteral("video_k2"), 100));
    Poller* poller = makePoller(fastSettings(), QByteArrayLiteral("sk-wrong-000000000000"));
    QSignalSpy states(poller, &Poller::stateChanged);
    QList<TaskUpdate> updates;
    connect(poller, &Poller::taskUpdated, this, [&updates](const TaskUpdate& update) { updates << update; });
    poller->addTask(QStringLiteral("video_k1"));
    poller->addTask(QStringLiteral("video_k2"));
    QTRY_COMPARE(poller->state(), ProfileState::KeyRejected);
    QVERIFY(updates.first().outcome.keyRejected);
    QCOMPARE(updates.first().error.kind, ErrorKind::Unauthorized);
    QTest::qWait(300);
    const int requests = m_server->requestCount();
    QVERIFY(requests <= 2);
    QTest::qWait(700);
    QCOMPARE(m_server->requestCount(), requests); // nothing more while the key is rejected

    m_api->setSecret(kKey);
    poller->keyChanged();
    const QHash<QString, TaskUpdate> last = runUntilStopped(poller);
    QCOMPARE(last.value(QStringLiteral("video_k1")).task->status, TaskStatus::Success);
    QCOMPARE(last.value(QStringLiteral("video_k2")).task->status, TaskStatus::Success);
    QCOMPARE(poller->state(), ProfileState::Polling);
}

void TestPoller::limitsInFlightAndRequestsPerSecond()
{
    m_server->setSlowResponseMs(100);
    for (int i = 0; i < 30; ++i) {
        m_server->addTask(plan(QStringLiteral("video_n%1").arg(i), 100000));
        m_server->scriptFaults(QStringLiteral("video_n%1").arg(i), {DemoFault::Slow});
    }
    PollSettings settings = fastSettings();
    settings.maxInFlight = 2;
    settings.maxRequestsPerSecond = 5;
    Poller* poller = makePoller(settings);
    int inFlightPeak = 0;
    QTimer sampler;
    connect(&sampler, &QTimer::timeout, this,
            [&] { inFlightPeak = std::max(inFlightPeak, poller->schedule().inFlightCount()); });
    sampler.start(5);
    for (int i = 0; i < 30; ++i)
        poller->addTask(QStringLiteral("video_n%1").arg(i));
    QTest::qWait(2100);
    sampler.stop();
    // A token bucket of 5/s with a burst of 5 allows at most 5 + 5 × 2.1 requests in 2.1 s.
    QVERIFY2(m_server->requestCount() <= 15, qPrintable(QString::number(m_server->requestCount())));
    QVERIFY(m_server->requestCount() >= 8);
    QCOMPARE(inFlightPeak, 2);
    // Oldest due first: the first tasks added were the first asked.
    QCOMPARE(m_server->recentRequests().constFirst().path.startsWith(QStringLiteral("/v1/videos/video_n")), true);
}

void TestPoller::batchRefreshUsesFewerRequests()
{
    m_server->setFlavour(DemoFlavour::OpenAI);
    m_server->setListSupported(true);
    for (int i = 0; i < 40; ++i)
        m_server->addTask(plan(QStringLiteral("video_batch_%1").arg(i, 2, 10, QLatin1Char('0')), 900 + i * 10));
    Poller* poller = makePoller();
    poller->setBatchRefreshEnabled(true);
    for (int i = 0; i < 40; ++i)
        poller->addTask(QStringLiteral("video_batch_%1").arg(i, 2, 10, QLatin1Char('0')));
    const QHash<QString, TaskUpdate> last = runUntilStopped(poller);
    QCOMPARE(last.size(), 40);
    for (const TaskUpdate& update : last)
        QCOMPARE(update.task->status, TaskStatus::Success);
    const Poller::Stats stats = poller->stats();
    QCOMPARE(poller->batchSupport(), BatchSupport::Supported);
    QVERIFY(stats.listRequests > 0);
    QVERIFY(stats.tasksRefreshedByList > 40);
    // Each task passes through several statuses; one by one that costs at least one request each.
    QVERIFY2(stats.statusRequests + stats.listRequests < stats.statusChanges,
             qPrintable(QStringLiteral("%1 status + %2 list requests for %3 changes")
                            .arg(stats.statusRequests)
                            .arg(stats.listRequests)
                            .arg(stats.statusChanges)));
}

void TestPoller::batchFallsBackSilentlyWithoutListRoute()
{
    m_server->setFlavour(DemoFlavour::Seed); // its list route answers 404
    for (int i = 0; i < 5; ++i)
        m_server->addTask(plan(QStringLiteral("video_nolist_%1").arg(i), kOutlivesFirstRound));
    Poller* poller = makePoller();
    poller->setBatchRefreshEnabled(true);
    for (int i = 0; i < 5; ++i)
        poller->addTask(QStringLiteral("video_nolist_%1").arg(i));
    const QHash<QString, TaskUpdate> last = runUntilStopped(poller);
    QCOMPARE(last.size(), 5);
    QCOMPARE(poller->batchSupport(), BatchSupport::Unsupported);
    QCOMPARE(poller->stats().listRequests, 1); // detected once, then never asked again
    for (const TaskUpdate& update : last)
        QVERIFY(!update.error.isError());
}

void TestPoller::listForbiddenMeansNoListRouteNotARejectedKey()
{
    m_server->setFlavour(DemoFlavour::OpenAI);
    m_server->setListSupported(true);
    m_server->setListForbidden(true);
    for (int i = 0; i < 4; ++i)
        m_server->addTask(plan(QStringLiteral("video_forbidden_%1").arg(i), kOutlivesFirstRound));
    Poller* poller = makePoller();
    poller->setBatchRefreshEnabled(true);
    for (int i = 0; i < 4; ++i)
        poller->addTask(QStringLiteral("video_forbidden_%1").arg(i));
    const QHash<QString, TaskUpdate> last = runUntilStopped(poller);
    QCOMPARE(last.size(), 4);
    for (const TaskUpdate& update : last)
        QCOMPARE(update.task->status, TaskStatus::Success);
    QCOMPARE(poller->batchSupport(), BatchSupport::Unsupported);
    QCOMPARE(poller->stats().listRequests, 1);
    QCOMPARE(poller->state(), ProfileState::Polling); // the key was never taken for rejected
}

void TestPoller::pauseResumeAndRefreshNow()
{
    m_server->addTask(plan(QStringLiteral("video_p"), 100000));
    PollSettings settings = fastSettings();
    settings.baseIntervalMs = 5000; // after the first answer, the next poll is far away
    settings.maxIntervalMs = 5000;
    Poller* poller = makePoller(settings);
    poller->addTask(QStringLiteral("video_p"));
    QTRY_COMPARE(m_server->requestCount(), 1);
    QTRY_COMPARE(poller->schedule().inFlightCount(), 0);

    poller->refreshNow(QStringLiteral("video_p"));
    QTRY_COMPARE(m_server->requestCount(), 2);
    QTRY_COMPARE(poller->schedule().inFlightCount(), 0);

    poller->setPaused(true);
    QCOMPARE(poller->state(), ProfileState::Paused);
    poller->refreshAllNow();
    QTest::qWait(400);
    QCOMPARE(m_server->requestCount(), 2); // paused wins over refresh
    poller->setPaused(false);
    QTRY_COMPARE(m_server->requestCount(), 3);
    // Its answer must be in: a refresh asked while a request is out is answered by that request.
    QTRY_COMPARE(poller->schedule().inFlightCount(), 0);

    poller->setTaskPaused(QStringLiteral("video_p"), true);
    poller->refreshNow(QStringLiteral("video_p"));
    QTest::qWait(300);
    QCOMPARE(m_server->requestCount(), 3);
    poller->setTaskPaused(QStringLiteral("video_p"), false);
    QTRY_COMPARE(m_server->requestCount(), 4);
}

void TestPoller::offlinePausesAndReconnectPollsAtOnce()
{
    m_server->addTask(plan(QStringLiteral("video_o"), 100000));
    PollSettings settings = fastSettings();
    settings.baseIntervalMs = 8000;
    settings.maxIntervalMs = 8000;
    Poller* poller = makePoller(settings);
    poller->addTask(QStringLiteral("video_o"));
    QTRY_COMPARE(m_server->requestCount(), 1);
    QTRY_COMPARE(poller->schedule().inFlightCount(), 0);
    poller->setOnline(false);
    QCOMPARE(poller->state(), ProfileState::Offline);
    poller->refreshAllNow();
    QTest::qWait(300);
    QCOMPARE(m_server->requestCount(), 1);
    QElapsedTimer sinceReconnect;
    sinceReconnect.start();
    poller->setOnline(true);
    QTRY_COMPARE(m_server->requestCount(), 2);
    QVERIFY(sinceReconnect.elapsed() < 1000); // not after the 8 s interval
}

void TestPoller::refreshNowJumpsTheQueue()
{
    // Hundreds of tasks waiting for their first look, two requests at a time: the one the user asks
    // for goes out next, not after all of them.
    constexpr int kTasks = 300;
    for (int i = 0; i < kTasks; ++i)
        m_server->addTask(plan(QStringLiteral("video_q_%1").arg(i, 3, 10, QLatin1Char('0')), 100000));
    PollSettings settings = fastSettings();
    settings.maxInFlight = 2;
    settings.maxRequestsPerSecond = 40;
    settings.baseIntervalMs = 60000;
    settings.maxIntervalMs = 60000;
    Poller* poller = makePoller(settings);
    for (int i = 0; i < kTasks; ++i)
        poller->addTask(QStringLiteral("video_q_%1").arg(i, 3, 10, QLatin1Char('0')));
    QTRY_VERIFY(m_served.size() >= 20);
    // The first looks go out in a random spread: ask for one not asked yet.
    const auto servedPath = [this](const QString& path) {
        return std::any_of(m_served.begin(), m_served.end(),
                           [&path](const ServedRequest& served) { return served.path == path; });
    };
    QString wantedId;
    for (int i = kTasks - 1; i >= 0 && wantedId.isEmpty(); --i) {
        const QString id = QStringLiteral("video_q_%1").arg(i, 3, 10, QLatin1Char('0'));
        if (!servedPath(QStringLiteral("/v1/videos/") + id))
            wantedId = id;
    }
    QVERIFY(!wantedId.isEmpty());
    const QString wanted = QStringLiteral("/v1/videos/") + wantedId;
    const int askedAt = int(m_served.size());
    poller->refreshNow(wantedId);
    QTRY_VERIFY(std::any_of(m_served.begin(), m_served.end(),
                            [&wanted](const ServedRequest& served) { return served.path == wanted; }));
    int position = -1;
    for (int i = 0; i < m_served.size(); ++i) {
        if (m_served.at(i).path == wanted)
            position = i;
    }
    // At most the requests already in flight go before it.
    QVERIFY2(position - askedAt <= settings.maxInFlight,
             qPrintable(QStringLiteral("asked after %1 requests, sent as request %2").arg(askedAt).arg(position)));
}

void TestPoller::listWalkWaitsForTheBudget()
{
    // 450 tasks are five list pages; a budget of three requests a second spends its burst on the first
    // three. The walk waits for the next tokens and refreshes every task with pages, rather than ending
    // and leaving the oldest 150 to be asked one by one.
    m_server->setFlavour(DemoFlavour::OpenAI);
    m_server->setListSupported(true);
    constexpr int kTasks = 450;
    for (int i = 0; i < kTasks; ++i)
        m_server->addTask(plan(QStringLiteral("video_w_%1").arg(i, 3, 10, QLatin1Char('0')), 100000));
    PollSettings settings = fastSettings();
    settings.maxRequestsPerSecond = 3;
    settings.baseIntervalMs = 20000;
    settings.maxIntervalMs = 20000;
    Poller* poller = makePoller(settings);
    poller->setBatchRefreshEnabled(true);
    QSet<QString> confirmed;
    connect(poller, &Poller::confirmed, this, [&confirmed](const QStringList& ids) {
        for (const QString& id : ids)
            confirmed.insert(id);
    });
    for (int i = 0; i < kTasks; ++i)
        poller->addTask(QStringLiteral("video_w_%1").arg(i, 3, 10, QLatin1Char('0')));
    const auto served = [this](bool list) {
        return std::count_if(m_served.begin(), m_served.end(), [list](const ServedRequest& request) {
            return request.path.startsWith(QLatin1String("/v1/videos/")) != list;
        });
    };
    QTRY_COMPARE_WITH_TIMEOUT(int(confirmed.size()), kTasks, 15000);
    QCOMPARE(int(served(true)), 5);
    QCOMPARE(int(served(false)), 0);
    QCOMPARE(poller->stats().tasksRefreshedByList, kTasks);
    // The next round is a base interval away: nothing is due, nothing more is sent.
    QTest::qWait(500);
    QCOMPARE(int(m_served.size()), 5);
    const Poller::Freshness fresh = poller->freshness();
    QCOMPARE(fresh.active, kTasks);
    // Five pages a round, not 450 requests: the budget is not what sets the pace.
    QVERIFY2(fresh.sweepMs < 3000, qPrintable(QString::number(fresh.sweepMs)));
}

void TestPoller::listWalkReachesTasksBehindFinishedOnes()
{
    // The list holds finished renders too: once the newest 300 of 450 tasks have finished, the 150
    // still running sit on pages four and five. The walk goes as deep as the last round found tasks,
    // not just as many pages as 150 tasks would fill, so they are still refreshed by the list.
    m_server->setFlavour(DemoFlavour::OpenAI);
    m_server->setListSupported(true);
    QStringList running;
    for (int i = 0; i < 150; ++i) {
        DemoTaskPlan waits;
        waits.id = QStringLiteral("video_deep_%1").arg(i, 3, 10, QLatin1Char('0'));
        waits.queuedAfterMs = 0;
        waits.startsAfterMs = DemoPlans::kForeverMs;
        waits.finishesAfterMs = DemoPlans::kForeverMs + 1;
        m_server->addTask(waits); // the oldest: the deepest pages
        running << waits.id;
    }
    QStringList quick;
    for (int i = 0; i < 300; ++i) {
        quick << QStringLiteral("video_quick_%1").arg(i, 3, 10, QLatin1Char('0'));
        m_server->addTask(plan(quick.constLast(), 400));
    }
    PollSettings settings = fastSettings();
    settings.baseIntervalMs = 1000;
    settings.maxIntervalMs = 20000;
    settings.maxRequestsPerSecond = 200;
    Poller* poller = makePoller(settings);
    poller->setBatchRefreshEnabled(true);
    for (const QString& id : std::as_const(running) + quick)
        poller->addTask(id);
    QTRY_COMPARE_WITH_TIMEOUT(poller->schedule().activeCount(), 150, 15000);
    const int listsBefore = poller->stats().listRequests;
    m_served.clear();
    // Three more rounds, each walking down to the running tasks.
    QTRY_VERIFY_WITH_TIMEOUT(poller->stats().listRequests >= listsBefore + 15, 15000);
    int single = 0;
    for (const ServedRequest& served : std::as_const(m_served))
        single += served.path.startsWith(QLatin1String("/v1/videos/video_deep_")) ? 1 : 0;
    // A task that falls due alone between rounds is asked on its own (one request either way); the 50
    // on the last page each round were, before.
    QVERIFY2(single <= 3, qPrintable(QStringLiteral("%1 single requests for tasks on the list").arg(single)));
    QCOMPARE(poller->schedule().activeCount(), 150);
}

void TestPoller::freshnessReportsTheFirstPassAndTheBudget()
{
    constexpr int kTasks = 200;
    for (int i = 0; i < kTasks; ++i)
        m_server->addTask(plan(QStringLiteral("video_f_%1").arg(i, 3, 10, QLatin1Char('0')), 100000));
    PollSettings settings = fastSettings();
    settings.maxRequestsPerSecond = 4;
    Poller* poller = makePoller(settings);
    for (int i = 0; i < kTasks; ++i)
        poller->addTask(QStringLiteral("video_f_%1").arg(i, 3, 10, QLatin1Char('0')));

    Poller::Freshness fresh = poller->freshness();
    QCOMPARE(fresh.active, kTasks);
    QCOMPARE(fresh.pacedTasks, kTasks);
    QCOMPARE(fresh.firstPassSize, kTasks);
    QCOMPARE(fresh.firstPassDone, 0);
    // 200 tasks at 4 requests a second: a 50 s sweep, far beyond the 0.6 s the intervals ask for.
    QVERIFY(fresh.budgetBound);
    QCOMPARE(fresh.sweepMs, 50000);
    QCOMPARE(fresh.recheckWithinMs, 50000);
    QCOMPARE(fresh.staleAfterMs(), 2 * 50000 + Poller::kStaleGraceMs);

    QTRY_VERIFY_WITH_TIMEOUT(poller->freshness().firstPassDone >= 6, 10000);
    fresh = poller->freshness();
    QCOMPARE(fresh.firstPassSize, kTasks);
    QVERIFY(fresh.firstPassRemainingMs);
    // About (200 - done) / 4 s at the budget's pace; a loaded machine may be slower, never faster.
    const qint64 atBudget = qint64(kTasks - fresh.firstPassDone) * 1000 / 4;
    QVERIFY2(*fresh.firstPassRemainingMs >= atBudget * 0.7 && *fresh.firstPassRemainingMs <= atBudget * 4,
             qPrintable(QStringLiteral("%1 ms left, %2 at the budget").arg(*fresh.firstPassRemainingMs).arg(atBudget)));
}

void TestPoller::everyGoodAnswerIsConfirmed()
{
    m_server->addTask(plan(QStringLiteral("video_c"), 100000));
    m_server->scriptFaults(QStringLiteral("video_c"), {DemoFault::InternalError});
    Poller* poller = makePoller();
    QStringList confirmed;
    connect(poller, &Poller::confirmed, this, [&confirmed](const QStringList& ids) { confirmed << ids; });
    QSignalSpy answered(poller, &Poller::answered);
    poller->addTask(QStringLiteral("video_c"));
    // The 500 is an answer but confirms nothing; the unchanged answers after it each confirm the state.
    QTRY_VERIFY(answered.size() >= 4);
    QCOMPARE(confirmed.size(), answered.size() - 1);
    QVERIFY(confirmed.size() > 1);
    QCOMPARE(QSet<QString>(confirmed.begin(), confirmed.end()), QSet<QString>{QStringLiteral("video_c")});
}

QTEST_GUILESS_MAIN(TestPoller)
#include "tst_poller.moc"

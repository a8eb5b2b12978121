// Following an account end to end over loopback: a profile runtime (and the monitor above it) over a
// real SQLite file and the demo server's list route. Renders started on the server appear within a
// base interval and never twice; removed ones stay removed; a seven-day window after an offline
// gap, across pages; a server without a list route and one that forbids it for the key end
// following with the reason; 429 and 401 on the list route pause or stop the whole profile.
#include "core/genericprovider.h"
#include "demo/demoserver.h"
#include "demoplans.h"
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "monitor/profileruntime.h"
#include "monitor/taskservice.h"
#include "net/accountfollower.h"
#include "providers/providerregistry.h"
#include "secrets/memorysecretstore.h"
#include "store/store.h"
#include "storeprofiles.h"

#include <memory>
#include <QDateTime>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Reelwatch;

namespace {

const QByteArray kSecret = QByteArrayLiteral("sk-test-FOLLOW-4242");
constexpr qint64 kIntervalMs = 300;
constexpr int kSettleMs = 15000;

DemoTaskPlan createdAgo(const QString& id, qint64 seconds)
{
    DemoTaskPlan plan = DemoPlans::finished(id, QStringLiteral("A render from ") + id);
    plan.createdSecondsAgo = seconds;
    return plan;
}

QStringList idsOf(const QSignalSpy& spy)
{
    QStringList ids;
    for (const QList<QVariant>& call : spy) {
        for (const VideoTask& task : call.at(0).value<QList<VideoTask>>())
            ids << task.id;
    }
    return ids;
}

} // namespace

class TestFollow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void newRendersAppearWithinAnIntervalAndNeverTwice();
    void removedFollowedTasksStayRemoved();
    void aWeekWindowClosesTheGapAfterBeingOffline();
    void aWalkPastThePageCapGoesOnInTheNextRound();
    void withoutAListRouteFollowingEndsWithTheReason();
    void aForbiddenListRouteEndsFollowingWithoutALoop();
    void aRateLimitOnTheListPausesTheWholeProfile();
    void aRejectedKeyStopsTheProfileUntilTheKeyChanges();
    void followingFromTheProfileAddsRendersToTheBoardAndTurnsItselfOff();

private:
    std::unique_ptr<ProfileRuntime> makeRuntime();
    void startFollowing(ProfileRuntime& runtime, qint64 windowStartMs);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<DemoServer> m_server;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<QNetworkAccessManager> m_network;
    qint64 m_profileId = 0;
};

void TestFollow::initTestCase()
{
    qputenv("REELWATCH_POLL_LIMITS", "testing"); // loopback only: intervals of a few hundred ms
    qRegisterMetaType<QList<VideoTask>>();
}

void TestFollow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<DemoServer>();
    m_server->setFlavour(DemoFlavour::OpenAI);
    m_server->setRequiredSecret(kSecret);
    QVERIFY(m_server->listen());
    m_store = std::make_unique<Store>();
    QString error;
    QVERIFY2(m_store->open(m_dir->filePath(QStringLiteral("tasks.db")), &error), qPrintable(error));
    QVERIFY2(TestProfiles::addIdleProfile(*m_store, &error), qPrintable(error));
    Profile profile = *m_store->defaultProfile();
    profile.baseUrl = m_server->baseUrl();
    profile.poll.baseIntervalMs = kIntervalMs;
    profile.poll.maxIntervalMs = 1000;
    QVERIFY2(m_store->updateProfile(profile, &error), qPrintable(error));
    m_profileId = profile.id;
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestFollow::cleanup()
{
    m_network.reset();
    m_store.reset();
    m_server.reset();
    m_dir.reset();
}

std::unique_ptr<ProfileRuntime> TestFollow::makeRuntime()
{
    ProfileRuntime::Options options;
    options.endpoint = ApiEndpoint(m_server->baseUrl(), GenericProvider::shared(), AuthMode::Bearer);
    options.poll = m_store->profile(m_profileId)->poll;
    options.store = m_store.get();
    options.profileId = m_profileId;
    auto runtime = std::make_unique<ProfileRuntime>(m_network.get(), nullptr, options);
    runtime->setSecret(kSecret);
    return runtime;
}

void TestFollow::startFollowing(ProfileRuntime& runtime, qint64 windowStartMs)
{
    QString why;
    QVERIFY2(runtime.startFollowing(
                 kIntervalMs, [windowStartMs](qint64) { return windowStartMs; }, &why),
             qPrintable(why));
    QVERIFY(runtime.isFollowing());
}

void TestFollow::newRendersAppearWithinAnIntervalAndNeverTwice()
{
    // Renders of the account from before following began are not added.
    for (int i = 0; i < 3; ++i)
        m_server->addTask(createdAgo(QStringLiteral("video_before_%1").arg(i), 3600));
    std::unique_ptr<ProfileRuntime> runtime = makeRuntime();
    QSignalSpy followed(runtime.get(), &ProfileRuntime::tasksFollowed);
    startFollowing(*runtime, QDateTime::currentMSecsSinceEpoch() - 2000);
    QTRY_VERIFY(runtime->follower()->stats().rounds >= 2);
    QCOMPARE(followed.size(), 0);

    m_server->addTask(DemoPlans::rendering(QStringLiteral("video_started_elsewhere")));
    QElapsedTimer clock;
    clock.start();
    QTRY_COMPARE_WITH_TIMEOUT(followed.size(), 1, kSettleMs);
    // Within a base interval (and the request's own time, on a busy machine).
    QVERIFY2(clock.elapsed() < kIntervalMs * 4, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(idsOf(followed), QStringList{QStringLiteral("video_started_elsewhere")});
    const std::optional<StoredTask> stored = m_store->task(m_profileId, QStringLiteral("video_started_elsewhere"));
    QVERIFY(stored);
    QVERIFY(stored->followed);
    QVERIFY(stored->last); // the list's state is stored at once
    QVERIFY(runtime->poller()->schedule().task(QStringLiteral("video_started_elsewhere")));

    // Three at once, newest first in the list: reported oldest first (one page), each once.
    for (int i = 0; i < 3; ++i)
        m_server->addTask(DemoPlans::rendering(QStringLiteral("video_burst_%1").arg(i)));
    QTRY_COMPARE_WITH_TIMEOUT(idsOf(followed).size(), 4, kSettleMs);
    const int roundsThen = runtime->follower()->stats().rounds;
    QTRY_VERIFY(runtime->follower()->stats().rounds >= roundsThen + 3);
    QCOMPARE(idsOf(followed),
             (QStringList{QStringLiteral("video_started_elsewhere"), QStringLiteral("video_burst_0"),
                          QStringLiteral("video_burst_1"), QStringLiteral("video_burst_2")}));
    QCOMPARE(m_store->tasks(m_profileId).size(), 4);
    // Nothing new: one list page per round, nothing more.
    QCOMPARE(runtime->follower()->stats().listRequests, runtime->follower()->stats().rounds);
}

void TestFollow::removedFollowedTasksStayRemoved()
{
    std::unique_ptr<ProfileRuntime> runtime = makeRuntime();
    QSignalSpy followed(runtime.get(), &ProfileRuntime::tasksFollowed);
    startFollowing(*runtime, QDateTime::currentMSecsSinceEpoch() - 2000);
    m_server->addTask(DemoPlans::finished(QStringLiteral("video_unwanted")));
    QTRY_COMPARE_WITH_TIMEOUT(followed.size(), 1, kSettleMs);
    runtime.reset();
    QString error;
    QCOMPARE(m_store->removeTasks(m_profileId, {QStringLiteral("video_unwanted")}, &error), 1);
    QCOMPARE(m_store->dismissedTaskIds(m_profileId), QSet<QString>{QStringLiteral("video_unwanted")});

    // A new run, with a window that covers it: the removed one stays away, a new one comes.
    runtime = makeRuntime();
    QSignalSpy again(runtime.get(), &ProfileRuntime::tasksFollowed);
    startFollowing(*runtime, QDateTime::currentMSecsSinceEpoch() - 7LL * 24 * 3600 * 1000);
    m_server->addTask(DemoPlans::finished(QStringLiteral("video_wanted")));
    QTRY_COMPARE_WITH_TIMEOUT(again.size(), 1, kSettleMs);
    QCOMPARE(idsOf(again), QStringList{QStringLiteral("video_wanted")});
    QVERIFY(!m_store->task(m_profileId, QStringLiteral("video_unwanted")));
    // Any task the user removes is remembered; adding it by hand again is wanting it again.
    QVERIFY(m_store->addTasks(m_profileId, {QStringLiteral("video_by_hand")}, QString(), &error));
    QCOMPARE(m_store->removeTasks(m_profileId, {QStringLiteral("video_by_hand")}, &error), 1);
    QVERIFY(m_store->dismissedTaskIds(m_profileId).contains(QStringLiteral("video_by_hand")));
    QVERIFY(m_store->addTasks(m_profileId, {QStringLiteral("video_unwanted")}, QString(), &error));
    QVERIFY(!m_store->dismissedTaskIds(m_profileId).contains(QStringLiteral("video_unwanted")));
}

void TestFollow::aWeekWindowClosesTheGapAfterBeingOffline()
{
    // Offline for days: 9 days ago (outside the window), then 130 renders two days ago, then today's.
    for (int i = 0; i < 5; ++i)
        m_server->addTask(createdAgo(QStringLiteral("video_old_%1").arg(i), 9 * 24 * 3600));
    for (int i = 0; i < 130; ++i)
        m_server->addTask(createdAgo(QStringLiteral("video_gap_%1").arg(i, 3, 10, QLatin1Char('0')), 2 * 24 * 3600));
    m_server->addTask(createdAgo(QStringLiteral("video_today"), 60));
    std::unique_ptr<ProfileRuntime> runtime = makeRuntime();
    QSignalSpy followed(runtime.get(), &ProfileRuntime::tasksFollowed);
    startFollowing(*runtime, QDateTime::currentMSecsSinceEpoch() - 7LL * 24 * 3600 * 1000);
    QTRY_COMPARE_WITH_TIMEOUT(idsOf(followed).size(), 131, kSettleMs);
    const QStringList ids = idsOf(followed);
    QVERIFY(ids.contains(QStringLiteral("video_gap_000")));
    QVERIFY(ids.contains(QStringLiteral("video_today")));
    QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), 131); // none twice
    // Each page's finds come as they are read, oldest first within the page.
    for (const QList<QVariant>& call : followed) {
        const QList<VideoTask> tasks = call.at(0).value<QList<VideoTask>>();
        for (qsizetype i = 1; i < tasks.size(); ++i)
            QVERIFY(*tasks.at(i - 1).createdAt <= *tasks.at(i).createdAt);
    }
    QVERIFY(followed.size() >= 3); // three pages of 50
    for (const QString& id : ids)
        QVERIFY2(!id.startsWith(QLatin1String("video_old_")), qPrintable(id));
    // Three pages of 50 in that round, and one page a round after it.
    QVERIFY(runtime->follower()->stats().listRequests >= 3);
    const int requests = runtime->follower()->stats().listRequests;
    const int rounds = runtime->follower()->stats().rounds;
    QTRY_VERIFY(runtime->follower()->stats().rounds >= rounds + 2);
    QCOMPARE(runtime->follower()->stats().listRequests - requests, runtime->follower()->stats().rounds - rounds);
    QCOMPARE(idsOf(followed).size(), 131);
}

void TestFollow::aWalkPastThePageCapGoesOnInTheNextRound()
{
    const int count = AccountFollower::kMaxPagesPerRound * AccountFollower::kPageSize + 120;
    for (int i = 0; i < count; ++i)
        m_server->addTask(createdAgo(QStringLiteral("video_many_%1").arg(i, 5, 10, QLatin1Char('0')), 3600));
    std::unique_ptr<ProfileRuntime> runtime = makeRuntime();
    QSignalSpy followed(runtime.get(), &ProfileRuntime::tasksFollowed);
    startFollowing(*runtime, QDateTime::currentMSecsSinceEpoch() - 7LL * 24 * 3600 * 1000);
    QTRY_COMPARE_WITH_TIMEOUT(idsOf(followed).size(), count, 60000);
    QVERIFY(runtime->follower()->stats().rounds >= 2);
    const QStringList ids = idsOf(followed);
    QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), count);
}

void TestFollow::withoutAListRouteFollowingEndsWithTheReason()
{
    m_server->setListSupported(false);
    std::unique_ptr<ProfileRuntime> runtime = makeRuntime();
    QSignalSpy stopped(runtime.get(), &ProfileRuntime::followingStopped);
    startFollowing(*runtime, 0);
    QTRY_COMPARE_WITH_TIMEOUT(stopped.size(), 1, kSettleMs);
    QVERIFY2(stopped.first().first().toString().contains(QLatin1String("HTTP 404")),
             qPrintable(stopped.first().first().toString()));
    QVERIFY(!runtime->isFollowing());
    QTest::qWait(int(kIntervalMs * 3));
    QCOMPARE(runtime->follower()->stats().listRequests, 1);

    // A provider with no list route at all cannot follow, and says why at once.
    ProfileRuntime::Options options;
    options.endpoint = ApiEndpoint(m_server->nativeBaseUrl(QStringLiteral("runway")),
                                   ProviderRegistry::builtIns().find(QStringLiteral("runway")), AuthMode::Bearer);
    ProfileRuntime runway(m_network.get(), nullptr, options);
    QVERIFY(!runway.follower());
    QString why;
    QVERIFY(!runway.startFollowing(
        kIntervalMs, [](qint64) { return qint64(0); }, &why));
    QVERIFY2(why.contains(QLatin1String("cannot list")), qPrintable(why));
}

void TestFollow::aForbiddenListRouteEndsFollowingWithoutALoop()
{
    m_server->setListForbidden(true);
    std::unique_ptr<ProfileRuntime> runtime = makeRuntime();
    QSignalSpy stopped(runtime.get(), &ProfileRuntime::followingStopped);
    startFollowing(*runtime, 0);
    QTRY_COMPARE_WITH_TIMEOUT(stopped.size(), 1, kSettleMs);
    QVERIFY2(stopped.first().first().toString().contains(QLatin1String("403")),
             qPrintable(stopped.first().first().toString()));
    QTest::qWait(int(kIntervalMs * 4));
    QCOMPARE(m_server->requestCountFor(QStringLiteral("/v1/videos")), 1);
    // Only listing is refused: the profile itself goes on.
    QCOMPARE(runtime->poller()->state(), ProfileState::Polling);
}

void TestFollow::aRateLimitOnTheListPausesTheWholeProfile()
{
    m_server->scriptListFaults({DemoFault::RateLimited}); // 429 with Retry-After: 2
    std::unique_ptr<ProfileRuntime> runtime = makeRuntime();
    QSignalSpy followed(runtime.get(), &ProfileRuntime::tasksFollowed);
    startFollowing(*runtime, QDateTime::currentMSecsSinceEpoch() - 2000);
    QTRY_COMPARE_WITH_TIMEOUT(runtime->poller()->state(), ProfileState::RateLimited, kSettleMs);
    // The pause holds for the status requests too.
    runtime->poller()->addTask(QStringLiteral("video_waiting"));
    m_server->addTask(DemoPlans::rendering(QStringLiteral("video_waiting")));
    m_server->addTask(DemoPlans::rendering(QStringLiteral("video_after_the_pause")));
    QTest::qWait(1000);
    QCOMPARE(m_server->requestCountFor(QStringLiteral("/v1/videos/video_waiting")), 0);
    QCOMPARE(runtime->follower()->stats().listRequests, 1);
    // After it, following goes on and finds what started meanwhile.
    QTRY_VERIFY_WITH_TIMEOUT(idsOf(followed).contains(QStringLiteral("video_after_the_pause")), kSettleMs);
    QVERIFY(!idsOf(followed).contains(QStringLiteral("video_waiting"))); // polled already: known
}

void TestFollow::aRejectedKeyStopsTheProfileUntilTheKeyChanges()
{
    // A 401 before the list ever worked is a gateway that forbids listing: following ends, polling not.
    m_server->scriptListFaults({DemoFault::Unauthorized});
    {
        std::unique_ptr<ProfileRuntime> runtime = makeRuntime();
        QSignalSpy stopped(runtime.get(), &ProfileRuntime::followingStopped);
        startFollowing(*runtime, 0);
        QTRY_COMPARE_WITH_TIMEOUT(stopped.size(), 1, kSettleMs);
        QVERIFY(stopped.first().first().toString().contains(QLatin1String("401")));
        QCOMPARE(runtime->poller()->state(), ProfileState::Polling);
    }
    // Once it has worked, a 401 is about the key: the whole profile stops until it changes.
    std::unique_ptr<ProfileRuntime> runtime = makeRuntime();
    QSignalSpy followed(runtime.get(), &ProfileRuntime::tasksFollowed);
    startFollowing(*runtime, QDateTime::currentMSecsSinceEpoch() - 2000);
    QTRY_VERIFY(runtime->follower()->stats().rounds >= 2); // the first page has been read
    QCOMPARE(runtime->follower()->stats().failures, 0);
    QSignalSpy stoppedLater(runtime.get(), &ProfileRuntime::followingStopped);
    m_server->scriptListFaults({DemoFault::Unauthorized});
    QTRY_VERIFY_WITH_TIMEOUT(runtime->poller()->state() == ProfileState::KeyRejected || !stoppedLater.isEmpty(),
                             kSettleMs);
    QVERIFY2(stoppedLater.isEmpty(), qPrintable(stoppedLater.value(0).value(0).toString()));
    QCOMPARE(runtime->poller()->state(), ProfileState::KeyRejected);
    const int requestsThen = runtime->follower()->stats().listRequests;
    m_server->addTask(DemoPlans::rendering(QStringLiteral("video_after_new_key")));
    QTest::qWait(int(kIntervalMs * 4));
    QCOMPARE(runtime->follower()->stats().listRequests, requestsThen); // nothing more until the key changes
    QVERIFY(runtime->isFollowing());
    runtime->setSecret(kSecret); // the user enters the key again
    QTRY_COMPARE_WITH_TIMEOUT(idsOf(followed), QStringList{QStringLiteral("video_after_new_key")}, kSettleMs);
}

void TestFollow::followingFromTheProfileAddsRendersToTheBoardAndTurnsItselfOff()
{
    MemorySecretStore secrets;
    QVERIFY(secrets.writeNow(m_store->profile(m_profileId)->keychainId, kSecret).ok());
    Monitor monitor(m_store.get(), &secrets);
    monitor.start();
    QTRY_COMPARE(monitor.profiles()->keySource(m_profileId), ProfileManager::KeySource::Keychain);
    QSignalSpy added(monitor.tasks(), &TaskService::tasksAdded);
    QSignalSpy stopped(monitor.profiles(), &ProfileManager::followingStopped);

    Profile profile = *monitor.profiles()->profile(m_profileId);
    profile.follow = FollowMode::NewRenders;
    QString error;
    QVERIFY2(monitor.profiles()->updateProfile(profile, &error), qPrintable(error));
    QCOMPARE(m_store->profile(m_profileId)->follow, FollowMode::NewRenders);
    QVERIFY(monitor.profiles()->runtime(m_profileId)->isFollowing());
    const qint64 since = m_store->profile(m_profileId)->followSinceMs;
    QVERIFY(since > QDateTime::currentMSecsSinceEpoch() - 10000); // counted from now
    m_server->addTask(DemoPlans::rendering(QStringLiteral("video_from_the_web")));
    QTRY_VERIFY_WITH_TIMEOUT(!added.isEmpty(), kSettleMs);
    const QList<StoredTask> tasks = added.first().first().value<QList<StoredTask>>();
    QCOMPARE(tasks.size(), 1);
    QCOMPARE(tasks.first().taskId, QStringLiteral("video_from_the_web"));
    QVERIFY(tasks.first().followed);

    // A key that may not list: following turns itself off, saved, with the reason.
    m_server->setListForbidden(true);
    profile = *monitor.profiles()->profile(m_profileId);
    profile.follow = FollowMode::LastDays;
    QVERIFY2(monitor.profiles()->updateProfile(profile, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(stopped.size(), 1, kSettleMs);
    QCOMPARE(stopped.first().at(0).toLongLong(), m_profileId);
    QVERIFY(stopped.first().at(1).toString().contains(QLatin1String("403")));
    QCOMPARE(m_store->profile(m_profileId)->follow, FollowMode::Off);
    QCOMPARE(monitor.profiles()->profile(m_profileId)->follow, FollowMode::Off);
}

QTEST_MAIN(TestFollow)
#include "tst_follow.moc"

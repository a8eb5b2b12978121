// Profile management in the running monitor, over a real store, real loopback HTTP against the demo
// server and the in-memory key store: a profile added while running polls, a changed server or auth
// mode takes effect at once with the same tasks and key, a removed profile takes its tasks and key
// with it and sends nothing more; "Test connection" reports what the server really answered.

#include "core/genericprovider.h"
#include "demo/demoserver.h"
#include "demoplans.h"
#include "monitor/connectiontester.h"
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "monitor/taskservice.h"
#include "secrets/memorysecretstore.h"
#include "store/store.h"
#include "storeprofiles.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Reelwatch;

namespace {

const QByteArray kKey = QByteArrayLiteral("sk-monitor-test-7c41e0b29d5a8f36");
const QString kTask = QStringLiteral("video_monitor_long_render");

// Polled about once a second (the store's floor), with a render that outlasts every test.
PollSettings briskPolling()
{
    PollSettings poll;
    poll.baseIntervalMs = 1000;
    poll.maxIntervalMs = 1000;
    poll.maxRequestsPerSecond = 20;
    return poll;
}

QString statusPath(const QString& taskId, AuthMode mode = AuthMode::Bearer)
{
    return (mode == AuthMode::Token ? QStringLiteral("/api/videos/") : QStringLiteral("/v1/videos/")) + taskId;
}

} // namespace

class TestMonitor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void addedProfilePollsOnceItHasAKey();
    void newBaseUrlPollsTheNewServerWithTheSameTasksAndKey();
    void newAuthModeUsesTheOtherRoute();
    void newPollSettingsApplyToTheRunningPoller();
    void removedProfileTakesItsTasksAndKeyAndStopsPolling();
    void lastProfileCannotBeRemoved();
    void invalidChangesAreRefusedWithTheReason();
    void defaultProfileCanChange();
    void refreshRevivesATaskGivenUpOn();
    void archivedTasksAreNotPolled();

    void testConnectionWithADummyId();
    void testConnectionWithAKnownTask();
    void testConnectionReportsARejectedKeyWithoutTheKey();
    void testConnectionReportsFaults();
    void testConnectionWordsForEveryKind();

private:
    Profile addDemoProfile(DemoServer& server, const QString& name, AuthMode mode = AuthMode::Bearer);
    Profile withKeyAndTask(Profile profile, const QString& taskId = kTask);
    ConnectionTestResult runTest(qint64 profileId, const QString& baseUrl, AuthMode mode, const QByteArray& secret);

    Store* m_store = nullptr;
    MemorySecretStore* m_secrets = nullptr;
    Monitor* m_monitor = nullptr;
    DemoServer* m_server = nullptr;
    DemoServer* m_other = nullptr;
};

void TestMonitor::initTestCase()
{
    // Keys come from the key store here, never from the environment of whoever runs the tests.
    qunsetenv("REELWATCH_API_KEY");
    qunsetenv("REELWATCH_TOKEN");
}

void TestMonitor::init()
{
    m_store = new Store;
    QString error;
    QVERIFY2(m_store->open(QStringLiteral(":memory:"), &error), qPrintable(error));
    QVERIFY(TestProfiles::addIdleProfile(*m_store, &error)); // "OpenAI": never polled here, it has no key
    m_secrets = new MemorySecretStore;
    m_server = new DemoServer;
    m_other = new DemoServer;
    QVERIFY(m_server->listen());
    QVERIFY(m_other->listen());
    m_server->setListSupported(false);
    m_other->setListSupported(false);
    m_server->addTask(DemoPlans::rendering(kTask));
    m_other->addTask(DemoPlans::rendering(kTask));
    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
}

void TestMonitor::cleanup()
{
    delete m_monitor;
    delete m_server;
    delete m_other;
    delete m_secrets;
    delete m_store;
    m_monitor = nullptr;
}

Profile TestMonitor::addDemoProfile(DemoServer& server, const QString& name, AuthMode mode)
{
    QString error;
    QSignalSpy changed(m_monitor->profiles(), &ProfileManager::profilesChanged);
    const std::optional<Profile> added = m_monitor->profiles()->addProfile(
        name, QStringLiteral("openai"), server.baseUrl().toString(), mode, briskPolling(), &error);
    if (!added) {
        qWarning("addProfile: %s", qPrintable(error));
        return {};
    }
    if (changed.count() != 1)
        qWarning("profilesChanged was not emitted once");
    return *added;
}

Profile TestMonitor::withKeyAndTask(Profile profile, const QString& taskId)
{
    bool stored = false;
    m_monitor->profiles()->storeKey(profile.id, kKey, this, [&stored](bool ok, const QString&) { stored = ok; });
    if (!QTest::qWaitFor([&] { return stored; }))
        qWarning("the key was not stored");
    QString error;
    if (!m_monitor->tasks()->add(profile.id, {taskId}, QString(), &error).has_value())
        qWarning("addTasks: %s", qPrintable(error));
    return profile;
}

ConnectionTestResult TestMonitor::runTest(qint64 profileId, const QString& baseUrl, AuthMode mode,
                                          const QByteArray& secret)
{
    std::optional<ConnectionTestResult> outcome;
    m_monitor->connectionTester()->test(profileId, QStringLiteral("openai"), baseUrl, mode, secret, this,
                                        [&outcome](const ConnectionTestResult& result) { outcome = result; });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 20000))
        return {false, QStringLiteral("no outcome")};
    return *outcome;
}

void TestMonitor::refreshRevivesATaskGivenUpOn()
{
    // A gateway that does not know a new task yet: two "not found" answers and it is given up.
    const QString lateTask = QStringLiteral("video_registered_late");
    const Profile profile = withKeyAndTask(addDemoProfile(*m_server, QStringLiteral("Late")), lateTask);
    QTRY_VERIFY_WITH_TIMEOUT(m_store->task(profile.id, lateTask)->gaveUp, 15000);
    const int askedBefore = m_server->requestCountFor(statusPath(lateTask));
    QTest::qWait(2500);
    QCOMPARE(m_server->requestCountFor(statusPath(lateTask)), askedBefore); // given up: not asked again

    m_server->addTask(DemoPlans::rendering(lateTask));
    m_monitor->tasks()->refresh({{profile.id, lateTask}});
    QTRY_VERIFY(m_server->requestCountFor(statusPath(lateTask)) > askedBefore);
    QTRY_VERIFY(m_store->task(profile.id, lateTask)->last.has_value());
    QVERIFY(!m_store->task(profile.id, lateTask)->gaveUp);
}

void TestMonitor::archivedTasksAreNotPolled()
{
    const Profile profile = withKeyAndTask(addDemoProfile(*m_server, QStringLiteral("Archive")));
    QTRY_VERIFY(m_server->requestCountFor(statusPath(kTask)) >= 1);
    QString error;
    QVERIFY2(m_monitor->tasks()->setArchived({{profile.id, kTask}}, true, &error), qPrintable(error));
    QVERIFY(m_store->task(profile.id, kTask)->archived);
    QTest::qWait(500); // an answer already in flight may still arrive
    const int askedWhenArchived = m_server->requestCountFor(statusPath(kTask));
    QTest::qWait(2500);
    QCOMPARE(m_server->requestCountFor(statusPath(kTask)), askedWhenArchived);

    QVERIFY2(m_monitor->tasks()->setArchived({{profile.id, kTask}}, false, &error), qPrintable(error));
    QTRY_VERIFY(m_server->requestCountFor(statusPath(kTask)) > askedWhenArchived);
}

void TestMonitor::addedProfilePollsOnceItHasAKey()
{
    const Profile profile = addDemoProfile(*m_server, QStringLiteral("Demo"));
    QVERIFY(profile.id > 0);
    QCOMPARE(m_monitor->profiles()->profiles().size(), 2);
    QCOMPARE(m_store->profile(profile.id)->poll.baseIntervalMs, 1000);
    QVERIFY(m_monitor->profiles()->poller(profile.id));
    QTRY_COMPARE(m_monitor->profiles()->keySource(profile.id), ProfileManager::KeySource::Missing);

    withKeyAndTask(profile);
    QCOMPARE(m_monitor->profiles()->keySource(profile.id), ProfileManager::KeySource::Keychain);
    QTRY_VERIFY(m_server->requestCountFor(statusPath(kTask)) >= 2);
    QCOMPARE(m_server->recentRequests().last().authorization, QByteArrayLiteral("Bearer ") + kKey);
    QTRY_COMPARE(m_store->task(profile.id, kTask)->last.has_value(), true); // answers are recorded
}

void TestMonitor::newBaseUrlPollsTheNewServerWithTheSameTasksAndKey()
{
    Profile profile = withKeyAndTask(addDemoProfile(*m_server, QStringLiteral("Moving")));
    QTRY_VERIFY(m_server->requestCountFor(statusPath(kTask)) >= 1);
    QCOMPARE(m_other->requestCount(), 0);

    profile.baseUrl = m_other->baseUrl();
    QString error;
    QSignalSpy changed(m_monitor->profiles(), &ProfileManager::profilesChanged);
    QVERIFY2(m_monitor->profiles()->updateProfile(profile, &error), qPrintable(error));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_monitor->profiles()->profile(profile.id)->baseUrl, m_other->baseUrl());
    QCOMPARE(m_store->profile(profile.id)->baseUrl, m_other->baseUrl());
    QCOMPARE(m_monitor->profiles()->keySource(profile.id), ProfileManager::KeySource::Keychain); // the key stays
    QVERIFY(m_monitor->profiles()->poller(profile.id)->schedule().contains(kTask)); // and so do the tasks

    const int oldServerCount = m_server->requestCount();
    QTRY_VERIFY(m_other->requestCountFor(statusPath(kTask)) >= 2);
    QCOMPARE(m_other->recentRequests().last().authorization, QByteArrayLiteral("Bearer ") + kKey);
    // Two polls of the new server span a full interval: the old one heard nothing in that time.
    QCOMPARE(m_server->requestCount(), oldServerCount);
}

void TestMonitor::newAuthModeUsesTheOtherRoute()
{
    Profile profile = withKeyAndTask(addDemoProfile(*m_server, QStringLiteral("Gateway")));
    QTRY_VERIFY(m_server->requestCountFor(statusPath(kTask)) >= 1);
    profile.authMode = AuthMode::Token;
    QString error;
    QVERIFY2(m_monitor->profiles()->updateProfile(profile, &error), qPrintable(error));
    QTRY_VERIFY(m_server->requestCountFor(statusPath(kTask, AuthMode::Token)) >= 1);
    // Same keychain entry, so the same secret, now in the token header.
    QTRY_COMPARE(m_server->recentRequests().last().token, kKey);
    QVERIFY(m_server->recentRequests().last().authorization.isEmpty());
}

void TestMonitor::newPollSettingsApplyToTheRunningPoller()
{
    Profile profile = withKeyAndTask(addDemoProfile(*m_server, QStringLiteral("Tuned")));
    Poller* poller = m_monitor->profiles()->poller(profile.id);
    profile.poll.baseIntervalMs = 30000;
    profile.poll.maxIntervalMs = 120000;
    profile.poll.maxInFlight = 2;
    profile.poll.maxRequestsPerSecond = 1.5;
    QString error;
    QVERIFY2(m_monitor->profiles()->updateProfile(profile, &error), qPrintable(error));
    QCOMPARE(m_monitor->profiles()->poller(profile.id), poller); // changed in place
    QCOMPARE(poller->settings().baseIntervalMs, 30000);
    QCOMPARE(poller->settings().maxIntervalMs, 120000);
    QCOMPARE(poller->settings().maxInFlight, 2);
    QCOMPARE(poller->settings().maxRequestsPerSecond, 1.5);
    QCOMPARE(m_store->profile(profile.id)->poll.maxInFlight, 2);
    // Out-of-range values are clamped by the store, and the poller gets what the store kept.
    profile.poll.maxInFlight = 1000;
    QVERIFY(m_monitor->profiles()->updateProfile(profile, &error));
    QCOMPARE(poller->settings().maxInFlight, 64);
}

void TestMonitor::removedProfileTakesItsTasksAndKeyAndStopsPolling()
{
    const Profile profile = withKeyAndTask(addDemoProfile(*m_server, QStringLiteral("Gone")));
    QTRY_VERIFY(m_server->requestCountFor(statusPath(kTask)) >= 1);
    QVERIFY(m_secrets->readNow(profile.keychainId).ok());

    QSignalSpy removed(m_monitor->profiles(), &ProfileManager::profileRemoved);
    QString error;
    QVERIFY2(m_monitor->profiles()->removeProfile(profile.id, &error), qPrintable(error));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.first().first().toLongLong(), profile.id);
    QVERIFY(!m_store->profile(profile.id));
    QVERIFY(m_store->tasks(profile.id).isEmpty());
    QVERIFY(!m_monitor->profiles()->poller(profile.id));
    QCOMPARE(m_monitor->profiles()->profiles().size(), 1);
    QTRY_COMPARE(m_secrets->readNow(profile.keychainId).status, SecretResult::Status::NotFound);

    // Nothing can announce a request that is never sent, so wait out more than two poll intervals.
    const int count = m_server->requestCount();
    QTest::qWait(2500);
    QCOMPARE(m_server->requestCount(), count);
}

void TestMonitor::lastProfileCannotBeRemoved()
{
    const qint64 only = m_monitor->profiles()->defaultProfileId();
    QString error;
    QVERIFY(!m_monitor->profiles()->removeProfile(only, &error));
    QVERIFY(error.contains(QStringLiteral("last profile")));
    QVERIFY(m_store->profile(only));
}

void TestMonitor::invalidChangesAreRefusedWithTheReason()
{
    QString error;
    QVERIFY(!m_monitor->profiles()->addProfile(QStringLiteral("Plain"), QStringLiteral("openai"),
                                               QStringLiteral("http://example.com"), AuthMode::Bearer, PollSettings(),
                                               &error));
    QVERIFY2(error.contains(QStringLiteral("http://")), qPrintable(error));
    QVERIFY(!m_monitor->profiles()->addProfile(QStringLiteral("openai"), QStringLiteral("openai"),
                                               QStringLiteral("https://example.com"), AuthMode::Bearer, PollSettings(),
                                               &error));
    QVERIFY2(error.contains(QStringLiteral("exists already")), qPrintable(error));
    QCOMPARE(m_store->profiles().size(), 1); // nothing half-added

    Profile profile = addDemoProfile(*m_server, QStringLiteral("Kept"));
    const QUrl before = profile.baseUrl;
    profile.baseUrl = QUrl(QStringLiteral("http://example.com"));
    QVERIFY(!m_monitor->profiles()->updateProfile(profile, &error));
    QVERIFY2(error.contains(QStringLiteral("http://")), qPrintable(error));
    QCOMPARE(m_monitor->profiles()->profile(profile.id)->baseUrl, before);
    QCOMPARE(m_store->profile(profile.id)->baseUrl, before);
}

void TestMonitor::defaultProfileCanChange()
{
    const Profile profile = addDemoProfile(*m_server, QStringLiteral("Second"));
    QVERIFY(m_monitor->profiles()->defaultProfileId() != profile.id);
    QString error;
    QVERIFY(m_monitor->profiles()->setDefaultProfile(profile.id, &error));
    QCOMPARE(m_monitor->profiles()->defaultProfileId(), profile.id);
    QCOMPARE(m_store->defaultProfile()->id, profile.id);
    QVERIFY(m_monitor->profiles()->profile(profile.id)->isDefault);
}

void TestMonitor::testConnectionWithADummyId()
{
    // A profile not saved yet: only the typed URL and key.
    ConnectionTestResult result = runTest(0, m_server->baseUrl().toString(), AuthMode::Bearer, kKey);
    QVERIFY2(result.connected, qPrintable(result.message));
    QCOMPARE(result.message,
             QStringLiteral("Connected: the server answered and accepted the key (the test ID does "
                            "not exist, as expected)"));
    QCOMPARE(m_server->recentRequests().last().path, statusPath(GenericProvider::shared()->exampleTaskId()));
    QCOMPARE(m_server->recentRequests().last().authorization, QByteArrayLiteral("Bearer ") + kKey);
    QCOMPARE(m_server->requestCount(), 1); // exactly one request

    result = runTest(0, m_server->baseUrl().toString(), AuthMode::Bearer, QByteArray());
    QVERIFY(result.connected);
    QVERIFY2(result.message.contains(QStringLiteral("without asking for a key")), qPrintable(result.message));

    result = runTest(0, QStringLiteral("http://example.com"), AuthMode::Bearer, kKey);
    QVERIFY(!result.connected);
    QVERIFY2(result.message.contains(QStringLiteral("http://")), qPrintable(result.message));
}

void TestMonitor::testConnectionWithAKnownTask()
{
    const Profile profile = withKeyAndTask(addDemoProfile(*m_server, QStringLiteral("Known")));
    // No key typed: the profile's own key is used, with its latest task.
    const ConnectionTestResult result = runTest(profile.id, m_server->baseUrl().toString(), AuthMode::Bearer, {});
    QVERIFY2(result.connected, qPrintable(result.message));
    QVERIFY2(result.message.startsWith(QStringLiteral("Connected: the status of %1 is ").arg(kTask)),
             qPrintable(result.message));
    bool sentWithKey = false;
    for (const DemoRequest& request : m_server->recentRequests())
        sentWithKey |= request.authorization == QByteArrayLiteral("Bearer ") + kKey;
    QVERIFY(sentWithKey);
}

void TestMonitor::testConnectionReportsARejectedKeyWithoutTheKey()
{
    m_server->setRequiredSecret(QByteArrayLiteral("sk-the-right-one-0000111122223333"));
    const QByteArray wrong = QByteArrayLiteral("sk-wrong-guess-9999888877776666");
    const ConnectionTestResult result = runTest(0, m_server->baseUrl().toString(), AuthMode::Bearer, wrong);
    QVERIFY(!result.connected);
    QVERIFY2(result.message.startsWith(QStringLiteral("The server rejected the key (HTTP 401): Incorrect API key")),
             qPrintable(result.message));
    QVERIFY(!result.message.contains(QString::fromLatin1(wrong)));
    QVERIFY(!result.message.contains(QStringLiteral("sk-"))); // not even the masked form the server quotes

    const ConnectionTestResult none = runTest(0, m_server->baseUrl().toString(), AuthMode::Token, {});
    QVERIFY(!none.connected);
    QVERIFY2(none.message.contains(QStringLiteral("none was entered or stored")), qPrintable(none.message));
}

void TestMonitor::testConnectionReportsFaults()
{
    const QString base = m_server->baseUrl().toString();
    const struct
    {
        QString taskId;
        QString expected;
    } cases[] = {
        {QStringLiteral("fault_html"), QStringLiteral("web page, not the video API")},
        {QStringLiteral("fault_500"), QStringLiteral("The server answered with an error (HTTP 500)")},
        {QStringLiteral("fault_502"), QStringLiteral("with an error (HTTP 502): 502 Bad Gateway")},
        {QStringLiteral("fault_429"), QStringLiteral("Connected, but the server is limiting requests")},
        {QStringLiteral("fault_truncated"), QStringLiteral("not the video API's")},
    };
    for (const auto& faultCase : cases) {
        // One profile per fault, each with that fault as its only (so latest) task.
        QString error;
        const std::optional<Profile> profile = m_monitor->profiles()->addProfile(
            faultCase.taskId, QStringLiteral("openai"), base, AuthMode::Bearer, briskPolling(), &error);
        QVERIFY2(profile, qPrintable(error));
        QVERIFY(m_store->addTasks(profile->id, {faultCase.taskId}, QString(), &error));
        const ConnectionTestResult result = runTest(profile->id, base, AuthMode::Bearer, kKey);
        QVERIFY2(result.message.contains(faultCase.expected), qPrintable(faultCase.taskId + ": " + result.message));
    }

    m_server->setSlowResponseMs(3000);
    m_monitor->connectionTester()->setTimeoutMs(300);
    QString error;
    const std::optional<Profile> slow = m_monitor->profiles()->addProfile(
        QStringLiteral("slow"), QStringLiteral("openai"), base, AuthMode::Bearer, briskPolling(), &error);
    QVERIFY(m_store->addTasks(slow->id, {QStringLiteral("fault_slow")}, QString(), &error));
    ConnectionTestResult result = runTest(slow->id, base, AuthMode::Bearer, kKey);
    QVERIFY(!result.connected);
    QVERIFY2(result.message.startsWith(QStringLiteral("The server did not answer in time")),
             qPrintable(result.message));

    // A port nobody listens on: take a free one and close it again.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    m_monitor->connectionTester()->setTimeoutMs(10000);
    result = runTest(0, QStringLiteral("http://127.0.0.1:%1").arg(port), AuthMode::Bearer, kKey);
    QVERIFY(!result.connected);
    QVERIFY2(result.message.contains(QStringLiteral("refused")), qPrintable(result.message));

    // https to a server that speaks plain http: the handshake fails.
    result = runTest(0, QStringLiteral("https://127.0.0.1:%1").arg(m_server->port()), AuthMode::Bearer, kKey);
    QVERIFY(!result.connected);
    QVERIFY2(result.message.contains(QStringLiteral("speak https")), qPrintable(result.message));
}

void TestMonitor::testConnectionWordsForEveryKind()
{
    // The words follow from the error's structure, never from searching another sentence.
    FetchResult result;
    result.requestedId = QStringLiteral("video_x");
    result.error = ApiError::of(ErrorKind::Network, ErrorReason::TransportFailed);
    result.error.host = QStringLiteral("nowhere.invalid");
    result.error.detail = QStringLiteral("Host nowhere.invalid not found");
    result.error.transport = TransportFailure::HostNotFound;
    QVERIFY(ConnectionTester::describe(result, false, true).message.contains(QStringLiteral("(DNS)")));
    result.error.transport = TransportFailure::Tls;
    result.error.detail = QStringLiteral("the handshake went wrong"); // no "SSL" to find in the words
    QVERIFY(ConnectionTester::describe(result, false, true).message.contains(QStringLiteral("(TLS)")));
    result.error.transport = TransportFailure::Refused;
    QVERIFY(ConnectionTester::describe(result, false, true).message.contains(QStringLiteral("nothing is listening")));
    result.error.transport = TransportFailure::Other;
    result.error.detail = QStringLiteral("Connection refused by SSL proxy"); // misleading words change nothing
    const QString other = ConnectionTester::describe(result, false, true).message;
    QVERIFY2(other.startsWith(QStringLiteral("The server could not be reached")), qPrintable(other));

    result.error = ApiError::of(ErrorKind::NotFound, ErrorReason::TaskNotFound, 404);
    result.httpStatus = 404;
    const ConnectionTestResult known = ConnectionTester::describe(result, true, true);
    QVERIFY(known.connected);
    QVERIFY(known.message.contains(QStringLiteral("does not know video_x")));
    QVERIFY(known.message.contains(QStringLiteral("(HTTP 404)")));

    result.error = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::HtmlBody, 200, QStringLiteral("Sign in"));
    QVERIFY(ConnectionTester::describe(result, false, true).message.contains(QStringLiteral("web page")));
    result.error = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::InvalidJson, 200, QStringLiteral("HTML"));
    QVERIFY(!ConnectionTester::describe(result, false, true).message.contains(QStringLiteral("web page")));

    result.error = ApiError::of(ErrorKind::Unauthorized, ErrorReason::KeyRejected, 401, QStringLiteral("Bad key"));
    QCOMPARE(ConnectionTester::describe(result, false, true).message,
             QStringLiteral("The server rejected the key (HTTP 401): Bad key"));
    result.error.serverMessage.clear();
    QCOMPARE(ConnectionTester::describe(result, false, true).message,
             QStringLiteral("The server rejected the key (HTTP 401)."));

    result.error = ApiError::of(ErrorKind::TooLarge, ErrorReason::BodyTooLarge);
    result.error.limit = 1024 * 1024;
    QVERIFY(!ConnectionTester::describe(result, false, true).connected);
    result.error = {};
    result.task = VideoTask();
    result.task->status = TaskStatus::Success;
    QCOMPARE(ConnectionTester::describe(result, true, true).message,
             QStringLiteral("Connected: the status of video_x is Succeeded"));
    // The provider's own word where it says more than the name.
    result.task->rawStatus = QStringLiteral("completed");
    QCOMPARE(ConnectionTester::describe(result, true, true).message,
             QStringLiteral("Connected: the status of video_x is Succeeded (completed)"));
}

QTEST_GUILESS_MAIN(TestMonitor)
#include "tst_monitor.moc"

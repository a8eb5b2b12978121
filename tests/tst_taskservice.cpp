// The one write path for tasks: every edit through TaskService reaches the store, the profile's poller
// and, as a signal, whoever shows tasks. Over a real SQLite file, real loopback HTTP against the demo
// server and the in-memory key store.

#include "demo/demoserver.h"
#include "demoplans.h"
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "monitor/taskservice.h"
#include "net/poller.h"
#include "secrets/memorysecretstore.h"
#include "store/store.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Reelwatch;

namespace {

const QByteArray kKey = QByteArrayLiteral("sk-taskservice-test-5d2e7a90c1b34f68");

QStringList idsOf(const QList<StoredTask>& tasks)
{
    QStringList ids;
    for (const StoredTask& task : tasks)
        ids << task.taskId;
    return ids;
}

QStringList idsOf(const QList<TaskKey>& tasks)
{
    QStringList ids;
    for (const TaskKey& task : tasks)
        ids << task.taskId;
    return ids;
}

} // namespace

class TestTaskService : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void addStoresPollsAndSignals();
    void addingAnArchivedTaskAgainBringsItBack();
    void labelIsStoredTrimmedAndSignalled();
    void archiveStopsPollingAndIsSignalled();
    void removeWaitsForUndoOrCommit();
    void aSecondRemoveMakesTheFirstFinal();
    void removingAProfileIsSignalledOnce();
    void refreshSaysWhatHoldsItBack();
    void confirmationsAreStoredAndSignalled();
    void changesByAnotherProcessReachTheBoardAndThePoller();
    void anotherProcessNeverBringsBackARemovalAwaitingUndo();

private:
    Poller* poller() const { return m_monitor->profiles()->poller(m_profileId); }

    QTemporaryDir m_home;
    Store* m_store = nullptr;
    MemorySecretStore* m_secrets = nullptr;
    Monitor* m_monitor = nullptr;
    DemoServer* m_server = nullptr;
    TaskService* m_tasks = nullptr;
    qint64 m_profileId = 0;
};

void TestTaskService::initTestCase()
{
    qunsetenv("REELWATCH_API_KEY");
    qunsetenv("REELWATCH_TOKEN");
}

void TestTaskService::init()
{
    m_server = new DemoServer;
    QVERIFY(m_server->listen());
    m_server->setListSupported(false);
    m_store = new Store;
    QString error;
    QVERIFY2(m_store->open(m_home.filePath(QStringLiteral("tasks.sqlite3")), &error), qPrintable(error));
    std::optional<Profile> profile
        = m_store->addProfile(QStringLiteral("Demo"), m_server->baseUrl(), AuthMode::Bearer, &error);
    QVERIFY2(profile, qPrintable(error));
    profile->poll.baseIntervalMs = 1000;
    profile->poll.maxIntervalMs = 1000;
    QVERIFY(m_store->updateProfile(*profile, &error));
    m_profileId = profile->id;
    m_secrets = new MemorySecretStore;
    m_secrets->writeNow(profile->keychainId, kKey);
    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
    m_tasks = m_monitor->tasks();
    QTRY_VERIFY(m_monitor->profiles()->isPolling(m_profileId));
}

void TestTaskService::cleanup()
{
    delete m_monitor;
    delete m_secrets;
    delete m_store;
    delete m_server;
    m_monitor = nullptr;
    m_store = nullptr;
    QFile::remove(m_home.filePath(QStringLiteral("tasks.sqlite3")));
}

void TestTaskService::refreshSaysWhatHoldsItBack()
{
    const QString polled = QStringLiteral("video_service_refresh_01");
    const QString archived = QStringLiteral("video_service_refresh_02");
    const QString done = QStringLiteral("video_service_refresh_03");
    m_server->addTask(DemoPlans::rendering(polled));
    m_server->addTask(DemoPlans::rendering(archived));
    m_server->addTask(DemoPlans::finished(done));
    QString error;
    QVERIFY(m_tasks->add(m_profileId, {polled, archived, done}, QString(), &error));
    QVERIFY(m_tasks->setArchived({{m_profileId, archived}}, true, &error));
    QTRY_VERIFY(m_server->requestCountFor(QStringLiteral("/v1/videos/") + polled) >= 1);
    QTRY_VERIFY(m_store->task(m_profileId, done)->last.has_value());
    QTRY_COMPARE(poller()->schedule().inFlightCount(), 0);

    const int doneRequests = m_server->requestCountFor(QStringLiteral("/v1/videos/") + done);
    TaskService::RefreshOutcome outcome
        = m_tasks->refresh({{m_profileId, polled}, {m_profileId, archived}, {m_profileId, done}});
    QCOMPARE(outcome.asked, 1);
    QCOMPARE(outcome.notPolled, 1);
    QCOMPARE(outcome.notPolledReason, QStringLiteral("archived tasks are not polled"));
    // A finished task's status is final: it is said so, not counted as asked.
    QCOMPARE(outcome.finished, 1);
    QTRY_COMPARE(poller()->schedule().inFlightCount(), 0);
    QCOMPARE(m_server->requestCountFor(QStringLiteral("/v1/videos/") + done), doneRequests);

    // The server rate limits with a Retry-After: the refresh waits for it, and says how long.
    QTRY_COMPARE(poller()->schedule().inFlightCount(), 0);
    m_server->scriptFaults(polled, {DemoFault::RateLimited});
    m_tasks->refresh({{m_profileId, polled}});
    QTRY_COMPARE(poller()->state(), ProfileState::RateLimited);
    outcome = m_tasks->refresh({{m_profileId, polled}});
    QCOMPARE(outcome.asked, 0);
    QCOMPARE(outcome.rateLimited, 1);
    QVERIFY2(outcome.rateLimitWaitMs > 0, qPrintable(QString::number(outcome.rateLimitWaitMs)));

    m_monitor->profiles()->setPaused(true);
    outcome = m_tasks->refresh({{m_profileId, polled}});
    QCOMPARE(outcome.notPolled, 1);
    QCOMPARE(outcome.notPolledReason, QStringLiteral("polling is paused"));
}

void TestTaskService::confirmationsAreStoredAndSignalled()
{
    const QString id = QStringLiteral("video_service_confirm_01");
    m_server->addTask(DemoPlans::rendering(id));
    QSignalSpy confirmed(m_tasks, &TaskService::tasksConfirmed);
    QString error;
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(m_tasks->add(m_profileId, {id}, QString(), &error));
    // Unchanged answers confirm too: several within a few intervals.
    QTRY_VERIFY_WITH_TIMEOUT(confirmed.size() >= 2, 10000);
    QCOMPARE(confirmed.first().at(0).toLongLong(), m_profileId);
    QCOMPARE(confirmed.first().at(1).toStringList(), QStringList{id});
    const qint64 at = confirmed.last().at(2).toLongLong();
    QVERIFY(at >= before);
    // The store has it once the recorder's batch is written.
    QTRY_VERIFY(m_store->task(m_profileId, id)->checkedAtMs.value_or(0) >= confirmed.first().at(2).toLongLong());
}

void TestTaskService::addStoresPollsAndSignals()
{
    const QString id = QStringLiteral("video_service_add_01");
    m_server->addTask(DemoPlans::rendering(id));
    QSignalSpy added(m_tasks, &TaskService::tasksAdded);
    QString error;
    const auto outcome = m_tasks->add(m_profileId, {id}, QStringLiteral("  A boat  "), &error);
    QVERIFY2(outcome, qPrintable(error));
    QCOMPARE(outcome->added, QStringList{id});
    QCOMPARE(added.count(), 1);
    const QList<StoredTask> signalled = added.first().first().value<QList<StoredTask>>();
    QCOMPARE(idsOf(signalled), QStringList{id});
    QCOMPARE(signalled.first().label, QStringLiteral("A boat")); // as the store keeps it
    QVERIFY(m_store->task(m_profileId, id));
    QVERIFY(poller()->schedule().contains(id));
    QTRY_VERIFY(m_server->requestCountFor(QStringLiteral("/v1/videos/") + id) >= 1);

    // The same ID again adds nothing and says nothing.
    const auto again = m_tasks->add(m_profileId, {id}, QString(), &error);
    QVERIFY(again);
    QVERIFY(again->added.isEmpty());
    QCOMPARE(again->existing, QStringList{id});
    QCOMPARE(added.count(), 1);
}

void TestTaskService::addingAnArchivedTaskAgainBringsItBack()
{
    const QString id = QStringLiteral("video_service_revive_01");
    m_server->addTask(DemoPlans::rendering(id));
    QString error;
    QVERIFY(m_tasks->add(m_profileId, {id}, QString(), &error));
    QVERIFY(m_tasks->setArchived({{m_profileId, id}}, true, &error));
    QVERIFY(!poller()->schedule().contains(id));

    QSignalSpy changed(m_tasks, &TaskService::tasksChanged);
    QSignalSpy added(m_tasks, &TaskService::tasksAdded);
    const auto outcome = m_tasks->add(m_profileId, {id}, QString(), &error);
    QVERIFY2(outcome, qPrintable(error));
    QCOMPARE(outcome->revived, QStringList{id});
    QCOMPARE(added.count(), 0);
    QCOMPARE(changed.count(), 1);
    QVERIFY(!changed.first().first().value<QList<StoredTask>>().first().archived);
    QVERIFY(!m_store->task(m_profileId, id)->archived);
    QVERIFY(poller()->schedule().contains(id));

    // A script's `reelwatch add` handed to the window leaves it archived, as without a window.
    QVERIFY(m_tasks->setArchived({{m_profileId, id}}, true, &error));
    const auto kept = m_tasks->add(m_profileId, {id}, QString(), &error, TaskService::Archived::Keep);
    QVERIFY2(kept, qPrintable(error));
    QVERIFY(kept->revived.isEmpty());
    QVERIFY(m_store->task(m_profileId, id)->archived);
    QVERIFY(!poller()->schedule().contains(id));
}

void TestTaskService::labelIsStoredTrimmedAndSignalled()
{
    const QString id = QStringLiteral("video_service_label_01");
    QString error;
    QVERIFY(m_tasks->add(m_profileId, {id}, QString(), &error));
    QSignalSpy changed(m_tasks, &TaskService::tasksChanged);
    QVERIFY2(m_tasks->setLabel({m_profileId, id}, QStringLiteral("  Trailer cut "), &error), qPrintable(error));
    QCOMPARE(changed.count(), 1);
    const QList<StoredTask> signalled = changed.first().first().value<QList<StoredTask>>();
    QCOMPARE(signalled.first().label, QStringLiteral("Trailer cut"));
    QCOMPARE(m_store->task(m_profileId, id)->label, QStringLiteral("Trailer cut"));
}

void TestTaskService::archiveStopsPollingAndIsSignalled()
{
    const QString id = QStringLiteral("video_service_archive_01");
    m_server->addTask(DemoPlans::rendering(id));
    QString error;
    QVERIFY(m_tasks->add(m_profileId, {id}, QString(), &error));
    QSignalSpy changed(m_tasks, &TaskService::tasksChanged);
    QVERIFY(m_tasks->setArchived({{m_profileId, id}}, true, &error));
    QCOMPARE(changed.count(), 1);
    QVERIFY(changed.first().first().value<QList<StoredTask>>().first().archived);
    QVERIFY(!poller()->schedule().contains(id));
    QVERIFY(m_tasks->setArchived({{m_profileId, id}}, false, &error));
    QCOMPARE(changed.count(), 2);
    QVERIFY(poller()->schedule().contains(id));

    // An unknown profile is refused with the reason and changes nothing.
    QVERIFY(!m_tasks->setArchived({{m_profileId + 100, id}}, true, &error));
    QCOMPARE(error, QStringLiteral("no such profile"));
    QCOMPARE(changed.count(), 2);
}

void TestTaskService::removeWaitsForUndoOrCommit()
{
    const QStringList ids{QStringLiteral("video_service_remove_01"), QStringLiteral("video_service_remove_02")};
    QString error;
    QVERIFY(m_tasks->add(m_profileId, ids, QString(), &error));
    QSignalSpy removed(m_tasks, &TaskService::tasksRemoved);
    QSignalSpy added(m_tasks, &TaskService::tasksAdded);

    QCOMPARE(m_tasks->remove({{m_profileId, ids.at(0)}, {m_profileId, ids.at(1)}}), 2);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(idsOf(removed.first().first().value<QList<TaskKey>>()), ids);
    QVERIFY(m_tasks->hasPendingRemoval());
    QVERIFY(m_store->task(m_profileId, ids.at(0))); // still undoable

    const QList<StoredTask> restored = m_tasks->undoRemoval();
    QCOMPARE(idsOf(restored), ids);
    QCOMPARE(added.count(), 1);
    QVERIFY(!m_tasks->hasPendingRemoval());
    QVERIFY(m_tasks->commitRemoval(&error)); // nothing pending: nothing happens
    QVERIFY(m_store->task(m_profileId, ids.at(0)));

    QCOMPARE(m_tasks->remove({{m_profileId, ids.at(0)}}), 1);
    QVERIFY2(m_tasks->commitRemoval(&error), qPrintable(error));
    QVERIFY(!m_store->task(m_profileId, ids.at(0)));
    QVERIFY(m_store->task(m_profileId, ids.at(1)));
    QVERIFY(!poller()->schedule().contains(ids.at(0)));
    QVERIFY(m_tasks->undoRemoval().isEmpty()); // committed: nothing to undo
}

void TestTaskService::aSecondRemoveMakesTheFirstFinal()
{
    const QStringList ids{QStringLiteral("video_service_twice_01"), QStringLiteral("video_service_twice_02")};
    QString error;
    QVERIFY(m_tasks->add(m_profileId, ids, QString(), &error));
    QCOMPARE(m_tasks->remove({{m_profileId, ids.at(0)}}), 1);
    QCOMPARE(m_tasks->remove({{m_profileId, ids.at(1)}}), 1);
    QVERIFY(!m_store->task(m_profileId, ids.at(0)));
    QCOMPARE(idsOf(m_tasks->undoRemoval()), QStringList{ids.at(1)});
}

void TestTaskService::removingAProfileIsSignalledOnce()
{
    QString error;
    const std::optional<Profile> other
        = m_monitor->profiles()->addProfile(QStringLiteral("Other"), QStringLiteral("openai"),
                                            m_server->baseUrl().toString(), AuthMode::Bearer, PollSettings(), &error);
    QVERIFY2(other, qPrintable(error));
    QVERIFY(m_tasks->add(other->id, {QStringLiteral("video_service_other_01")}, QString(), &error));
    QCOMPARE(m_tasks->remove({{other->id, QStringLiteral("video_service_other_01")}}), 1);
    QSignalSpy gone(m_tasks, &TaskService::profileRemoved);
    QVERIFY2(m_monitor->profiles()->removeProfile(other->id, &error), qPrintable(error));
    QCOMPARE(gone.count(), 1);
    QCOMPARE(gone.first().first().toLongLong(), other->id);
    QVERIFY(m_tasks->undoRemoval().isEmpty()); // its pending removal went with it
    QCOMPARE(m_tasks->countForProfile(other->id), 0);
}

void TestTaskService::changesByAnotherProcessReachTheBoardAndThePoller()
{
    const QString kept = QStringLiteral("video_elsewhere_kept");
    const QString gone = QStringLiteral("video_elsewhere_gone");
    const QString fresh = QStringLiteral("video_elsewhere_new");
    const QString shelved = QStringLiteral("video_elsewhere_shelved");
    for (const QString& id : {kept, gone, fresh, shelved})
        m_server->addTask(DemoPlans::rendering(id));
    QString error;
    QVERIFY(m_tasks->add(m_profileId, {kept, gone, shelved}, QString(), &error));
    m_tasks->all(); // what the board starts from, as the window's does
    QSignalSpy added(m_tasks, &TaskService::tasksAdded);
    QSignalSpy removed(m_tasks, &TaskService::tasksRemoved);
    QSignalSpy changed(m_tasks, &TaskService::tasksChanged);

    // Another process (`reelwatch add`, `remove`, a second window's edit): its own connection to the file.
    Store other;
    QVERIFY2(other.open(m_store->path(), &error), qPrintable(error));
    // One transaction, so that the window sees it all at one check.
    const bool written = other.transaction(
        [&](QString* failure) {
            return other.addTasks(m_profileId, {fresh}, QStringLiteral("From a script"), failure)
                && other.removeTasks(m_profileId, {gone}, failure) == 1
                && other.setLabel(m_profileId, kept, QStringLiteral("Renamed elsewhere"), failure)
                && other.setArchived(m_profileId, {shelved}, true, failure);
        },
        &error);
    QVERIFY2(written, qPrintable(error));

    // Within a check of the store (StoreWatcher::kDefaultIntervalMs), with room to spare.
    QTRY_VERIFY_WITH_TIMEOUT(added.count() == 1 && removed.count() == 1 && changed.count() == 1, 15000);
    const QList<StoredTask> addedTasks = added.first().first().value<QList<StoredTask>>();
    QCOMPARE(idsOf(addedTasks), QStringList{fresh});
    QCOMPARE(addedTasks.first().label, QStringLiteral("From a script"));
    QCOMPARE(idsOf(removed.first().first().value<QList<TaskKey>>()), QStringList{gone});
    QList<StoredTask> changedTasks = changed.first().first().value<QList<StoredTask>>();
    std::sort(changedTasks.begin(), changedTasks.end(),
              [](const StoredTask& a, const StoredTask& b) { return a.taskId < b.taskId; });
    QCOMPARE(idsOf(changedTasks), (QStringList{kept, shelved}));
    QCOMPARE(changedTasks.at(0).label, QStringLiteral("Renamed elsewhere"));
    QVERIFY(changedTasks.at(1).archived);

    // The poller follows: the new task is asked for, the removed and the archived one are not.
    QVERIFY(poller()->schedule().contains(fresh));
    QVERIFY(!poller()->schedule().contains(gone));
    QVERIFY(!poller()->schedule().contains(shelved));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCountFor(QStringLiteral("/v1/videos/") + fresh) > 0, 15000);

    // What the window writes itself is no news: it was told at once, and a reload finds nothing more.
    QVERIFY(m_tasks->setLabel({m_profileId, fresh}, QStringLiteral("Mine"), &error));
    QCOMPARE(changed.count(), 2);
    m_tasks->reloadFromStore();
    QCOMPARE(added.count(), 1);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(changed.count(), 2);
}

void TestTaskService::anotherProcessNeverBringsBackARemovalAwaitingUndo()
{
    const QString undoable = QStringLiteral("video_elsewhere_undoable");
    QString error;
    QVERIFY(m_tasks->add(m_profileId, {undoable}, QString(), &error));
    m_tasks->all();
    QCOMPARE(m_tasks->remove({{m_profileId, undoable}}), 1);
    QSignalSpy added(m_tasks, &TaskService::tasksAdded);

    Store other;
    QVERIFY2(other.open(m_store->path(), &error), qPrintable(error));
    QVERIFY(other.addTasks(m_profileId, {QStringLiteral("video_elsewhere_other")}, QString(), &error));
    QTRY_VERIFY_WITH_TIMEOUT(added.count() == 1, 15000);
    QCOMPARE(idsOf(added.first().first().value<QList<StoredTask>>()),
             QStringList{QStringLiteral("video_elsewhere_other")});
    // Undone, it comes back once, as before.
    QCOMPARE(idsOf(m_tasks->undoRemoval()), QStringList{undoable});
    m_tasks->reloadFromStore();
    QCOMPARE(added.count(), 2);
}

QTEST_GUILESS_MAIN(TestTaskService)
#include "tst_taskservice.moc"

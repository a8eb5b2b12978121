// The tray and the notifications end to end on real widgets (offscreen, so there is no tray) over a
// real monitor, an SQLite store and the demo server on loopback, with a recording notifier: which
// status changes notify and with what words and actions, bursts becoming one summary, nothing for
// tasks that had finished before, the actions on a notification, what colours the tray, its menu of
// recent results, and closing without a tray.

#include "demo/democdn.h"
#include "demo/demoserver.h"
#include "demoplans.h"
#include "fakenotifier.h"
#include "monitor/downloadcenter.h"
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "monitor/taskservice.h"
#include "openedurls.h"
#include "secrets/memorysecretstore.h"
#include "store/store.h"
#include "storeprofiles.h"
#include "ui/board/tasktablemodel.h"
#include "ui/desktop/autostart.h"
#include "ui/desktop/desktopintegration.h"
#include "ui/desktop/trayicon.h"
#include "ui/settings/appsettings.h"
#include "ui/shell/mainwindow.h"

#ifdef REELWATCH_HAVE_DBUS_NOTIFIER
#include "fakenotificationserver.h"
#include "ui/desktop/dbusnotifier.h"
#endif

#include <memory>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDialog>
#include <QDir>
#include <QElapsedTimer>
#include <QMenu>
#include <QPointer>
#include <QSettings>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Reelwatch;

namespace {

const QByteArray kSecret = QByteArrayLiteral("sk-test-SECRET-456");
constexpr int kSettleMs = 30000;
constexpr qint64 kForeverMs = 60 * 60 * 1000;

DemoTaskPlan plan(const QString& id, qint64 startsMs, qint64 finishesMs, bool fails = false)
{
    // A prompt of its own per task: a notification is titled by the start of the prompt when there is no label.
    return DemoPlans::timed(id, QStringLiteral("A paper boat on a rainy street (%1)").arg(id), 0, startsMs, finishesMs,
                            fails);
}

QStringList actionKeys(const DesktopNotification& notification)
{
    QStringList keys;
    for (const DesktopNotification::Action& action : notification.actions)
        keys << action.key;
    return keys;
}

} // namespace

class TestDesktopIntegration : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void aRenderThatStartsAndFinishesNotifiesWithItsFacts();
    void aFailureSaysWhy();
    void aServersWordsAreShownNotObeyed();
    void tasksFinishedAtTheirFirstAnswerOrBeforeStartNeverNotify();
    void aBurstBecomesOneSummary();
    void openActionShowsTheTaskAndCopyLinkCopiesIt();
    void switchedOffKindsStaySilentButTheTrayStillTells();
    void trayMenuListsTheLatestResults();
    void eachTrayStateHasItsOwnIcon();
    void withoutATrayClosingTheWindowCloses();
    void openOnADesktopNotificationShowsTheTask();
    void aRenderThatFinishedWhileClosedIsNewsButNoPopup();
    void closingHidesIntoTheTrayAndSaysSoOnce();
    void quitFromTheMenuQuitsDespiteTheTray();
    void aTrayThatGoesAwayBringsTheWindowBack();
    void removedTasksNoLongerColourTheTray();
    void downloadOnANotificationSavesTheVideo();
    void autoDownloadSavesEachRenderOfItsProfile();
    void autoDownloadCatchesUpOnARenderFinishedWhileClosed();
    void anAutoDownloadThatCannotStartIsReported();

private:
    void startApp();
    void stopApp();
    void addPlans(const QList<DemoTaskPlan>& plans, const QString& label = QString());
    QString statusOf(const QString& taskId) const;
    void setAutoDownload(bool on, const QString& folder);

    std::unique_ptr<QTemporaryDir> m_dir;
    DemoServer* m_server = nullptr;
    Store* m_store = nullptr;
    MemorySecretStore* m_secrets = nullptr;
    AppSettings* m_settings = nullptr;
    Autostart* m_autostart = nullptr;
    Monitor* m_monitor = nullptr;
    QPointer<MainWindow> m_window;
    FakeNotifier* m_notifier = nullptr;
    DesktopIntegration* m_desktop = nullptr;
    qint64 m_profileId = 0;
    // A pretend tray for the offscreen platform, which has none.
    bool m_fakeTray = false;
    bool m_trayAvailable = true;
};

void TestDesktopIntegration::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ReelwatchTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_desktopintegration"));
    qunsetenv("REELWATCH_API_KEY");
    qunsetenv("REELWATCH_TOKEN");
}

void TestDesktopIntegration::init()
{
    QSettings().clear();
    m_fakeTray = false;
    m_trayAvailable = true;
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = new DemoServer;
    m_server->setFlavour(DemoFlavour::OpenAI);
    m_server->setRequiredSecret(kSecret);
    QVERIFY(m_server->listen());

    m_store = new Store;
    QString error;
    QVERIFY2(m_store->open(m_dir->filePath(QStringLiteral("tasks.db")), &error), qPrintable(error));
    QVERIFY2(TestProfiles::addIdleProfile(*m_store, &error), qPrintable(error));
    Profile profile = *m_store->defaultProfile();
    profile.baseUrl = m_server->baseUrl();
    profile.poll.baseIntervalMs = 1000;
    profile.poll.maxIntervalMs = 1000;
    QVERIFY2(m_store->updateProfile(profile, &error), qPrintable(error));
    m_profileId = profile.id;
    m_secrets = new MemorySecretStore;
    QVERIFY(m_secrets->writeNow(profile.keychainId, kSecret).ok());
    m_settings = new AppSettings(m_dir->filePath(QStringLiteral("reelwatch.ini")));
    m_settings->setNotifyOnStart(true);
    m_autostart = new Autostart;
    startApp();
}

void TestDesktopIntegration::startApp()
{
    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
    QTRY_COMPARE(m_monitor->profiles()->keySource(m_profileId), ProfileManager::KeySource::Keychain);
    m_window = new MainWindow(m_monitor, m_settings, m_autostart);
    m_window->setAddDialogRunner([](QDialog* dialog) { dialog->reject(); });
    m_notifier = new FakeNotifier;
    m_desktop = new DesktopIntegration(m_monitor, m_window, m_settings, m_notifier);
    // Short, so the tests wait less; still longer than one poll round of a few tasks.
    m_desktop->setCoalescing(600, 3000);
    if (m_fakeTray)
        m_desktop->tray()->setTrayProbe([this] { return m_trayAvailable; });
    m_desktop->start(1, 10, 50);
    // The window stays hidden: nobody is looking, so finished renders are unseen.
}

void TestDesktopIntegration::stopApp()
{
    delete m_desktop;
    m_desktop = nullptr;
    delete m_window;
    delete m_notifier;
    m_notifier = nullptr;
    delete m_monitor;
    m_monitor = nullptr;
}

void TestDesktopIntegration::cleanup()
{
    stopApp();
    delete m_autostart;
    delete m_settings;
    delete m_secrets;
    delete m_store;
    delete m_server;
    m_dir.reset();
}

void TestDesktopIntegration::addPlans(const QList<DemoTaskPlan>& plans, const QString& label)
{
    QStringList ids;
    for (const DemoTaskPlan& plan : plans) {
        m_server->addTask(plan);
        ids << plan.id;
    }
    QVERIFY(m_window->addTasks(ids, m_profileId, label));
    // Adding shows the new task in the window; then the person looks elsewhere.
    m_window->hide();
    QTRY_VERIFY(!m_window->isActiveWindow());
}

void TestDesktopIntegration::setAutoDownload(bool on, const QString& folder)
{
    Profile profile = *m_monitor->profiles()->profile(m_profileId);
    profile.autoDownload = on;
    profile.autoDownloadFolder = folder;
    QString error;
    QVERIFY2(m_monitor->profiles()->updateProfile(profile, &error), qPrintable(error));
}

QString TestDesktopIntegration::statusOf(const QString& taskId) const
{
    const StoredTask* stored = m_window->model()->task(m_profileId, taskId);
    return stored && stored->last ? statusWireName(stored->last->status) : QString();
}

void TestDesktopIntegration::aRenderThatStartsAndFinishesNotifiesWithItsFacts()
{
    const QString id = QStringLiteral("video_notify_success_0001");
    // Two polls apart at least: the start and the finish are two notifications, however late a timer fires.
    addPlans({plan(id, 1200, 4500)}, QStringLiteral("Paper boat"));
    // Rendering first: the tray says so.
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("IN_PROGRESS"), kSettleMs);
    QTRY_COMPARE(m_desktop->tray()->state().mood, TrayState::Mood::Rendering);
    QTRY_COMPARE(m_desktop->tray()->state().rendering, 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_notifier->count(), 1, kSettleMs);
    QCOMPARE(m_notifier->last().kind, DesktopNotification::Kind::Started);
    QCOMPARE(m_notifier->last().title, QStringLiteral("Paper boat"));
    QVERIFY2(m_notifier->last().body.contains(QStringLiteral("Started rendering")),
             qPrintable(m_notifier->last().body));

    QTRY_COMPARE_WITH_TIMEOUT(m_notifier->count(), 2, kSettleMs);
    const DesktopNotification finished = m_notifier->last();
    QCOMPARE(finished.kind, DesktopNotification::Kind::Succeeded);
    QCOMPARE(finished.title, QStringLiteral("Paper boat"));
    QVERIFY2(finished.body.contains(QStringLiteral("Render finished in ")), qPrintable(finished.body));
    QVERIFY2(finished.body.contains(QStringLiteral("sora-2 · 720x1280 · 8 s")), qPrintable(finished.body));
    // No "Copy link": only the API's content route has this render, and it needs the key.
    QCOMPARE(actionKeys(finished), (QStringList{QStringLiteral("open"), QStringLiteral("download")}));
    QCOMPARE(finished.playSound, m_settings->notificationSound());
    QCOMPARE(finished.image, TrayIcon::iconFor(TrayState::Mood::Succeeded, false).pixmap(64, 64).toImage());
    QVERIFY(!finished.body.contains(QString::fromLatin1(kSecret)));

    // Nobody looked: the tray shows a new result, then nothing more is raised for this task.
    QTRY_COMPARE(m_desktop->tray()->state().mood, TrayState::Mood::Succeeded);
    QCOMPARE(m_desktop->tray()->state().unseenSucceeded, 1);
    QVERIFY(m_desktop->tray()->toolTip().contains(QStringLiteral("1 new result")));
    QTest::qWait(2500);
    QCOMPARE(m_notifier->count(), 2);
}

void TestDesktopIntegration::aFailureSaysWhy()
{
    const QString id = QStringLiteral("video_notify_failure_0001");
    addPlans({plan(id, 1200, 2400, true)});
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("FAILURE"), kSettleMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_notifier->count() >= 1 && m_notifier->last().kind == DesktopNotification::Kind::Failed,
                             kSettleMs);
    const DesktopNotification failed = m_notifier->last();
    // No label: the start of the prompt, which the creator recognises (the ID is in the details).
    QCOMPARE(failed.title, QStringLiteral("A paper boat on a rainy street (%1)").arg(id));
    QVERIFY2(failed.body.contains(QStringLiteral("Render failed: The prompt was blocked by the content policy.")),
             qPrintable(failed.body));
    QCOMPARE(actionKeys(failed), QStringList{QStringLiteral("open")}); // no result to copy
    // Its picture is the failure badge, not the app icon's tick.
    QCOMPARE(failed.image, TrayIcon::iconFor(TrayState::Mood::Failed, false).pixmap(64, 64).toImage());
    QTRY_COMPARE(m_desktop->tray()->state().mood, TrayState::Mood::Failed);
}

void TestDesktopIntegration::aServersWordsAreShownNotObeyed()
{
    const QString id = QStringLiteral("video_notify_hostile_0001");
    DemoTaskPlan hostile = plan(id, 1200, 2400, true);
    hostile.prompt = QStringLiteral("Invoice \u202Egnp.exe\x1b[31m red");
    hostile.failureMessage = QStringLiteral("Blocked\r\x1b[2K\u2066all good\u2069\u009b");
    addPlans({hostile});
    QTRY_VERIFY_WITH_TIMEOUT(m_notifier->count() >= 1 && m_notifier->last().kind == DesktopNotification::Kind::Failed,
                             kSettleMs);
    const DesktopNotification failed = m_notifier->last();
    for (const QString& text : {failed.title, failed.body}) {
        for (const QChar c : text) {
            const char16_t u = c.unicode();
            QVERIFY2(u == u'\n' || !(u < 0x20 || (u >= 0x7f && u <= 0x9f)), qPrintable(text));
            QVERIFY2(!(u >= 0x202a && u <= 0x202e) && !(u >= 0x2066 && u <= 0x2069), qPrintable(text));
        }
    }
    QCOMPARE(failed.title, QStringLiteral("Invoice \\u202egnp.exe\\u001b[31m red"));
    QVERIFY2(
        failed.body.contains(QStringLiteral("Render failed: Blocked\\u000d\\u001b[2K\\u2066all good\\u2069\\u009b")),
        qPrintable(failed.body));
}

void TestDesktopIntegration::tasksFinishedAtTheirFirstAnswerOrBeforeStartNeverNotify()
{
    const QString done = QStringLiteral("video_already_done_0001");
    const QString later = QStringLiteral("video_finishes_later_0001");
    addPlans({plan(done, 0, 0), plan(later, 1200, 4500)});
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(done), QStringLiteral("SUCCESS"), kSettleMs);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(later), QStringLiteral("SUCCESS"), kSettleMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_notifier->count() >= 2, kSettleMs); // started and finished, for `later` only
    QTest::qWait(1500);
    for (const FakeNotifier::Shown& shown : m_notifier->shown())
        QCOMPARE(shown.notification.title, QStringLiteral("A paper boat on a rainy street (%1)").arg(later));
    QCOMPARE(m_notifier->count(), 2);

    // A restart: both tasks come back from the store already finished. Nothing is raised again and
    // the tray is idle, not "new result".
    stopApp();
    startApp();
    QCOMPARE(m_window->model()->rowCount(), 2);
    QTest::qWait(2500); // a few poll intervals
    QCOMPARE(m_notifier->count(), 0);
    QCOMPARE(m_desktop->tray()->state().mood, TrayState::Mood::Idle);
}

void TestDesktopIntegration::aBurstBecomesOneSummary()
{
    m_settings->setNotifyOnStart(false);
    // Each task is polled on its own schedule, so a round's answers spread over up to one interval.
    m_desktop->setCoalescing(2000, 6000);
    QList<DemoTaskPlan> plans;
    for (int i = 0; i < 6; ++i)
        plans << plan(QStringLiteral("video_burst_%1_0001").arg(i), 500, 2500, i == 5);
    addPlans(plans);
    for (const DemoTaskPlan& burst : std::as_const(plans))
        QTRY_VERIFY_WITH_TIMEOUT(isTerminal(statusFromWireName(statusOf(burst.id))), kSettleMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_notifier->count(), 1, kSettleMs);
    QTest::qWait(1500);
    QCOMPARE(m_notifier->count(), 1);
    const DesktopNotification summary = m_notifier->last();
    QCOMPARE(summary.kind, DesktopNotification::Kind::Summary);
    QCOMPARE(summary.title, QStringLiteral("6 renders finished"));
    QVERIFY2(summary.body.startsWith(QStringLiteral("5 succeeded, 1 failed\n")), qPrintable(summary.body));
    QVERIFY2(summary.body.contains(QStringLiteral(" and 3 more")), qPrintable(summary.body));
    QCOMPARE(m_desktop->tray()->state().unseenSucceeded, 5);
    QCOMPARE(m_desktop->tray()->state().unseenFailed, 1);
}

void TestDesktopIntegration::openActionShowsTheTaskAndCopyLinkCopiesIt()
{
    m_settings->setNotifyOnStart(false);
    m_server->setResultLinks(true); // links a browser opens, to copy
    const QString first = QStringLiteral("video_open_me_0001");
    const QString second = QStringLiteral("video_copy_me_0001");
    addPlans({plan(first, 300, 1500), plan(second, 300, 6000)});
    QTRY_COMPARE_WITH_TIMEOUT(m_notifier->count(), 1, kSettleMs);
    const quint32 firstHandle = m_notifier->lastHandle();
    QVERIFY(!m_window->isVisible());

    QVERIFY(m_notifier->invoke(firstHandle, QStringLiteral("open")));
    QTRY_VERIFY(m_window->isVisible());
    const QModelIndex current = m_window->table()->currentIndex();
    QCOMPARE(current.data(TaskTableModel::TaskIdRole).toString(), first);
    QVERIFY(!m_desktop->unseen().contains({m_profileId, first}));

    QTRY_COMPARE_WITH_TIMEOUT(m_notifier->count(), 2, kSettleMs);
    QApplication::clipboard()->clear();
    QVERIFY(m_notifier->invoke(m_notifier->lastHandle(), QStringLiteral("copy-link")));
    const QString link = QApplication::clipboard()->text();
    QVERIFY2(link.startsWith(m_server->cdn()->baseUrl().toString()) && link.contains(second), qPrintable(link));
    QVERIFY(!link.contains(QString::fromLatin1(kSecret)));
    QVERIFY(!m_desktop->unseen().contains({m_profileId, second}));

    // A notification that is gone no longer acts.
    QVERIFY(m_notifier->close(firstHandle));
    QVERIFY(!m_notifier->invoke(firstHandle, QStringLiteral("open")));
}

void TestDesktopIntegration::switchedOffKindsStaySilentButTheTrayStillTells()
{
    m_settings->setNotifyOnStart(false);
    m_settings->setNotifyOnSuccess(false);
    const QString id = QStringLiteral("video_quiet_success_0001");
    addPlans({plan(id, 300, 1500)});
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("SUCCESS"), kSettleMs);
    QTRY_COMPARE(m_desktop->tray()->state().mood, TrayState::Mood::Succeeded);
    QTest::qWait(1500);
    QCOMPARE(m_notifier->count(), 0);

    // Looking at the window is seeing the result.
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    QTRY_COMPARE(m_desktop->tray()->state().mood, TrayState::Mood::Idle);
}

void TestDesktopIntegration::trayMenuListsTheLatestResults()
{
    m_settings->setNotifyOnStart(false);
    m_server->setResultLinks(true); // links a browser opens, to copy
    QList<DemoTaskPlan> plans;
    for (int i = 0; i < 7; ++i)
        plans << plan(QStringLiteral("video_recent_%1_0001").arg(i), 0, i == 6 ? 2500 : 0, i == 6); // failed last
    plans << plan(QStringLiteral("video_still_rendering_01"), 0, kForeverMs);
    addPlans(plans, QStringLiteral("Boats & waves"));
    for (int i = 0; i < 7; ++i)
        QTRY_VERIFY_WITH_TIMEOUT(isTerminal(statusFromWireName(statusOf(plans[i].id))), kSettleMs);

    TrayIcon* tray = m_desktop->tray();
    tray->refreshMenu();
    QStringList recent;
    QAction* copyLink = nullptr;
    for (QAction* action : tray->menu()->actions()) {
        if (action->text().startsWith(QStringLiteral("Copy link: "))
            || action->text().startsWith(QStringLiteral("Show: "))) {
            recent << action->text();
            if (!copyLink && action->text().startsWith(QStringLiteral("Copy link: ")))
                copyLink = action;
        }
    }
    QCOMPARE(recent.size(), TrayIcon::kRecentTaskCount);
    // The '&' of the label is shown, not taken as a keyboard accelerator.
    QVERIFY2(recent.contains(QStringLiteral("Copy link: Boats && waves")), qPrintable(recent.join(QLatin1Char('|'))));
    QVERIFY2(recent.contains(QStringLiteral("Show: Boats && waves (failed)")),
             qPrintable(recent.join(QLatin1Char('|'))));
    QVERIFY(copyLink);
    QApplication::clipboard()->clear();
    copyLink->trigger();
    QVERIFY2(QApplication::clipboard()->text().startsWith(m_server->cdn()->baseUrl().toString())
                 && QApplication::clipboard()->text().contains(QStringLiteral("/video_recent_")),
             qPrintable(QApplication::clipboard()->text()));

    // The shared pause action, and the tooltip while paused.
    QVERIFY(tray->menu()->actions().contains(m_window->pauseAction()));
    m_window->pauseAction()->trigger();
    QTRY_VERIFY(tray->isPaused());
    QVERIFY(tray->toolTip().contains(QStringLiteral("Polling is paused")));
    QVERIFY(tray->toolTip().contains(QStringLiteral("1 waiting"))
            || tray->toolTip().contains(QStringLiteral("1 rendering")));
}

void TestDesktopIntegration::eachTrayStateHasItsOwnIcon()
{
    const QList<QPair<TrayState::Mood, bool>> states = {
        {TrayState::Mood::Idle, false},      {TrayState::Mood::Rendering, false}, {TrayState::Mood::Rendering, true},
        {TrayState::Mood::Succeeded, false}, {TrayState::Mood::Failed, false},
    };
    QList<QImage> images;
    for (const auto& [mood, paused] : states) {
        const QImage image = TrayIcon::iconFor(mood, paused).pixmap(22, 22).toImage();
        QVERIFY(!image.isNull());
        for (const QImage& other : std::as_const(images))
            QVERIFY2(image != other, "two tray states look the same");
        images << image;
    }
    // A success nobody has seen shows, paused or not; so does a failure.
    QCOMPARE(TrayIcon::iconFor(TrayState::Mood::Succeeded, true).pixmap(22, 22).toImage(), images.at(3));
}

void TestDesktopIntegration::withoutATrayClosingTheWindowCloses()
{
    // The offscreen platform has no tray, like GNOME without an extension.
    QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable());
    QTRY_VERIFY(!m_desktop->tray()->isVisible());
    QVERIFY(QApplication::quitOnLastWindowClosed());
    QVERIFY(m_settings->closeToTray());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QVERIFY(m_window->close()); // accepted: no hiding into a tray that is not there
    QVERIFY(!m_window->isVisible());
    QCOMPARE(m_notifier->count(), 0); // and no "still running in the tray" hint
}

void TestDesktopIntegration::openOnADesktopNotificationShowsTheTask()
{
    // The real D-Bus notifier, and a notification server played by this test on a connection of its
    // own to the private session bus the test runs on.
#ifndef REELWATCH_HAVE_DBUS_NOTIFIER
    QSKIP("desktop notifications over D-Bus are not built on this platform");
#else
    // Never on the desktop's own bus, where a real notification service would get the test's popups.
    if (qEnvironmentVariable("REELWATCH_PRIVATE_BUS") != QLatin1String("1")
        || !QDBusConnection::sessionBus().isConnected())
        QSKIP("needs a private session bus: CTest runs this test inside dbus-run-session");
    const QString connectionName = QStringLiteral("fake-notification-server");
    QDBusConnection serverBus = QDBusConnection::connectToBus(QDBusConnection::SessionBus, connectionName);
    {
        FakeNotificationServer server(serverBus, {QStringLiteral("actions"), QStringLiteral("body")});
        QVERIFY(server.start());
        DBusNotifier notifier;
        QTRY_VERIFY(notifier.isAvailable() && notifier.supportsActions());
        delete m_desktop;
        m_desktop = new DesktopIntegration(m_monitor, m_window, m_settings, &notifier);
        m_desktop->setCoalescing(600, 3000);
        m_desktop->start(1, 10);

        const QString other = QStringLiteral("video_dbus_other_0001");
        const QString id = QStringLiteral("video_dbus_open_0001");
        addPlans({plan(other, 0, kForeverMs)});
        addPlans({plan(id, 300, 1500)}, QStringLiteral("Paper boat"));
        // The board's selection is elsewhere, and the window is hidden.
        m_window->focusTask(m_profileId, other);
        m_window->hide();
        QTRY_VERIFY_WITH_TIMEOUT(
            !server.calls().isEmpty() && server.calls().constLast().summary == QStringLiteral("Paper boat"), kSettleMs);
        const FakeNotificationServer::Call call = server.calls().constLast();
        QCOMPARE(call.appName, QStringLiteral("Reelwatch"));
        QVERIFY2(call.actions.contains(QStringLiteral("open")), qPrintable(call.actions.join(QLatin1Char(','))));
        QVERIFY(!m_window->isVisible());

        server.invokeAction(server.lastId(), QStringLiteral("open"));
        QTRY_VERIFY(m_window->isVisible());
        QTRY_COMPARE(m_window->table()->currentIndex().data(TaskTableModel::TaskIdRole).toString(), id);
        QVERIFY(!m_desktop->unseen().contains({m_profileId, id}));

        delete m_desktop; // before the notifier it uses
        m_desktop = nullptr;
    }
    QDBusConnection::disconnectFromBus(connectionName);
#endif
}

void TestDesktopIntegration::aRenderThatFinishedWhileClosedIsNewsButNoPopup()
{
    const QString id = QStringLiteral("video_done_while_away_01");
    QElapsedTimer sinceAdded;
    sinceAdded.start();
    addPlans({plan(id, 0, 3000)}, QStringLiteral("Night train"));
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("IN_PROGRESS"), kSettleMs);
    QVERIFY2(sinceAdded.elapsed() < 2500, "the test machine is too slow to stop before the render ends");
    stopApp(); // Reelwatch is closed while the render finishes
    QTest::qWait(int(3500 - sinceAdded.elapsed()));
    startApp();
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("SUCCESS"), kSettleMs);
    QTRY_COMPARE(m_desktop->tray()->state().mood, TrayState::Mood::Succeeded);
    QTest::qWait(1500);
    QCOMPARE(m_notifier->count(), 0);
}

void TestDesktopIntegration::closingHidesIntoTheTrayAndSaysSoOnce()
{
    m_fakeTray = true;
    stopApp();
    startApp();
    QTRY_VERIFY(m_desktop->tray()->isVisible());
    QVERIFY(!QApplication::quitOnLastWindowClosed()); // a dialog closing over the hidden window cannot quit
    QVERIFY(!m_settings->trayHintShown());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QVERIFY(!m_window->close()); // refused: hidden instead
    QVERIFY(!m_window->isVisible());
    QCOMPARE(m_notifier->count(), 1);
    QCOMPARE(m_notifier->last().title, QStringLiteral("Reelwatch is still running"));
    QVERIFY(m_settings->trayHintShown());
    // The tray's left click brings it back, and hides it again.
    emit m_desktop->tray()->systemTrayIcon()->activated(QSystemTrayIcon::Trigger);
    QTRY_VERIFY(m_window->isVisible());
    emit m_desktop->tray()->systemTrayIcon()->activated(QSystemTrayIcon::Trigger);
    QTRY_VERIFY(!m_window->isVisible());
    m_window->show();
    QVERIFY(!m_window->close());
    QCOMPARE(m_notifier->count(), 1); // said once

    // Switched off in Settings: closing closes.
    m_settings->setCloseToTray(false);
    m_window->show();
    QVERIFY(m_window->close());
    QTest::qWait(50); // the app's quit is queued; let it pass here, not in the next test
}

void TestDesktopIntegration::quitFromTheMenuQuitsDespiteTheTray()
{
    m_fakeTray = true;
    stopApp();
    startApp();
    QTRY_VERIFY(m_desktop->tray()->isVisible());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QAction* quit = nullptr;
    for (QAction* action : m_window->findChildren<QAction*>()) {
        if (action->text() == QStringLiteral("&Quit"))
            quit = action;
    }
    QVERIFY(quit);
    quit->trigger();
    QVERIFY(!m_window->isVisible());
    QCOMPARE(m_notifier->count(), 0); // no "still running in the tray": it is not
    QVERIFY(!m_settings->trayHintShown());
}

void TestDesktopIntegration::aTrayThatGoesAwayBringsTheWindowBack()
{
    m_fakeTray = true;
    stopApp();
    startApp();
    QTRY_VERIFY(m_desktop->tray()->isVisible());
    m_window->show();
    QVERIFY(!m_window->close());
    QVERIFY(!m_window->isVisible());
    m_trayAvailable = false; // the panel crashed
    QTRY_VERIFY(!m_desktop->tray()->isVisible());
    QTRY_VERIFY(m_window->isVisible());
    QVERIFY(QApplication::quitOnLastWindowClosed());
    m_trayAvailable = true; // and came back
    QTRY_VERIFY(m_desktop->tray()->isVisible());
    QVERIFY(!QApplication::quitOnLastWindowClosed());
}

void TestDesktopIntegration::removedTasksNoLongerColourTheTray()
{
    m_settings->setNotifyOnStart(false);
    const QString id = QStringLiteral("video_removed_later_0001");
    addPlans({plan(id, 300, 1500, true)});
    QTRY_COMPARE_WITH_TIMEOUT(m_desktop->tray()->state().mood, TrayState::Mood::Failed, kSettleMs);
    QString error;
    QCOMPARE(m_monitor->tasks()->remove({{m_profileId, id}}), 1);
    QVERIFY2(m_monitor->tasks()->commitRemoval(&error), qPrintable(error));
    m_window->model()->removeTask(m_profileId, id);
    QTRY_COMPARE(m_desktop->tray()->state().mood, TrayState::Mood::Idle);
    QVERIFY(m_desktop->unseen().isEmpty());
}

void TestDesktopIntegration::downloadOnANotificationSavesTheVideo()
{
    m_settings->setNotifyOnStart(false);
    const QString folder = m_dir->filePath(QStringLiteral("Renders/Reelwatch"));
    m_settings->setDownloadFolder(folder);
    m_server->setContentViaCdn(true); // the bytes come from another origin, as OpenAI's do
    const QString id = QStringLiteral("video_download_me_0001");
    addPlans({plan(id, 300, 1500)}, QStringLiteral("Paper: boat?"));
    QTRY_COMPARE_WITH_TIMEOUT(m_notifier->count(), 1, kSettleMs);
    QVERIFY(actionKeys(m_notifier->last()).contains(QStringLiteral("download")));

    QVERIFY(m_notifier->invoke(m_notifier->lastHandle(), QStringLiteral("download")));
    QVERIFY(m_notifier->invoke(m_notifier->lastHandle(), QStringLiteral("download"))); // a second click: one download
    QTRY_COMPARE_WITH_TIMEOUT(m_notifier->count(), 2, kSettleMs);
    const DesktopNotification saved = m_notifier->last();
    // The label made safe for every file system.
    const QString expectedName = QStringLiteral("Paper_ boat_.mp4");
    QCOMPARE(saved.title, QStringLiteral("Saved %1").arg(expectedName));
    QVERIFY2(saved.body.contains(QDir::toNativeSeparators(folder)), qPrintable(saved.body));
    QFile file(QDir(folder).filePath(expectedName));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    const qint64 size = m_server->contentSize(id, QStringLiteral("video"));
    QCOMPARE(file.size(), size);
    QCOMPARE(file.readAll(), DemoServer::contentSlice(id, QStringLiteral("video"), 0, size));
    QCOMPARE(QDir(folder).entryList(QDir::Files).size(), 1); // no second copy, no part file left
    for (const DemoCdnRequest& request : m_server->cdn()->requests())
        QVERIFY(request.authorization.isEmpty() && request.token.isEmpty()); // the key stays with the API
    QVERIFY(!m_server->cdn()->requests().isEmpty());
    QTest::qWait(500);
    QCOMPARE(m_notifier->count(), 2);

    // Its buttons open the file and its folder.
    OpenedUrls opened;
    QDesktopServices::setUrlHandler(QStringLiteral("file"), &opened, "open");
    QVERIFY(m_notifier->invoke(m_notifier->lastHandle(), QStringLiteral("open")));
    QVERIFY(m_notifier->invoke(m_notifier->lastHandle(), QStringLiteral("show-folder")));
    QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
    QCOMPARE(opened.urls, (QList<QUrl>{QUrl::fromLocalFile(file.fileName()), QUrl::fromLocalFile(folder)}));
}

void TestDesktopIntegration::autoDownloadSavesEachRenderOfItsProfile()
{
    m_settings->setNotifyOnStart(false);
    m_settings->setDownloadFolder(m_dir->filePath(QStringLiteral("Default folder")));
    const QString folder = m_dir->filePath(QStringLiteral("Studio renders"));
    setAutoDownload(true, folder);
    m_server->setContentViaCdn(true);
    const QString done = QStringLiteral("video_auto_saved_000001");
    const QString failed = QStringLiteral("video_auto_failed_00001");
    const QString alreadyDone = QStringLiteral("video_auto_old_0000001");
    // Finished before it was added: never waited for, so never downloaded by itself.
    m_server->addTask(plan(alreadyDone, 0, 0));
    QVERIFY(m_window->addTasks({alreadyDone}, m_profileId, QString()));
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(alreadyDone), QStringLiteral("SUCCESS"), kSettleMs);
    addPlans({plan(done, 300, 1500), plan(failed, 300, 1500, true)}, QStringLiteral("Harbour at dawn"));

    QTRY_COMPARE_WITH_TIMEOUT(statusOf(done), QStringLiteral("SUCCESS"), kSettleMs);
    const QString expected = QDir(folder).filePath(QStringLiteral("Harbour at dawn.mp4"));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(expected), kSettleMs);
    QFile file(expected);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const qint64 size = m_server->contentSize(done, QStringLiteral("video"));
    QCOMPARE(file.readAll(), DemoServer::contentSlice(done, QStringLiteral("video"), 0, size));
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(failed), QStringLiteral("FAILURE"), kSettleMs);
    // Only the render seen to succeed: not the failed one, not the one done before it was added,
    // and nothing in the window's own download folder.
    QCOMPARE(QDir(folder).entryList(QDir::Files), QStringList{QStringLiteral("Harbour at dawn.mp4")});
    QVERIFY(!QFileInfo::exists(m_settings->downloadFolder()));
    for (const DemoCdnRequest& request : m_server->cdn()->requests())
        QVERIFY(request.authorization.isEmpty() && request.token.isEmpty());

    // The render's notification says where it goes and offers that folder instead of a Download
    // button; the save itself is not a second popup.
    QTRY_COMPARE_WITH_TIMEOUT(m_notifier->count(), 2, kSettleMs);
    QTest::qWait(500);
    QCOMPARE(m_notifier->count(), 2);
    const auto succeeded
        = std::find_if(m_notifier->shown().cbegin(), m_notifier->shown().cend(), [](const auto& shown) {
              return shown.notification.kind == DesktopNotification::Kind::Succeeded;
          });
    QVERIFY(succeeded != m_notifier->shown().cend());
    const DesktopNotification& notification = succeeded->notification;
    QVERIFY2(notification.body.contains(QDir::toNativeSeparators(folder)), qPrintable(notification.body));
    QVERIFY(actionKeys(notification).contains(QStringLiteral("show-folder")));
    QVERIFY(!actionKeys(notification).contains(QStringLiteral("download")));
    OpenedUrls opened;
    QDesktopServices::setUrlHandler(QStringLiteral("file"), &opened, "open");
    QVERIFY(m_notifier->invoke(succeeded->handle, QStringLiteral("show-folder")));
    QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
    QCOMPARE(opened.urls, QList<QUrl>{QUrl::fromLocalFile(folder)});

    // A restart sees the same finished render again and leaves the file alone.
    stopApp();
    startApp();
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(done), QStringLiteral("SUCCESS"), kSettleMs);
    QTest::qWait(1500);
    QCOMPARE(QDir(folder).entryList(QDir::Files).size(), 1);
    QVERIFY(!m_monitor->downloads()->isActive({m_profileId, done}));
}

void TestDesktopIntegration::autoDownloadCatchesUpOnARenderFinishedWhileClosed()
{
    const QString folder = m_dir->filePath(QStringLiteral("Downloads"));
    m_settings->setDownloadFolder(folder);
    setAutoDownload(true, QString()); // into the window's download folder
    const QString id = QStringLiteral("video_saved_after_away_1");
    QElapsedTimer sinceAdded;
    sinceAdded.start();
    addPlans({plan(id, 0, 3000)});
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("IN_PROGRESS"), kSettleMs);
    QVERIFY2(sinceAdded.elapsed() < 2500, "the test machine is too slow to stop before the render ends");
    stopApp();
    QTest::qWait(int(3500 - sinceAdded.elapsed()));
    startApp();
    const QString expected = QDir(folder).filePath(id + QStringLiteral(".mp4"));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(expected), kSettleMs);
    QCOMPARE(QFileInfo(expected).size(), m_server->contentSize(id, QStringLiteral("video")));
    QCOMPARE(m_notifier->count(), 0); // news for the tray, not a popup
}

void TestDesktopIntegration::anAutoDownloadThatCannotStartIsReported()
{
    m_settings->setNotifyOnStart(false);
    // A file where the folder should be: the folder cannot be made.
    const QString blocker = m_dir->filePath(QStringLiteral("blocker"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    setAutoDownload(true, blocker + QStringLiteral("/renders"));
    const QString id = QStringLiteral("video_nowhere_to_go_001");
    addPlans({plan(id, 300, 1200)}, QStringLiteral("Lost reel"));
    // The problem at once, then the render's own notification, which says nothing of a folder it
    // is not going to and offers Download instead.
    QTRY_COMPARE_WITH_TIMEOUT(m_notifier->count(), 2, kSettleMs);
    const DesktopNotification problem = m_notifier->shown().at(0).notification;
    QCOMPARE(problem.kind, DesktopNotification::Kind::Failed);
    QCOMPARE(problem.title, QStringLiteral("Could not download Lost reel"));
    QVERIFY2(problem.body.contains(QDir::toNativeSeparators(blocker)), qPrintable(problem.body));
    const DesktopNotification finished = m_notifier->last();
    QCOMPARE(finished.kind, DesktopNotification::Kind::Succeeded);
    QVERIFY2(!finished.body.contains(QLatin1String("Saving to")), qPrintable(finished.body));
    QVERIFY(actionKeys(finished).contains(QStringLiteral("download")));
    QVERIFY(!actionKeys(finished).contains(QStringLiteral("show-folder")));
}

QTEST_MAIN(TestDesktopIntegration)
#include "tst_desktopintegration.moc"

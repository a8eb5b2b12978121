// The main window end to end on real widgets (offscreen) over a real monitor, an SQLite store, a
// key in the in-memory secret store and the demo server on loopback: adding tasks from pasted
// text through the add dialog, badges following renders to their end, the status filter and the
// search field, every copy action (and that no key ever reaches the clipboard), archive, removal
// with undo, the table layout surviving a restart, and names on every control.

#include "demo/democdn.h"
#include "demo/demoserver.h"
#include "demoplans.h"
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "monitor/taskservice.h"
#include "openedurls.h"
#include "secrets/memorysecretstore.h"
#include "store/store.h"
#include "storeprofiles.h"
#include "ui/board/taskfilterproxy.h"
#include "ui/board/tasktablemodel.h"
#include "ui/desktop/autostart.h"
#include "ui/details/taskdetailspane.h"
#include "ui/settings/appsettings.h"
#include "ui/shell/mainwindow.h"

#include <memory>
#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Reelwatch;

namespace {

const QByteArray kSecret = QByteArrayLiteral("sk-test-SECRET-123");
// Generous: the same test runs under AddressSanitizer, where everything is several times slower.
constexpr int kSettleMs = 30000;
using DemoPlans::kForeverMs;

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void elapsedTickRunsOnlyWhileSomethingIsActive();
    void initTestCase();
    void init();
    void cleanup();

    void aFirstRunGreetsWithAddAService();
    void pastedTextIsAddedThroughTheDialog();
    void aPastedTableLabelsEachTask();
    void pasteWithoutIdsOnlySaysSo();
    void badgesFollowTheRendersToTheirEnd();
    void aLongFirstPassIsShownAndARefreshJumpsIt();
    void statusFilterAndSearchNarrowTheRows();
    void copiesEveryKindWithoutTheKey();
    void downloadShowsProgressThenPlaysAndCancels();
    void archivedTasksMoveAndAreNoLongerPolled();
    void removalCanBeUndoneAndOtherwiseSticks();
    void undoRightAfterAnUpdateKeepsTheLatestStatus();
    void deletingTheWindowCommitsAPendingRemoval();
    void headerLayoutSurvivesARestart();
    void shortcutsAndControlsAreNamed();
    void anEmptyBoardOffersTheNextStep();
    void copyResultLinkGivesOnlyABrowserLink();
    void openInBrowserSaysWhyItCannot();
    void theDownloadCommandFetchesTheVideoWithoutSendingTheKeyAway();

private:
    // A finished render as a poll would have stored it, with this result link and expiry.
    void storeFinished(const QString& id, const QString& resultUrl, std::optional<qint64> expiresAt);
    MainWindow* createWindow();
    void addPlans(const QList<DemoTaskPlan>& plans, const QString& label = QString());

    int proxyRow(const QString& taskId) const;
    QString statusText(const QString& taskId) const;
    QStringList visibleIds() const;
    QAction* action(const QString& text) const;
    QAction* actionWithShortcut(const QKeySequence& shortcut) const;
    void setFilter(const QString& text);
    void clickRows(const QStringList& taskIds);
    // The clipboard after one copy action; empty before it so an old text cannot pass for a new one.
    QString copy(const QString& actionText);
    QByteArray fetchBody(const QString& taskId);
    QString statusPath(const QString& taskId) const { return QStringLiteral("/v1/videos/") + taskId; }

    std::unique_ptr<QTemporaryDir> m_dir;
    DemoServer* m_server = nullptr;
    Store* m_store = nullptr;
    MemorySecretStore* m_secrets = nullptr;
    AppSettings* m_settings = nullptr;
    Autostart* m_autostart = nullptr;
    Monitor* m_monitor = nullptr;
    QPointer<MainWindow> m_window;
    qint64 m_profileId = 0;
    int m_unexpectedDialogs = 0;
    int m_keyLeaks = 0;
};

void TestMainWindow::initTestCase()
{
    // Before anything touches QSettings: the window's layout must go to the test location only.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ReelwatchTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    qunsetenv("REELWATCH_API_KEY");
    qunsetenv("REELWATCH_TOKEN");
}

void TestMainWindow::init()
{
    QSettings().clear();
    m_unexpectedDialogs = 0;
    m_keyLeaks = 0;
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());

    m_server = new DemoServer;
    m_server->setFlavour(DemoFlavour::OpenAI);
    m_server->setRequiredSecret(kSecret);
    // Every task is then asked for on its own path, so requestCountFor() shows which ones are polled.
    m_server->setListSupported(false);
    QVERIFY(m_server->listen());

    m_store = new Store;
    QString error;
    QVERIFY2(m_store->open(m_dir->filePath(QStringLiteral("tasks.db")), &error), qPrintable(error));
    QVERIFY2(TestProfiles::addIdleProfile(*m_store, &error), qPrintable(error));
    Profile profile = *m_store->defaultProfile();
    profile.name = QStringLiteral("Demo");
    profile.baseUrl = m_server->baseUrl();
    profile.poll.baseIntervalMs = 1000;
    profile.poll.maxIntervalMs = 1000;
    QVERIFY2(m_store->updateProfile(profile, &error), qPrintable(error));
    m_profileId = profile.id;

    m_secrets = new MemorySecretStore;
    QVERIFY(m_secrets->writeNow(profile.keychainId, kSecret).ok());
    m_settings = new AppSettings(m_dir->filePath(QStringLiteral("reelwatch.ini")));
    m_autostart = new Autostart;

    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
    QTRY_COMPARE(m_monitor->profiles()->keySource(m_profileId), ProfileManager::KeySource::Keychain);
}

void TestMainWindow::cleanup()
{
    delete m_window; // first: it commits pending removals through the monitor
    delete m_monitor;
    m_monitor = nullptr;
    delete m_autostart;
    delete m_settings;
    delete m_secrets;
    delete m_store;
    delete m_server;
    m_dir.reset();
    QVERIFY2(m_unexpectedDialogs == 0, "a dialog opened that the test did not expect");
    QVERIFY2(m_keyLeaks == 0, "the key reached the clipboard");
}

MainWindow* TestMainWindow::createWindow()
{
    m_window = new MainWindow(m_monitor, m_settings, m_autostart);
    // A dialog nobody expects must not block the test in exec().
    m_window->setAddDialogRunner([this](QDialog* dialog) {
        ++m_unexpectedDialogs;
        dialog->reject();
    });
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window))
        qWarning("the main window was not exposed");
    return m_window;
}

void TestMainWindow::addPlans(const QList<DemoTaskPlan>& plans, const QString& label)
{
    QStringList ids;
    for (const DemoTaskPlan& plan : plans) {
        m_server->addTask(plan);
        ids << plan.id;
    }
    QVERIFY(m_window->addTasks(ids, m_profileId, label));
}

int TestMainWindow::proxyRow(const QString& taskId) const
{
    const QAbstractItemModel* proxy = m_window->table()->model();
    for (int row = 0; row < proxy->rowCount(); ++row) {
        if (proxy->index(row, 0).data(TaskTableModel::TaskIdRole).toString() == taskId)
            return row;
    }
    return -1;
}

QString TestMainWindow::statusText(const QString& taskId) const
{
    const int row = proxyRow(taskId);
    if (row < 0)
        return QStringLiteral("<not shown>");
    return m_window->table()->model()->index(row, TaskTableModel::StatusColumn).data(Qt::DisplayRole).toString();
}

QStringList TestMainWindow::visibleIds() const
{
    const QAbstractItemModel* proxy = m_window->table()->model();
    QStringList ids;
    for (int row = 0; row < proxy->rowCount(); ++row)
        ids << proxy->index(row, 0).data(TaskTableModel::TaskIdRole).toString();
    ids.sort();
    return ids;
}

QAction* TestMainWindow::action(const QString& text) const
{
    for (QAction* candidate : m_window->findChildren<QAction*>()) {
        if (candidate->text() == text)
            return candidate;
    }
    qWarning("no action “%s”", qPrintable(text));
    return nullptr;
}

QAction* TestMainWindow::actionWithShortcut(const QKeySequence& shortcut) const
{
    for (QAction* candidate : m_window->findChildren<QAction*>()) {
        if (candidate->shortcuts().contains(shortcut))
            return candidate;
    }
    qWarning("no action for %s", qPrintable(shortcut.toString()));
    return nullptr;
}

void TestMainWindow::setFilter(const QString& text)
{
    auto* filter = m_window->findChild<QComboBox*>(QStringLiteral("statusFilter"));
    QVERIFY(filter);
    const int index = filter->findText(text);
    QVERIFY2(index >= 0, qPrintable(text));
    filter->setCurrentIndex(index);
    QCOMPARE(filter->currentText(), text);
}

// Clicks the first row and Ctrl+clicks the others, as a person selects several tasks.
void TestMainWindow::clickRows(const QStringList& taskIds)
{
    QTableView* table = m_window->table();
    bool first = true;
    for (const QString& id : taskIds) {
        const int row = proxyRow(id);
        QVERIFY2(row >= 0, qPrintable(id));
        const QModelIndex index = table->model()->index(row, TaskTableModel::StatusColumn);
        table->scrollTo(index);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, first ? Qt::NoModifier : Qt::ControlModifier,
                          table->visualRect(index).center());
        first = false;
    }
    QCOMPARE(table->selectionModel()->selectedRows().size(), taskIds.size());
}

QString TestMainWindow::copy(const QString& actionText)
{
    QClipboard* clipboard = QApplication::clipboard();
    clipboard->setText(QStringLiteral("(nothing copied)"));
    QAction* copyAction = action(actionText);
    if (!copyAction || !copyAction->isEnabled())
        return QStringLiteral("(action missing or disabled)");
    copyAction->trigger();
    // Whatever was put there, in every format, must not hold the key.
    const QMimeData* mime = clipboard->mimeData();
    for (const QString& format : mime->formats()) {
        if (mime->data(format).contains(kSecret)) {
            ++m_keyLeaks;
            return QStringLiteral("(the clipboard holds the key as %1)").arg(format);
        }
    }
    return clipboard->text();
}

// The task's body as the server sends it now, fetched here independently of the application.
QByteArray TestMainWindow::fetchBody(const QString& taskId)
{
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(m_server->baseUrl().toString() + statusPath(taskId)));
    request.setRawHeader("Authorization", "Bearer " + kSecret);
    QNetworkReply* reply = network.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(kSettleMs))
        qWarning("no answer for %s", qPrintable(taskId));
    return reply->readAll(); // the reply goes with `network`
}

void TestMainWindow::aFirstRunGreetsWithAddAService()
{
    // A database with no profile: the window makes none up, greets, and opens the settings on a new one.
    Store empty;
    QString error;
    QVERIFY(empty.open(QStringLiteral(":memory:"), &error));
    MemorySecretStore secrets;
    Monitor monitor(&empty, &secrets);
    monitor.start();
    MainWindow window(&monitor, m_settings, m_autostart);
    QStringList dialogs;
    window.setAddDialogRunner([&dialogs](QDialog* dialog) {
        dialogs << dialog->metaObject()->className();
        auto* list = dialog->findChild<QListWidget*>(QStringLiteral("profileList"));
        dialogs << QString::number(list ? list->count() : -1);
    });
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // The ID and progress columns are there, hidden until the header's menu shows them: rows are titled
    // as people name them, and the status badge already carries the percentage.
    QHeaderView* header = window.findChild<QTableView*>(QStringLiteral("taskTable"))->horizontalHeader();
    QVERIFY(header->isSectionHidden(TaskTableModel::IdColumn));
    QVERIFY(header->isSectionHidden(TaskTableModel::ProgressColumn));
    QVERIFY(!header->isSectionHidden(TaskTableModel::StatusColumn));
    auto* welcome = window.findChild<QWidget*>(QStringLiteral("welcomePage"));
    QVERIFY(welcome && welcome->isVisible());
    QVERIFY(!window.findChild<QTableView*>(QStringLiteral("taskTable"))->isVisible());
    QVERIFY(empty.profiles().isEmpty());
    window.findChild<QPushButton*>(QStringLiteral("addService"))->click();
    QCOMPARE(dialogs, (QStringList{QStringLiteral("Reelwatch::SettingsDialog"), QStringLiteral("1")}));
    // The other ways in are offered in the middle of the window too: pasting IDs (which first asks
    // for the service they belong to) and the demo.
    auto* paste = window.findChild<QPushButton*>(QStringLiteral("welcomePaste"));
    QVERIFY(paste && paste->isVisible());
    dialogs.clear();
    paste->click();
    QCOMPARE(dialogs.value(0), QStringLiteral("Reelwatch::SettingsDialog"));
    auto* demo = window.findChild<QPushButton*>(QStringLiteral("welcomeDemo"));
    QVERIFY(demo && demo->isVisible());
    QStringList launched;
    window.setDemoLauncher([&launched](QString*) {
        launched << QStringLiteral("demo");
        return true;
    });
    demo->click();
    QCOMPARE(launched, QStringList{QStringLiteral("demo")});
    QVERIFY(empty.profiles().isEmpty()); // nothing made up here

    // Once a service is added the board takes its place, saying what comes next while it is empty.
    QVERIFY(monitor.profiles()->addProfile(QStringLiteral("Runway"), QStringLiteral("runway"), QString(),
                                           AuthMode::Bearer, PollSettings(), &error));
    QTRY_VERIFY(!welcome->isVisible());
    auto* emptyBoard = window.findChild<QWidget*>(QStringLiteral("emptyBoard"));
    QVERIFY(emptyBoard && emptyBoard->isVisible());
    QCOMPARE(emptyBoard->findChild<QLabel*>(QStringLiteral("emptyBoardTitle"))->text(), QStringLiteral("No tasks yet"));
    QCOMPARE(monitor.profiles()->profiles().first().baseUrl, QUrl(QStringLiteral("https://api.dev.runwayml.com")));
}

void TestMainWindow::pastedTextIsAddedThroughTheDialog()
{
    createWindow();
    const QString jsonA = QStringLiteral("video_mwpaste7a1b2c3d");
    const QString jsonB = QStringLiteral("video_mwpaste8e4f5a6b");
    const QString linked = QStringLiteral("video_mwpaste9c7d8e9f");
    for (const QString& id : {jsonA, jsonB, linked})
        m_server->addTask(DemoPlans::queued(id, QStringLiteral("Pasted render %1").arg(id)));
    const QString text = QStringLiteral("Renders from this morning:\n"
                                        "{\"id\": \"%1\", \"status\": \"queued\"}\n"
                                        "{\"id\": \"%2\", \"model\": \"sora-2\"}\n"
                                        "%3/v1/videos/%4/content\n"
                                        "https://gateway.example.com/query?task_id=video$bad\n")
                             .arg(jsonA, jsonB, m_server->baseUrl().toString(), linked);
    QApplication::clipboard()->setText(text);

    QStringList verdicts;
    qint64 dialogProfile = 0;
    int dialogs = 0;
    m_window->setAddDialogRunner([&](QDialog* dialog) {
        ++dialogs;
        const QAbstractItemModel* list = dialog->findChild<QTreeView*>()->model();
        for (int row = 0; row < list->rowCount(); ++row)
            verdicts << list->index(row, 0).data().toString() + QStringLiteral(" | ")
                    + list->index(row, 1).data().toString();
        auto* profiles = dialog->findChild<QComboBox*>();
        dialogProfile = profiles->currentData().toLongLong();
        for (auto* field : dialog->findChildren<QLineEdit*>()) {
            if (field->accessibleName() == QLatin1String("Label"))
                field->setText(QStringLiteral("  Morning batch "));
        }
        auto* buttons = dialog->findChild<QDialogButtonBox*>();
        for (QAbstractButton* button : buttons->buttons()) {
            if (buttons->buttonRole(button) == QDialogButtonBox::AcceptRole && button->isEnabled())
                button->click();
        }
    });

    QAction* paste = actionWithShortcut(QKeySequence(QKeySequence::Paste));
    QVERIFY(paste);
    QCOMPARE(paste->text(), QStringLiteral("&Paste task IDs"));
    paste->trigger();

    QCOMPARE(dialogs, 1);
    QCOMPARE(dialogProfile, m_profileId);
    QVERIFY2(verdicts.size() == 4, qPrintable(verdicts.join(QStringLiteral("; "))));
    QCOMPARE(verdicts.at(0), jsonA + QStringLiteral(" | Valid"));
    QCOMPARE(verdicts.at(1), jsonB + QStringLiteral(" | Valid"));
    QCOMPARE(verdicts.at(2), linked + QStringLiteral(" | Valid"));
    QVERIFY2(verdicts.at(3).startsWith(QStringLiteral("video$bad | Invalid: the ID contains '$' at position 6")),
             qPrintable(verdicts.at(3)));

    // On the board, labelled, the first one selected; and in the store.
    QCOMPARE(visibleIds(), (QStringList{jsonA, jsonB, linked}));
    for (const QString& id : {jsonA, jsonB, linked}) {
        const int row = proxyRow(id);
        QCOMPARE(m_window->table()->model()->index(row, TaskTableModel::TaskColumn).data().toString(),
                 QStringLiteral("Morning batch"));
        const std::optional<StoredTask> stored = m_store->task(m_profileId, id);
        QVERIFY2(stored, qPrintable(id));
        QCOMPARE(stored->label, QStringLiteral("Morning batch"));
    }
    QCOMPARE(m_store->tasks().size(), 3); // the invalid one is never stored
    // (The plural form depends on whether the English translation is loaded; the number does not.)
    QVERIFY2(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Added 3 task")),
             qPrintable(m_window->statusBar()->currentMessage()));
    const QModelIndexList selected = m_window->table()->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(TaskTableModel::TaskIdRole).toString(), jsonA);

    // And they are polled at once: the badge leaves "Waiting".
    QTRY_COMPARE_WITH_TIMEOUT(statusText(linked), QStringLiteral("Queued"), kSettleMs);

    // Pasting the same text again: every ID is already tracked, so nothing new can be added.
    verdicts.clear();
    paste->trigger();
    QCOMPARE(dialogs, 2);
    QCOMPARE(verdicts.size(), 4);
    QCOMPARE(verdicts.at(0), jsonA + QStringLiteral(" | Already tracked"));
    QCOMPARE(m_store->tasks().size(), 3);
}

void TestMainWindow::aPastedTableLabelsEachTask()
{
    createWindow();
    const QString boat = QStringLiteral("video_mwlabel1a2b3c4d");
    const QString cat = QStringLiteral("video_mwlabel5e6f7a8b");
    for (const QString& id : {boat, cat})
        m_server->addTask(DemoPlans::queued(id, QStringLiteral("Labelled render %1").arg(id)));
    QApplication::clipboard()->setText(
        QStringLiteral("task_id,status,prompt\n%1,queued,\"A boat, at dawn\"\n%2,queued,A cat\n").arg(boat, cat));

    int dialogs = 0;
    m_window->setAddDialogRunner([&](QDialog* dialog) {
        ++dialogs;
        // No label typed: each task gets its own.
        auto* buttons = dialog->findChild<QDialogButtonBox*>();
        for (QAbstractButton* button : buttons->buttons()) {
            if (buttons->buttonRole(button) == QDialogButtonBox::AcceptRole && button->isEnabled())
                button->click();
        }
    });
    actionWithShortcut(QKeySequence(QKeySequence::Paste))->trigger();

    QCOMPARE(dialogs, 1);
    QCOMPARE(m_store->task(m_profileId, boat)->label, QStringLiteral("A boat, at dawn"));
    QCOMPARE(m_store->task(m_profileId, cat)->label, QStringLiteral("A cat"));
    QCOMPARE(m_window->table()->model()->index(proxyRow(cat), TaskTableModel::TaskColumn).data().toString(),
             QStringLiteral("A cat"));
}

void TestMainWindow::pasteWithoutIdsOnlySaysSo()
{
    createWindow();
    QApplication::clipboard()->setText(QStringLiteral("See you at 7 pm, bring the slides."));
    actionWithShortcut(QKeySequence(QKeySequence::Paste))->trigger();
    QCOMPARE(m_unexpectedDialogs, 0);
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("The clipboard holds no task IDs."));
    QCOMPARE(m_window->table()->model()->rowCount(), 0);
    QVERIFY(m_store->tasks().isEmpty());
}

void TestMainWindow::aLongFirstPassIsShownAndARefreshJumpsIt()
{
    // More tasks than the request budget asks in a second: the status bar shows the first pass, then
    // the pace the budget allows; F5 on a task not yet asked sends it next.
    Profile profile = *m_store->profile(m_profileId);
    profile.poll.maxRequestsPerSecond = 4;
    profile.poll.maxInFlight = 1;
    QString error;
    QVERIFY2(m_monitor->profiles()->updateProfile(profile, &error), qPrintable(error));
    createWindow();
    QList<DemoTaskPlan> plans;
    for (int i = 0; i < 24; ++i)
        plans << DemoPlans::paced(QStringLiteral("video_pass_%1").arg(i, 2, 10, QLatin1Char('0')), kForeverMs);
    addPlans(plans);
    const auto pollState = [this] { return m_window->findChild<QLabel*>(QStringLiteral("pollState"))->text(); };
    QTRY_VERIFY2(pollState().startsWith(QStringLiteral("First pass ")), qPrintable(pollState()));
    QVERIFY2(pollState().contains(QStringLiteral(" / 24")), qPrintable(pollState()));

    // A task still waiting for its first look, asked for by the user.
    QString waiting;
    for (const DemoTaskPlan& plan : std::as_const(plans)) {
        if (m_server->requestCountFor(statusPath(plan.id)) == 0)
            waiting = plan.id;
    }
    QVERIFY2(!waiting.isEmpty(), "every task was asked already; the budget did not hold");
    clickRows({waiting});
    m_window->table()->setFocus();
    QStringList servedSinceRefresh;
    connect(m_server, &DemoServer::requestServed, this,
            [&servedSinceRefresh](const QString& path, int) { servedSinceRefresh << path; });
    QTest::keyClick(m_window->table(), Qt::Key_F5);
    // (This test installs no translation: plural forms read "task(s)".)
    QVERIFY2(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Refreshing 1 task")),
             qPrintable(m_window->statusBar()->currentMessage()));
    QTRY_VERIFY(servedSinceRefresh.contains(statusPath(waiting)));
    disconnect(m_server, &DemoServer::requestServed, this, nullptr);
    // Only the one request in flight when F5 was pressed went before it.
    QVERIFY2(servedSinceRefresh.indexOf(statusPath(waiting)) <= 1,
             qPrintable(servedSinceRefresh.join(QLatin1Char(' '))));
    QTRY_COMPARE(statusText(waiting), QStringLiteral("Queued"));
    const QString tooltip = m_window->table()
                                ->model()
                                ->index(proxyRow(waiting), TaskTableModel::StatusColumn)
                                .data(Qt::ToolTipRole)
                                .toString();
    QVERIFY2(tooltip.contains(QStringLiteral("Checked ")), qPrintable(tooltip));

    // Once every task has had its first look, the budget (24 tasks at 4 a second: 6 s) sets the pace,
    // not the one-second interval, and the status bar says so.
    QTRY_VERIFY_WITH_TIMEOUT(pollState().startsWith(QStringLiteral("Each task checked about every ")), kSettleMs);
    QVERIFY2(pollState().contains(QStringLiteral("(4 requests/s for 24 task")), qPrintable(pollState()));
}

void TestMainWindow::badgesFollowTheRendersToTheirEnd()
{
    createWindow();
    const DemoTaskPlan succeeds = DemoPlans::timed(QStringLiteral("video_mwbadge_ok1a2b3c"),
                                                   QStringLiteral("A lighthouse in a storm"), 300, 1500, 8000);
    const DemoTaskPlan fails = DemoPlans::timed(QStringLiteral("video_mwbadge_bad4d5e6"),
                                                QStringLiteral("A paper boat on a river"), 300, 1500, 6000, true);

    // Every badge text each task showed, in order, as the view saw it.
    QHash<QString, QStringList> seen;
    const auto note = [this, &seen, &succeeds, &fails] {
        for (const QString& id : {succeeds.id, fails.id}) {
            const QString text = statusText(id);
            if (proxyRow(id) >= 0 && seen.value(id).value(seen.value(id).size() - 1) != text)
                seen[id] << text;
        }
    };
    connect(m_window->table()->model(), &QAbstractItemModel::dataChanged, this, note);
    connect(m_window->table()->model(), &QAbstractItemModel::rowsInserted, this, note);

    addPlans({succeeds, fails});
    QCOMPARE(statusText(succeeds.id), QStringLiteral("Waiting")); // no answer yet

    QTRY_COMPARE_WITH_TIMEOUT(statusText(succeeds.id), QStringLiteral("Succeeded"), kSettleMs);
    QTRY_COMPARE_WITH_TIMEOUT(statusText(fails.id), QStringLiteral("Failed"), kSettleMs);
    QObject::disconnect(m_window->table()->model(), nullptr, this, nullptr);

    // Each step at most once and never backwards; rendering was seen with its progress.
    const auto rank = [](const QString& text) {
        if (text == QLatin1String("Waiting"))
            return 0;
        if (text == QLatin1String("Submitted"))
            return 1;
        if (text == QLatin1String("Queued"))
            return 2;
        if (text.startsWith(QLatin1String("Rendering ")))
            return 3;
        if (text == QLatin1String("Succeeded") || text == QLatin1String("Failed"))
            return 4;
        return -1;
    };
    for (const QString& id : {succeeds.id, fails.id}) {
        const QStringList steps = seen.value(id);
        const QString described = id + QStringLiteral(": ") + steps.join(QStringLiteral(" → "));
        QVERIFY2(steps.size() >= 3, qPrintable(described));
        QCOMPARE(steps.first(), QStringLiteral("Waiting"));
        int previousRank = -1;
        int previousProgress = -1;
        bool rendered = false;
        for (const QString& step : steps) {
            QVERIFY2(rank(step) >= previousRank && rank(step) >= 0, qPrintable(described));
            previousRank = rank(step);
            if (rank(step) == 3) {
                rendered = true;
                const int progress = step.mid(10).chopped(1).toInt();
                QVERIFY2(step.endsWith(QLatin1Char('%')) && progress >= previousProgress && progress < 100,
                         qPrintable(described));
                previousProgress = progress;
            }
        }
        QVERIFY2(rendered, qPrintable(described));
    }
    QCOMPARE(seen.value(succeeds.id).last(), QStringLiteral("Succeeded"));
    QCOMPARE(seen.value(fails.id).last(), QStringLiteral("Failed"));

    // The other columns agree: a finished render shows 100 %, a failed one no progress at all.
    const QAbstractItemModel* proxy = m_window->table()->model();
    QCOMPARE(proxy->index(proxyRow(succeeds.id), TaskTableModel::ProgressColumn).data().toString(),
             QStringLiteral("100%"));
    QCOMPARE(proxy->index(proxyRow(fails.id), TaskTableModel::ProgressColumn).data().toString(), QString());
    QCOMPARE(proxy->index(proxyRow(succeeds.id), TaskTableModel::ModelColumn).data().toString(),
             QStringLiteral("sora-2"));
    // The store records in the background; it catches up with what the board shows.
    const auto storedStatus = [this](const QString& id) {
        const std::optional<StoredTask> stored = m_store->task(m_profileId, id);
        return stored && stored->last ? std::optional<TaskStatus>(stored->last->status) : std::nullopt;
    };
    QTRY_VERIFY_WITH_TIMEOUT(storedStatus(succeeds.id) == TaskStatus::Success, kSettleMs);
    QTRY_VERIFY_WITH_TIMEOUT(storedStatus(fails.id) == TaskStatus::Failure, kSettleMs);
}

void TestMainWindow::statusFilterAndSearchNarrowTheRows()
{
    createWindow();
    DemoTaskPlan active
        = DemoPlans::queued(QStringLiteral("video_mwfilter_active01"), QStringLiteral("A lighthouse in a storm"));
    active.model = QStringLiteral("sora-2-pro");
    const DemoTaskPlan done
        = DemoPlans::finished(QStringLiteral("video_mwfilter_done02"), QStringLiteral("A red fox in snow"));
    const DemoTaskPlan failed
        = DemoPlans::finished(QStringLiteral("video_mwfilter_fail03"), QStringLiteral("Paper boat on a river"), true);
    const DemoTaskPlan archived
        = DemoPlans::queued(QStringLiteral("video_mwfilter_arch05"), QStringLiteral("A city skyline at dawn"));
    const QString missing = QStringLiteral("video_mwfilter_missing04"); // the server never heard of it
    addPlans({active}, QStringLiteral("Coast"));
    addPlans({done}, QStringLiteral("Winter"));
    addPlans({failed, archived});
    QVERIFY(m_window->addTasks({missing}, m_profileId));

    QTRY_COMPARE_WITH_TIMEOUT(statusText(active.id), QStringLiteral("Queued"), kSettleMs);
    QTRY_COMPARE_WITH_TIMEOUT(statusText(done.id), QStringLiteral("Succeeded"), kSettleMs);
    QTRY_COMPARE_WITH_TIMEOUT(statusText(failed.id), QStringLiteral("Failed"), kSettleMs);
    QTRY_COMPARE_WITH_TIMEOUT(statusText(archived.id), QStringLiteral("Queued"), kSettleMs);
    // Not found, and given up on after the answers the profile allows.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->model()->task(m_profileId, missing)->gaveUp, kSettleMs);
    QCOMPARE(statusText(missing), QStringLiteral("Not found"));
    clickRows({archived.id});
    action(QStringLiteral("Arc&hive"))->trigger();

    auto* filter = m_window->findChild<QComboBox*>(QStringLiteral("statusFilter"));
    QVERIFY(filter);
    QStringList choices;
    for (int i = 0; i < filter->count(); ++i)
        choices << filter->itemText(i);
    QCOMPARE(choices,
             (QStringList{QStringLiteral("All"), QStringLiteral("Active"), QStringLiteral("Succeeded"),
                          QStringLiteral("Failed"), QStringLiteral("Problems"), QStringLiteral("Archived")}));

    const QStringList onBoard{active.id, done.id, failed.id, missing};
    QCOMPARE(visibleIds(), onBoard);
    setFilter(QStringLiteral("Active"));
    QCOMPARE(visibleIds(), QStringList{active.id});
    setFilter(QStringLiteral("Succeeded"));
    QCOMPARE(visibleIds(), QStringList{done.id});
    setFilter(QStringLiteral("Failed"));
    QCOMPARE(visibleIds(), QStringList{failed.id});
    setFilter(QStringLiteral("Problems"));
    QCOMPARE(visibleIds(), QStringList{missing});
    setFilter(QStringLiteral("Archived"));
    QCOMPARE(visibleIds(), QStringList{archived.id});
    setFilter(QStringLiteral("All"));
    QCOMPARE(visibleIds(), onBoard);

    auto* field = m_window->findChild<QLineEdit*>(QStringLiteral("searchField"));
    QVERIFY(field);
    const auto search = [this, field](const QString& text) {
        field->setText(text);
        QTRY_COMPARE(m_window->proxy()->searchText(), text.toLower());
    };
    QTest::keyClicks(field, QStringLiteral("done02")); // by ID, typed
    // The board filters after a pause in typing: wait until the search has been applied.
    QTRY_COMPARE(m_window->proxy()->searchText(), QStringLiteral("done02"));
    QCOMPARE(visibleIds(), QStringList{done.id});
    search(QStringLiteral("WINTER")); // by label, any case
    QCOMPARE(visibleIds(), QStringList{done.id});
    search(QStringLiteral("lighthouse")); // by prompt
    QCOMPARE(visibleIds(), QStringList{active.id});
    search(QStringLiteral("sora-2-pro")); // by model
    QCOMPARE(visibleIds(), QStringList{active.id});
    search(QStringLiteral("paper river")); // every word, anywhere
    QCOMPARE(visibleIds(), QStringList{failed.id});
    search(QStringLiteral("paper fox"));
    QCOMPARE(visibleIds(), QStringList());
    search(QStringLiteral("mwfilter"));
    QCOMPARE(visibleIds(), onBoard);
    // Search and status filter together.
    setFilter(QStringLiteral("Succeeded"));
    search(QStringLiteral("lighthouse"));
    QCOMPARE(visibleIds(), QStringList());
    search(QStringLiteral("skyline"));
    QCOMPARE(visibleIds(), QStringList());
    setFilter(QStringLiteral("Archived"));
    QCOMPARE(visibleIds(), QStringList{archived.id});
    search(QString());
    setFilter(QStringLiteral("All"));
    QCOMPARE(visibleIds(), onBoard);
}

void TestMainWindow::copiesEveryKindWithoutTheKey()
{
    createWindow();
    // Titled (by their prompts) so that sorting by the title column puts them in this order.
    const DemoTaskPlan boat = DemoPlans::finished(QStringLiteral("video_mwcopy_a1b2c3"),
                                                  QStringLiteral("A paper boat drifting\ndown a rain-soaked street"));
    const DemoTaskPlan fox
        = DemoPlans::finished(QStringLiteral("video_mwcopy_b4d5e6"), QStringLiteral("A red fox in snow"));
    const DemoTaskPlan city
        = DemoPlans::queued(QStringLiteral("video_mwcopy_c7f8a9"), QStringLiteral("A turquoise city at dawn"));
    addPlans({boat, fox, city});
    QTRY_COMPARE_WITH_TIMEOUT(statusText(boat.id), QStringLiteral("Succeeded"), kSettleMs);
    QTRY_COMPARE_WITH_TIMEOUT(statusText(fox.id), QStringLiteral("Succeeded"), kSettleMs);
    QTRY_COMPARE_WITH_TIMEOUT(statusText(city.id), QStringLiteral("Queued"), kSettleMs);
    m_window->table()->sortByColumn(TaskTableModel::TaskColumn, Qt::AscendingOrder);

    const QString base = m_server->baseUrl().toString();
    QVERIFY(base.startsWith(QStringLiteral("http://127.0.0.1:")));
    // These bodies no longer change (finished, or queued for the rest of the test).
    const QByteArray boatBody = fetchBody(boat.id);
    const QByteArray foxBody = fetchBody(fox.id);
    const QByteArray cityBody = fetchBody(city.id);
    const qint64 createdAt = QJsonDocument::fromJson(boatBody).object().value(QStringLiteral("created_at")).toInteger();
    QVERIFY2(createdAt > 1700000000, boatBody.constData());

    // One task.
    clickRows({boat.id});
    QCOMPARE(copy(QStringLiteral("Copy &ID")), boat.id);
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Copied the task ID."));
    // The API's content route needs the key: it is no link for a browser, and not copied as one.
    QCOMPARE(copy(QStringLiteral("Copy result &link")), QStringLiteral("(nothing copied)"));
    QVERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("needs the key")),
             qPrintable(m_window->statusBar()->currentMessage()));
    QCOMPARE(copy(QStringLiteral("Copy &JSON")),
             QStringLiteral("{\n"
                            "    \"completed_at\": %1,\n"
                            "    \"created_at\": %1,\n"
                            "    \"error\": null,\n"
                            "    \"expires_at\": %2,\n"
                            "    \"id\": \"video_mwcopy_a1b2c3\",\n"
                            "    \"model\": \"sora-2\",\n"
                            "    \"object\": \"video\",\n"
                            "    \"progress\": 100,\n"
                            "    \"prompt\": \"A paper boat drifting\\ndown a rain-soaked street\",\n"
                            "    \"remixed_from_video_id\": null,\n"
                            "    \"seconds\": \"8\",\n"
                            "    \"size\": \"720x1280\",\n"
                            "    \"status\": \"completed\"\n"
                            "}")
                 .arg(createdAt)
                 .arg(createdAt + 3600));
    const QString curl = copy(QStringLiteral("Copy as c&url"));
    QCOMPARE(curl,
             QStringLiteral("curl -sS -H 'Authorization: Bearer '\"$REELWATCH_API_KEY\" '%1/v1/videos/%2'")
                 .arg(base, boat.id));
    QVERIFY(curl.contains(QStringLiteral("$REELWATCH_API_KEY")));
    QVERIFY(!curl.contains(QString::fromLatin1(kSecret)));
    QCOMPARE(copy(QStringLiteral("Copy &prompt")), QStringLiteral("A paper boat drifting\ndown a rain-soaked street"));

    // The Ctrl+C key itself copies the ID while the table has the focus.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    m_window->table()->setFocus();
    QApplication::clipboard()->setText(QStringLiteral("(nothing copied)"));
    QTest::keySequence(m_window->table(), QKeySequence::Copy);
    QCOMPARE(QApplication::clipboard()->text(), boat.id);

    // Several tasks: one line each, in the order shown; tasks without anything of the kind skipped.
    clickRows({city.id, boat.id, fox.id});
    QCOMPARE(copy(QStringLiteral("Copy &ID")),
             QStringLiteral("video_mwcopy_a1b2c3\nvideo_mwcopy_b4d5e6\nvideo_mwcopy_c7f8a9"));
    QCOMPARE(copy(QStringLiteral("Copy result &link")), QStringLiteral("(nothing copied)"));
    // JSON Lines: each line the server's own compact body.
    const QString jsonLines = copy(QStringLiteral("Copy &JSON"));
    QCOMPARE(jsonLines, QString::fromUtf8(boatBody + '\n' + foxBody + '\n' + cityBody));
    QVERIFY(cityBody.contains("\"status\":\"queued\""));
    QCOMPARE(
        copy(QStringLiteral("Copy as c&url")),
        QStringLiteral("curl -sS -H 'Authorization: Bearer '\"$REELWATCH_API_KEY\" '%1/v1/videos/video_mwcopy_a1b2c3'\n"
                       "curl -sS -H 'Authorization: Bearer '\"$REELWATCH_API_KEY\" '%1/v1/videos/video_mwcopy_b4d5e6'\n"
                       "curl -sS -H 'Authorization: Bearer '\"$REELWATCH_API_KEY\" '%1/v1/videos/video_mwcopy_c7f8a9'")
            .arg(base));
    // One prompt per line: the boat's line break becomes a space.
    QCOMPARE(
        copy(QStringLiteral("Copy &prompt")),
        QStringLiteral("A paper boat drifting down a rain-soaked street\nA red fox in snow\nA turquoise city at dawn"));

    // Nothing selected: nothing to copy.
    m_window->table()->clearSelection();
    QVERIFY(!action(QStringLiteral("Copy &ID"))->isEnabled());
    QVERIFY(!action(QStringLiteral("Copy as c&url"))->isEnabled());
}

void TestMainWindow::downloadShowsProgressThenPlaysAndCancels()
{
    const QString folder = m_dir->filePath(QStringLiteral("Videos"));
    m_settings->setDownloadFolder(folder);
    m_server->setContentViaCdn(true);
    createWindow();
    DemoTaskPlan small = DemoPlans::finished(QStringLiteral("video_save_small_0001"), QStringLiteral("small"));
    DemoTaskPlan big = DemoPlans::finished(QStringLiteral("video_save_big_0001"), QStringLiteral("big"));
    big.contentBytes = 400LL * 1024 * 1024; // streamed by the CDN, long enough to cancel
    DemoTaskPlan rendering = DemoPlans::queued(QStringLiteral("video_save_notyet_01"), QStringLiteral("queued"));
    addPlans({small, big, rendering});
    QTRY_COMPARE_WITH_TIMEOUT(statusText(small.id), QStringLiteral("Succeeded"), kSettleMs);
    QTRY_COMPARE_WITH_TIMEOUT(statusText(big.id), QStringLiteral("Succeeded"), kSettleMs);

    QAction* download = action(QStringLiteral("&Download video"));
    QVERIFY(download);
    clickRows({rendering.id});
    QVERIFY(!download->isEnabled()); // nothing to download yet
    clickRows({small.id});
    QVERIFY(download->isEnabled());
    download->trigger();
    auto* row = m_window->detailsPane()->findChild<QWidget*>(QStringLiteral("downloadRow"));
    auto* play = m_window->detailsPane()->findChild<QPushButton*>(QStringLiteral("downloadPlay"));
    auto* show = m_window->detailsPane()->findChild<QPushButton*>(QStringLiteral("downloadShow"));
    auto* cancel = m_window->detailsPane()->findChild<QPushButton*>(QStringLiteral("downloadCancel"));
    QVERIFY(row && play && show && cancel);
    QTRY_VERIFY2_WITH_TIMEOUT(play->isVisible(), qPrintable(m_window->statusBar()->currentMessage()), kSettleMs);
    const QString saved = QDir(folder).filePath(small.id + QStringLiteral(".mp4"));
    QFile file(saved);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(saved));
    const qint64 size = m_server->contentSize(small.id, QStringLiteral("video"));
    QCOMPARE(file.readAll(), DemoServer::contentSlice(small.id, QStringLiteral("video"), 0, size));
    QVERIFY(m_window->statusBar()->currentMessage().contains(QDir::toNativeSeparators(saved)));

    OpenedUrls opened;
    QDesktopServices::setUrlHandler(QStringLiteral("file"), &opened, "open");
    QTest::mouseClick(play, Qt::LeftButton);
    QTest::mouseClick(show, Qt::LeftButton);
    QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
    QCOMPARE(opened.urls, (QList<QUrl>{QUrl::fromLocalFile(saved), QUrl::fromLocalFile(folder)}));

    // A long one: progress and Cancel while it runs; cancelled, nothing under the final name.
    clickRows({big.id});
    download->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(cancel->isVisible(), kSettleMs);
    QVERIFY(!play->isVisible());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!row->isVisible(), kSettleMs);
    QVERIFY(!QFile::exists(QDir(folder).filePath(big.id + QStringLiteral(".mp4"))));
    for (const DemoCdnRequest& request : m_server->cdn()->requests())
        QVERIFY(request.authorization.isEmpty() && request.token.isEmpty()); // the key stays with the API
}

void TestMainWindow::archivedTasksMoveAndAreNoLongerPolled()
{
    createWindow();
    const DemoTaskPlan shelved = DemoPlans::queued(QStringLiteral("video_mwarchive_a1b2"), QStringLiteral("Shelved"));
    const DemoTaskPlan kept = DemoPlans::queued(QStringLiteral("video_mwarchive_c3d4"), QStringLiteral("Kept"));
    addPlans({shelved, kept});
    // Both are polled again and again while on the board.
    QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCountFor(statusPath(shelved.id)) >= 2, kSettleMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCountFor(statusPath(kept.id)) >= 2, kSettleMs);

    clickRows({shelved.id});
    QAction* archive = action(QStringLiteral("Arc&hive"));
    QVERIFY(archive && archive->isEnabled());
    QCOMPARE(archive->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    archive->trigger();
    const int atArchive = m_server->requestCountFor(statusPath(shelved.id));
    QCOMPARE(visibleIds(), QStringList{kept.id});
    QVERIFY(m_store->task(m_profileId, shelved.id)->archived);
    QVERIFY2(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Archived 1 task")),
             qPrintable(m_window->statusBar()->currentMessage()));
    setFilter(QStringLiteral("Archived"));
    QCOMPARE(visibleIds(), QStringList{shelved.id});
    setFilter(QStringLiteral("All"));

    // A request already on its way may still arrive; after that, none. The other task, still on
    // the board, is the clock: three more polls of it without one of the archived task.
    int keptCount = m_server->requestCountFor(statusPath(kept.id));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCountFor(statusPath(kept.id)) >= keptCount + 1, kSettleMs);
    const int settled = m_server->requestCountFor(statusPath(shelved.id));
    QVERIFY2(settled <= atArchive + 1, qPrintable(QStringLiteral("%1 → %2").arg(atArchive).arg(settled)));
    keptCount = m_server->requestCountFor(statusPath(kept.id));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCountFor(statusPath(kept.id)) >= keptCount + 3, kSettleMs);
    QCOMPARE(m_server->requestCountFor(statusPath(shelved.id)), settled);

    // Out of the archive again, it is polled again.
    setFilter(QStringLiteral("Archived"));
    clickRows({shelved.id});
    QAction* unarchive = action(QStringLiteral("Unarc&hive"));
    QVERIFY(unarchive);
    unarchive->trigger();
    QVERIFY(!m_store->task(m_profileId, shelved.id)->archived);
    QCOMPARE(visibleIds(), QStringList());
    QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCountFor(statusPath(shelved.id)) > settled, kSettleMs);
}

void TestMainWindow::removalCanBeUndoneAndOtherwiseSticks()
{
    createWindow();
    const DemoTaskPlan first = DemoPlans::queued(QStringLiteral("video_mwremove_a1b2"), QStringLiteral("First"));
    const DemoTaskPlan second = DemoPlans::queued(QStringLiteral("video_mwremove_c3d4"), QStringLiteral("Second"));
    const DemoTaskPlan stays = DemoPlans::queued(QStringLiteral("video_mwremove_e5f6"), QStringLiteral("Stays"));
    addPlans({first, second, stays}, QStringLiteral("Batch"));
    QTRY_COMPARE_WITH_TIMEOUT(statusText(first.id), QStringLiteral("Queued"), kSettleMs);
    // Undo restores rows from the store, which records in the background: let it catch up first
    // (undoRightAfterAnUpdateKeepsTheLatestStatus covers the moment before it has).
    for (const QString& id : {first.id, second.id})
        QTRY_VERIFY_WITH_TIMEOUT(m_store->task(m_profileId, id)->last, kSettleMs);

    auto* undoBar = m_window->findChild<QWidget*>(QStringLiteral("undoBar"));
    auto* undoButton = m_window->findChild<QPushButton*>(QStringLiteral("undoButton"));
    QVERIFY(undoBar && undoButton);
    QVERIFY(!undoBar->isVisible());

    // The Delete key on the table removes the selected rows from the board, not yet from the store.
    clickRows({first.id, second.id});
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    m_window->table()->setFocus();
    QTest::keySequence(m_window->table(), QKeySequence::Delete);
    QCOMPARE(visibleIds(), QStringList{stays.id});
    QVERIFY(undoBar->isVisible());
    QVERIFY(m_store->task(m_profileId, first.id));
    QVERIFY(m_store->task(m_profileId, second.id));

    undoButton->click();
    QVERIFY(!undoBar->isVisible());
    QCOMPARE(visibleIds(), (QStringList{first.id, second.id, stays.id}));
    QVERIFY2(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Restored 2 task")),
             qPrintable(m_window->statusBar()->currentMessage()));
    QCOMPARE(m_window->model()->task(m_profileId, first.id)->label, QStringLiteral("Batch"));
    QCOMPARE(statusText(first.id), QStringLiteral("Queued"));

    // Without undo, the removal reaches the store when the undo window closes.
    clickRows({first.id, second.id});
    QAction* remove = action(QStringLiteral("Re&move"));
    QVERIFY(remove);
    QElapsedTimer sinceRemoval;
    sinceRemoval.start();
    remove->trigger();
    QCOMPARE(visibleIds(), QStringList{stays.id});
    QVERIFY(m_store->task(m_profileId, first.id)); // still undoable
    QTRY_VERIFY_WITH_TIMEOUT(!m_store->task(m_profileId, first.id), 30000);
    QVERIFY2(sinceRemoval.elapsed() >= 5000, "removed before anyone could undo it");
    QVERIFY(!m_store->task(m_profileId, second.id));
    QVERIFY(m_store->task(m_profileId, stays.id));
    QVERIFY(!undoBar->isVisible());
    QCOMPARE(visibleIds(), QStringList{stays.id});
}

void TestMainWindow::undoRightAfterAnUpdateKeepsTheLatestStatus()
{
    createWindow();
    const DemoTaskPlan plan = DemoPlans::queued(QStringLiteral("video_mwundo_a1b2"), QStringLiteral("Undone"));
    auto* undoButton = m_window->findChild<QPushButton*>(QStringLiteral("undoButton"));
    QVERIFY(undoButton);

    // Remove and undo while the first answer is on the board but not yet in the store (it records
    // in batches a moment later): in the same turn of the event loop that delivered the answer.
    // Removing writes what the recorder holds first, so the task taken off the board (and put back
    // by the undo) is the one the board showed.
    bool done = false;
    std::optional<StoredTask> storedAtUndo;
    const QMetaObject::Connection connection
        = connect(m_monitor->tasks(), &TaskService::taskUpdated, this, [&](qint64, const TaskUpdate& update) {
              if (done || update.taskId != plan.id || !update.task)
                  return;
              done = true;
              clickRows({plan.id});
              action(QStringLiteral("Re&move"))->trigger();
              storedAtUndo = m_store->task(m_profileId, plan.id);
              undoButton->click();
          });
    addPlans({plan});
    QTRY_VERIFY_WITH_TIMEOUT(done, kSettleMs);
    disconnect(connection);
    QVERIFY(storedAtUndo); // still stored: only the board let it go
    QVERIFY(storedAtUndo->last); // the answer the board had was written before the removal
    QCOMPARE(visibleIds(), QStringList{plan.id});

    // The board must not go back to "Waiting" for a task it had already seen queued; nothing would
    // correct it later, since the next answers are the same and bring no update. Still right once
    // the store has caught up and the task has been polled again.
    QCOMPARE(statusText(plan.id), QStringLiteral("Queued"));
    QTRY_VERIFY_WITH_TIMEOUT(m_store->task(m_profileId, plan.id)->last, kSettleMs);
    const int polled = m_server->requestCountFor(statusPath(plan.id));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCountFor(statusPath(plan.id)) >= polled + 2, kSettleMs);
    QCOMPARE(statusText(plan.id), QStringLiteral("Queued"));
}

void TestMainWindow::deletingTheWindowCommitsAPendingRemoval()
{
    createWindow();
    const DemoTaskPlan doomed = DemoPlans::queued(QStringLiteral("video_mwclose_a1b2"), QStringLiteral("Doomed"));
    const DemoTaskPlan kept = DemoPlans::queued(QStringLiteral("video_mwclose_c3d4"), QStringLiteral("Kept"));
    addPlans({doomed, kept});
    clickRows({doomed.id});
    action(QStringLiteral("Re&move"))->trigger();
    QVERIFY(m_window->findChild<QWidget*>(QStringLiteral("undoBar"))->isVisible());
    QVERIFY(m_store->task(m_profileId, doomed.id));

    delete m_window;
    QVERIFY(!m_store->task(m_profileId, doomed.id));
    QVERIFY(m_store->task(m_profileId, kept.id));

    // A new window shows what the store has.
    createWindow();
    QCOMPARE(visibleIds(), QStringList{kept.id});
}

void TestMainWindow::headerLayoutSurvivesARestart()
{
    createWindow();
    // A task, so the board (not what an empty one says) is shown.
    addPlans({DemoPlans::queued(QStringLiteral("video_mwlayout_a1b2"), QStringLiteral("Layout"))});
    QVERIFY(m_window->table()->isVisible());
    QHeaderView* header = m_window->table()->horizontalHeader();
    // The defaults, so the checks below cannot pass by accident.
    QCOMPARE(header->visualIndex(TaskTableModel::ModelColumn), int(TaskTableModel::ModelColumn));
    QCOMPARE(header->sortIndicatorSection(), int(TaskTableModel::CreatedColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);

    header->moveSection(header->visualIndex(TaskTableModel::ModelColumn), 0);
    // Sorting by clicking the header, twice: descending.
    const auto clickHeader = [header](int column) {
        const int x = header->sectionViewportPosition(column) + header->sectionSize(column) / 2;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, Qt::NoModifier, QPoint(x, header->height() / 2));
    };
    clickHeader(TaskTableModel::SizeColumn);
    QCOMPARE(header->sortIndicatorSection(), int(TaskTableModel::SizeColumn));
    clickHeader(TaskTableModel::SizeColumn);
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    header->resizeSection(TaskTableModel::TaskColumn, 257);
    QVERIFY(m_window->close());
    delete m_window;

    createWindow();
    header = m_window->table()->horizontalHeader();
    QCOMPARE(header->visualIndex(TaskTableModel::ModelColumn), 0);
    QCOMPARE(header->logicalIndex(0), int(TaskTableModel::ModelColumn));
    QCOMPARE(header->sortIndicatorSection(), int(TaskTableModel::SizeColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(header->sectionSize(TaskTableModel::TaskColumn), 257);
    // The proxy sorts by what the header shows.
    QCOMPARE(m_window->proxy()->sortColumn(), int(TaskTableModel::SizeColumn));
    QCOMPARE(m_window->proxy()->sortOrder(), Qt::DescendingOrder);
}

void TestMainWindow::shortcutsAndControlsAreNamed()
{
    createWindow();
    addPlans({DemoPlans::finished(QStringLiteral("video_mwnames_a1b2"), QStringLiteral("Named"))});
    QTRY_COMPARE_WITH_TIMEOUT(statusText(QStringLiteral("video_mwnames_a1b2")), QStringLiteral("Succeeded"), kSettleMs);
    clickRows({QStringLiteral("video_mwnames_a1b2")}); // the details pane shows its controls too

    int withShortcut = 0;
    for (QAction* candidate : m_window->findChildren<QAction*>()) {
        if (candidate->shortcut().isEmpty())
            continue;
        ++withShortcut;
        QVERIFY2(!candidate->text().remove(QLatin1Char('&')).trimmed().isEmpty(),
                 qPrintable(candidate->shortcut().toString()));
    }
    QVERIFY2(withShortcut >= 12, qPrintable(QString::number(withShortcut)));

    int checked = 0;
    QStringList unnamed;
    for (QWidget* widget : m_window->findChildren<QWidget*>()) {
        const bool interactive = qobject_cast<QAbstractButton*>(widget) || qobject_cast<QLineEdit*>(widget)
            || qobject_cast<QComboBox*>(widget) || qobject_cast<QAbstractItemView*>(widget);
        // A header belongs to its table: its sections are the table's column headers.
        if (!interactive || !widget->isVisible() || qobject_cast<QHeaderView*>(widget))
            continue;
        ++checked;
        QString text;
        if (auto* button = qobject_cast<QAbstractButton*>(widget))
            text = button->text();
        if (widget->accessibleName().trimmed().isEmpty() && text.remove(QLatin1Char('&')).trimmed().isEmpty()
            && widget->toolTip().trimmed().isEmpty())
            unnamed << QStringLiteral("%1 “%2” in %3")
                           .arg(QString::fromLatin1(widget->metaObject()->className()), widget->objectName(),
                                widget->parentWidget() ? widget->parentWidget()->objectName() : QString());
    }
    QVERIFY2(checked >= 10, qPrintable(QString::number(checked)));
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral("; "))));

    // The controls people type into or choose from are in the tab chain.
    for (const char* name : {"statusFilter", "searchField", "taskTable"}) {
        auto* widget = m_window->findChild<QWidget*>(QString::fromLatin1(name));
        QVERIFY2(widget && (widget->focusPolicy() & Qt::TabFocus), name);
    }
}

void TestMainWindow::elapsedTickRunsOnlyWhileSomethingIsActive()
{
    // An idle board must not wake the machine every second for a column that does not move.
    createWindow();
    auto* tick = m_window->findChild<QTimer*>(QStringLiteral("elapsedTick"));
    QVERIFY(tick);
    QVERIFY(!tick->isActive()); // nothing on the board yet
    const DemoTaskPlan render
        = DemoPlans::timed(QStringLiteral("video_mwtick_a1b2"), QStringLiteral("Ticking"), 0, 0, 1500);
    addPlans({render});
    QTRY_VERIFY_WITH_TIMEOUT(tick->isActive(), kSettleMs);
    QTRY_COMPARE_WITH_TIMEOUT(statusText(render.id), QStringLiteral("Succeeded"), kSettleMs);
    QTRY_VERIFY_WITH_TIMEOUT(!tick->isActive(), kSettleMs);
}

void TestMainWindow::storeFinished(const QString& id, const QString& resultUrl, std::optional<qint64> expiresAt)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    VideoTask task;
    task.id = id;
    task.object = QStringLiteral("video");
    task.model = QStringLiteral("sora-2");
    task.status = TaskStatus::Success;
    task.rawStatus = QStringLiteral("completed");
    task.progress = 100;
    task.createdAt = now - 600;
    task.completedAt = now - 300;
    task.expiresAt = expiresAt;
    task.resultUrl = resultUrl;
    task.rawJson = QByteArrayLiteral("{}");
    TaskUpdate update;
    update.taskId = id;
    update.task = task;
    update.httpStatus = 200;
    update.outcome.known = true;
    QString error;
    QVERIFY2(m_store->addTasks(m_profileId, {id}, QString(), &error), qPrintable(error));
    QVERIFY2(m_store->recordUpdates(m_profileId, {update}, &error), qPrintable(error));
}

void TestMainWindow::anEmptyBoardOffersTheNextStep()
{
    createWindow();
    auto* empty = m_window->findChild<QWidget*>(QStringLiteral("emptyBoard"));
    QVERIFY(empty);
    auto* title = empty->findChild<QLabel*>(QStringLiteral("emptyBoardTitle"));
    auto* button = empty->findChild<QPushButton*>(QStringLiteral("emptyBoardAction"));
    QVERIFY(title && button);
    // A service but no task: the next step in the middle of the window, not only in the status bar.
    QVERIFY(empty->isVisible());
    QVERIFY(!m_window->table()->isVisible());
    QCOMPARE(title->text(), QStringLiteral("No tasks yet"));
    QCOMPARE(button->text(), QStringLiteral("&Add tasks…"));
    QVERIFY2(empty->accessibleDescription().startsWith(QStringLiteral("No tasks yet. Paste task IDs")),
             qPrintable(empty->accessibleDescription()));
    int dialogs = 0;
    m_window->setAddDialogRunner([&dialogs](QDialog* dialog) {
        ++dialogs;
        dialog->reject();
    });
    button->click();
    QCOMPARE(dialogs, 1);
    // Or the demo, in a window of its own.
    int demos = 0;
    m_window->setDemoLauncher([&demos](QString*) { return ++demos > 0; });
    auto* demo = empty->findChild<QPushButton*>(QStringLiteral("emptyBoardDemo"));
    QVERIFY(demo && demo->isVisible());
    demo->click();
    QCOMPARE(demos, 1);
    QVERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("window of its own")),
             qPrintable(m_window->statusBar()->currentMessage()));
    m_window->setDemoLauncher([](QString* error) {
        *error = QStringLiteral("no such program");
        return false;
    });
    demo->click();
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Could not open the demo: no such program"));

    const DemoTaskPlan render = DemoPlans::queued(QStringLiteral("video_mwempty_a1b2"), QStringLiteral("A kite"));
    addPlans({render});
    QVERIFY(!empty->isVisible());
    QVERIFY(m_window->table()->isVisible());

    // Searched away: what was searched for, and the way back.
    auto* field = m_window->findChild<QLineEdit*>(QStringLiteral("searchField"));
    field->setText(QStringLiteral("zeppelin"));
    QTRY_VERIFY(empty->isVisible());
    QCOMPARE(title->text(), QStringLiteral("No task matches “zeppelin”"));
    QCOMPARE(button->text(), QStringLiteral("&Clear search"));
    button->click();
    QVERIFY(field->text().isEmpty());
    QTRY_VERIFY(!empty->isVisible());
    QVERIFY(m_window->table()->isVisible());

    // Filtered away.
    setFilter(QStringLiteral("Failed"));
    QVERIFY(empty->isVisible());
    QCOMPARE(title->text(), QStringLiteral("No failed renders"));
    QCOMPARE(button->text(), QStringLiteral("&Show all"));
    button->click();
    QCOMPARE(m_window->findChild<QComboBox*>(QStringLiteral("statusFilter"))->currentText(), QStringLiteral("All"));
    QVERIFY(!empty->isVisible());

    // Everything archived.
    clickRows({render.id});
    action(QStringLiteral("Arc&hive"))->trigger();
    QVERIFY(empty->isVisible());
    QCOMPARE(title->text(), QStringLiteral("Every task is archived"));
    QCOMPARE(button->text(), QStringLiteral("&Show archived"));
    button->click();
    QCOMPARE(visibleIds(), QStringList{render.id});
    QVERIFY(!empty->isVisible());
}

void TestMainWindow::copyResultLinkGivesOnlyABrowserLink()
{
    const QString cdn = QStringLiteral("https://cdn.example.net/v/abc.mp4?sig=a%7Eb");
    storeFinished(QStringLiteral("video_mwlink_cdn1"), cdn, std::nullopt);
    storeFinished(QStringLiteral("video_mwlink_api2"),
                  m_server->baseUrl().toString() + QStringLiteral("/v1/videos/video_mwlink_api2/content"),
                  std::nullopt);
    createWindow();
    clickRows({QStringLiteral("video_mwlink_cdn1")});
    QCOMPARE(copy(QStringLiteral("Copy result &link")), cdn);
    // A link on the API's own server needs the key as much as the content route does.
    clickRows({QStringLiteral("video_mwlink_api2")});
    QCOMPARE(copy(QStringLiteral("Copy result &link")), QStringLiteral("(nothing copied)"));
    QVERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("needs the key")),
             qPrintable(m_window->statusBar()->currentMessage()));
    clickRows({QStringLiteral("video_mwlink_cdn1"), QStringLiteral("video_mwlink_api2")});
    QCOMPARE(copy(QStringLiteral("Copy result &link")), cdn);
}

void TestMainWindow::openInBrowserSaysWhyItCannot()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QString fresh = QStringLiteral("https://cdn.example.net/v/fresh.mp4");
    storeFinished(QStringLiteral("video_mwopen_fresh"), fresh, now + 3600);
    storeFinished(QStringLiteral("video_mwopen_expired"), QStringLiteral("https://cdn.example.net/v/old.mp4"),
                  now - 7200);
    createWindow();
    const DemoTaskPlan content = DemoPlans::finished(QStringLiteral("video_mwopen_content"), QStringLiteral("Content"));
    const DemoTaskPlan queued = DemoPlans::queued(QStringLiteral("video_mwopen_queued"), QStringLiteral("Queued"));
    addPlans({content, queued});
    QTRY_COMPARE_WITH_TIMEOUT(statusText(content.id), QStringLiteral("Succeeded"), kSettleMs);
    QTRY_COMPARE_WITH_TIMEOUT(statusText(queued.id), QStringLiteral("Queued"), kSettleMs);

    QAction* open = action(QStringLiteral("&Open in browser"));
    QVERIFY(open);
    const auto why = [this, open](const QString& id) {
        clickRows({id});
        return open->isEnabled() ? QStringLiteral("(enabled)") : open->toolTip();
    };
    QVERIFY2(why(queued.id).contains(QStringLiteral("not finished")), qPrintable(why(queued.id)));
    QVERIFY2(why(content.id).contains(QStringLiteral("needs the key")), qPrintable(why(content.id)));
    const QString expired = why(QStringLiteral("video_mwopen_expired"));
    const QString at
        = QLocale().toString(QDateTime::fromSecsSinceEpoch(now - 7200).toLocalTime().time(), QLocale::ShortFormat);
    QVERIFY2(expired.contains(QStringLiteral("expired at ")) && expired.contains(at), qPrintable(expired));
    // The reason is in the status bar's tip too, for the menus.
    QCOMPARE(open->statusTip(), expired);

    QCOMPARE(why(QStringLiteral("video_mwopen_fresh")), QStringLiteral("(enabled)"));
    OpenedUrls opened;
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &opened, "open");
    open->trigger();
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    QCOMPARE(opened.urls, QList<QUrl>{QUrl(fresh)});
}

void TestMainWindow::theDownloadCommandFetchesTheVideoWithoutSendingTheKeyAway()
{
    // The content route needs the key and redirects to a storage host: the command copied for it
    // sends the key to the API alone and fetches the video from where the API points.
    const QString curlProgram = QStandardPaths::findExecutable(QStringLiteral("curl"));
    if (curlProgram.isEmpty())
        QSKIP("curl is not installed");
    m_server->setContentViaCdn(true);
    createWindow();
    const DemoTaskPlan done = DemoPlans::finished(QStringLiteral("video_mwcurl_a1b2"), QStringLiteral("Fetched"));
    addPlans({done});
    QTRY_COMPARE_WITH_TIMEOUT(statusText(done.id), QStringLiteral("Succeeded"), kSettleMs);
    clickRows({done.id});
    const QString command = copy(QStringLiteral("Copy &download command (curl)"));
    QVERIFY2(command.startsWith(QStringLiteral("(url=$(curl ")), qPrintable(command));
    QVERIFY(!command.contains(QString::fromLatin1(kSecret)));

    QTemporaryDir folder;
    QProcess shell;
    shell.setWorkingDirectory(folder.path());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("REELWATCH_API_KEY"), QString::fromLatin1(kSecret));
    shell.setProcessEnvironment(environment);
    m_server->cdn()->clearRequests();
    // The demo server answers in this process: keep its event loop turning while the shell runs.
    shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
    QVERIFY(shell.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(shell.state() == QProcess::NotRunning, kSettleMs);
    QVERIFY2(shell.exitCode() == 0, shell.readAllStandardError().constData());
    QFile video(folder.filePath(done.id + QStringLiteral(".mp4")));
    QVERIFY2(video.open(QIODevice::ReadOnly), qPrintable(video.fileName()));
    const qint64 size = m_server->contentSize(done.id, QStringLiteral("video"));
    QCOMPARE(video.readAll(), DemoServer::contentSlice(done.id, QStringLiteral("video"), 0, size));
    const QList<DemoCdnRequest> cdnRequests = m_server->cdn()->requests();
    QVERIFY(!cdnRequests.isEmpty());
    for (const DemoCdnRequest& request : cdnRequests)
        QVERIFY2(request.authorization.isEmpty() && request.token.isEmpty(), qPrintable(request.path));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

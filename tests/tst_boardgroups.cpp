// Grouping the board by day, profile or status: TaskGroupProxy over the real model and filter
// (header rows, their order and titles, folding, the selection carried through regroups, tasks
// moving between groups, the ungrouped pass-through), and the window (offscreen) with both views:
// full-width headers in the table and the gallery, folding by click and Space, the menu, the
// settings kept across a restart, and focusTask() opening a folded group.
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "secrets/memorysecretstore.h"
#include "store/store.h"
#include "storeprofiles.h"
#include "ui/board/boardgrouping.h"
#include "ui/board/taskfilterproxy.h"
#include "ui/board/taskgroupproxy.h"
#include "ui/board/tasktablemodel.h"
#include "ui/desktop/autostart.h"
#include "ui/gallery/galleryview.h"
#include "ui/preview/previewcontroller.h"
#include "ui/settings/appsettings.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/translations.h"

#include <memory>
#include <QAction>
#include <QDateTime>
#include <QDialog>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Reelwatch;

namespace {

// Noon, local time, so "yesterday" and "10 days ago" are whole days whatever the time zone.
qint64 noonToday()
{
    return QDateTime(QDate::currentDate(), QTime(12, 0)).toMSecsSinceEpoch();
}

constexpr qint64 kDayMs = 24LL * 3600 * 1000;

StoredTask task(qint64 profileId, const QString& id, TaskStatus status, qint64 createdMs, const QString& prompt = {})
{
    StoredTask stored;
    stored.profileId = profileId;
    stored.taskId = id;
    stored.addedAtMs = createdMs;
    stored.last = VideoTask{};
    stored.last->id = id;
    stored.last->status = status;
    stored.last->rawStatus = QStringLiteral("whatever");
    stored.last->createdAt = createdMs / 1000;
    stored.last->prompt = prompt.isEmpty() ? QStringLiteral("A render called ") + id : prompt;
    if (status == TaskStatus::Success || status == TaskStatus::Failure)
        stored.last->completedAt = createdMs / 1000 + 60;
    return stored;
}

struct Rows
{
    QStringList headers; // titles, in order
    QStringList all; // "# Title" for headers, task IDs otherwise
};

Rows rowsOf(const TaskGroupProxy& proxy)
{
    Rows rows;
    for (int row = 0; row < proxy.rowCount(); ++row) {
        const QModelIndex index = proxy.index(row, 0);
        if (proxy.isHeader(index)) {
            rows.headers << index.data().toString();
            rows.all << QStringLiteral("# ") + index.data().toString();
        } else {
            rows.all << index.data(TaskTableModel::TaskIdRole).toString();
        }
    }
    return rows;
}

} // namespace

class TestBoardGroups : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void daysNewestFirstWithTheirTasksInTheBoardsOrder();
    void oldestFirstTurnsTheDaysAroundAndMidnightRenamesThem();
    void profilesByNameAndStatusesByAttention();
    void aHeaderIsNeitherSelectableNorATask();
    void foldingTakesTasksOutAndTheSelectionStays();
    void aTaskWhoseStatusChangesMovesToItsGroupWithItsSelection();
    void ungroupedRowsPassStraightThrough();
    void theFilterAndSearchApplyInsideGroups();

    void bothViewsShowHeadersAcrossTheirWidthAndFoldOnClickAndSpace();
    void groupingAndFoldsAreKeptAcrossARestart();
    void focusingATaskOpensItsFoldedGroup();

private:
    void fillModel();
    void startWindow();

    // The unit cases: a model and the two proxies, as the window chains them.
    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<TaskFilterProxy> m_filter;
    std::unique_ptr<TaskGroupProxy> m_groups;

    // The window cases.
    std::unique_ptr<QTemporaryDir> m_dir;
    Store* m_store = nullptr;
    MemorySecretStore* m_secrets = nullptr;
    AppSettings* m_settings = nullptr;
    Autostart* m_autostart = nullptr;
    Monitor* m_monitor = nullptr;
    QPointer<MainWindow> m_window;
    qint64 m_profileId = 0;
};

void TestBoardGroups::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ReelwatchTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_boardgroups"));
    qunsetenv("REELWATCH_API_KEY");
    installTranslationsFor(qApp, QLocale(QLocale::English, QLocale::UnitedStates)); // plural forms
}

void TestBoardGroups::init()
{
    m_model = std::make_unique<TaskTableModel>();
    const qint64 now = noonToday() + 3600 * 1000;
    m_model->setNowFunction([now] { return now; });
    m_filter = std::make_unique<TaskFilterProxy>();
    m_filter->setSourceModel(m_model.get());
    m_filter->sort(TaskTableModel::CreatedColumn, Qt::DescendingOrder);
    m_groups = std::make_unique<TaskGroupProxy>();
    m_groups->setNowFunction([now] { return now; });
    m_groups->setSourceModel(m_filter.get());
    m_groups->setProfileNames({{1, QStringLiteral("Sora gateway")}, {2, QStringLiteral("kling")}});
}

void TestBoardGroups::cleanup()
{
    delete m_window;
    delete m_monitor;
    m_monitor = nullptr;
    delete m_autostart;
    m_autostart = nullptr;
    delete m_settings;
    m_settings = nullptr;
    delete m_secrets;
    m_secrets = nullptr;
    delete m_store;
    m_store = nullptr;
    m_dir.reset();
    m_groups.reset();
    m_filter.reset();
    m_model.reset();
}

void TestBoardGroups::fillModel()
{
    const qint64 noon = noonToday();
    m_model->addTasks({
        task(1, QStringLiteral("today_a"), TaskStatus::Success, noon),
        task(2, QStringLiteral("today_b"), TaskStatus::InProgress, noon + 60'000),
        task(1, QStringLiteral("yesterday_a"), TaskStatus::Failure, noon - kDayMs),
        task(2, QStringLiteral("yesterday_b"), TaskStatus::Queued, noon - kDayMs - 60'000),
        task(1, QStringLiteral("old"), TaskStatus::Success, noon - 10 * kDayMs),
        task(2, QStringLiteral("last_year"), TaskStatus::Success, noon - 400 * kDayMs),
    });
}

void TestBoardGroups::daysNewestFirstWithTheirTasksInTheBoardsOrder()
{
    fillModel();
    QCOMPARE(m_groups->rowCount(), 6); // ungrouped: the filter's rows as they are
    m_groups->setGrouping(TaskGroupProxy::Grouping::Day);
    const Rows rows = rowsOf(*m_groups);
    const QDate tenDaysAgo = QDate::currentDate().addDays(-10);
    const QDate lastYear = QDateTime::fromMSecsSinceEpoch(noonToday() - 400 * kDayMs).date();
    const QString tenDaysTitle = tenDaysAgo.year() == QDate::currentDate().year()
        ? QLocale().toString(tenDaysAgo, QStringLiteral("d MMMM"))
        : QLocale().toString(tenDaysAgo, QStringLiteral("d MMMM yyyy"));
    QCOMPARE(rows.all,
             (QStringList{QStringLiteral("# Today"), QStringLiteral("today_b"), QStringLiteral("today_a"),
                          QStringLiteral("# Yesterday"), QStringLiteral("yesterday_a"), QStringLiteral("yesterday_b"),
                          QStringLiteral("# ") + tenDaysTitle, QStringLiteral("old"),
                          QStringLiteral("# ") + QLocale().toString(lastYear, QStringLiteral("d MMMM yyyy")),
                          QStringLiteral("last_year")}));
    const QModelIndex today = m_groups->index(0, 0);
    QCOMPARE(today.data(TaskGroupProxy::GroupCountRole).toInt(), 2);
    QCOMPARE(today.data(TaskGroupProxy::GroupKeyRole).toString(), QDate::currentDate().toString(Qt::ISODate));
    QCOMPARE(today.data(Qt::AccessibleTextRole).toString(), QStringLiteral("Today, 2 tasks"));
    // Every cell of a header carries its title (with moved columns each cell draws its part).
    QCOMPARE(today.siblingAtColumn(TaskTableModel::StatusColumn).data().toString(), QStringLiteral("Today"));
    QVERIFY(!today.siblingAtColumn(TaskTableModel::StatusColumn).data(TaskTableModel::BadgeKindRole).isValid());
    QCOMPARE(m_groups->groupCount(), 4);
    // The columns' titles are the model's, though the first row is a header.
    QCOMPARE(m_groups->headerData(TaskTableModel::CreatedColumn, Qt::Horizontal).toString(),
             m_model->headerData(TaskTableModel::CreatedColumn, Qt::Horizontal).toString());
}

void TestBoardGroups::oldestFirstTurnsTheDaysAroundAndMidnightRenamesThem()
{
    fillModel();
    m_groups->setGrouping(TaskGroupProxy::Grouping::Day);
    m_filter->sort(TaskTableModel::CreatedColumn, Qt::AscendingOrder);
    QCOMPARE(rowsOf(*m_groups).all.mid(rowsOf(*m_groups).all.size() - 3),
             (QStringList{QStringLiteral("# Today"), QStringLiteral("today_a"), QStringLiteral("today_b")}));
    // Sorted by anything else, the newest day still comes first.
    m_filter->sort(TaskTableModel::TaskColumn, Qt::AscendingOrder);
    QCOMPARE(rowsOf(*m_groups).headers.first(), QStringLiteral("Today"));
    // A day later "Today" is "Yesterday", and the day before is named by its weekday.
    const qint64 tomorrow = noonToday() + kDayMs;
    m_groups->setNowFunction([tomorrow] { return tomorrow; });
    const QStringList headers = rowsOf(*m_groups).headers;
    QCOMPARE(headers.at(0), QStringLiteral("Yesterday"));
    QCOMPARE(headers.at(1), QLocale().dayName(QDate::currentDate().addDays(-1).dayOfWeek()));
}

void TestBoardGroups::profilesByNameAndStatusesByAttention()
{
    fillModel();
    m_groups->setGrouping(TaskGroupProxy::Grouping::Profile);
    // By name, case aside: "kling" (2) before "Sora gateway" (1).
    QCOMPARE(rowsOf(*m_groups).headers, (QStringList{QStringLiteral("kling"), QStringLiteral("Sora gateway")}));
    QCOMPARE(m_groups->index(0, 0).data(TaskGroupProxy::GroupKeyRole).toString(), QStringLiteral("profile:2"));
    m_groups->setProfileNames({{1, QStringLiteral("Azure")}, {2, QStringLiteral("kling")}});
    QCOMPARE(rowsOf(*m_groups).headers, (QStringList{QStringLiteral("Azure"), QStringLiteral("kling")}));

    m_model->addTask(task(1, QStringLiteral("missing"), TaskStatus::Unknown, noonToday()));
    TaskUpdate notFound;
    notFound.taskId = QStringLiteral("missing");
    notFound.error = ApiError::of(ErrorKind::NotFound, ErrorReason::TaskNotFound, 404);
    notFound.httpStatus = 404;
    m_model->applyUpdate(1, notFound);
    m_groups->setGrouping(TaskGroupProxy::Grouping::Status);
    QCOMPARE(rowsOf(*m_groups).headers,
             (QStringList{QStringLiteral("Needs attention"), QStringLiteral("Failed"), QStringLiteral("Rendering"),
                          QStringLiteral("Waiting"), QStringLiteral("Succeeded")}));
    QCOMPARE(m_groups->index(m_groups->headerRow(QStringLiteral("status:succeeded")), 0)
                 .data(TaskGroupProxy::GroupCountRole)
                 .toInt(),
             3);
}

void TestBoardGroups::aHeaderIsNeitherSelectableNorATask()
{
    fillModel();
    m_groups->setGrouping(TaskGroupProxy::Grouping::Status);
    const QModelIndex header = m_groups->index(0, 0);
    QVERIFY(m_groups->isHeader(header));
    QCOMPARE(m_groups->flags(header), Qt::ItemIsEnabled);
    QVERIFY(!m_groups->mapToSource(header).isValid());
    QVERIFY(!header.data(TaskTableModel::TaskIdRole).isValid());
    QVERIFY(!m_groups->isHeader(m_groups->index(1, 0)));
    QVERIFY(m_groups->flags(m_groups->index(1, 0)) & Qt::ItemIsSelectable);
    QCOMPARE(m_groups->index(1, 0).data(TaskGroupProxy::GroupHeaderRole).toBool(), false);
    // Selecting everything selects the tasks only.
    QItemSelectionModel selection(m_groups.get());
    selection.select(
        QItemSelection(m_groups->index(0, 0), m_groups->index(m_groups->rowCount() - 1, m_groups->columnCount() - 1)),
        QItemSelectionModel::Select);
    QCOMPARE(selection.selectedRows().size(), 6);
    for (const QModelIndex& row : selection.selectedRows())
        QVERIFY(!m_groups->isHeader(row));
}

void TestBoardGroups::foldingTakesTasksOutAndTheSelectionStays()
{
    fillModel();
    m_groups->setGrouping(TaskGroupProxy::Grouping::Day);
    QItemSelectionModel selection(m_groups.get());
    const auto rowOf = [this](const QString& id) {
        for (int row = 0; row < m_groups->rowCount(); ++row) {
            if (m_groups->index(row, 0).data(TaskTableModel::TaskIdRole).toString() == id)
                return row;
        }
        return -1;
    };
    selection.setCurrentIndex(m_groups->index(rowOf(QStringLiteral("yesterday_b")), 0),
                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QSignalSpy collapsed(m_groups.get(), &TaskGroupProxy::collapsedChanged);
    const QString today = QDate::currentDate().toString(Qt::ISODate);
    m_groups->toggle(m_groups->index(0, 0));
    QCOMPARE(collapsed.size(), 1);
    QVERIFY(m_groups->isCollapsed(today));
    QCOMPARE(m_groups->collapsedKeys(), QStringList{today});
    QCOMPARE(rowsOf(*m_groups).all.mid(0, 2), (QStringList{QStringLiteral("# Today"), QStringLiteral("# Yesterday")}));
    QVERIFY(m_groups->index(0, 0).data(TaskGroupProxy::GroupCollapsedRole).toBool());
    QCOMPARE(m_groups->index(0, 0).data(Qt::AccessibleTextRole).toString(),
             QStringLiteral("Today, 2 tasks, collapsed"));
    // The selected task moved up two rows and is still the one selected.
    QCOMPARE(selection.currentIndex().data(TaskTableModel::TaskIdRole).toString(), QStringLiteral("yesterday_b"));
    QCOMPARE(selection.selectedRows().size(), 1);
    // Folding its own group takes it off the board, and the selection with it.
    m_groups->setCollapsed(QDate::currentDate().addDays(-1).toString(Qt::ISODate), true);
    QCOMPARE(selection.selectedRows().size(), 0);
    m_groups->setAllCollapsed(false);
    QCOMPARE(m_groups->rowCount(), 10);
    QVERIFY(m_groups->collapsedKeys().isEmpty());
    // Folds of groups not on the board now are kept (a restart restores them all).
    m_groups->setCollapsedKeys({QStringLiteral("status:failed"), today});
    QCOMPARE(m_groups->rowCount(), 8);
    QCOMPARE(m_groups->collapsedKeys(), (QStringList{today, QStringLiteral("status:failed")}));
}

void TestBoardGroups::aTaskWhoseStatusChangesMovesToItsGroupWithItsSelection()
{
    fillModel();
    m_groups->setGrouping(TaskGroupProxy::Grouping::Status);
    QItemSelectionModel selection(m_groups.get());
    int rendering = -1;
    for (int row = 0; row < m_groups->rowCount(); ++row) {
        if (m_groups->index(row, 0).data(TaskTableModel::TaskIdRole).toString() == QLatin1String("today_b"))
            rendering = row;
    }
    QVERIFY(rendering > 0);
    QCOMPARE(m_groups->index(rendering - 1, 0).data().toString(), QStringLiteral("Rendering"));
    selection.setCurrentIndex(m_groups->index(rendering, 0),
                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QSignalSpy layouts(m_groups.get(), &QAbstractItemModel::layoutChanged);
    // The once-a-second clock changes nothing.
    m_model->tickElapsed();
    QCOMPARE(layouts.size(), 0);

    TaskUpdate done;
    done.taskId = QStringLiteral("today_b");
    done.task = *task(2, QStringLiteral("today_b"), TaskStatus::Success, noonToday() + 60'000).last;
    done.outcome.statusChanged = true;
    m_model->applyUpdate(2, done);
    // A burst of poll results is regrouped once, when it is over.
    QCOMPARE(layouts.size(), 0);
    QTRY_COMPARE(layouts.size(), 1);
    // The Rendering group is gone, and the task sits under Succeeded, still selected.
    QVERIFY(!rowsOf(*m_groups).headers.contains(QStringLiteral("Rendering")));
    const QModelIndex current = selection.currentIndex();
    QCOMPARE(current.data(TaskTableModel::TaskIdRole).toString(), QStringLiteral("today_b"));
    int header = current.row();
    while (header >= 0 && !m_groups->isHeader(m_groups->index(header, 0)))
        --header;
    QCOMPARE(m_groups->index(header, 0).data().toString(), QStringLiteral("Succeeded"));
    QCOMPARE(selection.selectedRows().size(), 1);
}

void TestBoardGroups::ungroupedRowsPassStraightThrough()
{
    fillModel();
    QSignalSpy inserted(m_groups.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_groups.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy layouts(m_groups.get(), &QAbstractItemModel::layoutChanged);
    QSignalSpy changed(m_groups.get(), &QAbstractItemModel::dataChanged);
    m_model->addTask(task(1, QStringLiteral("new_one"), TaskStatus::Queued, noonToday() + 120'000));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(layouts.size(), 0);
    QCOMPARE(m_groups->index(0, 0).data(TaskTableModel::TaskIdRole).toString(), QStringLiteral("new_one"));
    m_model->setLabel(1, QStringLiteral("old"), QStringLiteral("renamed"));
    QVERIFY(changed.size() >= 1);
    m_model->removeTask(1, QStringLiteral("new_one"));
    QCOMPARE(removed.size(), 1);
    for (int row = 0; row < m_groups->rowCount(); ++row) {
        QCOMPARE(m_groups->mapToSource(m_groups->index(row, 2)), m_filter->index(row, 2));
        QCOMPARE(m_groups->mapFromSource(m_filter->index(row, 1)), m_groups->index(row, 1));
    }
}

void TestBoardGroups::theFilterAndSearchApplyInsideGroups()
{
    fillModel();
    m_groups->setGrouping(TaskGroupProxy::Grouping::Day);
    m_filter->setCategory(TaskCategory::Succeeded);
    // Only the days with a succeeded task keep a header.
    QCOMPARE(rowsOf(*m_groups).all.size(), 6);
    QCOMPARE(rowsOf(*m_groups).headers.size(), 3);
    m_filter->setSearchText(QStringLiteral("last_year"));
    QCOMPARE(rowsOf(*m_groups).all.size(), 2);
    m_filter->setSearchText(QStringLiteral("nothing matches this"));
    QCOMPARE(m_groups->rowCount(), 0);
}

void TestBoardGroups::startWindow()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = new Store;
    QString error;
    QVERIFY2(m_store->open(m_dir->filePath(QStringLiteral("tasks.db")), &error), qPrintable(error));
    QVERIFY2(TestProfiles::addIdleProfile(*m_store, &error), qPrintable(error));
    m_profileId = m_store->defaultProfile()->id;
    m_secrets = new MemorySecretStore;
    m_settings = new AppSettings(m_dir->filePath(QStringLiteral("reelwatch.ini")));
    m_autostart = new Autostart;
    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
}

void TestBoardGroups::bothViewsShowHeadersAcrossTheirWidthAndFoldOnClickAndSpace()
{
    startWindow();
    m_window = new MainWindow(m_monitor, m_settings, m_autostart);
    m_window->setAddDialogRunner([](QDialog* dialog) { dialog->reject(); });
    m_window->resize(1100, 620);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    const qint64 noon = noonToday();
    QList<StoredTask> tasks;
    for (int i = 0; i < 5; ++i)
        tasks << task(m_profileId, QStringLiteral("done_%1").arg(i), TaskStatus::Success, noon - i * 60'000);
    tasks << task(m_profileId, QStringLiteral("failed_0"), TaskStatus::Failure, noon - 10 * 60'000);
    tasks << task(m_profileId, QStringLiteral("failed_1"), TaskStatus::Failure, noon - 11 * 60'000);
    m_window->model()->addTasks(tasks);

    // View › Group by › Status.
    auto* byStatus = m_window->findChild<QAction*>(QStringLiteral("groupBy_status"));
    QVERIFY(byStatus);
    QVERIFY(m_window->findChild<QMenu*>(QStringLiteral("groupByMenu")));
    byStatus->trigger();
    QCOMPARE(m_settings->boardGrouping(), QStringLiteral("status"));
    TaskGroupProxy* groups = m_window->groups();
    QCOMPARE(groups->rowCount(), 9);
    QCOMPARE(groups->index(0, 0).data().toString(), QStringLiteral("Failed"));
    const int succeededHeader = groups->headerRow(QStringLiteral("status:succeeded"));
    QCOMPARE(succeededHeader, 3);

    // The table: a header spans every column, and a click folds it away.
    QTableView* table = m_window->table();
    QCOMPARE(table->columnSpan(0, 0), TaskTableModel::ColumnCount);
    QCOMPARE(table->columnSpan(succeededHeader, 0), TaskTableModel::ColumnCount);
    QCOMPARE(table->columnSpan(1, 0), 1);
    const QRect headerRect = table->visualRect(groups->index(succeededHeader, 0));
    QVERIFY(headerRect.width() > table->columnWidth(0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, headerRect.center());
    QCOMPARE(groups->rowCount(), 4);
    QCOMPARE(m_settings->boardCollapsedGroups(), QStringList{QStringLiteral("status:succeeded")});
    QVERIFY(table->selectionModel()->selectedRows().isEmpty());
    // Space on the header (it is the current row) opens it again; on a task it would preview.
    QCOMPARE(table->currentIndex().row(), succeededHeader);
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    table->setFocus();
    QCoreApplication::processEvents();
    QTest::keyClick(table, Qt::Key_Space);
    QCOMPARE(groups->rowCount(), 9);
    QVERIFY(m_settings->boardCollapsedGroups().isEmpty());
    QVERIFY(!m_window->preview()->player()); // the preview did not open
    // Left closes, Right opens, as in a tree; Enter toggles.
    QTest::keyClick(table, Qt::Key_Left);
    QCOMPARE(groups->rowCount(), 4);
    QTest::keyClick(table, Qt::Key_Left);
    QCOMPARE(groups->rowCount(), 4);
    QTest::keyClick(table, Qt::Key_Right);
    QCOMPARE(groups->rowCount(), 9);
    QTest::keyClick(table, Qt::Key_Return);
    QCOMPARE(groups->rowCount(), 4);
    QTest::keyClick(table, Qt::Key_Return);
    QCOMPARE(groups->rowCount(), 9);
    // The arrow keys walk over headers and tasks alike; selecting everything selects the tasks.
    QTest::keyClick(table, Qt::Key_Down);
    QCOMPARE(table->currentIndex().data(TaskTableModel::TaskIdRole).toString(), QStringLiteral("done_0"));
    table->selectAll();
    QCOMPARE(table->selectionModel()->selectedRows().size(), 7);

    // The gallery: a header takes a row of its own, the cards of a group start under it.
    QTest::keyClick(m_window, Qt::Key_2, Qt::ControlModifier);
    GalleryView* gallery = m_window->gallery();
    QTRY_VERIFY(gallery->isVisible());
    QVERIFY(gallery->isGrouped());
    QVERIFY(!gallery->gridSize().isValid());
    QTRY_VERIFY(gallery->visualRect(groups->index(succeededHeader, 0)).isValid());
    QCoreApplication::processEvents();
    const QRect failedHeader = gallery->visualRect(groups->index(0, 0));
    const QRect firstFailed = gallery->visualRect(groups->index(1, 0));
    const QRect secondFailed = gallery->visualRect(groups->index(2, 0));
    const QRect doneHeader = gallery->visualRect(groups->index(succeededHeader, 0));
    const QRect firstDone = gallery->visualRect(groups->index(succeededHeader + 1, 0));
    QCOMPARE(failedHeader.width(), gallery->rowWidth());
    QVERIFY(firstFailed.top() >= failedHeader.bottom());
    QCOMPARE(secondFailed.top(), firstFailed.top()); // side by side
    QVERIFY(doneHeader.top() > firstFailed.bottom()); // the header is on a row of its own
    QCOMPARE(firstDone.left(), firstFailed.left()); // each group starts at the left edge
    QVERIFY(firstDone.top() >= doneHeader.bottom());
    QCOMPARE(firstFailed.size(), gallery->cellSize());
    // A click on a header folds it in the gallery too.
    QTest::mouseClick(gallery->viewport(), Qt::LeftButton, {}, failedHeader.center());
    QCOMPARE(groups->rowCount(), 7);
    QVERIFY(groups->isCollapsed(QStringLiteral("status:failed")));

    // Regrouping keeps the table's columns as they were: hidden, widths.
    const int titleWidth = table->columnWidth(TaskTableModel::TaskColumn);
    m_window->proxy()->setSearchText(QStringLiteral("nothing matches this"));
    QCOMPARE(groups->rowCount(), 0);
    m_window->proxy()->setSearchText(QString());
    QCOMPARE(groups->rowCount(), 7);
    QVERIFY(table->horizontalHeader()->isSectionHidden(TaskTableModel::IdColumn));
    QCOMPARE(table->columnWidth(TaskTableModel::TaskColumn), titleWidth);

    // Back to no groups: the grid comes back and no row spans the table.
    m_window->findChild<QAction*>(QStringLiteral("groupBy_none"))->trigger();
    QVERIFY(!gallery->isGrouped());
    QVERIFY(gallery->gridSize().isValid());
    QCOMPARE(groups->rowCount(), 7);
    QCOMPARE(table->columnSpan(0, 0), 1);
    QVERIFY(table->horizontalHeader()->isSectionHidden(TaskTableModel::IdColumn));
    QCOMPARE(table->columnWidth(TaskTableModel::TaskColumn), titleWidth);

    // Grouped again with the title column moved: a span would start in the wrong place, so there is none.
    byStatus->trigger();
    QCOMPARE(table->columnSpan(0, 0), TaskTableModel::ColumnCount);
    table->horizontalHeader()->moveSection(0, 2);
    QCOMPARE(table->columnSpan(0, 0), 1);
    QVERIFY(groups->isHeader(groups->index(0, 0)));
}

void TestBoardGroups::groupingAndFoldsAreKeptAcrossARestart()
{
    startWindow();
    m_settings->setBoardGrouping(QStringLiteral("day"));
    const QString today = QDate::currentDate().toString(Qt::ISODate);
    m_settings->setBoardCollapsedGroups({today});
    const qint64 noon = noonToday();
    QString error;
    StoredTask yesterday = task(m_profileId, QStringLiteral("video_yesterday"), TaskStatus::Success, noon - kDayMs);
    StoredTask todays = task(m_profileId, QStringLiteral("video_today"), TaskStatus::Success, noon);
    QVERIFY2(m_store->addTasks(m_profileId, {yesterday.taskId, todays.taskId}, QString(), &error), qPrintable(error));
    QList<TaskUpdate> updates;
    for (const StoredTask& stored : {yesterday, todays}) {
        TaskUpdate update;
        update.taskId = stored.taskId;
        update.task = stored.last;
        update.outcome.known = true;
        update.outcome.statusChanged = true;
        updates << update;
    }
    QVERIFY2(m_store->recordUpdates(m_profileId, updates, &error), qPrintable(error));
    delete m_monitor;
    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
    m_window = new MainWindow(m_monitor, m_settings, m_autostart);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    TaskGroupProxy* groups = m_window->groups();
    QCOMPARE(groups->grouping(), TaskGroupProxy::Grouping::Day);
    QVERIFY(m_window->findChild<QAction*>(QStringLiteral("groupBy_day"))->isChecked());
    QCOMPARE(
        rowsOf(*groups).all,
        (QStringList{QStringLiteral("# Today"), QStringLiteral("# Yesterday"), QStringLiteral("video_yesterday")}));
    // The window starts with the first task selected, not a header.
    QCOMPARE(m_window->table()->currentIndex().data(TaskTableModel::TaskIdRole).toString(),
             QStringLiteral("video_yesterday"));
}

void TestBoardGroups::focusingATaskOpensItsFoldedGroup()
{
    startWindow();
    m_window = new MainWindow(m_monitor, m_settings, m_autostart);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    m_window->model()->addTasks({task(m_profileId, QStringLiteral("video_a"), TaskStatus::Failure, noonToday()),
                                 task(m_profileId, QStringLiteral("video_b"), TaskStatus::Success, noonToday())});
    m_window->findChild<QAction*>(QStringLiteral("groupBy_status"))->trigger();
    m_window->groups()->setAllCollapsed(true);
    QVERIFY(!m_window->viewIndexOf(m_profileId, QStringLiteral("video_b")).isValid());
    m_window->focusTask(m_profileId, QStringLiteral("video_b"));
    QVERIFY(!m_window->groups()->isCollapsed(QStringLiteral("status:succeeded")));
    QVERIFY(m_window->groups()->isCollapsed(QStringLiteral("status:failed")));
    QCOMPARE(m_window->table()->currentIndex().data(TaskTableModel::TaskIdRole).toString(), QStringLiteral("video_b"));
    QCOMPARE(m_window->table()->selectionModel()->selectedRows().size(), 1);
}

QTEST_MAIN(TestBoardGroups)
#include "tst_boardgroups.moc"

#include "mainwindow.h"

#include "core/errortext.h"
#include "core/pollschedule.h"
#include "core/taskcopy.h"
#include "core/taskfreshness.h"
#include "core/taskintake.h"
#include "icons.h"
#include "monitor/downloadcenter.h"
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "monitor/taskservice.h"
#include "net/videoapi.h"
#include "ui/board/addtasksdialog.h"
#include "ui/board/boardemptystate.h"
#include "ui/board/boardgrouping.h"
#include "ui/board/statusbadgedelegate.h"
#include "ui/board/taskdroptext.h"
#include "ui/board/taskfilterproxy.h"
#include "ui/board/taskgroupproxy.h"
#include "ui/board/tasktablemodel.h"
#include "ui/board/tasktitledelegate.h"
#include "ui/board/welcomepage.h"
#include "ui/details/taskdetailspane.h"
#include "ui/gallery/galleryview.h"
#include "ui/posters/firstframeposters.h"
#include "ui/posters/posterdiskcache.h"
#include "ui/posters/posterlibrary.h"
#include "ui/preview/previewcontroller.h"
#include "ui/settings/appsettings.h"
#include "ui/settings/keydialog.h"
#include "ui/settings/settingsdialog.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QDragEnterEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

namespace Reelwatch {

namespace {

constexpr int kUndoWindowMs = 10000;
constexpr int kMessageMs = 6000;
constexpr int kLayoutVersion = 3; // bump when columns change so an old header state is not applied

} // namespace

MainWindow::MainWindow(Monitor* monitor, AppSettings* settings, Autostart* autostart, QWidget* parent)
    : QMainWindow(parent)
    , m_monitor(monitor)
    , m_settings(settings)
    , m_autostart(autostart)
    , m_model(new TaskTableModel(this))
    , m_proxy(new TaskFilterProxy(this))
    , m_groups(new TaskGroupProxy(this))
    , m_posters(
          new PosterLibrary([monitor](qint64 profileId) { return monitor->profiles()->api(profileId); },
                            std::make_unique<PosterDiskCache>(PosterDiskCache::defaultDirectory(),
                                                              qint64(settings->pictureCacheMegabytes()) * 1024 * 1024),
                            this))
    , m_table(new QTableView(this))
    , m_badgeDelegate(new StatusBadgeDelegate(this))
    , m_titleDelegate(new TaskTitleDelegate(m_model, m_posters, this))
    , m_gallery(new GalleryView(m_model, m_posters, this))
    , m_views(new QStackedWidget(this))
    , m_boardPages(new QStackedWidget(this))
    , m_emptyBoard(new BoardEmptyState(this))
    , m_details(new TaskDetailsPane(monitor, this, m_posters))
    , m_preview(new PreviewController(
          monitor, [settings] { return settings->downloadFolder(); }, this))
    , m_firstFramePosters(new FirstFramePosters(monitor->downloads(), m_posters, this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_central(new QStackedWidget(this))
    , m_welcome(new WelcomePage(monitor->providers(), this))
    , m_filter(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_summary(new QLabel(this))
    , m_state(new QLabel(this))
    , m_undoBar(new QWidget(this))
    , m_undoText(new QLabel(m_undoBar))
    , m_undoTimer(new QTimer(this))
    , m_tick(new QTimer(this))
    , m_copyMenu(new QMenu(tr("&Copy"), this))
    , m_runDialog([](QDialog* dialog) { dialog->exec(); })
    , m_launchDemo([](QString* error) {
        // A window of its own on the demo's own database and server: nothing of this one is touched.
        if (QProcess::startDetached(QCoreApplication::applicationFilePath(), {QStringLiteral("--demo")}))
            return true;
        *error = tr("%1 could not be started").arg(QCoreApplication::applicationFilePath());
        return false;
    })
{
    setWindowTitle(QStringLiteral("Reelwatch"));
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    resize(1180, 560);

    updateProfileNames();
    // Archived tasks are loaded too: the "Archived" filter shows them.
    m_model->addTasks(m_monitor->tasks()->all());

    m_proxy->setSourceModel(m_model);
    m_groups->setSourceModel(m_proxy);
    m_table->setModel(m_groups);
    m_table->setObjectName(QStringLiteral("taskTable"));
    m_table->setAccessibleName(tr("Tasks"));
    m_table->setItemDelegateForColumn(TaskTableModel::StatusColumn, m_badgeDelegate);
    m_table->setItemDelegateForColumn(TaskTableModel::TaskColumn, m_titleDelegate);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle); // the ends of an ID tell IDs apart
    // Newest first. The indicator is set before sorting is enabled, which sorts by it: one sort of
    // every task at start instead of one by title and then another by time.
    m_table->horizontalHeader()->setSortIndicator(TaskTableModel::CreatedColumn, Qt::DescendingOrder);
    m_table->setSortingEnabled(true);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->verticalHeader()->hide();
    // Fixed row heights keep scrolling through thousands of rows cheap (no per-row size hints).
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionsMovable(true);
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    // The ID is in the tooltip and the details, and the percentage is in the status badge; their own
    // columns are there (header menu) for those who want them, the room goes to the title.
    header->setSectionHidden(TaskTableModel::IdColumn, true);
    header->setSectionHidden(TaskTableModel::ProgressColumn, true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, &MainWindow::showHeaderMenu);
    // Narrow enough that the times up to Finished fit the default window beside the details.
    m_table->setColumnWidth(TaskTableModel::TaskColumn, 300);
    m_table->setColumnWidth(TaskTableModel::StatusColumn, 120);
    m_table->setColumnWidth(TaskTableModel::ProgressColumn, 120);
    m_table->setColumnWidth(TaskTableModel::ModelColumn, 80);
    m_table->setColumnWidth(TaskTableModel::SizeColumn, 112);
    m_table->setColumnWidth(TaskTableModel::CreatedColumn, 64);
    m_table->setColumnWidth(TaskTableModel::ElapsedColumn, 80);
    m_table->setColumnWidth(TaskTableModel::FinishedColumn, 64);

    // The gallery shows the same rows in the same order and shares the selection, so every action,
    // the context menu and the details pane work alike in both.
    m_gallery->setModel(m_groups);
    m_gallery->setSelectionModel(m_table->selectionModel());
    // Group by day, profile or status: a header row per group in both views, folded by a click or Space.
    m_grouping = new BoardGrouping(m_groups, m_table, m_settings, this);
    connect(m_grouping, &BoardGrouping::groupedChanged, m_gallery, &GalleryView::setGrouped);
    m_gallery->setGrouped(m_groups->grouping() != TaskGroupProxy::Grouping::None);
    // A finished render can be dragged out of either view onto a file manager or an editor.
    m_proxy->setDragData([this](const QList<TaskKey>& tasks) { return dragData(tasks); });
    for (QAbstractItemView* view :
         {static_cast<QAbstractItemView*>(m_table), static_cast<QAbstractItemView*>(m_gallery)}) {
        view->setDragEnabled(true);
        view->setDragDropMode(QAbstractItemView::DragOnly);
        view->setDefaultDropAction(Qt::CopyAction);
        connect(view, &QAbstractItemView::clicked, m_grouping, &BoardGrouping::toggleIfHeader);
        m_grouping->handleKeysOf(view);
        connect(view, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
            if (!m_groups->isHeader(index)) // a header already opened or closed on the click
                previewCurrent();
        });
    }
    m_views->addWidget(m_table);
    m_views->addWidget(m_gallery);
    // Only the cell or card whose picture arrived is repainted, not the whole view.
    connect(m_posters, &PosterLibrary::pictureReady, this, [this](qint64 profileId, const QString& taskId) {
        const QModelIndex index = viewIndexOf(profileId, taskId, TaskTableModel::TaskColumn);
        if (!index.isValid())
            return;
        QAbstractItemView* view = currentView();
        view->viewport()->update(view->visualRect(index));
    });

    m_details->setObjectName(QStringLiteral("detailsPane"));
    m_details->setMinimumWidth(260);
    m_boardPages->addWidget(m_views);
    m_boardPages->addWidget(m_emptyBoard);
    m_splitter->addWidget(m_boardPages);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({850, 330});
    m_central->addWidget(m_welcome);
    m_central->addWidget(m_splitter);
    setCentralWidget(m_central);
    connect(m_welcome, &WelcomePage::addServiceRequested, this, &MainWindow::addService);
    connect(m_welcome, &WelcomePage::pasteRequested, this, [this] {
        const TaskDropText::Result pasted = TaskDropText::read(QApplication::clipboard()->mimeData());
        if (TaskIntake::looksLikeTaskIds(pasted.text))
            openAddDialog(pasted.text, pasted.errors);
        else
            openAddDialog();
    });
    connect(m_welcome, &WelcomePage::demoRequested, this, &MainWindow::launchDemo);
    connect(m_emptyBoard, &BoardEmptyState::demoRequested, this, &MainWindow::launchDemo);
    connect(m_emptyBoard, &BoardEmptyState::actionRequested, this, [this](BoardEmptyState::Reason reason) {
        switch (reason) {
        case BoardEmptyState::Reason::NoTasks:
            openAddDialog();
            break;
        case BoardEmptyState::Reason::Searched:
            // At once, not after the pause the search field waits for while typing.
            m_search->clear();
            m_proxy->setSearchText(QString());
            break;
        case BoardEmptyState::Reason::Filtered:
            m_filter->setCurrentIndex(m_filter->findData(int(TaskCategory::All)));
            break;
        case BoardEmptyState::Reason::AllArchived:
            m_filter->setCurrentIndex(m_filter->findData(int(TaskCategory::Archived)));
            break;
        }
    });
    // Whatever empties the views (a search, a filter, the last task archived or removed) or fills them.
    // A new search or category arrives as thousands of separate runs of rows: the board is looked at
    // once, after them; otherwise only a run that can change what is shown does any work.
    connect(m_proxy, &TaskFilterProxy::filterAboutToChange, this, [this] { m_filtering = true; });
    connect(m_proxy, &TaskFilterProxy::filterChanged, this, [this] {
        m_filtering = false;
        updateEmptyBoard();
    });
    connect(m_groups, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_filtering && m_boardPages->currentWidget() != m_views)
            updateEmptyBoard();
    });
    connect(m_groups, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (!m_filtering && m_groups->rowCount() == 0)
            updateEmptyBoard();
    });
    connect(m_groups, &QAbstractItemModel::modelReset, this, &MainWindow::updateEmptyBoard);
    connect(m_groups, &QAbstractItemModel::layoutChanged, this, &MainWindow::updateEmptyBoard);

    createActions();
    createMenus();
    createToolBar();
    createStatusBar();
    connectMonitor();
    restoreLayout();
    updateWelcome();
    updateEmptyBoard();

    connect(m_table, &QWidget::customContextMenuRequested, this, &MainWindow::showTableMenu);
    connect(m_gallery, &QWidget::customContextMenuRequested, this, &MainWindow::showTableMenu);
    applyBoardSettings();
    connect(m_settings, &AppSettings::changed, this, &MainWindow::applyBoardSettings);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        showSelectedDetails();
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateActions);
    // Grouped, rows leave in layout changes, which drop selected rows without a selectionChanged.
    connect(m_groups, &QAbstractItemModel::layoutChanged, this, [this] {
        if (selectedTasks() == m_shownSelection)
            return;
        updateActions();
        showSelectedDetails();
    });
    // A selected render that finishes can be downloaded and previewed from then on. Changes come in
    // bursts, so the actions are looked at once per burst.
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        if (m_actionsUpdatePending)
            return;
        m_actionsUpdatePending = true;
        QTimer::singleShot(0, this, [this] {
            m_actionsUpdatePending = false;
            updateActions();
        });
    });
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateActions);

    // The elapsed column and the "next poll in" countdown move by themselves while anything is active;
    // updateSummary() starts and stops the tick, so an idle board never wakes the machine for it.
    m_tick->setObjectName(QStringLiteral("elapsedTick"));
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, [this] {
        m_model->tickElapsed();
        updateSummary();
    });

    updateActions();
    updateSummary();
    // Start with the top task selected, so the details pane has something to say at once.
    for (int row = 0; row < m_groups->rowCount(); ++row) {
        const QModelIndex first = m_groups->index(row, 0);
        if (m_groups->isHeader(first))
            continue;
        m_table->selectionModel()->setCurrentIndex(first,
                                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        break;
    }
    showSelectedDetails();
}

MainWindow::~MainWindow()
{
    commitPendingRemoval();
}

void MainWindow::createActions()
{
    m_addAction = new QAction(Icons::get(Icons::Id::Add), tr("&Add tasks…"), this);
    m_addAction->setShortcut(QKeySequence::New);
    m_addAction->setToolTip(tr("Add task IDs from pasted text, JSON or links (%1)")
                                .arg(m_addAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_addAction, &QAction::triggered, this, [this] { openAddDialog(); });

    m_pasteAction = new QAction(tr("&Paste task IDs"), this);
    m_pasteAction->setShortcut(QKeySequence::Paste);
    connect(m_pasteAction, &QAction::triggered, this, &MainWindow::pasteTaskIds);

    m_refreshAction = new QAction(Icons::get(Icons::Id::Refresh), tr("&Refresh now"), this);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_refreshAction->setToolTip(tr("Ask the server now for the selected tasks, or for all when none is selected (F5)"));
    connect(m_refreshAction, &QAction::triggered, this, &MainWindow::refreshSelected);

    m_pauseAction = new QAction(Icons::get(Icons::Id::Pause), tr("&Pause polling"), this);
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(Qt::CTRL | Qt::Key_P);
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) {
        m_monitor->profiles()->setPaused(paused);
        m_pauseAction->setText(paused ? tr("&Resume polling") : tr("&Pause polling"));
        m_pauseAction->setIcon(Icons::get(paused ? Icons::Id::Resume : Icons::Id::Pause));
        updateSummary();
    });

    const QList<QPair<TaskCopy::Kind, QString>> copyKinds = {
        {TaskCopy::Kind::Id, tr("Copy &ID")},
        {TaskCopy::Kind::ResultLink, tr("Copy result &link")},
        {TaskCopy::Kind::Json, tr("Copy &JSON")},
        {TaskCopy::Kind::Curl, tr("Copy as c&url")},
        {TaskCopy::Kind::DownloadCurl, tr("Copy &download command (curl)")},
        {TaskCopy::Kind::Prompt, tr("Copy &prompt")},
    };
    for (const auto& [kind, text] : copyKinds) {
        auto* action = new QAction(Icons::get(Icons::Id::Copy), text, this);
        connect(action, &QAction::triggered, this, [this, kind = kind] { copySelection(kind); });
        m_copyActions.append({kind, action});
        m_copyMenu->addAction(action);
    }
    m_copyActions.first().second->setShortcut(QKeySequence::Copy);
    m_copyActions.at(1).second->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_C);
    m_copyMenu->setIcon(Icons::get(Icons::Id::Copy));

    m_openAction = new QAction(Icons::get(Icons::Id::OpenBrowser), tr("&Open in browser"), this);
    m_openAction->setShortcut(Qt::CTRL | Qt::Key_O);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openSelectedInBrowser);

    m_previewAction = new QAction(tr("Pre&view"), this);
    m_previewAction->setShortcut(Qt::Key_Space);
    m_previewAction->setToolTip(tr("Play the finished render here (Space or double-click)"));
    connect(m_previewAction, &QAction::triggered, this, &MainWindow::previewCurrent);

    m_downloadAction = new QAction(Icons::get(Icons::Id::Download), tr("&Download video"), this);
    m_downloadAction->setShortcut(QKeySequence::Save);
    m_downloadAction->setToolTip(tr("Save the selected finished renders into the download folder (%1)")
                                     .arg(m_downloadAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_downloadAction, &QAction::triggered, this, &MainWindow::downloadSelected);

    m_labelAction = new QAction(tr("Set &label…"), this);
    m_labelAction->setShortcut(Qt::Key_F2);
    connect(m_labelAction, &QAction::triggered, this, &MainWindow::editLabel);

    m_archiveAction = new QAction(Icons::get(Icons::Id::Archive), tr("Arc&hive"), this);
    m_archiveAction->setShortcut(Qt::CTRL | Qt::Key_E);
    m_archiveAction->setToolTip(tr("Move the selected tasks off the board; the Archived filter shows them (Ctrl+E)"));
    connect(m_archiveAction, &QAction::triggered, this, &MainWindow::archiveSelected);

    m_removeAction = new QAction(Icons::get(Icons::Id::Remove), tr("Re&move"), this);
    m_removeAction->setShortcut(QKeySequence::Delete);
    m_removeAction->setToolTip(tr("Stop tracking the selected tasks (Del; can be undone for a few seconds)"));
    connect(m_removeAction, &QAction::triggered, this, &MainWindow::removeSelected);

    m_settingsAction = new QAction(Icons::get(Icons::Id::Settings), tr("&Settings…"), this);
    // Not every desktop defines a Preferences key; Ctrl+, is the common choice where none does.
    m_settingsAction->setShortcut(QKeySequence(QKeySequence::Preferences).isEmpty()
                                      ? QKeySequence(Qt::CTRL | Qt::Key_Comma)
                                      : QKeySequence(QKeySequence::Preferences));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettings);

    m_keyAction = new QAction(Icons::get(Icons::Id::Key), tr("API &key…"), this);
    connect(m_keyAction, &QAction::triggered, this, [this] {
        const QList<TaskKey> selected = selectedTasks();
        ProfileManager* profiles = m_monitor->profiles();
        KeyDialog dialog(profiles, selected.isEmpty() ? profiles->defaultProfileId() : selected.first().profileId,
                         this);
        dialog.exec();
        updateSummary();
    });

    m_findAction = new QAction(Icons::get(Icons::Id::Search), tr("&Find"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });

    m_detailsAction = new QAction(Icons::get(Icons::Id::Details), tr("&Details pane"), this);
    m_detailsAction->setCheckable(true);
    m_detailsAction->setChecked(true);
    m_detailsAction->setShortcut(Qt::CTRL | Qt::Key_D);
    connect(m_detailsAction, &QAction::toggled, m_details, &QWidget::setVisible);

    // Most shortcuts work wherever the focus is. Copy and Delete act on tasks only while the table
    // has the focus, so Ctrl+C in the search field or the details pane copies the text there.
    addActions({m_addAction, m_pasteAction, m_refreshAction, m_pauseAction, m_openAction, m_downloadAction,
                m_labelAction, m_archiveAction, m_settingsAction, m_findAction, m_detailsAction});
    // Space too: in the search field it types a space.
    QList<QAction*> tableOnly = {m_removeAction, m_previewAction};
    for (const auto& entry : std::as_const(m_copyActions))
        tableOnly << entry.second;
    for (QAction* action : std::as_const(tableOnly)) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_table->addAction(action);
        m_gallery->addAction(action);
    }

    auto* views = new QActionGroup(this);
    m_tableViewAction = new QAction(Icons::get(Icons::Id::TableView), tr("&Table"), views);
    m_tableViewAction->setShortcut(Qt::CTRL | Qt::Key_1);
    m_tableViewAction->setToolTip(tr("Show the tasks as a table (Ctrl+1)"));
    m_galleryViewAction = new QAction(Icons::get(Icons::Id::GalleryView), tr("&Gallery"), views);
    m_galleryViewAction->setShortcut(Qt::CTRL | Qt::Key_2);
    m_galleryViewAction->setToolTip(tr("Show the tasks as cards with their pictures (Ctrl+2)"));
    for (QAction* action : {m_tableViewAction, m_galleryViewAction}) {
        action->setCheckable(true);
        action->setPriority(QAction::LowPriority);
    }
    m_tableViewAction->setChecked(true);
    connect(m_tableViewAction, &QAction::triggered, this, [this] { showView(false); });
    connect(m_galleryViewAction, &QAction::triggered, this, [this] { showView(true); });
    addActions({m_tableViewAction, m_galleryViewAction});
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_addAction);
    file->addAction(m_pasteAction);
    file->addSeparator();
    file->addAction(m_keyAction);
    file->addAction(m_settingsAction);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, [this] {
        if (m_quit)
            m_quit();
        else
            QApplication::quit();
    });
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addMenu(m_copyMenu);
    edit->addSeparator();
    edit->addAction(m_labelAction);
    // Both views share one selection, so selecting all in the table selects all in the gallery too.
    QAction* selectAll = edit->addAction(tr("Select &all"), m_table, &QAbstractItemView::selectAll);
    selectAll->setShortcut(QKeySequence::SelectAll);
    selectAll->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(selectAll);
    m_gallery->addAction(selectAll);
    edit->addAction(m_findAction);

    QMenu* tasks = menuBar()->addMenu(tr("&Tasks"));
    tasks->addAction(m_refreshAction);
    tasks->addAction(m_pauseAction);
    tasks->addSeparator();
    tasks->addAction(m_previewAction);
    tasks->addAction(m_openAction);
    tasks->addAction(m_downloadAction);
    tasks->addAction(m_archiveAction);
    tasks->addAction(m_removeAction);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_tableViewAction);
    view->addAction(m_galleryViewAction);
    view->addMenu(m_grouping->menu());
    view->addSeparator();
    view->addAction(m_detailsAction);
}

void MainWindow::createToolBar()
{
    QToolBar* toolbar = addToolBar(tr("Tasks"));
    toolbar->setObjectName(QStringLiteral("tasksToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_addAction);
    toolbar->addAction(m_refreshAction);
    toolbar->addAction(m_pauseAction);
    toolbar->addSeparator();
    auto* copyButton = new QToolButton(toolbar);
    copyButton->setObjectName(QStringLiteral("copyButton"));
    copyButton->setDefaultAction(m_copyActions.first().second);
    copyButton->setMenu(m_copyMenu);
    copyButton->setPopupMode(QToolButton::MenuButtonPopup);
    copyButton->setToolButtonStyle(Qt::ToolButtonIconOnly);
    copyButton->setAccessibleName(tr("Copy"));
    toolbar->addWidget(copyButton);
    // Secondary actions show only their icon (and a tooltip) so the toolbar fits a small window.
    for (QAction* action : {m_openAction, m_downloadAction, m_archiveAction, m_removeAction, m_settingsAction}) {
        action->setPriority(QAction::LowPriority);
        if (action != m_settingsAction)
            toolbar->addAction(action);
    }

    auto* spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);

    m_filter->setObjectName(QStringLiteral("statusFilter"));
    m_filter->setAccessibleName(tr("Show"));
    m_filter->setToolTip(tr("Which tasks to show"));
    m_filter->addItem(tr("All"), int(TaskCategory::All));
    m_filter->addItem(tr("Active"), int(TaskCategory::Active));
    m_filter->addItem(tr("Succeeded"), int(TaskCategory::Succeeded));
    m_filter->addItem(tr("Failed"), int(TaskCategory::Failed));
    m_filter->addItem(tr("Problems"), int(TaskCategory::Problems));
    m_filter->addItem(tr("Archived"), int(TaskCategory::Archived));
    connect(m_filter, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setCategory(TaskCategory(m_filter->currentData().toInt()));
        updateActions();
    });
    toolbar->addWidget(m_filter);

    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setAccessibleName(tr("Search tasks"));
    m_search->setPlaceholderText(tr("Search ID, label, prompt, model"));
    m_search->setClearButtonEnabled(true);
    QAction* searchIcon = m_search->addAction(Icons::get(Icons::Id::Search), QLineEdit::LeadingPosition);
    searchIcon->setText(tr("Search"));
    searchIcon->setToolTip(tr("Search ID, label, prompt and model"));
    m_search->setMinimumWidth(220);
    // Filtering thousands of rows per keystroke would make typing stutter: wait for a pause.
    auto* searchDelay = new QTimer(this);
    searchDelay->setSingleShot(true);
    searchDelay->setInterval(150);
    connect(m_search, &QLineEdit::textChanged, searchDelay, qOverload<>(&QTimer::start));
    connect(searchDelay, &QTimer::timeout, this, [this] { m_proxy->setSearchText(m_search->text()); });
    toolbar->addWidget(m_search);

    toolbar->addSeparator();
    toolbar->addAction(m_tableViewAction);
    toolbar->addAction(m_galleryViewAction);
    toolbar->addSeparator();
    toolbar->addAction(m_settingsAction);
}

void MainWindow::createStatusBar()
{
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setAccessibleName(tr("Summary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_state->setObjectName(QStringLiteral("pollState"));
    m_state->setAccessibleName(tr("Polling state"));

    m_undoBar->setObjectName(QStringLiteral("undoBar"));
    auto* undoLayout = new QHBoxLayout(m_undoBar);
    undoLayout->setContentsMargins(0, 0, 0, 0);
    auto* undoButton = new QPushButton(Icons::get(Icons::Id::Undo), tr("&Undo"), m_undoBar);
    undoButton->setObjectName(QStringLiteral("undoButton"));
    undoButton->setAccessibleName(tr("Undo removal"));
    connect(undoButton, &QPushButton::clicked, this, &MainWindow::undoRemoval);
    undoLayout->addWidget(m_undoText);
    undoLayout->addWidget(undoButton);
    m_undoBar->hide();
    m_undoTimer->setSingleShot(true);
    connect(m_undoTimer, &QTimer::timeout, this, &MainWindow::commitPendingRemoval);

    statusBar()->addWidget(m_summary, 1);
    statusBar()->addPermanentWidget(m_undoBar);
    statusBar()->addPermanentWidget(m_state);
}

void MainWindow::connectMonitor()
{
    // The board only listens: every change to a task, by a poll or by an action here, arrives as a signal.
    const TaskService* tasks = m_monitor->tasks();
    connect(tasks, &TaskService::taskUpdated, this, [this](qint64 profileId, const TaskUpdate& update) {
        m_model->applyUpdate(profileId, update);
        // One summary per burst of results, not one per result.
        if (!m_summaryQueued) {
            m_summaryQueued = true;
            QTimer::singleShot(100, this, [this] {
                m_summaryQueued = false;
                updateSummary();
            });
        }
    });
    connect(tasks, &TaskService::tasksConfirmed, m_model, &TaskTableModel::applyConfirmed);
    m_model->setStaleAfterFunction(
        [profiles = m_monitor->profiles()](qint64 profileId) { return profiles->staleAfterMs(profileId); });
    connect(tasks, &TaskService::tasksAdded, this, [this](const QList<StoredTask>& added) {
        m_model->addTasks(added);
        updateSummary();
    });
    connect(tasks, &TaskService::tasksChanged, this, [this](const QList<StoredTask>& changed) {
        m_model->applyEdits(changed);
        showSelectedDetails();
        updateSummary();
    });
    connect(tasks, &TaskService::tasksRemoved, this, [this](const QList<TaskKey>& removed) {
        for (const TaskKey& task : removed)
            m_model->removeTask(task.profileId, task.taskId);
        updateSummary();
    });
    connect(tasks, &TaskService::profileRemoved, this, [this](qint64 profileId) {
        m_model->removeProfile(profileId);
        showSelectedDetails();
        updateSummary();
    });
    const ProfileManager* profiles = m_monitor->profiles();
    connect(profiles, &ProfileManager::profilesChanged, this, [this] {
        updateProfileNames();
        updateSummary();
        updateWelcome();
    });
    connect(profiles, &ProfileManager::stateChanged, this, &MainWindow::updateSummary);
    connect(profiles, &ProfileManager::keyStateChanged, this, &MainWindow::updateSummary);
    connect(profiles, &ProfileManager::storeWriteFailed, this, [this](const QString& message) {
        statusBar()->showMessage(tr("Could not save to the task database (will retry): %1").arg(message), 10000);
    });
    connect(profiles, &ProfileManager::followingStopped, this, [this](qint64 profileId, const QString& reason) {
        const std::optional<Profile> profile = m_monitor->profiles()->profile(profileId);
        statusBar()->showMessage(tr("Stopped following the account of %1: %2")
                                     .arg(profile ? profile->name : QString::number(profileId), reason),
                                 20000);
    });
    connect(m_monitor->downloads(), &DownloadCenter::finished, this,
            [this](const TaskKey& task, const DownloadResult& result) {
                const StoredTask* stored = m_model->task(task.profileId, task.taskId);
                const QString name = stored ? stored->displayName() : task.taskId;
                if (result.ok())
                    statusBar()->showMessage(tr("Saved %1 as %2").arg(name, QDir::toNativeSeparators(result.path)),
                                             kMessageMs);
                else if (result.kind() != ErrorKind::Cancelled)
                    statusBar()->showMessage(tr("Could not download %1: %2").arg(name, result.message()), kMessageMs);
            });
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("window"));
    if (settings.value(QStringLiteral("layoutVersion")).toInt() == kLayoutVersion) {
        restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
        m_table->horizontalHeader()->restoreState(settings.value(QStringLiteral("header")).toByteArray());
        m_splitter->restoreState(settings.value(QStringLiteral("splitter")).toByteArray());
        m_detailsAction->setChecked(settings.value(QStringLiteral("details"), true).toBool());
    }
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("window"));
    settings.setValue(QStringLiteral("layoutVersion"), kLayoutVersion);
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("header"), m_table->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("details"), m_detailsAction->isChecked());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveLayout();
    commitPendingRemoval();
    if (m_hideOnClose && m_hideOnClose()) {
        event->ignore();
        hide();
        return;
    }
    QMainWindow::closeEvent(event);
}

QList<TaskKey> MainWindow::selectedTasks() const
{
    QList<TaskKey> tasks;
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    // In the order they appear on screen, which is what people expect to paste.
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& index : std::as_const(rows)) {
        const QString taskId = index.data(TaskTableModel::TaskIdRole).toString();
        if (!taskId.isEmpty()) // a group's header is not a task
            tasks.append({index.data(TaskTableModel::ProfileIdRole).toLongLong(), taskId});
    }
    return tasks;
}

void MainWindow::updateActions()
{
    const QList<TaskKey> selected = selectedTasks();
    const bool any = !selected.isEmpty();
    for (const auto& entry : std::as_const(m_copyActions))
        entry.second->setEnabled(any);
    m_copyMenu->setEnabled(any);
    m_archiveAction->setEnabled(any);
    m_removeAction->setEnabled(any);
    m_labelAction->setEnabled(selected.size() == 1);
    const bool viewingArchive = m_proxy->category() == TaskCategory::Archived;
    m_archiveAction->setText(viewingArchive ? tr("Unarc&hive") : tr("Arc&hive"));
    bool anySucceeded = false;
    for (const TaskKey& ref : selected) {
        const StoredTask* stored = m_model->task(ref.profileId, ref.taskId);
        anySucceeded |= stored && stored->last && stored->last->status == TaskStatus::Success;
    }
    m_downloadAction->setEnabled(anySucceeded);
    m_previewAction->setEnabled(anySucceeded);
    updateOpenAction(selected);
}

void MainWindow::updateOpenAction(const QList<TaskKey>& selected)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QString why;
    bool any = false;
    for (const TaskKey& ref : selected) {
        const std::optional<TaskCopySubject> subject = copySubject(ref);
        if (!subject)
            continue;
        const BrowserLink link = TaskCopy::browserLink(*subject, now);
        if (link.problem == BrowserLink::Problem::None) {
            any = true;
            break;
        }
        if (why.isEmpty())
            why = TaskCopy::whyNoBrowserLink(link);
    }
    m_openAction->setEnabled(any);
    const QString shortcut = m_openAction->shortcut().toString(QKeySequence::NativeText);
    // Disabled, it says why, on its toolbar button and (as the status tip) beside the menus.
    if (any)
        why = tr("Open the result link the server gave (%1)").arg(shortcut);
    else if (selected.isEmpty())
        why = tr("Open the result link of the selected render in the browser (%1)").arg(shortcut);
    else if (selected.size() > 1)
        why = tr("None of the selected renders has a link that opens in a browser. The first: %1").arg(why);
    m_openAction->setToolTip(why);
    m_openAction->setStatusTip(why);
}

std::optional<TaskCopySubject> MainWindow::copySubject(const TaskKey& task) const
{
    const StoredTask* stored = m_model->task(task.profileId, task.taskId);
    if (!stored)
        return std::nullopt;
    // The profile's own endpoint, with its provider: a Runway task's route is not OpenAI's.
    if (const VideoApi* api = m_monitor->profiles()->api(task.profileId))
        return TaskCopySubject{stored->taskId, api->endpoint(), stored->last};
    const std::optional<Profile> profile = m_monitor->profiles()->profile(task.profileId);
    if (!profile)
        return std::nullopt;
    return TaskCopySubject{stored->taskId, ApiEndpoint(profile->baseUrl, profile->authMode), stored->last};
}

void MainWindow::showSelectedDetails()
{
    const QList<TaskKey> selected = selectedTasks();
    m_shownSelection = selected;
    if (selected.size() == 1)
        m_details->showTask(selected.first().profileId, selected.first().taskId);
    else
        m_details->clear();
}

void MainWindow::focusTask(qint64 profileId, const QString& taskId)
{
    int row = m_model->rowOf(profileId, taskId);
    if (row < 0)
        return;
    QModelIndex proxyIndex = viewIndexOf(profileId, taskId);
    if (!m_proxy->mapFromSource(m_model->index(row, 0)).isValid()) {
        // A filter hides it: show everything it could be in.
        const StoredTask* stored = m_model->taskAt(row);
        m_filter->setCurrentIndex(
            m_filter->findData(int(stored && stored->archived ? TaskCategory::Archived : TaskCategory::All)));
        m_search->clear();
    }
    if (!proxyIndex.isValid()) {
        // Its group may be folded away: open it.
        m_groups->expandGroupOf(m_proxy->mapFromSource(m_model->index(row, 0)));
        proxyIndex = viewIndexOf(profileId, taskId);
    }
    m_table->selectionModel()->setCurrentIndex(proxyIndex,
                                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    currentView()->scrollTo(proxyIndex);
    if (isMinimized())
        showNormal();
    show();
    raise();
    activateWindow();
}

void MainWindow::copySelection(TaskCopy::Kind kind)
{
    const QList<TaskKey> selected = selectedTasks();
    if (!selected.isEmpty())
        statusBar()->showMessage(copyTasks(kind, selected), kMessageMs);
}

QString MainWindow::copyTasks(TaskCopy::Kind kind, const QList<TaskKey>& tasks)
{
    QList<TaskCopySubject> subjects;
    for (const TaskKey& ref : tasks) {
        if (std::optional<TaskCopySubject> subject = copySubject(ref))
            subjects.append(std::move(*subject));
    }
    const TaskCopyResult result = TaskCopy::forSelection(kind, subjects);
    if (!result.text.isEmpty())
        QApplication::clipboard()->setText(result.text);
    return TaskCopy::summary(kind, result);
}

void MainWindow::openAddDialog(const QString& text, const QStringList& problems)
{
    // IDs need a service to belong to: the first one is set up first.
    if (m_monitor->profiles()->profiles().isEmpty()) {
        addService();
        if (m_monitor->profiles()->profiles().isEmpty())
            return;
    }
    const QList<TaskKey> selected = selectedTasks();
    const ProfileManager* profiles = m_monitor->profiles();
    const qint64 initialProfile = selected.isEmpty() ? profiles->defaultProfileId() : selected.first().profileId;
    AddTasksDialog dialog(
        profiles->profiles(), initialProfile,
        [this](qint64 profileId, const QString& taskId) { return m_model->rowOf(profileId, taskId) >= 0; }, this);
    dialog.setIdCheck([profiles](qint64 profileId, const QString& candidate) {
        const VideoApi* api = profiles->api(profileId);
        return api ? api->provider().checkId(candidate) : TaskId::validate(candidate);
    });
    if (!text.isEmpty())
        dialog.setText(text);
    if (!problems.isEmpty())
        dialog.addErrors(problems);
    connect(&dialog, &QDialog::accepted, this,
            [this, &dialog] { addTasks(dialog.validIds(), dialog.profileId(), dialog.label(), dialog.labels()); });
    m_runDialog(&dialog);
}

bool MainWindow::addTasks(const QStringList& taskIds, qint64 profileId, const QString& label,
                          const QHash<QString, QString>& labels)
{
    if (profileId == 0)
        profileId = m_monitor->profiles()->defaultProfileId();
    QString error;
    const std::optional<TaskService::AddOutcome> outcome
        = m_monitor->tasks()->add(profileId, taskIds, label, &error, TaskService::Archived::Revive, labels);
    if (!outcome) {
        QMessageBox::warning(this, tr("Add tasks"), tr("The tasks could not be saved: %1").arg(error));
        return false;
    }
    if (!outcome->reviveError.isEmpty())
        statusBar()->showMessage(tr("Added %n task(s); archived ones could not be moved back to the board: %1", nullptr,
                                    int(outcome->added.size()))
                                     .arg(outcome->reviveError),
                                 kMessageMs);
    else
        statusBar()->showMessage(tr("Added %n task(s).", nullptr, int(outcome->added.size() + outcome->revived.size())),
                                 kMessageMs);
    if (!outcome->added.isEmpty())
        focusTask(profileId, outcome->added.first());
    updateSummary();
    return true;
}

void MainWindow::pasteTaskIds()
{
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    const TaskDropText::Result dropped = TaskDropText::read(mime);
    if (!TaskIntake::looksLikeTaskIds(dropped.text)) {
        statusBar()->showMessage(tr("The clipboard holds no task IDs."), kMessageMs);
        return;
    }
    openAddDialog(dropped.text, dropped.errors);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    // A render dragged out of the board is not a list of task IDs to add.
    if (event->source() && isAncestorOf(qobject_cast<QWidget*>(event->source())))
        return;
    if (TaskDropText::canRead(event->mimeData()))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const TaskDropText::Result dropped = TaskDropText::read(event->mimeData());
    event->acceptProposedAction();
    // Opened after the drop finishes, so the source application is not left waiting on a modal dialog.
    QTimer::singleShot(0, this, [this, dropped] { openAddDialog(dropped.text, dropped.errors); });
}

void MainWindow::refreshSelected()
{
    const QList<TaskKey> selected = selectedTasks();
    if (selected.isEmpty()) {
        m_monitor->tasks()->refreshAll();
        statusBar()->showMessage(tr("Refreshing all tasks…"), kMessageMs);
        return;
    }
    const TaskService::RefreshOutcome outcome = m_monitor->tasks()->refresh(selected);
    QStringList parts;
    if (outcome.asked > 0)
        parts << tr("Refreshing %n task(s)…", nullptr, outcome.asked);
    if (outcome.rateLimited > 0)
        parts << tr("The server is rate limiting: %n task(s) will be asked in %1", nullptr, outcome.rateLimited)
                     .arg(ErrorText::duration(outcome.rateLimitWaitMs));
    if (outcome.notPolled > 0)
        parts << tr("%n task(s) not polled: %1", nullptr, outcome.notPolled).arg(outcome.notPolledReason);
    if (outcome.finished > 0)
        parts << tr("%n finished task(s) keep their final status", nullptr, outcome.finished);
    if (!parts.isEmpty())
        statusBar()->showMessage(parts.join(QStringLiteral(" · ")), kMessageMs);
}

void MainWindow::archiveSelected()
{
    const bool archive = m_proxy->category() != TaskCategory::Archived;
    const QList<TaskKey> selected = selectedTasks();
    QString error;
    if (!m_monitor->tasks()->setArchived(selected, archive, &error)) {
        QMessageBox::warning(this, tr("Archive"), tr("The change could not be saved: %1").arg(error));
        return;
    }
    statusBar()->showMessage(archive ? tr("Archived %n task(s).", nullptr, int(selected.size()))
                                     : tr("Moved %n task(s) back to the board.", nullptr, int(selected.size())),
                             kMessageMs);
    updateSummary();
}

void MainWindow::removeSelected()
{
    const QList<TaskKey> selected = selectedTasks();
    if (selected.isEmpty())
        return;
    // A second removal inside the undo window makes the first one final.
    commitPendingRemoval();
    const int removed = m_monitor->tasks()->remove(selected);
    m_undoText->setText(tr("Removed %n task(s).", nullptr, removed));
    m_undoBar->show();
    m_undoTimer->start(kUndoWindowMs);
}

void MainWindow::undoRemoval()
{
    m_undoTimer->stop();
    m_undoBar->hide();
    const QList<StoredTask> restored = m_monitor->tasks()->undoRemoval();
    if (!restored.isEmpty())
        focusTask(restored.first().profileId, restored.first().taskId);
    statusBar()->showMessage(tr("Restored %n task(s).", nullptr, int(restored.size())), kMessageMs);
}

void MainWindow::commitPendingRemoval()
{
    m_undoTimer->stop();
    m_undoBar->hide();
    QString error;
    if (!m_monitor->tasks()->commitRemoval(&error))
        statusBar()->showMessage(tr("The tasks could not be removed: %1").arg(error), kMessageMs);
}

void MainWindow::downloadSelected()
{
    startDownloads(selectedTasks());
}

int MainWindow::startDownloads(const QList<TaskKey>& tasks)
{
    const QString folder = m_settings->downloadFolder();
    int started = 0;
    QString problem;
    for (const TaskKey& ref : tasks) {
        const StoredTask* stored = m_model->task(ref.profileId, ref.taskId);
        if (!stored || !stored->last || stored->last->status != TaskStatus::Success)
            continue;
        QString error;
        if (m_monitor->downloads()->start(ref, folder, &error))
            ++started;
        else if (problem.isEmpty())
            problem = error;
    }
    if (!problem.isEmpty())
        statusBar()->showMessage(problem, kMessageMs);
    else if (started > 0)
        statusBar()->showMessage(
            tr("Downloading %n video(s) to %1…", nullptr, started).arg(QDir::toNativeSeparators(folder)), kMessageMs);
    return started;
}

QMimeData* MainWindow::dragData(const QList<TaskKey>& tasks)
{
    // Saved videos go out as files. A finished render not saved yet is downloaded now (its progress
    // in the details pane), to be dragged once it is on disk: a drop cannot wait for the network.
    QList<QUrl> files;
    QList<TaskKey> unsaved;
    for (const TaskKey& task : tasks) {
        const QString saved = m_monitor->downloads()->savedPath(task);
        if (!saved.isEmpty())
            files << QUrl::fromLocalFile(saved);
        else if (!m_monitor->downloads()->isActive(task))
            unsaved << task;
    }
    const int started = unsaved.isEmpty() ? 0 : startDownloads(unsaved);
    if (files.isEmpty()) {
        if (started > 0)
            statusBar()->showMessage(tr("Downloading first: drag the render again once it is saved."), kMessageMs);
        return nullptr;
    }
    auto* data = new QMimeData;
    data->setUrls(files);
    QStringList paths;
    for (const QUrl& file : std::as_const(files))
        paths << QDir::toNativeSeparators(file.toLocalFile());
    data->setText(paths.join(QLatin1Char('\n')));
    return data;
}

void MainWindow::previewCurrent()
{
    const QModelIndex current = currentView()->currentIndex();
    // Space on a group's header opens or closes it, as a click does.
    if (m_grouping->toggleIfHeader(current))
        return;
    const QList<TaskKey> selected = selectedTasks();
    const StoredTask* stored = nullptr;
    if (current.isValid()) {
        const QModelIndex source = m_proxy->mapToSource(m_groups->mapToSource(current));
        stored = source.isValid() ? m_model->taskAt(source.row()) : nullptr;
    } else if (!selected.isEmpty()) {
        stored = m_model->task(selected.first().profileId, selected.first().taskId);
    }
    if (!stored)
        return;
    QString why;
    if (!m_preview->open(*stored, &why))
        statusBar()->showMessage(why, kMessageMs);
}

void MainWindow::openSelectedInBrowser()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QString why;
    for (const TaskKey& ref : selectedTasks()) {
        const std::optional<TaskCopySubject> subject = copySubject(ref);
        if (!subject)
            continue;
        const BrowserLink link = TaskCopy::browserLink(*subject, now);
        if (link.problem == BrowserLink::Problem::None)
            QDesktopServices::openUrl(QUrl(link.url));
        else if (why.isEmpty())
            why = TaskCopy::whyNoBrowserLink(link);
    }
    if (!why.isEmpty())
        statusBar()->showMessage(why, kMessageMs);
}

void MainWindow::editLabel()
{
    const QList<TaskKey> selected = selectedTasks();
    if (selected.size() != 1)
        return;
    const TaskKey ref = selected.first();
    const StoredTask* stored = m_model->task(ref.profileId, ref.taskId);
    if (!stored)
        return;
    bool ok = false;
    const QString label = QInputDialog::getText(this, tr("Set label"), tr("Label for %1:").arg(ref.taskId),
                                                QLineEdit::Normal, stored->label, &ok)
                              .trimmed();
    if (!ok)
        return;
    QString error;
    if (!m_monitor->tasks()->setLabel(ref, label, &error))
        QMessageBox::warning(this, tr("Set label"), tr("The label could not be saved: %1").arg(error));
}

void MainWindow::openSettings()
{
    SettingsDialog dialog(m_monitor, m_settings, m_autostart, this);
    m_runDialog(&dialog);
    updateSummary();
}

void MainWindow::addService()
{
    SettingsDialog dialog(m_monitor, m_settings, m_autostart, this);
    dialog.startNewProfile();
    m_runDialog(&dialog);
    updateSummary();
}

void MainWindow::updateWelcome()
{
    const bool noProfile = m_monitor->profiles()->profiles().isEmpty();
    m_central->setCurrentWidget(noProfile ? static_cast<QWidget*>(m_welcome) : m_splitter);
    if (m_addAction)
        m_addAction->setEnabled(!noProfile);
}

void MainWindow::updateEmptyBoard()
{
    if (m_groups->rowCount() > 0) {
        if (m_boardPages->currentWidget() != m_views)
            m_boardPages->setCurrentWidget(m_views);
        return;
    }
    const TaskTableModel::Counts counts = m_model->counts();
    const TaskCategory category = m_proxy->category();
    // What was typed, as typed; the words applied when the field has changed since.
    QString search = m_search->text().trimmed();
    if (search.isEmpty())
        search = m_proxy->searchText();
    if (m_model->rowCount() == 0)
        m_emptyBoard->setReason(BoardEmptyState::Reason::NoTasks, QString(), category, 0);
    else if (!m_proxy->searchText().isEmpty())
        m_emptyBoard->setReason(BoardEmptyState::Reason::Searched, search, category, 0);
    else if (category == TaskCategory::All)
        m_emptyBoard->setReason(BoardEmptyState::Reason::AllArchived, QString(), category, counts.archived);
    else
        m_emptyBoard->setReason(BoardEmptyState::Reason::Filtered, QString(), category, counts.total);
    m_boardPages->setCurrentWidget(m_emptyBoard);
}

void MainWindow::launchDemo()
{
    QString error;
    if (m_launchDemo(&error))
        statusBar()->showMessage(tr("The demo opens in a window of its own, on sample renders; nothing of yours is "
                                    "touched."),
                                 kMessageMs);
    else
        statusBar()->showMessage(tr("Could not open the demo: %1").arg(error), kMessageMs);
}

void MainWindow::updateProfileNames()
{
    QHash<qint64, QString> profileNames;
    for (const Profile& profile : m_monitor->profiles()->profiles())
        profileNames.insert(profile.id, profile.name);
    m_model->setProfileNames(profileNames);
    m_groups->setProfileNames(profileNames);
}

QModelIndex MainWindow::viewIndexOf(qint64 profileId, const QString& taskId, int column) const
{
    const int row = m_model->rowOf(profileId, taskId);
    return row < 0 ? QModelIndex() : m_groups->mapFromSource(m_proxy->mapFromSource(m_model->index(row, column)));
}

void MainWindow::showHeaderMenu(const QPoint& position)
{
    // Which columns are shown: every one but the title can be hidden.
    QHeaderView* header = m_table->horizontalHeader();
    QMenu menu(this);
    for (int column = 0; column < TaskTableModel::ColumnCount; ++column) {
        QAction* action = menu.addAction(m_model->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        action->setEnabled(column != TaskTableModel::TaskColumn);
        connect(action, &QAction::toggled, header,
                [header, column](bool shown) { header->setSectionHidden(column, !shown); });
    }
    menu.exec(header->viewport()->mapToGlobal(position));
}

void MainWindow::showTableMenu(const QPoint& position)
{
    QAbstractItemView* view = currentView();
    if (!view->indexAt(position).isValid())
        return;
    QMenu menu(this);
    for (const auto& entry : std::as_const(m_copyActions))
        menu.addAction(entry.second);
    menu.addSeparator();
    menu.addAction(m_previewAction);
    menu.addAction(m_openAction);
    menu.addAction(m_downloadAction);
    menu.addAction(m_refreshAction);
    menu.addAction(m_labelAction);
    menu.addSeparator();
    menu.addAction(m_archiveAction);
    menu.addAction(m_removeAction);
    menu.exec(view->viewport()->mapToGlobal(position));
}

QAbstractItemView* MainWindow::currentView() const
{
    return m_views->currentWidget() == m_gallery ? static_cast<QAbstractItemView*>(m_gallery) : m_table;
}

void MainWindow::showView(bool gallery)
{
    const bool hadFocus = currentView()->hasFocus();
    m_views->setCurrentWidget(gallery ? static_cast<QWidget*>(m_gallery) : m_table);
    (gallery ? m_galleryViewAction : m_tableViewAction)->setChecked(true);
    m_settings->setBoardView(gallery ? AppSettings::BoardView::Gallery : AppSettings::BoardView::Table);
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (current.isValid())
        currentView()->scrollTo(current);
    if (hadFocus)
        currentView()->setFocus(Qt::OtherFocusReason);
}

void MainWindow::applyBoardSettings()
{
    const bool thumbnails = m_settings->boardThumbnails();
    m_titleDelegate->setShowPosters(thumbnails);
    // A poster row fits a 16:9 picture a little taller than two lines of text.
    const int rowHeight = thumbnails ? std::max(52, fontMetrics().height() * 3) : fontMetrics().height() + 12;
    if (m_table->verticalHeader()->defaultSectionSize() != rowHeight)
        m_table->verticalHeader()->setDefaultSectionSize(rowHeight);
    m_table->viewport()->update();
    m_posters->disk()->setLimitBytes(qint64(m_settings->pictureCacheMegabytes()) * 1024 * 1024);
    const bool gallery = m_settings->boardView() == AppSettings::BoardView::Gallery;
    if (gallery != (m_views->currentWidget() == m_gallery))
        showView(gallery);
    if (m_grouping)
        m_grouping->applySettings();
}

QString MainWindow::keyNotice() const
{
    QStringList notices;
    const ProfileManager* profiles = m_monitor->profiles();
    for (const Profile& profile : profiles->profiles()) {
        switch (profiles->keySource(profile.id)) {
        case ProfileManager::KeySource::Environment:
            notices << tr("%1: key from %2").arg(profile.name, secretEnvironmentVariable(profile.authMode));
            break;
        case ProfileManager::KeySource::Missing:
            notices << tr("%1: no key yet, add one with “API key…”").arg(profile.name);
            break;
        case ProfileManager::KeySource::Unavailable:
            // The keyring's own sentence says what is wrong (none running, a cancelled prompt, locked).
            notices << tr("%1: %2 “API key…” can use a key for this session.")
                           .arg(profile.name, profiles->keyProblem(profile.id));
            break;
        case ProfileManager::KeySource::Pending:
        case ProfileManager::KeySource::Keychain:
        case ProfileManager::KeySource::Session:
            break;
        }
    }
    return notices.join(QStringLiteral(" · "));
}

QString MainWindow::pollingState(int activeTasks) const
{
    if (activeTasks == 0)
        return tr("Idle: nothing to poll");
    const Poller::Freshness fresh = m_monitor->profiles()->freshness();
    const QLocale locale;
    // A long first pass says how far it is; a short one is over before anyone reads it.
    constexpr int kFirstPassWorthShowing = 20;
    if (fresh.firstPassSize >= kFirstPassWorthShowing) {
        const QString done
            = tr("First pass %1 / %2").arg(locale.toString(fresh.firstPassDone), locale.toString(fresh.firstPassSize));
        return fresh.firstPassRemainingMs
            ? tr("%1, about %2 left").arg(done, TaskFreshness::roughly(*fresh.firstPassRemainingMs))
            : done;
    }
    // When the request budget, not the poll interval, sets the pace, say what it allows.
    if (fresh.budgetBound)
        return tr("Each task checked about every %1 (%2 requests/s for %n task(s))", nullptr, fresh.pacedTasks)
            .arg(TaskFreshness::roughly(fresh.recheckWithinMs), locale.toString(fresh.requestsPerSecond, 'g', 3));
    if (const std::optional<qint64> next = m_monitor->profiles()->msUntilNextPoll()) {
        if (*next > 0)
            return tr("Next poll in %n s", nullptr, int((*next + 999) / 1000));
    }
    return tr("Polling");
}

void MainWindow::updateSummary()
{
    const TaskTableModel::Counts counts = m_model->counts();
    QStringList parts = {tr("%n task(s)", nullptr, counts.total)};
    if (counts.waiting > 0)
        parts << tr("%1 waiting").arg(counts.waiting);
    if (counts.queued > 0)
        parts << tr("%1 queued").arg(counts.queued);
    if (counts.rendering > 0)
        parts << tr("%1 rendering").arg(counts.rendering);
    parts << tr("%1 succeeded").arg(counts.succeeded) << tr("%1 failed").arg(counts.failed);
    if (counts.problems > 0)
        parts << tr("%n problem(s)", nullptr, counts.problems);
    if (counts.archived > 0)
        parts << tr("%1 archived").arg(counts.archived);
    const QString keys = keyNotice();
    if (!keys.isEmpty())
        parts << keys;
    m_summary->setText(parts.join(QStringLiteral(" · ")));

    QString state;
    switch (m_monitor->profiles()->overallState()) {
    case ProfileState::Paused:
        state = tr("Paused");
        break;
    case ProfileState::Offline:
        state = tr("Offline, waiting for the network");
        break;
    case ProfileState::KeyRejected:
        state = tr("A server rejected the key");
        break;
    case ProfileState::RateLimited:
        if (const std::optional<qint64> asked = m_monitor->profiles()->rateLimitWaitCutFromMs())
            state = tr("Rate limited, waiting (%1)")
                        .arg(ErrorText::serverWaitCut(*asked, PollSchedule::kMaxRetryAfterMs));
        else
            state = tr("Rate limited, waiting");
        break;
    case ProfileState::Polling:
        state = pollingState(counts.active);
        break;
    }
    m_state->setText(state);
    if (counts.active > 0 && !m_tick->isActive())
        m_tick->start();
    else if (counts.active == 0)
        m_tick->stop();
    const int inFlight = counts.active;
    // The platform appends the application's name ("6 active — Reelwatch") unless the title ends with it.
    setWindowTitle(inFlight > 0 ? tr("%n active", nullptr, inFlight) : QStringLiteral("Reelwatch"));
}

} // namespace Reelwatch

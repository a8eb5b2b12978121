#pragma once

#include "core/notificationplanner.h"
#include "core/taskcopy.h"
#include "store/storetypes.h"

#include <functional>
#include <QHash>
#include <QMainWindow>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QMimeData;
class QMenu;
class QSplitter;
class QStackedWidget;
class QAbstractItemView;
class QTableView;
class QTimer;
class QToolButton;

namespace Reelwatch {

class WelcomePage;
class BoardEmptyState;
class AppSettings;
class GalleryView;
class PosterLibrary;
class BoardGrouping;
class FirstFramePosters;
class PreviewController;
class TaskGroupProxy;
class TaskTitleDelegate;
class Autostart;
class Monitor;
class StatusBadgeDelegate;
class TaskDetailsPane;
class TaskFilterProxy;
class TaskTableModel;

// The task board: every stored task across profiles, kept current by the monitor (one row updated
// per change), filtered and searched, with the selected task's details beside it and every result
// one click or shortcut away.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(Monitor* monitor, AppSettings* settings, Autostart* autostart, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens the add dialog with this text already in it (the IDs it holds are checked there).
    void openAddDialog(const QString& text = QString(), const QStringList& problems = {});
    // Adds valid IDs to a profile (the default one when 0) at once, without the dialog. `labels`: IDs
    // with a label of their own, given in place of `label`.
    bool addTasks(const QStringList& taskIds, qint64 profileId = 0, const QString& label = QString(),
                  const QHash<QString, QString>& labels = {});
    // Selects this task's row (clearing filters that hide it) and shows its details.
    void focusTask(qint64 profileId, const QString& taskId);
    void copySelection(TaskCopy::Kind kind);
    // Copies these tasks' text of one kind to the clipboard; returns the sentence saying what it did.
    QString copyTasks(TaskCopy::Kind kind, const QList<TaskKey>& tasks);

    TaskTableModel* model() const { return m_model; }
    TaskFilterProxy* proxy() const { return m_proxy; }
    // What both views show: the filtered rows, in groups with a header row each when grouped.
    TaskGroupProxy* groups() const { return m_groups; }
    BoardGrouping* grouping() const { return m_grouping; }
    // The task's index in the views (their model is groups()); invalid while filtered out or folded away.
    QModelIndex viewIndexOf(qint64 profileId, const QString& taskId, int column = 0) const;
    QTableView* table() const { return m_table; }
    GalleryView* gallery() const { return m_gallery; }
    // The view the board is shown in now: the table or the gallery.
    QAbstractItemView* currentView() const;
    PosterLibrary* posters() const { return m_posters; }
    TaskDetailsPane* detailsPane() const { return m_details; }
    PreviewController* preview() const { return m_preview; }
    FirstFramePosters* firstFramePosters() const { return m_firstFramePosters; }
    // Opens the preview for the current task of the board (Space, double-click).
    void previewCurrent();
    // What dragging these tasks out of the board carries: the saved videos as file URLs. Those not
    // saved yet start downloading; null when none is on disk yet.
    QMimeData* dragData(const QList<TaskKey>& tasks);

    // Seams for tests: the add dialog is shown modally unless replaced.
    void setAddDialogRunner(std::function<void(QDialog*)> runner) { m_runDialog = std::move(runner); }
    // Asked when the window is closed; returning true hides the window instead (it lives on in the tray).
    void setHideOnClose(std::function<bool()> hideInstead) { m_hideOnClose = std::move(hideInstead); }
    // What File › Quit does (by default QApplication::quit()).
    void setQuitHandler(std::function<void()> quit) { m_quit = std::move(quit); }
    // What "Try the demo" starts: by default this program with --demo, in a window of its own. Returns
    // false with the reason when it could not.
    void setDemoLauncher(std::function<bool(QString* error)> launch) { m_launchDemo = std::move(launch); }

    // Shared with the tray menu, so both show the same state.
    QAction* pauseAction() const { return m_pauseAction; }
    QAction* pasteAction() const { return m_pasteAction; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void connectMonitor();
    void restoreLayout();
    void saveLayout() const;

    QList<TaskKey> selectedTasks() const;
    void updateActions();
    void updateSummary();
    // The status bar's word on polling while it goes on: a first pass, the pace the budget allows, the
    // next poll.
    QString pollingState(int activeTasks) const;
    void showSelectedDetails();
    QString keyNotice() const;

    void pasteTaskIds();
    void refreshSelected();
    void archiveSelected();
    void removeSelected();
    void undoRemoval();
    void commitPendingRemoval();
    void openSelectedInBrowser();
    void downloadSelected();
    // Starts the finished ones among these; returns how many started (a refusal goes to the status bar).
    int startDownloads(const QList<TaskKey>& tasks);
    void editLabel();
    void openSettings();
    void showHeaderMenu(const QPoint& position);
    // The first run's "Add a service": settings, on a new profile.
    void addService();
    void updateWelcome();
    // The board's rows, or what to do when there are none to show.
    void updateEmptyBoard();
    void launchDemo();
    // The Open action: enabled for a result that opens in a browser, else disabled with the reason.
    void updateOpenAction(const QList<TaskKey>& selected);
    // What the copy actions and the Open action see of a task: its ID, its profile's endpoint (with its
    // provider) and its last answer.
    std::optional<TaskCopySubject> copySubject(const TaskKey& task) const;
    void showTableMenu(const QPoint& position);
    void updateProfileNames();
    void showView(bool gallery);
    // The row height, the pictures' disk budget: what AppSettings says now.
    void applyBoardSettings();

    Monitor* m_monitor;
    AppSettings* m_settings;
    Autostart* m_autostart;
    TaskTableModel* m_model;
    TaskFilterProxy* m_proxy;
    TaskGroupProxy* m_groups;
    PosterLibrary* m_posters;
    QTableView* m_table;
    StatusBadgeDelegate* m_badgeDelegate;
    TaskTitleDelegate* m_titleDelegate;
    GalleryView* m_gallery;
    // The table or the gallery, over the same proxy and selection.
    QStackedWidget* m_views;
    // The views, or what to do while they have no row to show.
    QStackedWidget* m_boardPages;
    BoardEmptyState* m_emptyBoard;
    TaskDetailsPane* m_details;
    PreviewController* m_preview;
    FirstFramePosters* m_firstFramePosters; // posters for renders whose server has none
    QSplitter* m_splitter;
    // The board, or the greeting while there is no profile.
    QStackedWidget* m_central;
    WelcomePage* m_welcome;
    QComboBox* m_filter;
    QLineEdit* m_search;
    QLabel* m_summary;
    QLabel* m_state;
    QWidget* m_undoBar;
    QLabel* m_undoText;
    QTimer* m_undoTimer;
    QTimer* m_tick;
    QMenu* m_copyMenu;
    std::function<void(QDialog*)> m_runDialog;
    std::function<bool()> m_hideOnClose;
    std::function<void()> m_quit;
    std::function<bool(QString*)> m_launchDemo;

    QAction* m_addAction = nullptr;
    QAction* m_pasteAction = nullptr;
    QAction* m_refreshAction = nullptr;
    QAction* m_pauseAction = nullptr;
    QAction* m_archiveAction = nullptr;
    QAction* m_removeAction = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_previewAction = nullptr;
    bool m_actionsUpdatePending = false;
    QAction* m_downloadAction = nullptr;
    QAction* m_labelAction = nullptr;
    QAction* m_settingsAction = nullptr;
    QAction* m_keyAction = nullptr;
    QAction* m_findAction = nullptr;
    QAction* m_detailsAction = nullptr;
    QAction* m_tableViewAction = nullptr;
    QAction* m_galleryViewAction = nullptr;
    BoardGrouping* m_grouping = nullptr;
    QList<TaskKey> m_shownSelection; // what the details pane and the actions were last given
    QList<QPair<TaskCopy::Kind, QAction*>> m_copyActions;

    bool m_summaryQueued = false;
    bool m_filtering = false; // between a filter change's first and last run of rows
};

} // namespace Reelwatch

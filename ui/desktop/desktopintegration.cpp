#include "desktopintegration.h"

#include "core/displaytext.h"
#include "monitor/downloadcenter.h"
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "monitor/taskservice.h"
#include "net/downloader.h"
#include "trayicon.h"
#include "ui/board/tasktablemodel.h"
#include "ui/settings/appsettings.h"
#include "ui/shell/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QTimer>

namespace Reelwatch {

namespace {

constexpr int kDefaultQuietMs = 1500;
constexpr int kDefaultMaxWaitMs = 5000;
constexpr int kTrayUpdateDelayMs = 150;
constexpr int kMaxRememberedNotifications = 200;
constexpr int kNamesInSummary = 3;

const QString kOpenAction = QStringLiteral("open");
const QString kCopyLinkAction = QStringLiteral("copy-link");
const QString kDownloadAction = QStringLiteral("download");
const QString kShowFolderAction = QStringLiteral("show-folder");
const QString kDownloadVariant = QStringLiteral("video");
const QString kDefaultAction = QStringLiteral("default");

// How long the render took: the provider's own times when it gave both, else since it was added.
QString renderTime(const StoredTask& stored, qint64 nowMs)
{
    const VideoTask* task = stored.last ? &*stored.last : nullptr;
    const qint64 startMs = task && task->createdAt ? *task->createdAt * 1000 : stored.addedAtMs;
    const qint64 endMs = task && task->completedAt ? *task->completedAt * 1000 : nowMs;
    return TaskTableModel::formatDuration(endMs - startMs);
}

// "sora-2 · 720x1280 · 8 s": what was rendered, from what the server said.
QString renderFacts(const StoredTask& stored)
{
    QStringList facts;
    if (!stored.last)
        return QString();
    const VideoTask& task = *stored.last;
    if (!task.model.isEmpty())
        facts << task.model;
    if (!task.size.isEmpty())
        facts << task.size;
    if (!task.seconds.isEmpty())
        facts << DesktopIntegration::tr("%1 s").arg(task.seconds);
    return facts.join(QStringLiteral(" · "));
}

QString joinLines(const QStringList& lines)
{
    QStringList present;
    for (const QString& line : lines) {
        if (!line.isEmpty())
            present << line;
    }
    return present.join(QLatin1Char('\n'));
}

// The tray's picture of the outcome: a failure among the results shows as one.
QImage notificationImage(const NotificationPlanner::Planned& planned)
{
    constexpr int kImageSize = 64;
    const TrayState::Mood mood = planned.failed > 0 ? TrayState::Mood::Failed
        : planned.succeeded > 0                     ? TrayState::Mood::Succeeded
                                                    : TrayState::Mood::Rendering;
    return TrayIcon::iconFor(mood, false).pixmap(kImageSize, kImageSize).toImage();
}

} // namespace

DesktopIntegration::DesktopIntegration(Monitor* monitor, MainWindow* window, AppSettings* settings, Notifier* notifier,
                                       QObject* parent)
    : QObject(parent)
    , m_monitor(monitor)
    , m_window(window)
    , m_settings(settings)
    , m_notifier(notifier)
    , m_tray(new TrayIcon(this))
    , m_quietTimer(new QTimer(this))
    , m_maxWaitTimer(new QTimer(this))
    , m_trayTimer(new QTimer(this))
{
    m_quietTimer->setSingleShot(true);
    m_maxWaitTimer->setSingleShot(true);
    setCoalescing(kDefaultQuietMs, kDefaultMaxWaitMs);
    connect(m_quietTimer, &QTimer::timeout, this, &DesktopIntegration::flushNotifications);
    connect(m_maxWaitTimer, &QTimer::timeout, this, &DesktopIntegration::flushNotifications);
    m_trayTimer->setSingleShot(true);
    m_trayTimer->setInterval(kTrayUpdateDelayMs);
    connect(m_trayTimer, &QTimer::timeout, this, &DesktopIntegration::updateTray);

    connect(m_monitor->tasks(), &TaskService::taskUpdated, this, &DesktopIntegration::onTaskUpdated);
    connect(m_monitor->profiles(), &ProfileManager::stateChanged, this, &DesktopIntegration::scheduleTrayUpdate);
    TaskTableModel* model = m_window->model();
    connect(model, &QAbstractItemModel::dataChanged, this, &DesktopIntegration::scheduleTrayUpdate);
    connect(model, &QAbstractItemModel::rowsInserted, this, &DesktopIntegration::scheduleTrayUpdate);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &DesktopIntegration::scheduleTrayUpdate);
    connect(model, &QAbstractItemModel::modelReset, this, &DesktopIntegration::scheduleTrayUpdate);
    connect(m_window->pauseAction(), &QAction::toggled, this, &DesktopIntegration::scheduleTrayUpdate);
    connect(m_notifier, &Notifier::actionInvoked, this, &DesktopIntegration::onNotificationAction);
    connect(m_monitor->downloads(), &DownloadCenter::finished, this, &DesktopIntegration::onDownloadFinished);
    connect(m_notifier, &Notifier::closed, this, [this](quint32 handle) {
        m_shown.remove(handle);
        m_savedFiles.remove(handle);
    });

    m_tray->setPauseAction(m_window->pauseAction());
    m_tray->setRecentTasks([this] {
        // The latest finished tasks on the board, newest first.
        QList<QPair<qint64, const StoredTask*>> finished;
        const TaskTableModel* board = m_window->model();
        for (int row = 0; row < board->rowCount(); ++row) {
            const StoredTask* stored = board->taskAt(row);
            if (stored && !stored->archived && stored->last && isTerminal(stored->last->status)) {
                const qint64 finishedMs
                    = stored->last->completedAt ? *stored->last->completedAt * 1000 : stored->updatedAtMs;
                finished.append({finishedMs, stored});
            }
        }
        const int count = std::min<int>(TrayIcon::kRecentTaskCount, int(finished.size()));
        std::partial_sort(finished.begin(), finished.begin() + count, finished.end(),
                          [](const auto& a, const auto& b) { return a.first > b.first; });
        QList<TrayIcon::RecentTask> recent;
        for (int i = 0; i < count; ++i) {
            const StoredTask& stored = *finished.at(i).second;
            recent.append({{stored.profileId, stored.taskId},
                           stored.displayName(),
                           stored.last->status == TaskStatus::Success,
                           hasResultLink(stored)});
        }
        return recent;
    });
    connect(m_tray, &TrayIcon::toggleWindowRequested, this, &DesktopIntegration::toggleWindow);
    connect(m_tray, &TrayIcon::quitRequested, this, &DesktopIntegration::quit);
    connect(m_tray, &TrayIcon::addFromClipboardRequested, this, [this] {
        showWindow();
        m_window->pasteAction()->trigger();
    });
    connect(m_tray, &TrayIcon::recentTaskChosen, this, [this](const TaskKey& task, bool copyLink) {
        m_unseen.markSeen(task);
        scheduleTrayUpdate();
        if (copyLink) {
            m_window->copyTasks(TaskCopy::Kind::ResultLink, {task});
            return;
        }
        showWindow();
        m_window->focusTask(task.profileId, task.taskId);
    });
    connect(m_tray, &TrayIcon::visibilityChanged, this, [this](bool visible) {
        // Without a tray, closing the window must quit as it always does; with one, quitting is
        // explicit (hideOnClose decides), so a dialog closing over a hidden window cannot end the app.
        QApplication::setQuitOnLastWindowClosed(!visible);
        // The tray went away (a panel restarting) while the window was hidden in it: bring it back,
        // or nothing would be left to reach Reelwatch with.
        const bool lost = m_trayShown && !visible;
        m_trayShown = visible;
        if (lost && !m_window->isVisible() && !m_quitting)
            showWindow();
        updateTray();
    });

    m_window->setHideOnClose([this] { return hideOnClose(); });
    m_window->setQuitHandler([this] { quit(); });
    // At logout the session manager closes every window; hiding into the tray would refuse it. If
    // the logout is cancelled, the app is still running on the next turn of the event loop.
    connect(qApp, &QGuiApplication::commitDataRequest, this, [this] {
        m_quitting = true;
        QTimer::singleShot(0, this, [this] { m_quitting = false; });
    });
    m_window->installEventFilter(this);
    updateTray();
}

DesktopIntegration::~DesktopIntegration()
{
    m_window->setHideOnClose({});
    m_window->setQuitHandler({});
    m_window->removeEventFilter(this);
}

void DesktopIntegration::start(int trayAttempts, int trayRetryMs, int trayWatchMs)
{
    m_tray->start(trayAttempts, trayRetryMs, trayWatchMs);
}

void DesktopIntegration::setCoalescing(int quietMs, int maxMs)
{
    m_quietTimer->setInterval(quietMs);
    m_maxWaitTimer->setInterval(std::max(quietMs, maxMs));
}

void DesktopIntegration::showWindow(const QString& activationToken)
{
    // Qt's Wayland plugin takes the token from the environment when it activates a window.
    if (!activationToken.isEmpty() && QGuiApplication::platformName().startsWith(QLatin1String("wayland")))
        qputenv("XDG_ACTIVATION_TOKEN", activationToken.toUtf8());
    // Clearing only the minimised flag keeps a maximised window maximised, which showNormal() would not.
    if (m_window->isMinimized())
        m_window->setWindowState(m_window->windowState() & ~Qt::WindowMinimized);
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

void DesktopIntegration::toggleWindow()
{
    // Not "is it active": on some desktops a click on the tray takes the focus from the window first.
    if (m_window->isVisible() && !m_window->isMinimized() && m_tray->isVisible())
        m_window->hide();
    else
        showWindow();
}

void DesktopIntegration::quit()
{
    m_quitting = true;
    // Closing saves the layout and commits a pending removal, as a close by hand does.
    m_window->close();
    QApplication::quit();
}

bool DesktopIntegration::hideOnClose()
{
    if (m_quitting || !m_settings->closeToTray() || !m_tray->isVisible()) {
        // The window really closes, so the app ends: by itself without a tray, explicitly with one
        // (quitOnLastWindowClosed is off then).
        if (!m_quitting && !QApplication::quitOnLastWindowClosed())
            QTimer::singleShot(0, qApp, &QCoreApplication::quit);
        return false;
    }
    if (!m_settings->trayHintShown() && m_notifier->isAvailable()) {
        DesktopNotification hint;
        hint.kind = DesktopNotification::Kind::Summary;
        hint.title = tr("Reelwatch is still running");
        hint.body = tr("It keeps watching your renders from the tray. To quit, use Quit in the tray icon's menu.");
        if (showNotification(hint) != 0)
            m_settings->setTrayHintShown(true);
    }
    return true;
}

bool DesktopIntegration::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_window) {
        switch (event->type()) {
        case QEvent::WindowActivate:
            markAllSeenIfLooking();
            break;
        case QEvent::Show:
            // A window shown again may be active at once, without a new activation event.
            QTimer::singleShot(0, this, &DesktopIntegration::markAllSeenIfLooking);
            m_tray->setWindowShown(m_window->isVisible() && !m_window->isMinimized());
            break;
        case QEvent::Hide:
        case QEvent::WindowStateChange:
            m_tray->setWindowShown(m_window->isVisible() && !m_window->isMinimized());
            break;
        default:
            break;
        }
    }
    return QObject::eventFilter(watched, event);
}

void DesktopIntegration::markAllSeenIfLooking()
{
    // Whoever has the window in front sees the board: nothing is unseen any more.
    if (m_unseen.isEmpty() || !m_window->isVisible() || !m_window->isActiveWindow())
        return;
    m_unseen.markAllSeen();
    scheduleTrayUpdate();
}

void DesktopIntegration::onTaskUpdated(qint64 profileId, const TaskUpdate& update)
{
    if (!update.task)
        return;
    const TaskKey task{profileId, update.taskId};
    bool firstAnswer = false;
    if (!m_answered.contains(task)) {
        m_answered.insert(task);
        firstAnswer = true;
    }
    if (!update.outcome.statusChanged)
        return;
    const TaskStatus now = update.task->status;
    // Seen to succeed: now, or while Reelwatch was closed (the stored state still says rendering).
    // A render already finished when it was added has no stored state, and one that finished in an
    // earlier run is stored as finished: neither was waited for, so neither is downloaded.
    if (now == TaskStatus::Success && update.outcome.previousStatus && !isTerminal(*update.outcome.previousStatus))
        startAutoDownload(task);
    TaskTransition transition = classifyTransition(update.outcome.previousStatus, now);
    if (firstAnswer && update.outcome.previousStatus && !isTerminal(*update.outcome.previousStatus)
        && isTerminal(now)) {
        // Finished while Reelwatch was not running: unseen, but not announced.
        m_unseen.record(task, now == TaskStatus::Success, m_window->isVisible() && m_window->isActiveWindow());
        scheduleTrayUpdate();
        return;
    }
    if (firstAnswer)
        transition = TaskTransition::None;
    if (transition == TaskTransition::None)
        return;
    if (transition == TaskTransition::Succeeded || transition == TaskTransition::Failed) {
        const bool looking = m_window->isVisible() && m_window->isActiveWindow();
        m_unseen.record(task, transition == TaskTransition::Succeeded, looking);
        scheduleTrayUpdate();
    }
    const bool wanted = (transition == TaskTransition::Succeeded && m_settings->notifyOnSuccess())
        || (transition == TaskTransition::Failed && m_settings->notifyOnFailure())
        || (transition == TaskTransition::Started && m_settings->notifyOnStart());
    if (!wanted) {
        // A "started" still waiting for this task would be out of date.
        m_planner.remove(task);
        return;
    }
    m_planner.add(task, transition);
    m_quietTimer->start();
    if (!m_maxWaitTimer->isActive())
        m_maxWaitTimer->start();
}

DesktopNotification DesktopIntegration::compose(const NotificationPlanner::Planned& planned,
                                                const std::function<const StoredTask*(const TaskKey&)>& tasks,
                                                qint64 nowMs, bool canCopyLink, bool canDownload,
                                                const QString& savingInto, bool alreadySaved)
{
    DesktopNotification notification;
    const auto nameOf = [&tasks](const TaskKey& key) {
        const StoredTask* stored = tasks(key);
        return stored ? stored->displayName() : key.taskId;
    };
    if (planned.summary) {
        notification.kind = DesktopNotification::Kind::Summary;
        const int finished = planned.succeeded + planned.failed;
        notification.title = finished > 0 ? tr("%n renders finished", nullptr, finished)
                                          : tr("%n renders started", nullptr, planned.started);
        QStringList counts;
        if (finished > 0 && planned.succeeded > 0)
            counts << tr("%n succeeded", nullptr, planned.succeeded);
        if (finished > 0 && planned.failed > 0)
            counts << tr("%n failed", nullptr, planned.failed);
        if (finished > 0 && planned.started > 0)
            counts << tr("%n started", nullptr, planned.started);
        QStringList names;
        for (const NotificationPlanner::Event& event : planned.events.mid(0, kNamesInSummary))
            names << nameOf(event.task);
        QString nameLine = names.join(QStringLiteral(", "));
        if (planned.events.size() > kNamesInSummary)
            nameLine = tr("%1 and %n more", nullptr, int(planned.events.size()) - kNamesInSummary).arg(nameLine);
        notification.body = joinLines({counts.join(QStringLiteral(", ")), nameLine});
        notification.actions = {{kOpenAction, tr("Open Reelwatch")}};
        return notification;
    }

    const NotificationPlanner::Event& event = planned.events.first();
    const StoredTask* stored = tasks(event.task);
    notification.title = nameOf(event.task);
    const QString facts = stored ? renderFacts(*stored) : QString();
    switch (event.transition) {
    case TaskTransition::Succeeded:
        notification.kind = DesktopNotification::Kind::Succeeded;
        notification.body = joinLines(
            {stored ? tr("Render finished in %1").arg(renderTime(*stored, nowMs)) : tr("Render finished"), facts,
             savingInto.isEmpty()
                 ? QString()
                 : (alreadySaved ? tr("Saved to %1") : tr("Saving to %1")).arg(QDir::toNativeSeparators(savingInto))});
        notification.actions = {{kOpenAction, tr("Open")}};
        if (canCopyLink)
            notification.actions.append({kCopyLinkAction, tr("Copy link")});
        if (!savingInto.isEmpty())
            notification.actions.append({kShowFolderAction, tr("Show in folder")});
        else if (canDownload)
            notification.actions.append({kDownloadAction, tr("Download")});
        break;
    case TaskTransition::Failed: {
        notification.kind = DesktopNotification::Kind::Failed;
        const QString reason = stored && stored->last && stored->last->error && !stored->last->error->message.isEmpty()
            ? stored->last->error->message
            : QString();
        notification.body = joinLines({reason.isEmpty() ? tr("Render failed") : tr("Render failed: %1").arg(reason),
                                       stored ? tr("After %1").arg(renderTime(*stored, nowMs)) : QString(), facts});
        notification.actions = {{kOpenAction, tr("Open")}};
        break;
    }
    case TaskTransition::Started:
    case TaskTransition::None:
        notification.kind = DesktopNotification::Kind::Started;
        notification.body = joinLines({tr("Started rendering"), facts});
        notification.actions = {{kOpenAction, tr("Open")}};
        break;
    }
    return notification;
}

void DesktopIntegration::flushNotifications()
{
    m_quietTimer->stop();
    m_maxWaitTimer->stop();
    const TaskTableModel* board = m_window->model();
    const auto lookup = [board](const TaskKey& key) { return board->task(key.profileId, key.taskId); };
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    for (const NotificationPlanner::Planned& planned : m_planner.take()) {
        const TaskKey& first = planned.events.first().task;
        const StoredTask* single = planned.summary ? nullptr : lookup(first);
        const bool succeeded = single && planned.events.first().transition == TaskTransition::Succeeded;
        const bool canCopyLink = succeeded && hasResultLink(*single);
        // An automatic download that already failed has said so itself; this one offers Download again.
        const bool alreadySaved = !m_monitor->downloads()->savedPath(first).isEmpty();
        const bool automatic
            = m_autoDownloadFolders.contains(first) && (alreadySaved || m_monitor->downloads()->isActive(first));
        const QString savingInto = succeeded && automatic ? m_autoDownloadFolders.value(first) : QString();
        QString why;
        const bool canDownload = succeeded && savingInto.isEmpty() && m_monitor->downloads()->canStart(first, &why);
        DesktopNotification notification
            = compose(planned, lookup, nowMs, canCopyLink, canDownload, savingInto, automatic && alreadySaved);
        notification.playSound = m_settings->notificationSound();
        notification.image = notificationImage(planned);
        const quint32 handle = showNotification(notification);
        if (handle == 0)
            continue;
        // Notifiers report every notification closed in the end (and close their oldest past a
        // limit of their own); this is only a backstop, so which entry goes does not matter.
        if (m_shown.size() >= kMaxRememberedNotifications)
            m_shown.erase(m_shown.begin());
        m_shown.insert(handle, planned);
    }
}

void DesktopIntegration::onNotificationAction(quint32 handle, const QString& actionKey)
{
    const auto saved = m_savedFiles.constFind(handle);
    if (saved != m_savedFiles.constEnd()) {
        const QFileInfo file(*saved);
        if (actionKey == kShowFolderAction)
            QDesktopServices::openUrl(QUrl::fromLocalFile(file.absolutePath()));
        else if (actionKey == kOpenAction || actionKey == kDefaultAction)
            QDesktopServices::openUrl(QUrl::fromLocalFile(file.absoluteFilePath()));
        return;
    }
    const auto found = m_shown.constFind(handle);
    if (found == m_shown.constEnd())
        return;
    const NotificationPlanner::Planned planned = *found;
    for (const NotificationPlanner::Event& event : planned.events)
        m_unseen.markSeen(event.task);
    scheduleTrayUpdate();
    const TaskKey& first = planned.events.first().task;
    if (actionKey == kCopyLinkAction) {
        m_window->copyTasks(TaskCopy::Kind::ResultLink, {first});
        return;
    }
    if (actionKey == kDownloadAction) {
        m_announcedDownloads.insert(first);
        downloadTask(first);
        return;
    }
    if (actionKey == kShowFolderAction) {
        // The file once it is saved; while it is on its way, the folder it goes to.
        const QString saved = m_monitor->downloads()->savedPath(first);
        const QString folder = saved.isEmpty() ? m_autoDownloadFolders.value(first) : QFileInfo(saved).absolutePath();
        if (!folder.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
        return;
    }
    if (actionKey == kOpenAction || actionKey == kDefaultAction) {
        showWindow();
        m_window->focusTask(first.profileId, first.taskId);
    }
}

void DesktopIntegration::downloadTask(const TaskKey& task)
{
    QString problem;
    if (!m_monitor->downloads()->start(task, m_settings->downloadFolder(), &problem)) {
        m_announcedDownloads.remove(task);
        const StoredTask* stored = m_window->model()->task(task.profileId, task.taskId);
        notifyDownloadProblem(stored ? stored->displayName() : task.taskId, problem);
    }
}

void DesktopIntegration::startAutoDownload(const TaskKey& task)
{
    const std::optional<Profile> profile = m_monitor->profiles()->profile(task.profileId);
    if (!profile || !profile->autoDownload)
        return;
    const QString folder
        = profile->autoDownloadFolder.isEmpty() ? m_settings->downloadFolder() : profile->autoDownloadFolder;
    QString problem;
    if (!m_monitor->downloads()->start(task, folder, &problem)) {
        const StoredTask* stored = m_window->model()->task(task.profileId, task.taskId);
        notifyDownloadProblem(stored ? stored->displayName() : task.taskId, problem);
        return;
    }
    m_autoDownloads.insert(task);
    m_autoDownloadFolders.insert(task, folder);
}

void DesktopIntegration::onDownloadFinished(const TaskKey& task, const DownloadResult& result)
{
    const StoredTask* stored = m_window->model()->task(task.profileId, task.taskId);
    const QString name = stored ? stored->displayName() : task.taskId;
    const bool automatic = m_autoDownloads.remove(task);
    // Downloads asked for from a notification are announced, whatever the outcome; automatic ones
    // were announced with the render, so only a failure needs saying. The window shows its own.
    if (!m_announcedDownloads.remove(task)) {
        if (automatic && !result.ok() && result.kind() != ErrorKind::Cancelled)
            notifyDownloadProblem(name, result.message());
        return;
    }
    if (!result.ok()) {
        if (result.kind() != ErrorKind::Cancelled)
            notifyDownloadProblem(name, result.message());
        return;
    }
    DesktopNotification saved;
    saved.kind = DesktopNotification::Kind::Succeeded;
    saved.title = tr("Saved %1").arg(QFileInfo(result.path).fileName());
    saved.body = joinLines({name, QDir::toNativeSeparators(QFileInfo(result.path).absolutePath())});
    saved.actions = {{kOpenAction, tr("Play")}, {kShowFolderAction, tr("Show in folder")}};
    saved.image = TrayIcon::iconFor(TrayState::Mood::Succeeded, false).pixmap(64, 64).toImage();
    if (const quint32 handle = showNotification(saved))
        m_savedFiles.insert(handle, result.path);
}

quint32 DesktopIntegration::showNotification(DesktopNotification notification)
{
    notification.title = DisplayText::line(notification.title);
    notification.body = DisplayText::block(notification.body);
    return m_notifier->show(notification);
}

void DesktopIntegration::notifyDownloadProblem(const QString& name, const QString& message)
{
    DesktopNotification failed;
    failed.kind = DesktopNotification::Kind::Failed;
    failed.title = tr("Could not download %1").arg(name);
    failed.body = message;
    failed.image = TrayIcon::iconFor(TrayState::Mood::Failed, false).pixmap(64, 64).toImage();
    showNotification(failed);
}

bool DesktopIntegration::hasResultLink(const StoredTask& stored) const
{
    const std::optional<Profile> profile = m_monitor->profiles()->profile(stored.profileId);
    return profile
        && TaskCopy::resultLink({stored.taskId, ApiEndpoint(profile->baseUrl, profile->authMode), stored.last})
               .has_value();
}

void DesktopIntegration::scheduleTrayUpdate()
{
    if (!m_trayTimer->isActive())
        m_trayTimer->start();
}

void DesktopIntegration::updateTray()
{
    const TaskTableModel* board = m_window->model();
    // Results of tasks that left the board (removed, archived) no longer colour the icon.
    for (const TaskKey& key : m_unseen.tasks()) {
        const StoredTask* stored = board->task(key.profileId, key.taskId);
        if (!stored || stored->archived)
            m_unseen.forget(key);
    }
    const TaskTableModel::Counts counts = board->counts();
    m_tray->setState(TrayState::from(counts.rendering, counts.active - counts.rendering, m_unseen),
                     m_monitor->profiles()->isPaused());
}

} // namespace Reelwatch

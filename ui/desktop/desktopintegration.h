#pragma once

#include "core/notificationplanner.h"
#include "core/traystate.h"
#include "notifier.h"
#include "trayicon.h"

#include <QHash>
#include <QObject>
#include <QSet>

class QTimer;

namespace Reelwatch {

class AppSettings;
class MainWindow;
class Monitor;
struct StoredTask;
struct TaskUpdate;
struct DownloadResult;

// Everything that lets people stop watching the window: the tray icon and its menu, desktop
// notifications when renders start, finish or fail (a burst becomes one summary), the actions on
// those notifications, and closing into the tray. Follows the monitor; acts through the window.
class DesktopIntegration : public QObject
{
    Q_OBJECT

public:
    // The notifier is not owned and must outlive this object.
    DesktopIntegration(Monitor* monitor, MainWindow* window, AppSettings* settings, Notifier* notifier,
                       QObject* parent = nullptr);
    ~DesktopIntegration() override;

    // Puts the icon in the tray once the desktop has one (see TrayIcon::start).
    void start(int trayAttempts = 10, int trayRetryMs = 3000, int trayWatchMs = TrayIcon::kWatchIntervalMs);

    TrayIcon* tray() const { return m_tray; }
    const UnseenResults& unseen() const { return m_unseen; }

    // Brings the window to the front, restored if minimised or hidden. `activationToken` is the
    // token of a launch that asked for it (Wayland), which lets the window take the focus under
    // focus-stealing prevention.
    void showWindow(const QString& activationToken = QString());
    // From the tray: hides the window when it is in front, else brings it there.
    void toggleWindow();
    // Really quits, whatever close-to-tray says.
    void quit();

    // A poll round's results arrive over a short while (requests are spread out): notifications wait
    // until no transition came for `quietMs`, but never longer than `maxMs` after the first one.
    void setCoalescing(int quietMs, int maxMs);

    // The words of a notification, for the tests and for the summary; `tasks` looks tasks up.
    // `canCopyLink` and `canDownload` say whether a single success offers those buttons;
    // `savingInto`, when not empty, is the folder the render is being saved into (its profile
    // downloads automatically; `alreadySaved` once it is there), which the notification names and
    // offers to show instead of a Download button.
    static DesktopNotification compose(const NotificationPlanner::Planned& planned,
                                       const std::function<const StoredTask*(const TaskKey&)>& tasks, qint64 nowMs,
                                       bool canCopyLink, bool canDownload, const QString& savingInto = QString(),
                                       bool alreadySaved = false);

    // Saves the task's video into the download folder (Settings); a problem that stops it from
    // starting is a notification. Asked for from a notification, the end is one too, with buttons
    // that play the file or show its folder.
    void downloadTask(const TaskKey& task);

private:
    // Every notification goes out through here, its title and body made safe to show (DisplayText):
    // they carry a server's words (a prompt, a failure reason).
    quint32 showNotification(DesktopNotification notification);
    void onTaskUpdated(qint64 profileId, const TaskUpdate& update);
    // A render seen to succeed, of a profile that downloads automatically: saved into the
    // profile's folder (or the download folder). A problem that stops it from starting is a
    // notification, and so is a download that fails later.
    void startAutoDownload(const TaskKey& task);
    void flushNotifications();
    void onNotificationAction(quint32 handle, const QString& actionKey);
    void notifyDownloadProblem(const QString& name, const QString& message);
    void onDownloadFinished(const TaskKey& task, const DownloadResult& result);
    bool hasResultLink(const StoredTask& stored) const;
    void scheduleTrayUpdate();
    void updateTray();
    bool hideOnClose();
    void markAllSeenIfLooking();
    bool eventFilter(QObject* watched, QEvent* event) override;

    Monitor* m_monitor;
    MainWindow* m_window;
    AppSettings* m_settings;
    Notifier* m_notifier;
    TrayIcon* m_tray;
    UnseenResults m_unseen;
    // Tasks the server has answered for in this run. A task's first answer of a run never notifies:
    // a render that finished while Reelwatch was not running is news for the tray, not a popup.
    QSet<TaskKey> m_answered;
    NotificationPlanner m_planner;
    QTimer* m_quietTimer;
    QTimer* m_maxWaitTimer;
    QTimer* m_trayTimer;
    QHash<quint32, NotificationPlanner::Planned> m_shown; // by notifier handle, until it closes
    QHash<quint32, QString> m_savedFiles; // "saved" notifications: handle → the file
    QSet<TaskKey> m_announcedDownloads; // asked for from a notification, so their end is one too
    QSet<TaskKey> m_autoDownloads; // started automatically, until they end
    QHash<TaskKey, QString> m_autoDownloadFolders; // where each automatic download of this run went
    bool m_quitting = false;
    bool m_trayShown = false;
};

} // namespace Reelwatch

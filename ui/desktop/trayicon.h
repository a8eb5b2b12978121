#pragma once

#include "core/traystate.h"

#include <functional>
#include <QIcon>
#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;
class QTimer;

namespace Reelwatch {

// The icon in the desktop's tray: its picture says what is going on at a glance (idle, renders in
// flight, a new result nobody has seen, a new failure), its tooltip says it in words, a left click
// shows or hides the window and its menu reaches the latest results without opening the window.
// Where the desktop has no tray (GNOME without an extension, the offscreen platform) nothing is
// shown and isVisible() stays false, so the window behaves as an ordinary window.
class TrayIcon : public QObject
{
    Q_OBJECT

public:
    // A finished task for the menu.
    struct RecentTask
    {
        TaskKey key;
        QString name; // label or ID
        bool succeeded = false;
        bool hasLink = false; // a result link can be copied
    };

    explicit TrayIcon(QObject* parent = nullptr);
    ~TrayIcon() override;

    // Shows the icon once the desktop has a tray. At login the tray may come up after the app, so
    // it looks again every retryIntervalMs, up to `attempts` times; after that it keeps watching,
    // every kWatchIntervalMs, for a tray that goes away (a panel restarting) or comes back.
    static constexpr int kWatchIntervalMs = 5000;
    void start(int attempts = 10, int retryIntervalMs = 3000, int watchIntervalMs = kWatchIntervalMs);
    bool isVisible() const;
    // Seam for tests: whether the desktop has a tray (QSystemTrayIcon::isSystemTrayAvailable()).
    void setTrayProbe(std::function<bool()> probe) { m_trayProbe = std::move(probe); }

    void setState(const TrayState& state, bool paused);
    TrayState state() const { return m_state; }
    bool isPaused() const { return m_paused; }
    QString toolTip() const;
    // The icon for a state, as drawn in the tray (tests compare these).
    static QIcon iconFor(TrayState::Mood mood, bool paused);

    // Where the menu gets the latest finished tasks from, asked each time the menu opens.
    void setRecentTasks(std::function<QList<RecentTask>()> provider) { m_recentTasks = std::move(provider); }
    static constexpr int kRecentTaskCount = 5;
    // The window's pause/resume action, shared so both always show the same state.
    void setPauseAction(QAction* pause);
    // "Show" or "Hide" in the menu follows the window.
    void setWindowShown(bool shown);

    QMenu* menu() const { return m_menu; }
    QSystemTrayIcon* systemTrayIcon() const { return m_tray; }
    // Rebuilds the menu's list of recent tasks now (it is rebuilt whenever the menu opens).
    void refreshMenu();

signals:
    void toggleWindowRequested();
    // A task in the "recent" part of the menu was chosen.
    void recentTaskChosen(const Reelwatch::TaskKey& task, bool copyLink);
    void addFromClipboardRequested();
    void quitRequested();
    // The icon appeared in a tray, or there is none (yet, or any more).
    void visibilityChanged(bool visible);

private:
    void tryToShow();
    void updateIcon();

    QSystemTrayIcon* m_tray;
    QMenu* m_menu;
    QAction* m_showAction;
    QAction* m_recentHeader;
    QAction* m_recentEnd;
    QAction* m_addAction;
    QAction* m_pauseAction = nullptr;
    QList<QAction*> m_recentActions;
    QTimer* m_retry;
    int m_attemptsLeft = 0;
    int m_watchIntervalMs = kWatchIntervalMs;
    bool m_shown = false; // in a tray, as last reported by visibilityChanged()
    std::function<bool()> m_trayProbe;
    TrayState m_state;
    bool m_paused = false;
    bool m_windowShown = true;
    std::function<QList<RecentTask>()> m_recentTasks;
};

} // namespace Reelwatch

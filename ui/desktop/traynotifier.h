#pragma once

#include "notifier.h"

#include <QPointer>

class QSystemTrayIcon;

namespace Reelwatch {

class NotificationSound;

// Notifications as the tray icon's balloon (QSystemTrayIcon::showMessage): Windows, macOS, and
// Linux desktops without a notification service. A balloon has no buttons: a click on it is the
// "default" action of the last one shown, and each new balloon replaces the previous one (which is
// then reported as closed). Sound, when asked for, plays here through NotificationSound.
class TrayNotifier : public Notifier
{
    Q_OBJECT

public:
    // The tray icon is not owned and may be null (no tray yet) or go away at any time.
    explicit TrayNotifier(QSystemTrayIcon* trayIcon, QObject* parent = nullptr);

    void setTrayIcon(QSystemTrayIcon* trayIcon);

    quint32 show(const DesktopNotification& notification) override;
    // Only while the tray icon is visible: a balloon needs an icon to point at.
    bool isAvailable() const override;
    bool supportsActions() const override { return false; }

    // QSystemTrayIcon says nothing when it is shown or hidden: call this after doing either, and
    // availabilityChanged() follows when that changed isAvailable().
    void updateAvailability();

    static constexpr int kBalloonMs = 10000;

private:
    void onMessageClicked();

    QPointer<QSystemTrayIcon> m_trayIcon;
    QMetaObject::Connection m_clickedConnection;
    QMetaObject::Connection m_destroyedConnection;
    NotificationSound* m_sound = nullptr;
    quint32 m_nextHandle = 1;
    quint32 m_shownHandle = 0; // the balloon on screen (or last shown); 0 for none
    bool m_lastAvailable = false;
};

} // namespace Reelwatch

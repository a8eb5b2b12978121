#include "traynotifier.h"

#include "notificationsound.h"

#include <QIcon>
#include <QPixmap>
#include <QSystemTrayIcon>
#include <utility>

namespace Reelwatch {

TrayNotifier::TrayNotifier(QSystemTrayIcon* trayIcon, QObject* parent)
    : Notifier(parent)
    , m_sound(new NotificationSound(this))
{
    setTrayIcon(trayIcon);
}

void TrayNotifier::setTrayIcon(QSystemTrayIcon* trayIcon)
{
    if (m_trayIcon == trayIcon)
        return;
    disconnect(m_clickedConnection);
    disconnect(m_destroyedConnection);
    m_trayIcon = trayIcon;
    if (m_shownHandle != 0) {
        // The balloon belonged to the old icon.
        emit closed(std::exchange(m_shownHandle, 0));
    }
    if (trayIcon) {
        m_clickedConnection
            = connect(trayIcon, &QSystemTrayIcon::messageClicked, this, &TrayNotifier::onMessageClicked);
        m_destroyedConnection = connect(trayIcon, &QObject::destroyed, this, [this] {
            if (m_shownHandle != 0)
                emit closed(std::exchange(m_shownHandle, 0));
            updateAvailability();
        });
    }
    updateAvailability();
}

bool TrayNotifier::isAvailable() const
{
    return m_trayIcon && m_trayIcon->isVisible() && QSystemTrayIcon::isSystemTrayAvailable()
        && QSystemTrayIcon::supportsMessages();
}

void TrayNotifier::updateAvailability()
{
    const bool available = isAvailable();
    if (available == m_lastAvailable)
        return;
    m_lastAvailable = available;
    emit availabilityChanged();
}

quint32 TrayNotifier::show(const DesktopNotification& notification)
{
    updateAvailability();
    if (!isAvailable())
        return 0;
    const quint32 handle = m_nextHandle++;
    if (m_nextHandle == 0)
        m_nextHandle = 1;
    const quint32 replaced = std::exchange(m_shownHandle, handle);
    const QSystemTrayIcon::MessageIcon icon = notification.kind == DesktopNotification::Kind::Failed
        ? QSystemTrayIcon::Warning
        : QSystemTrayIcon::Information;
    if (notification.image.isNull())
        m_trayIcon->showMessage(notification.title, notification.body, icon, kBalloonMs);
    else
        m_trayIcon->showMessage(notification.title, notification.body, QIcon(QPixmap::fromImage(notification.image)),
                                kBalloonMs);
    if (notification.playSound)
        m_sound->play();
    if (replaced != 0)
        emit closed(replaced);
    return handle;
}

void TrayNotifier::onMessageClicked()
{
    // A balloon cannot say which message was clicked; only the last one can still be on screen.
    const quint32 handle = std::exchange(m_shownHandle, 0);
    if (handle == 0)
        return;
    emit actionInvoked(handle, QStringLiteral("default"));
    emit closed(handle);
}

} // namespace Reelwatch

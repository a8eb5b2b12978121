#pragma once

#include "notifier.h"

#include <QDBusConnection>
#include <QHash>
#include <QList>
#include <QMap>
#include <QStringList>

class QDBusServiceWatcher;

namespace Reelwatch {

class NotificationSound;

// Desktop notifications through the freedesktop notification service
// (org.freedesktop.Notifications, /org/freedesktop/Notifications) on the session bus, called
// directly over QtDBus. Nothing here waits for the notification server: every call is asynchronous.
// What the server can do (buttons, markup, sound) is asked when the notifier starts and again
// whenever the service changes hands, so a notification daemon started after Reelwatch is used as
// soon as it appears. A service the bus can start on demand counts as available; asking it starts
// it, and if that fails the notifier is unavailable until a server does appear.
//
// show() returns Reelwatch's own handle at once; the server's id arrives with the reply and is
// mapped to it, so actionInvoked() and closed() carry the handle.
class DBusNotifier : public Notifier
{
    Q_OBJECT

public:
    // On the session bus.
    explicit DBusNotifier(QObject* parent = nullptr);
    // On the given bus (tests use a private one).
    explicit DBusNotifier(const QDBusConnection& bus, QObject* parent = nullptr);
    ~DBusNotifier() override;

    quint32 show(const DesktopNotification& notification) override;
    bool isAvailable() const override;
    bool supportsActions() const override;

    // What the server said it supports ("actions", "body-markup", "sound", …); empty until it answered.
    QStringList capabilities() const { return m_capabilities; }

    // Notifications shown and not yet closed whose server id is known. Servers that keep
    // notifications forever would otherwise grow this without end: past the limit the oldest is
    // forgotten (and reported as closed).
    int trackedCount() const { return int(m_serverIdByHandle.size()); }
    static constexpr int kMaxTracked = 200;
    // Notify calls awaiting their answer at once; the rest wait in line (the bus itself refuses more
    // than 128 unanswered calls per connection). A line longer than kMaxWaiting means the server is
    // not answering: show() then returns 0.
    static constexpr int kMaxInFlight = 16;
    static constexpr int kMaxWaiting = 200;
    // Notify calls the server refuses in a row before it counts as unavailable (see m_refusing).
    static constexpr int kMaxRefusals = 3;

    // The app_icon sent: the application ID where the icon theme has it, else a PNG rendered once
    // from the bundled SVG into the cache directory (servers cannot read Qt resources).
    static QString appIcon();

private slots:
    // Slots, not lambdas: QDBusConnection::connect() takes bus signals by name only.
    void onActionInvoked(uint serverId, const QString& actionKey);
    void onNotificationClosed(uint serverId, uint reason);

private:
    struct Queued
    {
        quint32 handle;
        DesktopNotification notification;
    };

    void queryServiceState();
    void fetchCapabilities();
    void onOwnerChanged(const QString& oldOwner, const QString& newOwner);
    void send(quint32 handle, const DesktopNotification& notification);
    void sendWaiting();
    void track(quint32 handle, uint serverId);
    void forgetAll();
    void notifyAvailabilityIfChanged();
    bool hasCapability(const char* name) const;

    QDBusConnection m_bus;
    QDBusServiceWatcher* m_watcher = nullptr;
    NotificationSound* m_sound = nullptr;

    bool m_hasOwner = false;
    bool m_activatable = false;
    // Starting the service on demand failed (e.g. the daemon cannot reach a display): only a service
    // that actually appears makes the notifier available again.
    bool m_activationFailed = false;
    // The server owns the name but answers every Notify with an error (a daemon that cannot reach
    // its display, say): after kMaxRefusals in a row nothing shown here would be seen, so the
    // notifier reports itself unavailable and the fallback (the tray) takes over. Only a new owner
    // of the service clears this: GetCapabilities proves nothing, as such a server answers it
    // happily, and probing with real notifications would lose them again.
    bool m_refusing = false;
    int m_refusals = 0; // in a row; a shown notification starts the count again
    QStringList m_capabilities;
    bool m_capabilitiesKnown = false; // a server may well support nothing: an empty list is an answer
    bool m_capabilitiesPending = false;
    // Bumped whenever the service changes hands; answers from an earlier owner are ignored.
    quint64 m_generation = 0;

    quint32 m_nextHandle = 1;
    // Shown, not yet sent: waiting for the server's capabilities or for a free place in flight.
    QList<Queued> m_waiting;
    int m_inFlight = 0;
    QMap<quint32, uint> m_serverIdByHandle; // ordered by handle: the oldest comes first
    QHash<uint, quint32> m_handleByServerId;

    bool m_lastAvailable = false;
    bool m_lastActions = false;
    bool m_warned = false;
};

} // namespace Reelwatch

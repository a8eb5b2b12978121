#pragma once

// A freedesktop notification server played by the test process itself, on a bus connection of its
// own: it records every Notify call with its arguments and sends ActionInvoked and
// NotificationClosed as a real server does.

#include <QDBusConnection>
#include <QDBusContext>
#include <QDBusMessage>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QVariantMap>

namespace Reelwatch {

// A notification server that records what it is asked. Its slots are the service's methods.
class FakeNotificationServer : public QObject, protected QDBusContext
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    static inline const QString kService = QStringLiteral("org.freedesktop.Notifications");
    static inline const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
    static inline const QString kInterface = QStringLiteral("org.freedesktop.Notifications");

    struct Call
    {
        QString appName;
        uint replacesId = 0;
        QString appIcon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
        int expireTimeout = 0;
    };

    FakeNotificationServer(const QDBusConnection& connection, const QStringList& capabilities)
        : m_connection(connection)
        , m_capabilities(capabilities)
    { }
    ~FakeNotificationServer() override { stop(); }

    bool start()
    {
        if (!m_connection.registerObject(kPath, this, QDBusConnection::ExportAllSlots))
            return false;
        return m_connection.registerService(kService);
    }
    void stop()
    {
        m_connection.unregisterService(kService);
        m_connection.unregisterObject(kPath);
    }

    const QList<Call>& calls() const { return m_calls; }
    uint lastId() const { return m_nextId - 1; }
    // Notify answers with an error instead of an id.
    void setFailing(bool failing) { m_failing = failing; }
    // Every notification is "clicked" right after it was shown (for the server started on demand).
    void setClickEverything(bool click) { m_clickEverything = click; }

    void invokeAction(uint id, const QString& key)
    {
        QDBusMessage signal = QDBusMessage::createSignal(kPath, kInterface, QStringLiteral("ActionInvoked"));
        signal << id << key;
        m_connection.send(signal);
    }
    void closeNotification(uint id, uint reason)
    {
        QDBusMessage signal = QDBusMessage::createSignal(kPath, kInterface, QStringLiteral("NotificationClosed"));
        signal << id << reason;
        m_connection.send(signal);
    }

public slots:
    QStringList GetCapabilities() { return m_capabilities; }

    uint Notify(const QString& appName, uint replacesId, const QString& appIcon, const QString& summary,
                const QString& body, const QStringList& actions, const QVariantMap& hints, int expireTimeout)
    {
        m_calls.append({appName, replacesId, appIcon, summary, body, actions, hints, expireTimeout});
        if (m_failing) {
            sendErrorReply(QDBusError::Failed, QStringLiteral("out of order"));
            return 0;
        }
        const uint id = m_nextId++;
        if (m_clickEverything) // after the reply, as a real click comes after the notification appeared
            QTimer::singleShot(0, this, [this, id] { invokeAction(id, QStringLiteral("default")); });
        return id;
    }

    void CloseNotification(uint id) { closeNotification(id, 3); }

    QString GetServerInformation(QString& vendor, QString& version, QString& specVersion)
    {
        vendor = QStringLiteral("Reelwatch tests");
        version = QStringLiteral("1");
        specVersion = QStringLiteral("1.2");
        return QStringLiteral("fake");
    }

private:
    QDBusConnection m_connection;
    QStringList m_capabilities;
    QList<Call> m_calls;
    uint m_nextId = 1;
    bool m_failing = false;
    bool m_clickEverything = false;
};

} // namespace Reelwatch

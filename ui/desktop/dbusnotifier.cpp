#include "dbusnotifier.h"

#include "core/applicationid.h"
#include "notificationsound.h"
#include "ui/shell/bundledresources.h"

#include <algorithm>
#include <QBuffer>
#include <QCryptographicHash>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QDir>
#include <QFile>
#include <QIcon>
#include <QImage>
#include <QImageReader>
#include <QSaveFile>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QVariantMap>
#include <utility>

namespace Reelwatch {

namespace {

// The Desktop Notifications Specification, version 1.2.
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");

const QString kBusService = QStringLiteral("org.freedesktop.DBus");
const QString kBusPath = QStringLiteral("/org/freedesktop/DBus");
const QString kBusInterface = QStringLiteral("org.freedesktop.DBus");

const QString kDefaultAction = QStringLiteral("default");
constexpr int kIconSize = 128; // large enough for servers that scale down on high-density screens
constexpr uchar kUrgencyNormal = 1;
constexpr int kServerDecidesTimeout = -1;

QString category(DesktopNotification::Kind kind)
{
    // Categories from the specification's list: a render is a transfer that completes or fails.
    switch (kind) {
    case DesktopNotification::Kind::Succeeded:
        return QStringLiteral("transfer.complete");
    case DesktopNotification::Kind::Failed:
        return QStringLiteral("transfer.error");
    case DesktopNotification::Kind::Started:
    case DesktopNotification::Kind::Summary:
        break;
    }
    return QStringLiteral("transfer");
}

// Servers with "body-markup" read the body as a small subset of HTML: text such as "a < b" or a
// prompt quoting tags must stay text.
QString escapeMarkup(const QString& text)
{
    QString escaped;
    escaped.reserve(text.size());
    for (const QChar c : text) {
        if (c == QLatin1Char('&'))
            escaped += QLatin1String("&amp;");
        else if (c == QLatin1Char('<'))
            escaped += QLatin1String("&lt;");
        else if (c == QLatin1Char('>'))
            escaped += QLatin1String("&gt;");
        else
            escaped += c;
    }
    return escaped;
}

// The bundled icon as a PNG file in the cache directory, rewritten only when it differs; empty when
// it cannot be rendered or written.
// Writes `image` as a PNG named `name` into the cache directory (servers cannot read Qt resources)
// unless that file already holds exactly it; returns its path, or an empty string.
QString cachedPng(const QImage& image, const QString& name)
{
    if (image.isNull())
        return QString();
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        return QString();

    const QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (dir.isEmpty() || !QDir().mkpath(dir))
        return QString();
    const QString path = QDir(dir).filePath(name + QStringLiteral(".png"));
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly) && existing.readAll() == png)
        return path;
    existing.close();
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(png) != png.size() || !out.commit())
        return QString();
    return path;
}

QString renderIconFile()
{
    initBundledResources();
    QImageReader reader(QStringLiteral(":/icons/reelwatch.svg"));
    reader.setScaledSize(QSize(kIconSize, kIconSize));
    return cachedPng(reader.read(), QString::fromLatin1(kApplicationId));
}

// The picture of one notification, written once per distinct picture (there are a handful).
QString imageFile(const QImage& image)
{
    static QHash<qint64, QString> written;
    const auto found = written.constFind(image.cacheKey());
    if (found != written.constEnd())
        return *found;
    const QByteArray digest = QCryptographicHash::hash(
        QByteArray::fromRawData(reinterpret_cast<const char*>(image.constBits()), image.sizeInBytes()),
        QCryptographicHash::Sha1);
    const QString path
        = cachedPng(image, QStringLiteral("notification-") + QString::fromLatin1(digest.toHex().left(16)));
    written.insert(image.cacheKey(), path);
    return path;
}

} // namespace

DBusNotifier::DBusNotifier(QObject* parent)
    : DBusNotifier(QDBusConnection::sessionBus(), parent)
{ }

DBusNotifier::DBusNotifier(const QDBusConnection& bus, QObject* parent)
    : Notifier(parent)
    , m_bus(bus)
    , m_sound(new NotificationSound(this))
{
    if (!m_bus.isConnected())
        return;
    m_watcher = new QDBusServiceWatcher(kService, m_bus, QDBusServiceWatcher::WatchForOwnerChange, this);
    connect(m_watcher, &QDBusServiceWatcher::serviceOwnerChanged, this,
            [this](const QString&, const QString& oldOwner, const QString& newOwner) {
                onOwnerChanged(oldOwner, newOwner);
            });
    // Matched on the service name, so only its current owner's signals arrive, not another
    // program's that happens to use the same interface.
    m_bus.connect(kService, kPath, kInterface, QStringLiteral("ActionInvoked"), this,
                  SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(kService, kPath, kInterface, QStringLiteral("NotificationClosed"), this,
                  SLOT(onNotificationClosed(uint, uint)));
    queryServiceState();
}

DBusNotifier::~DBusNotifier() = default;

bool DBusNotifier::isAvailable() const
{
    return m_bus.isConnected() && !m_refusing && (m_hasOwner || (m_activatable && !m_activationFailed));
}

bool DBusNotifier::supportsActions() const
{
    return isAvailable() && hasCapability("actions");
}

bool DBusNotifier::hasCapability(const char* name) const
{
    return m_capabilities.contains(QLatin1String(name));
}

QString DBusNotifier::appIcon()
{
    // Decided once: the theme and the bundled icon do not change while Reelwatch runs.
    static const QString icon = [] {
        const QString applicationId = QString::fromLatin1(kApplicationId);
        if (QIcon::hasThemeIcon(applicationId))
            return applicationId; // installed: the server draws the desktop's own rendering of it
        const QString file = renderIconFile();
        // Without a file, the name still finds the icon once Reelwatch is installed.
        return file.isEmpty() ? applicationId : file;
    }();
    return icon;
}

void DBusNotifier::queryServiceState()
{
    const quint64 generation = m_generation;
    QDBusMessage hasOwner
        = QDBusMessage::createMethodCall(kBusService, kBusPath, kBusInterface, QStringLiteral("NameHasOwner"));
    hasOwner << kService;
    auto* ownerWatcher = new QDBusPendingCallWatcher(m_bus.asyncCall(hasOwner), this);
    connect(ownerWatcher, &QDBusPendingCallWatcher::finished, this,
            [this, generation](QDBusPendingCallWatcher* watcher) {
                watcher->deleteLater();
                const QDBusPendingReply<bool> reply = *watcher;
                // The service watcher reported a change since the question: its news is newer.
                if (reply.isError() || generation != m_generation)
                    return;
                if (reply.value() && !m_hasOwner) {
                    m_hasOwner = true;
                    m_activationFailed = false;
                    m_refusing = false; // a server that appeared since: it gets its own chance
                    m_refusals = 0;
                    fetchCapabilities();
                }
                notifyAvailabilityIfChanged();
            });

    const QDBusMessage activatable
        = QDBusMessage::createMethodCall(kBusService, kBusPath, kBusInterface, QStringLiteral("ListActivatableNames"));
    auto* activatableWatcher = new QDBusPendingCallWatcher(m_bus.asyncCall(activatable), this);
    connect(activatableWatcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher* watcher) {
        watcher->deleteLater();
        const QDBusPendingReply<QStringList> reply = *watcher;
        if (reply.isError())
            return;
        m_activatable = reply.value().contains(kService);
        // Asking starts the service, as the first notification would: better now, so that what it
        // supports, or that it cannot start, is known before anything is shown.
        if (m_activatable && !m_hasOwner && !m_capabilitiesKnown)
            fetchCapabilities();
        notifyAvailabilityIfChanged();
    });
}

void DBusNotifier::onOwnerChanged(const QString& oldOwner, const QString& newOwner)
{
    if (!oldOwner.isEmpty()) {
        // The server that knew our notifications is gone, and with it their ids and what it could do.
        ++m_generation;
        forgetAll();
        m_capabilities.clear();
        m_capabilitiesKnown = false;
        m_capabilitiesPending = false;
    }
    m_hasOwner = !newOwner.isEmpty();
    // Whoever comes next (a restarted daemon, another one, one started on demand) is a different
    // server: what the last one refused says nothing about it.
    m_refusing = false;
    m_refusals = 0;
    if (m_hasOwner) {
        m_activationFailed = false;
        fetchCapabilities();
    } else {
        // Nobody will answer the question these were waiting for.
        sendWaiting();
    }
    notifyAvailabilityIfChanged();
}

void DBusNotifier::fetchCapabilities()
{
    if (m_capabilitiesPending)
        return;
    m_capabilitiesPending = true;
    const quint64 generation = m_generation;
    // When the service is only activatable, this call starts it.
    const QDBusMessage message
        = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("GetCapabilities"));
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(message), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, generation](QDBusPendingCallWatcher* watcher) {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        m_capabilitiesPending = false;
        const QDBusPendingReply<QStringList> reply = *watcher;
        if (reply.isError()) {
            m_capabilities.clear();
            m_capabilitiesKnown = false;
            if (!m_hasOwner)
                m_activationFailed = true;
        } else {
            m_capabilities = reply.value();
            m_capabilitiesKnown = true;
        }
        sendWaiting();
        notifyAvailabilityIfChanged();
    });
}

quint32 DBusNotifier::show(const DesktopNotification& notification)
{
    if (!isAvailable() || m_waiting.size() >= kMaxWaiting)
        return 0;
    const quint32 handle = m_nextHandle++;
    if (m_nextHandle == 0)
        m_nextHandle = 1;
    if (!m_capabilitiesKnown)
        fetchCapabilities();
    m_waiting.append({handle, notification});
    sendWaiting();
    return handle;
}

void DBusNotifier::sendWaiting()
{
    // Whether the buttons, the markup and the sound go out depends on the server's capabilities:
    // nothing is sent while they are being asked (only ever for the first notifications after a
    // server appeared).
    while (!m_capabilitiesPending && m_inFlight < kMaxInFlight && !m_waiting.isEmpty()) {
        const Queued next = m_waiting.takeFirst();
        if (isAvailable())
            send(next.handle, next.notification);
        else
            emit closed(next.handle);
    }
}

void DBusNotifier::send(quint32 handle, const DesktopNotification& notification)
{
    QStringList actions;
    if (hasCapability("actions") && !notification.actions.isEmpty()) {
        // "default" is what a click on the notification itself invokes; servers do not show it as
        // a button. Without it a click would only dismiss the notification.
        const bool hasDefault
            = std::any_of(notification.actions.cbegin(), notification.actions.cend(),
                          [](const DesktopNotification::Action& a) { return a.key == kDefaultAction; });
        if (!hasDefault)
            actions << kDefaultAction << notification.actions.constFirst().label;
        for (const DesktopNotification::Action& action : notification.actions)
            actions << action.key << action.label;
    }

    QVariantMap hints;
    hints.insert(QStringLiteral("desktop-entry"), QString::fromLatin1(kApplicationId));
    hints.insert(QStringLiteral("category"), category(notification.kind));
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(kUrgencyNormal));
    if (const QString image = imageFile(notification.image); !image.isEmpty())
        hints.insert(QStringLiteral("image-path"), image);
    if (notification.playSound) {
        if (hasCapability("sound")) {
            const QString file = NotificationSound::filePath();
            if (!file.isEmpty() && m_sound->claim())
                hints.insert(QStringLiteral("sound-file"), file);
        } else {
            m_sound->play();
        }
    }

    const QString body = hasCapability("body-markup") ? escapeMarkup(notification.body) : notification.body;
    QDBusMessage message = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
    message << QStringLiteral("Reelwatch") << uint(0) << appIcon() << notification.title << body << actions << hints
            << qint32(kServerDecidesTimeout);

    const quint64 generation = m_generation;
    ++m_inFlight;
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(message), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, handle, generation](QDBusPendingCallWatcher* watcher) {
                watcher->deleteLater();
                --m_inFlight;
                // Next in line after this call's consequences, so a closed() for a failure comes
                // before anything about later notifications.
                const auto sendNext = qScopeGuard([this] { sendWaiting(); });
                const QDBusPendingReply<uint> reply = *watcher;
                if (reply.isError()) {
                    // Once per outage, not once per notification; the error name says enough and
                    // carries nothing of the notification's content.
                    if (!m_warned) {
                        m_warned = true;
                        qWarning("reelwatch: desktop notifications are not reaching the notification service (%s)",
                                 qPrintable(reply.error().name()));
                    }
                    if (!m_hasOwner)
                        m_activationFailed = true;
                    // Refusals by a server that has gone since say nothing about the current one.
                    if (generation == m_generation && ++m_refusals >= kMaxRefusals)
                        m_refusing = true;
                    emit closed(handle);
                    notifyAvailabilityIfChanged();
                    queryServiceState();
                    return;
                }
                m_warned = false;
                if (generation != m_generation) {
                    emit closed(handle); // shown by a server that has gone since
                    return;
                }
                m_refusals = 0;
                track(handle, reply.value());
            });
}

void DBusNotifier::track(quint32 handle, uint serverId)
{
    // A restarted server may count from 1 again: an id it hands out anew belongs to the new one.
    const auto reused = m_handleByServerId.constFind(serverId);
    if (reused != m_handleByServerId.cend()) {
        const quint32 old = reused.value();
        m_handleByServerId.erase(reused);
        m_serverIdByHandle.remove(old);
        emit closed(old);
    }
    m_serverIdByHandle.insert(handle, serverId);
    m_handleByServerId.insert(serverId, handle);
    while (m_serverIdByHandle.size() > kMaxTracked) {
        const auto oldest = m_serverIdByHandle.begin();
        const quint32 forgotten = oldest.key();
        m_handleByServerId.remove(oldest.value());
        m_serverIdByHandle.erase(oldest);
        emit closed(forgotten);
    }
}

void DBusNotifier::forgetAll()
{
    const QList<quint32> handles = m_serverIdByHandle.keys();
    m_serverIdByHandle.clear();
    m_handleByServerId.clear();
    for (const quint32 handle : handles)
        emit closed(handle);
}

void DBusNotifier::onActionInvoked(uint serverId, const QString& actionKey)
{
    // Every program on the bus receives every notification's signals: only ours count.
    const auto it = m_handleByServerId.constFind(serverId);
    if (it != m_handleByServerId.cend())
        emit actionInvoked(it.value(), actionKey);
}

void DBusNotifier::onNotificationClosed(uint serverId, uint reason)
{
    Q_UNUSED(reason)
    const auto it = m_handleByServerId.constFind(serverId);
    if (it == m_handleByServerId.cend())
        return;
    const quint32 handle = it.value();
    m_handleByServerId.erase(it);
    m_serverIdByHandle.remove(handle);
    emit closed(handle);
}

void DBusNotifier::notifyAvailabilityIfChanged()
{
    const bool available = isAvailable();
    const bool actions = supportsActions();
    if (available == m_lastAvailable && actions == m_lastActions)
        return;
    m_lastAvailable = available;
    m_lastActions = actions;
    emit availabilityChanged();
}

} // namespace Reelwatch

#pragma once

#include <QImage>
#include <QList>
#include <QObject>
#include <QString>

namespace Reelwatch {

// One desktop notification, as the notifier should show it. Which tasks it is about stays with
// whoever raised it: the notifier hands back a handle and reports actions by that handle.
struct DesktopNotification
{
    enum class Kind
    {
        Succeeded,
        Failed,
        Started,
        Summary, // several renders at once
    };

    struct Action
    {
        QString key; // stable, e.g. "open"; "default" is a click on the notification itself
        QString label; // translated, shown on the button
    };

    Kind kind = Kind::Succeeded;
    QString title;
    QString body; // plain text; the notifier escapes it for servers that read markup
    QList<Action> actions; // shown only where the notification server supports actions
    bool playSound = false;
    // Shown beside the text where the server can: the state at a glance (the app's icon with a
    // success or failure badge). Null: the app's icon alone.
    QImage image;
};

// Raises desktop notifications. On Linux the freedesktop notification service over D-Bus, elsewhere
// the tray's balloon; tests substitute a recording fake.
class Notifier : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // Shows the notification and returns a handle (> 0) for actionInvoked(); 0 when it could not be
    // shown at all (no notification service, no tray).
    virtual quint32 show(const DesktopNotification& notification) = 0;
    // Whether show() can reach anything right now.
    virtual bool isAvailable() const = 0;
    // Whether buttons on a notification reach the app (the server supports actions).
    virtual bool supportsActions() const = 0;

signals:
    // A button (or the notification itself, key "default") was clicked.
    void actionInvoked(quint32 handle, const QString& actionKey);
    // The notification is gone (expired, dismissed, or replaced); its handle will not be used again.
    void closed(quint32 handle);
    // isAvailable() or supportsActions() changed (a notification service appeared or went away).
    void availabilityChanged();
};

} // namespace Reelwatch

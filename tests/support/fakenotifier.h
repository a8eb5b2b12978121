#pragma once

// A recording Notifier for tests of whatever raises notifications: it keeps every notification
// shown, and a test clicks one (invoke) or dismisses it (close) as a user would.

#include "ui/desktop/notifier.h"

#include <QList>

namespace Reelwatch {

// No Q_OBJECT: it adds no signals or slots, so a test that includes it needs no moc step.
class FakeNotifier : public Notifier
{
public:
    struct Shown
    {
        quint32 handle = 0;
        DesktopNotification notification;
    };

    using Notifier::Notifier;

    quint32 show(const DesktopNotification& notification) override
    {
        if (!m_available)
            return 0;
        const quint32 handle = m_nextHandle++;
        m_shown.append({handle, notification});
        m_open.append(handle);
        return handle;
    }
    bool isAvailable() const override { return m_available; }
    bool supportsActions() const override { return m_available && m_supportsActions; }

    // Every notification shown, oldest first.
    const QList<Shown>& shown() const { return m_shown; }
    int count() const { return int(m_shown.size()); }
    const DesktopNotification& last() const { return m_shown.constLast().notification; }
    quint32 lastHandle() const { return m_shown.isEmpty() ? 0 : m_shown.constLast().handle; }
    void clear() { m_shown.clear(); }

    // Emits availabilityChanged() when the value changes, like a service that comes and goes.
    void setAvailable(bool available)
    {
        if (available == m_available)
            return;
        m_available = available;
        emit availabilityChanged();
    }
    void setSupportsActions(bool supported)
    {
        if (supported == m_supportsActions)
            return;
        m_supportsActions = supported;
        emit availabilityChanged();
    }

    // A click on a button (or on the notification, key "default"). False, and nothing emitted, for
    // a handle that is not open: a real server cannot invoke a closed notification either.
    bool invoke(quint32 handle, const QString& actionKey)
    {
        if (!m_open.contains(handle))
            return false;
        emit actionInvoked(handle, actionKey);
        return true;
    }
    // The notification goes away (expired or dismissed).
    bool close(quint32 handle)
    {
        if (!m_open.removeOne(handle))
            return false;
        emit closed(handle);
        return true;
    }

private:
    QList<Shown> m_shown;
    QList<quint32> m_open;
    quint32 m_nextHandle = 1;
    bool m_available = true;
    bool m_supportsActions = true;
};

} // namespace Reelwatch

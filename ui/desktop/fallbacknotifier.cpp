#include "fallbacknotifier.h"

namespace Reelwatch {

FallbackNotifier::FallbackNotifier(const QList<Notifier*>& notifiers, QObject* parent)
    : Notifier(parent)
    , m_notifiers(notifiers)
    , m_lastAvailable(isAvailable())
    , m_lastActions(supportsActions())
{
    for (Notifier* notifier : notifiers) {
        connect(notifier, &Notifier::availabilityChanged, this, &FallbackNotifier::onInnerAvailabilityChanged);
        connect(notifier, &Notifier::actionInvoked, this, [this, notifier](quint32 inner, const QString& key) {
            if (const quint32 handle = m_outer.value({notifier, inner}))
                emit actionInvoked(handle, key);
        });
        connect(notifier, &Notifier::closed, this, [this, notifier](quint32 inner) {
            if (const quint32 handle = m_outer.take({notifier, inner}))
                emit closed(handle);
        });
    }
}

Notifier* FallbackNotifier::current() const
{
    for (Notifier* notifier : m_notifiers) {
        if (notifier->isAvailable())
            return notifier;
    }
    return nullptr;
}

void FallbackNotifier::onInnerAvailabilityChanged()
{
    // Only what this notifier reports: the tray coming and going behind a running notification
    // service changes nothing here.
    const bool available = isAvailable();
    const bool actions = supportsActions();
    if (available == m_lastAvailable && actions == m_lastActions)
        return;
    m_lastAvailable = available;
    m_lastActions = actions;
    emit availabilityChanged();
}

quint32 FallbackNotifier::show(const DesktopNotification& notification)
{
    Notifier* notifier = current();
    if (!notifier)
        return 0;
    const quint32 inner = notifier->show(notification);
    if (inner == 0)
        return 0;
    const quint32 handle = m_nextHandle++;
    if (m_nextHandle == 0) // 0 means "not shown"
        m_nextHandle = 1;
    m_outer.insert({notifier, inner}, handle);
    return handle;
}

bool FallbackNotifier::isAvailable() const
{
    return current() != nullptr;
}

bool FallbackNotifier::supportsActions() const
{
    const Notifier* notifier = current();
    return notifier && notifier->supportsActions();
}

} // namespace Reelwatch

#pragma once

#include "notifier.h"

#include <QHash>
#include <QList>
#include <QPair>

namespace Reelwatch {

// Shows each notification through the first of its notifiers that is available right now: the
// desktop's notification service while it runs, else the tray's balloon. Handles are its own, so
// two notifiers counting from 1 never mix up whose click it was.
class FallbackNotifier : public Notifier
{
    Q_OBJECT

public:
    // In order of preference; not owned, and they must outlive this object.
    explicit FallbackNotifier(const QList<Notifier*>& notifiers, QObject* parent = nullptr);

    quint32 show(const DesktopNotification& notification) override;
    bool isAvailable() const override;
    bool supportsActions() const override;

private:
    using Inner = QPair<Notifier*, quint32>; // a notifier and its own handle

    Notifier* current() const;
    void onInnerAvailabilityChanged();

    QList<Notifier*> m_notifiers;
    // The notifier and its handle → ours, for the clicks and closes it reports. Each notifier
    // reports closed() for every handle it gave out, which keeps this as small as what is open.
    QHash<Inner, quint32> m_outer;
    quint32 m_nextHandle = 1;
    bool m_lastAvailable = false;
    bool m_lastActions = false;
};

} // namespace Reelwatch

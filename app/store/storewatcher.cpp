#include "storewatcher.h"

#include "store.h"

namespace Reelwatch {

StoreWatcher::StoreWatcher(Store* store, QObject* parent)
    : QObject(parent)
    , m_store(store)
{
    connect(&m_timer, &QTimer::timeout, this, &StoreWatcher::check);
}

void StoreWatcher::start(int intervalMs)
{
    m_version = m_store->dataVersion();
    // An in-memory database (the demo) belongs to this process alone: no one else can change it, so
    // no timer wakes the machine to ask.
    if (m_store->path().isEmpty() || m_store->path() == QLatin1String(":memory:"))
        return;
    // A coarse timer: a check a little late costs nothing, and the machine may sleep in between.
    m_timer.setTimerType(Qt::CoarseTimer);
    m_timer.start(intervalMs);
}

void StoreWatcher::stop()
{
    m_timer.stop();
}

bool StoreWatcher::check()
{
    const qint64 version = m_store->dataVersion();
    if (version < 0 || version == m_version)
        return false;
    m_version = version;
    emit changedElsewhere();
    return true;
}

} // namespace Reelwatch

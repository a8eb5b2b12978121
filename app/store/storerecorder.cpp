#include "storerecorder.h"

#include "store.h"

#include <QHash>

namespace Reelwatch {

StoreRecorder::StoreRecorder(Store* store, qint64 profileId, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_profileId(profileId)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kFlushDelayMs);
    connect(&m_timer, &QTimer::timeout, this, &StoreRecorder::flush);
}

StoreRecorder::~StoreRecorder()
{
    // Nobody is left to show writeFailed now: say it where it can still be read.
    if (!flush())
        qWarning("reelwatch: %d task updates could not be saved at exit", pendingCount());
}

void StoreRecorder::record(const TaskUpdate& update)
{
    m_pending << update;
    if (!m_timer.isActive())
        m_timer.start();
}

void StoreRecorder::recordChecked(const QStringList& taskIds, qint64 atMs)
{
    for (const QString& id : taskIds)
        m_checked.insert(id, atMs);
    if (!m_timer.isActive())
        m_timer.start();
}

bool StoreRecorder::flush()
{
    m_timer.stop();
    if (m_pending.isEmpty() && m_checked.isEmpty())
        return true;
    QString error;
    const bool written = m_store->transaction(
        [this](QString* failure) {
            return m_store->recordUpdates(m_profileId, m_pending, failure)
                && m_store->recordChecked(m_profileId, m_checked, failure);
        },
        &error);
    if (!written) {
        // Keep the batch: the next flush tries again (a busy database, a full disk that was freed).
        // While writes keep failing, only each task's latest state is kept, so memory stays bounded.
        QList<TaskUpdate> latest;
        QHash<QString, int> indexOf;
        for (const TaskUpdate& update : std::as_const(m_pending)) {
            const auto it = indexOf.constFind(update.taskId);
            if (it == indexOf.constEnd()) {
                indexOf.insert(update.taskId, int(latest.size()));
                latest << update;
            } else {
                latest[*it] = update;
            }
        }
        m_pending = latest;
        emit writeFailed(error);
        m_timer.start();
        return false;
    }
    m_pending.clear();
    m_checked.clear();
    return true;
}

} // namespace Reelwatch

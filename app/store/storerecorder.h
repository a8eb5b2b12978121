#pragma once

#include "core/taskupdate.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

namespace Reelwatch {

class Store;

// Collects a profile's poll updates and writes them in one transaction per short burst (a poll
// round's answers arrive within milliseconds of each other), instead of one per row.
class StoreRecorder : public QObject
{
    Q_OBJECT

public:
    static constexpr int kFlushDelayMs = 200;

    StoreRecorder(Store* store, qint64 profileId, QObject* parent = nullptr);
    ~StoreRecorder() override;

    void record(const TaskUpdate& update);
    // Good answers confirmed these tasks' states at `atMs` (ms since the epoch), changed or not;
    // written with the next batch, one row write per task however often it was confirmed meanwhile.
    void recordChecked(const QStringList& taskIds, qint64 atMs);
    // Writes whatever is pending now (also done on destruction).
    bool flush();
    int pendingCount() const { return int(m_pending.size() + m_checked.size()); }

signals:
    void writeFailed(const QString& message);

private:
    Store* m_store;
    qint64 m_profileId;
    QList<TaskUpdate> m_pending;
    QHash<QString, qint64> m_checked;
    QTimer m_timer;
};

} // namespace Reelwatch

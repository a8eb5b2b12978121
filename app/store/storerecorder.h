#pragma once

#include "core/taskupdate.h"

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
    // Writes whatever is pending now (also done on destruction).
    bool flush();
    int pendingCount() const { return int(m_pending.size()); }

signals:
    void writeFailed(const QString& message);

private:
    Store* m_store;
    qint64 m_profileId;
    QList<TaskUpdate> m_pending;
    QTimer m_timer;
};

} // namespace Reelwatch

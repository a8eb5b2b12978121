#pragma once

#include <QObject>
#include <QTimer>

namespace Reelwatch {

class Store;

// Notices that another process (`reelwatch add`, `remove`, `import` beside the window, or the window
// beside `watch --all`) has changed the task database: SQLite's PRAGMA data_version moves when another
// connection commits and only then, so each check is one cheap statement on a timer. What is written
// through the same Store is never reported.
class StoreWatcher : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultIntervalMs = 2000;

    explicit StoreWatcher(Store* store, QObject* parent = nullptr);

    // Checks every `intervalMs` from now on, starting from the database as it is now; an in-memory
    // database, which no other process can open, is never checked.
    void start(int intervalMs = kDefaultIntervalMs);
    void stop();
    // Checks now: true (and changedElsewhere()) when another process committed since the last check.
    bool check();

signals:
    void changedElsewhere();

private:
    Store* m_store;
    QTimer m_timer;
    qint64 m_version = -1;
};

} // namespace Reelwatch

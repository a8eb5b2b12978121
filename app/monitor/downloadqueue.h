#pragma once

#include "core/taskkey.h"
#include "net/downloader.h"

#include <deque>
#include <optional>
#include <QHash>
#include <QObject>
#include <QPointer>

class QNetworkAccessManager;

namespace Reelwatch {

// The one queue every download goes through, in the window and in `watch --download`: one per task
// at a time, at most kMaxRunning at once and the rest in line. Qt opens only a few connections per
// host, so a burst of downloads started together would leave the later ones timing out in Qt's own
// queue instead of waiting their turn here.
class DownloadQueue : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxRunning = 3;

    struct Progress
    {
        bool waiting = true; // in line, not started yet
        qint64 bytes = 0;
        qint64 total = -1; // -1 while unknown
    };

    explicit DownloadQueue(QNetworkAccessManager* network, QObject* parent = nullptr);
    // Running downloads stop; their part files stay for a later resume.
    ~DownloadQueue() override;

    // Puts the request in line; false (and nothing queued) when this task is already queued or running.
    bool enqueue(const TaskKey& task, const Downloader::Request& request);
    // A waiting download ends at once, a running one stops with its part file kept; both end with
    // finished() and Cancelled.
    void cancel(const TaskKey& task);
    // Everything stops; no finished() is sent for what was waiting.
    void stopAll();

    bool contains(const TaskKey& task) const { return m_active.contains(task); }
    bool isIdle() const { return m_active.isEmpty(); }
    std::optional<Progress> progress(const TaskKey& task) const;

signals:
    void progressChanged(const Reelwatch::TaskKey& task);
    // Ok, failed or cancelled; the result says which and why.
    void finished(const Reelwatch::TaskKey& task, const Reelwatch::DownloadResult& result);

private:
    struct Active
    {
        Downloader::Request request;
        Progress progress;
        QPointer<Downloader> downloader; // null while waiting
    };

    void startWaiting();

    QNetworkAccessManager* m_network;
    QHash<TaskKey, Active> m_active;
    std::deque<TaskKey> m_waiting;
    int m_running = 0;
    bool m_stopping = false;
};

} // namespace Reelwatch

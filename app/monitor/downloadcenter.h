#pragma once

#include "core/notificationplanner.h"
#include "net/downloader.h"

#include <deque>
#include <optional>
#include <QHash>
#include <QObject>
#include <QPointer>

namespace Reelwatch {

class Monitor;

// The window's and the tray's downloads of finished renders, with the key each profile polls with:
// one per task at a time, at most kMaxRunning running (the rest wait their turn, so none of them
// times out in Qt's per-host queue), each with its progress, and where each one was saved in this
// session.
class DownloadCenter : public QObject
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

    explicit DownloadCenter(Monitor* monitor, QObject* parent = nullptr);
    ~DownloadCenter() override;

    // Puts the task's video into `folder` (created when missing) under a name made from its label or
    // ID; false with the reason when it cannot (no key, not finished, no folder, no free name).
    // A task already downloading is not started twice (true: it is on its way).
    bool start(const TaskKey& task, const QString& folder, QString* error);
    void cancel(const TaskKey& task);

    bool isActive(const TaskKey& task) const { return m_active.contains(task); }
    std::optional<Progress> progress(const TaskKey& task) const;
    // Where this session last saved the task's video; empty when it did not (or the file is gone).
    QString savedPath(const TaskKey& task) const;

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

    Monitor* m_monitor;
    QHash<TaskKey, Active> m_active;
    std::deque<TaskKey> m_waiting;
    QHash<TaskKey, QString> m_saved;
    int m_running = 0;
};

} // namespace Reelwatch

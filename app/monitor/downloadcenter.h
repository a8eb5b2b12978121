#pragma once

#include "core/taskkey.h"
#include "downloadqueue.h"
#include "store/storetypes.h"

#include <optional>
#include <QHash>
#include <QObject>

class QNetworkAccessManager;

namespace Reelwatch {

class ProfileManager;
class TaskService;

// The window's and the tray's downloads of finished renders, with the key each profile polls with:
// named after the task's label or ID, through the one DownloadQueue, and where each one was saved in
// this session.
class DownloadCenter : public QObject
{
    Q_OBJECT

public:
    using Progress = DownloadQueue::Progress;

    DownloadCenter(const ProfileManager* profiles, const TaskService* tasks, QNetworkAccessManager* network,
                   QObject* parent = nullptr);

    // Puts the task's video into `folder` (created when missing) under a name made from its label or
    // ID; false with the reason when it cannot (no key, not finished, no folder, no free name).
    // A task already downloading is not started twice (true: it is on its way).
    bool start(const TaskKey& task, const QString& folder, QString* error);
    void cancel(const TaskKey& task) { m_queue.cancel(task); }
    // Whether start() would be refused for want of a finished render or a key (the reason in `why`).
    bool canStart(const TaskKey& task, QString* why) const;

    bool isActive(const TaskKey& task) const { return m_queue.contains(task); }
    std::optional<Progress> progress(const TaskKey& task) const { return m_queue.progress(task); }
    // Where this session last saved the task's video; empty when it did not (or the file is gone).
    QString savedPath(const TaskKey& task) const;

signals:
    void progressChanged(const Reelwatch::TaskKey& task);
    // Ok, failed or cancelled; the result says which and why.
    void finished(const Reelwatch::TaskKey& task, const Reelwatch::DownloadResult& result);

private:
    std::optional<Downloader::Request> requestFor(const TaskKey& task, QString* error,
                                                  std::optional<StoredTask>* stored) const;

    const ProfileManager* m_profiles;
    const TaskService* m_tasks;
    DownloadQueue m_queue;
    QHash<TaskKey, QString> m_saved;
};

} // namespace Reelwatch

#pragma once

#include "notificationplanner.h"

#include <QList>
#include <QSet>

namespace Reelwatch {

// Results that arrived while nobody was looking at the window. They decide the tray's colour until
// the person opens the window (or the notification of that very task).
class UnseenResults
{
public:
    // A task finished now; `noticed` when the window was in front at that moment.
    void record(const TaskKey& task, bool succeeded, bool noticed = false);
    void markSeen(const TaskKey& task);
    void markAllSeen();
    // The task is gone from the board (removed, archived, its profile deleted).
    void forget(const TaskKey& task) { markSeen(task); }

    int succeeded() const { return int(m_succeeded.size()); }
    int failed() const { return int(m_failed.size()); }
    bool isEmpty() const { return m_succeeded.isEmpty() && m_failed.isEmpty(); }
    bool contains(const TaskKey& task) const { return m_succeeded.contains(task) || m_failed.contains(task); }
    QList<TaskKey> tasks() const { return m_succeeded.values() + m_failed.values(); }

private:
    QSet<TaskKey> m_succeeded;
    QSet<TaskKey> m_failed;
};

// What the tray icon shows: a failure nobody has seen outranks a success nobody has seen, which
// outranks renders in flight; with none of these the icon is idle.
struct TrayState
{
    enum class Mood
    {
        Idle,
        Rendering,
        Succeeded,
        Failed,
    };

    Mood mood = Mood::Idle;
    int rendering = 0;
    int waiting = 0; // queued, or not answered yet
    int unseenSucceeded = 0;
    int unseenFailed = 0;

    static TrayState from(int rendering, int waiting, const UnseenResults& unseen);

    bool operator==(const TrayState& other) const
    {
        return mood == other.mood && rendering == other.rendering && waiting == other.waiting
            && unseenSucceeded == other.unseenSucceeded && unseenFailed == other.unseenFailed;
    }
    bool operator!=(const TrayState& other) const { return !(*this == other); }
};

} // namespace Reelwatch

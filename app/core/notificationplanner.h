#pragma once

#include "taskkey.h"
#include "taskstatus.h"

#include <optional>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>

namespace Reelwatch {

// A change of status worth telling someone about.
enum class TaskTransition
{
    None,
    Started, // left the queue and began rendering
    Succeeded,
    Failed,
};

// Only changes Reelwatch saw happen: the first answer about a task never counts (it was added just
// now, or it had already finished before the app started), and neither does a move between two
// terminal states.
TaskTransition classifyTransition(const std::optional<TaskStatus>& previous, TaskStatus now);

// Collects the transitions of one poll round and decides what to raise: up to
// kMaxSeparateNotifications notifications of their own, or, when more arrive together, one summary
// for all of them ("12 renders finished") instead of a wall of popups.
class NotificationPlanner
{
public:
    static constexpr int kMaxSeparateNotifications = 3;

    struct Event
    {
        TaskKey task;
        TaskTransition transition = TaskTransition::None;
    };

    struct Planned
    {
        bool summary = false;
        QList<Event> events; // one for a single notification; every event for a summary, in arrival order
        int succeeded = 0;
        int failed = 0;
        int started = 0;
    };

    // A later transition of the same task replaces its earlier one in the round (a render that
    // started and finished between two flushes is announced as finished). None is ignored.
    void add(const TaskKey& task, TaskTransition transition);
    // Drops the task's pending transition, if any: it moved on to something not to be announced.
    void remove(const TaskKey& task);
    bool isEmpty() const { return m_events.isEmpty(); }
    int pendingCount() const { return int(m_events.size()); }
    // What to show for everything added since the last take(); empties the round.
    QList<Planned> take();

private:
    QList<Event> m_events;
    QHash<TaskKey, int> m_indexOf; // position in m_events
};

} // namespace Reelwatch

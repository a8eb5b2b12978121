#include "notificationplanner.h"

namespace Reelwatch {

namespace {

bool isWaiting(TaskStatus status)
{
    return status == TaskStatus::NotStart || status == TaskStatus::Submitted || status == TaskStatus::Queued;
}

void count(NotificationPlanner::Planned& planned, TaskTransition transition)
{
    switch (transition) {
    case TaskTransition::Succeeded:
        ++planned.succeeded;
        break;
    case TaskTransition::Failed:
        ++planned.failed;
        break;
    case TaskTransition::Started:
        ++planned.started;
        break;
    case TaskTransition::None:
        break;
    }
}

} // namespace

TaskTransition classifyTransition(const std::optional<TaskStatus>& previous, TaskStatus now)
{
    if (!previous || isTerminal(*previous) || *previous == now)
        return TaskTransition::None;
    if (now == TaskStatus::Success)
        return TaskTransition::Succeeded;
    if (now == TaskStatus::Failure)
        return TaskTransition::Failed;
    if (now == TaskStatus::InProgress && isWaiting(*previous))
        return TaskTransition::Started;
    return TaskTransition::None;
}

void NotificationPlanner::add(const TaskKey& task, TaskTransition transition)
{
    if (transition == TaskTransition::None)
        return;
    const auto existing = m_indexOf.constFind(task);
    if (existing != m_indexOf.constEnd()) {
        m_events[*existing].transition = transition;
        return;
    }
    m_indexOf.insert(task, int(m_events.size()));
    m_events.append({task, transition});
}

void NotificationPlanner::remove(const TaskKey& task)
{
    const auto found = m_indexOf.constFind(task);
    if (found == m_indexOf.constEnd())
        return;
    m_events.removeAt(*found);
    m_indexOf.clear();
    for (int i = 0; i < int(m_events.size()); ++i)
        m_indexOf.insert(m_events.at(i).task, i);
}

QList<NotificationPlanner::Planned> NotificationPlanner::take()
{
    QList<Planned> plan;
    if (m_events.size() > kMaxSeparateNotifications) {
        Planned summary;
        summary.summary = true;
        summary.events = m_events;
        for (const Event& event : std::as_const(m_events))
            count(summary, event.transition);
        plan.append(summary);
    } else {
        for (const Event& event : std::as_const(m_events)) {
            Planned single;
            single.events = {event};
            count(single, event.transition);
            plan.append(single);
        }
    }
    m_events.clear();
    m_indexOf.clear();
    return plan;
}

} // namespace Reelwatch

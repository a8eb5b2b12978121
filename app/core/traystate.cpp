#include "traystate.h"

namespace Reelwatch {

void UnseenResults::record(const TaskKey& task, bool succeeded, bool noticed)
{
    markSeen(task);
    if (noticed)
        return;
    (succeeded ? m_succeeded : m_failed).insert(task);
}

void UnseenResults::markSeen(const TaskKey& task)
{
    m_succeeded.remove(task);
    m_failed.remove(task);
}

void UnseenResults::markAllSeen()
{
    m_succeeded.clear();
    m_failed.clear();
}

TrayState TrayState::from(int rendering, int waiting, const UnseenResults& unseen)
{
    TrayState state;
    state.rendering = rendering;
    state.waiting = waiting;
    state.unseenSucceeded = unseen.succeeded();
    state.unseenFailed = unseen.failed();
    if (state.unseenFailed > 0)
        state.mood = Mood::Failed;
    else if (state.unseenSucceeded > 0)
        state.mood = Mood::Succeeded;
    else if (rendering + waiting > 0)
        state.mood = Mood::Rendering;
    return state;
}

} // namespace Reelwatch

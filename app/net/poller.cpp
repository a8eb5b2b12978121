#include "poller.h"

#include "videoapi.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace Reelwatch {

Poller::Poller(VideoApi* api, const PollSettings& settings, QObject* parent, std::shared_ptr<const Clock> clock)
    : QObject(parent)
    , m_api(api)
    , m_clock(clock ? std::move(clock) : std::make_shared<SteadyClock>())
    , m_schedule(settings)
    , m_limiter(settings.maxRequestsPerSecond)
{
    // A provider without a list route is never sent a list request.
    if (!m_api->provider().capabilities().listRoute)
        m_batchSupport = BatchSupport::Unsupported;
    m_timer.setSingleShot(true);
    // Poll times are seconds apart; a coarse timer lets the system batch wake-ups.
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Poller::pump);
}

void Poller::setSettings(const PollSettings& settings)
{
    m_schedule.setSettings(settings);
    m_limiter.setRate(settings.maxRequestsPerSecond);
    schedulePump();
}

void Poller::addTask(const QString& taskId, const std::optional<VideoTask>& known, std::optional<qint64> confirmedAgoMs)
{
    m_schedule.addTask(taskId, m_clock->nowMs(), known, confirmedAgoMs);
    m_announcedStopped = false;
    schedulePump();
}

void Poller::removeTask(const QString& taskId)
{
    m_schedule.removeTask(taskId);
    schedulePump();
}

void Poller::setTaskPaused(const QString& taskId, bool paused)
{
    m_schedule.setTaskPaused(taskId, paused, m_clock->nowMs());
    schedulePump();
}

void Poller::setPaused(bool paused)
{
    m_schedule.setAllPaused(paused);
    schedulePump();
}

void Poller::refreshNow(const QString& taskId)
{
    m_schedule.refreshNow(taskId, m_clock->nowMs());
    schedulePump();
}

void Poller::refreshAllNow()
{
    m_schedule.refreshAllNow(m_clock->nowMs());
    schedulePump();
}

void Poller::keyChanged()
{
    m_schedule.clearKeyRejected(m_clock->nowMs());
    schedulePump();
}

void Poller::setOnline(bool online)
{
    if (m_online == online)
        return;
    m_online = online;
    if (online)
        m_schedule.refreshAllNow(m_clock->nowMs()); // catch up at once on reconnect
    schedulePump();
}

void Poller::setBatchRefreshEnabled(bool enabled)
{
    m_batchEnabled = enabled;
    if (!enabled)
        m_walkAfter.clear(); // the due tasks must not wait for a walk that will not go on
}

void Poller::recordListed(const QList<VideoTask>& tasks, qint64 nowMs)
{
    QStringList confirmedIds;
    for (const VideoTask& fresh : tasks) {
        const PollOutcome outcome = m_schedule.recordListed(fresh, nowMs);
        if (!outcome.known)
            continue;
        ++m_stats.tasksRefreshedByList;
        confirmedIds << fresh.id;
        if (outcome.anythingChanged()) {
            TaskUpdate update;
            update.taskId = fresh.id;
            update.task = fresh;
            update.httpStatus = 200;
            update.outcome = outcome;
            update.viaList = true;
            report(update);
        }
    }
    if (!confirmedIds.isEmpty())
        emit confirmed(confirmedIds);
}

void Poller::acceptListed(const QList<VideoTask>& tasks)
{
    // The batch refresh keeps its own schedule: its page covers the due tasks that following's
    // newest page may not, at one request for a hundred of them.
    recordListed(tasks, m_clock->nowMs());
    announceIfAllStopped();
    schedulePump();
}

bool Poller::claimRequest()
{
    const qint64 now = m_clock->nowMs();
    return m_online && m_schedule.canSend(now) && m_limiter.tryAcquire(now);
}

std::optional<qint64> Poller::msUntilRequestPossible()
{
    if (!m_online || m_schedule.allPaused() || m_schedule.keyRejected())
        return std::nullopt;
    const qint64 now = m_clock->nowMs();
    const qint64 at = std::max(m_schedule.profilePausedUntilMs(), m_limiter.nextTokenAtMs(now));
    return std::max<qint64>(0, at - now);
}

void Poller::recordProfileError(const FetchResult& result)
{
    ++m_stats.errors;
    m_schedule.recordProfileError(result, m_clock->nowMs());
    noteState();
    schedulePump();
}

ProfileState Poller::state() const
{
    if (!m_online)
        return ProfileState::Offline;
    if (m_schedule.keyRejected())
        return ProfileState::KeyRejected;
    if (m_schedule.allPaused())
        return ProfileState::Paused;
    if (m_schedule.profilePausedUntilMs() > m_clock->nowMs())
        return ProfileState::RateLimited;
    return ProfileState::Polling;
}

std::optional<qint64> Poller::msUntilNextPoll() const
{
    const std::optional<qint64> next = m_schedule.nextDueMs();
    if (!next)
        return std::nullopt;
    return std::max<qint64>(0, std::max(*next, m_schedule.profilePausedUntilMs()) - m_clock->nowMs());
}

Poller::Freshness Poller::freshness() const
{
    const PollSettings& settings = m_schedule.settings();
    Freshness fresh;
    fresh.active = m_schedule.activeCount();
    fresh.firstPassSize = m_schedule.firstPassSize();
    fresh.firstPassDone = fresh.firstPassSize - m_schedule.awaitingFirstLook();

    // The pace requests can go out at: the budget, or fewer when answers are slow and only so many
    // may be in flight.
    double perSecond = settings.maxRequestsPerSecond;
    if (m_latencyMs > 0)
        perSecond = std::min(perSecond, settings.maxInFlight * 1000.0 / m_latencyMs);
    fresh.requestsPerSecond = perSecond;
    fresh.pacedTasks = fresh.active;
    if (fresh.firstPassSize > 0) {
        fresh.firstPassRemainingMs = m_schedule.firstPassRemainingMs(m_clock->nowMs());
        // The burst at the start makes the first looks seem faster than the budget lets them go on.
        const auto atBudget = perSecond > 0
            ? static_cast<qint64>(std::llround(m_schedule.awaitingFirstLook() * 1000.0 / perSecond))
            : 0;
        if (fresh.firstPassRemainingMs)
            fresh.firstPassRemainingMs = std::max(*fresh.firstPassRemainingMs, atBudget);
    }
    // What the list route refreshed in its last round costs a page per hundred; the rest one each.
    const int listed = m_batchSupport == BatchSupport::Supported ? std::min(m_listedLastRound, fresh.active) : 0;
    const int pages = listed > 0 ? (listed + kListPageSize - 1) / kListPageSize : 0;
    const int requests = fresh.active - listed + pages;
    fresh.sweepMs = perSecond > 0 ? static_cast<qint64>(std::llround(requests * 1000.0 / perSecond)) : 0;
    // An unchanged task is asked at most every maxIntervalMs (plus jitter): that is what polling
    // promises when the budget keeps up.
    const qint64 intervalBound = std::max(settings.maxIntervalMs, settings.baseIntervalMs);
    fresh.budgetBound = fresh.sweepMs > intervalBound;
    fresh.recheckWithinMs = std::max(intervalBound, fresh.sweepMs);
    return fresh;
}

void Poller::schedulePump()
{
    if (m_pumpQueued)
        return;
    m_pumpQueued = true;
    QMetaObject::invokeMethod(this, &Poller::pump, Qt::QueuedConnection);
}

bool Poller::wantsListRequest(qint64 nowMs) const
{
    if (!m_batchEnabled || m_batchSupport == BatchSupport::Unsupported || m_listInFlight)
        return false;
    if (!m_walkAfter.isEmpty())
        return true;
    // One list request can refresh every task it contains: worth it once two tasks are due.
    const bool roundDue = m_lastListAtMs < 0 || nowMs - m_lastListAtMs >= m_schedule.settings().baseIntervalMs;
    return roundDue && m_schedule.dueCount(nowMs, 2) >= 2;
}

void Poller::pump()
{
    m_pumpQueued = false;
    noteState();
    const qint64 now = m_clock->nowMs();
    const PollSettings& settings = m_schedule.settings();
    const auto busy
        = [this, &settings] { return m_schedule.inFlightCount() + (m_listInFlight ? 1 : 0) >= settings.maxInFlight; };

    bool waitingForToken = false;
    if (m_online && m_schedule.canSend(now)) {
        // What the user asked for goes first, list or not: it is what they are looking at.
        while (m_schedule.urgentCount() > 0 && !busy()) {
            if (!m_limiter.tryAcquire(now)) {
                waitingForToken = true;
                break;
            }
            sendStatus(m_schedule.takeDue(now, 1).constFirst());
        }
        if (!waitingForToken && wantsListRequest(now) && !busy()) {
            if (m_limiter.tryAcquire(now)) {
                if (m_walkAfter.isEmpty()) {
                    m_listPagesThisRound = 0;
                    m_listedThisRound = 0;
                    m_deepestUsefulPageThisRound = 0;
                }
                sendList(std::exchange(m_walkAfter, QString()));
            } else {
                waitingForToken = true;
            }
        }
        // While a list page is on its way, or a walk waits for the budget, the due tasks wait for it
        // rather than being asked one by one: a page answers for a hundred of them.
        while (!waitingForToken && !m_listInFlight && m_walkAfter.isEmpty() && !busy()
               && m_schedule.dueCount(now, 1) > 0) {
            if (!m_limiter.tryAcquire(now)) {
                waitingForToken = true;
                break;
            }
            sendStatus(m_schedule.takeDue(now, 1).constFirst());
        }
    }

    // Sleep until the next thing can happen; a finished request wakes the pump by itself.
    m_timer.stop();
    if (!m_online || m_schedule.allPaused() || m_schedule.keyRejected())
        return;
    const std::optional<qint64> nextDue = m_schedule.nextDueMs();
    if (!nextDue && m_walkAfter.isEmpty())
        return;
    qint64 wakeAt = std::max(nextDue.value_or(now), m_schedule.profilePausedUntilMs());
    // A walk under way goes on as soon as the budget lets it, not when the next task falls due.
    if (!m_walkAfter.isEmpty() && !m_listInFlight)
        wakeAt = std::min(wakeAt, std::max(now, m_schedule.profilePausedUntilMs()));
    if (wakeAt <= now) {
        if (busy() || (m_listInFlight && !waitingForToken))
            return;
        wakeAt = m_limiter.nextTokenAtMs(now);
    }
    m_timer.start(static_cast<int>(std::clamp<qint64>(wakeAt - now, 1, 24 * 3600 * 1000)));
}

void Poller::sendStatus(const QString& taskId)
{
    ++m_stats.statusRequests;
    m_sentAtMs.insert(taskId, m_clock->nowMs());
    m_api->fetchStatus(taskId, this, [this](const FetchResult& result) { onStatus(result); });
}

void Poller::sendList(const QString& after)
{
    ++m_stats.listRequests;
    ++m_listPagesThisRound;
    m_listInFlight = true;
    m_api->fetchList(kListPageSize, after, this, [this](const ListResult& list) { onList(list); });
}

void Poller::onStatus(const FetchResult& result)
{
    const qint64 now = m_clock->nowMs();
    if (const auto sent = m_sentAtMs.constFind(result.requestedId); sent != m_sentAtMs.constEnd()) {
        // A slowly moving average: one slow answer does not change the pace the budget promises.
        const double took = double(std::max<qint64>(1, now - *sent));
        m_latencyMs = m_latencyMs > 0 ? 0.9 * m_latencyMs + 0.1 * took : took;
        m_sentAtMs.erase(sent);
    }
    const PollOutcome outcome = m_schedule.recordResult(result, now);
    if (result.error.isError())
        ++m_stats.errors;
    if (outcome.known && outcome.anythingChanged()) {
        TaskUpdate update;
        update.taskId = result.requestedId;
        update.httpStatus = result.httpStatus;
        update.outcome = outcome;
        if (const ScheduledTask* task = m_schedule.task(result.requestedId)) {
            update.task = task->lastGood;
            update.error = task->lastError;
        }
        report(update);
    }
    if (outcome.known && result.ok())
        emit confirmed({result.requestedId});
    emit answered(result);
    schedulePump();
}

void Poller::onList(const ListResult& list)
{
    m_listInFlight = false;
    const qint64 now = m_clock->nowMs();
    bool walkGoesOn = false;
    if (list.isList) {
        m_batchSupport = BatchSupport::Supported;
        m_batchFailures = 0;
        const int before = m_stats.tasksRefreshedByList;
        recordListed(list.tasks, now);
        if (m_stats.tasksRefreshedByList > before) {
            m_listedThisRound += m_stats.tasksRefreshedByList - before;
            m_deepestUsefulPage = std::max(m_deepestUsefulPage, m_listPagesThisRound);
            m_deepestUsefulPageThisRound = m_listPagesThisRound;
        }
        // Older pages while any task falls due before the next round (a page is cheaper than asking
        // even two of them one by one), enough to cover every active task once: as many pages as they
        // fill, and at least as deep as tasks of ours were last found (the list holds finished renders
        // too, so as tasks finish the active ones lie deeper than their count says). A walk waits for
        // the request budget (pump()) rather than ending when it is spent for the moment: it used to
        // end there, so with many tasks only the newest pages were ever read.
        const int pageBudget = std::clamp(
            std::max(m_schedule.activeCount() / kListPageSize + 2, m_deepestUsefulPage + 1), 2, kMaxListPagesPerRound);
        const bool moreDueSoon = m_schedule.dueCount(now + m_schedule.settings().baseIntervalMs, 1) > 0;
        walkGoesOn = list.hasMore && !list.lastId.isEmpty() && m_listPagesThisRound < pageBudget && moreDueSoon;
        // A walk to the end of the list (or of the budget) knows how deep tasks of ours lie now.
        if (!walkGoesOn && moreDueSoon)
            m_deepestUsefulPage = m_deepestUsefulPageThisRound;
        if (walkGoesOn)
            m_walkAfter = list.lastId;
    } else {
        ++m_stats.errors;
        switch (list.failure.error.kind) {
        case ErrorKind::Unauthorized:
            // Some gateways forbid only the list route: until it has worked once, a 401/403 there
            // means "no list route", and the single-task requests decide whether the key is bad.
            if (m_batchSupport == BatchSupport::Unknown)
                m_batchSupport = BatchSupport::Unsupported;
            else
                m_schedule.recordProfileError(list.failure, now);
            break;
        case ErrorKind::RateLimited:
            m_schedule.recordProfileError(list.failure, now);
            break;
        case ErrorKind::ServerError:
        case ErrorKind::Timeout:
        case ErrorKind::Network:
            // Maybe a passing fault: try the route again next round, but not for ever.
            if (++m_batchFailures >= 3)
                m_batchSupport = BatchSupport::Unsupported;
            break;
        default:
            // No list route here (404, an HTML page, another shape): poll one by one from now on.
            m_batchSupport = BatchSupport::Unsupported;
            break;
        }
    }
    if (!walkGoesOn) {
        m_walkAfter.clear();
        m_listedLastRound = m_listedThisRound;
    }
    m_lastListAtMs = now;
    noteState();
    announceIfAllStopped();
    schedulePump();
}

void Poller::report(const TaskUpdate& update)
{
    if (update.outcome.statusChanged)
        ++m_stats.statusChanges;
    if (update.outcome.progressChanged)
        ++m_stats.progressChanges;
    emit taskUpdated(update);
    announceIfAllStopped();
}

void Poller::announceIfAllStopped()
{
    if (m_schedule.activeCount() == 0 && !m_announcedStopped) {
        m_announcedStopped = true;
        emit allStopped();
    }
}

void Poller::noteState()
{
    const ProfileState current = state();
    if (current != m_lastState) {
        m_lastState = current;
        emit stateChanged(current);
    }
}

} // namespace Reelwatch

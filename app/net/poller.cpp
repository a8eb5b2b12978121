#include "poller.h"

#include "videoapi.h"

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

void Poller::addTask(const QString& taskId, const std::optional<VideoTask>& known)
{
    m_schedule.addTask(taskId, m_clock->nowMs(), known);
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
}

void Poller::recordListed(const QList<VideoTask>& tasks, qint64 nowMs)
{
    for (const VideoTask& fresh : tasks) {
        const PollOutcome outcome = m_schedule.recordListed(fresh, nowMs);
        if (!outcome.known)
            continue;
        ++m_stats.tasksRefreshedByList;
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

void Poller::schedulePump()
{
    if (m_pumpQueued)
        return;
    m_pumpQueued = true;
    QMetaObject::invokeMethod(this, &Poller::pump, Qt::QueuedConnection);
}

void Poller::pump()
{
    m_pumpQueued = false;
    noteState();
    const qint64 now = m_clock->nowMs();
    const PollSettings& settings = m_schedule.settings();
    const auto busy
        = [this, &settings] { return m_schedule.inFlightCount() + (m_listInFlight ? 1 : 0) >= settings.maxInFlight; };

    if (m_online && m_schedule.canSend(now)) {
        // One list request can refresh every task it contains: worth it once two tasks are due.
        const bool listDue = m_lastListAtMs < 0 || now - m_lastListAtMs >= settings.baseIntervalMs;
        if (m_batchEnabled && m_batchSupport != BatchSupport::Unsupported && !m_listInFlight && listDue && !busy()
            && m_schedule.dueCount(now, 2) >= 2 && m_limiter.tryAcquire(now)) {
            m_listPagesThisRound = 0;
            sendList(QString());
        }
        // While a list is on its way, the due tasks wait for it rather than being asked one by one.
        while (!m_listInFlight && !busy() && m_schedule.dueCount(now, 1) > 0 && m_limiter.tryAcquire(now))
            sendStatus(m_schedule.takeDue(now, 1).constFirst());
    }

    // Sleep until the next thing can happen; a finished request wakes the pump by itself.
    m_timer.stop();
    if (!m_online || m_schedule.allPaused() || m_schedule.keyRejected())
        return;
    const std::optional<qint64> nextDue = m_schedule.nextDueMs();
    if (!nextDue)
        return;
    qint64 wakeAt = std::max(*nextDue, m_schedule.profilePausedUntilMs());
    if (wakeAt <= now) {
        if (busy() || m_listInFlight)
            return;
        wakeAt = m_limiter.nextTokenAtMs(now);
    }
    m_timer.start(static_cast<int>(std::clamp<qint64>(wakeAt - now, 1, 24 * 3600 * 1000)));
}

void Poller::sendStatus(const QString& taskId)
{
    ++m_stats.statusRequests;
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
    const PollOutcome outcome = m_schedule.recordResult(result, m_clock->nowMs());
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
    emit answered(result);
    schedulePump();
}

void Poller::onList(const ListResult& list)
{
    m_listInFlight = false;
    const qint64 now = m_clock->nowMs();
    if (list.isList) {
        m_batchSupport = BatchSupport::Supported;
        m_batchFailures = 0;
        recordListed(list.tasks, now);
        // Older pages only while tasks are still due, within a bound per round.
        // Enough pages to cover every active task once, as long as tasks are still due.
        const int pageBudget = std::clamp(m_schedule.activeCount() / kListPageSize + 2, 2, kMaxListPagesPerRound);
        if (list.hasMore && !list.lastId.isEmpty() && m_listPagesThisRound < pageBudget
            && m_schedule.dueCount(now, 1) > 0 && m_schedule.canSend(now) && m_limiter.tryAcquire(now)) {
            sendList(list.lastId);
            return;
        }
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

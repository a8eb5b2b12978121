#include "pollschedule.h"

#include <algorithm>
#include <cmath>
#include <QRandomGenerator>

namespace Reelwatch {

PollSchedule::PollSchedule(PollSettings settings, RandomSource random)
    : m_settings(settings)
    , m_random(std::move(random))
{
    if (!m_random)
        m_random = [] { return QRandomGenerator::global()->generateDouble(); };
}

qint64 PollSchedule::jittered(qint64 delayMs) const
{
    const double spread = m_settings.jitterFraction * (2.0 * m_random() - 1.0);
    return std::max<qint64>(0, static_cast<qint64>(std::llround(delayMs * (1.0 + spread))));
}

PollSchedule::Queue* PollSchedule::queueOf(PollLane lane)
{
    switch (lane) {
    case PollLane::None:
        return nullptr;
    case PollLane::Urgent:
        return &m_urgent;
    case PollLane::FirstLook:
        return &m_firstLooks;
    case PollLane::Repoll:
        return &m_repolls;
    }
    return nullptr;
}

void PollSchedule::enqueue(ScheduledTask& task, qint64 dueAtMs)
{
    dequeue(task);
    task.dueAtMs = dueAtMs;
    if (task.paused || task.inFlight || task.stopped)
        return;
    task.lane = awaitsFirstLook(task) ? PollLane::FirstLook : PollLane::Repoll;
    queueOf(task.lane)->emplace(task.dueAtMs, task.id);
}

void PollSchedule::dequeue(ScheduledTask& task)
{
    if (Queue* queue = queueOf(task.lane))
        queue->erase({task.lane == PollLane::Urgent ? task.urgentSeq : task.dueAtMs, task.id});
    task.lane = PollLane::None;
}

void PollSchedule::addTask(const QString& id, qint64 nowMs, const std::optional<VideoTask>& known,
                           std::optional<qint64> confirmedAgoMs)
{
    if (m_tasks.contains(id))
        return;
    ScheduledTask& task = m_tasks[id];
    task.id = id;
    task.intervalMs = m_settings.baseIntervalMs;
    task.lastGood = known;
    task.stopped = known && isTerminal(known->status);
    if (!task.stopped)
        ++m_activeCount;
    if (awaitsFirstLook(task)) {
        if (m_awaitingFirstLook == 0) {
            m_firstPassSize = 0;
            m_recentFirstLooksMs.clear();
        }
        ++m_awaitingFirstLook;
        ++m_firstPassSize;
    }
    if (known && confirmedAgoMs) {
        // Confirmed a while ago: due a base interval after that, so the longest unconfirmed go first.
        const qint64 ago = std::max<qint64>(0, *confirmedAgoMs);
        enqueue(task, nowMs - ago + m_settings.baseIntervalMs);
        return;
    }
    const qint64 spread = static_cast<qint64>(m_random() * m_settings.firstPollSpreadMs);
    enqueue(task, nowMs + spread);
}

void PollSchedule::removeTask(const QString& id)
{
    const auto it = m_tasks.find(id);
    if (it == m_tasks.end())
        return;
    dequeue(*it);
    if (it->inFlight)
        --m_inFlight;
    if (awaitsFirstLook(*it)) {
        // Removed before its first look: out of the pass altogether, not counted as looked at.
        --m_awaitingFirstLook;
        --m_firstPassSize;
    }
    if (!it->stopped)
        --m_activeCount;
    m_tasks.erase(it);
}

const ScheduledTask* PollSchedule::task(const QString& id) const
{
    const auto it = m_tasks.constFind(id);
    return it == m_tasks.constEnd() ? nullptr : &*it;
}

void PollSchedule::stop(ScheduledTask& task)
{
    if (task.stopped)
        return;
    dequeue(task);
    if (awaitsFirstLook(task))
        --m_awaitingFirstLook;
    task.stopped = true;
    --m_activeCount;
}

void PollSchedule::setTaskPaused(const QString& id, bool paused, qint64 nowMs)
{
    const auto it = m_tasks.find(id);
    if (it == m_tasks.end() || it->paused == paused)
        return;
    it->paused = paused;
    enqueue(*it, paused ? it->dueAtMs : std::max(it->dueAtMs, nowMs));
}

void PollSchedule::refreshNow(const QString& id, qint64 nowMs)
{
    const auto it = m_tasks.find(id);
    // A second F5 keeps the task's place among the urgent ones rather than sending it to the back.
    if (it == m_tasks.end() || it->stopped || it->inFlight || it->lane == PollLane::Urgent)
        return;
    if (it->paused) {
        it->dueAtMs = nowMs; // asked for as soon as it is resumed
        return;
    }
    dequeue(*it);
    it->dueAtMs = nowMs;
    it->lane = PollLane::Urgent;
    it->urgentSeq = m_nextUrgentSeq++;
    m_urgent.emplace(it->urgentSeq, it->id);
}

void PollSchedule::refreshAllNow(qint64 nowMs)
{
    for (ScheduledTask& task : m_tasks) {
        if (!task.stopped && !task.inFlight && task.lane != PollLane::Urgent)
            enqueue(task, nowMs);
    }
}

void PollSchedule::clearKeyRejected(qint64 nowMs)
{
    m_keyRejected = false;
    refreshAllNow(nowMs);
}

bool PollSchedule::canSend(qint64 nowMs) const
{
    return !m_allPaused && !m_keyRejected && nowMs >= m_profilePausedUntilMs;
}

QStringList PollSchedule::takeDue(qint64 nowMs, int maxCount)
{
    QStringList due;
    if (!canSend(nowMs))
        return due;
    const auto isDue = [nowMs](const Queue& queue) { return !queue.empty() && queue.begin()->first <= nowMs; };
    while (due.size() < maxCount) {
        Queue* from = nullptr;
        if (!m_urgent.empty()) {
            from = &m_urgent;
        } else if (isDue(m_firstLooks) && isDue(m_repolls)) {
            // Both lanes have waited: take them in turn, so a long first pass neither holds back the
            // tasks already on screen nor is held back by them.
            from = m_firstLookTurn ? &m_firstLooks : &m_repolls;
            m_firstLookTurn = !m_firstLookTurn;
        } else if (isDue(m_firstLooks)) {
            from = &m_firstLooks;
        } else if (isDue(m_repolls)) {
            from = &m_repolls;
        } else {
            break;
        }
        const QString id = from->begin()->second;
        from->erase(from->begin());
        ScheduledTask& task = m_tasks[id];
        task.lane = PollLane::None;
        task.inFlight = true;
        ++task.requests;
        ++m_inFlight;
        due << id;
    }
    return due;
}

int PollSchedule::dueCount(qint64 nowMs, int cap) const
{
    int count = std::min(cap, int(m_urgent.size()));
    for (const Queue* queue : {&m_firstLooks, &m_repolls}) {
        for (auto it = queue->begin(); it != queue->end() && it->first <= nowMs && count < cap; ++it)
            ++count;
    }
    return count;
}

std::optional<qint64> PollSchedule::nextDueMs() const
{
    std::optional<qint64> next;
    if (!m_urgent.empty())
        next = m_tasks.constFind(m_urgent.begin()->second)->dueAtMs;
    for (const Queue* queue : {&m_firstLooks, &m_repolls}) {
        if (!queue->empty() && (!next || queue->begin()->first < *next))
            next = queue->begin()->first;
    }
    return next;
}

std::optional<qint64> PollSchedule::firstPassRemainingMs(qint64 nowMs) const
{
    if (m_awaitingFirstLook == 0)
        return 0;
    // The pace of the last first looks, over at most the last minute: the budget they share with
    // re-polls changes as the pass goes on.
    constexpr qint64 kPaceWindowMs = 60 * 1000;
    auto first = m_recentFirstLooksMs.begin();
    while (first != m_recentFirstLooksMs.end() && *first < nowMs - kPaceWindowMs)
        ++first;
    const qint64 samples = m_recentFirstLooksMs.end() - first;
    if (samples < 2)
        return std::nullopt;
    // From the first sample to now: a pass that stalled (rate limited, offline) shows a slower pace.
    const double msPerLook = double(nowMs - *first) / double(samples - 1);
    return static_cast<qint64>(std::llround(msPerLook * m_awaitingFirstLook));
}

bool PollSchedule::isAboutTheTask(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::NotFound:
    case ErrorKind::InvalidId:
    case ErrorKind::InvalidResponse:
    case ErrorKind::TooLarge:
        return true;
    default:
        // The profile's or the network's trouble: the task is no better known than before.
        return false;
    }
}

void PollSchedule::noteAnswered(ScheduledTask& task, qint64 nowMs)
{
    if (awaitsFirstLook(task)) {
        --m_awaitingFirstLook;
        constexpr std::size_t kPaceSamples = 200;
        m_recentFirstLooksMs.push_back(nowMs);
        if (m_recentFirstLooksMs.size() > kPaceSamples)
            m_recentFirstLooksMs.pop_front();
    }
    task.answered = true;
}

void PollSchedule::recordAbandoned(const QString& id, qint64 nowMs)
{
    const auto it = m_tasks.find(id);
    if (it == m_tasks.end() || !it->inFlight)
        return;
    it->inFlight = false;
    --m_inFlight;
    enqueue(*it, nowMs);
}

PollOutcome PollSchedule::applyTask(ScheduledTask& task, const VideoTask& fresh, std::optional<qint64> pollAfterMs,
                                    qint64 nowMs)
{
    PollOutcome outcome;
    outcome.known = true;
    noteAnswered(task, nowMs);
    if (task.lastGood)
        outcome.previousStatus = task.lastGood->status;
    outcome.statusChanged
        = !task.lastGood || task.lastGood->status != fresh.status || task.lastGood->rawStatus != fresh.rawStatus;
    outcome.progressChanged = !task.lastGood || task.lastGood->progress != fresh.progress;
    outcome.errorChanged = task.lastError.isError();
    const bool changed = outcome.statusChanged || outcome.progressChanged;

    task.lastGood = fresh;
    task.lastError = ApiError{};
    task.errorDelayMs = 0;
    task.notFoundStreak = 0;
    if (isTerminal(fresh.status)) {
        outcome.finished = outcome.statusChanged;
        stop(task);
        return outcome;
    }
    task.intervalMs = changed
        ? m_settings.baseIntervalMs
        : std::min<qint64>(m_settings.maxIntervalMs,
                           static_cast<qint64>(task.intervalMs * m_settings.unchangedBackoffFactor));
    // The server's hint is kept to the millisecond, within sane bounds: never a busy loop, never a
    // wait that outlives the render.
    const qint64 delay
        = pollAfterMs ? std::clamp<qint64>(*pollAfterMs, kMinPollAfterMs, kMaxServerWaitMs) : jittered(task.intervalMs);
    enqueue(task, nowMs + delay);
    return outcome;
}

PollOutcome PollSchedule::recordListed(const VideoTask& fresh, qint64 nowMs)
{
    const auto it = m_tasks.find(fresh.id);
    if (it == m_tasks.end() || it->stopped || it->inFlight)
        return PollOutcome{};
    m_rateLimitBackoffMs = 0; // a good answer from the server ends a run of 429s
    return applyTask(*it, fresh, std::nullopt, nowMs);
}

PollOutcome PollSchedule::recordResult(const FetchResult& result, qint64 nowMs)
{
    const auto it = m_tasks.find(result.requestedId);
    if (it == m_tasks.end())
        return PollOutcome{};
    ScheduledTask& task = *it;
    if (task.inFlight) {
        task.inFlight = false;
        --m_inFlight;
    }
    if (result.error.kind != ErrorKind::RateLimited)
        m_rateLimitBackoffMs = 0;

    if (result.ok())
        return applyTask(task, *result.task, result.pollAfterMs, nowMs);
    if (!result.error.isError()) {
        // Neither a task nor an error breaks FetchResult's contract; treat it as an unusable answer
        // rather than losing the task from every queue.
        FetchResult unusable = result;
        unusable.error = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::NoTaskStatus, result.httpStatus);
        task.inFlight = true;
        ++m_inFlight;
        return recordResult(unusable, nowMs);
    }

    PollOutcome outcome;
    outcome.known = true;
    if (isAboutTheTask(result.error.kind))
        noteAnswered(task, nowMs);
    if (task.lastGood)
        outcome.previousStatus = task.lastGood->status;
    outcome.errorChanged = task.lastError != result.error;
    task.lastError = result.error;

    switch (result.error.kind) {
    case ErrorKind::None:
        break;
    case ErrorKind::InvalidId:
        stop(task);
        outcome.gaveUp = true;
        return outcome;
    case ErrorKind::NotFound:
        if (++task.notFoundStreak >= m_settings.notFoundLimit) {
            stop(task);
            outcome.gaveUp = true;
            return outcome;
        }
        // A task created a moment ago can be briefly unknown to a gateway: ask again soon.
        enqueue(task, nowMs + jittered(m_settings.errorBackoffStartMs));
        return outcome;
    case ErrorKind::Unauthorized:
    case ErrorKind::RateLimited:
        applyProfileError(result, nowMs, outcome);
        // The task waits with its profile: due as soon as the profile may send again.
        enqueue(task, std::max(nowMs, m_profilePausedUntilMs));
        return outcome;
    case ErrorKind::ServerError:
    case ErrorKind::Timeout:
    case ErrorKind::Network:
    case ErrorKind::InvalidResponse:
    case ErrorKind::TooLarge:
    // The kinds of downloads never come from a status request; should one, it is a fault like the others.
    case ErrorKind::NotReady:
    case ErrorKind::Expired:
    case ErrorKind::SizeMismatch:
    case ErrorKind::DiskFull:
    case ErrorKind::PermissionDenied:
    case ErrorKind::WriteFailed:
    case ErrorKind::Cancelled:
        task.errorDelayMs = task.errorDelayMs ? std::min(m_settings.errorBackoffCapMs, task.errorDelayMs * 2)
                                              : m_settings.errorBackoffStartMs;
        // A 503 may say how long the outage lasts: never ask sooner than that, but never later than
        // the cap either; a Retry-After of 0 leaves the backoff as it is.
        enqueue(task, nowMs + std::max(jittered(task.errorDelayMs), serverWait(result, outcome)));
        return outcome;
    }
    return outcome;
}

bool PollSchedule::applyProfileError(const FetchResult& result, qint64 nowMs, PollOutcome& outcome)
{
    if (result.error.kind == ErrorKind::Unauthorized) {
        m_keyRejected = true;
        outcome.keyRejected = true;
        return true;
    }
    if (result.error.kind != ErrorKind::RateLimited)
        return false;
    // A run of 429s backs off exponentially for the whole profile, whatever the server says: the
    // server's wait only lengthens it, so a Retry-After of 0 or a date already past (seen in 429
    // storms) cannot turn the run into a busy loop.
    m_rateLimitBackoffMs = m_rateLimitBackoffMs ? std::min(m_settings.errorBackoffCapMs, m_rateLimitBackoffMs * 2)
                                                : m_settings.errorBackoffStartMs;
    const qint64 wait = std::max(jittered(m_rateLimitBackoffMs), serverWait(result, outcome));
    if (nowMs + wait >= m_profilePausedUntilMs) {
        m_profilePausedUntilMs = nowMs + wait;
        m_rateLimitWaitCutFromMs = outcome.serverWaitCutFromMs;
    }
    outcome.rateLimited = true;
    return true;
}

qint64 PollSchedule::serverWait(const FetchResult& result, PollOutcome& outcome)
{
    const qint64 asked = std::max<qint64>(0, result.retryAfterMs.value_or(0));
    if (asked > kMaxRetryAfterMs)
        outcome.serverWaitCutFromMs = asked;
    return std::min(asked, kMaxRetryAfterMs);
}

PollOutcome PollSchedule::recordProfileError(const FetchResult& result, qint64 nowMs)
{
    PollOutcome outcome;
    if (result.error.kind != ErrorKind::RateLimited)
        m_rateLimitBackoffMs = 0;
    applyProfileError(result, nowMs, outcome);
    return outcome;
}

} // namespace Reelwatch

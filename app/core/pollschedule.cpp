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

void PollSchedule::enqueue(ScheduledTask& task, qint64 dueAtMs)
{
    dequeue(task);
    task.dueAtMs = dueAtMs;
    if (!task.paused && !task.inFlight && !task.stopped)
        m_waiting.emplace(task.dueAtMs, task.id);
}

void PollSchedule::dequeue(ScheduledTask& task)
{
    m_waiting.erase({task.dueAtMs, task.id});
}

void PollSchedule::addTask(const QString& id, qint64 nowMs, const std::optional<VideoTask>& known)
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
    if (it != m_tasks.end() && !it->stopped)
        enqueue(*it, nowMs);
}

void PollSchedule::refreshAllNow(qint64 nowMs)
{
    for (ScheduledTask& task : m_tasks) {
        if (!task.stopped && !task.inFlight)
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
    while (due.size() < maxCount && !m_waiting.empty() && m_waiting.begin()->first <= nowMs) {
        const QString id = m_waiting.begin()->second;
        m_waiting.erase(m_waiting.begin());
        ScheduledTask& task = m_tasks[id];
        task.inFlight = true;
        ++task.requests;
        ++m_inFlight;
        due << id;
    }
    return due;
}

int PollSchedule::dueCount(qint64 nowMs, int cap) const
{
    int count = 0;
    for (auto it = m_waiting.begin(); it != m_waiting.end() && it->first <= nowMs && count < cap; ++it)
        ++count;
    return count;
}

std::optional<qint64> PollSchedule::nextDueMs() const
{
    if (m_waiting.empty())
        return std::nullopt;
    return m_waiting.begin()->first;
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

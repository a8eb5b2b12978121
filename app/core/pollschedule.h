#pragma once

#include "fetchresult.h"
#include "pollsettings.h"

#include <deque>
#include <functional>
#include <optional>
#include <QHash>
#include <QStringList>
#include <set>

namespace Reelwatch {

// The queues a waiting task can be in. Due tasks are taken from them in this order of precedence:
// what the user asked for now, then first looks and re-polls in turn, so neither starves the other.
enum class PollLane
{
    None, // in flight, paused, stopped or the profile cannot send: in no queue
    Urgent, // refreshNow(): ahead of everything else
    FirstLook, // no answer yet and no state known from before: the board shows nothing for it
    Repoll, // a state is shown and ages until it is confirmed again
};

// Where one task stands in the schedule.
struct ScheduledTask
{
    QString id;
    qint64 dueAtMs = 0;
    PollLane lane = PollLane::None;
    qint64 urgentSeq = 0; // order among urgent tasks
    // An answer about the task itself came in this run: its state, or that it is unknown, invalid or
    // unreadable. A rate limit, a rejected key or a network fault says nothing about the task.
    bool answered = false;
    qint64 intervalMs = 0; // current unchanged-backoff interval
    qint64 errorDelayMs = 0; // current error backoff, 0 when the last answer was good
    int notFoundStreak = 0;
    bool paused = false;
    bool inFlight = false;
    bool stopped = false; // terminal, given up as not found, or an invalid ID: never polled again
    std::optional<VideoTask> lastGood;
    ApiError lastError;
    int requests = 0;
};

// What one answer changed, for the store, the table and the notifier.
struct PollOutcome
{
    bool known = false; // false when the answer was for a task no longer scheduled
    bool statusChanged = false;
    bool progressChanged = false;
    bool errorChanged = false;
    std::optional<TaskStatus> previousStatus;
    bool finished = false; // reached SUCCESS or FAILURE now
    bool gaveUp = false; // not found too often, or an invalid ID
    bool keyRejected = false; // 401/403: the whole profile stops until the key changes
    bool rateLimited = false; // 429: the whole profile waits
    // The server asked (Retry-After on a 429 or 503) for a longer wait than Reelwatch keeps to
    // (PollSchedule::kMaxRetryAfterMs): what it asked, so the user can be told.
    std::optional<qint64> serverWaitCutFromMs;

    bool anythingChanged() const { return statusChanged || progressChanged || errorChanged || gaveUp; }
};

// The polling policy of one profile as pure logic over an injected time: per-task due times,
// backoff when nothing changes, error backoff, not-found give-up, profile-wide waits for rate
// limits and a rejected key, pause and refresh. The network driver asks it what to send and tells
// it what came back.
class PollSchedule
{
public:
    // Bounds on what a server may ask for: openai-poll-after-ms no sooner than 1 s and no later than
    // an hour (the pace of a render), and Retry-After (429, 503) at most 10 minutes: a server asking
    // for a day is more likely misconfigured than meaning it, and a render checked once a day is as
    // good as lost to its user. A Retry-After never shortens the backoff repeated errors have earned.
    static constexpr qint64 kMinPollAfterMs = 1000;
    static constexpr qint64 kMaxServerWaitMs = 3600 * 1000;
    static constexpr qint64 kMaxRetryAfterMs = 10 * 60 * 1000;

    using RandomSource = std::function<double()>; // uniform in [0, 1)

    explicit PollSchedule(PollSettings settings = {}, RandomSource random = {});

    void setSettings(const PollSettings& settings) { m_settings = settings; }
    const PollSettings& settings() const { return m_settings; }

    // A task already known to be terminal is kept but never polled. `confirmedAgoMs`: how long ago
    // its known state was last confirmed (a stored task); such a task is due a base interval after
    // that confirmation, so after a restart the ones confirmed longest ago are asked first.
    void addTask(const QString& id, qint64 nowMs, const std::optional<VideoTask>& known = std::nullopt,
                 std::optional<qint64> confirmedAgoMs = std::nullopt);
    void removeTask(const QString& id);
    bool contains(const QString& id) const { return m_tasks.contains(id); }
    const ScheduledTask* task(const QString& id) const;
    QStringList taskIds() const { return m_tasks.keys(); }
    int taskCount() const { return int(m_tasks.size()); }
    int activeCount() const { return m_activeCount; } // not stopped

    void setTaskPaused(const QString& id, bool paused, qint64 nowMs);
    void setAllPaused(bool paused) { m_allPaused = paused; }
    bool allPaused() const { return m_allPaused; }
    // Asked for by the user: due now, ahead of every task that is merely due (the urgent lane).
    void refreshNow(const QString& id, qint64 nowMs);
    // Every waiting task due now, in its own lane (a reconnect, "refresh all").
    void refreshAllNow(qint64 nowMs);

    qint64 profilePausedUntilMs() const { return m_profilePausedUntilMs; }
    // What the server asked for when the latest profile pause (until profilePausedUntilMs()) is a
    // Retry-After cut to kMaxRetryAfterMs; nullopt when that pause is what the server asked or a backoff.
    std::optional<qint64> rateLimitWaitCutFromMs() const { return m_rateLimitWaitCutFromMs; }
    bool keyRejected() const { return m_keyRejected; }
    // After the key or profile changed: every waiting task becomes due.
    void clearKeyRejected(qint64 nowMs);

    int inFlightCount() const { return m_inFlight; }
    // Whether requests may go out at nowMs at all (not paused, no profile wait, key not rejected).
    bool canSend(qint64 nowMs) const;
    // The due tasks, at most maxCount, marked in flight: urgent ones first, then first looks and
    // re-polls taken in turn while both lanes have due tasks, each lane oldest due first.
    QStringList takeDue(qint64 nowMs, int maxCount);
    // Due tasks (urgent ones included), counted up to `cap`.
    int dueCount(qint64 nowMs, int cap) const;
    int urgentCount() const { return int(m_urgent.size()); }
    // When the next task falls due (ignoring profile-wide waits); nullopt when none is waiting.
    std::optional<qint64> nextDueMs() const;

    // The first pass: tasks added while none was waiting for its first look, until all have one.
    // Active tasks still without any answer in this run and without a known state.
    int awaitingFirstLook() const { return m_awaitingFirstLook; }
    // How many tasks the current first pass has had (0 when no first pass is under way).
    int firstPassSize() const { return m_awaitingFirstLook > 0 ? m_firstPassSize : 0; }
    // How long the rest of the first pass takes at the pace of its recent first looks; nullopt before
    // that pace is known.
    std::optional<qint64> firstPassRemainingMs(qint64 nowMs) const;

    PollOutcome recordResult(const FetchResult& result, qint64 nowMs);
    // Fresh state of a task found in a list response: counts as a poll without a request.
    PollOutcome recordListed(const VideoTask& task, qint64 nowMs);
    // A failure of a request that was not about one task (the list route): only its profile-wide
    // meaning counts (a rejected key, a rate limit).
    PollOutcome recordProfileError(const FetchResult& result, qint64 nowMs);
    // A request ended without an answer worth recording (shut down, cancelled): due again now.
    void recordAbandoned(const QString& id, qint64 nowMs);

private:
    using Queue = std::set<std::pair<qint64, QString>>; // (due time or urgent order, task)

    qint64 jittered(qint64 delayMs) const;
    static bool awaitsFirstLook(const ScheduledTask& task) { return !task.answered && !task.lastGood && !task.stopped; }
    void enqueue(ScheduledTask& task, qint64 dueAtMs);
    void dequeue(ScheduledTask& task);
    Queue* queueOf(PollLane lane);
    // Whether an error answer tells something about the task itself (see ScheduledTask::answered).
    static bool isAboutTheTask(ErrorKind kind);
    // Marks the task answered; the first answer of a task awaiting its first look ends that wait.
    void noteAnswered(ScheduledTask& task, qint64 nowMs);
    void stop(ScheduledTask& task);
    // 401/403 and 429 concern the whole profile; returns true when the result was one of them.
    bool applyProfileError(const FetchResult& result, qint64 nowMs, PollOutcome& outcome);
    // The Retry-After of an answer within kMaxRetryAfterMs (0 without one); notes a cut in `outcome`.
    static qint64 serverWait(const FetchResult& result, PollOutcome& outcome);
    PollOutcome applyTask(ScheduledTask& task, const VideoTask& fresh, std::optional<qint64> pollAfterMs, qint64 nowMs);

    PollSettings m_settings;
    RandomSource m_random;
    QHash<QString, ScheduledTask> m_tasks;
    Queue m_urgent; // by the order the user asked
    Queue m_firstLooks; // by due time
    Queue m_repolls; // by due time
    bool m_firstLookTurn = true; // whose turn it is when both lanes have due tasks
    qint64 m_nextUrgentSeq = 0;
    int m_inFlight = 0;
    int m_activeCount = 0;
    int m_awaitingFirstLook = 0;
    int m_firstPassSize = 0;
    std::deque<qint64> m_recentFirstLooksMs; // when the latest first looks of this pass came back
    bool m_allPaused = false;
    bool m_keyRejected = false;
    qint64 m_profilePausedUntilMs = 0;
    qint64 m_rateLimitBackoffMs = 0;
    std::optional<qint64> m_rateLimitWaitCutFromMs;
};

} // namespace Reelwatch

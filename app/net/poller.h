#pragma once

#include "core/clock.h"
#include "core/pollschedule.h"
#include "core/ratelimiter.h"
#include "core/taskupdate.h"

#include <memory>
#include <QHash>
#include <QObject>
#include <QTimer>

namespace Reelwatch {

class VideoApi;
struct ListResult;

enum class ProfileState
{
    Polling,
    Paused,
    RateLimited,
    KeyRejected,
    Offline,
};

enum class BatchSupport
{
    Unknown,
    Supported,
    Unsupported,
};

// Drives a PollSchedule over the network for one profile: sends what is due within the in-flight
// and requests-per-second limits, refreshes many tasks with one list request where the server has
// that route, and reports every change.
class Poller : public QObject
{
    Q_OBJECT

public:
    struct Stats
    {
        int statusRequests = 0;
        int listRequests = 0;
        int statusChanges = 0; // includes the first status seen for a task
        int progressChanges = 0;
        int errors = 0;
        int tasksRefreshedByList = 0;
    };

    // How fresh the profile's tasks can be kept: the first pass, and how often the request budget lets
    // every active task be asked again. For the status bar and for marking old rows stale.
    struct Freshness
    {
        int active = 0;
        int firstPassSize = 0; // tasks in the first pass under way; 0 when none is
        int firstPassDone = 0;
        std::optional<qint64> firstPassRemainingMs;
        // How long the budget (requests a second, in flight at the pace answers come) needs to ask
        // every active task once, counting one request for the tasks the list route refreshes.
        qint64 sweepMs = 0;
        // Every active task is asked again within about this: its own interval at most, or the sweep
        // when the budget cannot keep up with the intervals.
        qint64 recheckWithinMs = 0;
        bool budgetBound = false; // the sweep, not the interval, sets recheckWithinMs
        double requestsPerSecond = 0; // the pace the sweep assumes
        int pacedTasks = 0; // the active tasks that pace serves (one profile's, where `active` sums several)
        // A state not confirmed for this long is older than polling explains: shown as stale.
        qint64 staleAfterMs() const { return 2 * recheckWithinMs + kStaleGraceMs; }
    };
    static constexpr qint64 kStaleGraceMs = 30 * 1000;

    static constexpr int kListPageSize = 100;
    static constexpr int kMaxListPagesPerRound = 200;

    // The clock is for tests; by default a steady clock is used.
    Poller(VideoApi* api, const PollSettings& settings, QObject* parent = nullptr,
           std::shared_ptr<const Clock> clock = nullptr);

    void setSettings(const PollSettings& settings);
    const PollSettings& settings() const { return m_schedule.settings(); }

    // `confirmedAgoMs`: how long ago a stored task's known state was last confirmed (PollSchedule::addTask).
    void addTask(const QString& taskId, const std::optional<VideoTask>& known = std::nullopt,
                 std::optional<qint64> confirmedAgoMs = std::nullopt);
    void removeTask(const QString& taskId);
    void setTaskPaused(const QString& taskId, bool paused);
    void setPaused(bool paused);
    bool isPaused() const { return m_schedule.allPaused(); }
    void refreshNow(const QString& taskId);
    void refreshAllNow();
    // The key or token was replaced: a rejected profile polls again.
    void keyChanged();
    void setOnline(bool online);

    void setBatchRefreshEnabled(bool enabled);
    BatchSupport batchSupport() const { return m_batchSupport; }

    // For the profile's other requests (following the account): whether one may go out now, inside
    // the same pauses and request budget as the status requests (a token is taken when true).
    bool claimRequest();
    // When claimRequest() may succeed next, in ms from now; nullopt while the profile cannot send at
    // all (offline, paused, key rejected): stateChanged() says when that ends.
    std::optional<qint64> msUntilRequestPossible();
    // A profile-wide answer to such a request (429 and its Retry-After, 401), recorded as a status
    // request's would be.
    void recordProfileError(const FetchResult& result);

    // Tasks another list request read (following the account): those this poller has are refreshed
    // from it, as by a batch refresh of its own.
    void acceptListed(const QList<VideoTask>& tasks);

    const PollSchedule& schedule() const { return m_schedule; }
    ProfileState state() const;
    Stats stats() const { return m_stats; }
    // Milliseconds until the next request may go out; nullopt when nothing is waiting.
    std::optional<qint64> msUntilNextPoll() const;
    Freshness freshness() const;

signals:
    void taskUpdated(const Reelwatch::TaskUpdate& update);
    // Every status answer, changed or not (for "last checked" times and give-up rules).
    void answered(const Reelwatch::FetchResult& result);
    // A good answer (a status request's or a list page's) confirmed these tasks' state just now,
    // changed or not; sent after their taskUpdated().
    void confirmed(const QStringList& taskIds);
    void stateChanged(Reelwatch::ProfileState state);
    // Every task is terminal, given up, or removed.
    void allStopped();

private:
    void schedulePump();
    void pump();
    void sendStatus(const QString& taskId);
    void sendList(const QString& after);
    // Whether a list request should go out now: a new round, or the next page of a walk.
    bool wantsListRequest(qint64 nowMs) const;
    void onStatus(const FetchResult& result);
    void onList(const ListResult& list);
    void recordListed(const QList<VideoTask>& tasks, qint64 nowMs);
    void report(const TaskUpdate& update);
    void noteState();
    void announceIfAllStopped();

    VideoApi* m_api;
    std::shared_ptr<const Clock> m_clock;
    PollSchedule m_schedule;
    RateLimiter m_limiter;
    QTimer m_timer;
    bool m_pumpQueued = false;
    bool m_online = true;
    bool m_batchEnabled = true;
    BatchSupport m_batchSupport = BatchSupport::Unknown;
    int m_batchFailures = 0;
    bool m_listInFlight = false;
    int m_listPagesThisRound = 0;
    qint64 m_lastListAtMs = -1;
    // The cursor of the page a walk goes on with once the budget allows; empty when no walk is on.
    QString m_walkAfter;
    int m_listedThisRound = 0; // tasks of this poller the pages of the round under way refreshed
    int m_listedLastRound = 0; // and of the last whole round
    int m_deepestUsefulPageThisRound = 0; // the last page (1 = newest) that held tasks of this poller
    int m_deepestUsefulPage = 0; // and of the walks before, until one to the end finds them higher
    QHash<QString, qint64> m_sentAtMs; // status requests in flight
    double m_latencyMs = 0; // moving average of status answers' round trips
    Stats m_stats;
    ProfileState m_lastState = ProfileState::Polling;
    bool m_announcedStopped = false;
};

} // namespace Reelwatch

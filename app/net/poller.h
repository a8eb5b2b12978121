#pragma once

#include "core/clock.h"
#include "core/pollschedule.h"
#include "core/ratelimiter.h"
#include "core/taskupdate.h"

#include <memory>
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

    static constexpr int kListPageSize = 100;
    static constexpr int kMaxListPagesPerRound = 200;

    // The clock is for tests; by default a steady clock is used.
    Poller(VideoApi* api, const PollSettings& settings, QObject* parent = nullptr,
           std::shared_ptr<const Clock> clock = nullptr);

    void setSettings(const PollSettings& settings);
    const PollSettings& settings() const { return m_schedule.settings(); }

    void addTask(const QString& taskId, const std::optional<VideoTask>& known = std::nullopt);
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

signals:
    void taskUpdated(const Reelwatch::TaskUpdate& update);
    // Every status answer, changed or not (for "last checked" times and give-up rules).
    void answered(const Reelwatch::FetchResult& result);
    void stateChanged(Reelwatch::ProfileState state);
    // Every task is terminal, given up, or removed.
    void allStopped();

private:
    void schedulePump();
    void pump();
    void sendStatus(const QString& taskId);
    void sendList(const QString& after);
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
    Stats m_stats;
    ProfileState m_lastState = ProfileState::Polling;
    bool m_announcedStopped = false;
};

} // namespace Reelwatch

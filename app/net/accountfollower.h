#pragma once

#include "core/videotask.h"

#include <functional>
#include <optional>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace Reelwatch {

class Poller;
class VideoApi;
struct ListResult;

// Follows an account: every base interval it reads the newest page of the account's tasks (the
// provider's list route) and reports the tasks it has not seen, walking older pages with the
// provider's cursor until it reaches known tasks or the window's start, so a gap after days
// offline is closed too. Its requests go through the profile's poller: the same request budget,
// Retry-After pauses and key refusal as the status requests. A route the server refuses for this
// key (403) or does not have ends following, with the reason, instead of asking again and again.
class AccountFollower : public QObject
{
    Q_OBJECT

public:
    static constexpr int kPageSize = 50;
    // A round reads at most this many pages (2,000 tasks); the next round goes on from the newest.
    static constexpr int kMaxPagesPerRound = 40;
    // Passing failures (5xx, timeouts) wait longer each time, up to this many base intervals.
    static constexpr int kMaxBackoffIntervals = 16;

    struct Stats
    {
        int listRequests = 0;
        int rounds = 0;
        int discovered = 0;
        int failures = 0;
    };
    struct Rules
    {
        qint64 intervalMs = 5000;
        // The oldest creation time a new task may have (following began, or N days ago).
        std::function<qint64(qint64 nowMs)> windowStartMs;
        // A task already on the board, or one the user removed: never reported.
        std::function<bool(const QString& taskId)> isKnown;
    };

    AccountFollower(VideoApi* api, Poller* poller, QObject* parent = nullptr);

    // Starts at once with a first round. Tasks without a creation time that the first round sees
    // are taken to be older than following (the window cannot place them).
    void start(const Rules& rules);
    void stop();
    bool isFollowing() const { return m_following; }
    void setIntervalMs(qint64 intervalMs);
    Stats stats() const { return m_stats; }
    // Tasks discovered() reported that could not be kept (the store refused them): found again later.
    void forget(const QStringList& taskIds);

signals:
    // New tasks of the account, oldest first.
    void discovered(const QList<Reelwatch::VideoTask>& tasks);
    // Every page read, known tasks included: the poller refreshes its tasks from it.
    void pageRead(const QList<Reelwatch::VideoTask>& tasks);
    // The server's answers ended following (no list route, or listing refused for this key).
    void stopped(const QString& reason);

private:
    void scheduleRound(qint64 inMs);
    void round();
    void sendPage(const QString& cursor);
    void onPage(const ListResult& page);
    void continueWalk();
    void reportFound();
    void finishRound(bool succeeded);
    void end(const QString& reason);

    VideoApi* m_api;
    Poller* m_poller;
    Rules m_rules;
    bool m_following = false;
    bool m_inFlight = false;
    bool m_firstRound = true;
    bool m_listWorked = false; // a page has been read: a 401 from now on is about the key
    int m_pagesThisRound = 0;
    int m_failuresInARow = 0;
    QList<VideoTask> m_found; // the page's new tasks, newest first
    QString m_walkCursor; // the next older page of the walk under way; empty between walks
    QString m_pendingCursor; // where a walk stopped by the page cap goes on, after the next newest page
    bool m_resuming = false; // this round goes on with the pending walk
    QSet<QString> m_seenThisRound; // pages shift while new renders start: seen again is not "known"
    QSet<QString> m_reported; // reported already (the caller's isKnown may lag behind)
    QSet<QString> m_undatedAtStart; // tasks without a time that were there when following began
    QTimer m_timer; // the next round
    QTimer m_walkTimer; // the next page of a walk, once the request budget allows
    Stats m_stats;
};

} // namespace Reelwatch

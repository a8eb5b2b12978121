#include "accountfollower.h"

#include "core/responseinterpreter.h"
#include "poller.h"
#include "videoapi.h"

#include <algorithm>
#include <QDateTime>
#include <utility>

namespace Reelwatch {

AccountFollower::AccountFollower(VideoApi* api, Poller* poller, QObject* parent)
    : QObject(parent)
    , m_api(api)
    , m_poller(poller)
{
    for (QTimer* timer : {&m_timer, &m_walkTimer}) {
        timer->setSingleShot(true);
        timer->setTimerType(Qt::CoarseTimer);
    }
    connect(&m_timer, &QTimer::timeout, this, &AccountFollower::round);
    connect(&m_walkTimer, &QTimer::timeout, this, &AccountFollower::continueWalk);
    // A profile that could not send (offline, paused, refused key) follows again once it can: a walk
    // under way goes on where it was, otherwise a round starts.
    connect(m_poller, &Poller::stateChanged, this, [this](ProfileState state) {
        if (!m_following || m_inFlight || state != ProfileState::Polling)
            return;
        if (!m_walkCursor.isEmpty()) {
            if (!m_walkTimer.isActive())
                continueWalk();
        } else if (!m_timer.isActive()) {
            scheduleRound(0);
        }
    });
}

void AccountFollower::start(const Rules& rules)
{
    m_rules = rules;
    m_following = true;
    m_firstRound = true;
    m_failuresInARow = 0;
    m_walkCursor.clear();
    m_pendingCursor.clear();
    m_reported.clear();
    m_undatedAtStart.clear();
    scheduleRound(0);
}

void AccountFollower::stop()
{
    m_following = false;
    m_timer.stop();
    m_walkTimer.stop();
    m_found.clear();
    m_walkCursor.clear();
    m_pendingCursor.clear();
}

void AccountFollower::setIntervalMs(qint64 intervalMs)
{
    m_rules.intervalMs = intervalMs;
}

void AccountFollower::forget(const QStringList& taskIds)
{
    for (const QString& id : taskIds)
        m_reported.remove(id);
}

void AccountFollower::scheduleRound(qint64 inMs)
{
    if (!m_following)
        return;
    m_timer.start(int(std::clamp<qint64>(inMs, 0, 24LL * 3600 * 1000)));
}

void AccountFollower::round()
{
    if (!m_following || m_inFlight)
        return;
    if (!m_walkCursor.isEmpty()) {
        continueWalk(); // a walk waiting for the budget is not started over
        return;
    }
    if (!m_poller->claimRequest()) {
        // Within the profile's budget and pauses; none at all while it cannot send.
        if (const std::optional<qint64> wait = m_poller->msUntilRequestPossible())
            scheduleRound(std::max<qint64>(*wait, 50));
        return;
    }
    ++m_stats.rounds;
    m_pagesThisRound = 0;
    m_resuming = false;
    m_seenThisRound.clear();
    m_found.clear();
    sendPage(QString());
}

void AccountFollower::continueWalk()
{
    if (!m_following || m_inFlight || m_walkCursor.isEmpty())
        return;
    if (!m_poller->claimRequest()) {
        // No wait at all while the profile cannot send: its state change resumes the walk.
        if (const std::optional<qint64> wait = m_poller->msUntilRequestPossible())
            m_walkTimer.start(int(std::clamp<qint64>(*wait, 50, 24LL * 3600 * 1000)));
        return;
    }
    sendPage(m_walkCursor);
}

void AccountFollower::sendPage(const QString& cursor)
{
    ++m_stats.listRequests;
    ++m_pagesThisRound;
    m_inFlight = true;
    m_api->fetchList(kPageSize, cursor, this, [this](const ListResult& page) { onPage(page); });
}

void AccountFollower::onPage(const ListResult& page)
{
    m_inFlight = false;
    if (!m_following)
        return;
    const bool headPage = m_walkCursor.isEmpty();
    if (!page.isList) {
        ++m_stats.failures;
        const ApiError& error = page.failure.error;
        switch (error.kind) {
        case ErrorKind::RateLimited:
            m_poller->recordProfileError(page.failure); // Retry-After holds for the whole profile
            finishRound(false);
            return;
        case ErrorKind::Unauthorized:
            // Some gateways refuse only the list route: until a page has been read, a 401 or 403
            // here says "no listing for this key", not "a bad key" (the status requests decide that).
            if (page.failure.httpStatus == 403 || !m_listWorked) {
                end(tr("the server does not let this key list the account's tasks (HTTP %1)")
                        .arg(page.failure.httpStatus ? page.failure.httpStatus : 401));
                return;
            }
            m_poller->recordProfileError(page.failure); // the profile stops until the key changes
            finishRound(false);
            return;
        case ErrorKind::ServerError:
        case ErrorKind::Timeout:
        case ErrorKind::Network:
            // A walk goes on from where it was at the next round.
            finishRound(false);
            return;
        default:
            if (!headPage) {
                // An older page went wrong (a cursor the server has forgotten): the walk is given up,
                // following is not; the next round starts from the newest page.
                m_walkCursor.clear();
                m_pendingCursor.clear();
                finishRound(false);
                return;
            }
            end(page.failure.httpStatus
                    ? tr("the server has no list of the account's tasks here (HTTP %1)").arg(page.failure.httpStatus)
                    : tr("the server's answer to the list of tasks could not be read"));
            return;
        }
    }
    m_listWorked = true;
    emit pageRead(page.tasks);
    const qint64 windowStart = m_rules.windowStartMs ? m_rules.windowStartMs(QDateTime::currentMSecsSinceEpoch()) : 0;
    bool reachedKnown = false;
    bool reachedWindowStart = false;
    for (const VideoTask& task : page.tasks) {
        if (task.id.isEmpty() || m_seenThisRound.contains(task.id))
            continue; // pages shifted by a render started meanwhile
        m_seenThisRound.insert(task.id);
        if (m_reported.contains(task.id) || (m_rules.isKnown && m_rules.isKnown(task.id))) {
            // The first round walks the whole window: tasks added by hand do not end it.
            if (!m_firstRound)
                reachedKnown = true;
            continue;
        }
        if (task.createdAt) {
            // Creation times are whole seconds: one started in the second following began counts.
            if (*task.createdAt < windowStart / 1000) {
                reachedWindowStart = true;
                continue;
            }
        } else if (m_firstRound) {
            // Nothing says when it started: taken to be older than following, as are the ones after it.
            m_undatedAtStart.insert(task.id);
            reachedWindowStart = true;
            continue;
        } else if (m_undatedAtStart.contains(task.id)) {
            reachedKnown = true;
            continue;
        }
        m_found << task;
        m_reported.insert(task.id);
    }
    // What this page found is on the board at once, not after the whole walk.
    reportFound();
    const bool walkOn = !reachedKnown && !reachedWindowStart && page.hasMore && !page.lastId.isEmpty();
    if (walkOn && m_pagesThisRound < kMaxPagesPerRound) {
        // Older pages until known tasks or the window's start, within the profile's request budget:
        // waiting for a token continues the walk, it does not start over from the newest page.
        m_walkCursor = page.lastId;
        continueWalk();
        return;
    }
    m_walkCursor.clear();
    if (walkOn) {
        m_pendingCursor = page.lastId; // the page cap: the rest in the next round
    } else if (!m_resuming && !m_pendingCursor.isEmpty()) {
        // The newest pages are read; a walk the cap cut short earlier goes on now.
        m_resuming = true;
        m_pagesThisRound = 0;
        m_walkCursor = std::exchange(m_pendingCursor, QString());
        continueWalk();
        return;
    }
    finishRound(true);
}

void AccountFollower::reportFound()
{
    if (m_found.isEmpty())
        return;
    QList<VideoTask> oldestFirst(m_found.crbegin(), m_found.crend());
    m_found.clear();
    m_stats.discovered += int(oldestFirst.size());
    emit discovered(oldestFirst);
}

void AccountFollower::finishRound(bool succeeded)
{
    reportFound();
    if (succeeded) {
        m_firstRound = false;
        m_failuresInARow = 0;
        scheduleRound(m_rules.intervalMs);
        return;
    }
    // The poller's own pause (Retry-After) comes on top: round() waits for it.
    m_failuresInARow = std::min(m_failuresInARow + 1, 8);
    const qint64 backoff
        = std::min<qint64>(m_rules.intervalMs << m_failuresInARow, m_rules.intervalMs * kMaxBackoffIntervals);
    scheduleRound(backoff);
}

void AccountFollower::end(const QString& reason)
{
    stop();
    emit stopped(reason);
}

} // namespace Reelwatch

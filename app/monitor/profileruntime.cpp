#include "profileruntime.h"

#include "net/accountfollower.h"
#include "net/connectivity.h"
#include "net/videoapi.h"
#include "store/store.h"
#include "store/storerecorder.h"

#include <QDateTime>

namespace Reelwatch {

ProfileRuntime::ProfileRuntime(QNetworkAccessManager* network, Connectivity* connectivity, const Options& options,
                               QObject* parent)
    : QObject(parent)
    , m_limits(PollLimits::forServer(options.endpoint.baseUrl()))
    , m_api(std::make_unique<VideoApi>(network, options.endpoint, QByteArray()))
    , m_poller(std::make_unique<Poller>(m_api.get(), options.poll.clamped(m_limits)))
    , m_store(options.store)
    , m_profileId(options.profileId)
{
    m_api->setTimeoutMs(options.timeoutMs);
    if (m_api->provider().capabilities().listRoute) {
        m_follower = std::make_unique<AccountFollower>(m_api.get(), m_poller.get());
        connect(m_follower.get(), &AccountFollower::discovered, this, &ProfileRuntime::addFollowed);
        connect(m_follower.get(), &AccountFollower::stopped, this, &ProfileRuntime::followingStopped);
        // A page read for following refreshes the tasks on it too: no status request for those.
        connect(m_follower.get(), &AccountFollower::pageRead, m_poller.get(), &Poller::acceptListed);
    }
    // The recorder hears of a change before anyone who might read the store because of it.
    if (options.store) {
        m_recorder = std::make_unique<StoreRecorder>(options.store, options.profileId);
        connect(m_poller.get(), &Poller::taskUpdated, m_recorder.get(), &StoreRecorder::record);
        connect(m_recorder.get(), &StoreRecorder::writeFailed, this, &ProfileRuntime::writeFailed);
    }
    connect(m_poller.get(), &Poller::taskUpdated, this, &ProfileRuntime::taskUpdated);
    connect(m_poller.get(), &Poller::confirmed, this, [this](const QStringList& taskIds) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (m_recorder)
            m_recorder->recordChecked(taskIds, now);
        emit tasksConfirmed(taskIds, now);
    });
    connect(m_poller.get(), &Poller::stateChanged, this, &ProfileRuntime::stateChanged);
    // Pause while the machine is offline and catch up on reconnect; a loopback server is always there.
    if (connectivity && !ApiEndpoint::isLoopbackHost(options.endpoint.baseUrl().host())) {
        m_poller->setOnline(connectivity->isOnline());
        connect(connectivity, &Connectivity::onlineChanged, m_poller.get(), &Poller::setOnline);
    }
}

ProfileRuntime::~ProfileRuntime()
{
    // The recorder flushes on destruction, and must go before the poller that feeds it.
    m_follower.reset();
    m_recorder.reset();
    m_poller.reset();
    m_api.reset();
}

const ApiEndpoint& ProfileRuntime::endpoint() const
{
    return m_api->endpoint();
}

void ProfileRuntime::setSecret(const QByteArray& secret)
{
    m_secret = secret;
    m_api->setSecret(secret);
    m_poller->keyChanged();
}

void ProfileRuntime::setPollSettings(const PollSettings& settings)
{
    m_poller->setSettings(settings.clamped(m_limits));
    if (m_follower)
        m_follower->setIntervalMs(m_poller->settings().baseIntervalMs);
}

void ProfileRuntime::noteRemoved(const QString& taskId)
{
    m_known.insert(taskId); // following does not bring it back
}

bool ProfileRuntime::flush()
{
    return !m_recorder || m_recorder->flush();
}

bool ProfileRuntime::startFollowing(qint64 intervalMs, std::function<qint64(qint64)> windowStartMs, QString* why)
{
    if (!m_follower) {
        *why = tr("%1 cannot list an account's tasks").arg(m_api->provider().name());
        return false;
    }
    m_known.clear();
    if (m_store) {
        m_known = m_store->taskIds(m_profileId);
        m_known.unite(m_store->dismissedTaskIds(m_profileId));
    }
    AccountFollower::Rules rules;
    rules.intervalMs = m_poller->settings().baseIntervalMs;
    if (intervalMs > 0)
        rules.intervalMs = intervalMs;
    rules.windowStartMs = std::move(windowStartMs);
    rules.isKnown = [this](const QString& taskId) {
        return m_known.contains(taskId) || m_poller->schedule().task(taskId) != nullptr;
    };
    m_follower->start(rules);
    return true;
}

void ProfileRuntime::stopFollowing()
{
    if (m_follower)
        m_follower->stop();
}

bool ProfileRuntime::isFollowing() const
{
    return m_follower && m_follower->isFollowing();
}

void ProfileRuntime::addFollowed(const QList<VideoTask>& tasks)
{
    QList<VideoTask> added;
    if (m_store) {
        QStringList ids;
        for (const VideoTask& task : tasks)
            ids << task.id;
        QString error;
        const std::optional<Store::AddOutcome> outcome
            = m_store->addTasks(m_profileId, ids, QString(), Store::TaskSource::Followed, &error);
        if (!outcome) {
            m_follower->forget(ids); // found again at the next round: they are not known yet
            emit writeFailed(error);
            return;
        }
        const QSet<QString> stored(outcome->added.cbegin(), outcome->added.cend());
        for (const VideoTask& task : tasks) {
            if (stored.contains(task.id))
                added << task;
        }
    } else {
        added = tasks;
    }
    for (const VideoTask& task : std::as_const(added)) {
        m_known.insert(task.id);
        // What the list said is the task's first state: stored and shown at once, polled from there.
        TaskUpdate update;
        update.taskId = task.id;
        update.task = task;
        update.httpStatus = 200;
        update.viaList = true;
        update.outcome.known = true;
        update.outcome.statusChanged = true;
        update.outcome.previousStatus = std::nullopt;
        if (m_recorder)
            m_recorder->record(update);
        m_poller->addTask(task.id, task);
    }
    // The list's answer counts as this interval's check: they are asked again a base interval from
    // now, not all at once, which would starve the rest of the walk of requests.
    m_poller->acceptListed(added);
    if (m_recorder)
        m_recorder->flush();
    if (!added.isEmpty())
        emit tasksFollowed(added);
}

} // namespace Reelwatch

#pragma once

#include "core/apiendpoint.h"
#include "core/pollsettings.h"
#include "core/taskupdate.h"
#include "net/poller.h"

#include <functional>
#include <memory>
#include <QObject>
#include <QSet>

class QNetworkAccessManager;

namespace Reelwatch {

class AccountFollower;
class Connectivity;
class Store;
class StoreRecorder;
class VideoApi;

// One profile's polling engine, the same for the window and for `reelwatch watch`: the API client,
// a poller whose settings are inside the limits for its server (PollLimits), pausing while the
// machine is offline (never for a loopback server), and for a stored profile the recorder that
// writes every change into the task database in batches.
class ProfileRuntime : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        ApiEndpoint endpoint;
        PollSettings poll;
        int timeoutMs = 30000;
        // Record into this profile's tasks when set; ad-hoc command-line runs record nothing.
        Store* store = nullptr;
        qint64 profileId = 0;
    };

    // `connectivity` may be null (then the machine is taken to be online).
    ProfileRuntime(QNetworkAccessManager* network, Connectivity* connectivity, const Options& options,
                   QObject* parent = nullptr);
    // What the recorder still holds is written first; requests in flight end with the client.
    ~ProfileRuntime() override;

    VideoApi* api() const { return m_api.get(); }
    Poller* poller() const { return m_poller.get(); }
    const ApiEndpoint& endpoint() const;
    const QByteArray& secret() const { return m_secret; }
    bool hasSecret() const { return !m_secret.isEmpty(); }

    // Polls with this key from now on; a profile the server had refused polls again.
    void setSecret(const QByteArray& secret);
    // Applied in place, keeping the poller's waits and backoffs (a server's Retry-After among them).
    void setPollSettings(const PollSettings& settings);
    // Writes what the recorder holds now, so a read of the store that follows sees the latest answers.
    bool flush();

    // Follows the account (AccountFollower): renders started elsewhere are added to the poller and,
    // for a stored profile, to the store as followed tasks; none the store has, or the user removed,
    // comes back. False with the reason where the provider cannot list an account's tasks.
    bool startFollowing(qint64 intervalMs, std::function<qint64(qint64 nowMs)> windowStartMs, QString* why);
    void stopFollowing();
    bool isFollowing() const;
    // The user removed this task: following must not add it again.
    void noteRemoved(const QString& taskId);
    // Null where the provider has no list route.
    AccountFollower* follower() const { return m_follower.get(); }

signals:
    // Every change the poller reports, after the recorder has been given it.
    void taskUpdated(const Reelwatch::TaskUpdate& update);
    // Good answers confirmed these tasks' states at `atMs` (ms since the epoch), changed or not.
    void tasksConfirmed(const QStringList& taskIds, qint64 atMs);
    void stateChanged(Reelwatch::ProfileState state);
    // The task database refused a batch; the recorder keeps it and tries again.
    void writeFailed(const QString& message);
    // Tasks found by following, now polled (and stored), oldest first, as the list gave them.
    void tasksFollowed(const QList<Reelwatch::VideoTask>& tasks);
    // The server's answers ended following (no list route, listing refused for this key).
    void followingStopped(const QString& reason);

private:
    PollLimits m_limits;
    QByteArray m_secret;
    std::unique_ptr<VideoApi> m_api;
    std::unique_ptr<Poller> m_poller;
    std::unique_ptr<StoreRecorder> m_recorder;
    std::unique_ptr<AccountFollower> m_follower;
    Store* m_store = nullptr;
    qint64 m_profileId = 0;
    QSet<QString> m_known; // on the board or removed by the user: never followed again

    void addFollowed(const QList<VideoTask>& tasks);
};

} // namespace Reelwatch

#pragma once

#include "core/taskupdate.h"
#include "net/downloader.h"
#include "net/poller.h"
#include "store/storetypes.h"

#include <functional>
#include <memory>
#include <QHash>
#include <QObject>

class QNetworkAccessManager;

namespace Reelwatch {

class Connectivity;
class ProfileRuntime;
class ProviderRegistry;
class SecretStore;
class Store;
class VideoApi;

// The profiles the window polls and the key of each: their settings in the store, their keys from
// the environment, the keychain or this session, and one ProfileRuntime per profile that polls its
// unfinished, unarchived tasks once it has a key. Every change goes to the store first and takes
// effect at once.
class ProfileManager : public QObject
{
    Q_OBJECT

public:
    enum class KeySource
    {
        Pending, // still asking the keychain
        Keychain,
        Environment, // REELWATCH_API_KEY / REELWATCH_TOKEN override the keychain
        Session, // entered for this session only, held in memory
        Missing, // the keychain works but has no key for this profile
        Unavailable, // no keychain, or it refused
    };

    ProfileManager(Store* store, SecretStore* secrets, const ProviderRegistry* providers,
                   QNetworkAccessManager* network, Connectivity* connectivity, QObject* parent = nullptr);
    ~ProfileManager() override;

    // Loads the profiles, asks for their keys, and starts polling each profile with a key.
    void start();

    QList<Profile> profiles() const { return m_profiles; }
    std::optional<Profile> profile(qint64 profileId) const;
    qint64 defaultProfileId() const;

    // Each returns false (or nullopt) with the reason and changes nothing on failure. A new profile has
    // no key yet: it polls once one is stored or entered for the session.
    // `providerId` must be in the registry; an empty `baseUrl` takes the provider's public address.
    std::optional<Profile> addProfile(const QString& name, const QString& providerId, const QString& baseUrl,
                                      AuthMode authMode, const PollSettings& poll, QString* error);
    // A new server or auth mode rebuilds the profile's runtime (its tasks and key stay); new poll
    // settings apply to the running poller, keeping its waits and backoffs.
    bool updateProfile(const Profile& profile, QString* error);
    // Its tasks and its stored key go too. The last profile cannot be removed.
    bool removeProfile(qint64 profileId, QString* error);
    bool setDefaultProfile(qint64 profileId, QString* error);

    KeySource keySource(qint64 profileId) const;
    // Why a profile has no usable key, as one plain sentence (a keyring's SecretResult::message).
    QString keyProblem(qint64 profileId) const;
    // Whether stored keys go to the system keychain; otherwise (the demo) they are held in memory for
    // this session, and the window says so.
    bool keysInSystemKeychain() const;
    bool isPolling(qint64 profileId) const { return hasKey(keySource(profileId)); }
    // A key for this session only: used at once, never written anywhere.
    void useSessionKey(qint64 profileId, const QByteArray& secret);
    // Saves the key in the keychain and, once it is there, polls with it. `done` runs on `context`.
    void storeKey(qint64 profileId, const QByteArray& secret, QObject* context,
                  std::function<void(bool ok, const QString& problem)> done);
    // The key the profile polls with; empty when it has none.
    QByteArray secret(qint64 profileId) const;

    // A download of this succeeded task's asset with the key the profile polls with, ready to be given a
    // target; nullopt with the reason otherwise.
    std::optional<Downloader::Request> downloadRequest(const StoredTask& task, const QString& variant,
                                                       QString* error) const;

    // The profile's engine; null for an unknown profile.
    ProfileRuntime* runtime(qint64 profileId) const;
    Poller* poller(qint64 profileId) const;
    VideoApi* api(qint64 profileId) const;

    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    // The earliest next poll over all profiles, and the most telling profile state.
    std::optional<qint64> msUntilNextPoll() const;
    // How fresh the profiles keep their tasks, put together: the first passes added up (the time left
    // is the longest), and of the profiles whose request budget sets the pace, the slowest.
    Poller::Freshness freshness() const;
    // A task of this profile whose state was not confirmed for this long is shown as stale.
    qint64 staleAfterMs(qint64 profileId) const;
    ProfileState overallState() const;
    // The longest wait a rate-limited profile's server asked for beyond PollSchedule::kMaxRetryAfterMs
    // (the profile waits the cap); nullopt when no profile waits on such a request.
    std::optional<qint64> rateLimitWaitCutFromMs() const;

signals:
    void taskUpdated(qint64 profileId, const Reelwatch::TaskUpdate& update);
    // Good answers confirmed these tasks' states at `atMs` (ms since the epoch).
    void tasksConfirmed(qint64 profileId, const QStringList& taskIds, qint64 atMs);
    void keyStateChanged(qint64 profileId);
    void stateChanged();
    void storeWriteFailed(const QString& message);
    // A profile was added, changed, removed, or became the default.
    void profilesChanged();
    // The profile and its tasks are gone (sent before profilesChanged()).
    void profileRemoved(qint64 profileId);
    // Following the profile's account found these tasks; they are stored and polled now.
    void tasksFollowed(qint64 profileId, const QList<Reelwatch::VideoTask>& tasks);
    // Following was turned off (and saved so) because of the server's answers; the reason in words.
    void followingStopped(qint64 profileId, const QString& reason);

private:
    struct Entry;

    static bool hasKey(KeySource source);
    Entry* entryFor(qint64 profileId) const; // null for an unknown profile
    std::shared_ptr<Entry> buildEntry(const Profile& profile);
    void replaceRuntime(const Profile& profile);
    // Re-reads the profile list (names, default flag) into every entry.
    void reloadProfiles();
    void requestKey(const std::shared_ptr<Entry>& entry);
    // Switches a profile to `secret`: starts polling, or carries on with the new key.
    void useKey(Entry& entry, const QByteArray& secret, KeySource source);
    void startPolling(Entry& entry, const QByteArray& secret);
    // Follows the account or stops, as the profile says now (only with a key).
    void applyFollowing(Entry& entry);
    void turnFollowingOff(qint64 profileId, const QString& reason);

    Store* m_store;
    SecretStore* m_secrets;
    const ProviderRegistry* m_providers;
    QNetworkAccessManager* m_network;
    Connectivity* m_connectivity;
    QList<Profile> m_profiles;
    QHash<qint64, std::shared_ptr<Entry>> m_entries;
    bool m_paused = false;
};

} // namespace Reelwatch

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
class DownloadCenter;
class SecretStore;
class Store;
class StoreRecorder;
class VideoApi;

// What "Test connection" found out, in words for the settings dialog.
struct ConnectionTestResult
{
    bool connected = false; // the server answered as the video API and did not refuse the key
    QString message; // for people; never contains the key
};

// Keeps every profile's stored tasks current, for the window: per profile one API client, one
// poller and one recorder, all on one QNetworkAccessManager. Tasks come from the store at start and
// every change goes back into it, so the window and the CLI share one truth.
class Monitor : public QObject
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

    Monitor(Store* store, SecretStore* secrets, QObject* parent = nullptr);
    ~Monitor() override;

    // Loads profiles and tasks, asks for the keys, and starts polling each profile with a key.
    void start();

    QList<Profile> profiles() const { return m_profiles; }
    std::optional<Profile> profile(qint64 profileId) const;
    qint64 defaultProfileId() const;

    // Profile management while running. Every change goes to the store first and takes effect at
    // once; each returns false (or nullopt) with the reason and changes nothing on failure.
    // A new profile has no key yet: it polls once one is stored or entered for the session.
    std::optional<Profile> addProfile(const QString& name, const QString& baseUrl, AuthMode authMode,
                                      const PollSettings& poll, QString* error);
    // A new server or auth mode rebuilds the profile's client and poller (its tasks and key stay);
    // new poll settings apply to the running poller, keeping its waits and backoffs.
    bool updateProfile(const Profile& profile, QString* error);
    // Its tasks and its stored key go too. The last profile cannot be removed.
    bool removeProfile(qint64 profileId, QString* error);
    bool setDefaultProfile(qint64 profileId, QString* error);

    // Sends one status request to `baseUrl` with `secret` (or, when that is empty and the auth mode
    // is the profile's, the key the profile polls with): for the profile's latest polled task, or
    // for an ID no server has. `done` runs once, later, on `context`, unless `context` is gone.
    void testConnection(qint64 profileId, const QString& baseUrl, AuthMode authMode, const QByteArray& secret,
                        QObject* context, std::function<void(const ConnectionTestResult&)> done);
    // The words for one test answer; `knownTask` says whether the ID was a real task of the profile.
    static ConnectionTestResult describeConnectionTest(const FetchResult& result, bool knownTask, bool sentKey);
    static constexpr const char* kConnectionTestId = "video_reelwatch_connection_test";
    void setConnectionTestTimeoutMs(int timeoutMs) { m_connectionTestTimeoutMs = timeoutMs; }
    QList<StoredTask> storedTasks() const;

    // Adds valid IDs to the store and starts polling them; returns false with the reason.
    bool addTasks(qint64 profileId, const QStringList& taskIds, const QString& label, QStringList* added,
                  QString* error);
    bool removeTasks(qint64 profileId, const QStringList& taskIds, QString* error);
    void refreshAll();
    // Asks now for these tasks. Tasks given up on (not found twice, say) get a fresh start, since the
    // person asking may know the server has them by now.
    void refreshTasks(qint64 profileId, const QStringList& taskIds);
    // Archived tasks stay in the store but are not polled; unarchived ones pick up where they were.
    bool setArchived(qint64 profileId, const QStringList& taskIds, bool archived, QString* error);
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    KeySource keySource(qint64 profileId) const;
    QString keyProblem(qint64 profileId) const;
    // A key for this session only: used at once, never written anywhere.
    void useSessionKey(qint64 profileId, const QByteArray& secret);
    // Saves the key in the keychain and, once it is there, polls with it. `done` runs on `context`.
    void storeKey(qint64 profileId, const QByteArray& secret, QObject* context,
                  std::function<void(bool ok, const QString& problem)> done);

    // A download of the task's result with the key the profile polls with, ready to be given a target
    // and started; nullopt with the reason (no key, not finished, unknown task) otherwise.
    std::optional<Downloader::Request> downloadRequest(qint64 profileId, const QString& taskId, const QString& variant,
                                                       QString* error) const;

    // The window's and the tray's downloads.
    DownloadCenter* downloads() const { return m_downloads; }

    Poller* poller(qint64 profileId) const;
    // The profile's API client (for one-off requests such as thumbnails); null for an unknown profile.
    VideoApi* api(qint64 profileId) const;
    // The task database the monitor records into, for reads the window needs (history, labels).
    Store* store() const { return m_store; }
    // Writes what the profile's recorder still holds (it writes in batches), so a read of the store
    // that follows sees the latest answers.
    void flushRecorded(qint64 profileId) const;
    QNetworkAccessManager* network() const { return m_network; }
    // The earliest next poll over all profiles, and the most telling profile state.
    std::optional<qint64> msUntilNextPoll() const;
    ProfileState overallState() const;

signals:
    void taskUpdated(qint64 profileId, const Reelwatch::TaskUpdate& update);
    void tasksAdded(qint64 profileId, const QStringList& taskIds);
    void keyStateChanged(qint64 profileId);
    void stateChanged();
    void storeWriteFailed(const QString& message);
    // A profile was added, changed, removed, or became the default.
    void profilesChanged();
    // The profile and its tasks are gone (sent before profilesChanged()).
    void profileRemoved(qint64 profileId);

private:
    struct Runtime;

    static bool hasKey(KeySource source);
    Runtime* runtimeFor(qint64 profileId) const; // null for an unknown profile
    std::shared_ptr<Runtime> buildRuntime(const Profile& profile);
    void replaceRuntime(const Profile& profile);
    // Re-reads the profile list (names, default flag) into every runtime.
    void reloadProfiles();
    void requestKey(const std::shared_ptr<Runtime>& runtime);
    // Switches a profile to `secret`: starts polling, or carries on with the new key.
    void useKey(Runtime& runtime, const QByteArray& secret, KeySource source);
    void startPolling(Runtime& runtime, const QByteArray& secret);

    Store* m_store;
    SecretStore* m_secrets;
    QNetworkAccessManager* m_network;
    Connectivity* m_connectivity = nullptr;
    DownloadCenter* m_downloads;
    QList<Profile> m_profiles;
    QHash<qint64, std::shared_ptr<Runtime>> m_runtimes;
    bool m_paused = false;
    int m_connectionTestTimeoutMs = 15000;
};

} // namespace Reelwatch

#pragma once

#include "core/taskupdate.h"
#include "net/poller.h"
#include "store/storetypes.h"

#include <functional>
#include <memory>
#include <QHash>
#include <QObject>

class QNetworkAccessManager;

namespace Reelwatch {

class SecretStore;
class Store;
class StoreRecorder;
class VideoApi;

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
    QList<StoredTask> storedTasks() const;

    // Adds valid IDs to the store and starts polling them; returns false with the reason.
    bool addTasks(qint64 profileId, const QStringList& taskIds, const QString& label, QStringList* added,
                  QString* error);
    bool removeTasks(qint64 profileId, const QStringList& taskIds, QString* error);
    void refreshAll();
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    KeySource keySource(qint64 profileId) const;
    QString keyProblem(qint64 profileId) const;
    // A key for this session only: used at once, never written anywhere.
    void useSessionKey(qint64 profileId, const QByteArray& secret);
    // Saves the key in the keychain and, once it is there, polls with it. `done` runs on `context`.
    void storeKey(qint64 profileId, const QByteArray& secret, QObject* context,
                  std::function<void(bool ok, const QString& problem)> done);

    Poller* poller(qint64 profileId) const;
    // The profile's API client (for one-off requests such as thumbnails); null for an unknown profile.
    VideoApi* api(qint64 profileId) const;
    // The task database the monitor records into, for reads the window needs (history, labels).
    Store* store() const { return m_store; }
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

private:
    struct Runtime;

    static bool hasKey(KeySource source);
    void requestKey(Runtime& runtime);
    // Switches a profile to `secret`: starts polling, or carries on with the new key.
    void useKey(Runtime& runtime, const QByteArray& secret, KeySource source);
    void startPolling(Runtime& runtime, const QByteArray& secret);

    Store* m_store;
    SecretStore* m_secrets;
    QNetworkAccessManager* m_network;
    QList<Profile> m_profiles;
    QHash<qint64, std::shared_ptr<Runtime>> m_runtimes;
    bool m_paused = false;
};

} // namespace Reelwatch

#pragma once

#include <memory>
#include <QObject>

class QNetworkAccessManager;

namespace Reelwatch {

class ConnectionTester;
class Connectivity;
class DownloadCenter;
class ProfileManager;
class ProviderRegistry;
class SecretStore;
class Store;
class StoreWatcher;
class TaskService;

// The engine behind the window, assembled once: one QNetworkAccessManager (connection reuse) and one
// view of the network's state for all of it; the profiles and their keys; the tasks, changed only
// through TaskService; "Test connection"; and the downloads. Tasks come from the store at start and
// every change goes back into it, so the window and the CLI share one truth.
class Monitor : public QObject
{
    Q_OBJECT

public:
    // The providers are the built-in ones and those installed in ProviderRegistry::defaultInstalledFolder().
    Monitor(Store* store, SecretStore* secrets, QObject* parent = nullptr);
    ~Monitor() override;

    // Loads profiles and tasks, asks for the keys, and starts polling each profile with a key; from
    // then on tasks another process adds, removes or relabels in the store reach the board and the
    // pollers within StoreWatcher::kDefaultIntervalMs.
    void start();

    ProviderRegistry* providers() const { return m_providers.get(); }
    ProfileManager* profiles() const { return m_profiles; }
    TaskService* tasks() const { return m_tasks; }
    ConnectionTester* connectionTester() const { return m_connectionTester; }
    DownloadCenter* downloads() const { return m_downloads; }
    StoreWatcher* storeWatcher() const { return m_storeWatcher; }
    QNetworkAccessManager* network() const { return m_network; }

private:
    std::unique_ptr<ProviderRegistry> m_providers;
    QNetworkAccessManager* m_network;
    Connectivity* m_connectivity;
    ProfileManager* m_profiles;
    TaskService* m_tasks;
    ConnectionTester* m_connectionTester;
    DownloadCenter* m_downloads;
    StoreWatcher* m_storeWatcher;
};

} // namespace Reelwatch

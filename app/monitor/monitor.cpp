#include "monitor.h"

#include "connectiontester.h"
#include "downloadcenter.h"
#include "net/connectivity.h"
#include "profilemanager.h"
#include "providers/providerregistry.h"
#include "store/storewatcher.h"
#include "taskservice.h"

#include <QNetworkAccessManager>

namespace Reelwatch {

Monitor::Monitor(Store* store, SecretStore* secrets, QObject* parent)
    : QObject(parent)
    , m_providers(std::make_unique<ProviderRegistry>(ProviderRegistry::defaultInstalledFolder()))
    , m_network(new QNetworkAccessManager(this))
    , m_connectivity(new Connectivity(this))
    , m_profiles(new ProfileManager(store, secrets, m_providers.get(), m_network, m_connectivity, this))
    , m_tasks(new TaskService(store, m_profiles, this))
    , m_connectionTester(new ConnectionTester(m_network, store, m_profiles, m_providers.get(), this))
    , m_downloads(new DownloadCenter(m_profiles, m_tasks, m_network, this))
    , m_storeWatcher(new StoreWatcher(store, this))
{
    connect(m_storeWatcher, &StoreWatcher::changedElsewhere, m_tasks, &TaskService::reloadFromStore);
}

Monitor::~Monitor()
{
    // Downloads first, then the profiles (whose recorders flush): both use the network manager, which
    // as the oldest child would otherwise go before them.
    delete m_storeWatcher;
    delete m_downloads;
    delete m_connectionTester;
    delete m_tasks;
    delete m_profiles;
}

void Monitor::start()
{
    m_profiles->start();
    m_storeWatcher->start();
}

} // namespace Reelwatch

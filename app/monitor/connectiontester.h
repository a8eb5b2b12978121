#pragma once

#include "core/apiendpoint.h"
#include "core/fetchresult.h"

#include <functional>
#include <QObject>

class QNetworkAccessManager;

namespace Reelwatch {

class ProfileManager;
class ProviderRegistry;
class Store;

// What "Test connection" found out, in words for the settings dialog.
struct ConnectionTestResult
{
    bool connected = false; // the server answered as the video API and did not refuse the key
    QString message; // for people; never contains the key
};

// "Test connection": one status request to a server with a key, before or after it is saved, and what
// the answer means for the person setting the profile up.
class ConnectionTester : public QObject
{
    Q_OBJECT

public:
    ConnectionTester(QNetworkAccessManager* network, Store* store, ProfileManager* profiles,
                     const ProviderRegistry* providers, QObject* parent = nullptr);

    // Sends one status request to `baseUrl` (empty: the provider's public address) the way `providerId`
    // asks for it, with `secret` (or, when that is empty and provider and auth mode are the profile's,
    // the key the profile polls with): for the profile's latest polled task, or for the provider's
    // example ID, which no server has. `done` runs once, later, on `context`, unless `context` is gone.
    void test(qint64 profileId, const QString& providerId, const QString& baseUrl, AuthMode authMode,
              const QByteArray& secret, QObject* context, std::function<void(const ConnectionTestResult&)> done);
    // The words for one test answer; `knownTask` says whether the ID was a real task of the profile.
    static ConnectionTestResult describe(const FetchResult& result, bool knownTask, bool sentKey);
    void setTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }

private:
    QNetworkAccessManager* m_network;
    Store* m_store;
    ProfileManager* m_profiles;
    const ProviderRegistry* m_providers;
    int m_timeoutMs = 15000;
};

} // namespace Reelwatch

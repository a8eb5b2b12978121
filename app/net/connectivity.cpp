#include "connectivity.h"

#include <QNetworkInformation>

namespace Reelwatch {

namespace {

bool isOnlineReachability(QNetworkInformation::Reachability reachability)
{
    // "Unknown" is not evidence of being offline; only a definite "Disconnected" pauses polling.
    return reachability != QNetworkInformation::Reachability::Disconnected;
}

} // namespace

Connectivity::Connectivity(QObject* parent)
    : QObject(parent)
{
    if (!QNetworkInformation::instance()
        && !QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability))
        return;
    QNetworkInformation* information = QNetworkInformation::instance();
    if (!information)
        return;
    m_hasBackend = true;
    m_online = isOnlineReachability(information->reachability());
    connect(information, &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability reachability) {
                const bool online = isOnlineReachability(reachability);
                if (online != m_online) {
                    m_online = online;
                    emit onlineChanged(online);
                }
            });
}

} // namespace Reelwatch

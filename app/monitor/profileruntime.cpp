#include "profileruntime.h"

#include "net/connectivity.h"
#include "net/videoapi.h"
#include "store/storerecorder.h"

namespace Reelwatch {

ProfileRuntime::ProfileRuntime(QNetworkAccessManager* network, Connectivity* connectivity, const Options& options,
                               QObject* parent)
    : QObject(parent)
    , m_limits(PollLimits::forServer(options.endpoint.baseUrl()))
    , m_api(std::make_unique<VideoApi>(network, options.endpoint, QByteArray()))
    , m_poller(std::make_unique<Poller>(m_api.get(), options.poll.clamped(m_limits)))
{
    m_api->setTimeoutMs(options.timeoutMs);
    // The recorder hears of a change before anyone who might read the store because of it.
    if (options.store) {
        m_recorder = std::make_unique<StoreRecorder>(options.store, options.profileId);
        connect(m_poller.get(), &Poller::taskUpdated, m_recorder.get(), &StoreRecorder::record);
        connect(m_recorder.get(), &StoreRecorder::writeFailed, this, &ProfileRuntime::writeFailed);
    }
    connect(m_poller.get(), &Poller::taskUpdated, this, &ProfileRuntime::taskUpdated);
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
}

bool ProfileRuntime::flush()
{
    return !m_recorder || m_recorder->flush();
}

} // namespace Reelwatch

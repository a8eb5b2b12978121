#include "connectiontester.h"

#include "core/secretredactor.h"
#include "core/statustext.h"
#include "net/videoapi.h"
#include "profilemanager.h"
#include "providers/providerregistry.h"
#include "store/store.h"

#include <QPointer>
#include <QTimer>

namespace Reelwatch {

ConnectionTester::ConnectionTester(QNetworkAccessManager* network, Store* store, ProfileManager* profiles,
                                   const ProviderRegistry* providers, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_store(store)
    , m_profiles(profiles)
    , m_providers(providers)
{ }

void ConnectionTester::test(qint64 profileId, const QString& providerId, const QString& baseUrl, AuthMode authMode,
                            const QByteArray& secret, QObject* context,
                            std::function<void(const ConnectionTestResult&)> done)
{
    const ProviderRegistry::EndpointOutcome endpoint = m_providers->endpoint(providerId, baseUrl, authMode);
    if (!endpoint.endpoint) {
        const ConnectionTestResult refused{false, tr("Not tested: %1").arg(endpoint.error)};
        QTimer::singleShot(0, context, [done = std::move(done), refused] { done(refused); });
        return;
    }
    QByteArray key = secret.trimmed();
    QString taskId;
    if (const std::optional<Profile> profile = m_profiles->profile(profileId)) {
        // The stored key belongs to the profile's provider and auth mode; a draft that changes either
        // is tested with what was typed, or with none.
        if (key.isEmpty() && profile->authMode == authMode && profile->providerId == providerId)
            key = m_profiles->secret(profileId);
        // The latest task still polled says the most: a real ID shows the status the user cares about.
        const QList<StoredTask> tasks = m_store->tasks(profileId, false);
        for (auto task = tasks.crbegin(); task != tasks.crend(); ++task) {
            if (!task->gaveUp && endpoint.endpoint->provider().checkId(task->taskId).valid) {
                taskId = task->taskId;
                break;
            }
        }
    }
    const bool knownTask = !taskId.isEmpty();
    if (!knownTask)
        taskId = endpoint.endpoint->provider().exampleTaskId();
    auto* api = new VideoApi(m_network, *endpoint.endpoint, key, this);
    api->setTimeoutMs(m_timeoutMs);
    QPointer<QObject> guard(context);
    const bool https = endpoint.endpoint->baseUrl().scheme() == QLatin1String("https");
    api->fetchStatus(taskId, api,
                     [api, guard, done = std::move(done), knownTask, key, https](const FetchResult& result) {
                         api->deleteLater();
                         if (!guard)
                             return;
                         ConnectionTestResult outcome = describe(result, knownTask, !key.isEmpty());
                         // A plain-http server hangs up on a TLS handshake without a word: say what it most likely
                         // means.
                         const TransportFailure transport = result.error.transport;
                         if (https && result.error.kind == ErrorKind::Network && transport == TransportFailure::Closed)
                             outcome.message += tr(" (does the server speak https on this port?)");
                         outcome.message = SecretRedactor::redact(outcome.message, key);
                         done(outcome);
                     });
}

ConnectionTestResult ConnectionTester::describe(const FetchResult& result, bool knownTask, bool sentKey)
{
    const QString id = result.requestedId;
    if (result.ok())
        return {true,
                tr("Connected: the status of %1 is %2")
                    .arg(id, StatusText::withRawWord(result.task->status, result.task->rawStatus))};
    const ApiError& error = result.error;
    const QString message = error.message();
    // The server's own words after ours, when it gave any.
    const auto withWords = [&error](const QString& text) {
        return error.serverMessage.isEmpty() ? text + QLatin1Char('.') : tr("%1: %2").arg(text, error.serverMessage);
    };
    const QString http = QString::number(error.httpStatus ? error.httpStatus : result.httpStatus);
    switch (error.kind) {
    case ErrorKind::NotFound:
        if (knownTask)
            return {true, tr("Connected: the key was accepted, but the server does not know %1 (%2)").arg(id, message)};
        return {true,
                sentKey ? tr("Connected: the server answered and accepted the key (the test ID does not exist, as "
                             "expected)")
                        : tr("Connected: the server answered without asking for a key (the test ID does not exist, as "
                             "expected)")};
    case ErrorKind::Unauthorized:
        if (!sentKey)
            return {false, withWords(tr("The server wants a key (HTTP %1), and none was entered or stored").arg(http))};
        return {false, withWords(tr("The server rejected the key (HTTP %1)").arg(http))};
    case ErrorKind::RateLimited:
        return {true, tr("Connected, but the server is limiting requests right now: %1").arg(message)};
    case ErrorKind::ServerError:
        return {false, withWords(tr("The server answered with an error (HTTP %1)").arg(http))};
    case ErrorKind::InvalidResponse:
        if (error.reason == ErrorReason::HtmlBody)
            return {false,
                    tr("The server answered with a web page, not the video API; check the base URL (%1)").arg(message)};
        return {false, tr("The server's answer is not the video API's: %1").arg(message)};
    case ErrorKind::TooLarge:
        return {false, tr("The server's answer is far too large for a task status: %1").arg(message)};
    case ErrorKind::Timeout:
        return {false,
                error.limit > 0 ? tr("The server did not answer in time: no complete answer within %1 s")
                                      .arg(QString::number(error.limit / 1000.0))
                                : tr("The server did not answer in time.")};
    case ErrorKind::Network:
        switch (error.transport) {
        case TransportFailure::Tls:
            return {false, tr("The secure connection (TLS) failed: %1").arg(message)};
        case TransportFailure::Refused:
            return {false, tr("The connection was refused; nothing is listening there: %1").arg(message)};
        case TransportFailure::HostNotFound:
            return {false, tr("The server's name could not be resolved (DNS): %1").arg(message)};
        default:
            return {false, tr("The server could not be reached: %1").arg(message)};
        }
    case ErrorKind::InvalidId:
        return {false, tr("The test ID could not be sent: %1").arg(message)};
    default:
        return {false, message};
    }
}

} // namespace Reelwatch

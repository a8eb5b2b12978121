#include "genericprovider.h"

#include "apiendpoint.h"
#include "responseinterpreter.h"

#include <QCoreApplication>
#include <QUrlQuery>

namespace Reelwatch {

std::shared_ptr<const Provider> GenericProvider::shared()
{
    static const std::shared_ptr<const Provider> instance = std::make_shared<GenericProvider>();
    return instance;
}

QString GenericProvider::name() const
{
    return QCoreApplication::translate("Reelwatch::GenericProvider", "OpenAI-compatible (gateways, Sora shape)");
}

ProviderCapabilities GenericProvider::capabilities() const
{
    ProviderCapabilities capabilities;
    capabilities.listRoute = true; // many gateways have it; the poller finds out on first use
    capabilities.realProgress = true;
    capabilities.thumbnail = true;
    capabilities.contentRoute = true;
    return capabilities;
}

QString GenericProvider::credentialHint() const
{
    return QCoreApplication::translate("Reelwatch::GenericProvider", "the API key (or the frontend token)");
}

QString GenericProvider::videosPath(const ApiEndpoint& endpoint)
{
    return endpoint.baseUrl().path(QUrl::FullyEncoded)
        + (endpoint.authMode() == AuthMode::Token ? QStringLiteral("/api/videos") : QStringLiteral("/v1/videos"));
}

ProviderHeader GenericProvider::credentialHeader(AuthMode mode, const QByteArray& secret)
{
    ProviderHeader header;
    header.carriesSecret = true;
    if (mode == AuthMode::Token) {
        header.name = QByteArrayLiteral("token");
        header.value = secret;
    } else {
        header.name = QByteArrayLiteral("Authorization");
        header.secretPrefix = QByteArrayLiteral("Bearer ");
        header.value = header.secretPrefix + secret;
    }
    return header;
}

ProviderRequest GenericProvider::statusRequest(const ApiEndpoint& endpoint, const QString& taskId,
                                               const QByteArray& secret) const
{
    ProviderRequest request;
    request.url = urlFor(endpoint,
                         videosPath(endpoint).mid(endpoint.baseUrl().path(QUrl::FullyEncoded).size()) + QLatin1Char('/')
                             + QString::fromLatin1(QUrl::toPercentEncoding(taskId)));
    request.headers << credentialHeader(endpoint.authMode(), secret);
    return request;
}

ProviderReading GenericProvider::readStatus(const ApiEndpoint&, const QString& taskId, const HttpAnswer& answer,
                                            const QByteArray&, const QByteArray&, const QDateTime& now) const
{
    ProviderReading reading;
    reading.result = ResponseInterpreter::interpretStatus(taskId, answer, now);
    return reading;
}

QUrl GenericProvider::listUrl(const ApiEndpoint& endpoint, int limit, const QString& order, const QString& after)
{
    QUrl url = endpoint.baseUrl();
    url.setPath(videosPath(endpoint), QUrl::TolerantMode);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!order.isEmpty())
        query.addQueryItem(QStringLiteral("order"), order);
    if (!after.isEmpty())
        query.addQueryItem(QStringLiteral("after"), after);
    url.setQuery(query);
    return url;
}

std::optional<ProviderRequest> GenericProvider::listRequest(const ApiEndpoint& endpoint, int limit,
                                                            const QString& cursor, const QByteArray& secret) const
{
    ProviderRequest request;
    request.url = listUrl(endpoint, limit, QStringLiteral("desc"), cursor);
    request.headers << credentialHeader(endpoint.authMode(), secret);
    request.maxBodyBytes = 16 * 1024 * 1024; // 100 tasks with long prompts
    return request;
}

ListResult GenericProvider::readList(const ApiEndpoint&, const HttpAnswer& answer, int, const QString&,
                                     const QDateTime& now) const
{
    return ResponseInterpreter::interpretList(answer, now);
}

std::optional<ProviderRequest> GenericProvider::contentRequest(const ApiEndpoint& endpoint, const QString& taskId,
                                                               const QString& variant, const QByteArray& secret) const
{
    ProviderRequest request;
    QUrl url = endpoint.baseUrl();
    url.setPath(videosPath(endpoint) + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(taskId))
                    + QStringLiteral("/content"),
                QUrl::TolerantMode);
    if (!variant.isEmpty()) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("variant"), variant);
        url.setQuery(query);
    }
    request.url = url;
    request.headers << credentialHeader(endpoint.authMode(), secret);
    request.accept = QByteArrayLiteral("*/*");
    return request;
}

QList<ProviderRoute> GenericProvider::routes(const ApiEndpoint& endpoint) const
{
    const QString root
        = endpoint.authMode() == AuthMode::Token ? QStringLiteral("/api/videos") : QStringLiteral("/v1/videos");
    return {{ProviderRoute::Kind::Status, root + QStringLiteral("/{id}"), QString()},
            {ProviderRoute::Kind::List, root, QString()}};
}

} // namespace Reelwatch

#include "provider.h"

#include "apiendpoint.h"
#include "responseinterpreter.h"

#include <QCoreApplication>

namespace Reelwatch {

QList<QPair<QByteArray, QByteArray>> ProviderRequest::wireHeaders() const
{
    QList<QPair<QByteArray, QByteArray>> wire;
    wire.reserve(headers.size());
    for (const ProviderHeader& header : headers)
        wire.append({header.name, header.value});
    return wire;
}

QString Provider::credentialHint() const
{
    return QCoreApplication::translate("Reelwatch::Provider", "the API key");
}

TaskIdCheck Provider::checkId(const QString& candidate) const
{
    return TaskId::validate(candidate);
}

std::optional<ProviderRequest> Provider::listRequest(const ApiEndpoint&, int, const QString&, const QByteArray&) const
{
    return std::nullopt;
}

ListResult Provider::readList(const ApiEndpoint&, const HttpAnswer& answer, int, const QString&, const QDateTime&) const
{
    ListResult list;
    list.failure.httpStatus = answer.httpStatus;
    list.failure.error = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::NotAList, answer.httpStatus);
    return list;
}

QList<QPair<QString, QString>> Provider::detailFields(const QByteArray&) const
{
    return {};
}

std::optional<ProviderRequest> Provider::contentRequest(const ApiEndpoint&, const QString&, const QString&,
                                                        const QByteArray&) const
{
    return std::nullopt;
}

QUrl Provider::urlFor(const ApiEndpoint& endpoint, const QString& encodedPath)
{
    QUrl url = endpoint.baseUrl();
    url.setPath(url.path(QUrl::FullyEncoded) + encodedPath, QUrl::TolerantMode);
    return url;
}

QString Provider::describeStatusRequest(const ApiEndpoint& endpoint) const
{
    const ProviderRequest request = statusRequest(endpoint, QStringLiteral("{id}"), QByteArray());
    QString url = request.url.toString(QUrl::FullyEncoded);
    url.replace(QStringLiteral("%7Bid%7D"), QStringLiteral("{id}"));
    QStringList headers;
    for (const ProviderHeader& header : request.headers) {
        QString value;
        if (header.computedFromSecret)
            value = QCoreApplication::translate("Reelwatch::Provider", "<signed from the key>");
        else if (header.carriesSecret)
            value = QString::fromUtf8(header.secretPrefix) + QStringLiteral("<key>")
                + QString::fromUtf8(header.secretSuffix);
        else if (header.freshPerRequest)
            value = QCoreApplication::translate("Reelwatch::Provider", "<new for every request>");
        else
            value = QString::fromUtf8(header.value);
        headers << QStringLiteral("%1: %2").arg(QString::fromUtf8(header.name), value);
    }
    return headers.isEmpty() ? QStringLiteral("GET %1").arg(url)
                             : QCoreApplication::translate("Reelwatch::Provider", "GET %1 with %2")
                                   .arg(url, headers.join(QStringLiteral(", ")));
}

} // namespace Reelwatch

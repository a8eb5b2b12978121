#include "kling.h"

#include "core/apiendpoint.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>

namespace Reelwatch {

namespace {

constexpr const char* kImageFamilyCarry = "image2video";

QByteArray base64Url(const QByteArray& bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

QString KlingProvider::credentialHint() const
{
    return QCoreApplication::translate("Reelwatch::KlingProvider",
                                       "ACCESS_KEY:SECRET_KEY (the access key and the secret key, joined by ':')");
}

QByteArray KlingProvider::signedToken(const QByteArray& secret, qint64 nowSeconds)
{
    const qsizetype colon = secret.indexOf(':');
    if (colon <= 0 || colon == secret.size() - 1)
        return QByteArray();
    const QByteArray accessKey = secret.left(colon);
    const QByteArray secretKey = secret.mid(colon + 1);
    const QByteArray header = base64Url(R"({"alg":"HS256","typ":"JWT"})");
    const QJsonObject claims{{QStringLiteral("iss"), QString::fromUtf8(accessKey)},
                             {QStringLiteral("exp"), nowSeconds + kTokenLifetimeSeconds},
                             // Five seconds back, for a server clock a little behind this one.
                             {QStringLiteral("nbf"), nowSeconds - 5}};
    const QByteArray payload = base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray signingInput = header + '.' + payload;
    const QByteArray signature = QMessageAuthenticationCode::hash(signingInput, secretKey, QCryptographicHash::Sha256);
    return signingInput + '.' + base64Url(signature);
}

QList<ProviderHeader> KlingProvider::requestHeaders(const QByteArray& secret) const
{
    QList<ProviderHeader> headers = DescribedProvider::requestHeaders(secret);
    ProviderHeader& credential = headers.first();
    credential.computedFromSecret = true;
    // A secret without ':' is taken to be a token signed elsewhere, and sent as it is.
    const QByteArray token = signedToken(secret, QDateTime::currentSecsSinceEpoch());
    credential.value = description().authPrefix + (token.isEmpty() ? secret : token);
    return headers;
}

ProviderReading KlingProvider::readStatus(const ApiEndpoint& endpoint, const QString& taskId, const HttpAnswer& answer,
                                          const QByteArray& carry, const QByteArray& secret, const QDateTime& now) const
{
    ProviderReading reading;
    reading.result = readAnswer(taskId, answer, now);
    if (carry.isEmpty() && reading.result.error.kind == ErrorKind::NotFound) {
        // Not a text2video task: perhaps an image2video one.
        ProviderRequest other = statusRequest(endpoint, taskId, secret);
        QString path = other.url.path(QUrl::FullyEncoded);
        path.replace(QLatin1String("/text2video/"), QLatin1String("/image2video/"));
        other.url.setPath(path, QUrl::TolerantMode);
        reading.next = other;
        reading.carry = kImageFamilyCarry;
    }
    return reading;
}

} // namespace Reelwatch

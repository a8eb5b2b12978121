#pragma once

#include "providers/describedprovider.h"

namespace Reelwatch {

// Kling: the plain parts are kling.json; the credential is not the key but a JSON Web Token that
// Reelwatch signs for every request (HS256 over {"iss": access key, "exp": now + 30 min, "nbf": now
// - 5 s} with the secret key), from a stored secret of the form ACCESS_KEY:SECRET_KEY. A task
// made by image2video lives in its own route family; one the text2video route does not know is
// looked up there.
class KlingProvider : public DescribedProvider
{
public:
    static constexpr const char* kId = "kling";
    static constexpr qint64 kTokenLifetimeSeconds = 1800;

    using DescribedProvider::DescribedProvider;

    QString credentialHint() const override;
    ProviderReading readStatus(const ApiEndpoint& endpoint, const QString& taskId, const HttpAnswer& answer,
                               const QByteArray& carry, const QByteArray& secret, const QDateTime& now) const override;

    // The token for `secret` ("ACCESS_KEY:SECRET_KEY") at `nowSeconds` (unix); empty when the secret
    // is not of that form.
    static QByteArray signedToken(const QByteArray& secret, qint64 nowSeconds);

protected:
    QList<ProviderHeader> requestHeaders(const QByteArray& secret) const override;
};

} // namespace Reelwatch

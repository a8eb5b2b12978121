#pragma once

#include "providers/describedprovider.h"

namespace Reelwatch {

// fal's queue: the plain parts are fal.json; the base URL is the app ("https://queue.fal.run/OWNER/
// ALIAS"). The status route says IN_QUEUE, IN_PROGRESS or COMPLETED (with an error when it failed);
// the result, and so the link, comes from a second request, GET {base}/requests/{id}, whose 4xx
// answer with a "detail" is the render's failure rather than a failed lookup.
class FalProvider : public DescribedProvider
{
public:
    static constexpr const char* kId = "fal";

    using DescribedProvider::DescribedProvider;

    ProviderReading readStatus(const ApiEndpoint& endpoint, const QString& taskId, const HttpAnswer& answer,
                               const QByteArray& carry, const QByteArray& secret, const QDateTime& now) const override;
    QList<ProviderRoute> routes(const ApiEndpoint& endpoint) const override;
};

} // namespace Reelwatch

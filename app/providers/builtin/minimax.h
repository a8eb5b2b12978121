#pragma once

#include "providers/describedprovider.h"

namespace Reelwatch {

// MiniMax (Hailuo): the plain parts are minimax.json. A succeeded task names a file, not a link: a
// second request, GET /v1/files/retrieve?file_id=…, gives the download link (which lives about an
// hour), so a status lookup of a finished render is two requests.
class MiniMaxProvider : public DescribedProvider
{
public:
    static constexpr const char* kId = "minimax";

    using DescribedProvider::DescribedProvider;

    ProviderReading readStatus(const ApiEndpoint& endpoint, const QString& taskId, const HttpAnswer& answer,
                               const QByteArray& carry, const QByteArray& secret, const QDateTime& now) const override;
    QList<ProviderRoute> routes(const ApiEndpoint& endpoint) const override;
};

} // namespace Reelwatch

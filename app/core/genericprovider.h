#pragma once

#include "apiendpoint.h"
#include "provider.h"

namespace Reelwatch {

// The OpenAI/Sora shape, which gateways (new-api's /v1/videos, LiteLLM, OpenRouter, LLMGateway) still
// speak after OpenAI switched its own Videos API off: GET {base}/v1/videos/{id} with a bearer key, or
// the frontend-token variant GET {base}/api/videos/{id} with a `token:` header; the list route; the
// /content?variant= route for videos, thumbnails and spritesheets. Its reading is VideoTaskParser,
// which also knows every gateway shape seen in the wild, so it is the fallback for any server.
class GenericProvider : public Provider
{
public:
    static constexpr const char* kId = "openai";

    static std::shared_ptr<const Provider> shared();

    QString id() const override { return QString::fromLatin1(kId); }
    QString name() const override;
    ProviderCapabilities capabilities() const override;
    QString credentialHint() const override;

    ProviderRequest statusRequest(const ApiEndpoint& endpoint, const QString& taskId,
                                  const QByteArray& secret) const override;
    ProviderReading readStatus(const ApiEndpoint& endpoint, const QString& taskId, const HttpAnswer& answer,
                               const QByteArray& carry, const QByteArray& secret, const QDateTime& now) const override;
    std::optional<ProviderRequest> listRequest(const ApiEndpoint& endpoint, int limit, const QString& cursor,
                                               const QByteArray& secret) const override;
    ListResult readList(const ApiEndpoint& endpoint, const HttpAnswer& answer, int limit, const QString& cursor,
                        const QDateTime& now) const override;
    std::optional<ProviderRequest> contentRequest(const ApiEndpoint& endpoint, const QString& taskId,
                                                  const QString& variant, const QByteArray& secret) const override;
    QList<ProviderRoute> routes(const ApiEndpoint& endpoint) const override;

    // GET {videos}?limit=…[&order=…][&after=…] (OpenAI's list object).
    static QUrl listUrl(const ApiEndpoint& endpoint, int limit, const QString& order, const QString& after);
    // "Authorization: Bearer <secret>" or "token: <secret>".
    static ProviderHeader credentialHeader(AuthMode mode, const QByteArray& secret);

private:
    static QString videosPath(const ApiEndpoint& endpoint);
};

} // namespace Reelwatch

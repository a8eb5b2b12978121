#pragma once

#include <memory>
#include <optional>
#include <QByteArray>
#include <QString>
#include <QUrl>

namespace Reelwatch {

enum class AuthMode
{
    Bearer, // GET {base}/v1/videos/{id} with "Authorization: Bearer <key>"
    Token, // GET {base}/api/videos/{id} with "token: <jwt>"
};

QString authModeName(AuthMode mode);
// The environment variable whose value overrides a profile's stored secret for this auth mode:
// REELWATCH_API_KEY (bearer) or REELWATCH_TOKEN (token).
QString secretEnvironmentVariable(AuthMode mode);
std::optional<AuthMode> authModeFromName(const QString& name);

// An absolute http(s) URL with a host and nothing that would break a line or a paste: what may be
// taken as a result link from a body, shown as a link, opened in a browser or copied.
bool isWebLink(const QString& text);

struct BaseUrlCheck
{
    bool ok = false;
    QUrl url;
    QString error;
};

class Provider;
struct ProviderRequest;

// Where a profile's server lives, which API it speaks (its Provider) and, for the OpenAI shape, which of
// its two route families; every request Reelwatch sends is built from one of these.
class ApiEndpoint
{
public:
    // Empty: no server. The generic (OpenAI-shaped) provider.
    ApiEndpoint();
    // The generic provider: OpenAI's /v1/videos routes (bearer) or the frontend-token /api/videos ones.
    ApiEndpoint(QUrl baseUrl, AuthMode authMode);
    ApiEndpoint(QUrl baseUrl, std::shared_ptr<const Provider> provider, AuthMode authMode = AuthMode::Bearer);

    // Accepts the server root in the forms users paste ("https://host", "https://host/",
    // "https://host/v1", a gateway prefix such as "https://host/openai/v1"), and refuses what would
    // leak a key: anything but https, except plain http to a loopback host.
    static BaseUrlCheck normaliseBaseUrl(const QString& text);
    static bool isLoopbackHost(const QString& host);
    static bool isSameOrigin(const QUrl& a, const QUrl& b);

    QUrl baseUrl() const { return m_baseUrl; }
    AuthMode authMode() const { return m_authMode; }
    const Provider& provider() const { return *m_provider; }
    const std::shared_ptr<const Provider>& sharedProvider() const { return m_provider; }

    // The provider's first request for a task's status. The ID must have passed the provider's checkId().
    ProviderRequest statusRequest(const QString& taskId, const QByteArray& secret) const;
    // Its URL alone (no secret involved).
    QUrl statusUrl(const QString& taskId) const;
    // The provider's own route for a task's asset; empty where it has none.
    QUrl contentUrl(const QString& taskId, const QString& variant) const;
    // The environment variable whose value is the credential for this endpoint in one-off runs:
    // REELWATCH_TOKEN for the frontend-token routes, REELWATCH_API_KEY for everything else.
    QString secretEnvironmentVariable() const;

private:
    QUrl m_baseUrl;
    std::shared_ptr<const Provider> m_provider;
    AuthMode m_authMode = AuthMode::Bearer;
};

} // namespace Reelwatch

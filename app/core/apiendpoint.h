#pragma once

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

// Where a profile's server lives and how to ask it; builds every request URL Reelwatch sends.
class ApiEndpoint
{
public:
    ApiEndpoint() = default;
    ApiEndpoint(QUrl baseUrl, AuthMode authMode);

    // Accepts the server root in the forms users paste ("https://host", "https://host/",
    // "https://host/v1", a gateway prefix such as "https://host/openai/v1"), and refuses what would
    // leak a key: anything but https, except plain http to a loopback host.
    static BaseUrlCheck normaliseBaseUrl(const QString& text);
    static bool isLoopbackHost(const QString& host);
    static bool isSameOrigin(const QUrl& a, const QUrl& b);

    QUrl baseUrl() const { return m_baseUrl; }
    AuthMode authMode() const { return m_authMode; }

    // The ID must have passed TaskId::validate(); it is still percent-encoded as one segment.
    QUrl statusUrl(const QString& taskId) const;
    QUrl contentUrl(const QString& taskId, const QString& variant) const;
    QUrl listUrl(int limit, const QString& order, const QString& after = QString()) const;

    QByteArray authHeaderName() const;
    QByteArray authHeaderValue(const QByteArray& secret) const;

private:
    QUrl withPath(const QString& encodedPath) const;
    QString videosPath() const;

    QUrl m_baseUrl;
    AuthMode m_authMode = AuthMode::Bearer;
};

} // namespace Reelwatch

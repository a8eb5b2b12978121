#include "apiendpoint.h"

#include "genericprovider.h"

#include <QRegularExpression>
#include <QUrlQuery>

namespace Reelwatch {

QString authModeName(AuthMode mode)
{
    return mode == AuthMode::Token ? QStringLiteral("token") : QStringLiteral("bearer");
}

QString secretEnvironmentVariable(AuthMode mode)
{
    return mode == AuthMode::Token ? QStringLiteral("REELWATCH_TOKEN") : QStringLiteral("REELWATCH_API_KEY");
}

bool isWebLink(const QString& text)
{
    if (text.isEmpty())
        return false;
    for (const QChar c : text) {
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return false;
    }
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    return url.isValid() && (scheme == QLatin1String("https") || scheme == QLatin1String("http"))
        && !url.host().isEmpty();
}

std::optional<AuthMode> authModeFromName(const QString& name)
{
    const QString folded = name.trimmed().toLower();
    if (folded == QLatin1String("bearer"))
        return AuthMode::Bearer;
    if (folded == QLatin1String("token"))
        return AuthMode::Token;
    return std::nullopt;
}

ApiEndpoint::ApiEndpoint()
    : m_provider(GenericProvider::shared())
{ }

ApiEndpoint::ApiEndpoint(QUrl baseUrl, AuthMode authMode)
    : m_baseUrl(std::move(baseUrl))
    , m_provider(GenericProvider::shared())
    , m_authMode(authMode)
{ }

ApiEndpoint::ApiEndpoint(QUrl baseUrl, std::shared_ptr<const Provider> provider, AuthMode authMode)
    : m_baseUrl(std::move(baseUrl))
    , m_provider(provider ? std::move(provider) : GenericProvider::shared())
    , m_authMode(authMode)
{ }

bool ApiEndpoint::isLoopbackHost(const QString& host)
{
    const QString folded = host.toLower();
    // Only the literal name: "x.localhost" may be sent to a DNS server by resolvers that do not
    // special-case it, and plain http to whatever answers would expose the key.
    if (folded == QLatin1String("localhost"))
        return true;
    // 127.0.0.0/8, written as four decimal octets.
    static const QRegularExpression ipv4(QStringLiteral("^127\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$"));
    QString candidate = folded;
    if (candidate.startsWith(QLatin1String("::ffff:")))
        candidate = candidate.mid(7); // IPv4-mapped IPv6
    const auto match = ipv4.match(candidate);
    if (match.hasMatch()) {
        for (int group = 1; group <= 3; ++group) {
            if (match.captured(group).toInt() > 255)
                return false;
        }
        return true;
    }
    // ::1 in any of its spellings: every group zero but the last, which is one.
    if (!folded.contains(QLatin1Char(':')))
        return false;
    static const QRegularExpression ipv6Loopback(QStringLiteral("^(0{0,4}:){1,7}:?0{0,3}1$"));
    return ipv6Loopback.match(folded).hasMatch() && folded != QLatin1String("1");
}

bool ApiEndpoint::isSameOrigin(const QUrl& a, const QUrl& b)
{
    const auto defaultPort = [](const QUrl& url) { return url.scheme() == QLatin1String("https") ? 443 : 80; };
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && a.port(defaultPort(a)) == b.port(defaultPort(b));
}

BaseUrlCheck ApiEndpoint::normaliseBaseUrl(const QString& text)
{
    BaseUrlCheck check;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        check.error = QStringLiteral("the server URL is empty");
        return check;
    }
    QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty()) {
        check.error = QStringLiteral("'%1' is not a server URL such as https://gateway.example.com").arg(trimmed);
        return check;
    }
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http")) {
        check.error = QStringLiteral("the server URL must start with https:// (found %1://)").arg(scheme);
        return check;
    }
    if (scheme == QLatin1String("http") && !isLoopbackHost(url.host())) {
        check.error = QStringLiteral("plain http:// would send the key unencrypted; use https://, or http:// only "
                                     "for this machine (localhost, 127.0.0.1, ::1)");
        return check;
    }
    if (!url.userInfo().isEmpty()) {
        check.error = QStringLiteral("the server URL must not contain a user name or password");
        return check;
    }
    if (url.hasQuery() || url.hasFragment()) {
        check.error = QStringLiteral("the server URL must not contain '?' or '#' parts");
        return check;
    }
    QString path = url.path(QUrl::FullyEncoded); // an encoded "/" in a gateway prefix stays encoded
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    if (path.endsWith(QLatin1String("/v1"), Qt::CaseInsensitive))
        path.chop(3);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setScheme(scheme);
    url.setHost(url.host().toLower());
    url.setPath(path, QUrl::TolerantMode);
    check.ok = true;
    check.url = url;
    return check;
}

ProviderRequest ApiEndpoint::statusRequest(const QString& taskId, const QByteArray& secret) const
{
    return m_provider->statusRequest(*this, taskId, secret);
}

QUrl ApiEndpoint::statusUrl(const QString& taskId) const
{
    return statusRequest(taskId, QByteArray()).url;
}

QUrl ApiEndpoint::contentUrl(const QString& taskId, const QString& variant) const
{
    const std::optional<ProviderRequest> request = m_provider->contentRequest(*this, taskId, variant, QByteArray());
    return request ? request->url : QUrl();
}

QString ApiEndpoint::secretEnvironmentVariable() const
{
    return Reelwatch::secretEnvironmentVariable(
        m_provider->id() == QLatin1String(GenericProvider::kId) ? m_authMode : AuthMode::Bearer);
}

} // namespace Reelwatch

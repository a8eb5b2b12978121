#include "httpget.h"

#include "core/apiendpoint.h"
#include "reelwatch_version.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace Reelwatch {

namespace {

constexpr qint64 kReadChunkBytes = 64 * 1024;

bool isRedirect(int status)
{
    return HttpGet::isRedirectStatus(status);
}

// QNetworkReply error codes below 200 are transport and proxy failures: no usable HTTP answer.
bool isTransportError(QNetworkReply::NetworkError error)
{
    return error != QNetworkReply::NoError && static_cast<int>(error) < 200;
}

} // namespace

QByteArray HttpGetResult::header(const QByteArray& name) const
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return QByteArray();
}

HttpGet::HttpGet(QNetworkAccessManager* manager, Options options, QObject* parent)
    : QObject(parent)
    , m_manager(manager)
    , m_options(std::move(options))
{ }

HttpGet::~HttpGet()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

QByteArray HttpGet::userAgent()
{
    return QByteArrayLiteral("Reelwatch/" REELWATCH_VERSION);
}

QNetworkRequest HttpGet::makeRequest(const QUrl& url, const QByteArray& accept, const QByteArray& credentialHeaderName,
                                     const QByteArray& credentialHeaderValue, const QUrl& credentialOrigin)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setRawHeader("User-Agent", userAgent());
    request.setRawHeader("Accept", accept);
    if (!credentialHeaderName.isEmpty() && ApiEndpoint::isSameOrigin(url, credentialOrigin))
        request.setRawHeader(credentialHeaderName, credentialHeaderValue);
    return request;
}

bool HttpGet::isRedirectStatus(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

QString HttpGet::refusalFor(const QUrl& url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return QString();
    if (scheme == QLatin1String("http") && ApiEndpoint::isLoopbackHost(url.host()))
        return QString();
    return QStringLiteral("refused to request %1://%2 (plain http is only for this machine)").arg(scheme, url.host());
}

HttpGet::RedirectHop HttpGet::redirectTarget(const QUrl& from, int status, const QByteArray& location,
                                             int redirectsSoFar, int maxRedirects)
{
    RedirectHop hop;
    const QUrl target = from.resolved(QUrl::fromEncoded(location));
    if (location.isEmpty() || !target.isValid()) {
        hop.error = QStringLiteral("the server redirected (HTTP %1) without a usable Location").arg(status);
        return hop;
    }
    if (redirectsSoFar + 1 > maxRedirects) {
        hop.error = QStringLiteral("more than %1 redirects").arg(maxRedirects);
        return hop;
    }
    if (!refusalFor(target).isEmpty()) {
        hop.error = QStringLiteral("refused a redirect to %1://%2 (plain http is only for this machine)")
                        .arg(target.scheme().toLower(), target.host());
        return hop;
    }
    hop.url = target;
    return hop;
}

void HttpGet::start()
{
    m_clock.start();
    // A member timer, stopped when the request ends: a fire-and-forget single shot would sit in
    // Qt's timer list for the whole timeout after every finished request (thousands at scale).
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (m_done)
            return;
        m_abortReason = HttpGetResult::Failure::Timeout;
        if (m_reply)
            m_reply->abort();
        else
            fail(HttpGetResult::Failure::Timeout, QString());
    });
    m_deadline.start(m_options.timeoutMs);
    send(m_options.url);
}

void HttpGet::cancel()
{
    if (m_done)
        return;
    m_abortReason = HttpGetResult::Failure::Cancelled;
    if (m_reply)
        m_reply->abort();
}

void HttpGet::send(const QUrl& url)
{
    const QString refusal = refusalFor(url);
    if (!refusal.isEmpty()) {
        // Refused before any connection is made; reported on the next turn, as any answer would be.
        m_result.finalUrl = url;
        QTimer::singleShot(0, this, [this, refusal] {
            if (!m_done)
                fail(HttpGetResult::Failure::RedirectRefused, refusal);
        });
        return;
    }
    const QNetworkRequest request = makeRequest(url, m_options.accept, m_options.credentialHeaderName,
                                                m_options.credentialHeaderValue, m_options.credentialOrigin);

    m_result.finalUrl = url;
    m_result.body.clear();
    m_reply = m_manager->get(request);
    m_reply->setReadBufferSize(kReadChunkBytes);
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpGet::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &HttpGet::onFinished);
}

void HttpGet::onReadyRead()
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (isRedirect(status)) {
        m_reply->readAll(); // a redirect's body is never used
        return;
    }
    const QVariant declaredLength = m_reply->header(QNetworkRequest::ContentLengthHeader);
    if (declaredLength.isValid() && declaredLength.toLongLong() > m_options.maxBodyBytes) {
        m_abortReason = HttpGetResult::Failure::TooLarge;
        m_reply->abort();
        return;
    }
    if (!readAvailable(m_reply)) {
        m_abortReason = HttpGetResult::Failure::TooLarge;
        m_reply->abort();
    }
}

bool HttpGet::readAvailable(QNetworkReply* reply)
{
    // Grow the body by what has arrived, never by a whole chunk: a 300-byte status answer must not
    // keep a 64 KiB buffer alive in every task's raw JSON.
    while (reply->bytesAvailable() > 0) {
        const qint64 room = m_options.maxBodyBytes + 1 - m_result.body.size();
        const qint64 wanted = std::min({kReadChunkBytes, room, reply->bytesAvailable()});
        const qsizetype oldSize = m_result.body.size();
        m_result.body.resize(oldSize + wanted);
        const qint64 got = reply->read(m_result.body.data() + oldSize, wanted);
        m_result.body.resize(oldSize + std::max<qint64>(0, got));
        if (m_result.body.size() > m_options.maxBodyBytes)
            return false;
        if (got <= 0)
            break;
    }
    return true;
}

void HttpGet::onFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply || m_done)
        return;
    m_reply = nullptr;
    reply->deleteLater();

    if (m_abortReason != HttpGetResult::Failure::None) {
        fail(m_abortReason, QString());
        return;
    }
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (isTransportError(reply->error()) || !statusAttribute.isValid()) {
        fail(HttpGetResult::Failure::Network, reply->errorString());
        return;
    }
    m_result.httpStatus = statusAttribute.toInt();
    m_result.headers = reply->rawHeaderPairs();

    if (isRedirect(m_result.httpStatus)) {
        const RedirectHop hop = redirectTarget(reply->url(), m_result.httpStatus, reply->rawHeader("Location"),
                                               m_result.redirects, m_options.maxRedirects);
        if (!hop.error.isEmpty()) {
            fail(HttpGetResult::Failure::RedirectRefused, hop.error);
            return;
        }
        ++m_result.redirects;
        send(hop.url);
        return;
    }
    if (!readAvailable(reply)) {
        fail(HttpGetResult::Failure::TooLarge, QString());
        return;
    }
    m_result.body.squeeze();
    finish();
}

void HttpGet::fail(HttpGetResult::Failure failure, const QString& message)
{
    m_result.failure = failure;
    m_result.failureMessage = message;
    if (failure == HttpGetResult::Failure::Timeout)
        m_result.failureMessage = QStringLiteral("no complete answer within %1 s").arg(m_options.timeoutMs / 1000.0);
    else if (failure == HttpGetResult::Failure::TooLarge)
        m_result.failureMessage = QStringLiteral("the answer is larger than %1 KiB; reading stopped there")
                                      .arg(m_options.maxBodyBytes / 1024);
    else if (failure == HttpGetResult::Failure::Cancelled)
        m_result.failureMessage = QStringLiteral("cancelled");
    m_result.body.clear();
    finish();
}

void HttpGet::finish()
{
    if (m_done)
        return;
    m_done = true;
    m_deadline.stop();
    m_result.elapsedMs = m_clock.elapsed();
    emit finished(m_result);
    deleteLater();
}

} // namespace Reelwatch

#include "httpget.h"

#include "core/apiendpoint.h"
#include "reelwatch_version.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <utility>

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

HttpAnswer HttpGetResult::httpAnswer() const
{
    HttpAnswer answer;
    answer.httpStatus = httpStatus;
    answer.body = body;
    answer.contentType = header("Content-Type");
    answer.retryAfter = header("Retry-After");
    answer.retryAfterMs = header("retry-after-ms");
    answer.pollAfterMs = header("openai-poll-after-ms");
    return answer;
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

QNetworkRequest HttpGet::makeRequest(const QUrl& url, const QByteArray& accept,
                                     const QList<QPair<QByteArray, QByteArray>>& originHeaders,
                                     const QUrl& credentialOrigin)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setRawHeader("User-Agent", userAgent());
    request.setRawHeader("Accept", accept);
    if (ApiEndpoint::isSameOrigin(url, credentialOrigin)) {
        for (const auto& [name, value] : originHeaders)
            request.setRawHeader(name, value);
    }
    return request;
}

bool HttpGet::isRedirectStatus(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

ApiError HttpGet::refusalFor(const QUrl& url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return ApiError();
    if (scheme == QLatin1String("http") && ApiEndpoint::isLoopbackHost(url.host()))
        return ApiError();
    ApiError refused = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::InsecureUrl);
    refused.subject = scheme;
    refused.host = url.host();
    return refused;
}

TransportFailure HttpGet::transportFailureOf(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::NoError:
        return TransportFailure::None;
    case QNetworkReply::ConnectionRefusedError:
        return TransportFailure::Refused;
    case QNetworkReply::HostNotFoundError:
        return TransportFailure::HostNotFound;
    case QNetworkReply::RemoteHostClosedError:
        return TransportFailure::Closed;
    case QNetworkReply::TimeoutError:
        return TransportFailure::TimedOut;
    case QNetworkReply::SslHandshakeFailedError:
        return TransportFailure::Tls;
    case QNetworkReply::OperationCanceledError:
        return TransportFailure::Cancelled;
    default:
        return TransportFailure::Other;
    }
}

HttpGet::RedirectHop HttpGet::redirectTarget(const QUrl& from, int status, const QByteArray& location,
                                             int redirectsSoFar, int maxRedirects)
{
    RedirectHop hop;
    const QUrl target = from.resolved(QUrl::fromEncoded(location));
    if (location.isEmpty() || !target.isValid()) {
        hop.error = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::RedirectWithoutLocation, status);
        return hop;
    }
    if (redirectsSoFar + 1 > maxRedirects) {
        hop.error = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::TooManyRedirects, status);
        hop.error.limit = maxRedirects;
        return hop;
    }
    if (refusalFor(target).isError()) {
        hop.error = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::InsecureRedirect, status);
        hop.error.subject = target.scheme().toLower();
        hop.error.host = target.host();
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
        m_abortReason = ErrorKind::Timeout;
        if (m_reply)
            m_reply->abort();
        else
            failWith(ErrorKind::Timeout);
    });
    m_deadline.start(m_options.timeoutMs);
    send(m_options.url);
}

void HttpGet::cancel()
{
    if (m_done)
        return;
    m_abortReason = ErrorKind::Cancelled;
    if (m_reply)
        m_reply->abort();
}

void HttpGet::send(const QUrl& url)
{
    const ApiError refusal = refusalFor(url);
    if (refusal.isError()) {
        // Refused before any connection is made; reported on the next turn, as any answer would be.
        m_result.finalUrl = url;
        QTimer::singleShot(0, this, [this, refusal] {
            if (!m_done)
                fail(refusal);
        });
        return;
    }
    QNetworkRequest request = makeRequest(url, m_options.accept, m_options.originHeaders, m_options.credentialOrigin);
    // The body cap counts decoded bytes, and Qt decodes only as far as they are read, so a gzip or
    // deflate bomb ends as too large once the cap is passed. Qt's own bomb check must stay out of the
    // way: in Qt 6.4 it reports an error and then never finishes the reply, which left the request to
    // its deadline.
    request.setDecompressedSafetyCheckThreshold(-1);

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
        // A redirect's body is never used, and a hostile one may be a compression bomb that would be
        // decoded in full just to be thrown away: the headers say where to go, so go there now.
        QNetworkReply* reply = std::exchange(m_reply, nullptr);
        reply->disconnect(this);
        m_result.httpStatus = status;
        m_result.headers = reply->rawHeaderPairs();
        const QUrl from = reply->url();
        const QByteArray location = reply->rawHeader("Location");
        reply->abort();
        reply->deleteLater();
        followRedirect(from, location);
        return;
    }
    const QVariant declaredLength = m_reply->header(QNetworkRequest::ContentLengthHeader);
    if (declaredLength.isValid() && declaredLength.toLongLong() > m_options.maxBodyBytes) {
        m_abortReason = ErrorKind::TooLarge;
        m_reply->abort();
        return;
    }
    if (!readAvailable(m_reply)) {
        m_abortReason = ErrorKind::TooLarge;
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

    if (m_abortReason != ErrorKind::None) {
        failWith(m_abortReason);
        return;
    }
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (isTransportError(reply->error()) || !statusAttribute.isValid()) {
        ApiError broken = ApiError::of(ErrorKind::Network, ErrorReason::TransportFailed);
        broken.transport = transportFailureOf(reply->error());
        broken.host = m_result.finalUrl.host();
        broken.detail = reply->errorString();
        fail(broken);
        return;
    }
    m_result.httpStatus = statusAttribute.toInt();
    m_result.headers = reply->rawHeaderPairs();

    if (isRedirect(m_result.httpStatus)) {
        followRedirect(reply->url(), reply->rawHeader("Location"));
        return;
    }
    if (!readAvailable(reply)) {
        failWith(ErrorKind::TooLarge);
        return;
    }
    m_result.body.squeeze();
    finish();
}

void HttpGet::followRedirect(const QUrl& from, const QByteArray& location)
{
    const RedirectHop hop
        = redirectTarget(from, m_result.httpStatus, location, m_result.redirects, m_options.maxRedirects);
    if (hop.error.isError()) {
        fail(hop.error);
        return;
    }
    ++m_result.redirects;
    send(hop.url);
}

void HttpGet::failWith(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Timeout: {
        ApiError late = ApiError::of(ErrorKind::Timeout, ErrorReason::NoCompleteAnswer);
        late.limit = m_options.timeoutMs;
        fail(late);
        return;
    }
    case ErrorKind::TooLarge: {
        ApiError large = ApiError::of(ErrorKind::TooLarge, ErrorReason::BodyTooLarge, m_result.httpStatus);
        large.limit = m_options.maxBodyBytes;
        fail(large);
        return;
    }
    default:
        fail(ApiError::of(kind, ErrorReason::None));
        return;
    }
}

void HttpGet::fail(const ApiError& failure)
{
    m_result.failure = failure;
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

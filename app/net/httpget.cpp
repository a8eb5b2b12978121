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
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
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
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setRawHeader("User-Agent", userAgent());
    request.setRawHeader("Accept", m_options.accept);
    if (!m_options.credentialHeaderName.isEmpty() && ApiEndpoint::isSameOrigin(url, m_options.credentialOrigin))
        request.setRawHeader(m_options.credentialHeaderName, m_options.credentialHeaderValue);

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
        const QUrl location = reply->url().resolved(QUrl::fromEncoded(reply->rawHeader("Location")));
        if (reply->rawHeader("Location").isEmpty() || !location.isValid()) {
            fail(HttpGetResult::Failure::RedirectRefused,
                 QStringLiteral("the server redirected (HTTP %1) without a usable Location").arg(m_result.httpStatus));
            return;
        }
        if (++m_result.redirects > m_options.maxRedirects) {
            fail(HttpGetResult::Failure::RedirectRefused,
                 QStringLiteral("more than %1 redirects").arg(m_options.maxRedirects));
            return;
        }
        const QString scheme = location.scheme().toLower();
        const bool downgrade = reply->url().scheme() == QLatin1String("https") && scheme == QLatin1String("http")
            && !ApiEndpoint::isLoopbackHost(location.host());
        if ((scheme != QLatin1String("https") && scheme != QLatin1String("http")) || downgrade) {
            fail(HttpGetResult::Failure::RedirectRefused,
                 QStringLiteral("refused a redirect to %1://%2 (it would leave https)").arg(scheme, location.host()));
            return;
        }
        send(location);
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

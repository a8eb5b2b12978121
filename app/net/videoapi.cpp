#include "videoapi.h"

#include "core/responseinterpreter.h"
#include "core/secretredactor.h"
#include "core/videotaskparser.h"
#include "httpget.h"

#include <QDateTime>
#include <QTimer>

namespace Reelwatch {

VideoApi::VideoApi(QNetworkAccessManager* manager, ApiEndpoint endpoint, QByteArray secret, QObject* parent)
    : QObject(parent)
    , m_manager(manager)
    , m_endpoint(std::move(endpoint))
    , m_secret(std::move(secret))
{ }

void VideoApi::fetchStatus(const QString& taskId, QObject* context, std::function<void(const FetchResult&)> done)
{
    const TaskIdCheck check = provider().checkId(taskId);
    if (!check.valid) {
        FetchResult result;
        result.requestedId = taskId;
        result.error = check.problem;
        QTimer::singleShot(0, context, [done = std::move(done), result] { done(result); });
        return;
    }
    sendStatusStep(check.id, m_endpoint.statusRequest(check.id, m_secret), QByteArray(), 1, context, std::move(done));
}

void VideoApi::sendStatusStep(const QString& taskId, const ProviderRequest& request, const QByteArray& carry, int step,
                              QObject* context, std::function<void(const FetchResult&)> done)
{
    get(request, context, [this, taskId, carry, step, context, done = std::move(done)](const HttpGetResult& answer) {
        if (!answer.answered()) {
            const FetchResult result = unanswered(taskId, answer);
            emitTrace(answer, result.error);
            done(result);
            return;
        }
        ProviderReading reading = provider().readStatus(m_endpoint, taskId, answer.httpAnswer(), carry, m_secret,
                                                        QDateTime::currentDateTimeUtc());
        if (reading.next && step < kMaxStatusSteps) {
            emitTrace(answer, ApiError());
            sendStatusStep(taskId, *reading.next, reading.carry, step + 1, context, done);
            return;
        }
        FetchResult result = std::move(reading.result);
        result.requestedId = taskId;
        if (!result.httpStatus)
            result.httpStatus = answer.httpStatus;
        if (reading.next) {
            // A provider that keeps asking for more is not followed further.
            result.task.reset();
            result.error = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::TooManyLookups, answer.httpStatus);
            result.error.limit = kMaxStatusSteps;
        }
        result = redacted(std::move(result));
        emitTrace(answer, result.error);
        done(result);
    });
}

void VideoApi::fetchList(int limit, const QString& cursor, QObject* context,
                         std::function<void(const ListResult&)> done)
{
    const std::optional<ProviderRequest> request = provider().listRequest(m_endpoint, limit, cursor, m_secret);
    if (!request) {
        ListResult list;
        list.failure.error = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::NotAList);
        QTimer::singleShot(0, context, [done = std::move(done), list] { done(list); });
        return;
    }
    get(*request, context, [this, limit, cursor, done = std::move(done)](const HttpGetResult& answer) {
        ListResult list;
        if (answer.answered()) {
            list = provider().readList(m_endpoint, answer.httpAnswer(), limit, cursor, QDateTime::currentDateTimeUtc());
            list.failure = redacted(std::move(list.failure));
            // A page is as much the server's words as a status: batch refresh stores these, following
            // adds them.
            for (VideoTask& task : list.tasks)
                task = SecretRedactor::redactTask(std::move(task), m_secret);
        } else {
            list.failure = unanswered(QString(), answer);
        }
        emitTrace(answer, list.failure.error);
        done(list);
    });
}

void VideoApi::fetchContent(const QString& taskId, const QString& variant, qint64 maxBytes, QObject* context,
                            std::function<void(const ContentResult&)> done)
{
    const TaskIdCheck check = provider().checkId(taskId);
    // The variant becomes part of the query: only the documented words may get there.
    static const QStringList kVariants
        = {QStringLiteral("video"), QStringLiteral("thumbnail"), QStringLiteral("spritesheet")};
    if (!check.valid || !kVariants.contains(variant)) {
        ContentResult result;
        result.requestedId = taskId;
        result.variant = variant;
        if (check.valid) {
            result.error = ApiError::of(ErrorKind::InvalidId, ErrorReason::UnknownVariant);
            result.error.subject = variant;
        } else {
            result.error = check.problem;
        }
        QTimer::singleShot(0, context, [done = std::move(done), result] { done(result); });
        return;
    }
    fetchAsset(check.id, variant, provider().contentRequest(m_endpoint, check.id, variant, m_secret), maxBytes, context,
               std::move(done));
}

void VideoApi::fetchThumbnail(const VideoTask& task, qint64 maxBytes, QObject* context,
                              std::function<void(const ContentResult&)> done)
{
    if (!isWebLink(task.thumbnailUrl)) {
        fetchContent(task.id, QStringLiteral("thumbnail"), maxBytes, context, std::move(done));
        return;
    }
    ProviderRequest request;
    request.url = QUrl(task.thumbnailUrl);
    request.accept = QByteArrayLiteral("image/*");
    // The credential goes along only where the link is on the API's own origin (HttpGet sees to that).
    if (const std::optional<ProviderRequest> route
        = provider().contentRequest(m_endpoint, task.id, QStringLiteral("thumbnail"), m_secret))
        request.headers = route->headers;
    else
        request.headers = m_endpoint.statusRequest(task.id, m_secret).headers;
    fetchAsset(task.id, QStringLiteral("thumbnail"), request, maxBytes, context, std::move(done));
}

void VideoApi::fetchAsset(const QString& taskId, const QString& variant, std::optional<ProviderRequest> request,
                          qint64 maxBytes, QObject* context, std::function<void(const ContentResult&)> done)
{
    if (!request) {
        ContentResult result;
        result.requestedId = taskId;
        result.variant = variant;
        result.error = ApiError::of(ErrorKind::NotReady, ErrorReason::NoAssetRoute);
        result.error.object = variant;
        result.error.subject = provider().name();
        QTimer::singleShot(0, context, [done = std::move(done), result] { done(result); });
        return;
    }
    request->maxBodyBytes = maxBytes;
    get(*request, context, [this, taskId, variant, done = std::move(done)](const HttpGetResult& answer) {
        const ContentResult result = interpretContent(taskId, variant, answer);
        emitTrace(answer, result.error);
        done(result);
    });
}

ContentResult VideoApi::interpretContent(const QString& taskId, const QString& variant,
                                         const HttpGetResult& answer) const
{
    ContentResult result;
    result.requestedId = taskId;
    result.variant = variant;
    result.httpStatus = answer.httpStatus;
    result.contentType = answer.header("Content-Type");
    const bool success = answer.answered() && answer.httpStatus >= 200 && answer.httpStatus <= 299;
    if (!success) {
        // Transport failures and HTTP errors read exactly as they do for a status request: one set
        // of kinds (not found, key rejected, rate limited, …) and the server's own message.
        result.error = answer.answered() ? redacted(ResponseInterpreter::interpretStatus(
                                                        taskId, answer.httpAnswer(), QDateTime::currentDateTimeUtc()))
                                               .error
                                         : unanswered(taskId, answer).error;
        if (answer.httpStatus == 400 && result.error.kind == ErrorKind::InvalidResponse) {
            // OpenAI answers 400 while the render is unfinished (or its assets are gone).
            result.error = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::NoSuchAsset, 400,
                                        ResponseInterpreter::serverMessage(answer.body));
            result.error.object = variant;
            result.error = result.error.redacted(m_secret);
        }
        return result;
    }
    // A 2xx that is a JSON or HTML document is a gateway's error or login page, not the asset.
    const QByteArray type = result.contentType.toLower();
    const bool document = type.startsWith("application/json") || type.startsWith("text/html")
        || VideoTaskParser::looksLikeHtml(answer.body.left(1024));
    if (document || answer.body.isEmpty()) {
        result.error
            = ApiError::of(ErrorKind::InvalidResponse,
                           answer.body.isEmpty() ? ErrorReason::EmptyAsset : ErrorReason::DocumentInsteadOfAsset,
                           answer.httpStatus, ResponseInterpreter::serverMessage(answer.body));
        result.error.object = variant;
        result.error.detail = QString::fromLatin1(type);
        result.error = result.error.redacted(m_secret);
        return result;
    }
    result.bytes = answer.body;
    return result;
}

void VideoApi::get(const ProviderRequest& request, QObject* context, std::function<void(const HttpGetResult&)> done)
{
    HttpGet::Options options;
    options.url = request.url;
    options.accept = request.accept;
    options.originHeaders = request.wireHeaders();
    options.credentialOrigin = m_endpoint.baseUrl();
    options.timeoutMs = m_timeoutMs;
    options.maxBodyBytes = request.maxBodyBytes;
    auto* get = new HttpGet(m_manager, options, this);
    connect(get, &HttpGet::finished, context, std::move(done));
    get->start();
}

void VideoApi::emitTrace(const HttpGetResult& answer, const ApiError& error)
{
    // The URL exactly as it went on the wire (still percent-encoded: "%20" stays "%20"), in one arg()
    // call, so a '%2' inside it cannot be taken for a placeholder. It may be one the server named (a
    // redirect's Location, a follow-up built from its answer), so the key is taken out of it.
    emit trace(QStringLiteral("GET %1 -> %2 (%3 bytes, %4 ms)%5")
                   .arg(SecretRedactor::redactSecret(
                            QString::fromLatin1(answer.finalUrl.toEncoded(QUrl::RemoveUserInfo)), m_secret),
                        answer.httpStatus ? QString::number(answer.httpStatus) : QStringLiteral("no answer"),
                        QString::number(answer.body.size()), QString::number(answer.elapsedMs),
                        error.isError() ? QStringLiteral(" ") + error.message() : QString()));
}

FetchResult VideoApi::unanswered(const QString& taskId, const HttpGetResult& answer) const
{
    FetchResult result;
    result.requestedId = taskId;
    result.httpStatus = answer.httpStatus;
    if (answer.failure.kind == ErrorKind::Cancelled) {
        // A request stopped before its answer is a fault of the road, like a dropped connection.
        result.error = ApiError::of(ErrorKind::Network, ErrorReason::TransportFailed);
        result.error.transport = TransportFailure::Cancelled;
        result.error.host = answer.finalUrl.host();
        result.error.detail = QStringLiteral("cancelled");
    } else {
        result.error = answer.failure;
    }
    return redacted(std::move(result));
}

FetchResult VideoApi::redacted(FetchResult result) const
{
    if (result.error.isError())
        result.error = result.error.redacted(m_secret);
    if (result.task)
        result.task = SecretRedactor::redactTask(std::move(*result.task), m_secret);
    return result;
}

} // namespace Reelwatch

#include "videoapi.h"

#include "core/responseinterpreter.h"
#include "core/secretredactor.h"
#include "core/taskid.h"
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
    const TaskIdCheck check = TaskId::validate(taskId);
    if (!check.valid) {
        FetchResult result;
        result.requestedId = taskId;
        result.error = check.problem;
        QTimer::singleShot(0, context, [done = std::move(done), result] { done(result); });
        return;
    }

    const QString id = check.id;
    get(m_endpoint.statusUrl(id), kMaxStatusBodyBytes, context,
        [this, id, done = std::move(done)](const HttpGetResult& answer) {
            const FetchResult result = interpret(id, answer);
            emitTrace(answer, result.error);
            done(result);
        });
}

void VideoApi::fetchList(int limit, const QString& after, QObject* context, std::function<void(const ListResult&)> done)
{
    get(m_endpoint.listUrl(limit, QStringLiteral("desc"), after), kMaxListBodyBytes, context,
        [this, done = std::move(done)](const HttpGetResult& answer) {
            ListResult list;
            if (answer.answered()) {
                list = ResponseInterpreter::interpretList(answer.httpAnswer(), QDateTime::currentDateTimeUtc());
                list.failure.error = list.failure.error.redacted(m_secret);
                for (VideoTask& task : list.tasks) {
                    if (task.error)
                        task.error->message = SecretRedactor::redact(task.error->message, m_secret);
                }
            } else {
                list.failure = interpret(QString(), answer);
            }
            emitTrace(answer, list.failure.error);
            done(list);
        });
}

void VideoApi::fetchContent(const QString& taskId, const QString& variant, qint64 maxBytes, QObject* context,
                            std::function<void(const ContentResult&)> done)
{
    const TaskIdCheck check = TaskId::validate(taskId);
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

    const QString id = check.id;
    get(
        m_endpoint.contentUrl(id, variant), maxBytes, context,
        [this, id, variant, done = std::move(done)](const HttpGetResult& answer) {
            const ContentResult result = interpretContent(id, variant, answer);
            emitTrace(answer, result.error);
            done(result);
        },
        QByteArrayLiteral("*/*"));
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
        result.error = interpret(taskId, answer).error;
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

void VideoApi::get(const QUrl& url, qint64 maxBodyBytes, QObject* context,
                   std::function<void(const HttpGetResult&)> done, const QByteArray& accept)
{
    HttpGet::Options options;
    options.url = url;
    options.accept = accept;
    options.credentialHeaderName = m_endpoint.authHeaderName();
    options.credentialHeaderValue = m_endpoint.authHeaderValue(m_secret);
    options.credentialOrigin = m_endpoint.baseUrl();
    options.timeoutMs = m_timeoutMs;
    options.maxBodyBytes = maxBodyBytes;
    auto* request = new HttpGet(m_manager, options, this);
    connect(request, &HttpGet::finished, context, std::move(done));
    request->start();
}

void VideoApi::emitTrace(const HttpGetResult& answer, const ApiError& error)
{
    // One arg() call: a '%2' inside the URL (a percent-encoded ID) must reach the line as it was sent.
    emit trace(QStringLiteral("GET %1 -> %2 (%3 bytes, %4 ms)%5")
                   .arg(answer.finalUrl.toDisplayString(QUrl::RemoveUserInfo),
                        answer.httpStatus ? QString::number(answer.httpStatus) : QStringLiteral("no answer"),
                        QString::number(answer.body.size()), QString::number(answer.elapsedMs),
                        error.isError() ? QStringLiteral(" ") + error.message() : QString()));
}

FetchResult VideoApi::interpret(const QString& taskId, const HttpGetResult& answer) const
{
    FetchResult result;
    if (answer.answered()) {
        result = ResponseInterpreter::interpretStatus(taskId, answer.httpAnswer(), QDateTime::currentDateTimeUtc());
    } else if (answer.failure.kind == ErrorKind::Cancelled) {
        // A request stopped before its answer is a fault of the road, like a dropped connection.
        result.error = ApiError::of(ErrorKind::Network, ErrorReason::TransportFailed);
        result.error.transport = TransportFailure::Cancelled;
        result.error.host = answer.finalUrl.host();
        result.error.detail = QStringLiteral("cancelled");
    } else {
        result.error = answer.failure;
    }
    result.requestedId = taskId;
    if (!result.httpStatus)
        result.httpStatus = answer.httpStatus;
    if (result.error.isError())
        result.error = result.error.redacted(m_secret);
    if (result.task && result.task->error)
        result.task->error->message = SecretRedactor::redact(result.task->error->message, m_secret);
    return result;
}

} // namespace Reelwatch

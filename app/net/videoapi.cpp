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
        result.error = FetchError{FetchErrorKind::InvalidId, check.reason};
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
            if (answer.failure == HttpGetResult::Failure::None) {
                HttpAnswer http;
                http.httpStatus = answer.httpStatus;
                http.body = answer.body;
                http.retryAfter = answer.header("Retry-After");
                http.retryAfterMs = answer.header("retry-after-ms");
                list = ResponseInterpreter::interpretList(http, QDateTime::currentDateTimeUtc());
                list.failure.error.message = SecretRedactor::redact(list.failure.error.message, m_secret);
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
        result.error = check.valid
            ? FetchError{FetchErrorKind::InvalidId,
                         QStringLiteral("unknown content variant \"%1\" (video, thumbnail or spritesheet)")
                             .arg(variant)}
            : FetchError{FetchErrorKind::InvalidId, check.reason};
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
    const bool success
        = answer.failure == HttpGetResult::Failure::None && answer.httpStatus >= 200 && answer.httpStatus <= 299;
    if (!success) {
        // Transport failures and HTTP errors read exactly as they do for a status request: one set
        // of kinds (not found, key rejected, rate limited, …) and the server's own message.
        FetchResult failure = interpret(taskId, answer);
        result.error = failure.error;
        if (answer.httpStatus == 400 && failure.error.kind == FetchErrorKind::InvalidResponse) {
            // OpenAI answers 400 while the render is unfinished (or its assets are gone).
            const QString message = ResponseInterpreter::serverMessage(answer.body);
            QString text = QStringLiteral("the server has no %1 for this task (HTTP 400)").arg(variant);
            if (!message.isEmpty())
                text += QStringLiteral(": ") + message;
            result.error.message = SecretRedactor::redact(text, m_secret);
        }
        return result;
    }
    // A 2xx that is a JSON or HTML document is a gateway's error or login page, not the asset.
    const QByteArray type = result.contentType.toLower();
    const bool document = type.startsWith("application/json") || type.startsWith("text/html")
        || VideoTaskParser::looksLikeHtml(answer.body.left(1024));
    if (document || answer.body.isEmpty()) {
        const QString message = ResponseInterpreter::serverMessage(answer.body);
        QString text = answer.body.isEmpty()
            ? QStringLiteral("the server sent an empty %1 (HTTP %2)").arg(variant).arg(answer.httpStatus)
            : QStringLiteral("the server sent %1 instead of the %2 (HTTP %3)")
                  .arg(QString::fromLatin1(type.isEmpty() ? QByteArrayLiteral("a document") : type), variant)
                  .arg(answer.httpStatus);
        if (!message.isEmpty())
            text += QStringLiteral(": ") + message;
        result.error = FetchError{FetchErrorKind::InvalidResponse, SecretRedactor::redact(text, m_secret)};
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

void VideoApi::emitTrace(const HttpGetResult& answer, const FetchError& error)
{
    emit trace(QStringLiteral("GET %1 -> %2 (%3 bytes, %4 ms)%5")
                   .arg(answer.finalUrl.toDisplayString(QUrl::RemoveUserInfo),
                        answer.httpStatus ? QString::number(answer.httpStatus) : QStringLiteral("no answer"))
                   .arg(answer.body.size())
                   .arg(answer.elapsedMs)
                   .arg(error.isError() ? QStringLiteral(" ") + error.message : QString()));
}

FetchResult VideoApi::interpret(const QString& taskId, const HttpGetResult& answer) const
{
    FetchResult result;
    switch (answer.failure) {
    case HttpGetResult::Failure::None: {
        HttpAnswer http;
        http.httpStatus = answer.httpStatus;
        http.body = answer.body;
        http.contentType = answer.header("Content-Type");
        http.retryAfter = answer.header("Retry-After");
        http.retryAfterMs = answer.header("retry-after-ms");
        http.pollAfterMs = answer.header("openai-poll-after-ms");
        result = ResponseInterpreter::interpretStatus(taskId, http, QDateTime::currentDateTimeUtc());
        break;
    }
    case HttpGetResult::Failure::Timeout:
        result.error = FetchError{FetchErrorKind::Timeout, QStringLiteral("timed out: %1").arg(answer.failureMessage)};
        break;
    case HttpGetResult::Failure::TooLarge:
        result.error = FetchError{FetchErrorKind::TooLarge, answer.failureMessage};
        break;
    case HttpGetResult::Failure::RedirectRefused:
        result.error = FetchError{FetchErrorKind::InvalidResponse, answer.failureMessage};
        break;
    case HttpGetResult::Failure::Network:
    case HttpGetResult::Failure::Cancelled:
        result.error = FetchError{
            FetchErrorKind::Network,
            QStringLiteral("network error with %1: %2").arg(answer.finalUrl.host(), answer.failureMessage)};
        break;
    }
    result.requestedId = taskId;
    if (!result.httpStatus)
        result.httpStatus = answer.httpStatus;
    result.error.message = SecretRedactor::redact(result.error.message, m_secret);
    if (result.task && result.task->error)
        result.task->error->message = SecretRedactor::redact(result.task->error->message, m_secret);
    return result;
}

} // namespace Reelwatch

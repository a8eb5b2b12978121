#include "videoapi.h"

#include "core/responseinterpreter.h"
#include "core/secretredactor.h"
#include "core/taskid.h"
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

void VideoApi::get(const QUrl& url, qint64 maxBodyBytes, QObject* context,
                   std::function<void(const HttpGetResult&)> done)
{
    HttpGet::Options options;
    options.url = url;
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

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

    HttpGet::Options options;
    options.url = m_endpoint.statusUrl(check.id);
    options.credentialHeaderName = m_endpoint.authHeaderName();
    options.credentialHeaderValue = m_endpoint.authHeaderValue(m_secret);
    options.credentialOrigin = m_endpoint.baseUrl();
    options.timeoutMs = m_timeoutMs;
    options.maxBodyBytes = kMaxStatusBodyBytes;

    auto* get = new HttpGet(m_manager, options, this);
    const QString id = check.id;
    connect(get, &HttpGet::finished, context, [this, id, done = std::move(done)](const HttpGetResult& answer) {
        const FetchResult result = interpret(id, answer);
        emit trace(QStringLiteral("GET %1 -> %2 (%3 bytes, %4 ms)%5")
                       .arg(answer.finalUrl.toDisplayString(QUrl::RemoveUserInfo),
                            answer.httpStatus ? QString::number(answer.httpStatus) : QStringLiteral("no answer"))
                       .arg(answer.body.size())
                       .arg(answer.elapsedMs)
                       .arg(result.error.isError() ? QStringLiteral(" ") + result.error.message : QString()));
        done(result);
    });
    get->start();
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
    return result;
}

} // namespace Reelwatch

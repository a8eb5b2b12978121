#include "taskjson.h"

namespace Reelwatch {

namespace {

QJsonValue stringOrNull(const QString& text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue timeOrNull(const std::optional<qint64>& unixSeconds)
{
    return unixSeconds ? QJsonValue(*unixSeconds) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject TaskJson::fromResult(const FetchResult& result)
{
    QJsonObject object;
    object.insert(QStringLiteral("id"), result.requestedId);
    const VideoTask* task = result.task ? &*result.task : nullptr;
    object.insert(QStringLiteral("status"), task ? QJsonValue(statusWireName(task->status)) : QJsonValue::Null);
    object.insert(QStringLiteral("raw_status"), task ? stringOrNull(task->rawStatus) : QJsonValue::Null);
    object.insert(QStringLiteral("progress"), task && task->progress ? QJsonValue(*task->progress) : QJsonValue::Null);
    object.insert(QStringLiteral("model"), task ? stringOrNull(task->model) : QJsonValue::Null);
    object.insert(QStringLiteral("size"), task ? stringOrNull(task->size) : QJsonValue::Null);
    object.insert(QStringLiteral("seconds"), task ? stringOrNull(task->seconds) : QJsonValue::Null);
    object.insert(QStringLiteral("prompt"), task ? stringOrNull(task->prompt) : QJsonValue::Null);
    object.insert(QStringLiteral("created_at"), task ? timeOrNull(task->createdAt) : QJsonValue::Null);
    object.insert(QStringLiteral("completed_at"), task ? timeOrNull(task->completedAt) : QJsonValue::Null);
    object.insert(QStringLiteral("expires_at"), task ? timeOrNull(task->expiresAt) : QJsonValue::Null);
    if (task && task->error) {
        object.insert(QStringLiteral("error"),
                      QJsonObject{{QStringLiteral("code"), stringOrNull(task->error->code)},
                                  {QStringLiteral("message"), stringOrNull(task->error->message)}});
    } else {
        object.insert(QStringLiteral("error"), QJsonValue::Null);
    }
    object.insert(QStringLiteral("url"), task ? stringOrNull(task->resultUrl) : QJsonValue::Null);
    object.insert(QStringLiteral("http_status"), result.httpStatus ? QJsonValue(result.httpStatus) : QJsonValue::Null);
    if (result.error.isError()) {
        object.insert(QStringLiteral("fetch_error"), result.error.toJsonWithMessage());
    } else {
        object.insert(QStringLiteral("fetch_error"), QJsonValue::Null);
    }
    return object;
}

} // namespace Reelwatch

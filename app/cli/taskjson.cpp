#include "taskjson.h"

namespace Reelwatch {

JsonLine TaskJson::line(const FetchResult& result)
{
    JsonLine line;
    line.add("id", result.requestedId);
    const VideoTask* task = result.task ? &*result.task : nullptr;
    if (task) {
        line.add("status", statusWireName(task->status));
        line.addTextOrNull("raw_status", task->rawStatus);
        line.addOrNull("progress", task->progress ? std::optional<qint64>(*task->progress) : std::nullopt);
        line.addTextOrNull("model", task->model);
        line.addTextOrNull("size", task->size);
        line.addTextOrNull("seconds", task->seconds);
        line.addTextOrNull("prompt", task->prompt);
        line.addOrNull("created_at", task->createdAt);
        line.addOrNull("completed_at", task->completedAt);
        line.addOrNull("expires_at", task->expiresAt);
        line.addTextOrNull("url", task->resultUrl);
    } else {
        for (const char* key : {"status", "raw_status", "progress", "model", "size", "seconds", "prompt", "created_at",
                                "completed_at", "expires_at", "url"})
            line.addNull(key);
    }
    if (task && task->error) {
        QJsonObject error;
        error.insert(QStringLiteral("code"),
                     task->error->code.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(task->error->code));
        error.insert(QStringLiteral("message"),
                     task->error->message.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(task->error->message));
        line.add("error", error);
    } else {
        line.addNull("error");
    }
    line.addOrNull("http_status", result.httpStatus ? std::optional<qint64>(result.httpStatus) : std::nullopt);
    if (result.error.isError())
        line.add("fetch_error", result.error.toJsonWithMessage());
    else
        line.addNull("fetch_error");
    return line;
}

} // namespace Reelwatch

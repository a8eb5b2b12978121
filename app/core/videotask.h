#pragma once

#include "taskstatus.h"

#include <optional>
#include <QByteArray>
#include <QString>

namespace Reelwatch {

struct TaskError
{
    QString code;
    QString message;

    bool operator==(const TaskError& other) const { return code == other.code && message == other.message; }
};

// One render as the provider last described it, in canonical form. Times are unix seconds (UTC).
struct VideoTask
{
    QString id;
    QString object;
    QString model;
    TaskStatus status = TaskStatus::Unknown;
    QString rawStatus; // the provider's own word, shown beside the badge
    std::optional<int> progress; // 0–100 when the provider says
    QString prompt;
    QString size;
    QString seconds;
    std::optional<qint64> createdAt;
    std::optional<qint64> completedAt;
    std::optional<qint64> expiresAt;
    std::optional<TaskError> error;
    QString resultUrl; // a direct link to the result when the body carries one
    QString thumbnailUrl; // a direct link to a poster of the result when the body carries one
    std::optional<int> queuePosition; // renders ahead of this one, where the provider says (fal)
    QByteArray rawJson;
};

} // namespace Reelwatch

#pragma once

#include "apierror.h"
#include "videotask.h"

#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

namespace Reelwatch {

struct ParsedVideoTask
{
    bool ok = false;
    VideoTask task;
    ApiError problem; // why the body is not a task (ErrorKind::InvalidResponse), when !ok
};

// Reads a status response body of any shape Reelwatch knows (seed, OpenAI, gateway envelope,
// Kling, Runway, Luma, MiniMax, DashScope, OpenRouter) into a VideoTask. Unknown fields are ignored.
class VideoTaskParser
{
public:
    // expectedId fills VideoTask::id when the body does not name the task itself.
    static ParsedVideoTask parse(const QByteArray& body, const QString& expectedId = QString());

    // Reads one already-decoded task object (an element of a list response, say).
    static ParsedVideoTask parseObject(const QJsonObject& object, const QString& expectedId = QString());

    // Building blocks, public for the unit tests.
    static std::optional<int> progressFromJson(const QJsonValue& value);
    static std::optional<qint64> timestampFromJson(const QJsonValue& value);
    static bool looksLikeHtml(const QByteArray& body);
    // Why QJsonDocument refused a body, as precisely as its parser says: invalid UTF-8 and nesting
    // beyond its limit have reasons of their own, anything else is InvalidJson with the parser's words.
    static ApiError jsonProblem(const QJsonParseError& error);
};

} // namespace Reelwatch

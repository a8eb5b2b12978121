// Feeds arbitrary bytes to everything that reads what a server or a user's clipboard sends: the
// status parser, the response interpreter (with the body as a 200 and as an error answer), the
// header parsers, and task-ID extraction and validation. Any crash, leak or UB is a finding.

#include "core/responseinterpreter.h"
#include "core/taskid.h"
#include "core/videotaskparser.h"

#include <cstddef>
#include <cstdint>

using namespace Reelwatch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1762499410, Qt::UTC);

    const ParsedVideoTask parsed = VideoTaskParser::parse(bytes, QStringLiteral("video_fuzz"));
    if (parsed.ok && parsed.task.progress && (*parsed.task.progress < 0 || *parsed.task.progress > 100))
        __builtin_trap(); // progress must always be clamped

    for (const int status : {200, 400, 404, 429, 503}) {
        HttpAnswer answer;
        answer.httpStatus = status;
        answer.body = bytes;
        answer.retryAfter = bytes.left(40);
        answer.retryAfterMs = bytes.left(16);
        answer.pollAfterMs = bytes.left(16);
        const FetchResult result = ResponseInterpreter::interpretStatus(QStringLiteral("video_fuzz"), answer, now);
        if (result.ok() == result.error.isError())
            __builtin_trap(); // exactly one of task and error
        if (result.retryAfterMs && *result.retryAfterMs < 0)
            __builtin_trap();
    }

    const QString text = QString::fromUtf8(bytes);
    for (const QString& candidate : TaskId::extract(text))
        TaskId::validate(candidate);
    TaskId::validate(text);
    return 0;
}

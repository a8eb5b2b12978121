#include "videotaskparser.h"

#include "apiendpoint.h"
#include "jsonpointer.h"

#include <cmath>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QUrl>

namespace Reelwatch {

namespace {

// Unix seconds beyond this are taken to be milliseconds (1e11 s is the year 5138; 1e11 ms is 1973).
constexpr double kMillisecondThreshold = 1e11;

QString stringOf(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble()) {
        const double number = value.toDouble();
        if (std::isfinite(number) && number == std::floor(number) && std::fabs(number) < 1e15)
            return QString::number(static_cast<qint64>(number));
        return QString::number(number);
    }
    return QString();
}

// The first non-empty string among the named fields.
QString firstString(const QJsonObject& object, std::initializer_list<const char*> keys)
{
    for (const char* key : keys) {
        const QString value = stringOf(object.value(QLatin1String(key))).trimmed();
        if (!value.isEmpty())
            return value;
    }
    return QString();
}

QJsonValue firstPresent(const QJsonObject& object, std::initializer_list<const char*> keys)
{
    for (const char* key : keys) {
        const QJsonValue value = object.value(QLatin1String(key));
        if (!value.isUndefined() && !value.isNull())
            return value;
    }
    return QJsonValue(QJsonValue::Undefined);
}

// Where the known shapes keep a direct link to the result, in the order they are tried: the task
// object's own fields, then new-api's Kling envelope around it.
QString findResultUrl(const QJsonObject& task, const QJsonObject& outer)
{
    static const QList<JsonPointer> inTask = [] {
        QList<JsonPointer> pointers;
        for (const char* text : {"/url", "/video_url", "/result_url", "/metadata/url", "/output/0", "/output/video_url",
                                 "/assets/video", "/content/video_url", "/task_result/videos/0/url"})
            pointers << *JsonPointer::parse(QString::fromLatin1(text));
        return pointers;
    }();
    static const JsonPointer inEnvelope = *JsonPointer::parse(QStringLiteral("/data/task_result/videos/0/url"));
    const QJsonValue taskValue(task);
    for (const JsonPointer& pointer : inTask) {
        const QString text = pointer.resolve(taskValue).toString().trimmed();
        if (isWebLink(text))
            return text;
    }
    const QString text = inEnvelope.resolve(QJsonValue(outer)).toString().trimmed();
    return isWebLink(text) ? text : QString();
}

std::optional<TaskError> findError(const QJsonObject& task, TaskStatus status)
{
    const QJsonValue error = task.value(QLatin1String("error"));
    if (error.isObject()) {
        const QJsonObject errorObject = error.toObject();
        TaskError result{firstString(errorObject, {"code", "type"}), firstString(errorObject, {"message", "msg"})};
        if (!result.code.isEmpty() || !result.message.isEmpty())
            return result;
    } else if (error.isString() && !error.toString().trimmed().isEmpty()) {
        return TaskError{QString(), error.toString().trimmed()};
    }

    // Gateways and other providers: new-api fail_reason, Runway failure/failureCode, Luma
    // failure_reason, Kling task_status_msg, DashScope code/message beside a FAILED status.
    const QString reason = firstString(task, {"fail_reason", "failure_reason", "failure", "failReason"});
    const QString code = firstString(task, {"failureCode", "failure_code", "error_code"});
    if (!reason.isEmpty() || !code.isEmpty())
        return TaskError{code, reason};
    if (status == TaskStatus::Failure) {
        const QString message = firstString(task, {"task_status_msg", "message", "status_message"});
        const QString failureCode = firstString(task, {"code"});
        if (!message.isEmpty() || !failureCode.isEmpty())
            return TaskError{failureCode, message};
    }
    return std::nullopt;
}

// Picks the object that describes the task: the bare body, the envelope's data, or DashScope's output.
QJsonObject taskObjectOf(const QJsonObject& body)
{
    const QJsonValue data = body.value(QLatin1String("data"));
    if (data.isObject() && !body.contains(QLatin1String("status")))
        return data.toObject();

    const QJsonValue output = body.value(QLatin1String("output"));
    if (output.isObject() && !body.contains(QLatin1String("status"))) {
        // DashScope keeps the task inside "output" and the request id outside; merge so both are seen.
        QJsonObject merged = output.toObject();
        for (auto it = body.begin(); it != body.end(); ++it) {
            if (it.key() != QLatin1String("output") && !merged.contains(it.key()))
                merged.insert(it.key(), it.value());
        }
        return merged;
    }
    return body;
}

} // namespace

std::optional<int> VideoTaskParser::progressFromJson(const QJsonValue& value)
{
    double number = 0;
    bool isFraction = false;
    if (value.isDouble()) {
        number = value.toDouble();
        // Runway reports 0–1; a whole number is a percentage.
        isFraction = number > 0 && number < 1;
    } else if (value.isString()) {
        QString text = value.toString().trimmed();
        const bool percent = text.endsWith(QLatin1Char('%'));
        if (percent)
            text.chop(1);
        bool ok = false;
        number = text.trimmed().toDouble(&ok);
        if (!ok)
            return std::nullopt;
        isFraction = !percent && number > 0 && number < 1 && text.contains(QLatin1Char('.'));
    } else {
        return std::nullopt;
    }
    if (!std::isfinite(number))
        return std::nullopt;
    if (isFraction)
        number *= 100;
    return static_cast<int>(std::clamp(std::round(number), 0.0, 100.0));
}

std::optional<qint64> VideoTaskParser::timestampFromJson(const QJsonValue& value)
{
    double number = 0;
    if (value.isDouble()) {
        number = value.toDouble();
    } else if (value.isString()) {
        const QString text = value.toString().trimmed();
        if (text.isEmpty())
            return std::nullopt;
        bool ok = false;
        number = text.toDouble(&ok);
        if (!ok) {
            // A zone-less API time is UTC, not this machine's zone; parsing it as local time first would
            // lose the hour that a daylight-saving change skips.
            static const QRegularExpression hasZone(QStringLiteral("(Z|[+-]\\d{2}:?\\d{2})$"),
                                                    QRegularExpression::CaseInsensitiveOption);
            const QString withZone = hasZone.match(text).hasMatch() ? text : text + QLatin1Char('Z');
            QDateTime parsed = QDateTime::fromString(withZone, Qt::ISODateWithMs);
            if (!parsed.isValid())
                parsed = QDateTime::fromString(withZone, Qt::ISODate);
            if (!parsed.isValid())
                return std::nullopt;
            return parsed.toSecsSinceEpoch();
        }
    } else {
        return std::nullopt;
    }
    if (!std::isfinite(number) || number <= 0)
        return std::nullopt;
    if (number >= kMillisecondThreshold)
        number /= 1000.0;
    if (number >= kMillisecondThreshold)
        return std::nullopt; // microseconds or nonsense
    return static_cast<qint64>(number);
}

bool VideoTaskParser::looksLikeHtml(const QByteArray& body)
{
    const QByteArray start = body.left(512).trimmed().toLower();
    return start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<head")
        || start.startsWith("<body") || (start.startsWith("<") && start.contains("<title"));
}

ApiError VideoTaskParser::jsonProblem(const QJsonParseError& error)
{
    // QJsonDocument's parser stops at this depth (qjsonparser.cpp, nestingLimit).
    constexpr int kJsonNestingLimit = 1024;
    ApiError problem;
    switch (error.error) {
    case QJsonParseError::IllegalUTF8String:
        problem = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::InvalidUtf8);
        problem.amount = error.offset;
        break;
    case QJsonParseError::DeepNesting:
        problem = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::NestedTooDeep);
        problem.limit = kJsonNestingLimit;
        break;
    default:
        problem = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::InvalidJson);
        problem.detail = error.errorString();
        problem.amount = error.offset;
        break;
    }
    return problem;
}

ParsedVideoTask VideoTaskParser::parse(const QByteArray& body, const QString& expectedId)
{
    ParsedVideoTask result;
    if (body.trimmed().isEmpty()) {
        result.problem = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::EmptyBody);
        return result;
    }
    if (looksLikeHtml(body)) {
        result.problem = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::HtmlBody);
        return result;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.problem = jsonProblem(parseError);
        return result;
    }
    if (!document.isObject()) {
        result.problem = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::NotAnObject);
        return result;
    }
    result = parseObject(document.object(), expectedId);
    if (result.ok)
        result.task.rawJson = body;
    return result;
}

ParsedVideoTask VideoTaskParser::parseObject(const QJsonObject& body, const QString& expectedId)
{
    ParsedVideoTask result;
    const QJsonObject task = taskObjectOf(body);
    const QJsonValue statusValue = firstPresent(task, {"status", "task_status", "state"});
    if (!statusValue.isString() && !statusValue.isUndefined()) {
        // "status": 42 or an object: a status is there but of no shape these vocabularies use.
        result.problem = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::StatusNotText);
        result.problem.subject = statusValue.isDouble() ? QStringLiteral("number")
            : statusValue.isObject()                    ? QStringLiteral("object")
            : statusValue.isArray()                     ? QStringLiteral("array")
                                                        : QStringLiteral("boolean");
        return result;
    }
    if (statusValue.toString().trimmed().isEmpty()) {
        result.problem = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::NoTaskStatus);
        return result;
    }

    VideoTask& parsed = result.task;
    parsed.rawStatus = statusValue.toString().trimmed();
    parsed.status = normaliseStatus(parsed.rawStatus);
    parsed.id = firstString(task, {"task_id", "id", "video_id"}); // new-api: "id" is a row number
    if (parsed.id.isEmpty())
        parsed.id = expectedId;
    parsed.object = firstString(task, {"object"});
    parsed.model = firstString(task, {"model", "model_name"});
    parsed.progress = progressFromJson(firstPresent(task, {"progress", "percent", "progress_percent"}));
    if (!parsed.progress && parsed.status == TaskStatus::Success)
        parsed.progress = 100;
    parsed.prompt = firstString(task, {"prompt", "prompt_text", "promptText"});
    if (parsed.prompt.isEmpty())
        parsed.prompt = firstString(task.value(QLatin1String("request")).toObject(), {"prompt"});
    parsed.size = firstString(task, {"size", "resolution"});
    parsed.seconds = firstString(task, {"seconds", "duration"});
    parsed.createdAt = timestampFromJson(firstPresent(task, {"created_at", "createdAt", "submit_time", "create_time"}));
    parsed.completedAt = timestampFromJson(
        firstPresent(task, {"completed_at", "completedAt", "finished_at", "finish_time", "end_time"}));
    parsed.expiresAt = timestampFromJson(firstPresent(task, {"expires_at", "expiresAt", "expire_time"}));
    parsed.error = findError(task, parsed.status);
    parsed.resultUrl = findResultUrl(task, body);
    result.ok = true;
    return result;
}

} // namespace Reelwatch

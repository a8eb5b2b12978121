#include "responseinterpreter.h"

#include "videotaskparser.h"

#include <cmath>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Reelwatch {

namespace {

constexpr int kMaxMessageLength = 300;

} // namespace

QString ResponseInterpreter::oneLine(const QString& original)
{
    QString text = original.simplified();
    if (text.size() > kMaxMessageLength) {
        qsizetype cut = kMaxMessageLength - 1;
        if (text.at(cut - 1).isHighSurrogate())
            --cut; // never split a character made of two UTF-16 units
        text = text.left(cut) + QChar(0x2026);
    }
    return text;
}

namespace {

QJsonObject jsonObjectOf(const QByteArray& body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    return error.error == QJsonParseError::NoError ? document.object() : QJsonObject();
}

// The machine-readable code of an error body: error.code, error.type or a gateway's top-level code.
QString errorCodeOf(const QJsonObject& object)
{
    const QJsonValue error = object.value(QLatin1String("error"));
    if (error.isObject()) {
        const QJsonObject errorObject = error.toObject();
        for (const char* key : {"code", "type"}) {
            const QString code = errorObject.value(QLatin1String(key)).toString();
            if (!code.isEmpty())
                return code;
        }
    }
    const QJsonValue code = object.value(QLatin1String("code"));
    if (code.isString())
        return code.toString();
    if (code.isDouble())
        return QString::number(code.toInt());
    return QString();
}

} // namespace

bool ResponseInterpreter::saysNotFound(const QString& code, const QString& message)
{
    const QString text = (code + QLatin1Char(' ') + message).toLower();
    return text.contains(QLatin1String("not_exist")) || text.contains(QLatin1String("not exist"))
        || text.contains(QLatin1String("notfound")) || text.contains(QLatin1String("not_found"))
        || text.contains(QLatin1String("not found"));
}

namespace {

// A gateway envelope that reports failure in the body (often with HTTP 200): a code other than
// success/0 and no task object.
bool isFailedEnvelope(const QJsonObject& object)
{
    if (!object.contains(QLatin1String("code")) || object.value(QLatin1String("data")).isObject())
        return false;
    if (object.contains(QLatin1String("status")) || object.contains(QLatin1String("task_status")))
        return false;
    const QJsonValue code = object.value(QLatin1String("code"));
    if (code.isDouble())
        return code.toInt() != 0;
    const QString text = code.toString().toLower();
    return !text.isEmpty() && text != QLatin1String("success") && text != QLatin1String("0")
        && text != QLatin1String("ok");
}

} // namespace

QString ResponseInterpreter::serverMessage(const QByteArray& body)
{
    if (body.trimmed().isEmpty())
        return QString();
    if (VideoTaskParser::looksLikeHtml(body)) {
        static const QRegularExpression title(QStringLiteral("<title[^>]*>(.*?)</title>"),
                                              QRegularExpression::CaseInsensitiveOption
                                                  | QRegularExpression::DotMatchesEverythingOption);
        const auto match = title.match(QString::fromUtf8(body.left(64 * 1024)));
        return match.hasMatch() ? oneLine(match.captured(1)) : QString();
    }
    const QJsonObject object = jsonObjectOf(body);
    const QJsonValue error = object.value(QLatin1String("error"));
    if (error.isObject()) {
        const QString message = error.toObject().value(QLatin1String("message")).toString();
        if (!message.isEmpty())
            return oneLine(message);
    } else if (error.isString() && !error.toString().isEmpty()) {
        return oneLine(error.toString());
    }
    for (const char* key : {"message", "msg", "detail"}) {
        const QString message = object.value(QLatin1String(key)).toString();
        if (!message.isEmpty())
            return oneLine(message);
    }
    return QString();
}

std::optional<qint64> ResponseInterpreter::retryDelayMs(const QByteArray& retryAfter, const QByteArray& retryAfterMs,
                                                        const QDateTime& now)
{
    bool ok = false;
    const double milliseconds = retryAfterMs.trimmed().toDouble(&ok);
    // Anything beyond a day is nonsense (or an attempt to stall us); the caller bounds it further.
    constexpr double kMaxMs = 24.0 * 3600 * 1000;
    if (ok && std::isfinite(milliseconds) && milliseconds >= 0)
        return static_cast<qint64>(std::ceil(std::min(milliseconds, kMaxMs)));

    const QByteArray value = retryAfter.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    const double seconds = value.toDouble(&ok);
    if (ok) {
        if (!std::isfinite(seconds) || seconds < 0)
            return std::nullopt;
        return static_cast<qint64>(std::ceil(std::min(seconds * 1000, kMaxMs)));
    }
    // HTTP date, preferred form (RFC 9110 IMF-fixdate): "Sun, 06 Nov 1994 08:49:37 GMT". GMT is
    // rewritten as an explicit offset so the date is never read as local time (which would shift
    // it, or lose it in the hour a daylight-saving change skips).
    QString text = QString::fromLatin1(value);
    if (text.endsWith(QLatin1String(" GMT")) || text.endsWith(QLatin1String(" UTC")))
        text = text.left(text.size() - 4) + QStringLiteral(" +0000");
    const QDateTime date = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!date.isValid())
        return std::nullopt;
    return std::clamp<qint64>(now.msecsTo(date), 0, static_cast<qint64>(kMaxMs));
}

FetchResult ResponseInterpreter::resultFor(const QString& requestedId, const HttpAnswer& answer, const QDateTime& now)
{
    FetchResult result;
    result.requestedId = requestedId;
    result.httpStatus = answer.httpStatus;
    result.retryAfterMs = retryDelayMs(answer.retryAfter, answer.retryAfterMs, now);
    bool ok = false;
    const qint64 pollAfter = answer.pollAfterMs.trimmed().toLongLong(&ok);
    if (ok && pollAfter >= 0)
        result.pollAfterMs = std::min<qint64>(pollAfter, 24LL * 3600 * 1000);
    return result;
}

ApiError ResponseInterpreter::httpError(const HttpAnswer& answer, std::optional<qint64> retryAfterMs, QString message,
                                        QString code)
{
    if (message.isEmpty())
        message = serverMessage(answer.body);
    if (code.isEmpty())
        code = errorCodeOf(jsonObjectOf(answer.body));
    const int status = answer.httpStatus;
    if (status == 401 || status == 403)
        return ApiError::of(ErrorKind::Unauthorized, ErrorReason::KeyRejected, status, message);
    if (status == 404 || (status == 400 && saysNotFound(code, message)))
        return ApiError::of(ErrorKind::NotFound, ErrorReason::TaskNotFound, status, message);
    if (status == 429) {
        ApiError limited = ApiError::of(ErrorKind::RateLimited, ErrorReason::RateLimited, status, message);
        limited.retryAfterMs = retryAfterMs;
        return limited;
    }
    if (status >= 500 && status <= 599)
        return ApiError::of(ErrorKind::ServerError, ErrorReason::ServerFailed, status, message);
    return ApiError::of(ErrorKind::InvalidResponse, ErrorReason::UnexpectedStatus, status, message);
}

ApiError ResponseInterpreter::objectProblem(const QByteArray& body, QJsonObject* object)
{
    if (body.trimmed().isEmpty())
        return ApiError::of(ErrorKind::InvalidResponse, ErrorReason::EmptyBody);
    if (VideoTaskParser::looksLikeHtml(body))
        return ApiError::of(ErrorKind::InvalidResponse, ErrorReason::HtmlBody);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return VideoTaskParser::jsonProblem(parseError);
    if (!document.isObject())
        return ApiError::of(ErrorKind::InvalidResponse, ErrorReason::NotAnObject);
    *object = document.object();
    return ApiError();
}

FetchResult ResponseInterpreter::interpretStatus(const QString& requestedId, const HttpAnswer& answer,
                                                 const QDateTime& now)
{
    FetchResult result = resultFor(requestedId, answer, now);
    const int status = answer.httpStatus;
    // The common case, a 2xx task, parses the body once; the error paths below may parse it again.
    if (status >= 200 && status <= 299) {
        ParsedVideoTask parsed = VideoTaskParser::parse(answer.body, requestedId);
        if (parsed.ok) {
            parsed.task.id = requestedId.isEmpty() ? parsed.task.id : requestedId;
            result.task = std::move(parsed.task);
            return result;
        }
    }
    const QString message = serverMessage(answer.body);
    const QJsonObject object = jsonObjectOf(answer.body);
    const QString code = errorCodeOf(object);
    if (status < 200 || status > 299) {
        result.error = httpError(answer, result.retryAfterMs, message, code);
        return result;
    }

    if (isFailedEnvelope(object)) {
        const QString text = message.isEmpty() ? code : message;
        result.error = saysNotFound(code, message)
            ? ApiError::of(ErrorKind::NotFound, ErrorReason::NotFoundInBody, status, text)
            : ApiError::of(ErrorKind::InvalidResponse, ErrorReason::ReportedInBody, status, text);
        return result;
    }

    // A 2xx that is not a task (the task parse above failed): say why, with the server's words.
    if (!message.isEmpty() && saysNotFound(code, message)) {
        result.error = ApiError::of(ErrorKind::NotFound, ErrorReason::NotFoundInBody, status, message);
        return result;
    }
    result.error = VideoTaskParser::parse(answer.body, requestedId).problem;
    result.error.httpStatus = status;
    result.error.serverMessage = message;
    return result;
}

} // namespace Reelwatch

namespace Reelwatch {

ListResult ResponseInterpreter::interpretList(const HttpAnswer& answer, const QDateTime& now)
{
    ListResult list;
    const QJsonObject object = jsonObjectOf(answer.body);
    const bool looksLikeList = answer.httpStatus >= 200 && answer.httpStatus <= 299
        && object.value(QLatin1String("object")).toString() == QLatin1String("list")
        && object.value(QLatin1String("data")).isArray();
    if (!looksLikeList) {
        list.failure = interpretStatus(QString(), answer, now);
        if (!list.failure.error.isError()) {
            // A well-formed answer of another shape (a single task, say): still no list route.
            list.failure.task.reset();
            list.failure.error = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::NotAList, answer.httpStatus);
        }
        return list;
    }
    list.isList = true;
    for (const QJsonValue& item : object.value(QLatin1String("data")).toArray()) {
        ParsedVideoTask parsed = VideoTaskParser::parseObject(item.toObject());
        if (!parsed.ok || parsed.task.id.isEmpty())
            continue;
        parsed.task.rawJson = QJsonDocument(item.toObject()).toJson(QJsonDocument::Compact);
        list.tasks << parsed.task;
    }
    list.lastId = object.value(QLatin1String("last_id")).toString();
    list.hasMore = object.value(QLatin1String("has_more")).toBool();
    return list;
}

} // namespace Reelwatch

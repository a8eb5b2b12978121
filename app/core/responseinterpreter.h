#pragma once

#include "fetchresult.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>

namespace Reelwatch {

// What came back over HTTP for one status request, as far as the interpreter needs it.
struct HttpAnswer
{
    int httpStatus = 0;
    QByteArray body;
    QByteArray contentType;
    QByteArray retryAfter; // Retry-After: seconds or an HTTP date
    QByteArray retryAfterMs; // retry-after-ms
    QByteArray pollAfterMs; // openai-poll-after-ms
};

// A page of GET /v1/videos (OpenAI's list object).
struct ListResult
{
    bool isList = false; // the server answered with a real list object
    QList<VideoTask> tasks;
    QString lastId; // the cursor of the next page: the last ID (OpenAI), an offset, a page, a token
    bool hasMore = false;
    FetchResult failure; // when !isList: why (error kind and message, retry delay)
};

// Turns an HTTP answer into a FetchResult: a parsed task, or an error of a precise kind with a
// message fit to show a user (the server's own message when it sent one). Pure logic, no I/O.
class ResponseInterpreter
{
public:
    static FetchResult interpretStatus(const QString& requestedId, const HttpAnswer& answer, const QDateTime& now);

    // A list page. Anything but {"object":"list","data":[…]} is "not a list" (many gateways have no
    // such route), with the error kind set as for a status answer.
    static ListResult interpretList(const HttpAnswer& answer, const QDateTime& now);

    // Milliseconds to wait, from retry-after-ms (preferred) or Retry-After (seconds or HTTP date).
    static std::optional<qint64> retryDelayMs(const QByteArray& retryAfter, const QByteArray& retryAfterMs,
                                              const QDateTime& now);

    // The message an error body carries: OpenAI's error.message, a gateway's message, the <title>
    // of an HTML page. Shortened to one line of at most 300 characters.
    static QString serverMessage(const QByteArray& body);
    // Text a server sent, as one line of at most 300 characters.
    static QString oneLine(const QString& text);

    // Building blocks for providers that read their own shapes.
    // A result with what every answer tells: the ID asked for, the HTTP status, when to ask again.
    static FetchResult resultFor(const QString& requestedId, const HttpAnswer& answer, const QDateTime& now);
    // What an answer outside 2xx is: key rejected (401, 403), no such task (404, or a 400 that says
    // so), rate limited (429, with the delay), a server error (5xx), anything else unexpected. The
    // server's words are `message` and its machine code `code`, read from the body when empty.
    static ApiError httpError(const HttpAnswer& answer, std::optional<qint64> retryAfterMs, QString message = {},
                              QString code = {});
    // Why a body is not a JSON object (empty, an HTML page, invalid JSON, another JSON value); no
    // error, and the object in `object`, when it is one.
    static ApiError objectProblem(const QByteArray& body, QJsonObject* object);
    // Whether an error code or message says "not found" in one of the ways servers say it.
    static bool saysNotFound(const QString& code, const QString& message);
};

} // namespace Reelwatch

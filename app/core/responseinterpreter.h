#pragma once

#include "fetchresult.h"

#include <QByteArray>
#include <QDateTime>

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
    QString lastId;
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
};

} // namespace Reelwatch

#pragma once

#include "core/apiendpoint.h"
#include "core/fetchresult.h"
#include "core/responseinterpreter.h"

#include <functional>
#include <QObject>

class QNetworkAccessManager;

namespace Reelwatch {

struct HttpGetResult;

// The bytes of a task's downloadable asset (GET {videos}/{id}/content?variant=…), or why not.
struct ContentResult
{
    QString requestedId;
    QString variant;
    int httpStatus = 0; // 0 when no HTTP answer arrived
    QByteArray bytes;
    QByteArray contentType; // as the server (or the CDN it redirected to) declared it
    ApiError error; // the same kinds and wording as a status request's errors

    bool ok() const { return !error.isError(); }
};

// The API of one profile: a server, an auth mode and its secret. Requests go through the process's
// one QNetworkAccessManager so connections to a host are reused.
class VideoApi : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultTimeoutMs = 30000;
    static constexpr qint64 kMaxStatusBodyBytes = 1024 * 1024;
    static constexpr qint64 kMaxListBodyBytes = 16 * 1024 * 1024; // 100 tasks with long prompts
    static constexpr qint64 kMaxThumbnailBytes = 4 * 1024 * 1024;

    VideoApi(QNetworkAccessManager* manager, ApiEndpoint endpoint, QByteArray secret, QObject* parent = nullptr);

    const ApiEndpoint& endpoint() const { return m_endpoint; }
    void setTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }
    int timeoutMs() const { return m_timeoutMs; }
    void setSecret(const QByteArray& secret) { m_secret = secret; }

    // Asks for one task's status. `done` runs exactly once, later, on this thread, unless `context`
    // is destroyed first. An invalid ID is answered with ErrorKind::InvalidId and never sent.
    void fetchStatus(const QString& taskId, QObject* context, std::function<void(const FetchResult&)> done);

    // Asks for one page of GET {videos}?limit=…&order=desc[&after=…]. Servers without that route
    // answer with ListResult::isList false.
    void fetchList(int limit, const QString& after, QObject* context, std::function<void(const ListResult&)> done);

    // Asks for one asset of a task ("video", "thumbnail" or "spritesheet") into memory, reading at
    // most `maxBytes` (for small assets such as thumbnails; whole videos belong on disk). Redirects to
    // a CDN are followed without the credential. `done` runs exactly once, later, on this thread,
    // unless `context` is destroyed first.
    void fetchContent(const QString& taskId, const QString& variant, qint64 maxBytes, QObject* context,
                      std::function<void(const ContentResult&)> done);

    // Turns a finished GET into a FetchResult.
    FetchResult interpret(const QString& taskId, const HttpGetResult& answer) const;

signals:
    // One line per finished request for verbose output: method, URL, status, bytes, time. Never
    // headers, so never the secret.
    void trace(const QString& line);

private:
    void get(const QUrl& url, qint64 maxBodyBytes, QObject* context, std::function<void(const HttpGetResult&)> done,
             const QByteArray& accept = QByteArrayLiteral("application/json"));
    ContentResult interpretContent(const QString& taskId, const QString& variant, const HttpGetResult& answer) const;
    void emitTrace(const HttpGetResult& answer, const ApiError& error);

    QNetworkAccessManager* m_manager;
    ApiEndpoint m_endpoint;
    QByteArray m_secret;
    int m_timeoutMs = kDefaultTimeoutMs;
};

} // namespace Reelwatch

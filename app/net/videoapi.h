#pragma once

#include "core/apiendpoint.h"
#include "core/fetchresult.h"
#include "core/provider.h"
#include "core/responseinterpreter.h"

#include <functional>
#include <QObject>

class QNetworkAccessManager;

namespace Reelwatch {

struct HttpGetResult;

// The bytes of a task's downloadable asset (a route of the provider's own, or a link the status gave),
// or why not.
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

// The API of one profile: a server, the provider that says how to speak to it, and its secret. Every
// request is one the provider built; every answer is read by the provider. Requests go through the
// process's one QNetworkAccessManager so connections to a host are reused.
class VideoApi : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultTimeoutMs = 30000;
    static constexpr qint64 kMaxThumbnailBytes = 4 * 1024 * 1024;
    // Requests one status lookup may take (MiniMax and fal need two); a provider asking for more is
    // cut off there rather than trusted.
    static constexpr int kMaxStatusSteps = 3;

    VideoApi(QNetworkAccessManager* manager, ApiEndpoint endpoint, QByteArray secret, QObject* parent = nullptr);

    const ApiEndpoint& endpoint() const { return m_endpoint; }
    const Provider& provider() const { return m_endpoint.provider(); }
    void setTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }
    int timeoutMs() const { return m_timeoutMs; }
    void setSecret(const QByteArray& secret) { m_secret = secret; }

    // Asks for one task's status: the provider's request, and the follow-up requests its reading asks
    // for. `done` runs exactly once, later, on this thread, unless `context` is destroyed first. An ID
    // the provider does not accept is answered with ErrorKind::InvalidId and never sent.
    void fetchStatus(const QString& taskId, QObject* context, std::function<void(const FetchResult&)> done);

    // Asks for one page of the account's newest tasks (`cursor` empty for the first page). Providers
    // without a list route, and servers without one, answer with ListResult::isList false; the
    // former without sending anything.
    void fetchList(int limit, const QString& cursor, QObject* context, std::function<void(const ListResult&)> done);

    // Asks for one asset of a task ("video", "thumbnail" or "spritesheet") from the provider's own
    // route into memory, reading at most `maxBytes` (for small assets such as thumbnails; whole videos
    // belong on disk). Redirects to a CDN are followed without the credential. `done` runs exactly
    // once, later, on this thread, unless `context` is destroyed first.
    void fetchContent(const QString& taskId, const QString& variant, qint64 maxBytes, QObject* context,
                      std::function<void(const ContentResult&)> done);
    // A succeeded task's poster: the thumbnail link its status gave (the credential only if that link
    // is on the API's own origin), else the provider's content route.
    void fetchThumbnail(const VideoTask& task, qint64 maxBytes, QObject* context,
                        std::function<void(const ContentResult&)> done);

signals:
    // One line per finished request for verbose output: method, URL, status, bytes, time. Never
    // headers, so never the secret.
    void trace(const QString& line);

private:
    void sendStatusStep(const QString& taskId, const ProviderRequest& request, const QByteArray& carry, int step,
                        QObject* context, std::function<void(const FetchResult&)> done);
    void get(const ProviderRequest& request, QObject* context, std::function<void(const HttpGetResult&)> done);
    void fetchAsset(const QString& taskId, const QString& variant, std::optional<ProviderRequest> request,
                    qint64 maxBytes, QObject* context, std::function<void(const ContentResult&)> done);
    // A GET that brought no answer (timeout, refused, too large, cancelled), as a FetchResult.
    FetchResult unanswered(const QString& taskId, const HttpGetResult& answer) const;
    // The secret taken out of every string a result carries.
    FetchResult redacted(FetchResult result) const;
    ContentResult interpretContent(const QString& taskId, const QString& variant, const HttpGetResult& answer) const;
    void emitTrace(const HttpGetResult& answer, const ApiError& error);

    QNetworkAccessManager* m_manager;
    ApiEndpoint m_endpoint;
    QByteArray m_secret;
    int m_timeoutMs = kDefaultTimeoutMs;
};

} // namespace Reelwatch

#pragma once

#include "core/apiendpoint.h"
#include "core/apierror.h"
#include "core/provider.h"
#include "core/videotask.h"

#include <memory>
#include <optional>
#include <QElapsedTimer>
#include <QFile>
#include <QLockFile>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace Reelwatch {

struct DownloadResult
{
    ApiError error; // none when the file is there; its strings never contain the secret
    int httpStatus = 0; // of the last answer; 0 when none arrived
    QString path; // where the file is (success) or was meant to go
    QString partPath; // the partial file, when one is kept for a later resume
    qint64 bytes = 0; // the size of the file (or bytes streamed to the device)
    qint64 total = -1; // as the server declared it; -1 when unknown
    qint64 resumedFrom = 0; // bytes already on disk when the first request went out
    int resumes = 0; // automatic resumes after a broken connection
    bool restarted = false; // the server ignored Range, so the part file started over
    qint64 elapsedMs = 0;
    QByteArray contentType;

    bool ok() const { return !error.isError(); }
    ErrorKind kind() const { return error.kind; }
    // What went wrong, and where the bytes received so far are kept when a part file stays.
    QString message() const;
};

// One asset download to disk, streamed: each chunk the network delivers goes straight to
// `<target>.part` (the reply's read buffer is bounded, so memory stays flat for any size), which is
// renamed to the target only once complete and of the declared size, and never over an existing
// file. `<target>.part.json` records whose bytes the part holds (task, variant, total, ETag or
// Last-Modified): a `.part` left by an earlier attempt is resumed with a Range (and If-Range) request
// only when that record matches, and started over otherwise; a 200 answer makes it start over too,
// but only once the answer is known to be the asset. `<target>.part.lock` (and a process-wide set of
// claimed names) keeps two downloads off one name: the later one takes "NAME (2)". Honest short 206
// answers are followed with further Range requests. Redirects are followed by hand with HttpGet's policy: the
// credential goes only to its own origin, so a signed CDN link never sees it. Deletes itself after
// finished().
class Downloader : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QUrl url;
        // The provider's headers (the credential among them): sent only to credentialOrigin.
        QList<QPair<QByteArray, QByteArray>> originHeaders;
        QUrl credentialOrigin;
        ApiError unavailable; // set: there is nothing to fetch (no route, no link); finished() says so
        QByteArray secret; // only to keep it out of messages
        QString taskId; // for messages
        QString variant = QStringLiteral("video");
        std::optional<qint64> expiresAt; // unix seconds, when the status said
        QString targetPath; // the final file; ignored when `device` is set
        QIODevice* device = nullptr; // stream here instead (standard output): no part file, no resume
        // Less than kStallProgressBytes of the asset in this long ends the download (its part file is
        // kept for a resume); there is no total deadline, so a large file on a slow line still arrives.
        int stallTimeoutMs = 30000;
        int maxRedirects = 5;
        int maxAutoResumes = 3; // after a broken connection, when the server takes Range requests
    };

    // The provider's own route for the asset, with its headers; `unavailable` when it has none.
    static Request forContent(const ApiEndpoint& endpoint, const QByteArray& secret, const QString& taskId,
                              const QString& variant);
    // A link from a status body: the provider's headers are sent only if it is on the API's origin.
    static Request forUrl(const QUrl& url, const ApiEndpoint& endpoint, const QByteArray& secret, const QString& taskId,
                          const QString& variant);

    // A succeeded task's asset: the link its status gave (the result for "video", the poster for
    // "thumbnail"), else the provider's content route; carries the task's expiry for the messages.
    static Request forTask(const ApiEndpoint& endpoint, const QByteArray& secret, const VideoTask& task,
                           const QString& variant);

    Downloader(QNetworkAccessManager* manager, Request request, QObject* parent = nullptr);
    ~Downloader() override;

    // finished() follows exactly once, always later (never from within start()).
    void start();
    // Stops at once; finished() follows with Cancelled and the part file kept for a resume.
    void cancel();

    static constexpr qint64 kReadChunkBytes = 256 * 1024;
    // What counts as progress within the stall timeout.
    static constexpr qint64 kStallProgressBytes = 1024;
    // Range requests one download may make to follow short 206 answers.
    static constexpr int kMaxRangeRequests = 64;

    // True when another download (in this process, or a live one elsewhere holding NAME.part.lock)
    // is writing to `targetPath`: such a name is not free even though no file exists under it yet.
    static bool isTargetBusy(const QString& targetPath);

signals:
    void progress(qint64 bytes, qint64 total);
    void finished(const Reelwatch::DownloadResult& result);

private:
    enum class Abort
    {
        None,
        Cancelled,
        Timeout,
        LocalError,
        Restart,
    };
    enum class Mode
    {
        Pending, // headers not looked at yet
        Discard, // a redirect's body
        Write, // the asset
        ErrorBody, // an error answer, kept (capped) for its message
    };

    bool openSink();
    bool claimTarget();
    void releaseTarget();
    bool readSidecar();
    void writeSidecar(QNetworkReply* reply);
    void restartFromZero();
    void send(const QUrl& url);
    void onReadyRead();
    void onFinished();
    // The stall timeout starts again, counting progress from the bytes there are now.
    // The answer was a redirect (status in m_result): on to its target, or fail.
    void followRedirect(const QUrl& from, const QByteArray& location);
    void restartStallClock();
    bool checkHeaders(QNetworkReply* reply);
    bool drain(QNetworkReply* reply);
    bool truncateSinkTo(qint64 size);
    void complete();
    void classifyErrorAnswer(QNetworkReply* reply);
    // A local write failed: the kind follows from errno and the file's error.
    void failLocal(ErrorReason reason, const QString& subject, int errorNumber, const QString& errorText,
                   const QString& object = QString());
    void fail(ErrorKind kind, ErrorReason reason);
    void fail(const ApiError& error);
    void finish();
    QString assetName() const;

    QNetworkAccessManager* m_manager;
    Request m_request;
    QFile m_part;
    QIODevice* m_sink = nullptr;
    QPointer<QNetworkReply> m_reply;
    DownloadResult m_result;
    QElapsedTimer m_clock;
    QTimer m_stall;
    Abort m_abort = Abort::None;
    Mode m_mode = Mode::Pending;
    QByteArray m_errorBody;
    QByteArray m_buffer;
    qint64 m_attemptStart = 0; // bytes on disk when the current request went out
    qint64 m_bytesAtStallMark = 0; // m_result.bytes when the stall clock last started
    int m_redirects = 0;
    bool m_acceptsRanges = false;
    bool m_documentAnswer = false; // a 2xx that is a JSON or HTML page, not the asset
    bool m_done = false;
    // The part file belongs to this task and variant (its sidecar says so), so it may be resumed.
    bool m_sidecarMatches = false;
    qint64 m_sidecarTotal = -1;
    QByteArray m_validator; // strong ETag or Last-Modified of the bytes in the part file, for If-Range
    qint64 m_rangeEnd = -1; // one past the last byte the current 206 promised; -1 for a 200
    int m_rangeRequests = 0;
    int m_targetNumber = 1; // the "(n)" of the claimed name
    QString m_claimedTarget;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace Reelwatch

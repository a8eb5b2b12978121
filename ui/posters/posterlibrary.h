#pragma once

#include "store/storetypes.h"

#include <deque>
#include <functional>
#include <memory>
#include <QCache>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QThreadPool>

namespace Reelwatch {

class PosterDiskCache;
struct ContentResult;
class VideoApi;

enum class PictureKind
{
    Poster, // the thumbnail: one still of the render
    Spritesheet, // frames through the render, for scrubbing
};

// The pictures of finished renders, for every view that shows them. Asked for while painting, so
// only what is on screen is ever fetched: from memory, else from the disk cache, else from the
// server (at most two at a time, the most recently asked first). Decoding happens off the GUI
// thread. Decoded pictures are bounded in memory (least recently used dropped), so RSS does not
// grow with the number of tasks. The key is never handled here: requests go through the profile's
// VideoApi, which sends the credential only to the API's own origin.
class PosterLibrary : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxFetchesInFlight = 2;
    // Requests waiting for the network; older ones are dropped first (they have scrolled away).
    static constexpr int kMaxWaiting = 128;
    // A poster is kept decoded with its long side at most this (enough for a card on a 2x screen).
    static constexpr int kPosterLongSide = 384;
    static constexpr int kSpritesheetLongSide = 1536;
    // About two screens of large cards, and a few spritesheets.
    static constexpr int kMemoryKiB = 24 * 1024;
    // A picture that could not be had is asked for again after this long, not at every repaint.
    static constexpr qint64 kRetryAfterFailureMs = 5 * 60 * 1000;

    struct Stats
    {
        int networkRequests = 0;
        int diskHits = 0;
        int failures = 0;
    };

    // The library owns its disk cache (null: memory only) so that no decoder job outlives it.
    PosterLibrary(std::function<VideoApi*(qint64 profileId)> apiFor, std::unique_ptr<PosterDiskCache> disk,
                  QObject* parent = nullptr);
    ~PosterLibrary() override;

    // Only a succeeded task has pictures.
    static bool mayHavePictures(const StoredTask& task);
    // The picture's name in the disk cache.
    static QString cacheKey(qint64 profileId, const QString& taskId, PictureKind kind);

    // The decoded picture if it is in memory. Otherwise a null image and, unless it is on its way or
    // failed a short while ago, a request for it; pictureReady() says when it has arrived.
    QImage picture(const StoredTask& task, PictureKind kind);
    // What is in memory, asking for nothing.
    QImage cachedPicture(qint64 profileId, const QString& taskId, PictureKind kind) const;
    // Why the last attempt at this picture failed ("HTTP 404 …", "the image could not be read"); empty
    // when it did not fail.
    QString failure(qint64 profileId, const QString& taskId, PictureKind kind) const;
    // Whether the server said it has no such picture (no route for it, or 404), rather than failing
    // for a while (a timeout, a 5xx): only then does a picture made here stand in for it.
    bool serverHasNone(qint64 profileId, const QString& taskId, PictureKind kind) const;
    // The next picture() asks again at once (a task the user opens gets another try).
    void forgetFailure(qint64 profileId, const QString& taskId, PictureKind kind);

    // Takes a picture made here (the first frame of a saved video, for a server that has no poster)
    // as the task's picture: kept in memory and in the disk cache like a fetched one, and announced
    // with pictureReady().
    void adopt(qint64 profileId, const QString& taskId, PictureKind kind, const QImage& image);

    Stats stats() const { return m_stats; }
    PosterDiskCache* disk() const { return m_disk.get(); }
    int waitingCount() const { return int(m_waiting.size()); }
    int inFlightCount() const { return m_networkInFlight; }
    // Pictures on their way in any step: read from disk, fetched, decoded or written.
    int busyCount() const { return int(m_busy.size()); }

signals:
    void pictureReady(qint64 profileId, const QString& taskId, Reelwatch::PictureKind kind);
    void pictureFailed(qint64 profileId, const QString& taskId, Reelwatch::PictureKind kind, const QString& reason);

private:
    struct Request
    {
        QString key;
        PictureKind kind;
        StoredTask task;
    };
    static QImage decode(const QByteArray& bytes, PictureKind kind);
    void readFromDisk(Request request);
    void queueForNetwork(Request request);
    void pumpNetwork();
    void fetched(const Request& request, const ContentResult& result);
    void arrived(const Request& request, const QImage& image);
    void failed(const Request& request, const QString& reason, bool serverHasNone = false);

    std::function<VideoApi*(qint64)> m_apiFor;
    // Declared before m_decoder, so the decoder's jobs have finished before the cache goes.
    std::unique_ptr<PosterDiskCache> m_disk;
    QCache<QString, QImage> m_memory;
    QSet<QString> m_busy; // being read, fetched or decoded
    struct Failure
    {
        qint64 atMs = 0;
        QString reason;
        bool serverHasNone = false;
    };
    QHash<QString, Failure> m_failures;
    std::deque<Request> m_waiting;
    int m_networkInFlight = 0;
    Stats m_stats;
    // One thread: decoding is quick and in order; it must only keep the GUI thread free.
    QThreadPool m_decoder;
};

} // namespace Reelwatch

#include "posterlibrary.h"

#include "net/videoapi.h"
#include "posterdiskcache.h"

#include <QBuffer>
#include <QDateTime>
#include <QImageReader>

namespace Reelwatch {

PosterLibrary::PosterLibrary(std::function<VideoApi*(qint64 profileId)> apiFor, std::unique_ptr<PosterDiskCache> disk,
                             QObject* parent)
    : QObject(parent)
    , m_apiFor(std::move(apiFor))
    , m_disk(std::move(disk))
    , m_memory(kMemoryKiB)
{
    m_decoder.setMaxThreadCount(1);
    m_decoder.setObjectName(QStringLiteral("posterDecoder"));
}

PosterLibrary::~PosterLibrary()
{
    m_decoder.clear();
    m_decoder.waitForDone();
}

bool PosterLibrary::mayHavePictures(const StoredTask& task)
{
    return task.last && task.last->status == TaskStatus::Success;
}

QString PosterLibrary::cacheKey(qint64 profileId, const QString& taskId, PictureKind kind)
{
    return QString::number(profileId)
        + (kind == PictureKind::Poster ? QLatin1String("/poster/") : QLatin1String("/spritesheet/")) + taskId;
}

QImage PosterLibrary::cachedPicture(qint64 profileId, const QString& taskId, PictureKind kind) const
{
    const QImage* image = m_memory.object(cacheKey(profileId, taskId, kind));
    return image ? *image : QImage();
}

QString PosterLibrary::failure(qint64 profileId, const QString& taskId, PictureKind kind) const
{
    return m_failures.value(cacheKey(profileId, taskId, kind)).reason;
}

bool PosterLibrary::serverHasNone(qint64 profileId, const QString& taskId, PictureKind kind) const
{
    return m_failures.value(cacheKey(profileId, taskId, kind)).serverHasNone;
}

void PosterLibrary::forgetFailure(qint64 profileId, const QString& taskId, PictureKind kind)
{
    m_failures.remove(cacheKey(profileId, taskId, kind));
}

QImage PosterLibrary::picture(const StoredTask& task, PictureKind kind)
{
    const QString key = cacheKey(task.profileId, task.taskId, kind);
    if (const QImage* image = m_memory.object(key))
        return *image;
    if (!mayHavePictures(task) || m_busy.contains(key))
        return QImage();
    const auto failure = m_failures.constFind(key);
    if (failure != m_failures.constEnd()) {
        if (QDateTime::currentMSecsSinceEpoch() - failure->atMs < kRetryAfterFailureMs)
            return QImage();
        m_failures.erase(failure);
    }
    m_busy.insert(key);
    readFromDisk(Request{key, kind, task});
    return QImage();
}

QImage PosterLibrary::decode(const QByteArray& bytes, PictureKind kind)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setDecideFormatFromContent(true); // servers label webp, jpeg and png loosely
    const int longSide = kind == PictureKind::Poster ? kPosterLongSide : kSpritesheetLongSide;
    const QSize size = reader.size();
    // A huge declared size is refused before it is decoded (an image bomb stays a small file).
    if (size.isValid() && qint64(size.width()) * size.height() > 64LL * 1024 * 1024)
        return QImage();
    if (size.isValid() && std::max(size.width(), size.height()) > longSide)
        reader.setScaledSize(size.scaled(longSide, longSide, Qt::KeepAspectRatio));
    QImage image = reader.read();
    if (image.isNull())
        return image;
    return image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32);
}

void PosterLibrary::readFromDisk(Request request)
{
    // The destructor waits for the decoder, and events posted to a deleted object are dropped, so
    // `this` is safe in both lambdas.
    m_decoder.start([this, request = std::move(request)] {
        const std::optional<QByteArray> bytes = m_disk ? m_disk->read(request.key) : std::nullopt;
        const QImage image = bytes ? decode(*bytes, request.kind) : QImage();
        QMetaObject::invokeMethod(
            this,
            [this, request, image] {
                if (image.isNull()) {
                    queueForNetwork(request);
                    return;
                }
                ++m_stats.diskHits;
                arrived(request, image);
            },
            Qt::QueuedConnection);
    });
}

void PosterLibrary::queueForNetwork(Request request)
{
    m_waiting.push_back(std::move(request));
    while (int(m_waiting.size()) > kMaxWaiting) {
        m_busy.remove(m_waiting.front().key); // asked for again if it scrolls back into view
        m_waiting.pop_front();
    }
    pumpNetwork();
}

void PosterLibrary::pumpNetwork()
{
    while (m_networkInFlight < kMaxFetchesInFlight && !m_waiting.empty()) {
        const Request request = std::move(m_waiting.back());
        m_waiting.pop_back();
        VideoApi* api = m_apiFor ? m_apiFor(request.task.profileId) : nullptr;
        if (!api || !request.task.last) {
            failed(request, tr("the task's profile is unknown"));
            continue;
        }
        ++m_networkInFlight;
        ++m_stats.networkRequests;
        const auto done = [this, request](const ContentResult& result) {
            --m_networkInFlight;
            fetched(request, result);
            pumpNetwork();
        };
        if (request.kind == PictureKind::Poster) {
            VideoTask task = *request.task.last;
            task.id = request.task.taskId;
            api->fetchThumbnail(task, VideoApi::kMaxThumbnailBytes, this, done);
        } else {
            api->fetchContent(request.task.taskId, QStringLiteral("spritesheet"), PosterDiskCache::kMaxEntryBytes, this,
                              done);
        }
    }
}

void PosterLibrary::fetched(const Request& request, const ContentResult& result)
{
    if (!result.ok()) {
        const bool none = result.error.reason == ErrorReason::NoAssetRoute || result.error.kind == ErrorKind::NotFound
            || result.httpStatus == 404;
        failed(request, result.error.message(), none);
        return;
    }
    const QByteArray bytes = result.bytes;
    const QString unreadable
        = tr("the image could not be read (%1)")
              .arg(result.contentType.isEmpty() ? tr("no type given") : QString::fromLatin1(result.contentType));
    m_decoder.start([this, request, bytes, unreadable] {
        const QImage image = decode(bytes, request.kind);
        // Only what decodes is kept: an error page with a 200 must not stand in for a poster.
        if (!image.isNull() && m_disk)
            m_disk->write(request.key, bytes);
        QMetaObject::invokeMethod(
            this,
            [this, request, image, unreadable] {
                if (image.isNull())
                    failed(request, unreadable);
                else
                    arrived(request, image);
            },
            Qt::QueuedConnection);
    });
}

void PosterLibrary::adopt(qint64 profileId, const QString& taskId, PictureKind kind, const QImage& image)
{
    if (image.isNull())
        return;
    const int longSide = kind == PictureKind::Poster ? kPosterLongSide : kSpritesheetLongSide;
    const QImage scaled = std::max(image.width(), image.height()) > longSide
        ? image.scaled(longSide, longSide, Qt::KeepAspectRatio, Qt::SmoothTransformation)
        : image;
    Request request;
    request.key = cacheKey(profileId, taskId, kind);
    request.kind = kind;
    request.task.profileId = profileId;
    request.task.taskId = taskId;
    m_failures.remove(request.key);
    arrived(request, scaled.convertToFormat(QImage::Format_RGB32));
    if (!m_disk)
        return;
    // Encoded and written off the GUI thread, in the same order as every other disk write.
    m_decoder.start([this, key = request.key, scaled] {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        // JPEG keeps a frame small; PNG where Qt was built without its JPEG plugin.
        if (!scaled.save(&buffer, "JPEG", 85)) {
            bytes.clear();
            buffer.seek(0);
            if (!scaled.save(&buffer, "PNG"))
                return;
        }
        m_disk->write(key, bytes);
    });
}

void PosterLibrary::arrived(const Request& request, const QImage& image)
{
    m_busy.remove(request.key);
    const int cost = int(std::max<qsizetype>(1, image.sizeInBytes() / 1024));
    m_memory.insert(request.key, new QImage(image), cost);
    emit pictureReady(request.task.profileId, request.task.taskId, request.kind);
}

void PosterLibrary::failed(const Request& request, const QString& reason, bool serverHasNone)
{
    m_busy.remove(request.key);
    ++m_stats.failures;
    m_failures.insert(request.key, Failure{QDateTime::currentMSecsSinceEpoch(), reason, serverHasNone});
    emit pictureFailed(request.task.profileId, request.task.taskId, request.kind, reason);
}

} // namespace Reelwatch

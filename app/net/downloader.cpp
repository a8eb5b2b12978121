#include "downloader.h"

#include "core/downloadnaming.h"
#include "core/errortext.h"
#include "core/responseinterpreter.h"
#include "core/secretredactor.h"
#include "core/videotaskparser.h"
#include "httpget.h"

#include <cerrno>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSaveFile>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

namespace Reelwatch {

namespace {

constexpr qint64 kMaxErrorBodyBytes = 64 * 1024;
constexpr int kMaxRenameAttempts = 100;

bool isTransportError(QNetworkReply::NetworkError error)
{
    return error != QNetworkReply::NoError && static_cast<int>(error) < 200;
}

struct ContentRange
{
    bool ok = false;
    qint64 first = -1;
    qint64 last = -1;
    qint64 total = -1; // -1 for "*"
};

// "bytes 100-199/1000", "bytes 100-199/*" or, for 416, "bytes */1000".
ContentRange parseContentRange(const QByteArray& header)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*bytes\\s+(?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)\\s*$"),
                                            QRegularExpression::CaseInsensitiveOption);
    const auto match = pattern.match(QString::fromLatin1(header));
    ContentRange range;
    if (!match.hasMatch())
        return range;
    range.ok = true;
    if (match.capturedLength(1) > 0) {
        range.first = match.captured(1).toLongLong();
        range.last = match.captured(2).toLongLong();
    }
    if (match.captured(3) != QLatin1String("*"))
        range.total = match.captured(3).toLongLong();
    return range;
}

ErrorKind kindForWriteError(int errorNumber, QFileDevice::FileError fileError)
{
    switch (errorNumber) {
    case ENOSPC:
#ifdef EDQUOT
    case EDQUOT:
#endif
        return ErrorKind::DiskFull;
    case EACCES:
    case EPERM:
    case EROFS:
        return ErrorKind::PermissionDenied;
    default:
        break;
    }
    // Qt reports ENOSPC as a resource error; errno may have been overwritten by then.
    if (fileError == QFileDevice::ResourceError)
        return ErrorKind::DiskFull;
    if (fileError == QFileDevice::PermissionsError)
        return ErrorKind::PermissionDenied;
    return ErrorKind::WriteFailed;
}

QString sidecarPath(const QString& partPath)
{
    return partPath + QStringLiteral(".json");
}

QString lockPath(const QString& targetPath)
{
    return targetPath + QStringLiteral(".part.lock");
}

// If-Range takes a strong ETag only; a weak one could name different bytes.
QByteArray validatorOf(const QByteArray& etag, const QByteArray& lastModified)
{
    if (!etag.isEmpty() && !etag.startsWith("W/"))
        return etag;
    return lastModified;
}

} // namespace

QString DownloadResult::message() const
{
    // Where the bytes so far are kept matters when the next try can go on from them: after a stop, a
    // broken or refused connection or a local problem, not after an answer that the asset is gone.
    switch (error.reason) {
    case ErrorReason::DownloadCancelled:
    case ErrorReason::StalledFor:
    case ErrorReason::ConnectionBroke:
    case ErrorReason::InsecureUrl:
    case ErrorReason::InsecureRedirect:
    case ErrorReason::RedirectWithoutLocation:
    case ErrorReason::TooManyRedirects:
    case ErrorReason::TooManyPieces:
    case ErrorReason::CannotCreate:
    case ErrorReason::CannotWrite:
    case ErrorReason::CannotRename:
    case ErrorReason::CannotStartOver:
    case ErrorReason::NoFreeName:
        return error.message() + ErrorText::partKept(bytes, partPath);
    default:
        return error.message();
    }
}

Downloader::Request Downloader::forContent(const ApiEndpoint& endpoint, const QByteArray& secret, const QString& taskId,
                                           const QString& variant)
{
    const std::optional<ProviderRequest> route = endpoint.provider().contentRequest(endpoint, taskId, variant, secret);
    Request request = forUrl(route ? route->url : QUrl(), endpoint, secret, taskId, variant);
    if (route) {
        request.originHeaders = route->wireHeaders();
    } else {
        request.unavailable = ApiError::of(ErrorKind::NotReady, ErrorReason::NoAssetRoute);
        request.unavailable.subject = endpoint.provider().name();
        request.unavailable.object = variant;
    }
    return request;
}

Downloader::Request Downloader::forTask(const ApiEndpoint& endpoint, const QByteArray& secret, const VideoTask& task,
                                        const QString& variant)
{
    // A link on plain http off this machine is not followed; the API's own route (where it has one)
    // serves the same asset over the endpoint's (checked) connection instead.
    const QString link = variant == QLatin1String("video") ? task.resultUrl
        : variant == QLatin1String("thumbnail")            ? task.thumbnailUrl
                                                           : QString();
    const bool useLink = isWebLink(link) && !HttpGet::refusalFor(QUrl(link)).isError();
    Request request = useLink ? forUrl(QUrl(link), endpoint, secret, task.id, variant)
                              : forContent(endpoint, secret, task.id, variant);
    request.expiresAt = task.expiresAt;
    return request;
}

Downloader::Request Downloader::forUrl(const QUrl& url, const ApiEndpoint& endpoint, const QByteArray& secret,
                                       const QString& taskId, const QString& variant)
{
    Request request;
    request.url = url;
    // The status request's headers: the credential rule of the provider (a link on its own origin,
    // Gemini's file downloads say, needs the key; one on a CDN never sees it).
    request.originHeaders = endpoint.statusRequest(taskId, secret).wireHeaders();
    request.credentialOrigin = endpoint.baseUrl();
    request.secret = secret;
    request.taskId = taskId;
    request.variant = variant;
    return request;
}

Downloader::Downloader(QNetworkAccessManager* manager, Request request, QObject* parent)
    : QObject(parent)
    , m_manager(manager)
    , m_request(std::move(request))
{
    m_stall.setSingleShot(true);
    connect(&m_stall, &QTimer::timeout, this, [this] {
        if (m_done || !m_reply)
            return;
        m_abort = Abort::Timeout;
        m_reply->abort();
    });
}

bool Downloader::isTargetBusy(const QString& targetPath)
{
    return DownloadNaming::isBusy(targetPath);
}

Downloader::~Downloader()
{
    releaseTarget();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void Downloader::start()
{
    m_clock.start();
    m_stall.setInterval(m_request.stallTimeoutMs);
    m_result.path = m_request.device ? QStringLiteral("-") : m_request.targetPath;
    // Begin on the next turn of the event loop, so even an immediate failure (the folder is missing)
    // reaches a caller that starts its loop right after start().
    QTimer::singleShot(0, this, [this] {
        if (m_done)
            return;
        if (m_request.unavailable.isError()) {
            ApiError unavailable = m_request.unavailable;
            unavailable.subject = unavailable.subject.isEmpty() ? m_request.taskId : unavailable.subject;
            fail(unavailable);
            return;
        }
        if (!openSink())
            return;
        send(m_request.url);
    });
}

void Downloader::cancel()
{
    if (m_done)
        return;
    m_abort = Abort::Cancelled;
    if (m_reply)
        m_reply->abort();
    else
        fail(ErrorKind::Cancelled, ErrorReason::DownloadCancelled);
}

QString Downloader::assetName() const
{
    return m_request.variant.isEmpty() ? QStringLiteral("video") : m_request.variant;
}

bool Downloader::openSink()
{
    m_buffer.resize(kReadChunkBytes);
    if (m_request.device) {
        m_sink = m_request.device;
        return true;
    }
    const QFileInfo target(m_request.targetPath);
    const QFileInfo folder(target.absolutePath());
    if (!folder.exists() || !folder.isDir()) {
        ApiError unusable = ApiError::of(ErrorKind::WriteFailed,
                                         folder.exists() ? ErrorReason::NotAFolder : ErrorReason::FolderMissing);
        unusable.subject = folder.filePath();
        fail(unusable);
        return false;
    }
    if (!claimTarget())
        return false;
    m_part.setFileName(m_claimedTarget + QStringLiteral(".part"));
    const QFileInfo partInfo(m_part.fileName());
    qint64 existing = partInfo.isFile() ? partInfo.size() : 0;
    // Resume only a part file whose sidecar says it holds this task's asset; anything else (another
    // task's bytes, a part from before sidecars, one longer than its declared total) starts over.
    if (existing > 0 && (!readSidecar() || (m_sidecarTotal >= 0 && existing > m_sidecarTotal))) {
        existing = 0;
        m_sidecarMatches = false;
        m_validator.clear();
    }
    if (existing == 0)
        QFile::remove(sidecarPath(m_part.fileName()));
    // Unbuffered: each chunk is written once, from the reply's buffer, and a failing write reports
    // its errno at once instead of at some later flush.
    const QIODevice::OpenMode mode = existing > 0 ? QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered
                                                  : QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered;
    if (!m_part.open(mode)) {
        const int errorNumber = errno;
        failLocal(ErrorReason::CannotCreate, m_part.fileName(), errorNumber, m_part.errorString());
        return false;
    }
    m_sink = &m_part;
    m_result.partPath = m_part.fileName();
    m_result.bytes = m_result.resumedFrom = m_attemptStart = existing;
    return true;
}

bool Downloader::claimTarget()
{
    const QFileInfo target(m_request.targetPath);
    for (int n = 1; n <= DownloadNaming::kMaxNumberedSuffix; ++n) {
        const QString candidate = target.dir().filePath(DownloadNaming::numbered(target.fileName(), n));
        if (QFileInfo::exists(candidate) || !DownloadNaming::reserve(candidate))
            continue;
        auto lock = std::make_unique<QLockFile>(lockPath(candidate));
        lock->setStaleLockTime(0); // only a dead owner makes a lock stale, never its age
        if (lock->tryLock(0)) {
            m_lock = std::move(lock);
            m_claimedTarget = candidate;
            m_targetNumber = n;
            m_result.path = candidate;
            return true;
        }
        DownloadNaming::release(candidate);
        if (lock->error() == QLockFile::LockFailedError)
            continue; // another process is writing this name: take the next number
        const int errorNumber = lock->error() == QLockFile::PermissionError ? EACCES : 0;
        failLocal(ErrorReason::CannotCreate, lockPath(candidate), errorNumber, tr("cannot create the lock file"));
        return false;
    }
    ApiError taken = ApiError::of(ErrorKind::WriteFailed, ErrorReason::NoFreeName);
    taken.subject = target.filePath();
    fail(taken);
    return false;
}

void Downloader::releaseTarget()
{
    if (m_claimedTarget.isEmpty())
        return;
    if (m_lock)
        m_lock->unlock();
    m_lock.reset();
    DownloadNaming::release(m_claimedTarget);
    m_claimedTarget.clear();
}

bool Downloader::readSidecar()
{
    QFile file(sidecarPath(m_part.fileName()));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QJsonObject object = QJsonDocument::fromJson(file.read(64 * 1024)).object();
    if (object.value(QStringLiteral("task")).toString() != m_request.taskId
        || object.value(QStringLiteral("variant")).toString() != assetName())
        return false;
    m_sidecarTotal = static_cast<qint64>(object.value(QStringLiteral("total")).toDouble(-1));
    m_validator = validatorOf(object.value(QStringLiteral("etag")).toString().toLatin1(),
                              object.value(QStringLiteral("last_modified")).toString().toLatin1());
    m_sidecarMatches = true;
    return true;
}

void Downloader::writeSidecar(QNetworkReply* reply)
{
    if (m_sink != &m_part)
        return;
    const QByteArray etag = reply->rawHeader("ETag");
    const QByteArray lastModified = reply->rawHeader("Last-Modified");
    const QJsonObject object{{QStringLiteral("task"), m_request.taskId},
                             {QStringLiteral("variant"), assetName()},
                             {QStringLiteral("total"), static_cast<double>(m_result.total)},
                             {QStringLiteral("etag"), QString::fromLatin1(etag)},
                             {QStringLiteral("last_modified"), QString::fromLatin1(lastModified)}};
    QSaveFile file(sidecarPath(m_part.fileName()));
    // Without its sidecar a part file is simply never resumed, so a failure here costs only a resume.
    if (file.open(QIODevice::WriteOnly)) {
        file.write(QJsonDocument(object).toJson(QJsonDocument::Compact));
        file.commit();
    }
    m_sidecarTotal = m_result.total;
    m_validator = validatorOf(etag, lastModified);
    m_sidecarMatches = true;
}

void Downloader::restartFromZero()
{
    // The bytes on disk stay until an answer with the whole asset arrives: a document or an error
    // answer to this request must not cost the part file.
    m_attemptStart = 0;
    m_rangeEnd = -1;
    m_validator.clear();
    m_sidecarMatches = false;
    m_result.restarted = true;
    m_redirects = 0;
    send(m_request.url);
}

void Downloader::send(const QUrl& url)
{
    const ApiError refusal = HttpGet::refusalFor(url);
    if (refusal.isError()) {
        fail(refusal);
        return;
    }
    if (m_attemptStart > 0 && ++m_rangeRequests > kMaxRangeRequests) {
        ApiError pieces = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::TooManyPieces, m_result.httpStatus);
        pieces.limit = kMaxRangeRequests;
        fail(pieces);
        return;
    }
    m_mode = Mode::Pending;
    m_errorBody.clear();
    m_documentAnswer = false;
    QNetworkRequest request
        = HttpGet::makeRequest(url, QByteArrayLiteral("*/*"), m_request.originHeaders, m_request.credentialOrigin);
    // Byte offsets and Content-Length must describe the stored bytes, so no transfer compression.
    request.setRawHeader("Accept-Encoding", "identity");
    if (m_attemptStart > 0) {
        request.setRawHeader("Range", "bytes=" + QByteArray::number(m_attemptStart) + '-');
        // The server sends the rest only if its asset is still the one the part file holds.
        if (!m_validator.isEmpty())
            request.setRawHeader("If-Range", m_validator);
    }
    m_reply = m_manager->get(request);
    // Bounds what Qt buffers ahead of us: memory stays flat however large the asset is.
    m_reply->setReadBufferSize(kReadChunkBytes);
    connect(m_reply, &QNetworkReply::readyRead, this, &Downloader::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &Downloader::onFinished);
    // The stall clock runs from the moment this request has a connection of its own, not from the
    // queue: Qt opens only a few connections per host and holds the other requests back meanwhile.
    const auto started = [this] {
        if (!m_done)
            restartStallClock();
    };
    connect(m_reply, &QNetworkReply::socketStartedConnecting, this, started);
    connect(m_reply, &QNetworkReply::requestSent, this, started);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, started);
    m_stall.stop();
}

bool Downloader::truncateSinkTo(qint64 size)
{
    if (m_sink != &m_part) {
        // A stream cannot be rewound (and is never resumed, so this cannot happen).
        fail(ErrorKind::InvalidResponse, ErrorReason::CannotStartOver);
        return false;
    }
    if (!m_part.resize(size)) {
        const int errorNumber = errno;
        failLocal(ErrorReason::CannotStartOver, m_part.fileName(), errorNumber, m_part.errorString());
        return false;
    }
    m_result.bytes = size;
    m_attemptStart = size;
    m_bytesAtStallMark = std::min(m_bytesAtStallMark, size); // progress counts from what is left
    return true;
}

bool Downloader::checkHeaders(QNetworkReply* reply)
{
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!statusAttribute.isValid())
        return false;
    const int status = statusAttribute.toInt();
    m_result.httpStatus = status;
    if (HttpGet::isRedirectStatus(status)) {
        m_mode = Mode::Discard;
        return true;
    }
    m_mode = Mode::ErrorBody;
    if (status != 200 && status != 206)
        return true;
    m_result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    const QByteArray type = m_result.contentType.toLower();
    if (status == 206) {
        const ContentRange range = parseContentRange(reply->rawHeader("Content-Range"));
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        const bool valid = range.ok && range.first >= 0 && range.last >= range.first && range.first == m_attemptStart
            && (range.total < 0 || range.last < range.total)
            && (!length.isValid() || length.toLongLong() == range.last - range.first + 1)
            && (!m_sidecarMatches || m_sidecarTotal < 0 || range.total < 0 || range.total == m_sidecarTotal);
        if (!valid) {
            if (m_attemptStart == 0) {
                // Part of the asset when all of it was asked for, and not its start: nothing to store.
                fail(ApiError::of(ErrorKind::InvalidResponse, ErrorReason::PartialWhenWholeAsked, status));
                return false;
            }
            // Not the range asked for: start over from the first byte rather than splice garbage.
            m_abort = Abort::Restart;
            if (!reply->isFinished())
                reply->abort();
            return false;
        }
        // With an unknown total ("bytes a-b/*"), this piece is taken to be the rest of the asset.
        m_rangeEnd = range.last + 1;
        m_result.total = range.total >= 0 ? range.total : m_rangeEnd;
    }
    // A 2xx that is a JSON or HTML page is a gateway's error or login page, not the asset; it is
    // recognised before anything on disk changes, so a resume answered this way keeps its part file.
    m_documentAnswer = type.startsWith("application/json") || type.startsWith("text/html");
    if (m_documentAnswer)
        return true;
    if (status == 200) {
        m_acceptsRanges = reply->rawHeader("Accept-Ranges").toLower().contains("bytes");
        m_rangeEnd = -1;
        if (m_attemptStart > 0 || m_result.restarted)
            m_result.restarted = true; // the server ignored Range (or If-Range failed): the whole asset follows
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        m_result.total = length.isValid() ? length.toLongLong() : -1;
        if (m_sink == &m_part && !truncateSinkTo(0))
            return false;
    } else {
        m_acceptsRanges = true;
        if (m_sink == &m_part && m_result.bytes != m_attemptStart && !truncateSinkTo(m_attemptStart))
            return false;
    }
    writeSidecar(reply);
    m_mode = Mode::Write;
    return true;
}

bool Downloader::drain(QNetworkReply* reply)
{
    bool wrote = false;
    while (reply->bytesAvailable() > 0) {
        const qint64 got = reply->read(m_buffer.data(), m_buffer.size());
        if (got <= 0)
            break;
        if (m_mode == Mode::ErrorBody) {
            if (m_errorBody.size() < kMaxErrorBodyBytes)
                m_errorBody.append(m_buffer.constData(),
                                   std::min<qint64>(got, kMaxErrorBodyBytes - m_errorBody.size()));
            continue;
        }
        if (m_mode != Mode::Write)
            continue;
        const qint64 written = m_sink->write(m_buffer.constData(), got);
        if (written != got) {
            const int errorNumber = errno;
            const auto* file = qobject_cast<QFileDevice*>(m_sink);
            // The part file, a device named by its path, or (no name) standard output.
            failLocal(ErrorReason::CannotWrite, file ? file->fileName() : QString(), errorNumber,
                      file ? file->errorString() : m_sink->errorString());
            if (m_reply)
                m_abort = Abort::LocalError;
            return false;
        }
        m_result.bytes += got;
        wrote = true;
    }
    if (wrote)
        emit progress(m_result.bytes, m_result.total);
    return true;
}

void Downloader::onReadyRead()
{
    QNetworkReply* reply = m_reply;
    if (!reply || m_done)
        return;
    if (m_mode == Mode::Pending && !checkHeaders(reply))
        return;
    if (m_mode == Mode::Discard) {
        // A redirect: its headers say where to go, its body (however long) is of no use.
        m_reply = nullptr;
        reply->disconnect(this);
        const QUrl from = reply->url();
        const QByteArray location = reply->rawHeader("Location");
        reply->abort();
        reply->deleteLater();
        m_stall.stop();
        followRedirect(from, location);
        return;
    }
    if (!drain(reply) && !m_done)
        reply->abort();
    else if (m_done && m_reply)
        m_reply->abort();
    // Progress is a real amount of the asset, not any byte: a server that trickles a byte a second
    // would otherwise keep the download going for ever.
    else if (m_result.bytes - m_bytesAtStallMark >= kStallProgressBytes)
        restartStallClock();
}

void Downloader::followRedirect(const QUrl& from, const QByteArray& location)
{
    const HttpGet::RedirectHop hop
        = HttpGet::redirectTarget(from, m_result.httpStatus, location, m_redirects, m_request.maxRedirects);
    if (hop.error.isError()) {
        fail(hop.error);
        return;
    }
    ++m_redirects;
    send(hop.url);
}

void Downloader::restartStallClock()
{
    m_bytesAtStallMark = m_result.bytes;
    m_stall.start();
}

void Downloader::onFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply || m_done)
        return;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->deleteLater();
    m_stall.stop();

    if (m_abort == Abort::None && m_mode == Mode::Pending)
        checkHeaders(reply);
    if (m_done)
        return;
    switch (m_abort) {
    case Abort::None:
        break;
    case Abort::Cancelled:
        fail(ErrorKind::Cancelled, ErrorReason::DownloadCancelled);
        return;
    case Abort::Timeout: {
        ApiError stalled = ApiError::of(ErrorKind::Timeout, ErrorReason::StalledFor, m_result.httpStatus);
        stalled.host = reply->url().host();
        stalled.limit = m_request.stallTimeoutMs;
        fail(stalled);
        return;
    }
    case Abort::LocalError:
        finish();
        return;
    case Abort::Restart:
        m_abort = Abort::None;
        restartFromZero();
        return;
    }

    const bool broken
        = isTransportError(reply->error()) || !reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid();
    if (broken) {
        if (m_mode == Mode::Write && !drain(reply))
            return;
        // Only bytes of this answer count: a restart keeps the old part file until its answer is known.
        const bool progressed = m_mode == Mode::Write && m_result.bytes > m_attemptStart;
        if (m_sink == &m_part && m_acceptsRanges && progressed && m_result.resumes < m_request.maxAutoResumes) {
            // Ask again from the API (a fresh signed link) and carry on from the last byte stored.
            ++m_result.resumes;
            m_attemptStart = m_result.bytes;
            m_redirects = 0;
            send(m_request.url);
            return;
        }
        ApiError broke = ApiError::of(ErrorKind::Network, ErrorReason::ConnectionBroke);
        broke.transport = HttpGet::transportFailureOf(reply->error());
        broke.host = reply->url().host();
        broke.amount = m_result.bytes;
        broke.detail = reply->errorString();
        fail(broke);
        return;
    }

    switch (m_mode) {
    case Mode::Discard:
        followRedirect(reply->url(), reply->rawHeader("Location"));
        return;
    case Mode::Write:
        if (!drain(reply))
            return;
        if (m_rangeEnd >= 0 && m_result.bytes == m_rangeEnd && m_result.total > m_rangeEnd) {
            // A legal short 206: ask for the next piece (a fresh link from the API, as for a resume).
            m_attemptStart = m_result.bytes;
            m_redirects = 0;
            send(m_request.url);
            return;
        }
        complete();
        return;
    case Mode::Pending:
    case Mode::ErrorBody:
        drain(reply);
        classifyErrorAnswer(reply);
        return;
    }
}

void Downloader::complete()
{
    if (m_result.total >= 0 && m_result.bytes != m_result.total) {
        ApiError ended = ApiError::of(ErrorKind::SizeMismatch, ErrorReason::EndedShort, m_result.httpStatus);
        ended.amount = m_result.bytes;
        ended.limit = m_result.total;
        fail(ended);
        return;
    }
    if (m_sink != &m_part) {
        finish();
        return;
    }
    // On disk before it gets its final name, so a crash never leaves a short file under that name.
#ifdef Q_OS_WIN
    ::_commit(m_part.handle());
#else
    ::fsync(m_part.handle());
#endif
    m_part.close();
    const QFileInfo target(m_request.targetPath);
    const QString partPath = m_part.fileName();
    for (int n = m_targetNumber, tries = 0; n <= DownloadNaming::kMaxNumberedSuffix && tries < kMaxRenameAttempts;
         ++n) {
        const QString candidate = target.dir().filePath(DownloadNaming::numbered(target.fileName(), n));
        // A name another download has claimed is not free, even while no file is there yet.
        if (candidate != m_claimedTarget && isTargetBusy(candidate))
            continue;
        ++tries;
        // QFile::rename never replaces an existing file; if one appeared meanwhile, take the next number.
        const bool renamed = m_part.rename(candidate);
        const int errorNumber = errno; // before anything else can overwrite it
        const QString errorText = m_part.errorString();
        if (renamed) {
            QFile::remove(sidecarPath(partPath));
            m_result.path = candidate;
            m_result.partPath.clear();
            finish();
            return;
        }
        if (!QFileInfo::exists(candidate)) {
            m_part.setFileName(partPath);
            failLocal(ErrorReason::CannotRename, partPath, errorNumber, errorText, candidate);
            return;
        }
    }
    m_part.setFileName(partPath);
    ApiError taken = ApiError::of(ErrorKind::WriteFailed, ErrorReason::NoFreeName);
    taken.subject = target.filePath();
    fail(taken);
}

void Downloader::classifyErrorAnswer(QNetworkReply* reply)
{
    const int status = m_result.httpStatus;
    const QUrl url = reply->url();
    const bool fromApi
        = !m_request.credentialOrigin.isEmpty() && ApiEndpoint::isSameOrigin(url, m_request.credentialOrigin);
    const QString serverMessage = ResponseInterpreter::serverMessage(m_errorBody);
    const bool pastExpiry = m_request.expiresAt && *m_request.expiresAt <= QDateTime::currentSecsSinceEpoch();
    const auto answered = [&](ErrorKind kind, ErrorReason reason) {
        ApiError error = ApiError::of(kind, reason, status, serverMessage);
        error.subject = m_request.taskId;
        error.host = url.host();
        return error;
    };
    const ApiError expired = answered(ErrorKind::Expired, ErrorReason::AssetExpired);

    if (m_documentAnswer) {
        ApiError document = answered(ErrorKind::InvalidResponse, ErrorReason::DocumentInsteadOfAsset);
        document.detail = QString::fromLatin1(m_result.contentType);
        fail(document);
        return;
    }
    if (status == 416 && m_attemptStart > 0) {
        const ContentRange range = parseContentRange(reply->rawHeader("Content-Range"));
        // Complete only when the sidecar vouches for the part file and the total it recorded.
        if (range.ok && m_sidecarMatches && m_sidecarTotal >= 0 && range.total == m_attemptStart
            && range.total == m_sidecarTotal) {
            m_result.total = range.total; // the part file already holds everything
            complete();
            return;
        }
        restartFromZero();
        return;
    }
    if (status == 410) {
        fail(expired);
        return;
    }
    if (!fromApi) {
        if (status == 401 || status == 403 || status == 404) {
            // Signed CDN links answer this way once their signature's time is up.
            ApiError refused = answered(ErrorKind::Expired, ErrorReason::LinkRefused);
            refused.serverMessage.clear();
            fail(refused);
        } else if (status == 429 || status >= 500) {
            fail(answered(status == 429 ? ErrorKind::RateLimited : ErrorKind::ServerError, ErrorReason::HostAnswered));
        } else {
            fail(answered(ErrorKind::InvalidResponse, ErrorReason::UnexpectedFromHost));
        }
        return;
    }

    HttpAnswer answer;
    answer.httpStatus = status;
    answer.body = m_errorBody;
    answer.contentType = m_result.contentType;
    const FetchResult interpreted
        = ResponseInterpreter::interpretStatus(m_request.taskId, answer, QDateTime::currentDateTimeUtc());
    switch (interpreted.error.kind) {
    case ErrorKind::Unauthorized:
    case ErrorKind::RateLimited:
    case ErrorKind::ServerError:
        fail(interpreted.error);
        return;
    case ErrorKind::NotFound:
        fail(pastExpiry ? expired : answered(ErrorKind::NotFound, ErrorReason::AssetNotFound));
        return;
    default:
        break;
    }
    if (status == 400) {
        // OpenAI answers 400 while the render is unfinished, and once its assets are gone.
        fail(pastExpiry ? expired : answered(ErrorKind::NotReady, ErrorReason::AssetNotReady));
        return;
    }
    fail(answered(ErrorKind::InvalidResponse, ErrorReason::UnexpectedAnswer));
}

void Downloader::failLocal(ErrorReason reason, const QString& subject, int errorNumber, const QString& errorText,
                           const QString& object)
{
    QFileDevice::FileError fileError = QFileDevice::NoError;
    if (const auto* file = qobject_cast<QFileDevice*>(m_sink ? m_sink : &m_part))
        fileError = file->error();
    ApiError failed = ApiError::of(kindForWriteError(errorNumber, fileError), reason);
    failed.subject = subject;
    failed.object = object;
    failed.detail = errorText;
    fail(failed);
}

void Downloader::fail(ErrorKind kind, ErrorReason reason)
{
    fail(ApiError::of(kind, reason));
}

void Downloader::fail(const ApiError& error)
{
    if (m_done)
        return;
    m_result.error = error.redacted(m_request.secret);
    if (m_result.error.object.isEmpty() && m_result.error.reason != ErrorReason::CannotRename)
        m_result.error.object = assetName();
    finish();
}

void Downloader::finish()
{
    if (m_done)
        return;
    m_done = true;
    m_stall.stop();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    if (m_part.isOpen())
        m_part.close();
    if (!m_result.ok() && m_sink == &m_part) {
        // A size mismatch means the bytes cannot be trusted; an empty part is worth nothing.
        if (m_result.error.kind == ErrorKind::SizeMismatch || m_result.bytes <= 0
            || !QFileInfo::exists(m_part.fileName())) {
            QFile::remove(m_part.fileName());
            QFile::remove(sidecarPath(m_part.fileName()));
            m_result.partPath.clear();
        }
    } else if (!m_result.ok()) {
        m_result.partPath.clear();
    }
    releaseTarget();
    m_result.elapsedMs = m_clock.elapsed();
    emit finished(m_result);
    deleteLater();
}

} // namespace Reelwatch

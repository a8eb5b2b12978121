#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QUrl>

class QTcpServer;
class QTcpSocket;

namespace Reelwatch {

// One asset the CDN can serve: its type, size and a reader for any byte range, so even a body of
// hundreds of megabytes is produced on the fly and never held in memory.
struct DemoCdnAsset
{
    QByteArray contentType;
    qint64 size = 0;
    std::function<QByteArray(qint64 offset, qint64 length)> read;
};

// What the CDN saw of one request: tests check that no credential ever arrives here.
struct DemoCdnRequest
{
    QString path;
    QByteArray authorization;
    QByteArray token;
    QByteArray range;
    QByteArray ifRange;
    QByteArray userAgent;
    int httpStatus = 0;
};

// A second loopback origin standing for the storage/CDN host that video APIs redirect content
// requests to: signed, expiring links (/cdn/<id>/<variant>?exp=…&sig=…), Accept-Ranges and 206
// answers, and scripted faults (a connection dropped mid-body, a short range, Range ignored,
// expired links). A plain HTTP/1.1 server on QTcpServer, because it must stream large bodies as the
// socket drains and cut connections at an exact byte, which QHttpServer 6.4 cannot.
class DemoCdn : public QObject
{
    Q_OBJECT

public:
    using Resolver = std::function<std::optional<DemoCdnAsset>(const QString& taskId, const QString& variant)>;

    explicit DemoCdn(Resolver resolver, QObject* parent = nullptr);
    ~DemoCdn() override;

    // Listens on 127.0.0.1 only; port 0 picks a free one.
    bool listen(quint16 port = 0);
    quint16 port() const { return m_port; }
    QUrl baseUrl() const;

    // A link valid for linkLifetimeSeconds() from now.
    QUrl signedUrl(const QString& taskId, const QString& variant) const;
    // Negative: links are expired when they are made.
    void setLinkLifetimeSeconds(qint64 seconds) { m_linkLifetimeSeconds = seconds; }
    qint64 linkLifetimeSeconds() const { return m_linkLifetimeSeconds; }
    // What an expired link gets: 403 (as S3 and CloudFront answer) or 410.
    void setExpiredStatus(int status) { m_expiredStatus = status; }
    // Off: Range is ignored and every answer is a 200 with the whole body, without Accept-Ranges.
    void setRangeSupported(bool supported) { m_rangeSupported = supported; }
    // The next body is cut (the connection closed) after this many bytes; once.
    void dropNextAfter(qint64 bytes) { m_dropNextAfter = bytes; }
    // Every body is cut after this many bytes, until set to -1.
    void dropEveryAfter(qint64 bytes) { m_dropEveryAfter = bytes; }
    // The next 206 answer sends only this many bytes and then closes the connection, with no
    // Content-Length, while its Content-Range still promises the rest; once.
    void shortenNextRange(qint64 bytes) { m_shortenNextRange = bytes; }
    // Every 206 answer covers at most this many bytes (a legal short range, honestly labelled), until -1.
    void setMaxRangeBytes(qint64 bytes) { m_maxRangeBytes = bytes; }
    // The next 206 answer starts this many bytes after the requested start (and says so); once.
    void shiftNextRange(qint64 bytes) { m_shiftNextRange = bytes; }
    // 206 answers give "*" as the total in Content-Range.
    void setTotalHidden(bool hidden) { m_totalHidden = hidden; }
    // Changes every asset's ETag, as a re-rendered file would: a stale If-Range then gets a 200.
    void setAssetVersion(int version) { m_assetVersion = version; }

    QList<DemoCdnRequest> requests() const { return QList<DemoCdnRequest>(m_requests.begin(), m_requests.end()); }
    void clearRequests() { m_requests.clear(); }
    int requestCount() const { return m_requestCount; }
    // The most connections served at once since the last resetPeakConnections(): from the moment one
    // is accepted until its whole answer is handed over (its close may be seen a moment later).
    int peakConnections() const { return m_peakConnections; }
    void resetPeakConnections() { m_peakConnections = 0; }

private:
    struct Transfer
    {
        QByteArray head; // the request as read so far
        bool answered = false;
        DemoCdnAsset asset;
        qint64 next = 0; // next byte of the asset to send
        qint64 end = 0; // one past the last byte to send
        qint64 cutAt = -1; // close the connection when `next` reaches this
        bool served = false; // the whole answer is handed to the socket, which closes when it is sent
    };

    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);
    void pump(QTcpSocket* socket);
    void answer(QTcpSocket* socket, Transfer& transfer);
    void sendSimple(QTcpSocket* socket, int status, const QByteArray& body, DemoCdnRequest& seen);
    // The answer is complete: the connection closes once it is sent.
    void closeWhenWritten(QTcpSocket* socket);
    QByteArray signature(const QString& taskId, const QString& variant, qint64 expires) const;
    QByteArray etag(const QString& taskId, const QString& variant, qint64 size) const;

    Resolver m_resolver;
    QTcpServer* m_server = nullptr;
    quint16 m_port = 0;
    QByteArray m_signingKey;
    qint64 m_linkLifetimeSeconds = 3600;
    int m_expiredStatus = 403;
    bool m_rangeSupported = true;
    qint64 m_dropNextAfter = -1;
    qint64 m_dropEveryAfter = -1;
    qint64 m_shortenNextRange = -1;
    qint64 m_maxRangeBytes = -1;
    qint64 m_shiftNextRange = 0;
    bool m_totalHidden = false;
    int m_assetVersion = 0;
    int m_peakConnections = 0;
    QHash<QTcpSocket*, Transfer> m_transfers;
    std::deque<DemoCdnRequest> m_requests;
    int m_requestCount = 0;
};

} // namespace Reelwatch

#include "democdn.h"

#include <algorithm>
#include <QCryptographicHash>
#include <QDateTime>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

namespace Reelwatch {

namespace {

constexpr qint64 kMaxRequestHeadBytes = 16 * 1024;
constexpr qint64 kChunkBytes = 256 * 1024;
// How much may wait in the socket's buffer: enough to keep loopback busy, small enough that a
// 500 MB body costs about a megabyte of memory.
constexpr qint64 kMaxQueuedBytes = 1024 * 1024;
constexpr size_t kRequestLogLimit = 2000;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 206:
        return "Partial Content";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 410:
        return "Gone";
    case 416:
        return "Range Not Satisfiable";
    default:
        return "Status";
    }
}

QByteArray headerValue(const QList<QByteArray>& lines, const QByteArray& name)
{
    for (const QByteArray& line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return QByteArray();
}

} // namespace

DemoCdn::DemoCdn(Resolver resolver, QObject* parent)
    : QObject(parent)
    , m_resolver(std::move(resolver))
    , m_server(new QTcpServer(this))
{
    // A fresh key per instance: links from another run (or made up by hand) never verify.
    QByteArray key(32, '\0');
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(key.data()), key.size() / 4);
    m_signingKey = key;
    connect(m_server, &QTcpServer::newConnection, this, &DemoCdn::onNewConnection);
}

DemoCdn::~DemoCdn() = default;

bool DemoCdn::listen(quint16 port)
{
    if (!m_server->listen(QHostAddress::LocalHost, port))
        return false;
    m_port = m_server->serverPort();
    return true;
}

QUrl DemoCdn::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QByteArray DemoCdn::signature(const QString& taskId, const QString& variant, qint64 expires) const
{
    const QByteArray message = taskId.toUtf8() + '\n' + variant.toUtf8() + '\n' + QByteArray::number(expires);
    return QMessageAuthenticationCode::hash(message, m_signingKey, QCryptographicHash::Sha256).toHex().left(32);
}

QByteArray DemoCdn::etag(const QString& taskId, const QString& variant, qint64 size) const
{
    const QByteArray message = taskId.toUtf8() + '\n' + variant.toUtf8() + '\n' + QByteArray::number(size) + '\n'
        + QByteArray::number(m_assetVersion);
    return '"' + QCryptographicHash::hash(message, QCryptographicHash::Sha256).toHex().left(24) + '"';
}

QUrl DemoCdn::signedUrl(const QString& taskId, const QString& variant) const
{
    const qint64 expires = QDateTime::currentSecsSinceEpoch() + m_linkLifetimeSeconds;
    QUrl url = baseUrl();
    url.setPath(QStringLiteral("/cdn/%1/%2")
                    .arg(QString::fromLatin1(QUrl::toPercentEncoding(taskId)),
                         QString::fromLatin1(QUrl::toPercentEncoding(variant))),
                QUrl::TolerantMode);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("exp"), QString::number(expires));
    query.addQueryItem(QStringLiteral("sig"), QString::fromLatin1(signature(taskId, variant, expires)));
    url.setQuery(query);
    return url;
}

void DemoCdn::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        m_transfers.insert(socket, Transfer{});
        // Connections still being served: one whose answer is all handed over may take a moment to
        // be seen closing, and is not a download running beside this one.
        const auto serving = std::count_if(m_transfers.cbegin(), m_transfers.cend(),
                                           [](const Transfer& transfer) { return !transfer.served; });
        m_peakConnections = std::max(m_peakConnections, int(serving));
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] { pump(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_transfers.remove(socket);
            socket->deleteLater();
        });
    }
}

void DemoCdn::onReadyRead(QTcpSocket* socket)
{
    const auto it = m_transfers.find(socket);
    if (it == m_transfers.end())
        return;
    Transfer& transfer = *it;
    if (transfer.answered) {
        socket->readAll(); // one request per connection: everything after it is ignored
        return;
    }
    transfer.head += socket->readAll();
    if (transfer.head.size() > kMaxRequestHeadBytes) {
        transfer.served = true;
        socket->abort();
        return;
    }
    if (!transfer.head.contains("\r\n\r\n"))
        return;
    transfer.answered = true;
    answer(socket, transfer);
}

void DemoCdn::sendSimple(QTcpSocket* socket, int status, const QByteArray& body, DemoCdnRequest& seen)
{
    seen.httpStatus = status;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    head += "Content-Type: application/xml\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n";
    socket->write(head + body);
    closeWhenWritten(socket);
}

void DemoCdn::answer(QTcpSocket* socket, Transfer& transfer)
{
    const QList<QByteArray> lines = transfer.head.left(transfer.head.indexOf("\r\n\r\n")).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    const QUrl target = QUrl::fromEncoded(requestLine.value(1));

    ++m_requestCount;
    m_requests.push_back(DemoCdnRequest{});
    while (m_requests.size() > kRequestLogLimit)
        m_requests.pop_front();
    DemoCdnRequest& seen = m_requests.back();
    seen.path = target.path();
    seen.authorization = headerValue(lines, "Authorization");
    seen.token = headerValue(lines, "token");
    seen.range = headerValue(lines, "Range");
    seen.ifRange = headerValue(lines, "If-Range");
    seen.userAgent = headerValue(lines, "User-Agent");

    if (requestLine.value(0) != "GET") {
        sendSimple(socket, 405, "<Error><Code>MethodNotAllowed</Code></Error>", seen);
        return;
    }
    const QStringList parts = target.path().split(QLatin1Char('/'));
    if (parts.size() != 4 || parts.at(1) != QLatin1String("cdn")) {
        sendSimple(socket, 404, "<Error><Code>NoSuchKey</Code></Error>", seen);
        return;
    }
    const QString taskId = parts.at(2);
    const QString variant = parts.at(3);
    const QUrlQuery query(target);
    bool expiresOk = false;
    const qint64 expires = query.queryItemValue(QStringLiteral("exp")).toLongLong(&expiresOk);
    if (!expiresOk || query.queryItemValue(QStringLiteral("sig")).toLatin1() != signature(taskId, variant, expires)) {
        sendSimple(socket, 403, "<Error><Code>SignatureDoesNotMatch</Code></Error>", seen);
        return;
    }
    if (expires < QDateTime::currentSecsSinceEpoch()) {
        sendSimple(socket, m_expiredStatus,
                   "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>", seen);
        return;
    }
    const std::optional<DemoCdnAsset> asset = m_resolver ? m_resolver(taskId, variant) : std::nullopt;
    if (!asset) {
        sendSimple(socket, 404, "<Error><Code>NoSuchKey</Code></Error>", seen);
        return;
    }

    qint64 first = 0;
    qint64 last = asset->size - 1;
    bool partial = false;
    const QByteArray currentTag = etag(taskId, variant, asset->size);
    // RFC 9110 If-Range: a validator that no longer matches gets the whole, current asset.
    const bool rangeStillValid = seen.ifRange.isEmpty() || seen.ifRange == currentTag;
    if (m_rangeSupported && !seen.range.isEmpty() && rangeStillValid) {
        static const QRegularExpression pattern(QStringLiteral("^bytes=(\\d+)-(\\d*)$"));
        const auto match = pattern.match(QString::fromLatin1(seen.range).trimmed());
        if (match.hasMatch()) {
            first = match.captured(1).toLongLong();
            if (!match.captured(2).isEmpty())
                last = std::min(last, match.captured(2).toLongLong());
            if (first >= asset->size || first > last) {
                seen.httpStatus = 416;
                socket->write("HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */"
                              + QByteArray::number(asset->size) + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                closeWhenWritten(socket);
                return;
            }
            partial = true;
            if (m_shiftNextRange > 0) {
                first = std::min(last, first + m_shiftNextRange);
                m_shiftNextRange = 0;
            }
            if (m_maxRangeBytes > 0)
                last = std::min(last, first + m_maxRangeBytes - 1);
        }
    }

    transfer.asset = *asset;
    transfer.next = first;
    transfer.end = last + 1;
    qint64 length = transfer.end - transfer.next;
    bool closeDelimited = false;
    if (partial && m_shortenNextRange >= 0) {
        closeDelimited = true;
        // The header below still promises bytes first..last of the whole; only part of them follow.
        length = std::min(length, m_shortenNextRange);
        transfer.end = transfer.next + length;
        m_shortenNextRange = -1;
    }
    const qint64 cut = m_dropNextAfter >= 0 ? m_dropNextAfter : m_dropEveryAfter;
    m_dropNextAfter = -1;
    if (cut >= 0)
        transfer.cutAt = transfer.next + cut;

    seen.httpStatus = partial ? 206 : 200;
    QByteArray head
        = partial ? QByteArrayLiteral("HTTP/1.1 206 Partial Content\r\n") : QByteArrayLiteral("HTTP/1.1 200 OK\r\n");
    head += "Content-Type: " + asset->contentType + "\r\n";
    if (!closeDelimited)
        head += "Content-Length: " + QByteArray::number(length) + "\r\n";
    if (partial)
        head += "Content-Range: bytes " + QByteArray::number(first) + '-' + QByteArray::number(last) + '/'
            + (m_totalHidden ? QByteArray("*") : QByteArray::number(asset->size)) + "\r\n";
    if (m_rangeSupported) {
        head += "Accept-Ranges: bytes\r\n";
        head += "ETag: " + currentTag + "\r\n";
    }
    head += "Cache-Control: private, max-age=3600\r\nConnection: close\r\n\r\n";
    socket->write(head);
    pump(socket);
}

void DemoCdn::pump(QTcpSocket* socket)
{
    const auto it = m_transfers.find(socket);
    if (it == m_transfers.end() || !it->answered || !it->asset.read)
        return;
    Transfer& transfer = *it;
    const qint64 limit = transfer.cutAt >= 0 ? std::min(transfer.end, transfer.cutAt) : transfer.end;
    while (transfer.next < limit && socket->bytesToWrite() < kMaxQueuedBytes) {
        const qint64 length = std::min(kChunkBytes, limit - transfer.next);
        socket->write(transfer.asset.read(transfer.next, length));
        transfer.next += length;
    }
    if (transfer.next >= limit && socket->state() == QAbstractSocket::ConnectedState) {
        transfer.asset.read = nullptr; // nothing more to send: a cut or the end of the body
        closeWhenWritten(socket);
    }
}

void DemoCdn::closeWhenWritten(QTcpSocket* socket)
{
    if (const auto it = m_transfers.find(socket); it != m_transfers.end())
        it->served = true;
    socket->disconnectFromHost();
}

} // namespace Reelwatch

#pragma once

#include <QByteArray>

namespace Reelwatch {

// Compressed bodies that expand far beyond what they weigh on the wire, as a hostile or broken server
// sends them with "Content-Encoding: gzip" or "deflate": `prefix` followed by `runBytes` letters 'a'.
// Each is a valid stream (checksums included), written by hand: the prefix with deflate's fixed codes,
// the run as one 'a' and then back-references of 258 bytes at distance 1 coded in 2 bits each, so a
// gigabyte costs about 1 MB to send (zlib's own ratio on such data) and no compression library is
// needed.
class DemoBomb
{
public:
    // RFC 1952: what "Content-Encoding: gzip" carries.
    static QByteArray gzip(const QByteArray& prefix, qint64 runBytes);
    // RFC 1950 (a zlib stream): what "Content-Encoding: deflate" carries.
    static QByteArray zlib(const QByteArray& prefix, qint64 runBytes);

    // The raw deflate stream (RFC 1951) both wrap.
    static QByteArray deflate(const QByteArray& prefix, qint64 runBytes);
    static quint32 crc32(const QByteArray& prefix, qint64 runBytes);
    static quint32 adler32(const QByteArray& prefix, qint64 runBytes);
};

} // namespace Reelwatch

#include "demobomb.h"

#include <array>

namespace Reelwatch {

namespace {

constexpr quint32 kAdlerModulus = 65521;
constexpr int kLongestMatch = 258;
constexpr char kFill = 'a';

// Deflate's bit order: values least significant bit first, Huffman codes most significant bit first.
class BitWriter
{
public:
    explicit BitWriter(qsizetype expectedBytes) { m_bytes.reserve(expectedBytes); }

    void bits(quint32 value, int count)
    {
        m_buffer |= quint64(value) << m_used;
        m_used += count;
        while (m_used >= 8) {
            m_bytes.append(char(m_buffer & 0xff));
            m_buffer >>= 8;
            m_used -= 8;
        }
    }
    void code(quint32 code, int length)
    {
        quint32 reversed = 0;
        for (int i = 0; i < length; ++i)
            reversed |= ((code >> i) & 1u) << (length - 1 - i);
        bits(reversed, length);
    }
    // Deflate's fixed code for a literal byte.
    void literal(quint8 byte)
    {
        if (byte < 144)
            code(0x30u + byte, 8);
        else
            code(0x190u + (byte - 144u), 9);
    }
    QByteArray finish()
    {
        if (m_used > 0)
            m_bytes.append(char(m_buffer & 0xff));
        m_buffer = 0;
        m_used = 0;
        return m_bytes;
    }

private:
    QByteArray m_bytes;
    quint64 m_buffer = 0;
    int m_used = 0;
};

const std::array<quint32, 256>& crcTable()
{
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> entries{};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1u) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            entries[n] = c;
        }
        return entries;
    }();
    return table;
}

void appendLittleEndian(QByteArray& bytes, quint32 value)
{
    for (int i = 0; i < 4; ++i)
        bytes.append(char((value >> (8 * i)) & 0xff));
}

void appendBigEndian(QByteArray& bytes, quint32 value)
{
    for (int i = 3; i >= 0; --i)
        bytes.append(char((value >> (8 * i)) & 0xff));
}

} // namespace

QByteArray DemoBomb::deflate(const QByteArray& prefix, qint64 runBytes)
{
    const qint64 matches = runBytes > 1 ? (runBytes - 1) / kLongestMatch : 0;
    BitWriter out(prefix.size() + matches / 4 + 64);

    // The prefix in a block of fixed codes (not the last one).
    out.bits(0, 1); // BFINAL 0
    out.bits(1, 2); // BTYPE 01: fixed Huffman codes
    for (const char byte : prefix)
        out.literal(quint8(byte));
    out.code(0, 7); // end of block (symbol 256)

    // The run in a block with codes of its own: 'a' and the end of block take 2 bits each,
    // "258 bytes back 1" takes 1 bit for the length (symbol 285) and 1 for the distance (code 0), so
    // each 258 bytes cost 2 bits: a ratio of about 1000 to 1, as zlib reaches on such data.
    out.bits(1, 1); // BFINAL 1
    out.bits(2, 2); // BTYPE 10: dynamic Huffman codes
    out.bits(29, 5); // HLIT: 286 literal/length codes, up to symbol 285
    out.bits(0, 5); // HDIST: 1 distance code
    out.bits(14, 4); // HCLEN: 18 code length codes
    // Code length code lengths in deflate's order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1:
    // symbol 18 (a run of zeros) gets 1 bit, the lengths 1 and 2 get 2 bits each.
    for (const int length : {0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2})
        out.bits(quint32(length), 3);
    // Their codes: 18 -> 0, 1 -> 10, 2 -> 11.
    const auto zeros = [&out](int count) { // 11 to 138 lengths of 0
        out.code(0, 1);
        out.bits(quint32(count - 11), 7);
    };
    const auto lengthOne = [&out] { out.code(2, 2); };
    const auto lengthTwo = [&out] { out.code(3, 2); };
    // 286 literal/length code lengths: 'a' (97) 2, 256 (end of block) 2, 285 (length 258) 1, the rest 0.
    zeros(97);
    lengthTwo();
    zeros(138);
    zeros(158 - 138);
    lengthTwo();
    zeros(28);
    lengthOne();
    lengthOne(); // the one distance code
    // Literal/length codes: 285 -> 0, 'a' -> 10, 256 -> 11; distance code 0 -> 0.
    if (runBytes > 0) {
        out.code(2, 2);
        for (qint64 i = 0; i < matches; ++i)
            out.bits(0, 2);
        for (qint64 rest = runBytes - 1 - matches * kLongestMatch; rest > 0; --rest)
            out.code(2, 2);
    }
    out.code(3, 2); // end of block
    return out.finish();
}

quint32 DemoBomb::crc32(const QByteArray& prefix, qint64 runBytes)
{
    const std::array<quint32, 256>& table = crcTable();
    quint32 crc = 0xffffffffu;
    for (const char byte : prefix)
        crc = table[(crc ^ quint8(byte)) & 0xff] ^ (crc >> 8);
    for (qint64 i = 0; i < runBytes; ++i)
        crc = table[(crc ^ quint8(kFill)) & 0xff] ^ (crc >> 8);
    return crc ^ 0xffffffffu;
}

quint32 DemoBomb::adler32(const QByteArray& prefix, qint64 runBytes)
{
    quint64 a = 1;
    quint64 b = 0;
    for (const char byte : prefix) {
        a = (a + quint8(byte)) % kAdlerModulus;
        b = (b + a) % kAdlerModulus;
    }
    // n bytes of value v: a grows by n·v, b by n·a + v·n(n+1)/2, all modulo 65521.
    const quint64 n = quint64(runBytes) % kAdlerModulus;
    const quint64 v = quint8(kFill);
    const quint64 half = (runBytes % 2 == 0) ? (quint64(runBytes / 2) % kAdlerModulus) * ((n + 1) % kAdlerModulus)
                                             : n * (quint64((runBytes + 1) / 2) % kAdlerModulus);
    b = (b + n * a + v * (half % kAdlerModulus)) % kAdlerModulus;
    a = (a + n * v) % kAdlerModulus;
    return quint32((b << 16) | a);
}

QByteArray DemoBomb::gzip(const QByteArray& prefix, qint64 runBytes)
{
    // ID1 ID2, CM deflate, no flags, no time, no extra flags, OS unknown.
    QByteArray body = QByteArray::fromHex("1f8b08000000000000ff");
    body.append(deflate(prefix, runBytes));
    appendLittleEndian(body, crc32(prefix, runBytes));
    appendLittleEndian(body, quint32(quint64(prefix.size() + runBytes) & 0xffffffffu));
    return body;
}

QByteArray DemoBomb::zlib(const QByteArray& prefix, qint64 runBytes)
{
    QByteArray body = QByteArray::fromHex("7801"); // deflate, 32 KiB window, no dictionary
    body.append(deflate(prefix, runBytes));
    appendBigEndian(body, adler32(prefix, runBytes));
    return body;
}

} // namespace Reelwatch

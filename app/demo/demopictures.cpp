#include "demopictures.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <QStringList>

namespace Reelwatch::DemoPictures {

namespace {

quint32 crc32(const QByteArray& data)
{
    static const auto table = [] {
        std::array<quint32, 256> entries{};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1u) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            entries[n] = c;
        }
        return entries;
    }();
    quint32 crc = 0xffffffffu;
    for (const char byte : data)
        crc = table[(crc ^ static_cast<quint8>(byte)) & 0xffu] ^ (crc >> 8);
    return crc ^ 0xffffffffu;
}

void appendBigEndian(QByteArray& out, quint32 value)
{
    out.append(static_cast<char>(value >> 24));
    out.append(static_cast<char>(value >> 16));
    out.append(static_cast<char>(value >> 8));
    out.append(static_cast<char>(value));
}

void appendPngChunk(QByteArray& png, const char* type, const QByteArray& data)
{
    appendBigEndian(png, static_cast<quint32>(data.size()));
    const QByteArray typed = QByteArray(type, 4) + data;
    png.append(typed);
    appendBigEndian(png, crc32(typed));
}

struct Rgb
{
    double r, g, b;
};

// Hue in [0, 1), full value: enough for a per-task colour without QtGui.
Rgb hueColour(double hue, double saturation, double value)
{
    const double h = (hue - std::floor(hue)) * 6;
    const int sector = static_cast<int>(h) % 6;
    const double f = h - std::floor(h);
    const double p = value * (1 - saturation);
    const double q = value * (1 - saturation * f);
    const double t = value * (1 - saturation * (1 - f));
    switch (sector) {
    case 0:
        return {value, t, p};
    case 1:
        return {q, value, p};
    case 2:
        return {p, value, t};
    case 3:
        return {p, q, value};
    case 4:
        return {t, p, value};
    default:
        return {value, p, q};
    }
}

// The frame size of a render of `size` ("720x1280") scaled so its long side is `longSide`.
std::pair<int, int> frameSize(const QString& size, int longSide)
{
    const QStringList parts = size.split(QLatin1Char('x'));
    int sourceWidth = parts.size() == 2 ? parts.at(0).toInt() : 0;
    int sourceHeight = parts.size() == 2 ? parts.at(1).toInt() : 0;
    if (sourceWidth <= 0 || sourceHeight <= 0) {
        sourceWidth = 1280;
        sourceHeight = 720;
    }
    const double scale = double(longSide) / std::max(sourceWidth, sourceHeight);
    return {std::max(1, int(std::lround(sourceWidth * scale))), std::max(1, int(std::lround(sourceHeight * scale)))};
}

// Draws the task's scene at moment `t` (0–1 through the render) into the RGB rectangle at
// (left, top) of `rgb`, a picture `stride` pixels wide: a sky in the task's colours, a sun that
// crosses it as the render plays and a hilly horizon that drifts.
void drawScene(QByteArray& rgb, int stride, int left, int top, int width, int height, const QString& taskId, double t)
{
    const quint32 seed = qHash(taskId);
    const double hue = (seed % 360) / 360.0;
    const Rgb skyTop = hueColour(hue, 0.55, 0.95);
    const Rgb skyBottom = hueColour(hue + 0.12, 0.35, 0.55);
    const Rgb sun = hueColour(hue + 0.5, 0.25, 1.0);
    const Rgb ground = hueColour(hue + 0.3, 0.6, 0.35);
    const double start = 0.25 + ((seed >> 9) % 50) / 100.0;
    const double sunX = width * (start + (t - 0.5) * 0.5);
    const double sunY = height * (0.3 + 0.1 * std::abs(t - 0.5));
    const double sunRadius = std::min(width, height) / 6.0;
    const double phase = ((seed >> 3) % 628) / 100.0 + t * 3.1416;
    char* out = rgb.data();
    for (int y = 0; y < height; ++y) {
        const double mix = double(y) / std::max(1, height - 1);
        char* pixelOut = out + (qsizetype(top + y) * stride + left) * 3;
        for (int x = 0; x < width; ++x) {
            Rgb pixel{skyTop.r + (skyBottom.r - skyTop.r) * mix, skyTop.g + (skyBottom.g - skyTop.g) * mix,
                      skyTop.b + (skyBottom.b - skyTop.b) * mix};
            const double dx = x - sunX;
            const double dy = y - sunY;
            if (dx * dx + dy * dy <= sunRadius * sunRadius)
                pixel = sun;
            const double horizon = height * (0.72 + 0.06 * std::sin(phase + x * 6.2832 * 1.5 / width));
            if (y >= horizon)
                pixel = ground;
            for (const double channel : {pixel.r, pixel.g, pixel.b})
                *pixelOut++ = static_cast<char>(std::clamp(int(std::lround(channel * 255)), 0, 255));
        }
    }
}

// Assembled by hand (RGB, 8 bits, no filter) because app/ links QtCore only: qCompress() gives a
// zlib stream after its 4-byte length prefix, which is what IDAT holds.
QByteArray encodePng(const QByteArray& rgb, int width, int height)
{
    QByteArray raw;
    raw.reserve((qsizetype(width) * 3 + 1) * height);
    for (int y = 0; y < height; ++y) {
        raw.append('\0'); // filter type: none
        raw.append(rgb.constData() + qsizetype(y) * width * 3, qsizetype(width) * 3);
    }
    QByteArray header;
    appendBigEndian(header, static_cast<quint32>(width));
    appendBigEndian(header, static_cast<quint32>(height));
    header.append(char(8)); // bits per channel
    header.append(char(2)); // colour type: RGB
    header.append(char(0)); // compression: deflate
    header.append(char(0)); // filter method
    header.append(char(0)); // no interlace

    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    appendPngChunk(png, "IHDR", header);
    appendPngChunk(png, "IDAT", qCompress(raw, 9).mid(4));
    appendPngChunk(png, "IEND", QByteArray());
    return png;
}

void appendLittleEndian(QByteArray& out, quint32 value)
{
    for (int shift = 0; shift < 32; shift += 8)
        out.append(static_cast<char>(value >> shift));
}

void appendLittleEndian16(QByteArray& out, quint16 value)
{
    out.append(static_cast<char>(value));
    out.append(static_cast<char>(value >> 8));
}

} // namespace

QByteArray thumbnailPng(const QString& taskId, const QString& size)
{
    const auto [width, height] = frameSize(size, 192);
    QByteArray rgb(qsizetype(width) * height * 3, Qt::Uninitialized);
    drawScene(rgb, width, 0, 0, width, height, taskId, 0.5);
    return encodePng(rgb, width, height);
}

QByteArray spritesheetPng(const QString& taskId, const QString& size)
{
    const auto [width, height] = frameSize(size, kSpritesheetFrameLongSide);
    const int sheetWidth = width * kSpritesheetColumns;
    const int sheetHeight = height * kSpritesheetRows;
    QByteArray rgb(qsizetype(sheetWidth) * sheetHeight * 3, Qt::Uninitialized);
    const int frames = kSpritesheetColumns * kSpritesheetRows;
    for (int frame = 0; frame < frames; ++frame) {
        drawScene(rgb, sheetWidth, (frame % kSpritesheetColumns) * width, (frame / kSpritesheetColumns) * height, width,
                  height, taskId, double(frame) / (frames - 1));
    }
    return encodePng(rgb, sheetWidth, sheetHeight);
}

Clip::Clip(const QString& taskId, const QString& size, int seconds)
    : m_taskId(taskId)
{
    std::tie(m_width, m_height) = frameSize(size, kFrameLongSide);
    m_frames = std::clamp(seconds, 1, kMaxSeconds) * kFramesPerSecond;
    m_rowBytes = (qint64(m_width) * 3 + 3) & ~qint64(3); // DIB rows are padded to 4 bytes
    m_frameBytes = m_rowBytes * m_height;
    const qint64 moviBytes = 4 + qint64(m_frames) * chunkBytes();
    const qint64 indexBytes = 8 + 16 * qint64(m_frames);
    const quint32 frameMicroseconds = 1'000'000 / kFramesPerSecond;

    QByteArray& h = m_header;
    h += "RIFF";
    appendLittleEndian(h, quint32(4 + 200 + 8 + moviBytes + indexBytes)); // everything after this field
    h += "AVI ";
    h += "LIST";
    appendLittleEndian(h, 192);
    h += "hdrl";
    h += "avih"; // the main header
    appendLittleEndian(h, 56);
    appendLittleEndian(h, frameMicroseconds);
    appendLittleEndian(h, quint32(m_frameBytes * kFramesPerSecond)); // max bytes per second
    appendLittleEndian(h, 0); // padding granularity
    appendLittleEndian(h, 0x10); // AVIF_HASINDEX
    appendLittleEndian(h, quint32(m_frames));
    appendLittleEndian(h, 0); // initial frames
    appendLittleEndian(h, 1); // streams
    appendLittleEndian(h, quint32(chunkBytes())); // suggested buffer size
    appendLittleEndian(h, quint32(m_width));
    appendLittleEndian(h, quint32(m_height));
    for (int reserved = 0; reserved < 4; ++reserved)
        appendLittleEndian(h, 0);
    h += "LIST";
    appendLittleEndian(h, 116);
    h += "strl";
    h += "strh"; // the video stream
    appendLittleEndian(h, 56);
    h += "vids";
    h += "DIB ";
    appendLittleEndian(h, 0); // flags
    appendLittleEndian16(h, 0); // priority
    appendLittleEndian16(h, 0); // language
    appendLittleEndian(h, 0); // initial frames
    appendLittleEndian(h, 1); // scale
    appendLittleEndian(h, kFramesPerSecond); // rate: frames per `scale` seconds
    appendLittleEndian(h, 0); // start
    appendLittleEndian(h, quint32(m_frames)); // length in frames
    appendLittleEndian(h, quint32(chunkBytes()));
    appendLittleEndian(h, 0xffffffffu); // quality: default
    appendLittleEndian(h, 0); // sample size: varies (one frame per chunk)
    for (const int edge : {0, 0, m_width, m_height})
        appendLittleEndian16(h, quint16(edge));
    h += "strf"; // BITMAPINFOHEADER: 24-bit BGR, rows bottom to top
    appendLittleEndian(h, 40);
    appendLittleEndian(h, 40);
    appendLittleEndian(h, quint32(m_width));
    appendLittleEndian(h, quint32(m_height));
    appendLittleEndian16(h, 1); // planes
    appendLittleEndian16(h, 24); // bits per pixel
    appendLittleEndian(h, 0); // BI_RGB
    appendLittleEndian(h, quint32(m_frameBytes));
    for (int unused = 0; unused < 4; ++unused)
        appendLittleEndian(h, 0);
    h += "LIST";
    appendLittleEndian(h, quint32(moviBytes));
    h += "movi";
    Q_ASSERT(h.size() == 224);

    m_index += "idx1";
    appendLittleEndian(m_index, quint32(16 * m_frames));
    for (int frame = 0; frame < m_frames; ++frame) {
        m_index += "00db";
        appendLittleEndian(m_index, 0x10); // AVIIF_KEYFRAME: every frame stands alone
        appendLittleEndian(m_index, quint32(4 + frame * chunkBytes())); // from the "movi" tag
        appendLittleEndian(m_index, quint32(m_frameBytes));
    }
}

qint64 Clip::size() const
{
    return framesEnd() + m_index.size();
}

QByteArray Clip::frameRgb(int index) const
{
    QByteArray rgb(qsizetype(m_width) * m_height * 3, Qt::Uninitialized);
    drawScene(rgb, m_width, 0, 0, m_width, m_height, m_taskId, double(index) / std::max(1, m_frames - 1));
    return rgb;
}

QByteArray Clip::chunk(int index) const
{
    QByteArray out;
    out.reserve(chunkBytes());
    out += "00db";
    appendLittleEndian(out, quint32(m_frameBytes));
    const QByteArray rgb = frameRgb(index);
    const QByteArray padding(m_rowBytes - qint64(m_width) * 3, '\0');
    for (int y = m_height - 1; y >= 0; --y) {
        const char* row = rgb.constData() + qsizetype(y) * m_width * 3;
        for (int x = 0; x < m_width; ++x) {
            out.append(row[x * 3 + 2]);
            out.append(row[x * 3 + 1]);
            out.append(row[x * 3]);
        }
        out.append(padding);
    }
    return out;
}

QByteArray Clip::slice(qint64 offset, qint64 length) const
{
    QByteArray out;
    const qint64 end = std::min(size(), offset + std::max<qint64>(0, length));
    qint64 position = std::max<qint64>(0, offset);
    out.reserve(std::max<qint64>(0, end - position));
    while (position < end) {
        if (position < m_header.size()) {
            out += m_header.mid(position, end - position);
            position = std::min<qint64>(end, m_header.size());
        } else if (position < framesEnd()) {
            const int frame = int((position - m_header.size()) / chunkBytes());
            const qint64 chunkStart = m_header.size() + frame * chunkBytes();
            const QByteArray bytes = chunk(frame);
            const qint64 from = position - chunkStart;
            const qint64 take = std::min<qint64>(end - position, bytes.size() - from);
            out += bytes.mid(from, take);
            position += take;
        } else {
            out += m_index.mid(position - framesEnd(), end - position);
            position = end;
        }
    }
    return out;
}

} // namespace Reelwatch::DemoPictures

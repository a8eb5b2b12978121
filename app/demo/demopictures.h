#pragma once

#include <QByteArray>
#include <QString>

namespace Reelwatch::DemoPictures {

// The demo's pictures of a task, drawn from its ID so they differ per task and are the same in
// every process: a sky in the task's colours, a sun that crosses it as the render plays and a
// hilly horizon that drifts. Made with QtCore alone (the demo does not link QtGui).

// A small poster in the render's aspect ratio ("720x1280"): its scene halfway through, as a PNG.
QByteArray thumbnailPng(const QString& taskId, const QString& size);

// The spritesheet's frames, left to right and top to bottom, through the render in equal steps.
constexpr int kSpritesheetColumns = 5;
constexpr int kSpritesheetRows = 2;
constexpr int kSpritesheetFrameLongSide = 128;
QByteArray spritesheetPng(const QString& taskId, const QString& size);

// The render as a clip a media player can play: an AVI of uncompressed frames of the scene. Any
// byte range is made on its own, so a server streams and resumes it without holding it whole.
class Clip
{
public:
    static constexpr int kFramesPerSecond = 10;
    static constexpr int kFrameLongSide = 160;
    static constexpr int kMaxSeconds = 12;

    Clip(const QString& taskId, const QString& size, int seconds);

    qint64 size() const;
    int frameCount() const { return m_frames; }
    int width() const { return m_width; }
    int height() const { return m_height; }
    QByteArray slice(qint64 offset, qint64 length) const;
    // Frame `index` as 8-bit RGB rows, top to bottom (what a player shows for it).
    QByteArray frameRgb(int index) const;

private:
    qint64 chunkBytes() const { return 8 + m_frameBytes; }
    qint64 framesEnd() const { return m_header.size() + qint64(m_frames) * chunkBytes(); }
    QByteArray chunk(int index) const;

    QString m_taskId;
    int m_width = 0;
    int m_height = 0;
    int m_frames = 0;
    qint64 m_rowBytes = 0;
    qint64 m_frameBytes = 0;
    QByteArray m_header; // RIFF, hdrl and the start of the movi list
    QByteArray m_index; // idx1, after the frames
};

} // namespace Reelwatch::DemoPictures

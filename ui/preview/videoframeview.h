#pragma once

#include <QImage>
#include <QWidget>

class QVideoFrame;
class QVideoSink;

namespace Reelwatch {

// Shows the frames a media player delivers to its sink, fitted to the widget with the video's
// aspect ratio. Painted as images (not a native video surface), so it works on every platform
// plugin, offscreen and under Xvfb included, and the frame on screen can be read back.
class VideoFrameView : public QWidget
{
    Q_OBJECT

public:
    explicit VideoFrameView(QWidget* parent = nullptr);

    // Made on first use: a video sink, like any media object, needs a Qt Multimedia backend.
    QVideoSink* sink();
    QImage currentFrame() const { return m_frame; }
    int framesShown() const { return m_framesShown; }
    // Where the frame on screen starts in the video; -1 when unknown. The player's position can be
    // a little behind it, so frame steps count from here.
    qint64 currentFrameStartMs() const { return m_frameStartMs; }
    void clear();

    QSize sizeHint() const override { return {640, 360}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void showFrame(const QVideoFrame& frame);

    QVideoSink* m_sink = nullptr;
    QImage m_frame;
    int m_framesShown = 0;
    qint64 m_frameStartMs = -1;
};

} // namespace Reelwatch

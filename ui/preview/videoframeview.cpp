#include "videoframeview.h"

#include <QPainter>
#include <QVideoFrame>
#include <QVideoSink>

namespace Reelwatch {

VideoFrameView::VideoFrameView(QWidget* parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(160, 90);
    setAccessibleName(tr("Video"));
}

QVideoSink* VideoFrameView::sink()
{
    if (!m_sink) {
        m_sink = new QVideoSink(this);
        connect(m_sink, &QVideoSink::videoFrameChanged, this, &VideoFrameView::showFrame);
    }
    return m_sink;
}

void VideoFrameView::clear()
{
    m_frame = QImage();
    m_frameStartMs = -1;
    update();
}

void VideoFrameView::showFrame(const QVideoFrame& frame)
{
    if (!frame.isValid())
        return;
    m_frame = frame.toImage();
    m_frameStartMs = frame.startTime() >= 0 ? frame.startTime() / 1000 : -1;
    ++m_framesShown;
    update();
}

void VideoFrameView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::black); // the letterbox, in light and dark themes alike
    if (m_frame.isNull())
        return;
    const QSize fitted = m_frame.size().scaled(size(), Qt::KeepAspectRatio);
    const QRect target(QPoint((width() - fitted.width()) / 2, (height() - fitted.height()) / 2), fitted);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(target, m_frame);
}

} // namespace Reelwatch

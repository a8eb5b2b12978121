#include "posterpainter.h"

#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>
#include <QPixmapCache>

namespace Reelwatch {

namespace PosterPainter {

QRectF fitted(const QRectF& frame, double aspect)
{
    if (aspect <= 0 || frame.isEmpty())
        return frame;
    QSizeF size(frame.width(), frame.width() / aspect);
    if (size.height() > frame.height())
        size = QSizeF(frame.height() * aspect, frame.height());
    return QRectF(frame.center().x() - size.width() / 2, frame.center().y() - size.height() / 2, size.width(),
                  size.height());
}

// Scaling a picture smoothly and clipping it to rounded corners are the dear parts of drawing a
// poster, so each picture is composed once per frame size (backdrop, fitted picture, corners) and
// kept (bounded, least recently used first) while the views repaint, scroll and hover.
QPixmap composed(const QImage& image, const QRect& part, const QSizeF& frameSize, qreal radius, qreal ratio)
{
    static const bool limitRaised = [] {
        QPixmapCache::setCacheLimit(std::max(QPixmapCache::cacheLimit(), 16 * 1024));
        return true;
    }();
    Q_UNUSED(limitRaised);
    const QSize pixels = (frameSize * ratio).toSize().expandedTo(QSize(1, 1));
    const QString key = QStringLiteral("reelwatch-poster:%1:%2,%3,%4,%5:%6x%7")
                            .arg(image.cacheKey())
                            .arg(part.x())
                            .arg(part.y())
                            .arg(part.width())
                            .arg(part.height())
                            .arg(pixels.width())
                            .arg(pixels.height());
    QPixmap pixmap;
    if (!QPixmapCache::find(key, &pixmap)) {
        QImage canvas(pixels, QImage::Format_ARGB32_Premultiplied);
        canvas.fill(Qt::transparent);
        QPainter painter(&canvas);
        painter.setRenderHint(QPainter::Antialiasing);
        const QRectF whole(QPointF(0, 0), QSizeF(pixels));
        QPainterPath shape;
        shape.addRoundedRect(whole, radius * ratio, radius * ratio);
        painter.setClipPath(shape);
        painter.fillRect(whole, QColor(0x16, 0x17, 0x1a));
        const QRectF target = fitted(whole, double(part.width()) / std::max(1, part.height()));
        painter.drawImage(target.topLeft(),
                          image.copy(part).scaled(target.size().toSize().expandedTo(QSize(1, 1)), Qt::IgnoreAspectRatio,
                                                  Qt::SmoothTransformation));
        painter.end();
        pixmap = QPixmap::fromImage(std::move(canvas));
        QPixmapCache::insert(key, pixmap);
    }
    pixmap.setDevicePixelRatio(ratio);
    return pixmap;
}

void paint(QPainter* painter, const QRectF& frame, const QImage& image, const QPalette& palette, const QRect& source,
           Placeholder placeholder)
{
    const qreal radius = std::min<qreal>(6, frame.height() / 8);
    QPainterPath shape;
    shape.addRoundedRect(frame, radius, radius);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (image.isNull()) {
        QColor quiet = palette.color(QPalette::Mid);
        quiet.setAlphaF(0.28);
        painter->fillPath(shape, quiet);
        QColor mark = palette.color(QPalette::PlaceholderText);
        mark.setAlphaF(0.7);
        const qreal size = std::min(frame.width(), frame.height()) * 0.22;
        const QPointF centre = frame.center();
        if (placeholder == Placeholder::NoPicture) {
            const QPolygonF triangle{{centre.x() - size * 0.4, centre.y() - size * 0.5},
                                     {centre.x() + size * 0.5, centre.y()},
                                     {centre.x() - size * 0.4, centre.y() + size * 0.5}};
            painter->setPen(Qt::NoPen);
            painter->setBrush(mark);
            painter->drawPolygon(triangle);
        } else if (placeholder == Placeholder::Failed) {
            painter->setPen(QPen(mark, std::max<qreal>(1.5, size / 6), Qt::SolidLine, Qt::RoundCap));
            const qreal half = size * 0.4;
            painter->drawLine(QPointF(centre.x() - half, centre.y() - half),
                              QPointF(centre.x() + half, centre.y() + half));
            painter->drawLine(QPointF(centre.x() + half, centre.y() - half),
                              QPointF(centre.x() - half, centre.y() + half));
        }
        painter->restore();
        return;
    }
    const QRect part = source.isNull() ? image.rect() : source;
    painter->drawPixmap(frame.topLeft(),
                        composed(image, part, frame.size(), radius, painter->device()->devicePixelRatioF()));
    painter->restore();
}

} // namespace PosterPainter

} // namespace Reelwatch

#include "posterpainter.h"

#include <QPainter>
#include <QPainterPath>
#include <QPalette>

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
    painter->setClipPath(shape);
    painter->fillRect(frame, QColor(0x16, 0x17, 0x1a));
    const QRect part = source.isNull() ? image.rect() : source;
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    painter->drawImage(fitted(frame, double(part.width()) / std::max(1, part.height())), image, part);
    painter->restore();
}

} // namespace PosterPainter

} // namespace Reelwatch

#include "gallerycarddelegate.h"

#include "galleryview.h"
#include "ui/board/groupheaderpainter.h"
#include "ui/board/statusbadgedelegate.h"
#include "ui/board/tasktablemodel.h"
#include "ui/board/tasktitledelegate.h"
#include "ui/posters/posterlibrary.h"
#include "ui/posters/posterpainter.h"
#include "ui/posters/spritesheet.h"

#include <QPainter>
#include <QPainterPath>

namespace Reelwatch {

namespace {

double aspectOf(const QString& size)
{
    const int separator = size.indexOf(QLatin1Char('x'));
    if (separator <= 0)
        return 0;
    const double width = size.left(separator).toDouble();
    const double height = size.mid(separator + 1).toDouble();
    return width > 0 && height > 0 ? width / height : 0;
}

// "0:08" on the picture's corner, as video sites mark a clip's length.
QString clipLength(const QString& seconds)
{
    bool ok = false;
    const double value = seconds.toDouble(&ok);
    if (!ok || value <= 0)
        return QString();
    const int whole = int(value + 0.5);
    return QStringLiteral("%1:%2").arg(whole / 60).arg(whole % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

GalleryCardDelegate::GalleryCardDelegate(const TaskTableModel* model, PosterLibrary* posters, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_model(model)
    , m_posters(posters)
{ }

QSize GalleryCardDelegate::cardSize(const QFont& font) const
{
    const QFontMetrics metrics(font);
    const int picture = (kCardWidth - 2 * kPadding) * 9 / 16;
    return {kCardWidth, kPadding + picture + kPadding + metrics.height() + 6 + metrics.height() + 8 + kPadding};
}

QRect GalleryCardDelegate::pictureRect(const QRect& card)
{
    const int width = card.width() - 2 * kPadding;
    return QRect(card.left() + kPadding, card.top() + kPadding, width, width * 9 / 16);
}

QSize GalleryCardDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const auto* gallery = qobject_cast<const GalleryView*>(option.widget);
    // In groups there is no grid: a header takes a whole row, and a card its cell, gap included.
    if (gallery && gallery->isGrouped()) {
        if (GroupHeaderPainter::isHeader(index))
            return QSize(gallery->rowWidth(), GroupHeaderPainter::height(option.font) + kGap);
        return gallery->cellSize();
    }
    // A card fills its cell of the grid, less the gap, so the grid decides how wide cards are.
    if (const auto* view = qobject_cast<const QListView*>(option.widget); view && view->gridSize().isValid())
        return view->gridSize() - QSize(kGap, kGap);
    return cardSize(option.font);
}

QRect GalleryCardDelegate::cardRect(const QRect& itemRect, const QWidget* view)
{
    const auto* gallery = qobject_cast<const GalleryView*>(view);
    return gallery && gallery->isGrouped() ? itemRect.adjusted(0, 0, -kGap, -kGap) : itemRect;
}

void GalleryCardDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    if (GroupHeaderPainter::isHeader(index)) {
        QStyleOptionViewItem header(option);
        header.rect = option.rect.adjusted(0, kGap / 2, -kGap, -kGap / 2);
        GroupHeaderPainter::paint(painter, header, index);
        return;
    }
    const QRect card = cardRect(option.rect, option.widget).adjusted(0, 0, -1, -1);
    const QPalette& palette = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    const bool hovered = option.state & QStyle::State_MouseOver;
    const bool focused = option.state & QStyle::State_HasFocus;

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath shape;
    shape.addRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8);
    QColor background = palette.color(QPalette::Base);
    if (selected)
        background = palette.color(QPalette::Highlight).lighter(StatusBadgeDelegate::isDark(palette) ? 70 : 185);
    else if (hovered)
        background = palette.color(QPalette::AlternateBase);
    painter->fillPath(shape, background);
    QColor border = selected ? palette.color(QPalette::Highlight) : palette.color(QPalette::Mid);
    if (!selected)
        border.setAlphaF(0.5);
    painter->setPen(QPen(border, selected || focused ? 2 : 1));
    painter->drawPath(shape);
    painter->restore();

    const QRect picture = pictureRect(card);
    paintPicture(painter, option, index, picture);

    QFont titleFont = option.font;
    titleFont.setBold(true);
    const QFontMetrics titleMetrics(titleFont);
    const QFontMetrics metrics(option.font);
    const QRect titleRect(card.left() + kPadding, picture.bottom() + kPadding, card.width() - 2 * kPadding,
                          titleMetrics.height());
    painter->save();
    painter->setFont(titleFont);
    painter->setPen(palette.color(QPalette::Text));
    painter->drawText(
        titleRect, Qt::AlignLeft | Qt::AlignVCenter,
        titleMetrics.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, titleRect.width()));
    painter->restore();

    // The badge, then what matters next at the right: time left, or the length and model.
    const QRect statusLine(titleRect.left(), titleRect.bottom() + 5, titleRect.width(), metrics.height() + 6);
    const QModelIndex status = index.siblingAtColumn(TaskTableModel::StatusColumn);
    const auto kind = BadgeKind(index.data(TaskTableModel::BadgeKindRole).toInt());
    QString aside;
    if (const QVariant remaining = index.data(TaskTableModel::RemainingRole); remaining.isValid())
        aside = TaskTableModel::remainingText(remaining.toLongLong());
    else if (kind == BadgeKind::Success)
        aside = index.siblingAtColumn(TaskTableModel::ModelColumn).data().toString();
    // Two pixels to spare: text is measured in fractions and must not be elided in the space made for it.
    const int asideWidth = aside.isEmpty() ? 0 : std::min(metrics.horizontalAdvance(aside) + 2, statusLine.width() / 2);
    const QRect badgeRect = statusLine.adjusted(0, 0, aside.isEmpty() ? 0 : -(asideWidth + 8), 0);
    StatusBadgeDelegate::paintBadge(painter, badgeRect, kind, status.data().toString(),
                                    index.data(TaskTableModel::ProgressRole), palette, option.font);
    if (!aside.isEmpty()) {
        painter->save();
        painter->setPen(palette.color(QPalette::PlaceholderText));
        painter->drawText(statusLine, Qt::AlignRight | Qt::AlignVCenter,
                          metrics.elidedText(aside, Qt::ElideRight, asideWidth));
        painter->restore();
    }
}

void GalleryCardDelegate::paintPicture(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index,
                                       const QRect& frame) const
{
    const StoredTask* task = m_model->task(index.data(TaskTableModel::ProfileIdRole).toLongLong(),
                                           index.data(TaskTableModel::TaskIdRole).toString());
    QImage image;
    QRect source;
    if (task) {
        const auto* view = qobject_cast<const GalleryView*>(option.widget);
        const double scrub = view ? view->scrubPosition(index) : -1;
        if (scrub >= 0) {
            const QImage sheet = m_posters->picture(*task, PictureKind::Spritesheet);
            const SpriteSheetGrid grid
                = SpriteSheetGrid::infer(sheet.size(), task->last ? aspectOf(task->last->size) : 0);
            if (!sheet.isNull() && grid.isValid()) {
                image = sheet;
                source = grid.frameRect(grid.frameAt(scrub));
            }
        }
        if (image.isNull())
            image = m_posters->picture(*task, PictureKind::Poster);
    }
    const auto kind = BadgeKind(index.data(TaskTableModel::BadgeKindRole).toInt());
    PosterPainter::paint(painter, frame, image, option.palette, source, placeholderFor(kind));

    if (kind == BadgeKind::InProgress)
        paintProgressRing(painter, frame, index.data(TaskTableModel::ProgressRole), option.palette, option.font);

    // The clip's length on the picture's corner, and the scrub position under it while scrubbing.
    const QString length = task && task->last ? clipLength(task->last->seconds) : QString();
    if (!length.isEmpty() && !image.isNull()) {
        QFont small = option.font;
        small.setPointSizeF(std::max(7.0, option.font.pointSizeF() * 0.85));
        const QFontMetrics metrics(small);
        const QRect chip(frame.right() - metrics.horizontalAdvance(length) - 14, frame.bottom() - metrics.height() - 8,
                         metrics.horizontalAdvance(length) + 8, metrics.height() + 2);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        QPainterPath path;
        path.addRoundedRect(chip, 3, 3);
        painter->fillPath(path, QColor(0, 0, 0, 170));
        painter->setFont(small);
        painter->setPen(Qt::white);
        painter->drawText(chip, Qt::AlignCenter, length);
        painter->restore();
    }
    if (!source.isNull()) {
        const auto* view = qobject_cast<const GalleryView*>(option.widget);
        const double scrub = view ? view->scrubPosition(index) : 0;
        painter->fillRect(QRectF(frame.left(), frame.bottom() - 2, frame.width() * scrub, 3),
                          option.palette.color(QPalette::Highlight));
    }
}

void GalleryCardDelegate::paintProgressRing(QPainter* painter, const QRectF& frame, const QVariant& progress,
                                            const QPalette& palette, const QFont& font)
{
    const qreal diameter = std::min(frame.width(), frame.height()) * 0.42;
    const QRectF ring(frame.center().x() - diameter / 2, frame.center().y() - diameter / 2, diameter, diameter);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor track = palette.color(QPalette::Mid);
    track.setAlphaF(0.45);
    const qreal width = std::max<qreal>(3, diameter / 10);
    painter->setPen(QPen(track, width));
    painter->drawEllipse(ring);
    const QColor accent = palette.color(QPalette::Highlight);
    if (progress.isValid()) {
        const int percent = std::clamp(progress.toInt(), 0, 100);
        painter->setPen(QPen(accent, width, Qt::SolidLine, Qt::RoundCap));
        painter->drawArc(ring, 90 * 16, -percent * 360 * 16 / 100);
        QFont bold = font;
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(palette.color(QPalette::Text));
        painter->drawText(ring, Qt::AlignCenter, QStringLiteral("%1%").arg(percent));
    } else {
        // No number from the server: a broken ring that claims none.
        painter->setPen(QPen(accent, width, Qt::DotLine, Qt::RoundCap));
        painter->drawEllipse(ring);
    }
    painter->restore();
}

} // namespace Reelwatch

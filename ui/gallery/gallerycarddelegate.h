#pragma once

#include <QStyledItemDelegate>

namespace Reelwatch {

class PosterLibrary;
class TaskTableModel;

// Paints one card of the gallery: the picture (the poster, or the spritesheet frame under the
// pointer), the title, the status badge and a line of what matters next (time left while
// rendering, the length and model once finished).
class GalleryCardDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    static constexpr int kCardWidth = 232;
    static constexpr int kGap = 12; // between cards
    static constexpr int kPadding = 8; // inside a card

    GalleryCardDelegate(const TaskTableModel* model, PosterLibrary* posters, QObject* parent = nullptr);

    QSize cardSize(const QFont& font) const;
    // The picture's frame (16:9) within a card at `card`.
    static QRect pictureRect(const QRect& card);
    // The card within an item's rectangle in `view` (in groups an item also holds the gap).
    static QRect cardRect(const QRect& itemRect, const QWidget* view);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    void paintPicture(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index,
                      const QRect& frame) const;
    static void paintProgressRing(QPainter* painter, const QRectF& frame, const QVariant& progress,
                                  const QPalette& palette, const QFont& font);

    const TaskTableModel* m_model;
    PosterLibrary* m_posters;
};

} // namespace Reelwatch

#pragma once

#include <QListView>
#include <QPersistentModelIndex>

namespace Reelwatch {

class GalleryCardDelegate;
class PosterLibrary;
class TaskTableModel;

// The board as a grid of cards: the render's poster, its title, its status badge, a progress ring
// while it renders and its length. It shows the same filtered, sorted rows as the table and shares
// its selection model, so the actions, the context menu and the details pane work the same in
// both. Hovering a finished card's picture scrubs through the render's spritesheet where the
// provider offers one.
class GalleryView : public QListView
{
    Q_OBJECT

public:
    GalleryView(const TaskTableModel* model, PosterLibrary* posters, QWidget* parent = nullptr);

    // Where the pointer is across the hovered card's picture (0–1), or a negative number when the
    // pointer is not over `index`'s picture.
    double scrubPosition(const QModelIndex& index) const;
    GalleryCardDelegate* cardDelegate() const { return m_delegate; }

    // Grouped rows (TaskGroupProxy) have full-width headers, which a uniform grid cannot hold: the
    // cards are then laid out one by one at the grid's cell size, headers on rows of their own.
    void setGrouped(bool grouped);
    bool isGrouped() const { return m_grouped; }
    QSize cellSize() const { return m_cellSize; }
    int rowWidth() const { return m_rowWidth; }

protected:
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void setScrub(const QModelIndex& index, double position);
    void updateGrid();

    GalleryCardDelegate* m_delegate;
    bool m_grouped = false;
    QSize m_cellSize;
    int m_rowWidth = 0;
    QPersistentModelIndex m_scrubbed;
    double m_scrubPosition = -1;
};

} // namespace Reelwatch

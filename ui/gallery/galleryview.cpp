#include "galleryview.h"

#include "gallerycarddelegate.h"
#include "ui/board/taskgroupproxy.h"
#include "ui/board/tasktablemodel.h"

#include <QMouseEvent>
#include <QScrollBar>

namespace Reelwatch {

GalleryView::GalleryView(const TaskTableModel* model, PosterLibrary* posters, QWidget* parent)
    : QListView(parent)
    , m_delegate(new GalleryCardDelegate(model, posters, this))
{
    setObjectName(QStringLiteral("taskGallery"));
    setAccessibleName(tr("Tasks"));
    setViewMode(QListView::IconMode);
    setFlow(QListView::LeftToRight);
    setWrapping(true);
    setResizeMode(QListView::Adjust);
    setMovement(QListView::Static);
    // Every card has the same size: layout of 10,000 cards is arithmetic, not 10,000 size hints.
    setUniformItemSizes(true);
    setLayoutMode(QListView::SinglePass);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setContextMenuPolicy(Qt::CustomContextMenu);
    setMouseTracking(true);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setModelColumn(TaskTableModel::TaskColumn);
    setItemDelegate(m_delegate);
    setSpacing(0);
    updateGrid();
}

void GalleryView::updateGrid()
{
    // Cards share the width left over in a row, so the grid has no ragged right edge.
    const QSize card = m_delegate->cardSize(font());
    const int gap = GalleryCardDelegate::kGap;
    const int available = std::max(1, viewport()->width() - verticalScrollBar()->sizeHint().width() / 4);
    const int columns = std::max(1, available / (card.width() + gap));
    const int width = std::max(card.width() + gap, available / columns);
    const QSize grid(width, card.height() + gap);
    const bool cellChanged = grid != m_cellSize || columns * width != m_rowWidth;
    m_cellSize = grid;
    m_rowWidth = columns * width;
    if (m_grouped) {
        if (gridSize().isValid())
            setGridSize(QSize());
        if (cellChanged)
            scheduleDelayedItemsLayout(); // the size hints changed with the width
    } else if (grid != gridSize()) {
        setGridSize(grid);
    }
    verticalScrollBar()->setSingleStep(grid.height() / 4);
}

void GalleryView::setGrouped(bool grouped)
{
    if (grouped == m_grouped)
        return;
    m_grouped = grouped;
    // Uniform sizes would give a header a card's size; without a grid each item is asked its own.
    setUniformItemSizes(!grouped);
    m_cellSize = QSize();
    updateGrid();
    scheduleDelayedItemsLayout();
}

void GalleryView::resizeEvent(QResizeEvent* event)
{
    QListView::resizeEvent(event);
    updateGrid();
}

double GalleryView::scrubPosition(const QModelIndex& index) const
{
    if (!m_scrubbed.isValid() || index.row() != m_scrubbed.row())
        return -1;
    return m_scrubPosition;
}

void GalleryView::setScrub(const QModelIndex& index, double position)
{
    if (m_scrubbed.isValid() && (!index.isValid() || m_scrubbed.row() != index.row()))
        viewport()->update(visualRect(m_scrubbed));
    m_scrubbed = index;
    m_scrubPosition = position;
    if (index.isValid())
        viewport()->update(visualRect(index));
}

void GalleryView::mouseMoveEvent(QMouseEvent* event)
{
    QListView::mouseMoveEvent(event);
    const QPoint at = event->position().toPoint();
    const QModelIndex index = indexAt(at);
    if (!index.isValid()) {
        setScrub(QModelIndex(), -1);
        return;
    }
    if (index.data(TaskGroupProxy::GroupHeaderRole).toBool()) {
        setScrub(QModelIndex(), -1);
        return;
    }
    const QRect picture = m_delegate->pictureRect(GalleryCardDelegate::cardRect(visualRect(index), this));
    if (!picture.contains(at)) {
        setScrub(QModelIndex(), -1);
        return;
    }
    setScrub(index, double(at.x() - picture.left()) / std::max(1, picture.width()));
}

void GalleryView::leaveEvent(QEvent* event)
{
    QListView::leaveEvent(event);
    setScrub(QModelIndex(), -1);
}

} // namespace Reelwatch

#pragma once

#include "ui/board/tasktablemodel.h"
#include "ui/posters/posterpainter.h"

#include <QStyledItemDelegate>

namespace Reelwatch {

// The empty frame of a row or card without a picture: a play mark for a finished render, a cross
// for a failed one, nothing while it is on its way.
PosterPainter::Placeholder placeholderFor(BadgeKind kind);

class PosterLibrary;
class TaskTableModel;

// The board's title column. With posters on (the "with thumbnails" row height) a finished row
// shows its render's poster before the title; rows that are not finished keep an empty frame, so
// titles line up. Painting is what asks for a poster, so only visible rows are ever fetched.
class TaskTitleDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    TaskTitleDelegate(const TaskTableModel* model, PosterLibrary* posters, QObject* parent = nullptr);

    void setShowPosters(bool show) { m_showPosters = show; }
    bool showPosters() const { return m_showPosters; }
    // The poster's frame within a cell of `cell` (16:9, the height of the row less a margin).
    static QRect posterRect(const QRect& cell);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    const TaskTableModel* m_model;
    PosterLibrary* m_posters;
    bool m_showPosters = false;
};

} // namespace Reelwatch

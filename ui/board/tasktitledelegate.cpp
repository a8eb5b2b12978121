#include "tasktitledelegate.h"

#include "groupheaderpainter.h"
#include "tasktablemodel.h"
#include "ui/posters/posterlibrary.h"
#include "ui/posters/posterpainter.h"

#include <QApplication>
#include <QPainter>

namespace Reelwatch {

namespace {

constexpr int kMargin = 3;
constexpr int kGap = 8;

} // namespace

PosterPainter::Placeholder placeholderFor(BadgeKind kind)
{
    switch (kind) {
    case BadgeKind::Success:
        return PosterPainter::Placeholder::NoPicture;
    case BadgeKind::Failure:
        return PosterPainter::Placeholder::Failed;
    default:
        return PosterPainter::Placeholder::Blank;
    }
}

TaskTitleDelegate::TaskTitleDelegate(const TaskTableModel* model, PosterLibrary* posters, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_model(model)
    , m_posters(posters)
{ }

QRect TaskTitleDelegate::posterRect(const QRect& cell)
{
    const int height = std::max(0, cell.height() - 2 * kMargin);
    return QRect(cell.left() + kMargin, cell.top() + kMargin, height * 16 / 9, height);
}

void TaskTitleDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    if (GroupHeaderPainter::isHeader(index)) {
        GroupHeaderPainter::paint(painter, option, index);
        return;
    }
    if (!m_showPosters) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem itemOption(option);
    initStyleOption(&itemOption, index);
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    const QString text = itemOption.text;
    itemOption.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &itemOption, painter, widget);

    const QRect poster = posterRect(option.rect);
    QImage image;
    if (const StoredTask* task = m_model->task(index.data(TaskTableModel::ProfileIdRole).toLongLong(),
                                               index.data(TaskTableModel::TaskIdRole).toString()))
        image = m_posters->picture(*task, PictureKind::Poster);
    PosterPainter::paint(painter, poster, image, option.palette, QRect(),
                         placeholderFor(BadgeKind(index.data(TaskTableModel::BadgeKindRole).toInt())));

    const QRect textRect = option.rect.adjusted(poster.width() + kMargin + kGap, 0, -kMargin, 0);
    const bool selected = option.state & QStyle::State_Selected;
    painter->save();
    painter->setPen(option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->setFont(itemOption.font);
    painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
                      itemOption.fontMetrics.elidedText(text, Qt::ElideRight, textRect.width()));
    painter->restore();
}

} // namespace Reelwatch

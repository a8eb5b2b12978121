#include "groupheaderpainter.h"

#include "taskgroupproxy.h"

#include <QApplication>
#include <QFontMetrics>
#include <QHeaderView>
#include <QPainter>
#include <QStyle>
#include <QTableView>

namespace Reelwatch::GroupHeaderPainter {

bool isHeader(const QModelIndex& index)
{
    return index.data(TaskGroupProxy::GroupHeaderRole).toBool();
}

int height(const QFont& font)
{
    return QFontMetrics(font).height() + 16;
}

void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index)
{
    painter->save();
    const QPalette& palette = option.palette;
    const bool collapsed = index.data(TaskGroupProxy::GroupCollapsedRole).toBool();
    const int count = index.data(TaskGroupProxy::GroupCountRole).toInt();
    const QString title = index.data(Qt::DisplayRole).toString();

    // The label sits at the bottom of a tall row (thumbnails on), like a heading above its tasks.
    const int lineHeight = height(option.font);
    QRect band = option.rect;
    band.setTop(std::max(option.rect.top(), option.rect.bottom() - lineHeight + 1));
    painter->fillRect(option.rect, palette.base());
    painter->fillRect(band, palette.alternateBase());
    painter->setPen(palette.color(QPalette::Mid));
    painter->drawLine(band.bottomLeft(), band.bottomRight());

    // In a table whose columns were moved there is no span: every cell draws the band, the first
    // visible one the arrow and the words.
    if (const auto* table = qobject_cast<const QTableView*>(option.widget)) {
        const QHeaderView* header = table->horizontalHeader();
        int firstVisual = 0;
        while (firstVisual < header->count() && header->isSectionHidden(header->logicalIndex(firstVisual)))
            ++firstVisual;
        if (header->visualIndex(index.column()) != firstVisual) {
            painter->restore();
            return;
        }
    }
    const int arrowSize = std::max(8, lineHeight / 3);
    QStyleOption arrow;
    if (option.widget)
        arrow.initFrom(option.widget);
    arrow.palette = palette;
    arrow.rect = QRect(band.left() + 8, band.center().y() - arrowSize / 2, arrowSize, arrowSize);
    QStyle* style = option.widget ? option.widget->style() : QApplication::style();
    style->drawPrimitive(collapsed ? QStyle::PE_IndicatorArrowRight : QStyle::PE_IndicatorArrowDown, &arrow, painter,
                         option.widget);

    QFont bold = option.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(palette.color(QPalette::Text));
    QRect text = band.adjusted(arrow.rect.right() + 8 - band.left(), 0, -8, 0);
    const QFontMetrics boldMetrics(bold);
    const QString shownTitle = boldMetrics.elidedText(title, Qt::ElideRight, text.width() * 2 / 3);
    painter->drawText(text, Qt::AlignVCenter | Qt::AlignLeft, shownTitle);
    painter->setFont(option.font);
    painter->setPen(palette.color(QPalette::PlaceholderText));
    text.setLeft(text.left() + boldMetrics.horizontalAdvance(shownTitle) + 8);
    painter->drawText(text, Qt::AlignVCenter | Qt::AlignLeft, TaskGroupProxy::tr("%n task(s)", nullptr, count));

    if (option.state & QStyle::State_HasFocus) {
        QStyleOptionFocusRect focus;
        if (option.widget)
            focus.initFrom(option.widget);
        focus.rect = band.adjusted(1, 1, -1, -1);
        focus.backgroundColor = palette.color(QPalette::AlternateBase);
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, option.widget);
    }
    painter->restore();
}

} // namespace Reelwatch::GroupHeaderPainter

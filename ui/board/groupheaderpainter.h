#pragma once

#include <QStyleOptionViewItem>

class QPainter;
class QModelIndex;

namespace Reelwatch {

// Draws a group's header row (TaskGroupProxy) the same way in the table and the gallery: an arrow
// that says whether it is open, the group's name and how many tasks it holds, on a band that sets
// it apart from the tasks, with a focus frame while it is the current row.
namespace GroupHeaderPainter {

bool isHeader(const QModelIndex& index);
void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index);
// The height a header wants in the gallery.
int height(const QFont& font);

} // namespace GroupHeaderPainter

} // namespace Reelwatch

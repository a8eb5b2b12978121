#pragma once

#include "tasktablemodel.h"

#include <QColor>
#include <QStyledItemDelegate>

namespace Reelwatch {

// The colours of one badge, picked for the palette in use so the text stays readable on light and
// dark themes alike.
struct BadgeColours
{
    QColor background;
    QColor text;
    QColor progressFill; // the done part of the inline progress bar
    bool outlined = false; // problems get an outline and a mark, so colour is never the only cue
};

// Paints the status column as a rounded pill with text, an inline progress bar while rendering,
// and an outlined, marked pill for the states that are not the provider's (not found, key
// rejected, fetch error).
class StatusBadgeDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit StatusBadgeDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // Draws one badge at the left of `available`, as the status column does (the gallery's cards use
    // it too); returns the pill's rectangle. `faded`: a stale state, its pill drawn toward the view's
    // background with its words unchanged.
    static QRectF paintBadge(QPainter* painter, const QRect& available, BadgeKind kind, const QString& text,
                             const QVariant& progress, const QPalette& palette, const QFont& font, bool faded = false);
    static BadgeColours colours(BadgeKind kind, bool darkPalette);
    // The colours of a stale badge: its fill toward the palette's background, its words unchanged.
    static BadgeColours fadedColours(BadgeKind kind, const QPalette& palette);
    static bool isDark(const QPalette& palette);
    // The single character drawn in the mark of a problem badge ("?" not found, "!" fetch error, …).
    static QChar mark(BadgeKind kind);
    // The clock drawn beside a stale badge (TaskTableModel::StaleForRole).
    static void paintClock(QPainter* painter, const QRectF& square, const QColor& colour);
};

} // namespace Reelwatch

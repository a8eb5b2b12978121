#include "statusbadgedelegate.h"

#include "groupheaderpainter.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace Reelwatch {

namespace {

constexpr int kClockGap = 4; // between a stale badge and its clock

int clockSizeFor(const QFontMetrics& metrics)
{
    return metrics.height() - 2;
}

constexpr int kHorizontalMargin = 4;
constexpr int kVerticalMargin = 3;
constexpr int kTextPadding = 8;
constexpr int kMinProgressWidth = 110; // wide enough that the bar says something

struct Pair
{
    QRgb background;
    QRgb text;
};

// Light/dark pairs with a contrast ratio of at least 7:1 between text and background.
Pair pairFor(BadgeKind kind, bool dark)
{
    switch (kind) {
    case BadgeKind::Waiting:
        return dark ? Pair{0x3c4043, 0xe8eaed} : Pair{0xe8eaed, 0x3c4043};
    case BadgeKind::NotStarted:
    case BadgeKind::Submitted:
    case BadgeKind::Queued:
        return dark ? Pair{0x2b3550, 0xd0daf5} : Pair{0xe3e8f4, 0x26345e};
    case BadgeKind::InProgress:
        return dark ? Pair{0x1c3354, 0xd6e6fd} : Pair{0xe0ebfd, 0x133f8c};
    case BadgeKind::Success:
        return dark ? Pair{0x1e4620, 0xc3ebcc} : Pair{0xd4eddb, 0x0b5a28};
    case BadgeKind::Failure:
        return dark ? Pair{0x5c1e1a, 0xfbd0cc} : Pair{0xfad2cf, 0x8c0c0c};
    case BadgeKind::Unknown:
        return dark ? Pair{0x3d3347, 0xe6dcf0} : Pair{0xece6f0, 0x433650};
    case BadgeKind::NotFound:
        return dark ? Pair{0x3f3414, 0xfde7a6} : Pair{0xfff6dc, 0x6b4500};
    case BadgeKind::KeyRejected:
        return dark ? Pair{0x4d2410, 0xffd3b8} : Pair{0xfff0e6, 0x7f2a00};
    case BadgeKind::ApiError:
        return dark ? Pair{0x3f3414, 0xfde7a6} : Pair{0xfff6dc, 0x6b4500};
    }
    return Pair{0xe8eaed, 0x3c4043};
}

} // namespace

StatusBadgeDelegate::StatusBadgeDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{ }

bool StatusBadgeDelegate::isDark(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

BadgeColours StatusBadgeDelegate::colours(BadgeKind kind, bool darkPalette)
{
    const Pair pair = pairFor(kind, darkPalette);
    BadgeColours colours;
    colours.background = QColor::fromRgb(pair.background);
    colours.text = QColor::fromRgb(pair.text);
    // The filled part of the bar sits between the two, so the text stays readable over both.
    colours.progressFill = darkPalette ? QColor::fromRgb(0x2d5696) : QColor::fromRgb(0xb7cffa);
    colours.outlined = kind == BadgeKind::NotFound || kind == BadgeKind::KeyRejected || kind == BadgeKind::ApiError;
    return colours;
}

QChar StatusBadgeDelegate::mark(BadgeKind kind)
{
    switch (kind) {
    case BadgeKind::NotFound:
        return QLatin1Char('?');
    case BadgeKind::KeyRejected:
    case BadgeKind::ApiError:
        return QLatin1Char('!');
    default:
        return QChar();
    }
}

QSize StatusBadgeDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QFontMetrics metrics(option.font);
    const QString text = index.data(Qt::DisplayRole).toString();
    const auto kind = BadgeKind(index.data(TaskTableModel::BadgeKindRole).toInt());
    int width = metrics.horizontalAdvance(text) + 2 * kTextPadding + 2 * kHorizontalMargin;
    if (!mark(kind).isNull())
        width += metrics.height();
    if (kind == BadgeKind::InProgress)
        width = std::max(width, kMinProgressWidth + 2 * kHorizontalMargin);
    if (index.data(TaskTableModel::StaleForRole).isValid())
        width += clockSizeFor(metrics) + kClockGap;
    return {width, metrics.height() + 2 * kVerticalMargin + 6};
}

void StatusBadgeDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    if (GroupHeaderPainter::isHeader(index)) {
        GroupHeaderPainter::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem itemOption(option);
    initStyleOption(&itemOption, index);
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    // The row's own background (selection, alternate colour) first, without the text.
    itemOption.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &itemOption, painter, widget);

    QRect available = option.rect.adjusted(kHorizontalMargin, kVerticalMargin, -kHorizontalMargin, -kVerticalMargin);
    // An old state is drawn with a faded pill (its words keep their contrast) and a clock beside it:
    // not by colour alone. The tooltip says how old. No clock where the column has no room for it.
    const int clockSize = clockSizeFor(QFontMetrics(option.font));
    const bool stale = index.data(TaskTableModel::StaleForRole).isValid();
    const bool withClock = stale && available.width() > 2 * (clockSize + kClockGap);
    if (withClock)
        available.setRight(available.right() - clockSize - kClockGap);
    if (available.width() <= 0)
        return;
    const QRectF pill = paintBadge(painter, available, BadgeKind(index.data(TaskTableModel::BadgeKindRole).toInt()),
                                   index.data(Qt::DisplayRole).toString(), index.data(TaskTableModel::ProgressRole),
                                   option.palette, option.font, stale);
    if (withClock) {
        const bool selected = option.state.testFlag(QStyle::State_Selected);
        paintClock(painter, QRectF(pill.right() + kClockGap, pill.center().y() - clockSize / 2.0, clockSize, clockSize),
                   option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    }
}

void StatusBadgeDelegate::paintClock(QPainter* painter, const QRectF& square, const QColor& colour)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPen pen(colour, 1.4);
    pen.setCapStyle(Qt::RoundCap);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    const QRectF face = square.adjusted(1, 1, -1, -1);
    painter->drawEllipse(face);
    const QPointF centre = face.center();
    painter->drawLine(centre, QPointF(centre.x(), face.top() + face.height() * 0.22));
    painter->drawLine(centre, QPointF(face.right() - face.width() * 0.25, centre.y()));
    painter->restore();
}

BadgeColours StatusBadgeDelegate::fadedColours(BadgeKind kind, const QPalette& palette)
{
    // Most of the way to the view's own background: the pill recedes, the words stay as they are (a
    // dark text on a lighter fill, or a light one on a darker fill, only gains contrast).
    BadgeColours colours = StatusBadgeDelegate::colours(kind, isDark(palette));
    const QColor base = palette.color(QPalette::Base);
    const auto towardBase = [&base](const QColor& colour) {
        constexpr qreal kFade = 0.6;
        return QColor::fromRgbF(colour.redF() + (base.redF() - colour.redF()) * kFade,
                                colour.greenF() + (base.greenF() - colour.greenF()) * kFade,
                                colour.blueF() + (base.blueF() - colour.blueF()) * kFade);
    };
    colours.background = towardBase(colours.background);
    colours.progressFill = towardBase(colours.progressFill);
    return colours;
}

QRectF StatusBadgeDelegate::paintBadge(QPainter* painter, const QRect& available, BadgeKind kind, const QString& text,
                                       const QVariant& progress, const QPalette& palette, const QFont& font, bool faded)
{
    const BadgeColours colours
        = faded ? fadedColours(kind, palette) : StatusBadgeDelegate::colours(kind, isDark(palette));
    const QFontMetrics metrics(font);
    const QChar markChar = mark(kind);
    const int markWidth = markChar.isNull() ? 0 : metrics.height();

    // A pixel to spare: the text is measured in fractions and must never be elided in its own pill.
    int width = metrics.horizontalAdvance(text) + 2 * kTextPadding + markWidth + 2;
    const bool showBar = kind == BadgeKind::InProgress && progress.isValid();
    // Rendering with no progress from the server (most native APIs): a hatched bar that claims no
    // number, never a "0%" that looks stuck.
    const bool indeterminate = kind == BadgeKind::InProgress && !progress.isValid();
    if (showBar || indeterminate)
        width = std::max(width, kMinProgressWidth);
    const int height = std::min(available.height(), metrics.height() + 6);
    QRectF pill(available.left(), available.center().y() - height / 2.0 + 0.5, std::min(width, available.width()),
                height);
    const qreal radius = height / 2.0;

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath shape;
    shape.addRoundedRect(pill, radius, radius);
    painter->fillPath(shape, colours.background);
    if (showBar) {
        const qreal done = pill.width() * std::clamp(progress.toInt(), 0, 100) / 100.0;
        painter->save();
        painter->setClipPath(shape);
        painter->fillRect(QRectF(pill.left(), pill.top(), done, pill.height()), colours.progressFill);
        painter->restore();
    } else if (indeterminate) {
        painter->save();
        painter->setClipPath(shape);
        painter->fillRect(pill, QBrush(colours.progressFill, Qt::BDiagPattern));
        painter->restore();
    }
    if (colours.outlined) {
        painter->setPen(QPen(colours.text, 1.2, Qt::DashLine));
        painter->drawPath(shape);
    }
    QRectF textRect = pill.adjusted(kTextPadding, 0, -kTextPadding, 0);
    painter->setPen(colours.text);
    if (!markChar.isNull()) {
        const qreal diameter = metrics.height() - 4;
        const QRectF circle(textRect.left() - 2, pill.center().y() - diameter / 2, diameter, diameter);
        painter->setBrush(colours.text);
        painter->drawEllipse(circle);
        QFont bold = font;
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(colours.background);
        painter->drawText(circle, Qt::AlignCenter, QString(markChar));
        painter->setFont(font);
        painter->setPen(colours.text);
        textRect.setLeft(textRect.left() + markWidth);
    }
    painter->drawText(textRect, Qt::AlignVCenter | (showBar || indeterminate ? Qt::AlignHCenter : Qt::AlignLeft),
                      metrics.elidedText(text, Qt::ElideRight, int(textRect.width())));
    painter->restore();
    return pill;
}

} // namespace Reelwatch

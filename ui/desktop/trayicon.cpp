#include "trayicon.h"

#include <QAction>
#include <QApplication>
#include <QFontMetrics>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QSystemTrayIcon>
#include <QTimer>

namespace Reelwatch {

namespace {

constexpr int kMenuTextChars = 48;

QColor badgeColour(TrayState::Mood mood, bool paused)
{
    // Results outrank the pause: a failure nobody has seen matters more than polling being off.
    switch (mood) {
    case TrayState::Mood::Failed:
        return QColor(0xd6, 0x3a, 0x3a);
    case TrayState::Mood::Succeeded:
        return QColor(0x2f, 0xbf, 0x71);
    case TrayState::Mood::Rendering:
        return paused ? QColor(0x80, 0x80, 0x80) : QColor(0x2f, 0x7f, 0xe0);
    case TrayState::Mood::Idle:
        break;
    }
    return QColor(0x80, 0x80, 0x80);
}

// The reel with a round badge in its lower right corner; the badge's colour and mark carry the
// state, so it reads at 16 px and without colour vision (a tick, an exclamation mark, an arc, bars).
QPixmap drawIcon(int size, TrayState::Mood mood, bool paused)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    QIcon(QStringLiteral(":/icons/tray/reel.svg")).paint(&painter, QRect(0, 0, size, size));
    const bool showPause = paused && mood != TrayState::Mood::Failed && mood != TrayState::Mood::Succeeded;
    if (mood == TrayState::Mood::Idle && !showPause)
        return pixmap;

    const qreal radius = size * 0.25;
    const QPointF centre(size - radius - size * 0.02, size - radius - size * 0.02);
    painter.setPen(QPen(Qt::white, std::max<qreal>(1.0, size / 24.0)));
    painter.setBrush(badgeColour(mood, paused));
    painter.drawEllipse(centre, radius, radius);

    QPen mark(Qt::white, std::max<qreal>(1.4, size / 11.0), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    painter.setPen(mark);
    painter.setBrush(Qt::NoBrush);
    const qreal r = radius * 0.5;
    if (showPause) {
        painter.drawLine(centre + QPointF(-r * 0.45, -r * 0.7), centre + QPointF(-r * 0.45, r * 0.7));
        painter.drawLine(centre + QPointF(r * 0.45, -r * 0.7), centre + QPointF(r * 0.45, r * 0.7));
    } else if (mood == TrayState::Mood::Succeeded) {
        QPainterPath tick;
        tick.moveTo(centre + QPointF(-r * 0.85, 0));
        tick.lineTo(centre + QPointF(-r * 0.2, r * 0.65));
        tick.lineTo(centre + QPointF(r * 0.9, -r * 0.6));
        painter.drawPath(tick);
    } else if (mood == TrayState::Mood::Failed) {
        painter.drawLine(centre + QPointF(0, -r * 0.85), centre + QPointF(0, r * 0.2));
        painter.drawPoint(centre + QPointF(0, r * 0.8));
    } else {
        // Rendering: an open ring, the usual sign for "in progress".
        painter.drawArc(QRectF(centre - QPointF(r, r), QSizeF(2 * r, 2 * r)), 90 * 16, -270 * 16);
    }
    return pixmap;
}

// Shortened for the menu, with '&' kept literal rather than read as a keyboard accelerator.
QString menuText(const QString& text)
{
    QString shown = text.size() <= kMenuTextChars ? text : text.left(kMenuTextChars - 1) + QChar(0x2026);
    return shown.replace(QLatin1Char('&'), QStringLiteral("&&"));
}

} // namespace

TrayIcon::TrayIcon(QObject* parent)
    : QObject(parent)
    , m_tray(new QSystemTrayIcon(this))
    , m_menu(new QMenu)
    , m_retry(new QTimer(this))
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_showAction = m_menu->addAction(tr("&Hide Reelwatch"));
    connect(m_showAction, &QAction::triggered, this, &TrayIcon::toggleWindowRequested);
    QFont bold = m_showAction->font();
    bold.setBold(true);
    m_showAction->setFont(bold);
    m_menu->addSeparator();
    m_recentHeader = m_menu->addAction(tr("Recent results"));
    m_recentHeader->setEnabled(false);
    m_recentEnd = m_menu->addSeparator();
    m_addAction = m_menu->addAction(tr("&Add from clipboard"));
    connect(m_addAction, &QAction::triggered, this, &TrayIcon::addFromClipboardRequested);
    m_menu->addSeparator();
    QAction* quit = m_menu->addAction(tr("&Quit Reelwatch"));
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &TrayIcon::quitRequested);
    connect(m_menu, &QMenu::aboutToShow, this, &TrayIcon::refreshMenu);
    m_tray->setContextMenu(m_menu);

    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            emit toggleWindowRequested();
    });
    m_retry->setSingleShot(true);
    connect(m_retry, &QTimer::timeout, this, &TrayIcon::tryToShow);
    updateIcon();
}

TrayIcon::~TrayIcon()
{
    m_tray->hide();
    delete m_menu;
}

void TrayIcon::start(int attempts, int retryIntervalMs, int watchIntervalMs)
{
    m_attemptsLeft = std::max(1, attempts);
    m_watchIntervalMs = watchIntervalMs;
    m_retry->setInterval(retryIntervalMs);
    tryToShow();
}

void TrayIcon::tryToShow()
{
    const bool available = m_trayProbe ? m_trayProbe() : QSystemTrayIcon::isSystemTrayAvailable();
    if (available && !m_shown) {
        m_tray->show();
        m_shown = true;
        emit visibilityChanged(true);
    } else if (!available && m_shown) {
        m_tray->hide();
        m_shown = false;
        emit visibilityChanged(false);
    } else if (!available && m_attemptsLeft == 1) {
        emit visibilityChanged(false); // the last attempt at start: there is no tray
    }
    if (m_attemptsLeft > 1) {
        --m_attemptsLeft;
    } else {
        m_attemptsLeft = 0;
        m_retry->setInterval(m_watchIntervalMs);
    }
    m_retry->start();
}

bool TrayIcon::isVisible() const
{
    return m_shown && m_tray->isVisible();
}

void TrayIcon::setState(const TrayState& state, bool paused)
{
    if (state == m_state && paused == m_paused)
        return;
    const bool iconChanged = state.mood != m_state.mood || paused != m_paused;
    m_state = state;
    m_paused = paused;
    if (iconChanged)
        updateIcon();
    else
        m_tray->setToolTip(toolTip());
}

QIcon TrayIcon::iconFor(TrayState::Mood mood, bool paused)
{
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64})
        icon.addPixmap(drawIcon(size, mood, paused));
    return icon;
}

void TrayIcon::updateIcon()
{
    m_tray->setIcon(iconFor(m_state.mood, m_paused));
    m_tray->setToolTip(toolTip());
}

QString TrayIcon::toolTip() const
{
    QStringList lines{QStringLiteral("Reelwatch")};
    if (m_state.unseenFailed > 0)
        lines << tr("%n new failure(s)", nullptr, m_state.unseenFailed);
    if (m_state.unseenSucceeded > 0)
        lines << tr("%n new result(s)", nullptr, m_state.unseenSucceeded);
    if (m_state.rendering > 0 && m_state.waiting > 0)
        lines << tr("%1 rendering, %2 waiting").arg(m_state.rendering).arg(m_state.waiting);
    else if (m_state.rendering > 0)
        lines << tr("%n rendering", nullptr, m_state.rendering);
    else if (m_state.waiting > 0)
        lines << tr("%n waiting", nullptr, m_state.waiting);
    else if (m_state.unseenFailed == 0 && m_state.unseenSucceeded == 0)
        lines << tr("Nothing rendering");
    if (m_paused)
        lines << tr("Polling is paused");
    return lines.join(QLatin1Char('\n'));
}

void TrayIcon::setPauseAction(QAction* pause)
{
    if (m_pauseAction)
        m_menu->removeAction(m_pauseAction);
    m_pauseAction = pause;
    if (pause)
        m_menu->insertAction(m_addAction, pause);
}

void TrayIcon::setWindowShown(bool shown)
{
    m_windowShown = shown;
    m_showAction->setText(shown ? tr("&Hide Reelwatch") : tr("&Show Reelwatch"));
}

void TrayIcon::refreshMenu()
{
    for (QAction* action : std::as_const(m_recentActions)) {
        m_menu->removeAction(action);
        action->deleteLater();
    }
    m_recentActions.clear();
    const QList<RecentTask> recent = m_recentTasks ? m_recentTasks() : QList<RecentTask>{};
    m_recentHeader->setText(recent.isEmpty() ? tr("No finished renders yet") : tr("Recent results"));
    for (const RecentTask& task : recent.mid(0, kRecentTaskCount)) {
        const bool copyLink = task.succeeded && task.hasLink;
        const QString text = copyLink ? tr("Copy link: %1").arg(menuText(task.name))
            : task.succeeded          ? tr("Show: %1").arg(menuText(task.name))
                                      : tr("Show: %1 (failed)").arg(menuText(task.name));
        auto* action = new QAction(
            iconFor(task.succeeded ? TrayState::Mood::Succeeded : TrayState::Mood::Failed, false), text, m_menu);
        action->setToolTip(task.name);
        connect(action, &QAction::triggered, this,
                [this, key = task.key, copyLink] { emit recentTaskChosen(key, copyLink); });
        m_menu->insertAction(m_recentEnd, action);
        m_recentActions << action;
    }
}

} // namespace Reelwatch

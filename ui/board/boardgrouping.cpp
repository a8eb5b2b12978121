#include "boardgrouping.h"

#include "ui/settings/appsettings.h"

#include <QAbstractItemView>
#include <QActionGroup>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>
#include <QTableView>

namespace Reelwatch {

BoardGrouping::BoardGrouping(TaskGroupProxy* groups, QTableView* table, AppSettings* settings, QWidget* window)
    : QObject(window)
    , m_groups(groups)
    , m_table(table)
    , m_settings(settings)
    , m_menu(new QMenu(tr("&Group by"), window))
    , m_choices(new QActionGroup(this))
{
    m_menu->setObjectName(QStringLiteral("groupByMenu"));
    const QList<QPair<TaskGroupProxy::Grouping, QString>> choices = {
        {TaskGroupProxy::Grouping::None, tr("&Nothing")},
        {TaskGroupProxy::Grouping::Day, tr("&Day")},
        {TaskGroupProxy::Grouping::Profile, tr("&Profile")},
        {TaskGroupProxy::Grouping::Status, tr("&Status")},
    };
    for (const auto& [grouping, text] : choices) {
        QAction* action = m_menu->addAction(text);
        action->setCheckable(true);
        action->setData(int(grouping));
        action->setObjectName(QStringLiteral("groupBy_") + settingName(grouping));
        m_choices->addAction(action);
        connect(action, &QAction::triggered, this, [this, grouping = grouping] { choose(grouping); });
    }
    m_menu->addSeparator();
    m_expandAll = m_menu->addAction(tr("&Expand all groups"), this, [this] { m_groups->setAllCollapsed(false); });
    m_collapseAll = m_menu->addAction(tr("&Collapse all groups"), this, [this] { m_groups->setAllCollapsed(true); });

    connect(m_groups, &TaskGroupProxy::collapsedChanged, this,
            [this] { m_settings->setBoardCollapsedGroups(m_groups->collapsedKeys()); });
    // Spans belong to rows, so they are laid again whenever the rows move. Grouped, every change of
    // the rows is a layout change or a reset; ungrouped there are no spans to keep.
    connect(m_groups, &QAbstractItemModel::layoutChanged, this, &BoardGrouping::respan);
    connect(m_groups, &QAbstractItemModel::modelReset, this, &BoardGrouping::respan);
    connect(m_table->horizontalHeader(), &QHeaderView::sectionMoved, this, [this] {
        m_spanned = true; // lay them again, or take them away
        respan();
    });
    applySettings();
}

QString BoardGrouping::settingName(TaskGroupProxy::Grouping grouping)
{
    switch (grouping) {
    case TaskGroupProxy::Grouping::None:
        break;
    case TaskGroupProxy::Grouping::Day:
        return QStringLiteral("day");
    case TaskGroupProxy::Grouping::Profile:
        return QStringLiteral("profile");
    case TaskGroupProxy::Grouping::Status:
        return QStringLiteral("status");
    }
    return QStringLiteral("none");
}

TaskGroupProxy::Grouping BoardGrouping::fromSettingName(const QString& name)
{
    for (const auto grouping :
         {TaskGroupProxy::Grouping::Day, TaskGroupProxy::Grouping::Profile, TaskGroupProxy::Grouping::Status}) {
        if (name == settingName(grouping))
            return grouping;
    }
    return TaskGroupProxy::Grouping::None;
}

void BoardGrouping::applySettings()
{
    m_groups->setCollapsedKeys(m_settings->boardCollapsedGroups());
    const TaskGroupProxy::Grouping grouping = fromSettingName(m_settings->boardGrouping());
    const bool changed = grouping != m_groups->grouping();
    m_groups->setGrouping(grouping);
    for (QAction* action : m_choices->actions())
        action->setChecked(action->data().toInt() == int(grouping));
    const bool grouped = grouping != TaskGroupProxy::Grouping::None;
    m_expandAll->setEnabled(grouped);
    m_collapseAll->setEnabled(grouped);
    respan();
    if (changed)
        emit groupedChanged(grouped);
}

void BoardGrouping::choose(TaskGroupProxy::Grouping grouping)
{
    m_settings->setBoardGrouping(settingName(grouping)); // changed() brings it back through applySettings()
    applySettings();
}

bool BoardGrouping::toggleIfHeader(const QModelIndex& index)
{
    if (!m_groups->isHeader(index))
        return false;
    const QString key = index.data(TaskGroupProxy::GroupKeyRole).toString();
    m_groups->toggle(index);
    // The header stays the current row, so the keyboard can open it again at once.
    const int row = m_groups->headerRow(key);
    if (row >= 0 && m_table->selectionModel())
        m_table->selectionModel()->setCurrentIndex(m_groups->index(row, 0), QItemSelectionModel::NoUpdate);
    return true;
}

void BoardGrouping::handleKeysOf(QAbstractItemView* view)
{
    view->installEventFilter(this);
}

bool BoardGrouping::eventFilter(QObject* watched, QEvent* event)
{
    const QEvent::Type type = event->type();
    if (type != QEvent::ShortcutOverride && type != QEvent::KeyPress)
        return QObject::eventFilter(watched, event);
    auto* view = qobject_cast<QAbstractItemView*>(watched);
    auto* key = static_cast<QKeyEvent*>(event);
    if (!view || key->modifiers() & ~Qt::KeypadModifier || !m_groups->isHeader(view->currentIndex()))
        return QObject::eventFilter(watched, event);
    const QModelIndex header = view->currentIndex();
    const bool collapsed = m_groups->isCollapsed(header.data(TaskGroupProxy::GroupKeyRole).toString());
    bool toggle = false;
    switch (key->key()) {
    case Qt::Key_Space:
    case Qt::Key_Return:
    case Qt::Key_Enter:
        toggle = true;
        break;
    case Qt::Key_Left:
        toggle = !collapsed;
        break;
    case Qt::Key_Right:
        toggle = collapsed;
        break;
    default:
        return QObject::eventFilter(watched, event);
    }
    // Claiming the override keeps the window's Space shortcut (Preview) from taking the key.
    event->accept();
    if (type == QEvent::KeyPress && toggle)
        toggleIfHeader(header);
    return type == QEvent::KeyPress;
}

void BoardGrouping::respan()
{
    const bool grouped = m_groups->grouping() != TaskGroupProxy::Grouping::None;
    if (!grouped && !m_spanned)
        return;
    TaskGroupProxy::spanHeaders(m_table, m_groups);
    m_spanned = grouped;
}

} // namespace Reelwatch

#pragma once

#include "taskgroupproxy.h"

#include <QObject>

class QAbstractItemView;
class QAction;
class QActionGroup;
class QMenu;
class QTableView;
class QWidget;

namespace Reelwatch {

class AppSettings;

// The board's "Group by" (none, day, profile, status) and its collapsed groups: the View menu's
// entries, what AppSettings keeps of them, the table's full-width header rows, and what a click
// or Space on a header does. The window connects groupedChanged() to the gallery's layout.
class BoardGrouping : public QObject
{
    Q_OBJECT

public:
    BoardGrouping(TaskGroupProxy* groups, QTableView* table, AppSettings* settings, QWidget* window);

    // "Group by" with its four choices, then expand and collapse all.
    QMenu* menu() const { return m_menu; }
    // Takes up what AppSettings says now (at start and whenever the settings change).
    void applySettings();
    // A header row toggles open or closed; false (and nothing done) for a task's row.
    bool toggleIfHeader(const QModelIndex& index);
    // Keys on a header in this view: Space, Enter and Return toggle it, Left closes it, Right opens it
    // (as in a tree). Elsewhere the keys keep their meaning (Space previews a task).
    void handleKeysOf(QAbstractItemView* view);

    static QString settingName(TaskGroupProxy::Grouping grouping);
    static TaskGroupProxy::Grouping fromSettingName(const QString& name);

signals:
    void groupedChanged(bool grouped);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void choose(TaskGroupProxy::Grouping grouping);
    void respan();

    TaskGroupProxy* m_groups;
    QTableView* m_table;
    AppSettings* m_settings;
    QMenu* m_menu;
    QActionGroup* m_choices;
    QAction* m_expandAll;
    QAction* m_collapseAll;
    bool m_spanned = false;
};

} // namespace Reelwatch

#pragma once

#include "tasktablemodel.h"

#include <functional>
#include <QAbstractProxyModel>
#include <QHash>
#include <QPersistentModelIndex>
#include <QSet>
#include <QTimer>
#include <vector>

class QTableView;

namespace Reelwatch {

// The board's rows in groups (by day, profile or status) with a header row before each group,
// over the filtered and sorted rows, for both views. A header is a row of its own: enabled, never
// selectable or dragged; collapsing a group takes its tasks out of the rows, so both views (and
// keyboard navigation) pass over them. Within a group the rows keep the order the user sorted by.
// Ungrouped, it is a pass-through that forwards every change as it comes; grouped, a change of
// the rows or of a task's group is one layout change, with the selection kept.
class TaskGroupProxy : public QAbstractProxyModel
{
    Q_OBJECT

public:
    enum class Grouping
    {
        None,
        Day, // by the day the render was created (local time), newest day first
        Profile, // by profile name
        Status, // what needs attention, failed, rendering, waiting, succeeded
    };
    enum Role
    {
        GroupHeaderRole = TaskTableModel::RemainingRole + 100, // bool: the row is a group's header
        GroupKeyRole, // QString: the group's stable name ("2026-12-03", "profile:2", "status:failed")
        GroupCountRole, // int: the group's tasks, collapsed or not
        GroupCollapsedRole, // bool
    };

    explicit TaskGroupProxy(QObject* parent = nullptr);

    void setSourceModel(QAbstractItemModel* source) override;
    void setGrouping(Grouping grouping);
    Grouping grouping() const { return m_grouping; }
    // The profile names the profile groups are titled and ordered by.
    void setProfileNames(const QHash<qint64, QString>& names);
    // The clock the day groups are worked out by (tests); the wall clock by default.
    void setNowFunction(std::function<qint64()> nowMs);

    bool isHeader(const QModelIndex& index) const;
    void setCollapsed(const QString& key, bool collapsed);
    bool isCollapsed(const QString& key) const { return m_collapsed.contains(key); }
    void toggle(const QModelIndex& header);
    // Opens the group a row of the source model is in, if it is folded away.
    void expandGroupOf(const QModelIndex& sourceIndex);
    void setAllCollapsed(bool collapsed);
    // Collapsed groups of the current grouping, to be remembered; groups not on the board now stay
    // collapsed when they come back.
    QStringList collapsedKeys() const;
    void setCollapsedKeys(const QStringList& keys);
    int groupCount() const { return int(m_groups.size()); }
    // The proxy row of a group's header, or -1.
    int headerRow(const QString& key) const;

    // Gives every header row of `table` the table's whole width (spans are per row, so they are
    // laid again after each change of the rows).
    static void spanHeaders(QTableView* table, const TaskGroupProxy* proxy);

    static QString statusGroupKey(BadgeKind kind);

    QModelIndex mapToSource(const QModelIndex& proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex& sourceIndex) const override;
    QModelIndex index(int row, int column, const QModelIndex& parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool hasChildren(const QModelIndex& parent = QModelIndex()) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;

signals:
    // A group was collapsed or expanded (by the user or the code); `collapsedKeys()` has changed.
    void collapsedChanged();

private:
    struct Group
    {
        QString key;
        QString title;
        QString order; // groups sort on this (profiles)
        qint64 id = 0; // groupIdOf(); days and statuses sort on this
        std::vector<int> sourceRows;
        int headerRow = -1;
    };
    struct Entry
    {
        int sourceRow; // -1: the header of `group`
        int group;
    };

    bool grouped() const { return m_grouping != Grouping::None; }
    // A number per group, cheap to work out for every row: the day, the profile, the status order.
    qint64 groupIdOf(int sourceRow) const;
    // The group's stable key, title and place among the groups, worked out once per group.
    Group describeGroup(qint64 groupId) const;
    void rebuild();
    void beginRegroup();
    void endRegroup();
    void onSourceDataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight, const QList<int>& roles);
    void scheduleMidnight();

    Grouping m_grouping = Grouping::None;
    QHash<qint64, QString> m_profileNames;
    std::function<qint64()> m_nowMs;
    QSet<QString> m_collapsed;
    std::vector<Group> m_groups;
    std::vector<Entry> m_rows;
    std::vector<int> m_fromSource; // proxy row of each source row; -1 while its group is collapsed
    std::vector<qint64> m_sourceGroups; // groupIdOf() each source row, to notice a task moving
    QHash<QString, int> m_groupOfKey;
    bool m_regroupQueued = false; // a task moved to another group; regrouped once the burst is over
    QList<QMetaObject::Connection> m_sourceConnections;
    // Between beginRegroup() and endRegroup(): what each persistent index pointed at.
    QModelIndexList m_savedProxy;
    QList<QPersistentModelIndex> m_savedSource;
    QStringList m_savedHeaders;
    int m_regroupDepth = 0;
    bool m_batchGrouped = false; // a filter change began while grouped
    QTimer m_midnight; // "Today" becomes "Yesterday"
};

} // namespace Reelwatch

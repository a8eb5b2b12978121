#include "taskgroupproxy.h"

#include "taskfilterproxy.h"

#include <algorithm>
#include <ctime>
#include <QDateTime>
#include <QHeaderView>
#include <QLocale>
#include <QMimeData>
#include <QSortFilterProxyModel>
#include <QTableView>

namespace Reelwatch {

namespace {

// The local calendar day of a moment, as a Julian day number. localtime_r is used rather than
// QDateTime because grouping 10,000 tasks asks it 10,000 times on every regroup.
qint64 localJulianDay(qint64 ms)
{
    const std::time_t seconds = std::time_t(ms / 1000);
    std::tm local{};
#ifdef _WIN32
    localtime_s(&local, &seconds);
#else
    localtime_r(&seconds, &local);
#endif
    return QDate(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday).toJulianDay();
}

const QStringList& statusKeys()
{
    // In the order the groups are shown: what needs attention first, results last.
    static const QStringList keys
        = {QStringLiteral("status:attention"), QStringLiteral("status:failed"),    QStringLiteral("status:rendering"),
           QStringLiteral("status:waiting"),   QStringLiteral("status:succeeded"), QStringLiteral("status:other")};
    return keys;
}

// A status's group, as its place in statusKeys(): the one mapping from badge to group.
int statusGroupOf(BadgeKind kind)
{
    switch (kind) {
    case BadgeKind::KeyRejected:
    case BadgeKind::ApiError:
    case BadgeKind::NotFound:
        return 0; // needs attention
    case BadgeKind::Failure:
        return 1;
    case BadgeKind::InProgress:
        return 2;
    case BadgeKind::Queued:
    case BadgeKind::Submitted:
    case BadgeKind::NotStarted:
    case BadgeKind::Waiting:
        return 3;
    case BadgeKind::Success:
        return 4;
    case BadgeKind::Unknown:
        break;
    }
    return 5; // other
}

} // namespace

TaskGroupProxy::TaskGroupProxy(QObject* parent)
    : QAbstractProxyModel(parent)
    , m_nowMs([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_midnight.setSingleShot(true);
    connect(&m_midnight, &QTimer::timeout, this, [this] {
        if (m_grouping == Grouping::Day) {
            beginRegroup();
            endRegroup();
        }
        scheduleMidnight();
    });
}

QString TaskGroupProxy::statusGroupKey(BadgeKind kind)
{
    return statusKeys().at(statusGroupOf(kind));
}

void TaskGroupProxy::setSourceModel(QAbstractItemModel* source)
{
    beginResetModel();
    for (const QMetaObject::Connection& connection : std::as_const(m_sourceConnections))
        disconnect(connection);
    m_sourceConnections.clear();
    QAbstractProxyModel::setSourceModel(source);
    if (source) {
        // Ungrouped, inserts and removals pass straight through, so the views update one row, not all.
        m_sourceConnections << connect(source, &QAbstractItemModel::rowsAboutToBeInserted, this,
                                       [this](const QModelIndex&, int first, int last) {
                                           if (grouped())
                                               beginRegroup();
                                           else
                                               beginInsertRows(QModelIndex(), first, last);
                                       });
        m_sourceConnections << connect(source, &QAbstractItemModel::rowsInserted, this, [this] {
            if (grouped())
                endRegroup();
            else
                endInsertRows();
        });
        m_sourceConnections << connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                                       [this](const QModelIndex&, int first, int last) {
                                           if (grouped())
                                               beginRegroup();
                                           else
                                               beginRemoveRows(QModelIndex(), first, last);
                                       });
        m_sourceConnections << connect(source, &QAbstractItemModel::rowsRemoved, this, [this] {
            if (grouped())
                endRegroup();
            else
                endRemoveRows();
        });
        m_sourceConnections << connect(source, &QAbstractItemModel::rowsAboutToBeMoved, this,
                                       &TaskGroupProxy::beginRegroup);
        m_sourceConnections << connect(source, &QAbstractItemModel::rowsMoved, this, &TaskGroupProxy::endRegroup);
        m_sourceConnections << connect(source, &QAbstractItemModel::layoutAboutToBeChanged, this,
                                       &TaskGroupProxy::beginRegroup);
        m_sourceConnections << connect(source, &QAbstractItemModel::layoutChanged, this, &TaskGroupProxy::endRegroup);
        m_sourceConnections << connect(source, &QAbstractItemModel::modelAboutToBeReset, this,
                                       &TaskGroupProxy::beginResetModel);
        m_sourceConnections << connect(source, &QAbstractItemModel::modelReset, this, [this] {
            rebuild();
            endResetModel();
        });
        m_sourceConnections << connect(source, &QAbstractItemModel::dataChanged, this,
                                       &TaskGroupProxy::onSourceDataChanged);
        m_sourceConnections << connect(source, &QAbstractItemModel::headerDataChanged, this,
                                       &TaskGroupProxy::headerDataChanged);
        // A new search or category removes and adds rows in many runs: one regroup for all of them.
        if (const auto* filter = qobject_cast<const TaskFilterProxy*>(source)) {
            m_sourceConnections << connect(filter, &TaskFilterProxy::filterAboutToChange, this, [this] {
                m_batchGrouped = grouped();
                if (m_batchGrouped)
                    beginRegroup();
            });
            m_sourceConnections << connect(filter, &TaskFilterProxy::filterChanged, this, [this] {
                if (m_batchGrouped)
                    endRegroup();
                m_batchGrouped = false;
            });
        }
    }
    rebuild();
    endResetModel();
}

void TaskGroupProxy::setGrouping(Grouping grouping)
{
    if (grouping == m_grouping)
        return;
    // Persistent indexes (the selection) are carried over as in any other regrouping.
    beginRegroup();
    m_grouping = grouping;
    endRegroup();
    scheduleMidnight();
}

void TaskGroupProxy::setProfileNames(const QHash<qint64, QString>& names)
{
    if (names == m_profileNames)
        return;
    if (m_grouping == Grouping::Profile)
        beginRegroup();
    m_profileNames = names;
    if (m_grouping == Grouping::Profile)
        endRegroup();
}

void TaskGroupProxy::setNowFunction(std::function<qint64()> nowMs)
{
    beginRegroup();
    m_nowMs = std::move(nowMs);
    endRegroup();
}

bool TaskGroupProxy::isHeader(const QModelIndex& index) const
{
    return grouped() && index.isValid() && index.model() == this && index.row() < int(m_rows.size())
        && m_rows[size_t(index.row())].sourceRow < 0;
}

void TaskGroupProxy::setCollapsed(const QString& key, bool collapsed)
{
    if (collapsed == m_collapsed.contains(key))
        return;
    beginRegroup();
    if (collapsed)
        m_collapsed.insert(key);
    else
        m_collapsed.remove(key);
    endRegroup();
    emit collapsedChanged();
}

void TaskGroupProxy::toggle(const QModelIndex& header)
{
    if (!isHeader(header))
        return;
    const QString key = m_groups[size_t(m_rows[size_t(header.row())].group)].key;
    setCollapsed(key, !isCollapsed(key));
}

void TaskGroupProxy::expandGroupOf(const QModelIndex& sourceIndex)
{
    if (!grouped() || !sourceIndex.isValid() || size_t(sourceIndex.row()) >= m_sourceGroups.size())
        return;
    setCollapsed(describeGroup(m_sourceGroups[size_t(sourceIndex.row())]).key, false);
}

void TaskGroupProxy::setAllCollapsed(bool collapsed)
{
    beginRegroup();
    for (const Group& group : m_groups) {
        if (collapsed)
            m_collapsed.insert(group.key);
        else
            m_collapsed.remove(group.key);
    }
    endRegroup();
    emit collapsedChanged();
}

QStringList TaskGroupProxy::collapsedKeys() const
{
    QStringList keys(m_collapsed.cbegin(), m_collapsed.cend());
    keys.sort();
    return keys;
}

void TaskGroupProxy::setCollapsedKeys(const QStringList& keys)
{
    const QSet<QString> wanted(keys.cbegin(), keys.cend());
    if (wanted == m_collapsed)
        return;
    beginRegroup();
    m_collapsed = wanted;
    endRegroup();
}

int TaskGroupProxy::headerRow(const QString& key) const
{
    const auto found = m_groupOfKey.constFind(key);
    return found == m_groupOfKey.constEnd() ? -1 : m_groups[size_t(*found)].headerRow;
}

void TaskGroupProxy::spanHeaders(QTableView* table, const TaskGroupProxy* proxy)
{
    table->clearSpans();
    // A span runs from a logical column over the next ones, which only reads right while the
    // columns are in their own order; with moved columns each cell of a header draws its part.
    const QHeaderView* header = table->horizontalHeader();
    if (header->sectionsMoved())
        return;
    const int columns = proxy->columnCount();
    for (const Group& group : proxy->m_groups) {
        if (group.headerRow >= 0 && columns > 1)
            table->setSpan(group.headerRow, 0, 1, columns);
    }
}

qint64 TaskGroupProxy::groupIdOf(int sourceRow) const
{
    const QAbstractItemModel* source = sourceModel();
    switch (m_grouping) {
    case Grouping::None:
        break;
    case Grouping::Day:
        return localJulianDay(
            source->index(sourceRow, TaskTableModel::CreatedColumn).data(TaskTableModel::SortRole).toLongLong());
    case Grouping::Profile:
        return source->index(sourceRow, 0).data(TaskTableModel::ProfileIdRole).toLongLong();
    case Grouping::Status:
        return statusGroupOf(BadgeKind(source->index(sourceRow, 0).data(TaskTableModel::BadgeKindRole).toInt()));
    }
    return 0;
}

TaskGroupProxy::Group TaskGroupProxy::describeGroup(qint64 groupId) const
{
    Group group;
    group.id = groupId;
    switch (m_grouping) {
    case Grouping::None:
        break;
    case Grouping::Day: {
        const qint64 today = localJulianDay(m_nowMs());
        const QDate date = QDate::fromJulianDay(groupId);
        group.key = date.toString(Qt::ISODate);
        if (groupId == today)
            group.title = tr("Today");
        else if (groupId == today - 1)
            group.title = tr("Yesterday");
        else if (groupId < today && groupId > today - 7)
            group.title = QLocale().dayName(date.dayOfWeek());
        else if (date.year() == QDate::fromJulianDay(today).year())
            group.title = QLocale().toString(date, tr("d MMMM", "a day of this year"));
        else
            group.title = QLocale().toString(date, tr("d MMMM yyyy", "a day of another year"));
        break;
    }
    case Grouping::Profile: {
        const QString name = m_profileNames.value(groupId);
        group.key = QStringLiteral("profile:%1").arg(groupId);
        group.title = name.isEmpty() ? tr("Profile %1").arg(groupId) : name;
        group.order = group.title.toLower() + QLatin1Char('\n') + QString::number(groupId);
        break;
    }
    case Grouping::Status: {
        static const char* const titles[]
            = {QT_TR_NOOP("Needs attention"), QT_TR_NOOP("Failed"),    QT_TR_NOOP("Rendering"),
               QT_TR_NOOP("Waiting"),         QT_TR_NOOP("Succeeded"), QT_TR_NOOP("Other")};
        const QStringList& keys = statusKeys();
        const int index = int(std::clamp<qint64>(groupId, 0, keys.size() - 1));
        group.key = keys.at(index);
        group.title = tr(titles[index]);
        break;
    }
    }
    return group;
}

void TaskGroupProxy::rebuild()
{
    m_groups.clear();
    m_rows.clear();
    m_fromSource.clear();
    m_sourceGroups.clear();
    m_groupOfKey.clear();
    const int sourceRows = sourceModel() ? sourceModel()->rowCount() : 0;
    if (!grouped() || sourceRows == 0)
        return;
    // One number per row; what a group is called is worked out once per group.
    m_sourceGroups.resize(size_t(sourceRows));
    QHash<qint64, int> groupOfId;
    for (int row = 0; row < sourceRows; ++row) {
        const qint64 id = groupIdOf(row);
        m_sourceGroups[size_t(row)] = id;
        auto found = groupOfId.find(id);
        if (found == groupOfId.end()) {
            found = groupOfId.insert(id, int(m_groups.size()));
            m_groups.push_back(describeGroup(id));
        }
        m_groups[size_t(*found)].sourceRows.push_back(row);
    }
    // Days follow the sort when the board is sorted by time, oldest first; otherwise newest first.
    bool daysAscending = false;
    if (const auto* sorted = qobject_cast<const QSortFilterProxyModel*>(sourceModel()))
        daysAscending
            = sorted->sortColumn() == TaskTableModel::CreatedColumn && sorted->sortOrder() == Qt::AscendingOrder;
    const Grouping grouping = m_grouping;
    std::sort(m_groups.begin(), m_groups.end(), [grouping, daysAscending](const Group& a, const Group& b) {
        switch (grouping) {
        case Grouping::Day:
            return daysAscending ? a.id < b.id : a.id > b.id;
        case Grouping::Profile:
            return a.order < b.order;
        case Grouping::Status:
        case Grouping::None:
            break;
        }
        return a.id < b.id;
    });
    m_fromSource.assign(size_t(sourceRows), -1);
    m_rows.reserve(size_t(sourceRows) + m_groups.size());
    for (size_t groupIndex = 0; groupIndex < m_groups.size(); ++groupIndex) {
        Group& group = m_groups[groupIndex];
        m_groupOfKey.insert(group.key, int(groupIndex));
        group.headerRow = int(m_rows.size());
        m_rows.push_back(Entry{-1, int(groupIndex)});
        if (m_collapsed.contains(group.key))
            continue;
        for (const int sourceRow : group.sourceRows) {
            m_fromSource[size_t(sourceRow)] = int(m_rows.size());
            m_rows.push_back(Entry{sourceRow, int(groupIndex)});
        }
    }
}

void TaskGroupProxy::beginRegroup()
{
    if (m_regroupDepth++ > 0)
        return;
    emit layoutAboutToBeChanged();
    m_savedProxy = persistentIndexList();
    m_savedSource.clear();
    m_savedHeaders.clear();
    for (const QModelIndex& index : std::as_const(m_savedProxy)) {
        if (isHeader(index)) {
            m_savedHeaders << m_groups[size_t(m_rows[size_t(index.row())].group)].key;
            m_savedSource << QPersistentModelIndex();
        } else {
            m_savedHeaders << QString();
            m_savedSource << QPersistentModelIndex(mapToSource(index));
        }
    }
}

void TaskGroupProxy::endRegroup()
{
    if (m_regroupDepth == 0 || --m_regroupDepth > 0)
        return;
    m_regroupQueued = false;
    rebuild();
    QModelIndexList moved;
    moved.reserve(m_savedProxy.size());
    for (qsizetype i = 0; i < m_savedProxy.size(); ++i) {
        const int column = m_savedProxy[i].column();
        if (!m_savedHeaders[i].isEmpty()) {
            const int row = grouped() ? headerRow(m_savedHeaders[i]) : -1;
            moved << (row >= 0 ? index(row, column) : QModelIndex());
        } else {
            moved << mapFromSource(m_savedSource[i]);
        }
    }
    changePersistentIndexList(m_savedProxy, moved);
    m_savedProxy.clear();
    m_savedSource.clear();
    m_savedHeaders.clear();
    emit layoutChanged();
}

void TaskGroupProxy::onSourceDataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight,
                                         const QList<int>& roles)
{
    if (!grouped()) {
        emit dataChanged(index(topLeft.row(), topLeft.column()), index(bottomRight.row(), bottomRight.column()), roles);
        return;
    }
    // The clock's once-a-second repaint (DisplayRole only) cannot move a task to another group.
    const bool mayRegroup = roles.isEmpty() || roles.contains(TaskTableModel::SortRole)
        || roles.contains(TaskTableModel::BadgeKindRole) || roles.contains(TaskTableModel::ProfileIdRole);
    if (mayRegroup && !m_regroupQueued) {
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
            if (size_t(row) >= m_sourceGroups.size() || groupIdOf(row) != m_sourceGroups[size_t(row)]) {
                // The rows have not moved, so the mapping stays right until then: one regroup for
                // a burst of poll results, not one each.
                m_regroupQueued = true;
                QMetaObject::invokeMethod(
                    this,
                    [this] {
                        if (!m_regroupQueued)
                            return;
                        beginRegroup();
                        endRegroup();
                    },
                    Qt::QueuedConnection);
                break;
            }
        }
    }
    // Rows stay where they are: pass the change on, one contiguous run of proxy rows at a time.
    int runStart = -1;
    int runEnd = -1;
    const auto flush = [&] {
        if (runStart >= 0)
            emit dataChanged(index(runStart, topLeft.column()), index(runEnd, bottomRight.column()), roles);
        runStart = runEnd = -1;
    };
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const int proxyRow = size_t(row) < m_fromSource.size() ? m_fromSource[size_t(row)] : -1;
        if (proxyRow < 0) {
            flush();
            continue;
        }
        if (runStart >= 0 && proxyRow == runEnd + 1) {
            runEnd = proxyRow;
            continue;
        }
        flush();
        runStart = runEnd = proxyRow;
    }
    flush();
}

void TaskGroupProxy::scheduleMidnight()
{
    m_midnight.stop();
    if (m_grouping != Grouping::Day)
        return;
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(m_nowMs());
    // startOfDay(): where a day begins with a daylight-saving jump, 00:00 does not exist.
    const QDateTime next = now.date().addDays(1).startOfDay().addSecs(1);
    m_midnight.start(int(std::clamp<qint64>(now.msecsTo(next), 1000, 24LL * 3600 * 1000)));
}

QModelIndex TaskGroupProxy::mapToSource(const QModelIndex& proxyIndex) const
{
    if (!proxyIndex.isValid() || !sourceModel())
        return QModelIndex();
    if (!grouped())
        return sourceModel()->index(proxyIndex.row(), proxyIndex.column());
    if (proxyIndex.row() >= int(m_rows.size()))
        return QModelIndex();
    const int sourceRow = m_rows[size_t(proxyIndex.row())].sourceRow;
    return sourceRow < 0 ? QModelIndex() : sourceModel()->index(sourceRow, proxyIndex.column());
}

QModelIndex TaskGroupProxy::mapFromSource(const QModelIndex& sourceIndex) const
{
    if (!sourceIndex.isValid())
        return QModelIndex();
    if (!grouped())
        return index(sourceIndex.row(), sourceIndex.column());
    const int row = size_t(sourceIndex.row()) < m_fromSource.size() ? m_fromSource[size_t(sourceIndex.row())] : -1;
    return row < 0 ? QModelIndex() : index(row, sourceIndex.column());
}

QModelIndex TaskGroupProxy::index(int row, int column, const QModelIndex& parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return QModelIndex();
    return createIndex(row, column);
}

QModelIndex TaskGroupProxy::parent(const QModelIndex&) const
{
    return QModelIndex();
}

int TaskGroupProxy::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() || !sourceModel())
        return 0;
    return grouped() ? int(m_rows.size()) : sourceModel()->rowCount();
}

int TaskGroupProxy::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

QVariant TaskGroupProxy::data(const QModelIndex& index, int role) const
{
    if (!isHeader(index))
        return role == GroupHeaderRole ? QVariant(false) : QAbstractProxyModel::data(index, role);
    const Group& group = m_groups[size_t(m_rows[size_t(index.row())].group)];
    const bool collapsed = m_collapsed.contains(group.key);
    const int count = int(group.sourceRows.size());
    switch (role) {
    case Qt::DisplayRole:
        return group.title;
    case Qt::AccessibleTextRole:
    case Qt::ToolTipRole:
        return (collapsed ? tr("%1, %n task(s), collapsed", nullptr, count) : tr("%1, %n task(s)", nullptr, count))
            .arg(group.title);
    case Qt::AccessibleDescriptionRole:
        return collapsed ? tr("Click or press Space to show this group's tasks")
                         : tr("Click or press Space to hide this group's tasks");
    case GroupHeaderRole:
        return true;
    case GroupKeyRole:
        return group.key;
    case GroupCountRole:
        return count;
    case GroupCollapsedRole:
        return collapsed;
    default:
        return QVariant();
    }
}

QVariant TaskGroupProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    // Columns are the source's; rows have no header of their own (a group header is a row).
    if (orientation == Qt::Horizontal && sourceModel())
        return sourceModel()->headerData(section, orientation, role);
    return QVariant();
}

bool TaskGroupProxy::hasChildren(const QModelIndex& parent) const
{
    return !parent.isValid() && rowCount() > 0;
}

Qt::ItemFlags TaskGroupProxy::flags(const QModelIndex& index) const
{
    if (isHeader(index))
        return Qt::ItemIsEnabled; // current, clicked, never selected or dragged
    return QAbstractProxyModel::flags(index);
}

QMimeData* TaskGroupProxy::mimeData(const QModelIndexList& indexes) const
{
    QModelIndexList tasks;
    for (const QModelIndex& index : indexes) {
        const QModelIndex source = mapToSource(index);
        if (source.isValid())
            tasks << source;
    }
    return tasks.isEmpty() || !sourceModel() ? nullptr : sourceModel()->mimeData(tasks);
}

} // namespace Reelwatch

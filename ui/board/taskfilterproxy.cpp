#include "taskfilterproxy.h"

#include <algorithm>

namespace Reelwatch {

TaskFilterProxy::TaskFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(TaskTableModel::SortRole);
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void TaskFilterProxy::setCategory(TaskCategory category)
{
    if (category == m_category)
        return;
    m_category = category;
    emit filterAboutToChange();
    invalidateRowsFilter();
    emit filterChanged();
}

void TaskFilterProxy::setSearchText(const QString& text)
{
    const QStringList words = text.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    m_words = words;
    emit filterAboutToChange();
    invalidateRowsFilter();
    emit filterChanged();
}

bool TaskFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const int categories = index.data(TaskTableModel::CategoryMaskRole).toInt();
    if (!(categories & (1 << int(m_category))))
        return false;
    if (m_words.isEmpty())
        return true;
    const QString haystack = index.data(TaskTableModel::SearchTextRole).toString();
    for (const QString& word : m_words) {
        if (!haystack.contains(word))
            return false;
    }
    return true;
}

bool TaskFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const QVariant a = left.data(TaskTableModel::SortRole);
    const QVariant b = right.data(TaskTableModel::SortRole);
    if (a.typeId() == QMetaType::QString || b.typeId() == QMetaType::QString)
        return QString::localeAwareCompare(a.toString(), b.toString()) < 0;
    return a.toLongLong() < b.toLongLong();
}

Qt::ItemFlags TaskFilterProxy::flags(const QModelIndex& index) const
{
    const Qt::ItemFlags flags = QSortFilterProxyModel::flags(index);
    return m_dragData && index.isValid() ? flags | Qt::ItemIsDragEnabled : flags;
}

QStringList TaskFilterProxy::mimeTypes() const
{
    return {QStringLiteral("text/uri-list")};
}

QMimeData* TaskFilterProxy::mimeData(const QModelIndexList& indexes) const
{
    if (!m_dragData)
        return nullptr;
    // A row's cells all come along; each task once, in the order the rows are shown.
    QModelIndexList rows;
    for (const QModelIndex& index : indexes) {
        if (index.column() == TaskTableModel::TaskColumn)
            rows << index;
    }
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QList<TaskKey> tasks;
    for (const QModelIndex& index : std::as_const(rows))
        tasks.append({index.data(TaskTableModel::ProfileIdRole).toLongLong(),
                      index.data(TaskTableModel::TaskIdRole).toString()});
    return tasks.isEmpty() ? nullptr : m_dragData(tasks);
}

} // namespace Reelwatch

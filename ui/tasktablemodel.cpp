#include "tasktablemodel.h"

#include <QBrush>
#include <QColor>

namespace Reelwatch {

TaskTableModel::TaskTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

int TaskTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TaskTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TaskTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TaskColumn:
        return tr("Task");
    case StatusColumn:
        return tr("Status");
    case ProgressColumn:
        return tr("Progress");
    case ModelColumn:
        return tr("Model");
    case SizeColumn:
        return tr("Size");
    case ProfileColumn:
        return tr("Profile");
    case DetailColumn:
        return tr("Details");
    default:
        return QVariant();
    }
}

QVariant TaskTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return QVariant();
    const Row& row = m_rows.at(index.row());
    const VideoTask* task = row.lastGood ? &*row.lastGood : nullptr;
    const bool notFound = row.gaveUp && row.error.kind == FetchErrorKind::NotFound;

    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TaskColumn:
            return row.label.isEmpty() ? row.id : row.label;
        case ProfileColumn:
            return m_profileNames.value(row.profileId);
        case StatusColumn:
            if (notFound)
                return tr("Not found");
            if (!task)
                return row.error.isError() ? tr("Error") : tr("Waiting…");
            return task->rawStatus.compare(statusWireName(task->status), Qt::CaseInsensitive) == 0
                ? statusWireName(task->status)
                : QStringLiteral("%1 (%2)").arg(statusWireName(task->status), task->rawStatus);
        case ProgressColumn:
            // A failed render's progress says nothing useful.
            return task && task->progress && task->status != TaskStatus::Failure
                ? QStringLiteral("%1%").arg(*task->progress)
                : QString();
        case ModelColumn:
            return task ? task->model : QString();
        case SizeColumn:
            if (!task)
                return QString();
            return task->seconds.isEmpty() ? task->size : tr("%1 · %2 s").arg(task->size, task->seconds);
        case DetailColumn:
            if (row.error.isError())
                return row.error.message;
            if (task && task->error)
                return task->error->message;
            return task ? task->prompt : QString();
        default:
            return QVariant();
        }
    }
    if (role == Qt::ToolTipRole && index.column() == DetailColumn)
        return data(index, Qt::DisplayRole);
    if (role == Qt::ToolTipRole && index.column() == TaskColumn)
        return row.id;
    if (role == Qt::ForegroundRole && index.column() == StatusColumn && task) {
        if (task->status == TaskStatus::Success)
            return QBrush(QColor(0x1b, 0x7f, 0x3b));
        if (task->status == TaskStatus::Failure)
            return QBrush(QColor(0xb3, 0x26, 0x1e));
    }
    return QVariant();
}

QString TaskTableModel::rowKey(qint64 profileId, const QString& taskId)
{
    return QString::number(profileId) + QLatin1Char('/') + taskId;
}

void TaskTableModel::setProfileNames(const QHash<qint64, QString>& names)
{
    m_profileNames = names;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, ProfileColumn), index(rowCount() - 1, ProfileColumn));
}

bool TaskTableModel::addTask(const StoredTask& stored)
{
    const QString key = rowKey(stored.profileId, stored.taskId);
    if (m_rowOf.contains(key))
        return false;
    const int row = int(m_rows.size());
    beginInsertRows(QModelIndex(), row, row);
    m_rows.append(Row{stored.profileId, stored.taskId, stored.label, stored.last, stored.lastError, stored.gaveUp});
    m_rowOf.insert(key, row);
    endInsertRows();
    return true;
}

void TaskTableModel::applyUpdate(qint64 profileId, const TaskUpdate& update)
{
    const auto it = m_rowOf.constFind(rowKey(profileId, update.taskId));
    if (it == m_rowOf.constEnd())
        return;
    Row& row = m_rows[*it];
    if (update.task)
        row.lastGood = update.task;
    row.error = update.error;
    row.gaveUp = row.gaveUp || update.outcome.gaveUp;
    emit dataChanged(index(*it, 0), index(*it, ColumnCount - 1));
}

void TaskTableModel::removeTask(qint64 profileId, const QString& taskId)
{
    const auto it = m_rowOf.constFind(rowKey(profileId, taskId));
    if (it == m_rowOf.constEnd())
        return;
    const int row = *it;
    beginRemoveRows(QModelIndex(), row, row);
    m_rows.removeAt(row);
    m_rowOf.remove(rowKey(profileId, taskId));
    reindexFrom(row);
    endRemoveRows();
}

void TaskTableModel::reindexFrom(int row)
{
    for (int i = row; i < m_rows.size(); ++i)
        m_rowOf[rowKey(m_rows.at(i).profileId, m_rows.at(i).id)] = i;
}

int TaskTableModel::activeCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Row& row) {
        return !row.gaveUp && !(row.lastGood && isTerminal(row.lastGood->status));
    }));
}

int TaskTableModel::countWithStatus(TaskStatus status) const
{
    int count = 0;
    for (const Row& row : m_rows) {
        if (row.lastGood && row.lastGood->status == status)
            ++count;
    }
    return count;
}

} // namespace Reelwatch

#include "tasktablemodel.h"

#include "core/displaytext.h"
#include "core/taskfreshness.h"
#include "statuswords.h"

#include <limits>
#include <QDateTime>
#include <QLocale>
#include <QSet>

namespace Reelwatch {

namespace {

qint64 wallClockMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// Short enough for a column; the tooltip carries the full time.
QString shortDateTime(qint64 unixSeconds, qint64 nowMs)
{
    return StatusWords::shortTime(unixSeconds * 1000, nowMs);
}

QString fullDateTime(qint64 unixSeconds)
{
    return QLocale().toString(QDateTime::fromSecsSinceEpoch(unixSeconds).toLocalTime(), QLocale::LongFormat);
}

QString duration(qint64 ms)
{
    const qint64 total = std::max<qint64>(0, ms / 1000);
    const qint64 hours = total / 3600;
    const qint64 minutes = (total % 3600) / 60;
    const qint64 seconds = total % 60;
    if (hours > 0)
        return QStringLiteral("%1:%2:%3")
            .arg(hours)
            .arg(minutes, 2, 10, QLatin1Char('0'))
            .arg(seconds, 2, 10, QLatin1Char('0'));
    if (minutes > 0)
        return QStringLiteral("%1:%2").arg(minutes).arg(seconds, 2, 10, QLatin1Char('0'));
    return TaskTableModel::tr("%1 s").arg(seconds);
}

// When the render started, as far as we know: the provider's creation time, else when it was added.
qint64 startMs(const StoredTask& task)
{
    if (task.last && task.last->createdAt)
        return *task.last->createdAt * 1000;
    return task.addedAtMs;
}

// How long a finished render took, by the server's times; nullopt when it has not said both.
std::optional<qint64> tookMs(const VideoTask* task)
{
    if (!task || !task->createdAt || !task->completedAt)
        return std::nullopt;
    return (*task->completedAt - *task->createdAt) * 1000;
}

int badgeOrder(BadgeKind kind)
{
    // Sorting by status groups what needs attention first, then work in flight, then results.
    switch (kind) {
    case BadgeKind::KeyRejected:
        return 0;
    case BadgeKind::ApiError:
        return 1;
    case BadgeKind::NotFound:
        return 2;
    case BadgeKind::Failure:
        return 3;
    case BadgeKind::InProgress:
        return 4;
    case BadgeKind::Queued:
        return 5;
    case BadgeKind::Submitted:
        return 6;
    case BadgeKind::NotStarted:
        return 7;
    case BadgeKind::Waiting:
        return 8;
    case BadgeKind::Unknown:
        return 9;
    case BadgeKind::Success:
        return 10;
    }
    return 11;
}

} // namespace

TaskTableModel::TaskTableModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_nowMs(wallClockMs)
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
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (section) {
        case CreatedColumn:
            return tr("When the server created the task; empty until it says");
        case ElapsedColumn:
            return tr("How long the render took, or has been running so far");
        case FinishedColumn:
            return tr("When the server says the render finished");
        default:
            return QVariant();
        }
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TaskColumn:
        return tr("Title");
    case StatusColumn:
        return tr("Status");
    case ProgressColumn:
        return tr("Progress");
    case ModelColumn:
        return tr("Model");
    case SizeColumn:
        return tr("Size");
    case CreatedColumn:
        return tr("Created");
    case ElapsedColumn:
        return tr("Render time");
    case FinishedColumn:
        return tr("Finished");
    case ProfileColumn:
        return tr("Profile");
    case IdColumn:
        return tr("ID");
    default:
        return QVariant();
    }
}

BadgeKind TaskTableModel::badgeKind(const StoredTask& task)
{
    if (task.gaveUp && task.lastError.kind == ErrorKind::NotFound)
        return BadgeKind::NotFound;
    if (task.lastError.kind == ErrorKind::Unauthorized)
        return BadgeKind::KeyRejected;
    if (task.lastError.isError() && !(task.last && isTerminal(task.last->status)))
        return BadgeKind::ApiError;
    if (!task.last)
        return BadgeKind::Waiting;
    switch (task.last->status) {
    case TaskStatus::NotStart:
        return BadgeKind::NotStarted;
    case TaskStatus::Submitted:
        return BadgeKind::Submitted;
    case TaskStatus::Queued:
        return BadgeKind::Queued;
    case TaskStatus::InProgress:
        return BadgeKind::InProgress;
    case TaskStatus::Success:
        return BadgeKind::Success;
    case TaskStatus::Failure:
        return BadgeKind::Failure;
    case TaskStatus::Unknown:
        return BadgeKind::Unknown;
    }
    return BadgeKind::Unknown;
}

QString TaskTableModel::formatDuration(qint64 ms)
{
    return duration(ms);
}

bool TaskTableModel::isActive(const StoredTask& task)
{
    return !task.archived && !task.gaveUp && !(task.last && isTerminal(task.last->status));
}

int TaskTableModel::categoryMask(const StoredTask& task)
{
    if (task.archived)
        return 1 << int(TaskCategory::Archived);
    int mask = 1 << int(TaskCategory::All);
    if (isActive(task))
        mask |= 1 << int(TaskCategory::Active);
    if (task.last && task.last->status == TaskStatus::Success)
        mask |= 1 << int(TaskCategory::Succeeded);
    if (task.last && task.last->status == TaskStatus::Failure)
        mask |= 1 << int(TaskCategory::Failed);
    const BadgeKind badge = badgeKind(task);
    if (badge == BadgeKind::NotFound || badge == BadgeKind::KeyRejected || badge == BadgeKind::ApiError
        || (task.gaveUp && !(task.last && isTerminal(task.last->status))))
        mask |= 1 << int(TaskCategory::Problems);
    return mask;
}

QString TaskTableModel::searchTextFor(const StoredTask& task)
{
    QStringList parts = {task.taskId, task.label};
    if (task.last)
        parts << task.last->prompt << task.last->model;
    return parts.join(QLatin1Char('\n')).toLower();
}

QString TaskTableModel::statusToolTip(const StoredTask& task) const
{
    // The details pane's status in the same words, then why.
    QStringList lines = StatusWords::describe(task, m_nowMs());
    if (task.last && task.last->error)
        lines << (task.last->error->code.isEmpty()
                      ? task.last->error->message
                      : tr("%1: %2").arg(task.last->error->code, task.last->error->message));
    if (task.lastError.isError())
        lines << task.lastError.message();
    if (task.gaveUp)
        lines << tr("No longer polled.");
    return lines.join(QLatin1Char('\n'));
}

QVariant TaskTableModel::displayData(const Row& row, int column) const
{
    const StoredTask& stored = row.task;
    const VideoTask* task = stored.last ? &*stored.last : nullptr;
    switch (column) {
    case TaskColumn:
        return row.title;
    case StatusColumn:
        return StatusWords::badge(badgeKind(stored), task ? task->progress : std::nullopt);
    case ProgressColumn: {
        // A failed render's progress says nothing useful.
        const QString percent = task && task->progress && task->status != TaskStatus::Failure
            ? QStringLiteral("%1%").arg(*task->progress)
            : QString();
        const std::optional<qint64> remaining = remainingMs(stored);
        if (!remaining)
            return percent;
        return percent.isEmpty() ? remainingText(*remaining) : tr("%1 · %2").arg(percent, remainingText(*remaining));
    }
    case ModelColumn:
        return task ? task->model : QString();
    case SizeColumn:
        if (!task)
            return QString();
        if (task->seconds.isEmpty())
            return task->size;
        return task->size.isEmpty() ? tr("%1 s").arg(task->seconds) : tr("%1 · %2 s").arg(task->size, task->seconds);
    case CreatedColumn:
        // The server's time only: when the task was added to Reelwatch is not when it was created.
        return task && task->createdAt ? shortDateTime(*task->createdAt, m_nowMs()) : QString();
    case ElapsedColumn:
        if (isActive(stored))
            return duration(m_nowMs() - startMs(stored));
        if (const std::optional<qint64> took = tookMs(task))
            return duration(*took);
        return QString();
    case FinishedColumn:
        return task && task->completedAt ? shortDateTime(*task->completedAt, m_nowMs()) : QString();
    case ProfileColumn:
        // Followed renders were not added by hand: the board says where they came from.
        return stored.followed ? tr("%1 · followed").arg(m_profileNames.value(stored.profileId))
                               : m_profileNames.value(stored.profileId);
    case IdColumn:
        return stored.taskId;
    default:
        return QVariant();
    }
}

QVariant TaskTableModel::sortData(const Row& row, int column) const
{
    const StoredTask& stored = row.task;
    const VideoTask* task = stored.last ? &*stored.last : nullptr;
    switch (column) {
    case TaskColumn:
        return row.titleSortKey;
    case StatusColumn:
        return badgeOrder(badgeKind(stored));
    case ProgressColumn:
        return task && task->progress ? *task->progress : -1;
    case CreatedColumn:
        // Tasks the server has not dated yet sort by when they were added, so newest first keeps
        // what was just added on top.
        return startMs(stored);
    case SizeColumn: {
        // By pixel count, then duration: "1280x720 · 12 s" after "720x1280 · 8 s", numerically.
        if (!task)
            return qint64(-1);
        const int separator = task->size.indexOf(QLatin1Char('x'));
        const qint64 pixels
            = separator > 0 ? qint64(task->size.left(separator).toInt()) * task->size.mid(separator + 1).toInt() : 0;
        return pixels * 100000 + qint64(task->seconds.toDouble() * 100);
    }
    case ElapsedColumn:
        // Finished renders by how long they took; running ones after them, longest running last. A
        // key that does not move with the clock, so the board is not re-sorted every second.
        if (isActive(stored))
            return std::numeric_limits<qint64>::max() - startMs(stored);
        return tookMs(task).value_or(-1);
    case FinishedColumn:
        return task && task->completedAt ? *task->completedAt * 1000 : qint64(-1);
    default:
        return displayData(row, column).toString().toLower();
    }
}

QVariant TaskTableModel::data(const QModelIndex& index, int role) const
{
    const QVariant value = roleData(index, role);
    // Every text the table and the gallery draw passes here, whichever column or role it comes from:
    // a server's prompt, model or error must not reorder or hide what is shown (DisplayText).
    if (value.typeId() != QMetaType::QString)
        return value;
    if (role == Qt::DisplayRole)
        return DisplayText::line(value.toString());
    if (role == Qt::ToolTipRole || role == Qt::AccessibleTextRole)
        return DisplayText::block(value.toString());
    return value;
}

QVariant TaskTableModel::roleData(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return QVariant();
    const Row& row = m_rows.at(index.row());
    const StoredTask& stored = row.task;
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case SortRole:
        return sortData(row, index.column());
    case BadgeKindRole:
        return int(badgeKind(stored));
    case ProgressRole:
        if (stored.last && stored.last->progress)
            return *stored.last->progress;
        return QVariant();
    case SearchTextRole:
        return row.searchText;
    case ProfileIdRole:
        return stored.profileId;
    case TaskIdRole:
        return stored.taskId;
    case CategoryMaskRole:
        return row.categories;
    case RemainingRole:
        if (const std::optional<qint64> remaining = remainingMs(stored))
            return *remaining;
        return QVariant();
    case StaleForRole:
        if (const std::optional<qint64> stale = staleForMs(stored))
            return *stale;
        return QVariant();
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TaskColumn: {
            // The title, then what it was made from: the whole prompt (a title may be its start) and the ID.
            QStringList lines{row.title};
            const QString prompt = stored.last ? stored.last->prompt.trimmed() : QString();
            if (!prompt.isEmpty() && prompt != lines.first())
                lines << prompt.left(500);
            if (stored.taskId != lines.first())
                lines << stored.taskId;
            return lines.join(QLatin1Char('\n'));
        }
        case IdColumn:
            return stored.taskId;
        case ProgressColumn:
            if (stored.last && remainingMs(stored)) {
                const qint64 typical = *m_estimates.typicalMs(stored.profileId, stored.last->model);
                return tr("Renders of %1 on %2 usually take %3 (the median of the last ones that finished).")
                    .arg(stored.last->model.isEmpty() ? tr("this model") : stored.last->model,
                         m_profileNames.value(stored.profileId), duration(typical));
            }
            return QVariant();
        case StatusColumn: {
            const QString freshness = TaskFreshness::describe(isActive(stored), stored.confirmedAtMs(), m_nowMs(),
                                                              m_staleAfterMs ? m_staleAfterMs(stored.profileId)
                                                                             : std::numeric_limits<qint64>::max());
            return freshness.isEmpty() ? statusToolTip(stored) : statusToolTip(stored) + QLatin1Char('\n') + freshness;
        }
        case CreatedColumn:
            if (stored.last && stored.last->createdAt)
                return tr("Created on the server %1").arg(fullDateTime(*stored.last->createdAt));
            return tr("The server has not said when it was created. Added to Reelwatch %1.")
                .arg(fullDateTime(stored.addedAtMs / 1000));
        case ElapsedColumn: {
            const VideoTask* task = stored.last ? &*stored.last : nullptr;
            if (isActive(stored)) {
                const QString sofar = duration(m_nowMs() - startMs(stored));
                if (!task || !task->createdAt)
                    return tr("Added %1 ago; the server has not said when it was created").arg(sofar);
                return task->status == TaskStatus::InProgress
                    ? tr("Rendering for %1 so far, since the server created it").arg(sofar)
                    : tr("Created %1 ago, not rendering yet").arg(sofar);
            }
            if (const std::optional<qint64> took = tookMs(task))
                return tr("Took %1, from its creation to its completion on the server").arg(duration(*took));
            return QVariant();
        }
        case FinishedColumn:
            if (stored.last && stored.last->completedAt)
                return fullDateTime(*stored.last->completedAt);
            return QVariant();
        default:
            return QVariant();
        }
    case Qt::AccessibleTextRole:
        if (index.column() == StatusColumn) {
            if (const std::optional<qint64> stale = staleForMs(stored))
                return tr("Status: %1, not checked for %2")
                    .arg(displayData(row, StatusColumn).toString(), TaskFreshness::age(*stale));
            return tr("Status: %1").arg(displayData(row, StatusColumn).toString());
        }
        return QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == ProgressColumn || index.column() == ElapsedColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant();
    default:
        return QVariant();
    }
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

void TaskTableModel::count(const Row& row, int sign)
{
    const StoredTask& task = row.task;
    if (task.archived) {
        m_counts.archived += sign;
        return;
    }
    m_counts.total += sign;
    if (row.categories & (1 << int(TaskCategory::Active)))
        m_counts.active += sign;
    if (row.categories & (1 << int(TaskCategory::Problems)))
        m_counts.problems += sign;
    switch (badgeKind(task)) {
    case BadgeKind::Waiting:
        m_counts.waiting += sign;
        break;
    case BadgeKind::NotStarted:
    case BadgeKind::Submitted:
    case BadgeKind::Queued:
        m_counts.queued += sign;
        break;
    case BadgeKind::InProgress:
        m_counts.rendering += sign;
        break;
    case BadgeKind::Success:
        m_counts.succeeded += sign;
        break;
    case BadgeKind::Failure:
        m_counts.failed += sign;
        break;
    case BadgeKind::Unknown:
    case BadgeKind::NotFound:
    case BadgeKind::KeyRejected:
    case BadgeKind::ApiError:
        break;
    }
}

bool TaskTableModel::addTask(const StoredTask& stored)
{
    const QString key = rowKey(stored.profileId, stored.taskId);
    if (m_rowOf.contains(key))
        return false;
    const int row = int(m_rows.size());
    beginInsertRows(QModelIndex(), row, row);
    m_rows.append(
        Row{stored, searchTextFor(stored), categoryMask(stored), stored.displayName(), stored.displayName().toLower()});
    m_rowOf.insert(key, row);
    count(m_rows.last(), +1);
    noteFinished(m_rows.last());
    endInsertRows();
    return true;
}

void TaskTableModel::addTasks(const QList<StoredTask>& tasks)
{
    QList<Row> fresh;
    fresh.reserve(tasks.size());
    QSet<QString> keys;
    keys.reserve(tasks.size());
    for (const StoredTask& stored : tasks) {
        const QString key = rowKey(stored.profileId, stored.taskId);
        if (m_rowOf.contains(key) || keys.contains(key))
            continue;
        keys.insert(key);
        fresh.append(Row{stored, searchTextFor(stored), categoryMask(stored), stored.displayName(),
                         stored.displayName().toLower()});
    }
    if (fresh.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + int(fresh.size()) - 1);
    // Grown once: appending 10,000 rows one by one would keep two ever larger copies alive at a time.
    m_rows.reserve(m_rows.size() + fresh.size());
    m_rowOf.reserve(m_rows.size() + fresh.size());
    for (Row& row : fresh) {
        m_rowOf.insert(rowKey(row.task.profileId, row.task.taskId), int(m_rows.size()));
        count(row, +1);
        noteFinished(row);
        m_rows.append(std::move(row));
    }
    endInsertRows();
}

void TaskTableModel::applyUpdate(qint64 profileId, const TaskUpdate& update)
{
    const auto it = m_rowOf.constFind(rowKey(profileId, update.taskId));
    if (it == m_rowOf.constEnd())
        return;
    Row& row = m_rows[*it];
    count(row, -1);
    StoredTask& stored = row.task;
    if (update.task)
        stored.last = update.task;
    stored.noteFetchError(update.error, m_nowMs());
    // As the store keeps it: a good answer revives a task that was given up (after a manual refresh).
    stored.gaveUp = update.outcome.gaveUp || (stored.gaveUp && update.error.isError());
    stored.updatedAtMs = m_nowMs();
    row.searchText = searchTextFor(stored);
    row.title = stored.displayName();
    row.titleSortKey = row.title.toLower();
    row.categories = categoryMask(stored);
    count(row, +1);
    noteFinished(row);
    emit dataChanged(index(*it, 0), index(*it, ColumnCount - 1));
}

void TaskTableModel::noteFinished(Row& row)
{
    const VideoTask* task = row.task.last ? &*row.task.last : nullptr;
    if (row.sampled || !task || task->status != TaskStatus::Success || !task->createdAt || !task->completedAt)
        return;
    row.sampled = true;
    m_estimates.addFinished(row.task.profileId, task->model, *task->completedAt,
                            (*task->completedAt - *task->createdAt) * 1000);
}

std::optional<qint64> TaskTableModel::remainingMs(const StoredTask& stored) const
{
    if (!stored.last || badgeKind(stored) != BadgeKind::InProgress)
        return std::nullopt;
    return m_estimates.remainingMs(stored.profileId, stored.last->model, m_nowMs() - startMs(stored));
}

QString TaskTableModel::remainingText(qint64 remainingMs)
{
    if (remainingMs <= 0)
        return tr("taking longer than usual");
    if (remainingMs < 60 * 1000)
        return tr("less than a minute left");
    const int minutes = int((remainingMs + 30 * 1000) / (60 * 1000));
    if (minutes < 90)
        return tr("about %n min left", nullptr, minutes);
    return tr("about %n h left", nullptr, (minutes + 30) / 60);
}

void TaskTableModel::setLabel(qint64 profileId, const QString& taskId, const QString& label)
{
    const int row = rowOf(profileId, taskId);
    if (row < 0)
        return;
    m_rows[row].task.label = label;
    m_rows[row].searchText = searchTextFor(m_rows[row].task);
    m_rows[row].title = m_rows[row].task.displayName();
    m_rows[row].titleSortKey = m_rows[row].title.toLower();
    emit dataChanged(index(row, TaskColumn), index(row, TaskColumn));
}

void TaskTableModel::setArchived(qint64 profileId, const QString& taskId, bool archived)
{
    const int row = rowOf(profileId, taskId);
    if (row < 0 || m_rows.at(row).task.archived == archived)
        return;
    count(m_rows.at(row), -1);
    m_rows[row].task.archived = archived;
    m_rows[row].categories = categoryMask(m_rows.at(row).task);
    count(m_rows.at(row), +1);
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void TaskTableModel::applyEdits(const QList<StoredTask>& edited)
{
    // Only what an edit changes: the row's poll results may be newer than what the store has written yet.
    for (const StoredTask& task : edited) {
        setLabel(task.profileId, task.taskId, task.label);
        setArchived(task.profileId, task.taskId, task.archived);
    }
}

void TaskTableModel::removeTask(qint64 profileId, const QString& taskId)
{
    const auto it = m_rowOf.constFind(rowKey(profileId, taskId));
    if (it == m_rowOf.constEnd())
        return;
    const int row = *it;
    beginRemoveRows(QModelIndex(), row, row);
    count(m_rows.at(row), -1);
    m_rows.removeAt(row);
    m_rowOf.remove(rowKey(profileId, taskId));
    reindexFrom(row);
    endRemoveRows();
}

void TaskTableModel::removeProfile(qint64 profileId)
{
    // From the end, so each removal is one contiguous block for the views.
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (m_rows.at(row).task.profileId == profileId)
            removeTask(profileId, m_rows.at(row).task.taskId);
    }
}

void TaskTableModel::reindexFrom(int row)
{
    for (int i = row; i < m_rows.size(); ++i)
        m_rowOf[rowKey(m_rows.at(i).task.profileId, m_rows.at(i).task.taskId)] = i;
}

const StoredTask* TaskTableModel::task(qint64 profileId, const QString& taskId) const
{
    return taskAt(rowOf(profileId, taskId));
}

const StoredTask* TaskTableModel::taskAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row).task : nullptr;
}

int TaskTableModel::rowOf(qint64 profileId, const QString& taskId) const
{
    return m_rowOf.value(rowKey(profileId, taskId), -1);
}

std::optional<qint64> TaskTableModel::staleForMs(const StoredTask& stored) const
{
    if (!m_staleAfterMs || !isActive(stored))
        return std::nullopt;
    const qint64 now = m_nowMs();
    const std::optional<qint64> confirmed = stored.confirmedAtMs();
    if (!TaskFreshness::isStale(true, confirmed, now, m_staleAfterMs(stored.profileId)))
        return std::nullopt;
    return now - *confirmed;
}

void TaskTableModel::applyConfirmed(qint64 profileId, const QStringList& taskIds, qint64 atMs)
{
    for (const QString& taskId : taskIds) {
        const int row = rowOf(profileId, taskId);
        if (row < 0)
            continue;
        StoredTask& stored = m_rows[row].task;
        const bool wasStale = staleForMs(stored).has_value();
        stored.noteConfirmed(atMs);
        // Only a row that stops being stale looks different; the tooltip is worked out when asked.
        if (wasStale)
            emit dataChanged(index(row, StatusColumn), index(row, StatusColumn), {StaleForRole});
    }
}

void TaskTableModel::tickElapsed()
{
    // Only the display changes, so the proxy neither re-sorts nor re-filters on this. The time left
    // moves with the clock as the time taken does.
    if (m_counts.active > 0 && !m_rows.isEmpty()) {
        emit dataChanged(index(0, ElapsedColumn), index(rowCount() - 1, ElapsedColumn), {Qt::DisplayRole});
        emit dataChanged(index(0, ProgressColumn), index(rowCount() - 1, ProgressColumn), {Qt::DisplayRole});
        // A state unconfirmed for too long turns stale with the clock, not with an answer.
        if (m_staleAfterMs)
            emit dataChanged(index(0, StatusColumn), index(rowCount() - 1, StatusColumn), {StaleForRole});
    }
}

} // namespace Reelwatch

#pragma once

#include "core/renderestimates.h"
#include "core/taskupdate.h"
#include "store/storetypes.h"

#include <functional>
#include <QAbstractTableModel>
#include <QHash>

namespace Reelwatch {

// What the status badge shows for a row: a canonical status, or one of the states that are not
// the provider's (no answer yet, not found, key rejected, a failing fetch).
enum class BadgeKind
{
    Waiting,
    NotStarted,
    Submitted,
    Queued,
    InProgress,
    Success,
    Failure,
    Unknown,
    NotFound,
    KeyRejected,
    ApiError,
};

// The board's filter buckets. A row may be in more than one (an active task whose last fetch failed
// is also a problem).
enum class TaskCategory
{
    All,
    Active,
    Succeeded,
    Failed,
    Problems,
    Archived, // archived tasks are in this bucket only
};

// One row per task on the board, across profiles, updated in place from poll results (one row per
// change, never a reset). Sorting and filtering happen in TaskFilterProxy over the roles below.
class TaskTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TaskColumn,
        StatusColumn,
        ProgressColumn,
        ModelColumn,
        SizeColumn,
        CreatedColumn, // the server's creation time, empty until it says
        ElapsedColumn, // how long the render took, or has been running
        FinishedColumn, // when it finished
        ProfileColumn,
        IdColumn, // hidden by default: the title column names a task the way people do
        ColumnCount,
    };

    enum Role
    {
        SortRole = Qt::UserRole + 1, // a value that sorts naturally (numbers, times, status order)
        BadgeKindRole, // int(BadgeKind)
        ProgressRole, // int 0–100, or invalid when unknown
        SearchTextRole, // lower-case ID, label, prompt and model
        ProfileIdRole,
        TaskIdRole,
        CategoryMaskRole, // bit (1 << int(TaskCategory)) per category the row is in
        RemainingRole, // qint64 ms a rendering task has left by the typical render time; invalid when unknown
        // qint64 ms the shown state has gone unconfirmed, only where that is longer than its profile's
        // polling explains (stale); invalid otherwise.
        StaleForRole,
    };

    struct Counts
    {
        int total = 0;
        int waiting = 0; // no answer yet
        int queued = 0; // not started, submitted or queued
        int rendering = 0;
        int succeeded = 0;
        int failed = 0;
        int problems = 0;
        int active = 0;
        int archived = 0; // not in any of the counts above
    };

    explicit TaskTableModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setProfileNames(const QHash<qint64, QString>& names);
    // Adds the task if it is new; returns false when it was already there.
    bool addTask(const StoredTask& stored);
    // Adds many tasks at once (start-up): one insert notification instead of one per task.
    void addTasks(const QList<StoredTask>& tasks);
    void applyUpdate(qint64 profileId, const TaskUpdate& update);
    void removeTask(qint64 profileId, const QString& taskId);
    void removeProfile(qint64 profileId);
    void setLabel(qint64 profileId, const QString& taskId, const QString& label);
    void setArchived(qint64 profileId, const QString& taskId, bool archived);
    // The label and archive flag of tasks edited elsewhere (TaskService::tasksChanged).
    void applyEdits(const QList<StoredTask>& edited);

    const StoredTask* task(qint64 profileId, const QString& taskId) const;
    const StoredTask* taskAt(int row) const;
    int rowOf(qint64 profileId, const QString& taskId) const;
    Counts counts() const { return m_counts; }

    // Good answers confirmed these tasks' states at `atMs` (TaskService::tasksConfirmed).
    void applyConfirmed(qint64 profileId, const QStringList& taskIds, qint64 atMs);
    // How long a profile's task may go unconfirmed before it is shown as stale (ProfileManager); until
    // set, never.
    void setStaleAfterFunction(std::function<qint64(qint64 profileId)> staleAfterMs)
    {
        m_staleAfterMs = std::move(staleAfterMs);
    }
    // How long the row's state has gone unconfirmed, when that is longer than polling explains;
    // nullopt when it is not (or the task is finished, or has no state to go stale).
    std::optional<qint64> staleForMs(const StoredTask& stored) const;

    // Moves the clock the elapsed column reads (for tests); the default is the wall clock.
    void setNowFunction(std::function<qint64()> nowMs) { m_nowMs = std::move(nowMs); }
    // Repaints the elapsed time of tasks still rendering; the window calls this once a second.
    void tickElapsed();

    static BadgeKind badgeKind(const StoredTask& task);
    static int categoryMask(const StoredTask& task);
    static bool isActive(const StoredTask& task);
    // "42 s", "3:07", "1:02:09": the clock-like form people read at a glance.
    static QString formatDuration(qint64 ms);
    // "about 2 min left", "less than a minute left", "taking longer than usual".
    static QString remainingText(qint64 remainingMs);
    // How long a rendering task has left, by how long this profile's renders of its model take.
    std::optional<qint64> remainingMs(const StoredTask& stored) const;

private:
    struct Row
    {
        StoredTask task;
        QString searchText;
        int categories = 0;
        // TaskTitle's rule, worked out once per change: sorting by title asks for it n log n times.
        QString title;
        QString titleSortKey; // lower case
        bool sampled = false; // its duration is in m_estimates
    };
    static QString rowKey(qint64 profileId, const QString& taskId);
    static QString searchTextFor(const StoredTask& task);
    void reindexFrom(int row);
    void noteFinished(Row& row);
    void count(const Row& row, int sign);
    // data() before its text is made safe to show.
    QVariant roleData(const QModelIndex& index, int role) const;
    QVariant displayData(const Row& row, int column) const;
    QVariant sortData(const Row& row, int column) const;
    QString statusToolTip(const StoredTask& task) const;

    QList<Row> m_rows;
    QHash<QString, int> m_rowOf;
    QHash<qint64, QString> m_profileNames;
    Counts m_counts;
    RenderEstimates m_estimates;
    std::function<qint64()> m_nowMs;
    std::function<qint64(qint64)> m_staleAfterMs;
};

} // namespace Reelwatch

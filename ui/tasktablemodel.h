#pragma once

#include "core/taskupdate.h"
#include "store/storetypes.h"

#include <QAbstractTableModel>
#include <QHash>

namespace Reelwatch {

// One row per stored task, across profiles, updated in place from poll results (one row per
// change, never a reset).
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
        ProfileColumn,
        DetailColumn,
        ColumnCount,
    };

    explicit TaskTableModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setProfileNames(const QHash<qint64, QString>& names);
    // Adds the task if it is new; returns false when it was already there.
    bool addTask(const StoredTask& stored);
    void applyUpdate(qint64 profileId, const TaskUpdate& update);
    void removeTask(qint64 profileId, const QString& taskId);
    int countWithStatus(TaskStatus status) const;
    // Tasks that may still change: not terminal and not given up.
    int activeCount() const;

private:
    struct Row
    {
        qint64 profileId = 0;
        QString id;
        QString label;
        std::optional<VideoTask> lastGood; // kept through transient errors
        FetchError error; // the current fetch problem
        bool gaveUp = false;
    };
    static QString rowKey(qint64 profileId, const QString& taskId);
    void reindexFrom(int row);

    QList<Row> m_rows;
    QHash<QString, int> m_rowOf;
    QHash<qint64, QString> m_profileNames;
};

} // namespace Reelwatch

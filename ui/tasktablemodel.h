#pragma once

#include "net/poller.h"

#include <QAbstractTableModel>
#include <QHash>

namespace Reelwatch {

// One row per task, updated in place from fetch results (never reset on an update).
class TaskTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        IdColumn,
        StatusColumn,
        ProgressColumn,
        ModelColumn,
        SizeColumn,
        DetailColumn,
        ColumnCount,
    };

    explicit TaskTableModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Adds the task if it is new; returns false when it was already there.
    bool addTask(const QString& taskId);
    void applyUpdate(const TaskUpdate& update);
    QStringList taskIds() const { return m_order; }
    int countWithStatus(TaskStatus status) const;
    // Tasks that may still change: not terminal and not given up.
    int activeCount() const;

private:
    struct Row
    {
        QString id;
        std::optional<VideoTask> lastGood; // kept through transient errors
        FetchError error; // the current fetch problem
        bool gaveUp = false;
    };

    QList<Row> m_rows;
    QStringList m_order;
    QHash<QString, int> m_rowOf;
};

} // namespace Reelwatch

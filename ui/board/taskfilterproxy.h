#pragma once

#include "core/taskkey.h"
#include "tasktablemodel.h"

#include <functional>
#include <QSortFilterProxyModel>

namespace Reelwatch {

// The board's view of the tasks: one status bucket (All / Active / Succeeded / Failed / Problems)
// and a search over ID, label, prompt and model, sorted on TaskTableModel::SortRole.
class TaskFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit TaskFilterProxy(QObject* parent = nullptr);

    void setCategory(TaskCategory category);
    TaskCategory category() const { return m_category; }
    // Every whitespace-separated word must appear (case-insensitive) in the ID, label, prompt or model.
    void setSearchText(const QString& text);
    QString searchText() const { return m_words.join(QLatin1Char(' ')); }

    // What rows dragged out of a view carry (the window gives the saved videos' file URLs); without
    // one, rows cannot be dragged. Returning null cancels the drag.
    using DragData = std::function<QMimeData*(const QList<TaskKey>& tasks)>;
    void setDragData(DragData dragData) { m_dragData = std::move(dragData); }
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction; }

signals:
    // Around a change of the category or the search, which may add and remove rows in many separate
    // runs: a model over this one (TaskGroupProxy) regroups once, not once per run.
    void filterAboutToChange();
    void filterChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    TaskCategory m_category = TaskCategory::All;
    QStringList m_words;
    DragData m_dragData;
};

} // namespace Reelwatch

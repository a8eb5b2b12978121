#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QTableView;
class QTimer;

namespace Reelwatch {

class Poller;
class TaskTableModel;
struct TaskUpdate;

// The task board: a table of renders kept current by the poll engine, one row updated per change.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(Poller* poller, QWidget* parent = nullptr);

    void addTasks(const QStringList& taskIds);
    TaskTableModel* model() const { return m_model; }

private:
    void promptForTasks();
    void onTaskUpdated(const TaskUpdate& update);
    void updateSummary();

    Poller* m_poller;
    TaskTableModel* m_model;
    QTableView* m_table;
    QLabel* m_summary;
    QAction* m_pauseAction;
    QTimer* m_summaryTimer;
};

} // namespace Reelwatch

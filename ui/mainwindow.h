#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QTableView;
class QTimer;

namespace Reelwatch {

class Monitor;
class TaskTableModel;

// The task board: every stored task across profiles, kept current by the monitor, one row updated
// per change.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(Monitor* monitor, QWidget* parent = nullptr);

    // Adds valid IDs to the default profile (the store and the poller); invalid ones are ignored.
    void addTasks(const QStringList& taskIds);
    TaskTableModel* model() const { return m_model; }

private:
    void promptForTasks();
    void updateSummary();
    QString keyNotice() const;

    Monitor* m_monitor;
    TaskTableModel* m_model;
    QTableView* m_table;
    QLabel* m_summary;
    QAction* m_pauseAction;
    QTimer* m_summaryTimer;
};

} // namespace Reelwatch

#pragma once

#include <QMainWindow>

class QLabel;
class QTableView;
class QTimer;

namespace Reelwatch {

class TaskTableModel;
class VideoApi;

// The task board: a table of renders kept current by refreshing the unfinished ones on a timer.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(VideoApi* api, QWidget* parent = nullptr);

    void addTasks(const QStringList& taskIds);
    TaskTableModel* model() const { return m_model; }

public slots:
    void refreshActive();

private:
    void promptForTasks();
    void updateSummary();

    VideoApi* m_api;
    TaskTableModel* m_model;
    QTableView* m_table;
    QLabel* m_summary;
    QTimer* m_refreshTimer;
    int m_inFlight = 0;
};

} // namespace Reelwatch

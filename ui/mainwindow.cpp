#include "mainwindow.h"

#include "core/taskid.h"
#include "net/videoapi.h"
#include "tasktablemodel.h"

#include <QAction>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>

namespace Reelwatch {

namespace {

constexpr int kRefreshIntervalMs = 2000;

} // namespace

MainWindow::MainWindow(VideoApi* api, QWidget* parent)
    : QMainWindow(parent)
    , m_api(api)
    , m_model(new TaskTableModel(this))
    , m_table(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_refreshTimer(new QTimer(this))
{
    setWindowTitle(tr("Reelwatch"));
    resize(1000, 420);

    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("Tasks"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(TaskTableModel::IdColumn, 260);
    m_table->setColumnWidth(TaskTableModel::StatusColumn, 130);
    m_table->setColumnWidth(TaskTableModel::ProgressColumn, 80);
    m_table->setColumnWidth(TaskTableModel::ModelColumn, 100);
    m_table->setColumnWidth(TaskTableModel::SizeColumn, 120);
    setCentralWidget(m_table);

    QToolBar* toolbar = addToolBar(tr("Tasks"));
    toolbar->setObjectName(QStringLiteral("tasksToolbar"));
    QAction* addAction = toolbar->addAction(tr("Add tasks…"), this, &MainWindow::promptForTasks);
    addAction->setShortcut(QKeySequence::New);
    QAction* refreshAction = toolbar->addAction(tr("Refresh"), this, &MainWindow::refreshActive);
    refreshAction->setShortcut(QKeySequence::Refresh);

    statusBar()->addWidget(m_summary, 1);
    connect(m_refreshTimer, &QTimer::timeout, this, &MainWindow::refreshActive);
    m_refreshTimer->start(kRefreshIntervalMs);
    updateSummary();
}

void MainWindow::addTasks(const QStringList& taskIds)
{
    bool added = false;
    for (const QString& id : taskIds) {
        const TaskIdCheck check = TaskId::validate(id);
        if (check.valid)
            added |= m_model->addTask(check.id);
    }
    if (added)
        refreshActive();
    updateSummary();
}

void MainWindow::promptForTasks()
{
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(
        this, tr("Add tasks"), tr("Paste task IDs (one per line, comma separated, JSON or URLs):"), QString(), &ok);
    if (ok)
        addTasks(TaskId::extract(text));
}

void MainWindow::refreshActive()
{
    // One round at a time: a slow server must not pile up requests.
    if (m_inFlight > 0)
        return;
    const QStringList ids = m_model->activeTaskIds();
    m_inFlight = int(ids.size());
    for (const QString& id : ids) {
        m_api->fetchStatus(id, this, [this](const FetchResult& result) {
            m_model->applyResult(result);
            --m_inFlight;
            updateSummary();
        });
    }
}

void MainWindow::updateSummary()
{
    const int total = m_model->rowCount();
    const int succeeded = m_model->countWithStatus(TaskStatus::Success);
    const int failed = m_model->countWithStatus(TaskStatus::Failure);
    const int active = int(m_model->activeTaskIds().size());
    m_summary->setText(
        tr("%1 tasks · %2 rendering · %3 succeeded · %4 failed").arg(total).arg(active).arg(succeeded).arg(failed));
    setWindowTitle(active > 0 ? tr("Reelwatch — %1 rendering").arg(active) : tr("Reelwatch"));
}

} // namespace Reelwatch

#include "mainwindow.h"

#include "core/taskid.h"
#include "net/poller.h"
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

MainWindow::MainWindow(Poller* poller, QWidget* parent)
    : QMainWindow(parent)
    , m_poller(poller)
    , m_model(new TaskTableModel(this))
    , m_table(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_pauseAction(nullptr)
    , m_summaryTimer(new QTimer(this))
{
    setWindowTitle(tr("Reelwatch"));
    resize(1000, 420);

    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("Tasks"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
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
    QAction* refreshAction = toolbar->addAction(tr("Refresh all"), m_poller, &Poller::refreshAllNow);
    refreshAction->setShortcut(QKeySequence::Refresh);
    m_pauseAction = toolbar->addAction(tr("Pause"));
    m_pauseAction->setCheckable(true);
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) {
        m_poller->setPaused(paused);
        m_pauseAction->setText(paused ? tr("Resume") : tr("Pause"));
        updateSummary();
    });

    statusBar()->addWidget(m_summary, 1);
    connect(m_poller, &Poller::taskUpdated, this, &MainWindow::onTaskUpdated);
    connect(m_poller, &Poller::stateChanged, this, &MainWindow::updateSummary);
    // The "next poll in" countdown moves by itself.
    connect(m_summaryTimer, &QTimer::timeout, this, &MainWindow::updateSummary);
    m_summaryTimer->start(1000);
    updateSummary();
}

void MainWindow::addTasks(const QStringList& taskIds)
{
    for (const QString& id : taskIds) {
        const TaskIdCheck check = TaskId::validate(id);
        if (check.valid && m_model->addTask(check.id))
            m_poller->addTask(check.id);
    }
    updateSummary();
}

void MainWindow::onTaskUpdated(const TaskUpdate& update)
{
    m_model->applyUpdate(update);
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

void MainWindow::updateSummary()
{
    const int total = m_model->rowCount();
    const int succeeded = m_model->countWithStatus(TaskStatus::Success);
    const int failed = m_model->countWithStatus(TaskStatus::Failure);
    const int active = m_model->activeCount();
    QString polling;
    switch (m_poller->state()) {
    case ProfileState::Paused:
        polling = tr("paused");
        break;
    case ProfileState::Offline:
        polling = tr("offline, waiting for the network");
        break;
    case ProfileState::KeyRejected:
        polling = tr("the server rejected the key");
        break;
    case ProfileState::RateLimited:
        polling = tr("rate limited, waiting");
        break;
    case ProfileState::Polling:
        if (const std::optional<qint64> next = m_poller->msUntilNextPoll())
            polling = tr("next poll in %1 s").arg((*next + 999) / 1000);
        break;
    }
    QString text
        = tr("%1 tasks · %2 rendering · %3 succeeded · %4 failed").arg(total).arg(active).arg(succeeded).arg(failed);
    if (!polling.isEmpty())
        text += QStringLiteral(" · ") + polling;
    m_summary->setText(text);
    setWindowTitle(active > 0 ? tr("Reelwatch — %1 rendering").arg(active) : tr("Reelwatch"));
}

} // namespace Reelwatch

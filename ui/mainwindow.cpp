#include "mainwindow.h"

#include "core/taskid.h"
#include "keydialog.h"
#include "monitor/monitor.h"
#include "tasktablemodel.h"

#include <QAction>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>

namespace Reelwatch {

MainWindow::MainWindow(Monitor* monitor, QWidget* parent)
    : QMainWindow(parent)
    , m_monitor(monitor)
    , m_model(new TaskTableModel(this))
    , m_table(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_pauseAction(nullptr)
    , m_summaryTimer(new QTimer(this))
{
    setWindowTitle(tr("Reelwatch"));
    resize(1000, 420);

    QHash<qint64, QString> profileNames;
    for (const Profile& profile : m_monitor->profiles())
        profileNames.insert(profile.id, profile.name);
    m_model->setProfileNames(profileNames);
    for (const StoredTask& stored : m_monitor->storedTasks())
        m_model->addTask(stored);

    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("Tasks"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(TaskTableModel::TaskColumn, 250);
    m_table->setColumnWidth(TaskTableModel::StatusColumn, 120);
    m_table->setColumnWidth(TaskTableModel::ProgressColumn, 70);
    m_table->setColumnWidth(TaskTableModel::ModelColumn, 90);
    m_table->setColumnWidth(TaskTableModel::SizeColumn, 130);
    m_table->setColumnWidth(TaskTableModel::ProfileColumn, 80);
    setCentralWidget(m_table);

    QToolBar* toolbar = addToolBar(tr("Tasks"));
    toolbar->setObjectName(QStringLiteral("tasksToolbar"));
    QAction* addAction = toolbar->addAction(tr("Add tasks…"), this, &MainWindow::promptForTasks);
    addAction->setShortcut(QKeySequence::New);
    QAction* refreshAction = toolbar->addAction(tr("Refresh all"), m_monitor, &Monitor::refreshAll);
    refreshAction->setShortcut(QKeySequence::Refresh);
    toolbar->addAction(tr("API key…"), this, [this] {
        KeyDialog dialog(m_monitor, m_monitor->defaultProfileId(), this);
        dialog.exec();
    });
    m_pauseAction = toolbar->addAction(tr("Pause"));
    m_pauseAction->setCheckable(true);
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) {
        m_monitor->setPaused(paused);
        m_pauseAction->setText(paused ? tr("Resume") : tr("Pause"));
    });

    statusBar()->addWidget(m_summary, 1);
    connect(m_monitor, &Monitor::taskUpdated, this, [this](qint64 profileId, const TaskUpdate& update) {
        m_model->applyUpdate(profileId, update);
        updateSummary();
    });
    connect(m_monitor, &Monitor::tasksAdded, this, [this](qint64 profileId, const QStringList& taskIds) {
        for (const QString& id : taskIds) {
            StoredTask stored;
            stored.profileId = profileId;
            stored.taskId = id;
            m_model->addTask(stored);
        }
        updateSummary();
    });
    connect(m_monitor, &Monitor::stateChanged, this, &MainWindow::updateSummary);
    connect(m_monitor, &Monitor::keyStateChanged, this, &MainWindow::updateSummary);
    connect(m_monitor, &Monitor::storeWriteFailed, this, [this](const QString& message) {
        statusBar()->showMessage(tr("Could not save to the task database (will retry): %1").arg(message), 10000);
    });
    // The "next poll in" countdown moves by itself.
    connect(m_summaryTimer, &QTimer::timeout, this, &MainWindow::updateSummary);
    m_summaryTimer->start(1000);
    updateSummary();
}

void MainWindow::addTasks(const QStringList& taskIds)
{
    QStringList valid;
    for (const QString& id : taskIds) {
        const TaskIdCheck check = TaskId::validate(id);
        if (check.valid)
            valid << check.id;
    }
    QString error;
    if (!valid.isEmpty() && !m_monitor->addTasks(m_monitor->defaultProfileId(), valid, QString(), nullptr, &error))
        QMessageBox::warning(this, tr("Add tasks"), tr("The tasks could not be saved: %1").arg(error));
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

QString MainWindow::keyNotice() const
{
    QStringList notices;
    for (const Profile& profile : m_monitor->profiles()) {
        switch (m_monitor->keySource(profile.id)) {
        case Monitor::KeySource::Environment:
            notices << tr("%1: key from %2").arg(profile.name, secretEnvironmentVariable(profile.authMode));
            break;
        case Monitor::KeySource::Missing:
            notices << tr("%1: no key yet, add one with “API key…”").arg(profile.name);
            break;
        case Monitor::KeySource::Unavailable:
            notices << tr("%1: no keychain, “API key…” can use a key for this session").arg(profile.name);
            break;
        case Monitor::KeySource::Pending:
        case Monitor::KeySource::Keychain:
        case Monitor::KeySource::Session:
            break;
        }
    }
    return notices.join(QStringLiteral(" · "));
}

void MainWindow::updateSummary()
{
    const TaskTableModel::Counts counts = m_model->counts();
    const int total = counts.total;
    const int succeeded = counts.succeeded;
    const int failed = counts.failed;
    const int active = counts.active;
    QString polling;
    switch (m_monitor->overallState()) {
    case ProfileState::Paused:
        polling = tr("paused");
        break;
    case ProfileState::Offline:
        polling = tr("offline, waiting for the network");
        break;
    case ProfileState::KeyRejected:
        polling = tr("a server rejected the key");
        break;
    case ProfileState::RateLimited:
        polling = tr("rate limited, waiting");
        break;
    case ProfileState::Polling:
        if (const std::optional<qint64> next = m_monitor->msUntilNextPoll())
            polling = tr("next poll in %1 s").arg((*next + 999) / 1000);
        break;
    }
    QStringList parts
        = {tr("%1 tasks · %2 rendering · %3 succeeded · %4 failed").arg(total).arg(active).arg(succeeded).arg(failed)};
    if (!polling.isEmpty())
        parts << polling;
    const QString keys = keyNotice();
    if (!keys.isEmpty())
        parts << keys;
    m_summary->setText(parts.join(QStringLiteral(" · ")));
    setWindowTitle(active > 0 ? tr("Reelwatch — %1 rendering").arg(active) : tr("Reelwatch"));
}

} // namespace Reelwatch

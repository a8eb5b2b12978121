// The board's model and its filter proxy, checked by QAbstractItemModelTester through every kind of
// change the window makes: badges, one-row updates, counts, filters, search and sorting.

#include "ui/board/statusbadgedelegate.h"
#include "ui/board/taskfilterproxy.h"
#include "ui/board/tasktablemodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QLocale>
#include <QPalette>
#include <QSignalSpy>
#include <QTest>

using namespace Reelwatch;

namespace {

constexpr qint64 kNowMs = 1'764'000'000'000; // a fixed "now" for the elapsed column

StoredTask storedTask(const QString& id, std::optional<TaskStatus> status = std::nullopt, const QString& prompt = {},
                      const QString& model = QStringLiteral("sora-2"))
{
    StoredTask stored;
    stored.profileId = 1;
    stored.taskId = id;
    stored.addedAtMs = kNowMs - 65'000;
    if (status) {
        VideoTask task;
        task.id = id;
        task.status = *status;
        task.rawStatus = statusWireName(*status);
        task.model = model;
        task.prompt = prompt;
        task.size = QStringLiteral("720x1280");
        task.seconds = QStringLiteral("8");
        stored.last = task;
    }
    return stored;
}

TaskUpdate updateTo(const QString& id, TaskStatus status, std::optional<int> progress = std::nullopt)
{
    TaskUpdate update;
    update.taskId = id;
    VideoTask task;
    task.id = id;
    task.status = status;
    task.rawStatus = statusWireName(status);
    task.progress = progress;
    task.model = QStringLiteral("sora-2");
    update.task = task;
    return update;
}

TaskUpdate failedFetch(const QString& id, ErrorKind kind, bool gaveUp = false)
{
    TaskUpdate update;
    update.taskId = id;
    update.error = ApiError::legacy(kind, QStringLiteral("the server said no"));
    update.outcome.gaveUp = gaveUp;
    return update;
}

} // namespace

class TestTaskTableModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void passesTheModelTesterThroughEveryChange();
    void badgesSayWhatHappened_data();
    void badgesSayWhatHappened();
    void anUpdateChangesOneRowOnly();
    void countsFollowEveryChange();
    void filtersByCategory();
    void searchMatchesIdLabelPromptAndModel();
    void rowsAreTitledTheWayPeopleNameThem();
    void serverTextIsShownNotObeyed();
    void sortsByStatusProgressAndCreation();
    void elapsedTicksWithoutResorting();
    void timeLeftFollowsTheProfilesFinishedRenders();
    void oldStatesAreMarkedStale();
    void badgeColoursKeepTheirContrast();
    void statusIsWordedOneWayEverywhere();
    void aTaskNotFoundSaysWhatIsKnown();
    void createdIsTheServersTimeOnly();
    void renderTimeAndFinishTimeAreTwoColumns();

private:
    // The column under this header, or -1.
    int column(const QString& header) const;

    TaskTableModel* m_model = nullptr;
    TaskFilterProxy* m_proxy = nullptr;
};

int TestTaskTableModel::column(const QString& header) const
{
    for (int column = 0; column < m_model->columnCount(); ++column) {
        if (m_model->headerData(column, Qt::Horizontal).toString() == header)
            return column;
    }
    return -1;
}

void TestTaskTableModel::init()
{
    m_model = new TaskTableModel;
    m_model->setNowFunction([] { return kNowMs; });
    m_model->setProfileNames({{1, QStringLiteral("OpenAI")}});
    m_proxy = new TaskFilterProxy;
    m_proxy->setSourceModel(m_model);
    new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, m_model);
    new QAbstractItemModelTester(m_proxy, QAbstractItemModelTester::FailureReportingMode::QtTest, m_proxy);
}

void TestTaskTableModel::cleanup()
{
    delete m_proxy;
    delete m_model;
}

void TestTaskTableModel::passesTheModelTesterThroughEveryChange()
{
    m_proxy->sort(TaskTableModel::StatusColumn);
    m_model->addTasks({storedTask(QStringLiteral("video_a")), storedTask(QStringLiteral("video_b"), TaskStatus::Queued),
                       storedTask(QStringLiteral("video_c"), TaskStatus::Success)});
    QVERIFY(m_model->addTask(storedTask(QStringLiteral("video_d"))));
    QVERIFY(!m_model->addTask(storedTask(QStringLiteral("video_d"))));
    m_model->applyUpdate(1, updateTo(QStringLiteral("video_a"), TaskStatus::InProgress, 40));
    m_model->applyUpdate(1, failedFetch(QStringLiteral("video_b"), ErrorKind::Timeout));
    m_model->setLabel(1, QStringLiteral("video_c"), QStringLiteral("Cat on a skateboard"));
    m_model->setArchived(1, QStringLiteral("video_c"), true);
    m_proxy->setCategory(TaskCategory::Archived);
    m_proxy->setSearchText(QStringLiteral("cat"));
    QCOMPARE(m_proxy->rowCount(), 1);
    m_proxy->setCategory(TaskCategory::All);
    m_proxy->setSearchText(QString());
    m_model->removeTask(1, QStringLiteral("video_b"));
    m_model->removeTask(1, QStringLiteral("video_missing"));
    m_model->tickElapsed();
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_proxy->rowCount(), 2); // the archived one is only under Archived
}

void TestTaskTableModel::badgesSayWhatHappened_data()
{
    QTest::addColumn<TaskUpdate>("update");
    QTest::addColumn<int>("badge");
    QTest::addColumn<QString>("text");
    QTest::newRow("queued") << updateTo(QStringLiteral("video_x"), TaskStatus::Queued) << int(BadgeKind::Queued)
                            << "Queued";
    QTest::newRow("rendering with progress") << updateTo(QStringLiteral("video_x"), TaskStatus::InProgress, 45)
                                             << int(BadgeKind::InProgress) << "Rendering 45%";
    QTest::newRow("rendering") << updateTo(QStringLiteral("video_x"), TaskStatus::InProgress)
                               << int(BadgeKind::InProgress) << "Rendering";
    QTest::newRow("success") << updateTo(QStringLiteral("video_x"), TaskStatus::Success) << int(BadgeKind::Success)
                             << "Succeeded";
    QTest::newRow("failure") << updateTo(QStringLiteral("video_x"), TaskStatus::Failure) << int(BadgeKind::Failure)
                             << "Failed";
    QTest::newRow("unknown") << updateTo(QStringLiteral("video_x"), TaskStatus::Unknown) << int(BadgeKind::Unknown)
                             << "Unknown";
    QTest::newRow("not found") << failedFetch(QStringLiteral("video_x"), ErrorKind::NotFound, true)
                               << int(BadgeKind::NotFound) << "Not found";
    QTest::newRow("key rejected") << failedFetch(QStringLiteral("video_x"), ErrorKind::Unauthorized)
                                  << int(BadgeKind::KeyRejected) << "Key rejected";
    QTest::newRow("fetch error") << failedFetch(QStringLiteral("video_x"), ErrorKind::ServerError)
                                 << int(BadgeKind::ApiError) << "Fetch error";
}

void TestTaskTableModel::badgesSayWhatHappened()
{
    QFETCH(TaskUpdate, update);
    QFETCH(int, badge);
    QFETCH(QString, text);
    m_model->addTask(storedTask(QStringLiteral("video_x")));
    const QModelIndex status = m_model->index(0, TaskTableModel::StatusColumn);
    QCOMPARE(status.data(TaskTableModel::BadgeKindRole).toInt(), int(BadgeKind::Waiting));
    QCOMPARE(status.data().toString(), QStringLiteral("Waiting"));
    m_model->applyUpdate(1, update);
    QCOMPARE(status.data(TaskTableModel::BadgeKindRole).toInt(), badge);
    QCOMPARE(status.data().toString(), text);
    if (update.error.isError())
        QVERIFY(status.data(Qt::ToolTipRole).toString().contains(update.error.message()));
}

void TestTaskTableModel::anUpdateChangesOneRowOnly()
{
    for (int i = 0; i < 50; ++i)
        m_model->addTask(storedTask(QStringLiteral("video_%1").arg(i), TaskStatus::Queued));
    m_proxy->sort(TaskTableModel::TaskColumn);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    QSignalSpy layout(m_model, &QAbstractItemModel::layoutChanged);
    m_model->applyUpdate(1, updateTo(QStringLiteral("video_17"), TaskStatus::InProgress, 10));
    QCOMPARE(changed.size(), 1);
    const auto topLeft = changed.first().at(0).value<QModelIndex>();
    const auto bottomRight = changed.first().at(1).value<QModelIndex>();
    QCOMPARE(topLeft.row(), 17);
    QCOMPARE(bottomRight.row(), 17);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(layout.size(), 0);
    // A result for a task that is not on the board changes nothing.
    m_model->applyUpdate(1, updateTo(QStringLiteral("video_gone"), TaskStatus::Success));
    QCOMPARE(changed.size(), 1);
}

void TestTaskTableModel::countsFollowEveryChange()
{
    m_model->addTasks({storedTask(QStringLiteral("a")), storedTask(QStringLiteral("b"), TaskStatus::Queued),
                       storedTask(QStringLiteral("c"), TaskStatus::InProgress),
                       storedTask(QStringLiteral("d"), TaskStatus::Success),
                       storedTask(QStringLiteral("e"), TaskStatus::Failure)});
    TaskTableModel::Counts counts = m_model->counts();
    QCOMPARE(counts.total, 5);
    QCOMPARE(counts.waiting, 1);
    QCOMPARE(counts.queued, 1);
    QCOMPARE(counts.rendering, 1);
    QCOMPARE(counts.succeeded, 1);
    QCOMPARE(counts.failed, 1);
    QCOMPARE(counts.active, 3);
    m_model->applyUpdate(1, updateTo(QStringLiteral("c"), TaskStatus::Success));
    m_model->applyUpdate(1, failedFetch(QStringLiteral("a"), ErrorKind::NotFound, true));
    m_model->setArchived(1, QStringLiteral("e"), true);
    m_model->removeTask(1, QStringLiteral("b"));
    counts = m_model->counts();
    QCOMPARE(counts.total, 3);
    QCOMPARE(counts.waiting, 0);
    QCOMPARE(counts.queued, 0);
    QCOMPARE(counts.rendering, 0);
    QCOMPARE(counts.succeeded, 2);
    QCOMPARE(counts.failed, 0);
    QCOMPARE(counts.problems, 1);
    QCOMPARE(counts.active, 0);
    QCOMPARE(counts.archived, 1);
}

void TestTaskTableModel::filtersByCategory()
{
    m_model->addTasks({storedTask(QStringLiteral("queued"), TaskStatus::Queued),
                       storedTask(QStringLiteral("done"), TaskStatus::Success),
                       storedTask(QStringLiteral("failed"), TaskStatus::Failure),
                       storedTask(QStringLiteral("broken"), TaskStatus::InProgress)});
    m_model->applyUpdate(1, failedFetch(QStringLiteral("broken"), ErrorKind::ServerError));
    const auto visibleIds = [this] {
        QStringList ids;
        for (int row = 0; row < m_proxy->rowCount(); ++row)
            ids << m_proxy->index(row, 0).data(TaskTableModel::TaskIdRole).toString();
        ids.sort();
        return ids;
    };
    QCOMPARE(visibleIds(), QStringList({"broken", "done", "failed", "queued"}));
    m_proxy->setCategory(TaskCategory::Active);
    QCOMPARE(visibleIds(), QStringList({"broken", "queued"}));
    m_proxy->setCategory(TaskCategory::Succeeded);
    QCOMPARE(visibleIds(), QStringList({"done"}));
    m_proxy->setCategory(TaskCategory::Failed);
    QCOMPARE(visibleIds(), QStringList({"failed"}));
    m_proxy->setCategory(TaskCategory::Problems);
    QCOMPARE(visibleIds(), QStringList({"broken"}));
    // The filter follows the task as it changes.
    m_model->applyUpdate(1, updateTo(QStringLiteral("broken"), TaskStatus::Success));
    QCOMPARE(visibleIds(), QStringList());
    m_proxy->setCategory(TaskCategory::Succeeded);
    QCOMPARE(visibleIds(), QStringList({"broken", "done"}));
}

void TestTaskTableModel::rowsAreTitledTheWayPeopleNameThem()
{
    StoredTask labelled
        = storedTask(QStringLiteral("video_labelled"), TaskStatus::Success, QStringLiteral("A red fox"));
    labelled.label = QStringLiteral("Fox");
    const StoredTask prompted = storedTask(QStringLiteral("video_prompted"), TaskStatus::InProgress,
                                           QStringLiteral("Slow dolly shot through a sunflower field at golden hour, "
                                                          "dust in the light\nsecond line"));
    const StoredTask bare = storedTask(QStringLiteral("video_bare"));
    m_model->addTasks({labelled, prompted, bare});
    const auto cell = [this](int row, int column, int role = Qt::DisplayRole) {
        return m_model->index(row, column).data(role).toString();
    };
    QCOMPARE(cell(0, TaskTableModel::TaskColumn), QStringLiteral("Fox"));
    QCOMPARE(cell(1, TaskTableModel::TaskColumn),
             QStringLiteral("Slow dolly shot through a sunflower field at golden hour…"));
    QCOMPARE(cell(2, TaskTableModel::TaskColumn), QStringLiteral("video_bare")); // nothing else to go by
    // The ID keeps its own column, and the tooltip says what the title was made from.
    QCOMPARE(m_model->headerData(TaskTableModel::IdColumn, Qt::Horizontal).toString(), QStringLiteral("ID"));
    QCOMPARE(cell(1, TaskTableModel::IdColumn), QStringLiteral("video_prompted"));
    const QString tip = cell(1, TaskTableModel::TaskColumn, Qt::ToolTipRole);
    QVERIFY2(tip.contains(QStringLiteral("dust in the light")) && tip.endsWith(QStringLiteral("video_prompted")),
             qPrintable(tip));
    QCOMPARE(cell(2, TaskTableModel::TaskColumn, Qt::ToolTipRole), QStringLiteral("video_bare"));
}

void TestTaskTableModel::serverTextIsShownNotObeyed()
{
    // A server's prompt, model and failure reason with a bidi override, ANSI and OSC sequences,
    // a carriage return and a C1 control.
    StoredTask hostile
        = storedTask(QStringLiteral("video_hostile"), TaskStatus::Failure,
                     QStringLiteral("Invoice \u202Egnp.exe\r\x1b[2Kfine"), QStringLiteral("sora\x1b]0;x\x07"));
    hostile.last->rawStatus = QStringLiteral("fail\u009b2K");
    hostile.last->error = TaskError{QStringLiteral("blocked\b\b"), QStringLiteral("reason\u2066hidden\u2069")};
    hostile.lastError = ApiError::of(ErrorKind::ServerError, ErrorReason::None, 500, QStringLiteral("busy\x1b[5m"));
    m_model->addTask(hostile);
    for (int column = 0; column < m_model->columnCount(); ++column) {
        for (const int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::AccessibleTextRole)}) {
            const QString text = m_model->index(0, column).data(role).toString();
            for (const QChar c : text) {
                const char16_t u = c.unicode();
                const bool allowed = role != Qt::DisplayRole && (u == u'\n' || u == u'\t');
                QVERIFY2(allowed || !(u < 0x20 || (u >= 0x7f && u <= 0x9f)),
                         qPrintable(QStringLiteral("column %1, role %2: %3").arg(column).arg(role).arg(text)));
                QVERIFY2(!(u >= 0x202a && u <= 0x202e) && !(u >= 0x2066 && u <= 0x2069),
                         qPrintable(QStringLiteral("column %1, role %2: %3").arg(column).arg(role).arg(text)));
            }
        }
    }
    QCOMPARE(m_model->index(0, TaskTableModel::TaskColumn).data().toString(),
             QStringLiteral("Invoice \\u202egnp.exe \\u001b[2Kfine"));
    QCOMPARE(m_model->index(0, TaskTableModel::ModelColumn).data().toString(),
             QStringLiteral("sora\\u001b]0;x\\u0007"));
    // Search still matches what the server wrote.
    m_proxy->setSearchText(QStringLiteral("gnp.exe"));
    QCOMPARE(m_proxy->rowCount(), 1);
}

void TestTaskTableModel::searchMatchesIdLabelPromptAndModel()
{
    m_model->addTasks({storedTask(QStringLiteral("video_111"), TaskStatus::Queued, QStringLiteral("A red fox at dawn")),
                       storedTask(QStringLiteral("video_222"), TaskStatus::Queued, QStringLiteral("Ocean waves"),
                                  QStringLiteral("sora-2-pro")),
                       storedTask(QStringLiteral("video_333"))});
    m_model->setLabel(1, QStringLiteral("video_333"), QStringLiteral("Trailer cut"));
    const auto count = [this](const QString& search) {
        m_proxy->setSearchText(search);
        return m_proxy->rowCount();
    };
    QCOMPARE(count(QStringLiteral("video_2")), 1);
    QCOMPARE(count(QStringLiteral("FOX")), 1);
    QCOMPARE(count(QStringLiteral("sora-2-pro")), 1);
    QCOMPARE(count(QStringLiteral("sora")), 2);
    QCOMPARE(count(QStringLiteral("trailer")), 1);
    QCOMPARE(count(QStringLiteral("red dawn")), 1); // every word, in any order
    QCOMPARE(count(QStringLiteral("red ocean")), 0);
    QCOMPARE(count(QStringLiteral("   ")), 3);
}

void TestTaskTableModel::sortsByStatusProgressAndCreation()
{
    StoredTask older = storedTask(QStringLiteral("older"), TaskStatus::Success);
    older.last->createdAt = kNowMs / 1000 - 3600;
    StoredTask newer = storedTask(QStringLiteral("newer"), TaskStatus::InProgress);
    newer.last->createdAt = kNowMs / 1000 - 60;
    newer.last->progress = 70;
    StoredTask failed = storedTask(QStringLiteral("failed"), TaskStatus::Failure);
    failed.last->createdAt = kNowMs / 1000 - 600;
    m_model->addTasks({older, newer, failed});
    const auto firstId = [this] { return m_proxy->index(0, 0).data(TaskTableModel::TaskIdRole).toString(); };

    m_proxy->sort(TaskTableModel::CreatedColumn, Qt::DescendingOrder);
    QCOMPARE(firstId(), QStringLiteral("newer"));
    m_proxy->sort(TaskTableModel::CreatedColumn, Qt::AscendingOrder);
    QCOMPARE(firstId(), QStringLiteral("older"));
    // Status order puts what needs attention first: failures before work in flight before results.
    m_proxy->sort(TaskTableModel::StatusColumn, Qt::AscendingOrder);
    QCOMPARE(firstId(), QStringLiteral("failed"));
    QCOMPARE(m_proxy->index(2, 0).data(TaskTableModel::TaskIdRole).toString(), QStringLiteral("older"));
    m_proxy->sort(TaskTableModel::ProgressColumn, Qt::DescendingOrder);
    QCOMPARE(firstId(), QStringLiteral("newer"));
    // A change re-sorts at once.
    m_proxy->sort(TaskTableModel::StatusColumn, Qt::AscendingOrder);
    m_model->applyUpdate(1, failedFetch(QStringLiteral("older"), ErrorKind::Unauthorized));
    QCOMPARE(firstId(), QStringLiteral("older"));
}

void TestTaskTableModel::oldStatesAreMarkedStale()
{
    qint64 now = kNowMs;
    m_model->setNowFunction([&now] { return now; });
    StoredTask confirmed = storedTask(QStringLiteral("confirmed"), TaskStatus::Queued);
    confirmed.checkedAtMs = kNowMs - 12'000;
    StoredTask old = storedTask(QStringLiteral("old"), TaskStatus::InProgress);
    old.checkedAtMs = kNowMs - 14 * 60'000;
    StoredTask finished = storedTask(QStringLiteral("finished"), TaskStatus::Success);
    finished.checkedAtMs = kNowMs - 24 * 3600'000;
    // No state yet: nothing to go stale, its badge says it is waiting.
    StoredTask never = storedTask(QStringLiteral("never"));
    never.addedAtMs = kNowMs - 3 * 3600'000;
    // A state with no confirmation time (imported from a file, say): its last change is no evidence of
    // when the server last confirmed it, so nothing is claimed about its age.
    StoredTask older = storedTask(QStringLiteral("older"), TaskStatus::Queued);
    older.updatedAtMs = kNowMs - 2 * 3600'000;
    StoredTask otherProfile = storedTask(QStringLiteral("slow"), TaskStatus::Queued);
    otherProfile.profileId = 2;
    otherProfile.checkedAtMs = kNowMs - 14 * 60'000;
    m_model->addTasks({confirmed, old, finished, never, older, otherProfile});
    const auto staleFor = [this](const QString& id) {
        return m_model->index(m_model->rowOf(id == QStringLiteral("slow") ? 2 : 1, id), TaskTableModel::StatusColumn)
            .data(TaskTableModel::StaleForRole);
    };
    const auto tooltip = [this](const QString& id) {
        return m_model->index(m_model->rowOf(1, id), TaskTableModel::StatusColumn).data(Qt::ToolTipRole).toString();
    };
    // Until the window says how long each profile's polling takes, nothing is called stale.
    QVERIFY(!staleFor(QStringLiteral("old")).isValid());

    // Profile 1 asks every task within a minute; profile 2 needs 20 minutes for its many tasks.
    m_model->setStaleAfterFunction([](qint64 profileId) { return profileId == 1 ? 150'000 : 2'430'000; });
    QVERIFY(!staleFor(QStringLiteral("confirmed")).isValid());
    QCOMPARE(staleFor(QStringLiteral("old")).toLongLong(), 14 * 60'000);
    QVERIFY(!staleFor(QStringLiteral("finished")).isValid()); // a final state does not age
    QVERIFY(!staleFor(QStringLiteral("never")).isValid());
    QVERIFY(!staleFor(QStringLiteral("older")).isValid());
    QVERIFY(!tooltip(QStringLiteral("older")).contains(QStringLiteral("hecked")));
    QVERIFY(!staleFor(QStringLiteral("slow")).isValid()); // old, but as polling explains
    QVERIFY2(tooltip(QStringLiteral("confirmed")).endsWith(QStringLiteral("\nChecked 12 s ago")),
             qPrintable(tooltip(QStringLiteral("confirmed"))));
    QVERIFY2(tooltip(QStringLiteral("old")).contains(QStringLiteral("Not checked for 14 min")),
             qPrintable(tooltip(QStringLiteral("old"))));
    QVERIFY(!tooltip(QStringLiteral("finished")).contains(QStringLiteral("hecked")));
    QVERIFY(!tooltip(QStringLiteral("never")).contains(QStringLiteral("hecked")));
    QVERIFY(m_model->index(m_model->rowOf(1, QStringLiteral("old")), TaskTableModel::StatusColumn)
                .data(Qt::AccessibleTextRole)
                .toString()
                .contains(QStringLiteral("not checked for 14 min")));

    // A confirmation ends it, with one repaint of that badge; a fresh row that is confirmed again is
    // not repainted for it.
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    m_model->applyConfirmed(1, {QStringLiteral("old"), QStringLiteral("confirmed"), QStringLiteral("gone")}, now);
    QVERIFY(!staleFor(QStringLiteral("old")).isValid());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), m_model->rowOf(1, QStringLiteral("old")));
    QCOMPARE(changed.at(0).at(2).value<QList<int>>(), QList<int>{TaskTableModel::StaleForRole});
    QVERIFY(tooltip(QStringLiteral("old")).endsWith(QStringLiteral("Checked just now")));

    // Time passes: the tick repaints the badges, and the unconfirmed ones turn stale.
    now += 5 * 60'000;
    changed.clear();
    m_model->tickElapsed();
    QVERIFY(std::any_of(changed.begin(), changed.end(), [](const QList<QVariant>& signal) {
        return signal.at(2).value<QList<int>>() == QList<int>{TaskTableModel::StaleForRole};
    }));
    QCOMPARE(staleFor(QStringLiteral("old")).toLongLong(), 5 * 60'000);
}

void TestTaskTableModel::elapsedTicksWithoutResorting()
{
    qint64 now = kNowMs;
    m_model->setNowFunction([&now] { return now; });
    StoredTask running = storedTask(QStringLiteral("running"), TaskStatus::InProgress);
    running.last->createdAt = kNowMs / 1000 - 65;
    StoredTask finished = storedTask(QStringLiteral("finished"), TaskStatus::Success);
    finished.last->createdAt = kNowMs / 1000 - 200;
    finished.last->completedAt = kNowMs / 1000 - 100;
    m_model->addTasks({running, finished});
    QCOMPARE(m_model->index(0, TaskTableModel::ElapsedColumn).data().toString(), QStringLiteral("1:05"));
    QVERIFY(m_model->index(1, TaskTableModel::ElapsedColumn).data(Qt::ToolTipRole).toString().contains("Took 1:40"));
    now += 3600'000;
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    m_model->tickElapsed();
    // The time taken and the time left move with the clock; nothing that sorts or filters does.
    QCOMPARE(changed.size(), 2);
    QSet<int> columns;
    for (const QList<QVariant>& signal : std::as_const(changed)) {
        QCOMPARE(signal.at(2).value<QList<int>>(), QList<int>{Qt::DisplayRole});
        QCOMPARE(signal.at(0).toModelIndex().column(), signal.at(1).toModelIndex().column());
        columns.insert(signal.at(0).toModelIndex().column());
    }
    QCOMPARE(columns, (QSet<int>{TaskTableModel::ElapsedColumn, TaskTableModel::ProgressColumn}));
    QCOMPARE(m_model->index(0, TaskTableModel::ElapsedColumn).data().toString(), QStringLiteral("1:01:05"));
    // Nothing active, nothing to repaint.
    m_model->applyUpdate(1, updateTo(QStringLiteral("running"), TaskStatus::Success));
    changed.clear();
    m_model->tickElapsed();
    QCOMPARE(changed.size(), 0);
}

void TestTaskTableModel::timeLeftFollowsTheProfilesFinishedRenders()
{
    const auto finished = [](const QString& id, qint64 tookSeconds, const QString& model, qint64 profileId = 1) {
        StoredTask task = storedTask(id, TaskStatus::Success, QString(), model);
        task.profileId = profileId;
        task.last->completedAt = kNowMs / 1000 - 1000;
        task.last->createdAt = *task.last->completedAt - tookSeconds;
        return task;
    };
    StoredTask running = storedTask(QStringLiteral("running"), TaskStatus::InProgress);
    running.last->createdAt = kNowMs / 1000 - 60;
    m_model->addTasks({running});
    const int row = m_model->rowOf(1, QStringLiteral("running"));
    const QModelIndex progress = m_model->index(row, TaskTableModel::ProgressColumn);
    QVERIFY(!progress.data(TaskTableModel::RemainingRole).isValid()); // nothing finished yet: no guess
    QCOMPARE(progress.data().toString(), QString());

    // Two renders are too few to say; a third of another model or profile does not count.
    m_model->addTasks({finished(QStringLiteral("a"), 200, QStringLiteral("sora-2")),
                       finished(QStringLiteral("b"), 240, QStringLiteral("sora-2")),
                       finished(QStringLiteral("c"), 30, QStringLiteral("sora-2-pro")),
                       finished(QStringLiteral("d"), 30, QStringLiteral("sora-2"), 2)});
    QVERIFY(!progress.data(TaskTableModel::RemainingRole).isValid());
    // The third: the median is 240 s, one minute of it has passed.
    m_model->addTask(finished(QStringLiteral("e"), 1800, QStringLiteral("sora-2")));
    QCOMPARE(progress.data(TaskTableModel::RemainingRole).toLongLong(), 180'000);
    QCOMPARE(progress.data().toString(), QStringLiteral("about 3 min left"));
    QVERIFY(progress.data(Qt::ToolTipRole).toString().contains("usually take 4:00"));

    // With progress from the server, both.
    m_model->applyUpdate(1, updateTo(QStringLiteral("running"), TaskStatus::InProgress, 40));
    QCOMPARE(progress.data().toString(), QStringLiteral("40% · about 3 min left"));
    // Past the typical time it says so rather than counting below zero.
    m_model->setNowFunction([] { return kNowMs + 10 * 60'000; });
    QCOMPARE(progress.data().toString(), QStringLiteral("40% · taking longer than usual"));
    // A finished task has nothing left.
    m_model->applyUpdate(1, updateTo(QStringLiteral("running"), TaskStatus::Success));
    QVERIFY(!progress.data(TaskTableModel::RemainingRole).isValid());
    QCOMPARE(TaskTableModel::remainingText(20'000), QStringLiteral("less than a minute left"));
    QCOMPARE(TaskTableModel::remainingText(60'000), QStringLiteral("about 1 min left"));
    QCOMPARE(TaskTableModel::remainingText(3 * 3600'000), QStringLiteral("about 3 h left"));
}

void TestTaskTableModel::badgeColoursKeepTheirContrast()
{
    // WCAG relative luminance; 4.5:1 is the floor for normal text.
    const auto luminance = [](const QColor& colour) {
        const auto channel
            = [](double value) { return value <= 0.03928 ? value / 12.92 : std::pow((value + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF());
    };
    const auto contrast = [&](const QColor& a, const QColor& b) {
        const double la = luminance(a);
        const double lb = luminance(b);
        return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
    };
    for (bool dark : {false, true}) {
        for (int kind = int(BadgeKind::Waiting); kind <= int(BadgeKind::ApiError); ++kind) {
            const BadgeColours colours = StatusBadgeDelegate::colours(BadgeKind(kind), dark);
            QVERIFY2(contrast(colours.text, colours.background) >= 4.5,
                     qPrintable(QStringLiteral("kind %1 dark %2").arg(kind).arg(dark)));
            if (BadgeKind(kind) == BadgeKind::InProgress)
                QVERIFY(contrast(colours.text, colours.progressFill) >= 4.5);
            // A stale badge fades its pill, never its words.
            QPalette palette;
            palette.setColor(QPalette::Window, dark ? QColor(0x2b, 0x2d, 0x30) : QColor(Qt::white));
            palette.setColor(QPalette::Base, dark ? QColor(0x1e, 0x1f, 0x22) : QColor(Qt::white));
            palette.setColor(QPalette::WindowText, dark ? QColor(Qt::white) : QColor(Qt::black));
            QCOMPARE(StatusBadgeDelegate::isDark(palette), dark);
            const BadgeColours faded = StatusBadgeDelegate::fadedColours(BadgeKind(kind), palette);
            QCOMPARE(faded.text, colours.text);
            QVERIFY(faded.background != colours.background);
            QVERIFY2(contrast(faded.text, faded.background) >= 4.5,
                     qPrintable(QStringLiteral("faded kind %1 dark %2").arg(kind).arg(dark)));
            QVERIFY(contrast(faded.text, faded.progressFill) >= 4.5);
        }
    }
    // The problem states never rely on colour alone.
    QVERIFY(StatusBadgeDelegate::colours(BadgeKind::NotFound, false).outlined);
    QVERIFY(!StatusBadgeDelegate::mark(BadgeKind::KeyRejected).isNull());
    QVERIFY(StatusBadgeDelegate::mark(BadgeKind::Success).isNull());
}

void TestTaskTableModel::statusIsWordedOneWayEverywhere()
{
    // The badge and its tooltip say a status with the same name; the provider's word is beside it only
    // where it says something the name does not.
    const auto answered = [](const QString& id, TaskStatus status, const QString& raw, std::optional<int> progress) {
        StoredTask task = storedTask(id, status);
        task.last->rawStatus = raw;
        task.last->progress = progress;
        return task;
    };
    m_model->addTasks(
        {answered(QStringLiteral("done"), TaskStatus::Success, QStringLiteral("completed"), 100),
         answered(QStringLiteral("seed"), TaskStatus::Failure, QStringLiteral("FAILURE"), std::nullopt),
         answered(QStringLiteral("kling"), TaskStatus::InProgress, QStringLiteral("processing"), 40),
         answered(QStringLiteral("openai"), TaskStatus::InProgress, QStringLiteral("in_progress"), 10),
         answered(QStringLiteral("luma"), TaskStatus::Queued, QStringLiteral("queued"), std::nullopt),
         answered(QStringLiteral("odd"), TaskStatus::Unknown, QStringLiteral("warming_up"), std::nullopt)});
    const auto badge = [this](const QString& id) {
        return m_model->index(m_model->rowOf(1, id), TaskTableModel::StatusColumn).data().toString();
    };
    const auto tip = [this](const QString& id) {
        return m_model->index(m_model->rowOf(1, id), TaskTableModel::StatusColumn)
            .data(Qt::ToolTipRole)
            .toString()
            .split(QLatin1Char('\n'));
    };
    QCOMPARE(badge(QStringLiteral("done")), QStringLiteral("Succeeded"));
    QCOMPARE(tip(QStringLiteral("done")).first(), QStringLiteral("Succeeded (completed)"));
    QCOMPARE(badge(QStringLiteral("seed")), QStringLiteral("Failed"));
    QCOMPARE(tip(QStringLiteral("seed")).first(), QStringLiteral("Failed"));
    QCOMPARE(badge(QStringLiteral("kling")), QStringLiteral("Rendering 40%"));
    QCOMPARE(tip(QStringLiteral("kling")).first(), QStringLiteral("Rendering (processing)"));
    QCOMPARE(tip(QStringLiteral("openai")).first(), QStringLiteral("Rendering"));
    QCOMPARE(badge(QStringLiteral("luma")), QStringLiteral("Queued"));
    QCOMPARE(tip(QStringLiteral("luma")).first(), QStringLiteral("Queued"));
    QCOMPARE(badge(QStringLiteral("odd")), QStringLiteral("Unknown"));
    QCOMPARE(tip(QStringLiteral("odd")).first(), QStringLiteral("Unknown (warming_up)"));
    // No wire names and no "the server says" anywhere.
    for (const char* id : {"done", "seed", "kling", "openai", "luma", "odd"}) {
        const QString all = tip(id).join(QLatin1Char('\n'));
        QVERIFY2(!all.contains(QStringLiteral("server says")) && !all.contains(QStringLiteral("SUCCESS"))
                     && !all.contains(QStringLiteral("IN_PROGRESS")),
                 qPrintable(all));
    }
}

void TestTaskTableModel::aTaskNotFoundSaysWhatIsKnown()
{
    // One that was queued before the server lost it, and one it never knew.
    m_model->addTasks({storedTask(QStringLiteral("lost"), TaskStatus::Queued), storedTask(QStringLiteral("never"))});
    TaskUpdate notFound = failedFetch(QStringLiteral("lost"), ErrorKind::NotFound, true);
    notFound.error
        = ApiError::of(ErrorKind::NotFound, ErrorReason::TaskNotFound, 404, QStringLiteral("video not found"));
    m_model->applyUpdate(1, notFound);
    notFound.taskId = QStringLiteral("never");
    m_model->applyUpdate(1, notFound);

    const QString since
        = QLocale().toString(QDateTime::fromMSecsSinceEpoch(kNowMs).toLocalTime().time(), QLocale::ShortFormat);
    const auto tip = [this](const QString& id) {
        return m_model->index(m_model->rowOf(1, id), TaskTableModel::StatusColumn)
            .data(Qt::ToolTipRole)
            .toString()
            .split(QLatin1Char('\n'));
    };
    const QStringList lost = tip(QStringLiteral("lost"));
    QCOMPARE(lost.value(0), QStringLiteral("Not found since %1").arg(since));
    QCOMPARE(lost.value(1), QStringLiteral("Last known status: Queued"));
    QVERIFY2(lost.join(QLatin1Char('\n')).contains(QStringLiteral("HTTP 404")),
             qPrintable(lost.join(QLatin1Char('|'))));
    QVERIFY(lost.contains(QStringLiteral("No longer polled.")));

    const QStringList never = tip(QStringLiteral("never"));
    QCOMPARE(never.value(0), QStringLiteral("Not found since %1").arg(since));
    QCOMPARE(never.value(1), QStringLiteral("The server has not reported a status for this task."));
    QVERIFY2(!never.join(QLatin1Char('\n')).contains(QStringLiteral("No answer from the server yet")),
             qPrintable(never.join(QLatin1Char('|'))));

    // A good answer ends it; a new error starts its own "since".
    m_model->applyUpdate(1, updateTo(QStringLiteral("lost"), TaskStatus::InProgress, 20));
    QCOMPARE(tip(QStringLiteral("lost")).value(0), QStringLiteral("Rendering"));
    // Before anything answered: waiting, said as such.
    m_model->addTask(storedTask(QStringLiteral("fresh")));
    QCOMPARE(tip(QStringLiteral("fresh")), QStringList{QStringLiteral("Waiting for the server's first answer")});
}

void TestTaskTableModel::createdIsTheServersTimeOnly()
{
    StoredTask known = storedTask(QStringLiteral("known"), TaskStatus::Queued);
    known.last->createdAt = kNowMs / 1000 - 120;
    // Added a minute ago, but the server has not said when it was created.
    const StoredTask unknown = storedTask(QStringLiteral("unknown"), TaskStatus::Queued);
    const StoredTask waiting = storedTask(QStringLiteral("waiting"));
    m_model->addTasks({known, unknown, waiting});
    const auto cell = [this](const QString& id, int role = Qt::DisplayRole) {
        return m_model->index(m_model->rowOf(1, id), TaskTableModel::CreatedColumn).data(role).toString();
    };
    const QLocale locale;
    QCOMPARE(
        cell(QStringLiteral("known")),
        locale.toString(QDateTime::fromSecsSinceEpoch(kNowMs / 1000 - 120).toLocalTime().time(), QLocale::ShortFormat));
    QCOMPARE(cell(QStringLiteral("unknown")), QString());
    QCOMPARE(cell(QStringLiteral("waiting")), QString());
    QVERIFY2(cell(QStringLiteral("unknown"), Qt::ToolTipRole).startsWith(QStringLiteral("The server has not said")),
             qPrintable(cell(QStringLiteral("unknown"), Qt::ToolTipRole)));
    // Newest first still puts what was just added on top, though its creation time is not known.
    m_proxy->sort(TaskTableModel::CreatedColumn, Qt::DescendingOrder);
    QCOMPARE(m_proxy->index(2, 0).data(TaskTableModel::TaskIdRole).toString(), QStringLiteral("known"));
}

void TestTaskTableModel::renderTimeAndFinishTimeAreTwoColumns()
{
    const int took = column(QStringLiteral("Render time"));
    const int finishedAt = column(QStringLiteral("Finished"));
    QVERIFY2(took >= 0 && finishedAt >= 0, "a Render time and a Finished column");
    StoredTask running = storedTask(QStringLiteral("running"), TaskStatus::InProgress);
    running.last->createdAt = kNowMs / 1000 - 65;
    StoredTask finished = storedTask(QStringLiteral("finished"), TaskStatus::Success);
    finished.last->createdAt = kNowMs / 1000 - 200;
    finished.last->completedAt = kNowMs / 1000 - 100;
    StoredTask quick = storedTask(QStringLiteral("quick"), TaskStatus::Failure);
    quick.last->createdAt = kNowMs / 1000 - 50;
    quick.last->completedAt = kNowMs / 1000 - 39;
    // Finished, but the server never said when it was created: how long it took is not known.
    StoredTask vague = storedTask(QStringLiteral("vague"), TaskStatus::Success);
    vague.last->completedAt = kNowMs / 1000 - 30;
    m_model->addTasks({running, finished, quick, vague});
    const auto cell = [this](const QString& id, int column, int role = Qt::DisplayRole) {
        return m_model->index(m_model->rowOf(1, id), column).data(role).toString();
    };
    const auto at = [](qint64 unixSeconds) {
        return QLocale().toString(QDateTime::fromSecsSinceEpoch(unixSeconds).toLocalTime().time(),
                                  QLocale::ShortFormat);
    };
    QCOMPARE(cell(QStringLiteral("running"), took), QStringLiteral("1:05"));
    QCOMPARE(cell(QStringLiteral("running"), finishedAt), QString());
    QCOMPARE(cell(QStringLiteral("finished"), took), QStringLiteral("1:40"));
    QCOMPARE(cell(QStringLiteral("finished"), finishedAt), at(kNowMs / 1000 - 100));
    QCOMPARE(cell(QStringLiteral("quick"), took), QStringLiteral("11 s"));
    QCOMPARE(cell(QStringLiteral("quick"), finishedAt), at(kNowMs / 1000 - 39));
    QCOMPARE(cell(QStringLiteral("vague"), took), QString());
    QCOMPARE(cell(QStringLiteral("vague"), finishedAt), at(kNowMs / 1000 - 30));
    QVERIFY2(cell(QStringLiteral("finished"), took, Qt::ToolTipRole).startsWith(QStringLiteral("Took 1:40")),
             qPrintable(cell(QStringLiteral("finished"), took, Qt::ToolTipRole)));
    QVERIFY2(cell(QStringLiteral("running"), took, Qt::ToolTipRole).startsWith(QStringLiteral("Rendering for 1:05")),
             qPrintable(cell(QStringLiteral("running"), took, Qt::ToolTipRole)));

    // Each sorts by its own value: how long, and when.
    const auto order = [this] {
        QStringList ids;
        for (int row = 0; row < m_proxy->rowCount(); ++row)
            ids << m_proxy->index(row, 0).data(TaskTableModel::TaskIdRole).toString();
        return ids;
    };
    m_proxy->sort(took, Qt::AscendingOrder);
    QCOMPARE(order(), (QStringList{"vague", "quick", "finished", "running"}));
    m_proxy->sort(finishedAt, Qt::DescendingOrder);
    QCOMPARE(order().mid(0, 3), (QStringList{"vague", "quick", "finished"}));
}

QTEST_MAIN(TestTaskTableModel)
#include "tst_tasktablemodel.moc"

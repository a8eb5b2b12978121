#include "core/notificationplanner.h"
#include "core/traystate.h"

#include <QtTest>

using namespace Reelwatch;

namespace {

TaskKey key(const char* id, qint64 profileId = 1)
{
    return {profileId, QString::fromLatin1(id)};
}

} // namespace

Q_DECLARE_METATYPE(std::optional<Reelwatch::TaskStatus>)

class NotificationPlannerTest : public QObject
{
    Q_OBJECT

private slots:
    void transitions_data();
    void transitions();
    void fewTransitionsAreShownSeparately();
    void manyTransitionsBecomeOneSummary();
    void aLaterTransitionOfTheSameTaskReplacesTheEarlier();
    void sameTaskIdInAnotherProfileIsAnotherTask();
    void takeEmptiesTheRound();
    void unseenResults();
    void trayMoodPrecedence();
    void removingATaskDropsItsTransition();
};

void NotificationPlannerTest::transitions_data()
{
    QTest::addColumn<std::optional<TaskStatus>>("previous");
    QTest::addColumn<TaskStatus>("now");
    QTest::addColumn<int>("expected");
    const auto none = int(TaskTransition::None);
    const std::optional<TaskStatus> unknownBefore;
    QTest::newRow("first answer already succeeded") << unknownBefore << TaskStatus::Success << none;
    QTest::newRow("first answer already failed") << unknownBefore << TaskStatus::Failure << none;
    QTest::newRow("first answer rendering") << unknownBefore << TaskStatus::InProgress << none;
    QTest::newRow("rendering → success") << std::optional(TaskStatus::InProgress) << TaskStatus::Success
                                         << int(TaskTransition::Succeeded);
    QTest::newRow("queued → success") << std::optional(TaskStatus::Queued) << TaskStatus::Success
                                      << int(TaskTransition::Succeeded);
    QTest::newRow("unknown → failure") << std::optional(TaskStatus::Unknown) << TaskStatus::Failure
                                       << int(TaskTransition::Failed);
    QTest::newRow("rendering → failure") << std::optional(TaskStatus::InProgress) << TaskStatus::Failure
                                         << int(TaskTransition::Failed);
    QTest::newRow("queued → rendering") << std::optional(TaskStatus::Queued) << TaskStatus::InProgress
                                        << int(TaskTransition::Started);
    QTest::newRow("submitted → rendering")
        << std::optional(TaskStatus::Submitted) << TaskStatus::InProgress << int(TaskTransition::Started);
    QTest::newRow("not started → rendering")
        << std::optional(TaskStatus::NotStart) << TaskStatus::InProgress << int(TaskTransition::Started);
    QTest::newRow("unknown → rendering") << std::optional(TaskStatus::Unknown) << TaskStatus::InProgress << none;
    QTest::newRow("rendering → rendering") << std::optional(TaskStatus::InProgress) << TaskStatus::InProgress << none;
    QTest::newRow("success → success (new raw word)")
        << std::optional(TaskStatus::Success) << TaskStatus::Success << none;
    QTest::newRow("success → failure") << std::optional(TaskStatus::Success) << TaskStatus::Failure << none;
    QTest::newRow("failure → success") << std::optional(TaskStatus::Failure) << TaskStatus::Success << none;
    QTest::newRow("queued → submitted") << std::optional(TaskStatus::Queued) << TaskStatus::Submitted << none;
}

void NotificationPlannerTest::transitions()
{
    QFETCH(std::optional<TaskStatus>, previous);
    QFETCH(TaskStatus, now);
    QFETCH(int, expected);
    QCOMPARE(int(classifyTransition(previous, now)), expected);
}

void NotificationPlannerTest::fewTransitionsAreShownSeparately()
{
    NotificationPlanner planner;
    planner.add(key("video_a"), TaskTransition::Succeeded);
    planner.add(key("video_b"), TaskTransition::None); // nothing to say
    planner.add(key("video_c"), TaskTransition::Failed);
    planner.add(key("video_d"), TaskTransition::Started);
    const QList<NotificationPlanner::Planned> plan = planner.take();
    QCOMPARE(plan.size(), 3);
    QCOMPARE(plan[0].events.size(), 1);
    QCOMPARE(plan[0].events[0].task, key("video_a"));
    QVERIFY(!plan[0].summary);
    QCOMPARE(plan[0].succeeded, 1);
    QCOMPARE(plan[1].events[0].task, key("video_c"));
    QCOMPARE(plan[1].failed, 1);
    QCOMPARE(plan[2].events[0].task, key("video_d"));
    QCOMPARE(plan[2].started, 1);
}

void NotificationPlannerTest::manyTransitionsBecomeOneSummary()
{
    NotificationPlanner planner;
    for (int i = 0; i < 12; ++i)
        planner.add({1, QStringLiteral("video_%1").arg(i)},
                    i < 10 ? TaskTransition::Succeeded : TaskTransition::Failed);
    planner.add(key("video_started"), TaskTransition::Started);
    const QList<NotificationPlanner::Planned> plan = planner.take();
    QCOMPARE(plan.size(), 1);
    QVERIFY(plan[0].summary);
    QCOMPARE(plan[0].succeeded, 10);
    QCOMPARE(plan[0].failed, 2);
    QCOMPARE(plan[0].started, 1);
    QCOMPARE(plan[0].events.size(), 13);
    QCOMPARE(plan[0].events.first().task.taskId, QStringLiteral("video_0")); // in arrival order
    QCOMPARE(plan[0].events.last().task, key("video_started"));

    // The threshold itself: exactly kMaxSeparateNotifications stay separate, one more is a summary.
    for (int i = 0; i < NotificationPlanner::kMaxSeparateNotifications; ++i)
        planner.add({1, QStringLiteral("video_%1").arg(i)}, TaskTransition::Succeeded);
    QCOMPARE(planner.take().size(), NotificationPlanner::kMaxSeparateNotifications);
    for (int i = 0; i <= NotificationPlanner::kMaxSeparateNotifications; ++i)
        planner.add({1, QStringLiteral("video_%1").arg(i)}, TaskTransition::Succeeded);
    QCOMPARE(planner.take().size(), 1);
}

void NotificationPlannerTest::aLaterTransitionOfTheSameTaskReplacesTheEarlier()
{
    NotificationPlanner planner;
    planner.add(key("video_a"), TaskTransition::Started);
    planner.add(key("video_b"), TaskTransition::Started);
    planner.add(key("video_a"), TaskTransition::Succeeded);
    QCOMPARE(planner.pendingCount(), 2);
    const QList<NotificationPlanner::Planned> plan = planner.take();
    QCOMPARE(plan.size(), 2);
    QCOMPARE(plan[0].events[0].task, key("video_a"));
    QCOMPARE(plan[0].events[0].transition, TaskTransition::Succeeded);
    QCOMPARE(plan[0].succeeded, 1);
    QCOMPARE(plan[0].started, 0);
}

void NotificationPlannerTest::sameTaskIdInAnotherProfileIsAnotherTask()
{
    NotificationPlanner planner;
    planner.add(key("video_a", 1), TaskTransition::Succeeded);
    planner.add(key("video_a", 2), TaskTransition::Failed);
    QCOMPARE(planner.pendingCount(), 2);
}

void NotificationPlannerTest::takeEmptiesTheRound()
{
    NotificationPlanner planner;
    QVERIFY(planner.isEmpty());
    QVERIFY(planner.take().isEmpty());
    planner.add(key("video_a"), TaskTransition::Succeeded);
    QVERIFY(!planner.isEmpty());
    QCOMPARE(planner.take().size(), 1);
    QVERIFY(planner.isEmpty());
    // The same task may finish again in a later round (after a refresh brought it back).
    planner.add(key("video_a"), TaskTransition::Failed);
    QCOMPARE(planner.take().value(0).failed, 1);
}

void NotificationPlannerTest::unseenResults()
{
    UnseenResults unseen;
    unseen.record(key("video_a"), true);
    unseen.record(key("video_b"), false);
    unseen.record(key("video_c"), true, /*noticed=*/true);
    QCOMPARE(unseen.succeeded(), 1);
    QCOMPARE(unseen.failed(), 1);
    QVERIFY(!unseen.contains(key("video_c")));
    // A task that finishes again (refreshed) counts once, with its newest result.
    unseen.record(key("video_a"), false);
    QCOMPARE(unseen.succeeded(), 0);
    QCOMPARE(unseen.failed(), 2);
    unseen.markSeen(key("video_a"));
    QCOMPARE(unseen.failed(), 1);
    unseen.forget(key("video_b"));
    QVERIFY(unseen.isEmpty());
    unseen.record(key("video_d"), true);
    unseen.record(key("video_e"), false);
    unseen.markAllSeen();
    QVERIFY(unseen.isEmpty());
}

void NotificationPlannerTest::trayMoodPrecedence()
{
    UnseenResults unseen;
    QCOMPARE(TrayState::from(0, 0, unseen).mood, TrayState::Mood::Idle);
    QCOMPARE(TrayState::from(0, 2, unseen).mood, TrayState::Mood::Rendering);
    QCOMPARE(TrayState::from(3, 0, unseen).mood, TrayState::Mood::Rendering);
    unseen.record(key("video_a"), true);
    QCOMPARE(TrayState::from(3, 1, unseen).mood, TrayState::Mood::Succeeded); // success over rendering
    unseen.record(key("video_b"), false);
    const TrayState state = TrayState::from(3, 1, unseen);
    QCOMPARE(state.mood, TrayState::Mood::Failed); // failure over success
    QCOMPARE(state.rendering, 3);
    QCOMPARE(state.waiting, 1);
    QCOMPARE(state.unseenSucceeded, 1);
    QCOMPARE(state.unseenFailed, 1);
    unseen.markSeen(key("video_b"));
    QCOMPARE(TrayState::from(0, 0, unseen).mood, TrayState::Mood::Succeeded);
    unseen.markAllSeen();
    QCOMPARE(TrayState::from(0, 0, unseen).mood, TrayState::Mood::Idle);
}

void NotificationPlannerTest::removingATaskDropsItsTransition()
{
    NotificationPlanner planner;
    planner.add(key("video_a"), TaskTransition::Started);
    planner.add(key("video_b"), TaskTransition::Started);
    planner.add(key("video_c"), TaskTransition::Started);
    planner.remove(key("video_b")); // it finished, and finishing is not announced
    planner.remove(key("video_unknown"));
    QCOMPARE(planner.pendingCount(), 2);
    planner.add(key("video_d"), TaskTransition::Succeeded);
    const QList<NotificationPlanner::Planned> plan = planner.take();
    QCOMPARE(plan.size(), 3);
    QCOMPARE(plan[0].events[0].task, key("video_a"));
    QCOMPARE(plan[1].events[0].task, key("video_c"));
    QCOMPARE(plan[2].events[0].task, key("video_d"));
}

QTEST_APPLESS_MAIN(NotificationPlannerTest)
#include "tst_notificationplanner.moc"

#include "core/pollschedule.h"
#include "qtestprinters.h"

#include <deque>
#include <functional>
#include <limits>
#include <memory>
#include <QHash>
#include <QSet>
#include <QTest>

using Reelwatch::ApiError;
using Reelwatch::ErrorKind;
using Reelwatch::FetchResult;
using Reelwatch::PollOutcome;
using Reelwatch::PollSchedule;
using Reelwatch::PollSettings;
using Reelwatch::ScheduledTask;
using Reelwatch::TaskStatus;
using Reelwatch::VideoTask;

Q_DECLARE_METATYPE(Reelwatch::FetchResult)

namespace {

// An arbitrary monotonic start; every time below is an offset from it.
constexpr qint64 kStart = 1000000;
constexpr qint64 kFarFuture = kStart + qint64(365) * 24 * 3600 * 1000;
constexpr int kAll = std::numeric_limits<int>::max();

// A RandomSource under the test's control: scripted values first, then a fixed fallback. 0.5 means no
// jitter at all (and half the first-poll spread).
class ScriptedRandom
{
public:
    explicit ScriptedRandom(double fallback = 0.5)
        : m_state(std::make_shared<State>())
    {
        m_state->fallback = fallback;
    }

    void setFallback(double value) { m_state->fallback = value; }
    void push(std::initializer_list<double> values) { m_state->queue.insert(m_state->queue.end(), values); }
    int calls() const { return m_state->calls; }

    PollSchedule::RandomSource source() const
    {
        return [state = m_state] {
            ++state->calls;
            if (state->queue.empty())
                return state->fallback;
            const double value = state->queue.front();
            state->queue.pop_front();
            return value;
        };
    }

private:
    struct State
    {
        double fallback = 0.5;
        std::deque<double> queue;
        int calls = 0;
    };
    std::shared_ptr<State> m_state;
};

VideoTask videoTask(const QString& id, TaskStatus status, std::optional<int> progress = std::nullopt,
                    const QString& rawStatus = QString())
{
    VideoTask task;
    task.id = id;
    task.object = QStringLiteral("video");
    task.status = status;
    task.rawStatus = rawStatus.isEmpty() ? Reelwatch::statusWireName(status) : rawStatus;
    task.progress = progress;
    return task;
}

FetchResult okResult(const VideoTask& task, std::optional<qint64> pollAfterMs = std::nullopt)
{
    FetchResult result;
    result.requestedId = task.id;
    result.httpStatus = 200;
    result.task = task;
    result.pollAfterMs = pollAfterMs;
    return result;
}

FetchResult running(const QString& id, int progress)
{
    return okResult(videoTask(id, TaskStatus::InProgress, progress));
}

int httpStatusOf(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::NotFound:
        return 404;
    case ErrorKind::Unauthorized:
        return 401;
    case ErrorKind::RateLimited:
        return 429;
    case ErrorKind::ServerError:
        return 503;
    case ErrorKind::InvalidResponse:
    case ErrorKind::TooLarge:
        return 200;
    default:
        return 0;
    }
}

FetchResult errorResult(const QString& id, ErrorKind kind, const QString& message = QString(),
                        std::optional<qint64> retryAfterMs = std::nullopt)
{
    FetchResult result;
    result.requestedId = id;
    result.httpStatus = httpStatusOf(kind);
    result.error = ApiError::legacy(kind, message.isEmpty() ? Reelwatch::errorKindName(kind) : message);
    result.retryAfterMs = retryAfterMs;
    return result;
}

PollSettings settingsWithoutSpread()
{
    PollSettings settings;
    settings.firstPollSpreadMs = 0;
    return settings;
}

// Moves nowMs to the task's due time and takes exactly that task there.
bool takeWhenDue(PollSchedule& schedule, const QString& id, qint64& nowMs)
{
    const ScheduledTask* task = schedule.task(id);
    if (!task)
        return false;
    nowMs = std::max(nowMs, task->dueAtMs);
    return schedule.takeDue(nowMs, 1) == QStringList{id};
}

qint64 delayAfter(const PollSchedule& schedule, const QString& id, qint64 nowMs)
{
    const ScheduledTask* task = schedule.task(id);
    return task ? task->dueAtMs - nowMs : -1;
}

} // namespace

class PollScheduleTest : public QObject
{
    Q_OBJECT

private slots:
    // addTask
    void firstPollFallsWithinSpreadWindow_data();
    void firstPollFallsWithinSpreadWindow();
    void taskIsNotDueBeforeItsFirstPoll();
    void knownTerminalTaskIsNeverPolled_data();
    void knownTerminalTaskIsNeverPolled();
    void knownRunningTaskKeepsItsLastGoodState();
    void duplicateAddIsIgnored();

    // takeDue, dueCount, nextDueMs
    void takeDueReturnsOnlyDueTasksOldestFirst();
    void takeDueReturnsAtMostMaxCount();
    void takenTaskIsInFlightAndNotReturnedAgainUntilAnswered();
    void dueCountIsCappedAndTakesNothing();
    void nextDueMsReportsEarliestWaitingTask();

    // good answers
    void changedAnswerSchedulesBaseInterval();
    void jitterStaysWithinFraction_data();
    void jitterStaysWithinFraction();
    void unchangedAnswersBackOffUpToMaxInterval();
    void changeResetsBackoffToBase_data();
    void changeResetsBackoffToBase();
    void serverWaitsAreBounded();
    void pollAfterOverridesDelayExactly_data();
    void pollAfterOverridesDelayExactly();

    // transient errors
    void transientErrorsBackOffExponentiallyUpToCap_data();
    void transientErrorsBackOffExponentiallyUpToCap();
    void errorBackoffIsPerTask();
    void errorKeepsLastGoodAndRecordsLastError();
    void errorChangedOnlyWhenKindOrMessageChanges();
    void goodAnswerClearsErrorAndResetsErrorBackoff();
    void serverErrorWaitsAtLeastRetryAfter_data();
    void serverErrorWaitsAtLeastRetryAfter();

    // 429
    void rateLimitWithRetryAfterPausesWholeProfile();
    void shorterRetryAfterDoesNotCutExistingProfilePause();
    void rateLimitWithoutRetryAfterBacksOffExponentially();
    void rateLimitWithZeroRetryAfterBacksOffAsWithout();
    void retryAfterNeverShortensRateLimitBackoff();
    void serverErrorWithZeroRetryAfterBacksOffAsWithout();
    void retryAfterIsCutToTheCap_data();
    void retryAfterIsCutToTheCap();
    void nonRateLimitAnswerResetsProfileBackoff_data();
    void nonRateLimitAnswerResetsProfileBackoff();

    // 401/403
    void unauthorizedRejectsKeyForWholeProfile();
    void clearKeyRejectedMakesEveryWaitingTaskDueNow();

    // 404 and invalid IDs
    void firstNotFoundRetriesAfterErrorBackoffStart();
    void secondConsecutiveNotFoundGivesUp();
    void goodAnswerBetweenNotFoundsResetsStreak();
    void invalidIdGivesUpImmediately();

    // terminal answers
    void terminalAnswerFinishesTask_data();
    void terminalAnswerFinishesTask();
    void repeatedTerminalAnswerIsNotFinishedAgain();

    // pause and refresh
    void pausedTaskLeavesDueSet();
    void resumedTaskIsDueAtLaterOfOldDueAndNow_data();
    void resumedTaskIsDueAtLaterOfOldDueAndNow();
    void pauseAllStopsSending();
    void refreshNowMakesTaskDueNow();
    void refreshNowIgnoresStoppedAndInFlightTasks();
    void refreshAllNowSkipsStoppedAndInFlightTasks();

    // list answers, abandoned requests, profile errors
    void listedStateUpdatesWaitingTaskWithoutRequest();
    void listedTerminalStateFinishesTask();
    void listedStateIsIgnoredForTasksNotWaiting_data();
    void listedStateIsIgnoredForTasksNotWaiting();
    void abandonedRequestMakesTaskDueNowAgain();
    void abandonedIsIgnoredForTaskNotInFlight();
    void profileErrorUnauthorizedRejectsKey();
    void profileErrorRateLimitPausesProfile();
    void profileErrorOfOtherKindsDoesNothing_data();
    void profileErrorOfOtherKindsDoesNothing();

    // fairness and freshness at scale
    void refreshNowJumpsAheadOfEveryDueTask();
    void refreshNowSkipsPausedTasks();
    void firstLooksAndRepollsTakeTurns();
    void storedTasksConfirmedLongestAgoGoFirst();
    void firstPassIsCountedAndPaced();
    void firstPassDoesNotHoldBackTasksOnScreen();
    void budgetBoundSweepAsksEveryTaskWithinItsLength();

    // removal and scale
    void removingInFlightTaskFixesCounts();
    void removingStoppedTaskKeepsActiveCount();
    void tenThousandTasksInBatchesKeepCountsConsistent();
};

// ---- addTask ----

void PollScheduleTest::firstPollFallsWithinSpreadWindow_data()
{
    QTest::addColumn<double>("random");
    QTest::addColumn<qint64>("expectedOffsetMs");

    QTest::newRow("random 0 -> now") << 0.0 << qint64(0);
    QTest::newRow("random 0.5 -> middle") << 0.5 << qint64(250);
    QTest::newRow("random just below 1 -> end") << 0.9999 << qint64(499);
}

void PollScheduleTest::firstPollFallsWithinSpreadWindow()
{
    QFETCH(double, random);
    QFETCH(qint64, expectedOffsetMs);

    ScriptedRandom rng(random);
    PollSchedule schedule(PollSettings{}, rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);

    const ScheduledTask* task = schedule.task(QStringLiteral("video_a"));
    QVERIFY(task);
    QVERIFY(task->dueAtMs >= kStart);
    QVERIFY(task->dueAtMs <= kStart + schedule.settings().firstPollSpreadMs);
    QCOMPARE(task->dueAtMs, kStart + expectedOffsetMs);
    QCOMPARE(schedule.nextDueMs(), std::optional<qint64>(kStart + expectedOffsetMs));
    QCOMPARE(schedule.taskCount(), 1);
    QCOMPARE(schedule.activeCount(), 1);
    QCOMPARE(task->intervalMs, schedule.settings().baseIntervalMs);
    QVERIFY(!task->stopped);
    QVERIFY(!task->lastGood);
}

void PollScheduleTest::taskIsNotDueBeforeItsFirstPoll()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(PollSettings{}, rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);

    QCOMPARE(schedule.dueCount(kStart + 249, kAll), 0);
    QVERIFY(schedule.takeDue(kStart + 249, kAll).isEmpty());
    QCOMPARE(schedule.inFlightCount(), 0);
    QCOMPARE(schedule.takeDue(kStart + 250, kAll), QStringList{QStringLiteral("video_a")});
}

void PollScheduleTest::knownTerminalTaskIsNeverPolled_data()
{
    QTest::addColumn<TaskStatus>("status");

    QTest::newRow("SUCCESS") << TaskStatus::Success;
    QTest::newRow("FAILURE") << TaskStatus::Failure;
}

void PollScheduleTest::knownTerminalTaskIsNeverPolled()
{
    QFETCH(TaskStatus, status);

    ScriptedRandom rng;
    PollSchedule schedule(PollSettings{}, rng.source());
    schedule.addTask(QStringLiteral("video_done"), kStart, videoTask(QStringLiteral("video_done"), status, 100));

    QVERIFY(schedule.contains(QStringLiteral("video_done")));
    QCOMPARE(schedule.taskCount(), 1);
    QCOMPARE(schedule.activeCount(), 0);
    const ScheduledTask* task = schedule.task(QStringLiteral("video_done"));
    QVERIFY(task);
    QVERIFY(task->stopped);
    QVERIFY(task->lastGood);
    QCOMPARE(task->lastGood->status, status);
    QCOMPARE(schedule.nextDueMs(), std::nullopt);
    QCOMPARE(schedule.dueCount(kFarFuture, kAll), 0);
    QVERIFY(schedule.takeDue(kFarFuture, kAll).isEmpty());

    // Neither refresh nor resume brings it back.
    schedule.refreshNow(QStringLiteral("video_done"), kStart + 1000);
    schedule.refreshAllNow(kStart + 2000);
    schedule.setTaskPaused(QStringLiteral("video_done"), true, kStart + 3000);
    schedule.setTaskPaused(QStringLiteral("video_done"), false, kStart + 4000);
    schedule.clearKeyRejected(kStart + 5000);
    QVERIFY(schedule.takeDue(kFarFuture, kAll).isEmpty());
    QCOMPARE(schedule.activeCount(), 0);
    QCOMPARE(schedule.inFlightCount(), 0);
}

void PollScheduleTest::knownRunningTaskKeepsItsLastGoodState()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart, videoTask(QStringLiteral("video_a"), TaskStatus::Queued));

    QCOMPARE(schedule.activeCount(), 1);
    QCOMPARE(schedule.takeDue(kStart, kAll), QStringList{QStringLiteral("video_a")});

    // The first answer is compared against the known state: same status and progress is "unchanged".
    const PollOutcome outcome
        = schedule.recordResult(okResult(videoTask(QStringLiteral("video_a"), TaskStatus::Queued)), kStart);
    QVERIFY(outcome.known);
    QVERIFY(!outcome.statusChanged);
    QVERIFY(!outcome.progressChanged);
    QCOMPARE(outcome.previousStatus, std::optional<TaskStatus>(TaskStatus::Queued));
    QCOMPARE(delayAfter(schedule, QStringLiteral("video_a"), kStart), qint64(15000));
}

void PollScheduleTest::duplicateAddIsIgnored()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(PollSettings{}, rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    const qint64 firstDue = schedule.task(QStringLiteral("video_a"))->dueAtMs;

    schedule.addTask(QStringLiteral("video_a"), kStart + 5000);
    schedule.addTask(QStringLiteral("video_a"), kStart + 6000,
                     videoTask(QStringLiteral("video_a"), TaskStatus::Success, 100));

    QCOMPARE(schedule.taskCount(), 1);
    QCOMPARE(schedule.activeCount(), 1);
    const ScheduledTask* task = schedule.task(QStringLiteral("video_a"));
    QCOMPARE(task->dueAtMs, firstDue);
    QVERIFY(!task->stopped);
    QVERIFY(!task->lastGood);
    QCOMPARE(schedule.dueCount(kFarFuture, kAll), 1);
    QCOMPARE(schedule.takeDue(kFarFuture, kAll), QStringList{QStringLiteral("video_a")});
}

// ---- takeDue, dueCount, nextDueMs ----

void PollScheduleTest::takeDueReturnsOnlyDueTasksOldestFirst()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_c"), kStart + 100);
    schedule.addTask(QStringLiteral("video_a"), kStart + 300);
    schedule.addTask(QStringLiteral("video_b"), kStart + 200);
    schedule.addTask(QStringLiteral("video_d"), kStart + 400);

    QVERIFY(schedule.takeDue(kStart + 99, kAll).isEmpty());
    QCOMPARE(schedule.takeDue(kStart + 250, kAll), (QStringList{QStringLiteral("video_c"), QStringLiteral("video_b")}));
    QCOMPARE(schedule.takeDue(kStart + 300, kAll), QStringList{QStringLiteral("video_a")});
    QCOMPARE(schedule.inFlightCount(), 3);
    QCOMPARE(schedule.nextDueMs(), std::optional<qint64>(kStart + 400));
    QCOMPARE(schedule.takeDue(kStart + 1000, kAll), QStringList{QStringLiteral("video_d")});
}

void PollScheduleTest::takeDueReturnsAtMostMaxCount()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    for (int i = 0; i < 5; ++i)
        schedule.addTask(QStringLiteral("video_%1").arg(i), kStart + i);

    const qint64 now = kStart + 10;
    QVERIFY(schedule.takeDue(now, 0).isEmpty());
    QCOMPARE(schedule.inFlightCount(), 0);
    QCOMPARE(schedule.takeDue(now, 2), (QStringList{QStringLiteral("video_0"), QStringLiteral("video_1")}));
    QCOMPARE(schedule.inFlightCount(), 2);
    QCOMPARE(schedule.takeDue(now, 2), (QStringList{QStringLiteral("video_2"), QStringLiteral("video_3")}));
    QCOMPARE(schedule.takeDue(now, 2), QStringList{QStringLiteral("video_4")});
    QVERIFY(schedule.takeDue(now, 2).isEmpty());
    QCOMPARE(schedule.inFlightCount(), 5);
    QCOMPARE(schedule.activeCount(), 5);
}

void PollScheduleTest::takenTaskIsInFlightAndNotReturnedAgainUntilAnswered()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);

    QCOMPARE(schedule.takeDue(kStart, kAll), QStringList{QStringLiteral("video_a")});
    const ScheduledTask* task = schedule.task(QStringLiteral("video_a"));
    QVERIFY(task->inFlight);
    QCOMPARE(task->requests, 1);
    QCOMPARE(schedule.inFlightCount(), 1);
    QCOMPARE(schedule.activeCount(), 1);
    QVERIFY(schedule.takeDue(kFarFuture, kAll).isEmpty());
    QCOMPARE(schedule.dueCount(kFarFuture, kAll), 0);
    QCOMPARE(schedule.nextDueMs(), std::nullopt);

    schedule.recordResult(running(QStringLiteral("video_a"), 10), kStart + 300);
    QVERIFY(!task->inFlight);
    QCOMPARE(schedule.inFlightCount(), 0);
    QCOMPARE(schedule.nextDueMs(), std::optional<qint64>(kStart + 300 + 10000));
    QCOMPARE(schedule.takeDue(kStart + 300 + 10000, kAll), QStringList{QStringLiteral("video_a")});
    QCOMPARE(task->requests, 2);
}

void PollScheduleTest::dueCountIsCappedAndTakesNothing()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    for (int i = 0; i < 5; ++i)
        schedule.addTask(QStringLiteral("video_%1").arg(i), kStart + 100 * i);

    QCOMPARE(schedule.dueCount(kStart - 1, kAll), 0);
    QCOMPARE(schedule.dueCount(kStart, kAll), 1);
    QCOMPARE(schedule.dueCount(kStart + 250, kAll), 3);
    QCOMPARE(schedule.dueCount(kStart + 1000, kAll), 5);
    QCOMPARE(schedule.dueCount(kStart + 1000, 3), 3);
    QCOMPARE(schedule.dueCount(kStart + 1000, 1), 1);
    QCOMPARE(schedule.dueCount(kStart + 1000, 0), 0);
    QCOMPARE(schedule.inFlightCount(), 0);
    QCOMPARE(schedule.takeDue(kStart + 1000, kAll).size(), 5);
}

void PollScheduleTest::nextDueMsReportsEarliestWaitingTask()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    QCOMPARE(schedule.nextDueMs(), std::nullopt);

    schedule.addTask(QStringLiteral("video_late"), kStart + 700);
    schedule.addTask(QStringLiteral("video_early"), kStart + 200);
    QCOMPARE(schedule.nextDueMs(), std::optional<qint64>(kStart + 200));

    QCOMPARE(schedule.takeDue(kStart + 200, kAll), QStringList{QStringLiteral("video_early")});
    QCOMPARE(schedule.nextDueMs(), std::optional<qint64>(kStart + 700));

    schedule.setTaskPaused(QStringLiteral("video_late"), true, kStart + 300);
    QCOMPARE(schedule.nextDueMs(), std::nullopt);
}

// ---- good answers ----

void PollScheduleTest::changedAnswerSchedulesBaseInterval()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    QCOMPARE(schedule.takeDue(kStart, kAll), QStringList{QStringLiteral("video_a")});

    const qint64 answeredAt = kStart + 420;
    const PollOutcome outcome = schedule.recordResult(running(QStringLiteral("video_a"), 5), answeredAt);
    QVERIFY(outcome.known);
    QVERIFY(outcome.statusChanged);
    QVERIFY(outcome.progressChanged);
    QVERIFY(!outcome.errorChanged);
    QVERIFY(!outcome.finished);
    QVERIFY(!outcome.gaveUp);
    QCOMPARE(outcome.previousStatus, std::nullopt);
    QVERIFY(outcome.anythingChanged());

    const ScheduledTask* task = schedule.task(QStringLiteral("video_a"));
    QCOMPARE(task->dueAtMs, answeredAt + 10000);
    QCOMPARE(task->intervalMs, qint64(10000));
    QVERIFY(task->lastGood);
    QCOMPARE(task->lastGood->progress, std::optional<int>(5));
    QVERIFY(schedule.takeDue(answeredAt + 9999, kAll).isEmpty());
    QCOMPARE(schedule.takeDue(answeredAt + 10000, kAll), QStringList{QStringLiteral("video_a")});
}

void PollScheduleTest::jitterStaysWithinFraction_data()
{
    QTest::addColumn<double>("random");
    QTest::addColumn<qint64>("expectedDelayMs");

    // 10 s ± 10 %: random r gives 10 s × (1 + 0.1 × (2r − 1)).
    QTest::newRow("lowest") << 0.0 << qint64(9000);
    QTest::newRow("quarter") << 0.25 << qint64(9500);
    QTest::newRow("none") << 0.5 << qint64(10000);
    QTest::newRow("three quarters") << 0.75 << qint64(10500);
    QTest::newRow("highest") << 0.999999 << qint64(11000);
}

void PollScheduleTest::jitterStaysWithinFraction()
{
    QFETCH(double, random);
    QFETCH(qint64, expectedDelayMs);

    ScriptedRandom rng(random);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    QCOMPARE(schedule.takeDue(kStart, kAll), QStringList{QStringLiteral("video_a")});
    schedule.recordResult(running(QStringLiteral("video_a"), 1), kStart);

    const qint64 delay = delayAfter(schedule, QStringLiteral("video_a"), kStart);
    const PollSettings& settings = schedule.settings();
    QVERIFY(delay >= qint64(settings.baseIntervalMs * (1 - settings.jitterFraction)));
    QVERIFY(delay <= qint64(settings.baseIntervalMs * (1 + settings.jitterFraction)));
    QCOMPARE(delay, expectedDelayMs);
    // Jitter moves the due time only, not the interval the backoff builds on.
    QCOMPARE(schedule.task(QStringLiteral("video_a"))->intervalMs, settings.baseIntervalMs);
}

void PollScheduleTest::unchangedAnswersBackOffUpToMaxInterval()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);

    qint64 now = kStart;
    QList<qint64> delays;
    for (int poll = 0; poll < 7; ++poll) {
        QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
        const PollOutcome outcome = schedule.recordResult(running(QStringLiteral("video_a"), 40), now);
        QCOMPARE(outcome.anythingChanged(), poll == 0);
        delays << delayAfter(schedule, QStringLiteral("video_a"), now);
    }
    // 50.625 s is 33.75 s × 1.5; after that the 60 s cap holds.
    QCOMPARE(delays, (QList<qint64>{10000, 15000, 22500, 33750, 50625, 60000, 60000}));
    QCOMPARE(schedule.task(QStringLiteral("video_a"))->intervalMs, schedule.settings().maxIntervalMs);
}

void PollScheduleTest::changeResetsBackoffToBase_data()
{
    QTest::addColumn<FetchResult>("changedAnswer");
    QTest::addColumn<bool>("statusChanged");
    QTest::addColumn<bool>("progressChanged");

    QTest::newRow("status") << okResult(videoTask(QStringLiteral("video_a"), TaskStatus::Queued, 40)) << true << false;
    QTest::newRow("raw status only") << okResult(
        videoTask(QStringLiteral("video_a"), TaskStatus::InProgress, 40, QStringLiteral("processing")))
                                     << true << false;
    QTest::newRow("progress") << running(QStringLiteral("video_a"), 41) << false << true;
    QTest::newRow("progress disappears") << okResult(
        videoTask(QStringLiteral("video_a"), TaskStatus::InProgress, std::nullopt))
                                         << false << true;
}

void PollScheduleTest::changeResetsBackoffToBase()
{
    QFETCH(FetchResult, changedAnswer);
    QFETCH(bool, statusChanged);
    QFETCH(bool, progressChanged);

    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    qint64 now = kStart;
    for (int poll = 0; poll < 4; ++poll) {
        QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
        schedule.recordResult(running(QStringLiteral("video_a"), 40), now);
    }
    QCOMPARE(delayAfter(schedule, QStringLiteral("video_a"), now), qint64(33750));

    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    const PollOutcome outcome = schedule.recordResult(changedAnswer, now);
    QCOMPARE(outcome.statusChanged, statusChanged);
    QCOMPARE(outcome.progressChanged, progressChanged);
    QCOMPARE(outcome.previousStatus, std::optional<TaskStatus>(TaskStatus::InProgress));
    QCOMPARE(delayAfter(schedule, QStringLiteral("video_a"), now), qint64(10000));
    QCOMPARE(schedule.task(QStringLiteral("video_a"))->intervalMs, qint64(10000));

    // And the backoff starts over from there.
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    schedule.recordResult(changedAnswer, now);
    QCOMPARE(delayAfter(schedule, QStringLiteral("video_a"), now), qint64(15000));
}

void PollScheduleTest::serverWaitsAreBounded()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    qint64 now = kStart;
    // openai-poll-after-ms: 0 must not turn into a busy loop…
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    schedule.recordResult(okResult(videoTask(QStringLiteral("video_a"), TaskStatus::InProgress, 10), 0), now);
    QCOMPARE(delayAfter(schedule, QStringLiteral("video_a"), now), PollSchedule::kMinPollAfterMs);
    // …and an absurd one must not park the task for ever.
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    schedule.recordResult(
        okResult(videoTask(QStringLiteral("video_a"), TaskStatus::InProgress, 20), std::numeric_limits<qint64>::max()),
        now);
    QCOMPARE(delayAfter(schedule, QStringLiteral("video_a"), now), PollSchedule::kMaxServerWaitMs);
}

void PollScheduleTest::pollAfterOverridesDelayExactly_data()
{
    QTest::addColumn<int>("unchangedPollsBefore");
    QTest::addColumn<qint64>("pollAfterMs");

    QTest::newRow("first answer, sooner than base") << 0 << qint64(2345);
    QTest::newRow("first answer, later than max") << 0 << qint64(90000);
    QTest::newRow("after backoff, sooner than interval") << 3 << qint64(1000);
}

void PollScheduleTest::pollAfterOverridesDelayExactly()
{
    QFETCH(int, unchangedPollsBefore);
    QFETCH(qint64, pollAfterMs);

    // Heavy jitter everywhere: the server's own hint must still be kept to the millisecond.
    ScriptedRandom rng(0.9);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    qint64 now = kStart;
    for (int poll = 0; poll <= unchangedPollsBefore; ++poll) {
        QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
        schedule.recordResult(running(QStringLiteral("video_a"), 40), now);
    }
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    schedule.recordResult(okResult(videoTask(QStringLiteral("video_a"), TaskStatus::InProgress, 40), pollAfterMs), now);
    QCOMPARE(delayAfter(schedule, QStringLiteral("video_a"), now), pollAfterMs);
}

// ---- transient errors ----

void PollScheduleTest::transientErrorsBackOffExponentiallyUpToCap_data()
{
    QTest::addColumn<ErrorKind>("kind");

    QTest::newRow("server_error") << ErrorKind::ServerError;
    QTest::newRow("timeout") << ErrorKind::Timeout;
    QTest::newRow("network") << ErrorKind::Network;
    QTest::newRow("invalid_response") << ErrorKind::InvalidResponse;
    QTest::newRow("too_large") << ErrorKind::TooLarge;
}

void PollScheduleTest::transientErrorsBackOffExponentiallyUpToCap()
{
    QFETCH(ErrorKind, kind);

    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    qint64 now = kStart;
    QList<qint64> delays;
    for (int attempt = 0; attempt < 11; ++attempt) {
        QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
        const PollOutcome outcome = schedule.recordResult(errorResult(QStringLiteral("video_a"), kind), now);
        QVERIFY(outcome.known);
        QVERIFY(!outcome.gaveUp);
        QVERIFY(!outcome.rateLimited);
        QVERIFY(!outcome.keyRejected);
        QVERIFY(schedule.canSend(now));
        delays << delayAfter(schedule, QStringLiteral("video_a"), now);
    }
    QCOMPARE(delays, (QList<qint64>{2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000, 300000}));
    QCOMPARE(schedule.task(QStringLiteral("video_a"))->errorDelayMs, schedule.settings().errorBackoffCapMs);
    QCOMPARE(schedule.activeCount(), 1);
    QCOMPARE(schedule.inFlightCount(), 0);
}

void PollScheduleTest::errorBackoffIsPerTask()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_failing"), kStart);
    schedule.addTask(QStringLiteral("video_other"), kStart + 10000);
    qint64 now = kStart;
    for (int attempt = 0; attempt < 3; ++attempt) {
        QVERIFY(takeWhenDue(schedule, QStringLiteral("video_failing"), now));
        schedule.recordResult(errorResult(QStringLiteral("video_failing"), ErrorKind::ServerError), now);
    }
    QCOMPARE(delayAfter(schedule, QStringLiteral("video_failing"), now), qint64(8000));

    // Another task of the same profile starts its own backoff from the beginning.
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_other"), now));
    schedule.recordResult(errorResult(QStringLiteral("video_other"), ErrorKind::ServerError), now);
    QCOMPARE(delayAfter(schedule, QStringLiteral("video_other"), now), qint64(2000));
    QCOMPARE(schedule.task(QStringLiteral("video_failing"))->errorDelayMs, qint64(8000));
    QVERIFY(schedule.canSend(now));
}

void PollScheduleTest::errorKeepsLastGoodAndRecordsLastError()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    qint64 now = kStart;
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    schedule.recordResult(running(QStringLiteral("video_a"), 30), now);

    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    const PollOutcome outcome = schedule.recordResult(
        errorResult(QStringLiteral("video_a"), ErrorKind::Timeout, QStringLiteral("timed out after 30 s")), now);
    QVERIFY(outcome.known);
    QVERIFY(outcome.errorChanged);
    QVERIFY(!outcome.statusChanged);
    QVERIFY(!outcome.progressChanged);
    QVERIFY(!outcome.finished);
    QCOMPARE(outcome.previousStatus, std::optional<TaskStatus>(TaskStatus::InProgress));

    const ScheduledTask* task = schedule.task(QStringLiteral("video_a"));
    QVERIFY(task->lastGood);
    QCOMPARE(task->lastGood->status, TaskStatus::InProgress);
    QCOMPARE(task->lastGood->progress, std::optional<int>(30));
    QCOMPARE(task->lastError.kind, ErrorKind::Timeout);
    QCOMPARE(task->lastError.message(), QStringLiteral("timed out after 30 s"));
    QVERIFY(!task->stopped);
    QVERIFY(!task->inFlight);
}

void PollScheduleTest::errorChangedOnlyWhenKindOrMessageChanges()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    qint64 now = kStart;
    const auto answer = [&](ErrorKind kind, const QString& message) {
        if (!takeWhenDue(schedule, QStringLiteral("video_a"), now))
            return std::optional<bool>();
        return std::optional<bool>(
            schedule.recordResult(errorResult(QStringLiteral("video_a"), kind, message), now).errorChanged);
    };

    QCOMPARE(answer(ErrorKind::ServerError, QStringLiteral("HTTP 502")), std::optional<bool>(true));
    QCOMPARE(answer(ErrorKind::ServerError, QStringLiteral("HTTP 502")), std::optional<bool>(false));
    QCOMPARE(answer(ErrorKind::ServerError, QStringLiteral("HTTP 502")), std::optional<bool>(false));
    QCOMPARE(answer(ErrorKind::ServerError, QStringLiteral("HTTP 503")), std::optional<bool>(true));
    QCOMPARE(answer(ErrorKind::Network, QStringLiteral("HTTP 503")), std::optional<bool>(true));
    QCOMPARE(answer(ErrorKind::Network, QStringLiteral("HTTP 503")), std::optional<bool>(false));
}

void PollScheduleTest::goodAnswerClearsErrorAndResetsErrorBackoff()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    qint64 now = kStart;
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    schedule.recordResult(running(QStringLiteral("video_a"), 30), now);
    for (int attempt = 0; attempt < 3; ++attempt) {
        QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
        schedule.recordResult(errorResult(QStringLiteral("video_a"), ErrorKind::Network), now);
    }
    QCOMPARE(delayAfter(schedule, QStringLiteral("video_a"), now), qint64(8000));

    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    const PollOutcome recovered = schedule.recordResult(running(QStringLiteral("video_a"), 30), now);
    QVERIFY(recovered.errorChanged);
    QVERIFY(!recovered.statusChanged);
    QVERIFY(!recovered.progressChanged);
    QVERIFY(recovered.anythingChanged());
    const ScheduledTask* task = schedule.task(QStringLiteral("video_a"));
    QVERIFY(!task->lastError.isError());
    QVERIFY(task->lastError.message().isEmpty());
    QCOMPARE(task->errorDelayMs, qint64(0));
    // Unchanged since the last good answer: the regular backoff continues (10 s × 1.5).
    QCOMPARE(delayAfter(schedule, QStringLiteral("video_a"), now), qint64(15000));

    // A second good answer has no error to clear.
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    QVERIFY(!schedule.recordResult(running(QStringLiteral("video_a"), 30), now).errorChanged);

    // The next error starts the error backoff from the beginning.
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    schedule.recordResult(errorResult(QStringLiteral("video_a"), ErrorKind::Network), now);
    QCOMPARE(delayAfter(schedule, QStringLiteral("video_a"), now), qint64(2000));
}

void PollScheduleTest::serverErrorWaitsAtLeastRetryAfter_data()
{
    QTest::addColumn<double>("random");
    QTest::addColumn<int>("earlierErrors");
    QTest::addColumn<qint64>("retryAfterMs");
    QTest::addColumn<qint64>("expectedDelayMs");

    QTest::newRow("retry-after longer than backoff") << 0.5 << 0 << qint64(30000) << qint64(30000);
    QTest::newRow("retry-after shorter than backoff") << 0.5 << 0 << qint64(500) << qint64(2000);
    QTest::newRow("retry-after just above jittered-down backoff") << 0.0 << 0 << qint64(2100) << qint64(2100);
    QTest::newRow("jittered-up backoff above retry-after") << 0.999999 << 0 << qint64(2100) << qint64(2200);
    QTest::newRow("retry-after longer than grown backoff") << 0.5 << 3 << qint64(20000) << qint64(20000);
    QTest::newRow("retry-after beyond backoff cap") << 0.5 << 0 << qint64(600000) << qint64(600000);
}

void PollScheduleTest::serverErrorWaitsAtLeastRetryAfter()
{
    QFETCH(double, random);
    QFETCH(int, earlierErrors);
    QFETCH(qint64, retryAfterMs);
    QFETCH(qint64, expectedDelayMs);

    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    qint64 now = kStart;
    for (int attempt = 0; attempt < earlierErrors; ++attempt) {
        QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
        schedule.recordResult(errorResult(QStringLiteral("video_a"), ErrorKind::ServerError), now);
    }
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    rng.setFallback(random);
    const PollOutcome outcome = schedule.recordResult(
        errorResult(QStringLiteral("video_a"), ErrorKind::ServerError, QString(), retryAfterMs), now);
    QVERIFY(!outcome.rateLimited);
    QVERIFY(schedule.canSend(now));
    const qint64 delay = delayAfter(schedule, QStringLiteral("video_a"), now);
    QVERIFY(delay >= retryAfterMs);
    QCOMPARE(delay, expectedDelayMs);
}

// ---- 429 ----

void PollScheduleTest::rateLimitWithRetryAfterPausesWholeProfile()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    schedule.addTask(QStringLiteral("video_b"), kStart + 100);
    QCOMPARE(schedule.takeDue(kStart, kAll), QStringList{QStringLiteral("video_a")});

    const qint64 answeredAt = kStart + 200;
    const PollOutcome outcome = schedule.recordResult(
        errorResult(QStringLiteral("video_a"), ErrorKind::RateLimited, QString(), qint64(7000)), answeredAt);
    QVERIFY(outcome.known);
    QVERIFY(outcome.rateLimited);
    QVERIFY(!outcome.keyRejected);
    QVERIFY(!outcome.gaveUp);
    QCOMPARE(schedule.profilePausedUntilMs(), answeredAt + 7000);
    QCOMPARE(schedule.task(QStringLiteral("video_a"))->lastError.kind, ErrorKind::RateLimited);
    QVERIFY(!schedule.keyRejected());

    QVERIFY(!schedule.canSend(answeredAt));
    QVERIFY(!schedule.canSend(answeredAt + 6999));
    // video_b is due, and video_a waits for exactly the end of the pause, but nothing goes out before then.
    QCOMPARE(schedule.task(QStringLiteral("video_a"))->dueAtMs, answeredAt + 7000);
    QCOMPARE(schedule.dueCount(answeredAt + 6999, kAll), 1);
    QVERIFY(schedule.takeDue(answeredAt, kAll).isEmpty());
    QVERIFY(schedule.takeDue(answeredAt + 6999, kAll).isEmpty());
    QCOMPARE(schedule.inFlightCount(), 0);

    QVERIFY(schedule.canSend(answeredAt + 7000));
    QCOMPARE(schedule.takeDue(answeredAt + 7000, kAll),
             (QStringList{QStringLiteral("video_b"), QStringLiteral("video_a")}));
}

void PollScheduleTest::shorterRetryAfterDoesNotCutExistingProfilePause()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    schedule.addTask(QStringLiteral("video_b"), kStart);
    QCOMPARE(schedule.takeDue(kStart, kAll).size(), 2);

    schedule.recordResult(errorResult(QStringLiteral("video_a"), ErrorKind::RateLimited, QString(), qint64(30000)),
                          kStart);
    schedule.recordResult(errorResult(QStringLiteral("video_b"), ErrorKind::RateLimited, QString(), qint64(1000)),
                          kStart + 10);
    QCOMPARE(schedule.profilePausedUntilMs(), kStart + 30000);
    QVERIFY(!schedule.canSend(kStart + 1010));
    QCOMPARE(schedule.task(QStringLiteral("video_b"))->dueAtMs, kStart + 30000);
}

void PollScheduleTest::rateLimitWithoutRetryAfterBacksOffExponentially()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    qint64 now = kStart;
    QList<qint64> pauses;
    for (int attempt = 0; attempt < 10; ++attempt) {
        now = std::max(now, schedule.profilePausedUntilMs());
        QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
        const PollOutcome outcome
            = schedule.recordResult(errorResult(QStringLiteral("video_a"), ErrorKind::RateLimited), now);
        QVERIFY(outcome.rateLimited);
        pauses << schedule.profilePausedUntilMs() - now;
        QCOMPARE(schedule.task(QStringLiteral("video_a"))->dueAtMs, schedule.profilePausedUntilMs());
        QVERIFY(!schedule.canSend(schedule.profilePausedUntilMs() - 1));
        QVERIFY(schedule.canSend(schedule.profilePausedUntilMs()));
    }
    QCOMPARE(pauses, (QList<qint64>{2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000}));
}

// Ten 429s in a row, each answered at the end of the pause before; the pauses.
QList<qint64> rateLimitPauses(std::optional<qint64> retryAfterMs)
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    qint64 now = kStart;
    QList<qint64> pauses;
    for (int attempt = 0; attempt < 10; ++attempt) {
        now = std::max(now, schedule.profilePausedUntilMs());
        if (!takeWhenDue(schedule, QStringLiteral("video_a"), now))
            return {};
        schedule.recordResult(errorResult(QStringLiteral("video_a"), ErrorKind::RateLimited, QString(), retryAfterMs),
                              now);
        pauses << schedule.profilePausedUntilMs() - now;
    }
    return pauses;
}

void PollScheduleTest::rateLimitWithZeroRetryAfterBacksOffAsWithout()
{
    // "Retry-After: 0" (or a date already past, which reads as 0) in a 429 storm: the same backoff
    // as no header at all, not a request after every 429.
    const QList<qint64> withoutHeader = rateLimitPauses(std::nullopt);
    QCOMPARE(withoutHeader.size(), 10);
    QCOMPARE(rateLimitPauses(qint64(0)), withoutHeader);
}

void PollScheduleTest::retryAfterNeverShortensRateLimitBackoff()
{
    // A server that keeps answering 429 with a short Retry-After gets the backoff its storm has earned;
    // a longer Retry-After still wins.
    QCOMPARE(rateLimitPauses(qint64(3000)),
             (QList<qint64>{3000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000}));
    QCOMPARE(rateLimitPauses(qint64(100000)),
             (QList<qint64>{100000, 100000, 100000, 100000, 100000, 100000, 128000, 256000, 300000, 300000}));
}

void PollScheduleTest::serverErrorWithZeroRetryAfterBacksOffAsWithout()
{
    const auto delays = [](std::optional<qint64> retryAfterMs) {
        ScriptedRandom rng(0.5);
        PollSchedule schedule(settingsWithoutSpread(), rng.source());
        schedule.addTask(QStringLiteral("video_a"), kStart);
        qint64 now = kStart;
        QList<qint64> result;
        for (int attempt = 0; attempt < 10; ++attempt) {
            if (!takeWhenDue(schedule, QStringLiteral("video_a"), now))
                return QList<qint64>{};
            schedule.recordResult(
                errorResult(QStringLiteral("video_a"), ErrorKind::ServerError, QString(), retryAfterMs), now);
            result << delayAfter(schedule, QStringLiteral("video_a"), now);
        }
        return result;
    };
    const QList<qint64> withoutHeader = delays(std::nullopt);
    QCOMPARE(withoutHeader, (QList<qint64>{2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000}));
    QCOMPARE(delays(qint64(0)), withoutHeader);
}

void PollScheduleTest::retryAfterIsCutToTheCap_data()
{
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<qint64>("retryAfterMs");
    QTest::addColumn<qint64>("expectedWaitMs");
    QTest::addColumn<bool>("cut");

    const qint64 cap = PollSchedule::kMaxRetryAfterMs;
    QCOMPARE(cap, qint64(10 * 60 * 1000));
    QTest::newRow("429, a day") << ErrorKind::RateLimited << qint64(86400000) << cap << true;
    QTest::newRow("429, just over") << ErrorKind::RateLimited << cap + 1 << cap << true;
    QTest::newRow("429, the cap itself") << ErrorKind::RateLimited << cap << cap << false;
    QTest::newRow("429, nine minutes") << ErrorKind::RateLimited << qint64(540000) << qint64(540000) << false;
    QTest::newRow("503, a day") << ErrorKind::ServerError << qint64(86400000) << cap << true;
    QTest::newRow("503, the cap itself") << ErrorKind::ServerError << cap << cap << false;
}

void PollScheduleTest::retryAfterIsCutToTheCap()
{
    QFETCH(ErrorKind, kind);
    QFETCH(qint64, retryAfterMs);
    QFETCH(qint64, expectedWaitMs);
    QFETCH(bool, cut);

    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    qint64 now = kStart;
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    const PollOutcome outcome
        = schedule.recordResult(errorResult(QStringLiteral("video_a"), kind, QString(), retryAfterMs), now);
    QCOMPARE(delayAfter(schedule, QStringLiteral("video_a"), now), expectedWaitMs);
    // What the server asked is kept for the user, only when Reelwatch waits less.
    QCOMPARE(outcome.serverWaitCutFromMs, cut ? std::optional<qint64>(retryAfterMs) : std::nullopt);
    if (kind == ErrorKind::RateLimited) {
        QCOMPARE(schedule.profilePausedUntilMs(), now + expectedWaitMs);
        QCOMPARE(schedule.rateLimitWaitCutFromMs(), cut ? std::optional<qint64>(retryAfterMs) : std::nullopt);
    } else {
        QVERIFY(schedule.canSend(now));
    }
}

void PollScheduleTest::nonRateLimitAnswerResetsProfileBackoff_data()
{
    QTest::addColumn<FetchResult>("answer");

    QTest::newRow("good answer") << running(QStringLiteral("video_b"), 10);
    QTest::newRow("server error") << errorResult(QStringLiteral("video_b"), ErrorKind::ServerError);
    QTest::newRow("timeout") << errorResult(QStringLiteral("video_b"), ErrorKind::Timeout);
    QTest::newRow("not found") << errorResult(QStringLiteral("video_b"), ErrorKind::NotFound);
}

void PollScheduleTest::nonRateLimitAnswerResetsProfileBackoff()
{
    QFETCH(FetchResult, answer);

    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    schedule.addTask(QStringLiteral("video_b"), kStart);
    QCOMPARE(schedule.takeDue(kStart, kAll).size(), 2);

    schedule.recordResult(errorResult(QStringLiteral("video_a"), ErrorKind::RateLimited), kStart);
    qint64 now = schedule.profilePausedUntilMs();
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    schedule.recordResult(errorResult(QStringLiteral("video_a"), ErrorKind::RateLimited), now);
    QCOMPARE(schedule.profilePausedUntilMs() - now, qint64(4000));

    // video_b's request was on its way before the 429s; its answer is not a 429.
    now = schedule.profilePausedUntilMs();
    schedule.recordResult(answer, now);

    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    schedule.recordResult(errorResult(QStringLiteral("video_a"), ErrorKind::RateLimited), now);
    QCOMPARE(schedule.profilePausedUntilMs() - now, qint64(2000));
}

// ---- 401/403 ----

void PollScheduleTest::unauthorizedRejectsKeyForWholeProfile()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    schedule.addTask(QStringLiteral("video_b"), kStart);
    QCOMPARE(schedule.takeDue(kStart, 1), QStringList{QStringLiteral("video_a")});

    const PollOutcome outcome = schedule.recordResult(
        errorResult(QStringLiteral("video_a"), ErrorKind::Unauthorized, QStringLiteral("Incorrect API key")),
        kStart + 100);
    QVERIFY(outcome.known);
    QVERIFY(outcome.keyRejected);
    QVERIFY(!outcome.rateLimited);
    QVERIFY(!outcome.gaveUp);
    QVERIFY(outcome.errorChanged);
    QVERIFY(schedule.keyRejected());
    QVERIFY(!schedule.canSend(kStart + 100));
    QVERIFY(!schedule.canSend(kFarFuture));
    QVERIFY(schedule.takeDue(kFarFuture, kAll).isEmpty());
    QCOMPARE(schedule.inFlightCount(), 0);
    QCOMPARE(schedule.activeCount(), 2);
    const ScheduledTask* task = schedule.task(QStringLiteral("video_a"));
    QVERIFY(!task->stopped);
    QCOMPARE(task->lastError.kind, ErrorKind::Unauthorized);
}

void PollScheduleTest::clearKeyRejectedMakesEveryWaitingTaskDueNow()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_rejected"), kStart);
    schedule.addTask(QStringLiteral("video_fresh"), kStart);
    schedule.addTask(QStringLiteral("video_done"), kStart,
                     videoTask(QStringLiteral("video_done"), TaskStatus::Success, 100));
    QCOMPARE(schedule.takeDue(kStart, kAll).size(), 2);
    schedule.recordResult(running(QStringLiteral("video_fresh"), 10), kStart);
    schedule.recordResult(errorResult(QStringLiteral("video_rejected"), ErrorKind::Unauthorized), kStart + 10);
    QVERIFY(!schedule.canSend(kStart + 20));
    QCOMPARE(schedule.task(QStringLiteral("video_fresh"))->dueAtMs, kStart + 10000);

    const qint64 keyChangedAt = kStart + 500;
    schedule.clearKeyRejected(keyChangedAt);
    QVERIFY(!schedule.keyRejected());
    QVERIFY(schedule.canSend(keyChangedAt));
    QCOMPARE(schedule.task(QStringLiteral("video_fresh"))->dueAtMs, keyChangedAt);
    QCOMPARE(schedule.task(QStringLiteral("video_rejected"))->dueAtMs, keyChangedAt);
    QCOMPARE(schedule.dueCount(keyChangedAt, kAll), 2);
    const QStringList due = schedule.takeDue(keyChangedAt, kAll);
    QCOMPARE(QSet<QString>(due.cbegin(), due.cend()),
             (QSet<QString>{QStringLiteral("video_fresh"), QStringLiteral("video_rejected")}));
    QCOMPARE(schedule.activeCount(), 2);
}

// ---- 404 and invalid IDs ----

void PollScheduleTest::firstNotFoundRetriesAfterErrorBackoffStart()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_new"), kStart);
    qint64 now = kStart;
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_new"), now));

    const PollOutcome outcome
        = schedule.recordResult(errorResult(QStringLiteral("video_new"), ErrorKind::NotFound), now);
    QVERIFY(outcome.known);
    QVERIFY(!outcome.gaveUp);
    QVERIFY(outcome.errorChanged);
    const ScheduledTask* task = schedule.task(QStringLiteral("video_new"));
    QVERIFY(!task->stopped);
    QCOMPARE(task->notFoundStreak, 1);
    QCOMPARE(task->lastError.kind, ErrorKind::NotFound);
    QCOMPARE(schedule.activeCount(), 1);
    QCOMPARE(delayAfter(schedule, QStringLiteral("video_new"), now), schedule.settings().errorBackoffStartMs);
    QVERIFY(schedule.canSend(now));
}

void PollScheduleTest::secondConsecutiveNotFoundGivesUp()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_gone"), kStart);
    schedule.addTask(QStringLiteral("video_other"), kStart + 50000);
    qint64 now = kStart;
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_gone"), now));
    schedule.recordResult(errorResult(QStringLiteral("video_gone"), ErrorKind::NotFound), now);
    QCOMPARE(schedule.activeCount(), 2);

    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_gone"), now));
    const PollOutcome outcome
        = schedule.recordResult(errorResult(QStringLiteral("video_gone"), ErrorKind::NotFound), now);
    QVERIFY(outcome.known);
    QVERIFY(outcome.gaveUp);
    QVERIFY(!outcome.errorChanged);
    QVERIFY(outcome.anythingChanged());
    const ScheduledTask* task = schedule.task(QStringLiteral("video_gone"));
    QVERIFY(task->stopped);
    QCOMPARE(schedule.activeCount(), 1);
    QCOMPARE(schedule.inFlightCount(), 0);
    QCOMPARE(schedule.nextDueMs(), std::optional<qint64>(kStart + 50000));
    QCOMPARE(schedule.takeDue(kFarFuture, kAll), QStringList{QStringLiteral("video_other")});
}

void PollScheduleTest::goodAnswerBetweenNotFoundsResetsStreak()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_flaky"), kStart);
    qint64 now = kStart;
    const auto notFound = [&] {
        if (!takeWhenDue(schedule, QStringLiteral("video_flaky"), now))
            return std::optional<bool>();
        return std::optional<bool>(
            schedule.recordResult(errorResult(QStringLiteral("video_flaky"), ErrorKind::NotFound), now).gaveUp);
    };

    QCOMPARE(notFound(), std::optional<bool>(false));
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_flaky"), now));
    schedule.recordResult(running(QStringLiteral("video_flaky"), 10), now);
    QCOMPARE(schedule.task(QStringLiteral("video_flaky"))->notFoundStreak, 0);
    QCOMPARE(notFound(), std::optional<bool>(false));
    QVERIFY(!schedule.task(QStringLiteral("video_flaky"))->stopped);
    QCOMPARE(schedule.activeCount(), 1);
    QCOMPARE(notFound(), std::optional<bool>(true));
    QVERIFY(schedule.task(QStringLiteral("video_flaky"))->stopped);
    QCOMPARE(schedule.activeCount(), 0);
}

void PollScheduleTest::invalidIdGivesUpImmediately()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video/../x"), kStart);
    qint64 now = kStart;
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video/../x"), now));

    const PollOutcome outcome = schedule.recordResult(
        errorResult(QStringLiteral("video/../x"), ErrorKind::InvalidId, QStringLiteral("contains '/'")), now);
    QVERIFY(outcome.known);
    QVERIFY(outcome.gaveUp);
    QVERIFY(!outcome.finished);
    const ScheduledTask* task = schedule.task(QStringLiteral("video/../x"));
    QVERIFY(task->stopped);
    QCOMPARE(task->lastError.kind, ErrorKind::InvalidId);
    QCOMPARE(schedule.activeCount(), 0);
    QCOMPARE(schedule.inFlightCount(), 0);
    QCOMPARE(schedule.nextDueMs(), std::nullopt);
    QVERIFY(schedule.takeDue(kFarFuture, kAll).isEmpty());
    QVERIFY(schedule.canSend(now));
}

// ---- terminal answers ----

void PollScheduleTest::terminalAnswerFinishesTask_data()
{
    QTest::addColumn<TaskStatus>("status");

    QTest::newRow("SUCCESS") << TaskStatus::Success;
    QTest::newRow("FAILURE") << TaskStatus::Failure;
}

void PollScheduleTest::terminalAnswerFinishesTask()
{
    QFETCH(TaskStatus, status);

    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    schedule.addTask(QStringLiteral("video_b"), kStart + 90000);
    qint64 now = kStart;
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    schedule.recordResult(running(QStringLiteral("video_a"), 90), now);
    QCOMPARE(schedule.activeCount(), 2);

    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    const PollOutcome outcome = schedule.recordResult(okResult(videoTask(QStringLiteral("video_a"), status, 100)), now);
    QVERIFY(outcome.known);
    QVERIFY(outcome.finished);
    QVERIFY(outcome.statusChanged);
    QVERIFY(!outcome.gaveUp);
    QCOMPARE(outcome.previousStatus, std::optional<TaskStatus>(TaskStatus::InProgress));

    const ScheduledTask* task = schedule.task(QStringLiteral("video_a"));
    QVERIFY(task->stopped);
    QVERIFY(!task->inFlight);
    QCOMPARE(task->lastGood->status, status);
    QCOMPARE(schedule.activeCount(), 1);
    QCOMPARE(schedule.inFlightCount(), 0);
    QCOMPARE(schedule.nextDueMs(), std::optional<qint64>(kStart + 90000));
    QCOMPARE(schedule.takeDue(kFarFuture, kAll), QStringList{QStringLiteral("video_b")});

    schedule.refreshNow(QStringLiteral("video_a"), kFarFuture);
    schedule.refreshAllNow(kFarFuture);
    QVERIFY(schedule.takeDue(kFarFuture, kAll).isEmpty());
}

void PollScheduleTest::repeatedTerminalAnswerIsNotFinishedAgain()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    qint64 now = kStart;
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    // The very first answer is already terminal: it is a change from "nothing known".
    const PollOutcome first
        = schedule.recordResult(okResult(videoTask(QStringLiteral("video_a"), TaskStatus::Success, 100)), now);
    QVERIFY(first.finished);
    QCOMPARE(first.previousStatus, std::nullopt);
    QCOMPARE(schedule.activeCount(), 0);

    // A duplicate of that answer arriving late changes nothing and counts nothing twice.
    const PollOutcome late
        = schedule.recordResult(okResult(videoTask(QStringLiteral("video_a"), TaskStatus::Success, 100)), now + 5);
    QVERIFY(late.known);
    QVERIFY(!late.finished);
    QVERIFY(!late.statusChanged);
    QVERIFY(!late.anythingChanged());
    QCOMPARE(late.previousStatus, std::optional<TaskStatus>(TaskStatus::Success));
    QCOMPARE(schedule.activeCount(), 0);
    QCOMPARE(schedule.inFlightCount(), 0);
    QVERIFY(schedule.takeDue(kFarFuture, kAll).isEmpty());
}

// ---- pause and refresh ----

void PollScheduleTest::pausedTaskLeavesDueSet()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    schedule.addTask(QStringLiteral("video_b"), kStart + 10);

    schedule.setTaskPaused(QStringLiteral("video_a"), true, kStart);
    QVERIFY(schedule.task(QStringLiteral("video_a"))->paused);
    QCOMPARE(schedule.dueCount(kFarFuture, kAll), 1);
    QCOMPARE(schedule.nextDueMs(), std::optional<qint64>(kStart + 10));
    QCOMPARE(schedule.takeDue(kFarFuture, kAll), QStringList{QStringLiteral("video_b")});
    // Paused is not stopped.
    QCOMPARE(schedule.activeCount(), 2);
    // Pausing twice is harmless.
    schedule.setTaskPaused(QStringLiteral("video_a"), true, kStart + 20);
    QVERIFY(schedule.takeDue(kFarFuture, kAll).isEmpty());
}

void PollScheduleTest::resumedTaskIsDueAtLaterOfOldDueAndNow_data()
{
    QTest::addColumn<qint64>("resumeAtMs");
    QTest::addColumn<qint64>("expectedDueMs");

    // Due at kStart + 10000 after its first answer.
    QTest::newRow("resumed before it was due") << kStart + 4000 << kStart + 10000;
    QTest::newRow("resumed when it was due") << kStart + 10000 << kStart + 10000;
    QTest::newRow("resumed after it was due") << kStart + 25000 << kStart + 25000;
}

void PollScheduleTest::resumedTaskIsDueAtLaterOfOldDueAndNow()
{
    QFETCH(qint64, resumeAtMs);
    QFETCH(qint64, expectedDueMs);

    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    QCOMPARE(schedule.takeDue(kStart, kAll).size(), 1);
    schedule.recordResult(running(QStringLiteral("video_a"), 10), kStart);
    schedule.setTaskPaused(QStringLiteral("video_a"), true, kStart + 1000);
    QVERIFY(schedule.takeDue(resumeAtMs, kAll).isEmpty());

    schedule.setTaskPaused(QStringLiteral("video_a"), false, resumeAtMs);
    QVERIFY(!schedule.task(QStringLiteral("video_a"))->paused);
    QCOMPARE(schedule.task(QStringLiteral("video_a"))->dueAtMs, expectedDueMs);
    QCOMPARE(schedule.nextDueMs(), std::optional<qint64>(expectedDueMs));
    QVERIFY(schedule.takeDue(expectedDueMs - 1, kAll).isEmpty());
    QCOMPARE(schedule.takeDue(expectedDueMs, kAll), QStringList{QStringLiteral("video_a")});
}

void PollScheduleTest::pauseAllStopsSending()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    schedule.addTask(QStringLiteral("video_b"), kStart);

    schedule.setAllPaused(true);
    QVERIFY(schedule.allPaused());
    QVERIFY(!schedule.canSend(kStart));
    QVERIFY(!schedule.canSend(kFarFuture));
    QVERIFY(schedule.takeDue(kFarFuture, kAll).isEmpty());
    QCOMPARE(schedule.inFlightCount(), 0);

    schedule.setAllPaused(false);
    QVERIFY(!schedule.allPaused());
    QVERIFY(schedule.canSend(kStart));
    QCOMPARE(schedule.takeDue(kStart, kAll).size(), 2);
}

void PollScheduleTest::refreshNowMakesTaskDueNow()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    schedule.addTask(QStringLiteral("video_b"), kStart);
    QCOMPARE(schedule.takeDue(kStart, kAll).size(), 2);
    schedule.recordResult(running(QStringLiteral("video_a"), 10), kStart);
    schedule.recordResult(running(QStringLiteral("video_b"), 10), kStart);

    schedule.refreshNow(QStringLiteral("video_a"), kStart + 3000);
    QCOMPARE(schedule.task(QStringLiteral("video_a"))->dueAtMs, kStart + 3000);
    QCOMPARE(schedule.task(QStringLiteral("video_b"))->dueAtMs, kStart + 10000);
    QCOMPARE(schedule.takeDue(kStart + 3000, kAll), QStringList{QStringLiteral("video_a")});

    // Unknown IDs are ignored.
    schedule.refreshNow(QStringLiteral("video_unknown"), kStart + 3000);
    QCOMPARE(schedule.taskCount(), 2);
}

void PollScheduleTest::refreshNowIgnoresStoppedAndInFlightTasks()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_done"), kStart,
                     videoTask(QStringLiteral("video_done"), TaskStatus::Failure));
    schedule.addTask(QStringLiteral("video_busy"), kStart);
    QCOMPARE(schedule.takeDue(kStart, kAll), QStringList{QStringLiteral("video_busy")});

    schedule.refreshNow(QStringLiteral("video_done"), kStart + 100);
    schedule.refreshNow(QStringLiteral("video_busy"), kStart + 100);
    QVERIFY(schedule.takeDue(kStart + 100, kAll).isEmpty());
    QCOMPARE(schedule.inFlightCount(), 1);
    QCOMPARE(schedule.task(QStringLiteral("video_busy"))->requests, 1);

    // Its answer schedules it as usual.
    schedule.recordResult(running(QStringLiteral("video_busy"), 10), kStart + 200);
    QCOMPARE(schedule.task(QStringLiteral("video_busy"))->dueAtMs, kStart + 200 + 10000);
}

void PollScheduleTest::refreshAllNowSkipsStoppedAndInFlightTasks()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_waiting"), kStart);
    schedule.addTask(QStringLiteral("video_busy"), kStart);
    schedule.addTask(QStringLiteral("video_done"), kStart,
                     videoTask(QStringLiteral("video_done"), TaskStatus::Success, 100));
    QCOMPARE(schedule.takeDue(kStart, kAll).size(), 2);
    schedule.recordResult(running(QStringLiteral("video_waiting"), 10), kStart);

    schedule.refreshAllNow(kStart + 700);
    QCOMPARE(schedule.dueCount(kStart + 700, kAll), 1);
    QCOMPARE(schedule.takeDue(kStart + 700, kAll), QStringList{QStringLiteral("video_waiting")});
    QCOMPARE(schedule.inFlightCount(), 2);
    QCOMPARE(schedule.task(QStringLiteral("video_busy"))->requests, 1);
}

// ---- list answers, abandoned requests, profile errors ----

void PollScheduleTest::listedStateUpdatesWaitingTaskWithoutRequest()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    qint64 now = kStart;
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    schedule.recordResult(running(QStringLiteral("video_a"), 10), now);
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    schedule.recordResult(running(QStringLiteral("video_a"), 10), now);
    QCOMPARE(delayAfter(schedule, QStringLiteral("video_a"), now), qint64(15000));
    QVERIFY(takeWhenDue(schedule, QStringLiteral("video_a"), now));
    schedule.recordResult(errorResult(QStringLiteral("video_a"), ErrorKind::Timeout), now);
    QCOMPARE(schedule.task(QStringLiteral("video_a"))->requests, 3);

    const qint64 listedAt = now + 1000;
    const PollOutcome outcome
        = schedule.recordListed(videoTask(QStringLiteral("video_a"), TaskStatus::InProgress, 55), listedAt);
    QVERIFY(outcome.known);
    QVERIFY(outcome.progressChanged);
    QVERIFY(!outcome.statusChanged);
    QVERIFY(outcome.errorChanged);
    QCOMPARE(outcome.previousStatus, std::optional<TaskStatus>(TaskStatus::InProgress));

    const ScheduledTask* task = schedule.task(QStringLiteral("video_a"));
    QCOMPARE(task->requests, 3);
    QCOMPARE(task->lastGood->progress, std::optional<int>(55));
    QVERIFY(!task->lastError.isError());
    QCOMPARE(task->errorDelayMs, qint64(0));
    QCOMPARE(task->dueAtMs, listedAt + 10000);
    QCOMPARE(schedule.inFlightCount(), 0);
    QCOMPARE(schedule.dueCount(listedAt + 9999, kAll), 0);

    // An unchanged listing backs off like an unchanged answer.
    schedule.recordListed(videoTask(QStringLiteral("video_a"), TaskStatus::InProgress, 55), listedAt + 500);
    QCOMPARE(task->dueAtMs, listedAt + 500 + 15000);
    QCOMPARE(task->requests, 3);
}

void PollScheduleTest::listedTerminalStateFinishesTask()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart, videoTask(QStringLiteral("video_a"), TaskStatus::Queued));

    const PollOutcome outcome
        = schedule.recordListed(videoTask(QStringLiteral("video_a"), TaskStatus::Success, 100), kStart + 10);
    QVERIFY(outcome.known);
    QVERIFY(outcome.finished);
    QCOMPARE(outcome.previousStatus, std::optional<TaskStatus>(TaskStatus::Queued));
    QVERIFY(schedule.task(QStringLiteral("video_a"))->stopped);
    QCOMPARE(schedule.activeCount(), 0);
    QVERIFY(schedule.takeDue(kFarFuture, kAll).isEmpty());
}

void PollScheduleTest::listedStateIsIgnoredForTasksNotWaiting_data()
{
    QTest::addColumn<QString>("situation");

    QTest::newRow("in flight") << QStringLiteral("in flight");
    QTest::newRow("stopped") << QStringLiteral("stopped");
    QTest::newRow("unknown") << QStringLiteral("unknown");
}

void PollScheduleTest::listedStateIsIgnoredForTasksNotWaiting()
{
    QFETCH(QString, situation);

    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    const QString id = QStringLiteral("video_a");
    if (situation == QLatin1String("in flight")) {
        schedule.addTask(id, kStart, videoTask(id, TaskStatus::Queued));
        QCOMPARE(schedule.takeDue(kStart, kAll), QStringList{id});
    } else if (situation == QLatin1String("stopped")) {
        schedule.addTask(id, kStart, videoTask(id, TaskStatus::Failure));
    } else {
        schedule.addTask(QStringLiteral("video_other"), kStart);
    }
    const std::optional<qint64> dueBefore
        = schedule.task(id) ? std::optional<qint64>(schedule.task(id)->dueAtMs) : std::nullopt;
    const int activeBefore = schedule.activeCount();
    const int inFlightBefore = schedule.inFlightCount();

    const PollOutcome outcome = schedule.recordListed(videoTask(id, TaskStatus::Success, 100), kStart + 10);
    QVERIFY(!outcome.known);
    QVERIFY(!outcome.anythingChanged());
    QVERIFY(!outcome.finished);
    QCOMPARE(schedule.activeCount(), activeBefore);
    QCOMPARE(schedule.inFlightCount(), inFlightBefore);
    if (const ScheduledTask* task = schedule.task(id)) {
        QCOMPARE(std::optional<qint64>(task->dueAtMs), dueBefore);
        QVERIFY(task->lastGood);
        QVERIFY(task->lastGood->status != TaskStatus::Success);
    } else {
        QVERIFY(!schedule.contains(id));
        QCOMPARE(schedule.taskCount(), 1);
    }
}

void PollScheduleTest::abandonedRequestMakesTaskDueNowAgain()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    QCOMPARE(schedule.takeDue(kStart, kAll), QStringList{QStringLiteral("video_a")});
    QCOMPARE(schedule.inFlightCount(), 1);

    schedule.recordAbandoned(QStringLiteral("video_a"), kStart + 800);
    QCOMPARE(schedule.inFlightCount(), 0);
    const ScheduledTask* task = schedule.task(QStringLiteral("video_a"));
    QVERIFY(!task->inFlight);
    QCOMPARE(task->dueAtMs, kStart + 800);
    QVERIFY(!task->lastError.isError());
    QCOMPARE(schedule.activeCount(), 1);
    QCOMPARE(schedule.takeDue(kStart + 800, kAll), QStringList{QStringLiteral("video_a")});
}

void PollScheduleTest::abandonedIsIgnoredForTaskNotInFlight()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart + 5000);

    schedule.recordAbandoned(QStringLiteral("video_a"), kStart);
    schedule.recordAbandoned(QStringLiteral("video_unknown"), kStart);
    QCOMPARE(schedule.inFlightCount(), 0);
    QCOMPARE(schedule.task(QStringLiteral("video_a"))->dueAtMs, kStart + 5000);
    QVERIFY(schedule.takeDue(kStart, kAll).isEmpty());
}

void PollScheduleTest::profileErrorUnauthorizedRejectsKey()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);

    const PollOutcome outcome
        = schedule.recordProfileError(errorResult(QString(), ErrorKind::Unauthorized), kStart + 10);
    QVERIFY(outcome.keyRejected);
    QVERIFY(!outcome.rateLimited);
    QVERIFY(schedule.keyRejected());
    QVERIFY(!schedule.canSend(kFarFuture));
    QVERIFY(schedule.takeDue(kFarFuture, kAll).isEmpty());
    // No task takes the blame for a list request.
    QVERIFY(!schedule.task(QStringLiteral("video_a"))->lastError.isError());
}

void PollScheduleTest::profileErrorRateLimitPausesProfile()
{
    ScriptedRandom rng(0.5);
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);

    PollOutcome outcome
        = schedule.recordProfileError(errorResult(QString(), ErrorKind::RateLimited, QString(), qint64(12000)), kStart);
    QVERIFY(outcome.rateLimited);
    QVERIFY(!outcome.keyRejected);
    QCOMPARE(schedule.profilePausedUntilMs(), kStart + 12000);
    QVERIFY(schedule.takeDue(kStart + 11999, kAll).isEmpty());
    QVERIFY(!schedule.task(QStringLiteral("video_a"))->lastError.isError());

    // Without a hint, the profile backoff applies; the hinted 429 before was the first of the run.
    const qint64 now = kStart + 12000;
    outcome = schedule.recordProfileError(errorResult(QString(), ErrorKind::RateLimited), now);
    QVERIFY(outcome.rateLimited);
    QCOMPARE(schedule.profilePausedUntilMs(), now + 4000);
    schedule.recordProfileError(errorResult(QString(), ErrorKind::RateLimited), now + 4000);
    QCOMPARE(schedule.profilePausedUntilMs(), now + 4000 + 8000);
    QCOMPARE(schedule.takeDue(now + 12000, kAll), QStringList{QStringLiteral("video_a")});
}

void PollScheduleTest::profileErrorOfOtherKindsDoesNothing_data()
{
    QTest::addColumn<ErrorKind>("kind");

    QTest::newRow("not_found") << ErrorKind::NotFound;
    QTest::newRow("server_error") << ErrorKind::ServerError;
    QTest::newRow("invalid_response") << ErrorKind::InvalidResponse;
    QTest::newRow("too_large") << ErrorKind::TooLarge;
    QTest::newRow("timeout") << ErrorKind::Timeout;
    QTest::newRow("network") << ErrorKind::Network;
    QTest::newRow("invalid_id") << ErrorKind::InvalidId;
}

void PollScheduleTest::profileErrorOfOtherKindsDoesNothing()
{
    QFETCH(ErrorKind, kind);

    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);

    const PollOutcome outcome
        = schedule.recordProfileError(errorResult(QString(), kind, QString(), qint64(60000)), kStart);
    QVERIFY(!outcome.known);
    QVERIFY(!outcome.keyRejected);
    QVERIFY(!outcome.rateLimited);
    QVERIFY(!outcome.gaveUp);
    QVERIFY(!outcome.anythingChanged());
    QVERIFY(!schedule.keyRejected());
    QCOMPARE(schedule.profilePausedUntilMs(), qint64(0));
    QVERIFY(schedule.canSend(kStart));
    QCOMPARE(schedule.activeCount(), 1);
    QVERIFY(!schedule.task(QStringLiteral("video_a"))->lastError.isError());
    QCOMPARE(schedule.takeDue(kStart, kAll), QStringList{QStringLiteral("video_a")});
}

// ---- removal and scale ----

void PollScheduleTest::removingInFlightTaskFixesCounts()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    schedule.addTask(QStringLiteral("video_b"), kStart);
    QCOMPARE(schedule.takeDue(kStart, kAll).size(), 2);
    QCOMPARE(schedule.inFlightCount(), 2);

    schedule.removeTask(QStringLiteral("video_a"));
    QVERIFY(!schedule.contains(QStringLiteral("video_a")));
    QCOMPARE(schedule.task(QStringLiteral("video_a")), nullptr);
    QCOMPARE(schedule.taskCount(), 1);
    QCOMPARE(schedule.inFlightCount(), 1);
    QCOMPARE(schedule.activeCount(), 1);

    // The answer of the removed task's request arrives anyway: nothing to update.
    const PollOutcome late = schedule.recordResult(running(QStringLiteral("video_a"), 50), kStart + 100);
    QVERIFY(!late.known);
    QCOMPARE(schedule.inFlightCount(), 1);
    QCOMPARE(schedule.activeCount(), 1);
    QCOMPARE(schedule.taskCount(), 1);

    schedule.removeTask(QStringLiteral("video_a"));
    schedule.removeTask(QStringLiteral("video_b"));
    QCOMPARE(schedule.inFlightCount(), 0);
    QCOMPARE(schedule.activeCount(), 0);
    QCOMPARE(schedule.taskCount(), 0);
    QCOMPARE(schedule.nextDueMs(), std::nullopt);
}

void PollScheduleTest::removingStoppedTaskKeepsActiveCount()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_done"), kStart,
                     videoTask(QStringLiteral("video_done"), TaskStatus::Success, 100));
    schedule.addTask(QStringLiteral("video_waiting"), kStart + 100);
    QCOMPARE(schedule.activeCount(), 1);

    schedule.removeTask(QStringLiteral("video_done"));
    QCOMPARE(schedule.activeCount(), 1);
    QCOMPARE(schedule.taskCount(), 1);
    schedule.removeTask(QStringLiteral("video_waiting"));
    QCOMPARE(schedule.activeCount(), 0);
    QCOMPARE(schedule.nextDueMs(), std::nullopt);
}

// Not a timing test: a large profile handled in batches must come out with consistent bookkeeping.
void PollScheduleTest::tenThousandTasksInBatchesKeepCountsConsistent()
{
    constexpr int kTasks = 10000;
    constexpr int kBatch = 100;

    ScriptedRandom rng(0.5);
    PollSchedule schedule(PollSettings{}, rng.source());
    for (int i = 0; i < kTasks; ++i)
        schedule.addTask(QStringLiteral("video_%1").arg(i, 5, 10, QLatin1Char('0')), kStart + i / 10);
    QCOMPARE(schedule.taskCount(), kTasks);
    QCOMPARE(schedule.activeCount(), kTasks);

    int finished = 0;
    int gaveUp = 0;
    qint64 now = kStart;
    for (int round = 0; round < 3; ++round) {
        QVERIFY(schedule.nextDueMs());
        // Later than any delay so far (at most 66 s when unchanged, 8.8 s after errors): everyone is due.
        now = std::max(now, *schedule.nextDueMs()) + 60000 * 2;
        const int activeAtStart = schedule.activeCount();
        QCOMPARE(schedule.dueCount(now, kAll), activeAtStart);
        QSet<QString> seen;
        for (;;) {
            const QStringList batch = schedule.takeDue(now, kBatch);
            if (batch.isEmpty())
                break;
            QVERIFY(batch.size() <= kBatch);
            QCOMPARE(schedule.inFlightCount(), int(batch.size()));
            for (const QString& id : batch) {
                QVERIFY2(!seen.contains(id), qPrintable(id));
                seen.insert(id);
                const int number = id.mid(6).toInt();
                PollOutcome outcome;
                if (number % 10 == round) {
                    outcome = schedule.recordResult(okResult(videoTask(id, TaskStatus::Success, 100)), now);
                    QVERIFY(outcome.finished);
                    ++finished;
                } else if (number % 97 == 0) {
                    outcome = schedule.recordResult(errorResult(id, ErrorKind::InvalidId), now);
                    QVERIFY(outcome.gaveUp);
                    ++gaveUp;
                } else if (number % 7 == 0) {
                    outcome = schedule.recordResult(errorResult(id, ErrorKind::ServerError), now);
                } else {
                    outcome = schedule.recordResult(running(id, round * 10 + number % 3), now);
                }
                QVERIFY(outcome.known);
            }
            QCOMPARE(schedule.inFlightCount(), 0);
        }
        QCOMPARE(schedule.inFlightCount(), 0);
        QCOMPARE(schedule.activeCount(), kTasks - finished - gaveUp);
        QCOMPARE(int(seen.size()), activeAtStart);
    }
    QVERIFY(finished > 0);
    QVERIFY(gaveUp > 0);
    QCOMPARE(schedule.taskCount(), kTasks);
    QCOMPARE(schedule.activeCount(), kTasks - finished - gaveUp);
    // Every task still active is waiting exactly once; the stopped ones are nowhere.
    QCOMPARE(schedule.dueCount(kFarFuture, kAll), schedule.activeCount());
    QCOMPARE(schedule.takeDue(kFarFuture, kAll).size(), schedule.activeCount());
    QCOMPARE(schedule.inFlightCount(), schedule.activeCount());
}

// ---- fairness and freshness at scale ----

void PollScheduleTest::refreshNowJumpsAheadOfEveryDueTask()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    for (int i = 0; i < 100; ++i)
        schedule.addTask(QStringLiteral("video_%1").arg(i, 3, 10, QLatin1Char('0')), kStart);
    QCOMPARE(schedule.takeDue(kStart, 1), QStringList{QStringLiteral("video_000")});
    schedule.recordResult(running(QStringLiteral("video_000"), 10), kStart);

    // Every other task is overdue; the one the user asks for (already answered once, and one never
    // asked) goes before all of them, in the order asked.
    schedule.refreshNow(QStringLiteral("video_000"), kStart + 100);
    schedule.refreshNow(QStringLiteral("video_099"), kStart + 100);
    // Asking again for one already waiting keeps its place rather than sending it behind the other.
    schedule.refreshNow(QStringLiteral("video_000"), kStart + 100);
    QCOMPARE(schedule.urgentCount(), 2);
    QCOMPARE(schedule.nextDueMs(), std::optional<qint64>(kStart));
    QCOMPARE(schedule.takeDue(kStart + 100, 3),
             (QStringList{QStringLiteral("video_000"), QStringLiteral("video_099"), QStringLiteral("video_001")}));
    QCOMPARE(schedule.urgentCount(), 0);

    // An urgent task removed or answered leaves the urgent lane with no trace.
    schedule.refreshNow(QStringLiteral("video_050"), kStart + 200);
    schedule.removeTask(QStringLiteral("video_050"));
    QCOMPARE(schedule.urgentCount(), 0);
    QCOMPARE(schedule.dueCount(kStart + 200, kAll), 96);
}

void PollScheduleTest::refreshNowSkipsPausedTasks()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    schedule.addTask(QStringLiteral("video_a"), kStart);
    schedule.setTaskPaused(QStringLiteral("video_a"), true, kStart);
    schedule.refreshNow(QStringLiteral("video_a"), kStart);
    QCOMPARE(schedule.urgentCount(), 0);
    QVERIFY(schedule.takeDue(kFarFuture, kAll).isEmpty());
    // Paused while urgent: out of every lane until resumed.
    schedule.setTaskPaused(QStringLiteral("video_a"), false, kStart);
    schedule.refreshNow(QStringLiteral("video_a"), kStart);
    schedule.setTaskPaused(QStringLiteral("video_a"), true, kStart);
    QCOMPARE(schedule.urgentCount(), 0);
    QCOMPARE(schedule.dueCount(kFarFuture, kAll), 0);
}

void PollScheduleTest::firstLooksAndRepollsTakeTurns()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    // Three tasks on screen (answered), then six new ones added a little later.
    for (const char* id : {"video_s1", "video_s2", "video_s3"})
        schedule.addTask(QString::fromLatin1(id), kStart);
    QCOMPARE(schedule.takeDue(kStart, kAll).size(), 3);
    for (const char* id : {"video_s1", "video_s2", "video_s3"})
        schedule.recordResult(running(QString::fromLatin1(id), 10), kStart);
    for (int i = 1; i <= 6; ++i)
        schedule.addTask(QStringLiteral("video_n%1").arg(i), kStart + 1000);
    QCOMPARE(schedule.awaitingFirstLook(), 6);

    // By the time the shown ones are due again, all are due: the lanes alternate, each oldest first,
    // and the first looks take the rest once the re-polls are done.
    const QStringList order = schedule.takeDue(kStart + 20000, kAll);
    QCOMPARE(order,
             (QStringList{QStringLiteral("video_n1"), QStringLiteral("video_s1"), QStringLiteral("video_n2"),
                          QStringLiteral("video_s2"), QStringLiteral("video_n3"), QStringLiteral("video_s3"),
                          QStringLiteral("video_n4"), QStringLiteral("video_n5"), QStringLiteral("video_n6")}));
}

void PollScheduleTest::storedTasksConfirmedLongestAgoGoFirst()
{
    ScriptedRandom rng;
    PollSchedule schedule(PollSettings{}, rng.source());
    const VideoTask queued = videoTask(QStringLiteral("x"), TaskStatus::Queued);
    const auto add = [&](const QString& id, std::optional<qint64> agoMs) {
        VideoTask known = queued;
        known.id = id;
        schedule.addTask(id, kStart, known, agoMs);
    };
    add(QStringLiteral("video_minute"), 60 * 1000);
    add(QStringLiteral("video_day"), 24 * 3600 * 1000);
    add(QStringLiteral("video_unknown"), std::nullopt); // never confirmed: due at once, like a new task
    add(QStringLiteral("video_hour"), 3600 * 1000);
    add(QStringLiteral("video_now"), 2000); // confirmed 2 s ago: due a base interval after that

    // Stored tasks with a known state are not first looks: the board shows them already.
    QCOMPARE(schedule.awaitingFirstLook(), 0);
    QCOMPARE(schedule.takeDue(kStart + 1000, kAll),
             (QStringList{QStringLiteral("video_day"), QStringLiteral("video_hour"), QStringLiteral("video_minute"),
                          QStringLiteral("video_unknown")}));
    QCOMPARE(schedule.task(QStringLiteral("video_now"))->dueAtMs, kStart - 2000 + PollSettings{}.baseIntervalMs);
}

void PollScheduleTest::firstPassIsCountedAndPaced()
{
    ScriptedRandom rng;
    PollSchedule schedule(settingsWithoutSpread(), rng.source());
    QCOMPARE(schedule.firstPassSize(), 0);
    for (int i = 0; i < 10; ++i)
        schedule.addTask(QStringLiteral("video_%1").arg(i), kStart);
    QCOMPARE(schedule.firstPassSize(), 10);
    QCOMPARE(schedule.awaitingFirstLook(), 10);
    QCOMPARE(schedule.firstPassRemainingMs(kStart), std::nullopt); // no pace yet

    // One first look a second: after four of them, six are left, about six seconds.
    qint64 now = kStart;
    for (int i = 0; i < 4; ++i) {
        const QString id = schedule.takeDue(now, 1).constFirst();
        schedule.recordResult(running(id, 10), now);
        now += 1000;
    }
    QCOMPARE(schedule.awaitingFirstLook(), 6);
    QCOMPARE(schedule.firstPassSize(), 10);
    const std::optional<qint64> remaining = schedule.firstPassRemainingMs(now - 1000);
    QVERIFY(remaining);
    QCOMPARE(*remaining, 6000);

    // An answer about the task counts as its first look (an invalid ID, say); a fault of the server,
    // the network or the profile tells nothing about it and leaves it waiting. A removal leaves the
    // pass without counting as looked at.
    QString id = schedule.takeDue(now, 1).constFirst();
    for (const ErrorKind kind : {ErrorKind::ServerError, ErrorKind::Timeout, ErrorKind::Network}) {
        schedule.recordResult(errorResult(id, kind), now);
        QCOMPARE(schedule.awaitingFirstLook(), 6);
        QVERIFY(schedule.task(id)->lane == Reelwatch::PollLane::FirstLook);
    }
    schedule.recordResult(errorResult(id, ErrorKind::InvalidId), now);
    QCOMPARE(schedule.awaitingFirstLook(), 5);
    schedule.removeTask(schedule.takeDue(now, 1).constFirst());
    QCOMPARE(schedule.awaitingFirstLook(), 4);
    QCOMPARE(schedule.firstPassSize(), 9);

    // Finishing the pass ends it; a task added later starts a new one of its own.
    while (!schedule.takeDue(kFarFuture, 1).isEmpty()) { }
    for (const QString& left : schedule.taskIds()) {
        if (schedule.task(left)->inFlight)
            schedule.recordResult(running(left, 20), now);
    }
    QCOMPARE(schedule.awaitingFirstLook(), 0);
    QCOMPARE(schedule.firstPassSize(), 0);
    QCOMPARE(schedule.firstPassRemainingMs(now), std::optional<qint64>(0));
    schedule.addTask(QStringLiteral("video_late"), now);
    QCOMPARE(schedule.firstPassSize(), 1);
}

namespace {

// Drives a schedule the way the poller does under a request budget: at most `perSecond` requests a
// second, each answered at once with an unchanged running state. Calls `answered(id, nowMs)` for each.
void driveAtBudget(PollSchedule& schedule, int perSecond, qint64 fromMs, qint64 untilMs,
                   const std::function<void(const QString&, qint64)>& answered)
{
    const qint64 step = 1000 / perSecond;
    for (qint64 now = fromMs; now < untilMs; now += step) {
        const QStringList due = schedule.takeDue(now, 1);
        if (due.isEmpty())
            continue;
        schedule.recordResult(running(due.constFirst(), 10), now);
        answered(due.constFirst(), now);
    }
}

} // namespace

void PollScheduleTest::firstPassDoesNotHoldBackTasksOnScreen()
{
    // 2,000 new tasks at 5 requests a second: the first pass takes minutes. A task answered at the
    // start must be asked again long before that pass ends, not after every other task's first look.
    ScriptedRandom rng;
    PollSettings settings;
    PollSchedule schedule(settings, rng.source());
    constexpr int kTasks = 2000;
    for (int i = 0; i < kTasks; ++i)
        schedule.addTask(QStringLiteral("task_%1").arg(i, 6, 10, QLatin1Char('0')), kStart);

    QHash<QString, qint64> lastAnswer;
    qint64 longestGap = 0;
    qint64 firstPassEnd = 0;
    driveAtBudget(schedule, 5, kStart, kStart + 20 * 60 * 1000, [&](const QString& id, qint64 now) {
        if (const auto it = lastAnswer.constFind(id); it != lastAnswer.constEnd())
            longestGap = std::max(longestGap, now - *it);
        lastAnswer.insert(id, now);
        if (!firstPassEnd && schedule.awaitingFirstLook() == 0)
            firstPassEnd = now;
    });
    QVERIFY(firstPassEnd > 0);
    // The lanes share the budget, so the pass takes longer than 400 s, but bounded: at most twice.
    QVERIFY2(firstPassEnd - kStart <= 2 * kTasks * 1000 / 5, qPrintable(QString::number(firstPassEnd - kStart)));
    // Re-polls keep up with the tasks on screen during the pass: nobody waits for its whole length.
    QVERIFY2(longestGap < firstPassEnd - kStart, qPrintable(QString::number(longestGap)));
    const qint64 firstTaskSecondAsk = [&] {
        qint64 second = 0;
        int seen = 0;
        PollSchedule replay(settings, rng.source());
        for (int i = 0; i < kTasks; ++i)
            replay.addTask(QStringLiteral("task_%1").arg(i, 6, 10, QLatin1Char('0')), kStart);
        driveAtBudget(replay, 5, kStart, kStart + 20 * 60 * 1000, [&](const QString& id, qint64 now) {
            if (id == QStringLiteral("task_000000") && ++seen == 2 && !second)
                second = now;
        });
        return second;
    }();
    QVERIFY(firstTaskSecondAsk > 0);
    QVERIFY2(firstTaskSecondAsk - kStart < 60 * 1000, qPrintable(QString::number(firstTaskSecondAsk - kStart)));
}

void PollScheduleTest::budgetBoundSweepAsksEveryTaskWithinItsLength()
{
    // Once every task is on screen and the budget cannot keep up with the intervals, polling turns
    // into a sweep: a task falls due its interval after its answer and then has at most every other
    // task ahead of it, so it is asked again within its interval plus tasks / budget; none starves.
    ScriptedRandom rng;
    PollSchedule schedule(PollSettings{}, rng.source());
    constexpr int kTasks = 600;
    constexpr int kPerSecond = 5;
    for (int i = 0; i < kTasks; ++i)
        schedule.addTask(QStringLiteral("task_%1").arg(i), kStart);
    QHash<QString, qint64> lastAnswer;
    qint64 longestGap = 0;
    const qint64 settled = kStart + 10 * 60 * 1000;
    driveAtBudget(schedule, kPerSecond, kStart, kStart + 30 * 60 * 1000, [&](const QString& id, qint64 now) {
        if (const auto it = lastAnswer.constFind(id); it != lastAnswer.constEnd() && now > settled)
            longestGap = std::max(longestGap, now - *it);
        lastAnswer.insert(id, now);
    });
    QCOMPARE(int(lastAnswer.size()), kTasks);
    const PollSettings settings;
    const qint64 bound = qint64(kTasks) * 1000 / kPerSecond
        + qint64(settings.maxIntervalMs * (1 + settings.jitterFraction)) + 1000 / kPerSecond;
    QVERIFY2(longestGap <= bound, qPrintable(QStringLiteral("%1 > %2").arg(longestGap).arg(bound)));
}

QTEST_APPLESS_MAIN(PollScheduleTest)

#include "tst_pollschedule.moc"

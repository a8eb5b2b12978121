#include "core/statustext.h"
#include "core/taskstatus.h"
#include "qtestprinters.h"

#include <QTest>

using Reelwatch::TaskStatus;

class TaskStatusTest : public QObject
{
    Q_OBJECT

private slots:
    void wireNameRoundTrips_data();
    void wireNameRoundTrips();
    void statusFromWireNameRejectsOtherSpellings_data();
    void statusFromWireNameRejectsOtherSpellings();
    void statusFromWireNameAcceptsNullOkPointer();
    void isTerminal_data();
    void isTerminal();
    void normaliseStatus_data();
    void normaliseStatus();
    void normaliseStatusMapsEveryWireNameToItself();
    void statusTextNamesEachStatusOnce_data();
    void statusTextNamesEachStatusOnce();
};

namespace {

const QList<TaskStatus> kAllStatuses
    = {TaskStatus::NotStart, TaskStatus::Submitted, TaskStatus::Queued, TaskStatus::InProgress,
       TaskStatus::Success,  TaskStatus::Failure,   TaskStatus::Unknown};

} // namespace

void TaskStatusTest::wireNameRoundTrips_data()
{
    QTest::addColumn<TaskStatus>("status");
    QTest::addColumn<QString>("wireName");

    QTest::newRow("NOT_START") << TaskStatus::NotStart << QStringLiteral("NOT_START");
    QTest::newRow("SUBMITTED") << TaskStatus::Submitted << QStringLiteral("SUBMITTED");
    QTest::newRow("QUEUED") << TaskStatus::Queued << QStringLiteral("QUEUED");
    QTest::newRow("IN_PROGRESS") << TaskStatus::InProgress << QStringLiteral("IN_PROGRESS");
    QTest::newRow("SUCCESS") << TaskStatus::Success << QStringLiteral("SUCCESS");
    QTest::newRow("FAILURE") << TaskStatus::Failure << QStringLiteral("FAILURE");
    QTest::newRow("UNKNOWN") << TaskStatus::Unknown << QStringLiteral("UNKNOWN");
}

void TaskStatusTest::wireNameRoundTrips()
{
    QFETCH(TaskStatus, status);
    QFETCH(QString, wireName);

    QCOMPARE(Reelwatch::statusWireName(status), wireName);

    bool ok = false;
    QCOMPARE(Reelwatch::statusFromWireName(wireName, &ok), status);
    QVERIFY(ok);
}

void TaskStatusTest::statusFromWireNameRejectsOtherSpellings_data()
{
    QTest::addColumn<QString>("text");

    // Wire names are exact: the forgiving reader is normaliseStatus().
    QTest::newRow("lower case") << QStringLiteral("success");
    QTest::newRow("mixed case") << QStringLiteral("Success");
    QTest::newRow("leading space") << QStringLiteral(" SUCCESS");
    QTest::newRow("trailing newline") << QStringLiteral("SUCCESS\n");
    QTest::newRow("dash instead of underscore") << QStringLiteral("IN-PROGRESS");
    QTest::newRow("provider word") << QStringLiteral("COMPLETED");
    QTest::newRow("empty") << QString();
    QTest::newRow("garbage") << QStringLiteral("banana");
}

void TaskStatusTest::statusFromWireNameRejectsOtherSpellings()
{
    QFETCH(QString, text);

    bool ok = true;
    QCOMPARE(Reelwatch::statusFromWireName(text, &ok), TaskStatus::Unknown);
    QVERIFY(!ok);
}

void TaskStatusTest::statusFromWireNameAcceptsNullOkPointer()
{
    QCOMPARE(Reelwatch::statusFromWireName(QStringLiteral("QUEUED")), TaskStatus::Queued);
    QCOMPARE(Reelwatch::statusFromWireName(QStringLiteral("nonsense")), TaskStatus::Unknown);
}

void TaskStatusTest::isTerminal_data()
{
    QTest::addColumn<TaskStatus>("status");
    QTest::addColumn<bool>("terminal");

    QTest::newRow("NOT_START") << TaskStatus::NotStart << false;
    QTest::newRow("SUBMITTED") << TaskStatus::Submitted << false;
    QTest::newRow("QUEUED") << TaskStatus::Queued << false;
    QTest::newRow("IN_PROGRESS") << TaskStatus::InProgress << false;
    QTest::newRow("SUCCESS") << TaskStatus::Success << true;
    QTest::newRow("FAILURE") << TaskStatus::Failure << true;
    QTest::newRow("UNKNOWN") << TaskStatus::Unknown << false;
}

void TaskStatusTest::isTerminal()
{
    QFETCH(TaskStatus, status);
    QFETCH(bool, terminal);

    QCOMPARE(Reelwatch::isTerminal(status), terminal);
}

void TaskStatusTest::normaliseStatus_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<TaskStatus>("expected");

    const auto row = [](const char* tag, const char* raw, TaskStatus expected) {
        QTest::newRow(tag) << QString::fromUtf8(raw) << expected;
    };

    // The seed contract, upper case.
    row("seed NOT_START", "NOT_START", TaskStatus::NotStart);
    row("seed SUBMITTED", "SUBMITTED", TaskStatus::Submitted);
    row("seed QUEUED", "QUEUED", TaskStatus::Queued);
    row("seed IN_PROGRESS", "IN_PROGRESS", TaskStatus::InProgress);
    row("seed SUCCESS", "SUCCESS", TaskStatus::Success);
    row("seed FAILURE", "FAILURE", TaskStatus::Failure);
    row("seed UNKNOWN", "UNKNOWN", TaskStatus::Unknown);

    // OpenAI video object.
    row("openai queued", "queued", TaskStatus::Queued);
    row("openai in_progress", "in_progress", TaskStatus::InProgress);
    row("openai completed", "completed", TaskStatus::Success);
    row("openai failed", "failed", TaskStatus::Failure);

    // Kling.
    row("kling submitted", "submitted", TaskStatus::Submitted);
    row("kling processing", "processing", TaskStatus::InProgress);
    row("kling succeed", "succeed", TaskStatus::Success);
    row("kling failed", "failed", TaskStatus::Failure);

    // Runway.
    row("runway PENDING", "PENDING", TaskStatus::Queued);
    row("runway THROTTLED", "THROTTLED", TaskStatus::Queued);
    row("runway RUNNING", "RUNNING", TaskStatus::InProgress);
    row("runway SUCCEEDED", "SUCCEEDED", TaskStatus::Success);
    row("runway FAILED", "FAILED", TaskStatus::Failure);
    row("runway CANCELLED", "CANCELLED", TaskStatus::Failure);

    // Luma.
    row("luma queued", "queued", TaskStatus::Queued);
    row("luma dreaming", "dreaming", TaskStatus::InProgress);
    row("luma completed", "completed", TaskStatus::Success);
    row("luma failed", "failed", TaskStatus::Failure);

    // MiniMax.
    row("minimax Preparing", "Preparing", TaskStatus::NotStart);
    row("minimax Queueing", "Queueing", TaskStatus::Queued);
    row("minimax Processing", "Processing", TaskStatus::InProgress);
    row("minimax Success", "Success", TaskStatus::Success);
    row("minimax Fail", "Fail", TaskStatus::Failure);

    // DashScope.
    row("dashscope PENDING", "PENDING", TaskStatus::Queued);
    row("dashscope RUNNING", "RUNNING", TaskStatus::InProgress);
    row("dashscope SUCCEEDED", "SUCCEEDED", TaskStatus::Success);
    row("dashscope FAILED", "FAILED", TaskStatus::Failure);
    row("dashscope CANCELED", "CANCELED", TaskStatus::Failure);
    row("dashscope UNKNOWN", "UNKNOWN", TaskStatus::Unknown);

    // OpenRouter's additions: a render that will never produce a video.
    row("openrouter cancelled", "cancelled", TaskStatus::Failure);
    row("openrouter expired", "expired", TaskStatus::Failure);

    // Common synonyms.
    row("synonym pending", "pending", TaskStatus::Queued);
    row("synonym processing", "processing", TaskStatus::InProgress);
    row("synonym running", "running", TaskStatus::InProgress);
    row("synonym generating", "generating", TaskStatus::InProgress);
    row("synonym succeeded", "succeeded", TaskStatus::Success);
    row("synonym succeed", "succeed", TaskStatus::Success);
    row("synonym complete", "complete", TaskStatus::Success);
    row("synonym finished", "finished", TaskStatus::Success);
    row("synonym error", "error", TaskStatus::Failure);
    row("synonym fail", "fail", TaskStatus::Failure);
    row("synonym canceled", "canceled", TaskStatus::Failure);

    // Case never matters.
    row("case lower seed word", "in_progress", TaskStatus::InProgress);
    row("case upper provider word", "DREAMING", TaskStatus::InProgress);
    row("case mixed", "SuCcEeDeD", TaskStatus::Success);
    row("case title", "Completed", TaskStatus::Success);

    // Surrounding white space is ignored; dashes and inner spaces read as underscores.
    row("whitespace spaces", "  SUCCESS  ", TaskStatus::Success);
    row("whitespace tabs and newline", "\tfailed\n", TaskStatus::Failure);
    row("whitespace carriage return", "queued\r\n", TaskStatus::Queued);
    row("dash separator", "in-progress", TaskStatus::InProgress);
    row("space separator", "In Progress", TaskStatus::InProgress);
    row("not started with dash", "not-started", TaskStatus::NotStart);

    // Unrecognised words never guess.
    row("unrecognised banana", "banana", TaskStatus::Unknown);
    row("unrecognised empty", "", TaskStatus::Unknown);
    row("unrecognised only whitespace", "   ", TaskStatus::Unknown);
    row("unrecognised prefix of a known word", "SUCCESSFULLY_MAYBE", TaskStatus::Unknown);
    row("unrecognised known word inside", "not_completed_yet", TaskStatus::Unknown);
    row("unrecognised number", "3", TaskStatus::Unknown);
    row("unrecognised inner punctuation", "succ.ess", TaskStatus::Unknown);
}

void TaskStatusTest::normaliseStatus()
{
    QFETCH(QString, raw);
    QFETCH(TaskStatus, expected);

    QCOMPARE(Reelwatch::normaliseStatus(raw), expected);
}

void TaskStatusTest::normaliseStatusMapsEveryWireNameToItself()
{
    for (const TaskStatus status : kAllStatuses) {
        const QString wireName = Reelwatch::statusWireName(status);
        QCOMPARE(Reelwatch::normaliseStatus(wireName), status);
        QCOMPARE(Reelwatch::normaliseStatus(wireName.toLower()), status);
    }
}

void TaskStatusTest::statusTextNamesEachStatusOnce_data()
{
    QTest::addColumn<TaskStatus>("status");
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char* name, TaskStatus status, const char* raw, const char* expected) {
        QTest::newRow(name) << status << QString::fromUtf8(raw) << QString::fromUtf8(expected);
    };
    // The provider's word beside the name only where it says more than the name or the wire name.
    row("seed SUCCESS", TaskStatus::Success, "SUCCESS", "Succeeded");
    row("openai completed", TaskStatus::Success, "completed", "Succeeded (completed)");
    row("runway SUCCEEDED", TaskStatus::Success, "SUCCEEDED", "Succeeded");
    row("kling succeed", TaskStatus::Success, "succeed", "Succeeded");
    row("minimax Success", TaskStatus::Success, "Success", "Succeeded");
    row("seed FAILURE", TaskStatus::Failure, "FAILURE", "Failed");
    row("openai failed", TaskStatus::Failure, "failed", "Failed");
    row("minimax Fail", TaskStatus::Failure, "Fail", "Failed");
    row("openrouter cancelled", TaskStatus::Failure, "cancelled", "Failed (cancelled)");
    row("openai in_progress", TaskStatus::InProgress, "in_progress", "Rendering");
    row("luma dreaming", TaskStatus::InProgress, "dreaming", "Rendering (dreaming)");
    row("queued", TaskStatus::Queued, "queued", "Queued");
    row("minimax Queueing", TaskStatus::Queued, "Queueing", "Queued (Queueing)");
    row("runway THROTTLED", TaskStatus::Queued, "THROTTLED", "Queued (THROTTLED)");
    row("not started", TaskStatus::NotStart, "NOT_START", "Not started");
    row("submitted", TaskStatus::Submitted, "submitted", "Submitted");
    row("a word nobody knows", TaskStatus::Unknown, "warming up", "Unknown (warming up)");
    row("no word", TaskStatus::Unknown, "", "Unknown");
    row("spaces around", TaskStatus::Success, "  completed ", "Succeeded (completed)");
}

void TaskStatusTest::statusTextNamesEachStatusOnce()
{
    QFETCH(TaskStatus, status);
    QFETCH(QString, raw);
    QFETCH(QString, expected);
    QCOMPARE(Reelwatch::StatusText::withRawWord(status, raw), expected);
}

QTEST_APPLESS_MAIN(TaskStatusTest)
#include "tst_taskstatus.moc"

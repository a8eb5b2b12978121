#include "core/videotaskparser.h"
#include "qtestprinters.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QTest>

using Reelwatch::ApiError;
using Reelwatch::ErrorKind;
using Reelwatch::ParsedVideoTask;
using Reelwatch::TaskError;
using Reelwatch::TaskStatus;
using Reelwatch::VideoTask;
using Reelwatch::VideoTaskParser;

Q_DECLARE_METATYPE(Reelwatch::VideoTask)

namespace {

bool readFixture(const QString& name, QByteArray* contents)
{
    QFile file(QStringLiteral(REELWATCH_FIXTURES "/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    *contents = file.readAll();
    return true;
}

template <typename T> QVariant variantOf(const std::optional<T>& value)
{
    return value ? QVariant::fromValue(*value) : QVariant();
}

// The fields every fixture row fills in; the rest stay empty/absent unless a row sets them.
VideoTask task(const char* id, TaskStatus status, const char* rawStatus)
{
    VideoTask expected;
    expected.id = QString::fromUtf8(id);
    expected.status = status;
    expected.rawStatus = QString::fromUtf8(rawStatus);
    return expected;
}

QByteArray json(const char* text)
{
    return QByteArray(text);
}

} // namespace

class VideoTaskParserTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void parsesFixtureFieldByField_data();
    void parsesFixtureFieldByField();
    void rejectsBodiesThatAreNotTasks_data();
    void rejectsBodiesThatAreNotTasks();
    void namesWhatIsWrongWithHostileBodies_data();
    void namesWhatIsWrongWithHostileBodies();
    void rejectsFixturesThatAreNotTasks_data();
    void rejectsFixturesThatAreNotTasks();

    void expectedIdFillsInOnlyWhenBodyHasNone();
    void prefersTaskIdOverNumericRowId();
    void unknownAndOddlyTypedFieldsAreNeverFatal();
    void parseObjectReadsListElements();

    void findsResultUrl_data();
    void findsResultUrl();
    void ignoresResultUrlsThatAreNotWebLinks_data();
    void ignoresResultUrlsThatAreNotWebLinks();

    void progressFromJson_data();
    void progressFromJson();
    void timestampFromJson_data();
    void timestampFromJson();
    void zonelessTimeIsUtcEvenInALocalDaylightSavingGap();
    void looksLikeHtml_data();
    void looksLikeHtml();
};

void VideoTaskParserTest::initTestCase()
{
    // A zone far from UTC, so a zone-less time read as local time instead of UTC would show.
    qputenv("TZ", "IST-5:30");
    QCOMPARE(QDateTime(QDate(2025, 11, 7), QTime(7, 10, 10)).offsetFromUtc(), 5 * 3600 + 30 * 60);
}

void VideoTaskParserTest::parsesFixtureFieldByField_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<VideoTask>("expected");

    {
        VideoTask t = task("video_690d8f3b2c1c8190a2f3e7d5b4c6a918", TaskStatus::Success, "SUCCESS");
        t.object = QStringLiteral("video");
        t.model = QStringLiteral("sora-2");
        t.progress = 100; // finished renders are complete even when the body says nothing
        t.prompt = QStringLiteral("A paper boat drifting down a rain-soaked street at dusk");
        t.size = QStringLiteral("720x1280");
        t.createdAt = 1762499410;
        QTest::newRow("seed success") << QStringLiteral("seed_success.json") << t;
    }
    {
        VideoTask t = task("video_690d91a7e5f48190b1c2d3e4f5a6b7c8", TaskStatus::InProgress, "IN_PROGRESS");
        t.object = QStringLiteral("video");
        t.model = QStringLiteral("sora-2-pro");
        t.prompt = QStringLiteral("Slow dolly shot through a greenhouse full of ferns");
        t.size = QStringLiteral("1280x720");
        t.createdAt = 1762499530;
        QTest::newRow("seed in progress") << QStringLiteral("seed_in_progress.json") << t;
    }
    {
        VideoTask t
            = task("video_68d7512d07848190b3e45da0ecbebcde004da08e1e0678d5", TaskStatus::InProgress, "in_progress");
        t.object = QStringLiteral("video");
        t.model = QStringLiteral("sora-2");
        t.progress = 33;
        t.prompt = QStringLiteral("A calico cat playing a piano on stage");
        t.size = QStringLiteral("1280x720");
        t.seconds = QStringLiteral("8");
        t.createdAt = 1758941485;
        QTest::newRow("openai in progress") << QStringLiteral("openai_in_progress.json") << t;
    }
    {
        VideoTask t = task("video_68d7512d07848190b3e45da0ecbebcde004da08e1e0678d5", TaskStatus::Success, "completed");
        t.object = QStringLiteral("video");
        t.model = QStringLiteral("sora-2");
        t.progress = 100;
        t.prompt = QStringLiteral("A calico cat playing a piano on stage");
        t.size = QStringLiteral("1280x720");
        t.seconds = QStringLiteral("12");
        t.createdAt = 1758941485;
        t.completedAt = 1758941612;
        t.expiresAt = 1759028012;
        QTest::newRow("openai completed") << QStringLiteral("openai_completed.json") << t;
    }
    {
        VideoTask t = task("video_68d75a0e3f5c8190a7d2b1c9e8f70615", TaskStatus::Failure, "failed");
        t.object = QStringLiteral("video");
        t.model = QStringLiteral("sora-2-pro");
        t.progress = 0;
        t.prompt = QStringLiteral("A famous cartoon mouse dancing");
        t.size = QStringLiteral("720x1280");
        t.seconds = QStringLiteral("4");
        t.createdAt = 1758942000;
        t.completedAt = 1758942045;
        t.error = TaskError{QStringLiteral("moderation_blocked"),
                            QStringLiteral("Your request was blocked by our moderation system.")};
        QTest::newRow("openai failed") << QStringLiteral("openai_failed.json") << t;
    }
    {
        // "id" is the gateway's row number; "task_id" names the render. created_at is in milliseconds,
        // finish_time 0 means "not yet", and an empty fail_reason is no error.
        VideoTask t = task("video_7f3a9c21d4e54b8f9a0b1c2d3e4f5a6b", TaskStatus::InProgress, "IN_PROGRESS");
        t.model = QStringLiteral("sora-2");
        t.progress = 30;
        t.prompt = QStringLiteral("Aerial view of a lighthouse in a storm");
        t.size = QStringLiteral("1280x720");
        t.seconds = QStringLiteral("10");
        t.createdAt = 1762499410;
        QTest::newRow("new-api envelope in progress") << QStringLiteral("newapi_envelope_progress.json") << t;
    }
    {
        VideoTask t = task("video_0b9e8d7c6a5f4e3d2c1b0a9f8e7d6c5b", TaskStatus::Failure, "FAILURE");
        t.model = QStringLiteral("sora-2");
        t.progress = 100;
        t.createdAt = 1762499410;
        t.completedAt = 1762499512;
        t.error = TaskError{QString(), QStringLiteral("upstream rejected the prompt: content policy violation")};
        QTest::newRow("new-api envelope failure") << QStringLiteral("newapi_envelope_failure.json") << t;
    }
    {
        VideoTask t = task("video_5c4b3a2918f74e6d8c9b0a1f2e3d4c5b", TaskStatus::Success, "SUCCESS");
        t.model = QStringLiteral("sora-2");
        t.progress = 100;
        t.prompt = QStringLiteral("Macro shot of dew drops on a spider web");
        t.size = QStringLiteral("720x1280");
        t.seconds = QStringLiteral("8");
        t.createdAt = 1762499410;
        t.completedAt = 1762499530;
        t.resultUrl
            = QStringLiteral("https://cdn.gateway.example.com/videos/video_5c4b3a2918f74e6d8c9b0a1f2e3d4c5b.mp4");
        QTest::newRow("new-api envelope success with metadata.url")
            << QStringLiteral("newapi_envelope_success_metadata_url.json") << t;
    }
    {
        VideoTask t = task("CjikY2zEvicAAAAAAABdnw", TaskStatus::Success, "succeed");
        t.progress = 100;
        t.createdAt = 1722769557;
        t.resultUrl = QStringLiteral("https://cdn.klingai.com/bs2/upload-kling-api/7325/videos/8d7c1b7e.mp4");
        QTest::newRow("kling succeed") << QStringLiteral("kling_succeed.json") << t;
    }
    {
        VideoTask t = task("CjikY2zEvicAAAAAAABeaQ", TaskStatus::Failure, "failed");
        t.createdAt = 1722769557;
        t.error = TaskError{QString(), QStringLiteral("Failure to pass the risk control system")};
        QTest::newRow("kling failed") << QStringLiteral("kling_failed.json") << t;
    }
    {
        VideoTask t = task("17f20503-6c24-4c16-946b-35dbbce2af2f", TaskStatus::InProgress, "RUNNING");
        t.progress = 42; // Runway reports 0.42
        t.createdAt = 1719517772;
        QTest::newRow("runway running") << QStringLiteral("runway_running.json") << t;
    }
    {
        VideoTask t = task("0f6b6a3e-2c1d-4b7a-9e8f-5d4c3b2a1f0e", TaskStatus::Failure, "FAILED");
        t.createdAt = 1719517772;
        t.error = TaskError{QStringLiteral("SAFETY.INPUT.TEXT"),
                            QStringLiteral("Your prompt was flagged by our content moderation system.")};
        QTest::newRow("runway failed") << QStringLiteral("runway_failed.json") << t;
    }
    {
        VideoTask t = task("d1968551-6113-4b46-b567-09210c2e79b0", TaskStatus::InProgress, "dreaming");
        t.model = QStringLiteral("ray-2");
        t.prompt = QStringLiteral("A tiger walking through fresh snow"); // from request.prompt
        t.createdAt = 1718749585;
        QTest::newRow("luma dreaming") << QStringLiteral("luma_dreaming.json") << t;
    }
    {
        VideoTask t = task("d1968551-6113-4b46-b567-09210c2e79b0", TaskStatus::Success, "completed");
        t.model = QStringLiteral("ray-2");
        t.progress = 100;
        t.prompt = QStringLiteral("A tiger walking through fresh snow");
        t.createdAt = 1718749585;
        t.resultUrl = QStringLiteral("https://storage.cdn-luma.com/dream_machine/d1968551/watermarked_video0.mp4");
        QTest::newRow("luma completed") << QStringLiteral("luma_completed.json") << t;
    }
    {
        // MiniMax's query answer carries a file_id, not a link.
        VideoTask t = task("176843862716480", TaskStatus::Success, "Success");
        t.progress = 100;
        QTest::newRow("minimax success") << QStringLiteral("minimax_success.json") << t;
    }
    {
        // Zone-less "YYYY-MM-DD HH:MM:SS.mmm" times, read as UTC. orig_prompt is not one of the prompt fields.
        VideoTask t = task("86ecf553-d340-4e21-af6e-a0c6a421c010", TaskStatus::Success, "SUCCEEDED");
        t.progress = 100;
        t.createdAt = 1739358210;
        t.completedAt = 1739358738;
        t.resultUrl = QStringLiteral("https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/1d/f8/20250212/"
                                     "86ecf553.mp4?Expires=1739445138&Signature=abc123");
        QTest::newRow("dashscope succeeded") << QStringLiteral("dashscope_succeeded.json") << t;
    }
    {
        VideoTask t = task("a8532587-fa8c-4ef8-82be-0c46b17950d1", TaskStatus::Failure, "FAILED");
        t.createdAt = 1739358210;
        t.completedAt = 1739358213;
        t.error = TaskError{QStringLiteral("DataInspectionFailed"),
                            QStringLiteral("Input data may contain inappropriate content.")};
        QTest::newRow("dashscope failed") << QStringLiteral("dashscope_failed.json") << t;
    }
    {
        VideoTask t = task("gen-video-1762499410-Zq3pX8r2Lk5mN7vB", TaskStatus::Failure, "expired");
        t.object = QStringLiteral("video");
        t.model = QStringLiteral("openai/sora-2");
        t.prompt = QStringLiteral("Timelapse of clouds rolling over mountains");
        t.size = QStringLiteral("1280x720");
        t.seconds = QStringLiteral("8");
        t.createdAt = 1762499410;
        t.expiresAt = 1762585810;
        QTest::newRow("openrouter expired") << QStringLiteral("openrouter_expired.json") << t;
    }
}

void VideoTaskParserTest::parsesFixtureFieldByField()
{
    QFETCH(QString, fixture);
    QFETCH(VideoTask, expected);

    QByteArray body;
    QVERIFY2(readFixture(fixture, &body), qPrintable(fixture));

    const ParsedVideoTask parsed = VideoTaskParser::parse(body, QStringLiteral("unused_expected_id"));
    QVERIFY2(parsed.ok, qPrintable(parsed.problem.message()));
    QVERIFY(!parsed.problem.isError());

    const VideoTask& actual = parsed.task;
    QCOMPARE(actual.id, expected.id);
    QCOMPARE(actual.object, expected.object);
    QCOMPARE(actual.model, expected.model);
    QCOMPARE(actual.status, expected.status);
    QCOMPARE(actual.rawStatus, expected.rawStatus);
    QCOMPARE(variantOf(actual.progress), variantOf(expected.progress));
    QCOMPARE(actual.prompt, expected.prompt);
    QCOMPARE(actual.size, expected.size);
    QCOMPARE(actual.seconds, expected.seconds);
    QCOMPARE(variantOf(actual.createdAt), variantOf(expected.createdAt));
    QCOMPARE(variantOf(actual.completedAt), variantOf(expected.completedAt));
    QCOMPARE(variantOf(actual.expiresAt), variantOf(expected.expiresAt));
    QCOMPARE(actual.error.has_value(), expected.error.has_value());
    if (expected.error) {
        QCOMPARE(actual.error->code, expected.error->code);
        QCOMPARE(actual.error->message, expected.error->message);
    }
    QCOMPARE(actual.resultUrl, expected.resultUrl);
    QCOMPARE(actual.rawJson, body);
}

void VideoTaskParserTest::rejectsBodiesThatAreNotTasks_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("problemMentions");

    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
    QTest::newRow("only white space") << json(" \r\n\t ") << QStringLiteral("empty");
    QTest::newRow("json array") << json(R"([{"id":"video_a","status":"queued"}])") << QStringLiteral("not an object");
    QTest::newRow("json scalar") << json("42") << QStringLiteral("JSON");
    QTest::newRow("plain text") << json("Bad Gateway") << QStringLiteral("JSON");
    QTest::newRow("no status field") << json(R"({"id":"video_a","model":"sora-2"})") << QStringLiteral("status");
    QTest::newRow("numeric status") << json(R"({"id":"video_a","status":3})") << QStringLiteral("status");
    QTest::newRow("null status") << json(R"({"id":"video_a","status":null})") << QStringLiteral("status");
    QTest::newRow("blank status") << json(R"({"id":"video_a","status":"  "})") << QStringLiteral("status");
    QTest::newRow("object status") << json(R"({"id":"video_a","status":{"name":"queued"}})")
                                   << QStringLiteral("status");
    QTest::newRow("doctype html") << json("<!DOCTYPE html><html><head><title>Login</title></head></html>")
                                  << QStringLiteral("HTML");
}

void VideoTaskParserTest::rejectsBodiesThatAreNotTasks()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, problemMentions);

    const ParsedVideoTask parsed = VideoTaskParser::parse(body, QStringLiteral("video_a"));
    QVERIFY(!parsed.ok);
    QVERIFY2(parsed.problem.message().contains(problemMentions, Qt::CaseInsensitive),
             qPrintable(parsed.problem.message()));
}

void VideoTaskParserTest::namesWhatIsWrongWithHostileBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("reason"); // errorReasonName()
    QTest::addColumn<QString>("words");

    const auto nested = [](int depth) {
        return QByteArray(R"({"id":"video_a","status":"queued","meta":)") + QByteArray(depth, '[')
            + QByteArray(depth, ']') + "}";
    };
    QTest::newRow("latin-1 byte in a string")
        << QByteArray("{\"id\":\"video_a\",\"status\":\"queued\",\"prompt\":\"Caf\xe9\"}") << "invalid_utf8"
        << "the body is not valid UTF-8 (at byte";
    QTest::newRow("lone continuation byte")
        << QByteArray("{\"id\":\"video_a\",\"status\":\"\x80queued\"}") << "invalid_utf8"
        << "the body is not valid UTF-8";
    QTest::newRow("5000 levels deep") << nested(5000) << "nested_too_deep"
                                      << "the body nests JSON deeper than 1024 levels";
    QTest::newRow("status a number") << json(R"({"id":"video_a","status":42})") << "status_not_text"
                                     << "the task status is a number, not a word";
    QTest::newRow("status an object") << json(R"({"id":"video_a","status":{"code":2}})") << "status_not_text"
                                      << "the task status is an object, not a word";
    QTest::newRow("status an array") << json(R"({"id":"video_a","status":["queued"]})") << "status_not_text"
                                     << "the task status is an array, not a word";
    QTest::newRow("status a flag") << json(R"({"id":"video_a","status":true})") << "status_not_text"
                                   << "the task status is true or false, not a word";
    QTest::newRow("status missing") << json(R"({"id":"video_a"})") << "no_task_status"
                                    << "the body has no task status";
    QTest::newRow("other JSON errors") << json(R"({"id":"video_a","status":"queu)") << "invalid_json"
                                       << "the body is not valid JSON (";
}

void VideoTaskParserTest::namesWhatIsWrongWithHostileBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, reason);
    QFETCH(QString, words);

    const ParsedVideoTask parsed = VideoTaskParser::parse(body, QStringLiteral("video_a"));
    QVERIFY(!parsed.ok);
    QCOMPARE(parsed.problem.kind, ErrorKind::InvalidResponse);
    QCOMPARE(errorReasonName(parsed.problem.reason), reason);
    QVERIFY2(parsed.problem.message().startsWith(words), qPrintable(parsed.problem.message()));
    // The reasons survive the task database.
    QCOMPARE(ApiError::fromJson(parsed.problem.toJson()), parsed.problem);

    // Deep, but within what the parser takes: a task like any other.
    QVERIFY(VideoTaskParser::parse(QByteArray(R"({"id":"video_a","status":"queued","meta":)") + QByteArray(500, '[')
                                   + QByteArray(500, ']') + "}")
                .ok);
}

void VideoTaskParserTest::rejectsFixturesThatAreNotTasks_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QString>("problemMentions");

    QTest::newRow("seed 404 error body") << QStringLiteral("error_404_seed.json") << QStringLiteral("status");
    QTest::newRow("gateway task_not_exist") << QStringLiteral("error_task_not_exist.json") << QStringLiteral("status");
    QTest::newRow("nginx html page") << QStringLiteral("html_page.html") << QStringLiteral("HTML");
    QTest::newRow("truncated json") << QStringLiteral("truncated.json") << QStringLiteral("JSON");
}

void VideoTaskParserTest::rejectsFixturesThatAreNotTasks()
{
    QFETCH(QString, fixture);
    QFETCH(QString, problemMentions);

    QByteArray body;
    QVERIFY2(readFixture(fixture, &body), qPrintable(fixture));

    const ParsedVideoTask parsed = VideoTaskParser::parse(body, QStringLiteral("video_a"));
    QVERIFY(!parsed.ok);
    QVERIFY2(parsed.problem.message().contains(problemMentions), qPrintable(parsed.problem.message()));
}

void VideoTaskParserTest::expectedIdFillsInOnlyWhenBodyHasNone()
{
    const ParsedVideoTask anonymous = VideoTaskParser::parse(json(R"({"status":"queued"})"), QStringLiteral("video_a"));
    QVERIFY2(anonymous.ok, qPrintable(anonymous.problem.message()));
    QCOMPARE(anonymous.task.id, QStringLiteral("video_a"));
    QCOMPARE(anonymous.task.status, TaskStatus::Queued);

    const ParsedVideoTask named
        = VideoTaskParser::parse(json(R"({"id":"video_b","status":"queued"})"), QStringLiteral("video_a"));
    QVERIFY2(named.ok, qPrintable(named.problem.message()));
    QCOMPARE(named.task.id, QStringLiteral("video_b"));

    const ParsedVideoTask blankId
        = VideoTaskParser::parse(json(R"({"id":"  ","status":"queued"})"), QStringLiteral("video_a"));
    QVERIFY2(blankId.ok, qPrintable(blankId.problem.message()));
    QCOMPARE(blankId.task.id, QStringLiteral("video_a"));
}

void VideoTaskParserTest::prefersTaskIdOverNumericRowId()
{
    const ParsedVideoTask parsed
        = VideoTaskParser::parse(json(R"({"id":42,"task_id":"video_x","status":"SUBMITTED"})"), QString());
    QVERIFY2(parsed.ok, qPrintable(parsed.problem.message()));
    QCOMPARE(parsed.task.id, QStringLiteral("video_x"));
    QCOMPARE(parsed.task.status, TaskStatus::Submitted);

    const ParsedVideoTask dashscopeStyle = VideoTaskParser::parse(
        json(R"({"request_id":"req-1","output":{"task_id":"task_y","task_status":"PENDING"}})"), QString());
    QVERIFY2(dashscopeStyle.ok, qPrintable(dashscopeStyle.problem.message()));
    QCOMPARE(dashscopeStyle.task.id, QStringLiteral("task_y"));
    QCOMPARE(dashscopeStyle.task.status, TaskStatus::Queued);
    QCOMPARE(dashscopeStyle.task.rawStatus, QStringLiteral("PENDING"));
}

void VideoTaskParserTest::unknownAndOddlyTypedFieldsAreNeverFatal()
{
    const QByteArray body = json(R"({
        "id": "video_odd",
        "status": " Processing ",
        "brand_new_field": {"nested": [1, 2, {"deeper": null}]},
        "flags": [true, false],
        "progress": {"value": 10},
        "created_at": [1762499410],
        "completed_at": "not a time",
        "expires_at": false,
        "prompt": {"text": "hidden"},
        "metadata": "not an object",
        "output": 17,
        "assets": [],
        "task_result": {"videos": "none"},
        "error": 0,
        "x-vendor": "ignored"
    })");
    const ParsedVideoTask parsed = VideoTaskParser::parse(body, QString());
    QVERIFY2(parsed.ok, qPrintable(parsed.problem.message()));
    QCOMPARE(parsed.task.id, QStringLiteral("video_odd"));
    QCOMPARE(parsed.task.status, TaskStatus::InProgress);
    QCOMPARE(parsed.task.rawStatus, QStringLiteral("Processing"));
    QVERIFY(!parsed.task.progress);
    QVERIFY(!parsed.task.createdAt);
    QVERIFY(!parsed.task.completedAt);
    QVERIFY(!parsed.task.expiresAt);
    QVERIFY(parsed.task.prompt.isEmpty());
    QVERIFY(parsed.task.resultUrl.isEmpty());
    QVERIFY(!parsed.task.error);
    QCOMPARE(parsed.task.rawJson, body);
}

void VideoTaskParserTest::parseObjectReadsListElements()
{
    const QJsonObject element{{QStringLiteral("id"), QStringLiteral("video_listed")},
                              {QStringLiteral("object"), QStringLiteral("video")},
                              {QStringLiteral("status"), QStringLiteral("queued")},
                              {QStringLiteral("progress"), 0},
                              {QStringLiteral("created_at"), 1762499410}};
    const ParsedVideoTask parsed = VideoTaskParser::parseObject(element, QStringLiteral("unused"));
    QVERIFY2(parsed.ok, qPrintable(parsed.problem.message()));
    QCOMPARE(parsed.task.id, QStringLiteral("video_listed"));
    QCOMPARE(parsed.task.object, QStringLiteral("video"));
    QCOMPARE(parsed.task.status, TaskStatus::Queued);
    QCOMPARE(variantOf(parsed.task.progress), QVariant(0));
    QCOMPARE(variantOf(parsed.task.createdAt), QVariant(qint64(1762499410)));
    QVERIFY(parsed.task.rawJson.isEmpty()); // only parse() has the bytes

    const ParsedVideoTask missingStatus
        = VideoTaskParser::parseObject(QJsonObject{{QStringLiteral("id"), QStringLiteral("video_a")}});
    QVERIFY(!missingStatus.ok);
    QVERIFY2(missingStatus.problem.message().contains(QStringLiteral("status")),
             qPrintable(missingStatus.problem.message()));
}

void VideoTaskParserTest::findsResultUrl_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("resultUrl");

    const QString link = QStringLiteral("https://cdn.example.com/render/a.mp4");

    QTest::newRow("url") << json(R"({"status":"SUCCESS","url":"https://cdn.example.com/render/a.mp4"})") << link;
    QTest::newRow("video_url") << json(R"({"status":"SUCCESS","video_url":"https://cdn.example.com/render/a.mp4"})")
                               << link;
    QTest::newRow("result_url") << json(R"({"status":"SUCCESS","result_url":"https://cdn.example.com/render/a.mp4"})")
                                << link;
    QTest::newRow("metadata.url") << json(
        R"({"status":"SUCCESS","metadata":{"url":"https://cdn.example.com/render/a.mp4"}})")
                                  << link;
    QTest::newRow("output[0]") << json(R"({"status":"SUCCEEDED","output":["https://cdn.example.com/render/a.mp4"]})")
                               << link;
    QTest::newRow("output.video_url beside a status")
        << json(R"({"status":"SUCCEEDED","output":{"video_url":"https://cdn.example.com/render/a.mp4"}})") << link;
    QTest::newRow("output.video_url in a DashScope body")
        << json(R"({"request_id":"r","output":{"task_status":"SUCCEEDED",)"
                R"("video_url":"https://cdn.example.com/render/a.mp4"}})")
        << link;
    QTest::newRow("assets.video") << json(
        R"({"state":"completed","assets":{"video":"https://cdn.example.com/render/a.mp4"}})")
                                  << link;
    QTest::newRow("content.video_url") << json(
        R"({"status":"succeeded","content":{"video_url":"https://cdn.example.com/render/a.mp4"}})")
                                       << link;
    QTest::newRow("task_result.videos[0].url")
        << json(R"({"task_status":"succeed","task_result":{"videos":[{"url":"https://cdn.example.com/render/a.mp4"},)"
                R"({"url":"https://cdn.example.com/render/b.mp4"}]}})")
        << link;
    QTest::newRow("data.task_result.videos[0].url beside an outer status")
        << json(R"({"status":"succeed","data":{"task_result":{"videos":[)"
                R"({"url":"https://cdn.example.com/render/a.mp4"}]}}})")
        << link;
    QTest::newRow("data.task_result.videos[0].url in an envelope")
        << json(R"({"code":0,"data":{"task_status":"succeed","task_result":{"videos":[)"
                R"({"url":"https://cdn.example.com/render/a.mp4"}]}}})")
        << link;
    QTest::newRow("plain http to a local server")
        << json(R"({"status":"SUCCESS","url":"http://127.0.0.1:8080/v1/videos/video_a/content"})")
        << QStringLiteral("http://127.0.0.1:8080/v1/videos/video_a/content");
    QTest::newRow("surrounding white space trimmed")
        << json(R"({"status":"SUCCESS","url":"  https://cdn.example.com/render/a.mp4\n"})") << link;
    QTest::newRow("earlier candidate wins")
        << json(R"({"status":"SUCCESS","video_url":"https://cdn.example.com/render/b.mp4",)"
                R"("url":"https://cdn.example.com/render/a.mp4"})")
        << link;
    QTest::newRow("none") << json(R"({"status":"SUCCESS"})") << QString();
    QTest::newRow("empty output array") << json(R"({"status":"SUCCESS","output":[]})") << QString();
    QTest::newRow("empty videos array") << json(R"({"task_status":"succeed","task_result":{"videos":[]}})")
                                        << QString();
}

void VideoTaskParserTest::findsResultUrl()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, resultUrl);

    const ParsedVideoTask parsed = VideoTaskParser::parse(body, QStringLiteral("video_a"));
    QVERIFY2(parsed.ok, qPrintable(parsed.problem.message()));
    QCOMPARE(parsed.task.resultUrl, resultUrl);
}

void VideoTaskParserTest::ignoresResultUrlsThatAreNotWebLinks_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("resultUrl");

    const QString fallback = QStringLiteral("https://cdn.example.com/render/b.mp4");
    const auto row = [&fallback](const char* tag, const char* badUrl) {
        // The bad value sits in the first candidate; a good one in a later candidate must still be found.
        const QByteArray body = QByteArray(R"({"status":"SUCCESS","url":)") + badUrl
            + QByteArray(R"(,"video_url":"https://cdn.example.com/render/b.mp4"})");
        QTest::newRow(tag) << body << fallback;
    };
    row("ftp", R"("ftp://files.example.com/a.mp4")");
    row("file", R"("file:///etc/passwd")");
    row("javascript", R"x("javascript:alert(1)")x");
    row("data uri", R"("data:video/mp4;base64,AAAAIGZ0eXBpc29t")");
    row("relative path", R"("/v1/videos/video_a/content")");
    row("no scheme", R"("cdn.example.com/render/a.mp4")");
    row("scheme without host", R"("https://")");
    row("prose", R"("not a url at all")");
    row("number", "42");
    row("object", R"({"href":"https://cdn.example.com/render/a.mp4"})");

    QTest::newRow("only a non-web link") << json(R"({"status":"SUCCESS","output":["file:///tmp/a.mp4"]})") << QString();
}

void VideoTaskParserTest::ignoresResultUrlsThatAreNotWebLinks()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, resultUrl);

    const ParsedVideoTask parsed = VideoTaskParser::parse(body, QStringLiteral("video_a"));
    QVERIFY2(parsed.ok, qPrintable(parsed.problem.message()));
    QCOMPARE(parsed.task.resultUrl, resultUrl);
}

void VideoTaskParserTest::progressFromJson_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QVariant>("expected"); // an int, or invalid for "no progress"

    const QVariant none;
    QTest::newRow("int 30") << QJsonValue(30) << QVariant(30);
    QTest::newRow("int 0") << QJsonValue(0) << QVariant(0);
    QTest::newRow("int 100") << QJsonValue(100) << QVariant(100);
    QTest::newRow("int 1 is a percentage") << QJsonValue(1) << QVariant(1);
    QTest::newRow("string 30%") << QJsonValue(QStringLiteral("30%")) << QVariant(30);
    QTest::newRow("string 30") << QJsonValue(QStringLiteral("30")) << QVariant(30);
    QTest::newRow("string padded 30 %") << QJsonValue(QStringLiteral(" 30 % ")) << QVariant(30);
    QTest::newRow("string 100%") << QJsonValue(QStringLiteral("100%")) << QVariant(100);
    QTest::newRow("string 0%") << QJsonValue(QStringLiteral("0%")) << QVariant(0);
    QTest::newRow("string 50.0 is a percentage") << QJsonValue(QStringLiteral("50.0")) << QVariant(50);
    QTest::newRow("fraction 0.5") << QJsonValue(0.5) << QVariant(50);
    QTest::newRow("fraction 0.42") << QJsonValue(0.42) << QVariant(42);
    QTest::newRow("fraction string 0.5") << QJsonValue(QStringLiteral("0.5")) << QVariant(50);
    QTest::newRow("fraction string 0.42") << QJsonValue(QStringLiteral("0.42")) << QVariant(42);
    QTest::newRow("fractional percentage rounds") << QJsonValue(42.4) << QVariant(42);
    QTest::newRow("fractional percentage rounds up") << QJsonValue(99.6) << QVariant(100);
    QTest::newRow("huge clamps to 100") << QJsonValue(48577451) << QVariant(100);
    QTest::newRow("150 clamps to 100") << QJsonValue(150) << QVariant(100);
    QTest::newRow("negative clamps to 0") << QJsonValue(-3) << QVariant(0);
    QTest::newRow("negative string clamps to 0") << QJsonValue(QStringLiteral("-3")) << QVariant(0);
    QTest::newRow("word") << QJsonValue(QStringLiteral("abc")) << none;
    QTest::newRow("percent sign alone") << QJsonValue(QStringLiteral("%")) << none;
    QTest::newRow("empty string") << QJsonValue(QString()) << none;
    QTest::newRow("NaN") << QJsonValue(QStringLiteral("NaN")) << none;
    QTest::newRow("nan") << QJsonValue(QStringLiteral("nan")) << none;
    QTest::newRow("inf") << QJsonValue(QStringLiteral("inf")) << none;
    QTest::newRow("-inf") << QJsonValue(QStringLiteral("-inf")) << none;
    QTest::newRow("Infinity") << QJsonValue(QStringLiteral("Infinity")) << none;
    QTest::newRow("nan%") << QJsonValue(QStringLiteral("nan%")) << none;
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << none;
    QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined) << none;
    QTest::newRow("bool") << QJsonValue(true) << none;
    QTest::newRow("array") << QJsonValue(QJsonArray{30}) << none;
    QTest::newRow("object") << QJsonValue(QJsonObject{{QStringLiteral("value"), 30}}) << none;
}

void VideoTaskParserTest::progressFromJson()
{
    QFETCH(QJsonValue, value);
    QFETCH(QVariant, expected);

    QCOMPARE(variantOf(VideoTaskParser::progressFromJson(value)), expected);
}

void VideoTaskParserTest::timestampFromJson_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QVariant>("expected"); // a qint64 of unix seconds, or invalid for "no time"

    const QVariant none;
    const QVariant at = QVariant(qint64(1762499410)); // 2025-11-07T07:10:10Z

    QTest::newRow("unix seconds") << QJsonValue(1762499410) << at;
    QTest::newRow("unix seconds with fraction") << QJsonValue(1762499410.75) << at;
    QTest::newRow("unix milliseconds") << QJsonValue(1762499410123.0) << at;
    QTest::newRow("numeric string seconds") << QJsonValue(QStringLiteral("1762499410")) << at;
    QTest::newRow("numeric string milliseconds") << QJsonValue(QStringLiteral("1762499410123")) << at;
    QTest::newRow("numeric string padded") << QJsonValue(QStringLiteral(" 1762499410 ")) << at;
    QTest::newRow("iso utc Z") << QJsonValue(QStringLiteral("2025-11-07T07:10:10Z")) << at;
    QTest::newRow("iso utc Z with milliseconds") << QJsonValue(QStringLiteral("2025-11-07T07:10:10.123Z")) << at;
    QTest::newRow("iso utc Z with microseconds") << QJsonValue(QStringLiteral("2025-11-07T07:10:10.123456Z")) << at;
    QTest::newRow("iso positive offset") << QJsonValue(QStringLiteral("2025-11-07T09:10:10+02:00")) << at;
    QTest::newRow("iso negative offset") << QJsonValue(QStringLiteral("2025-11-07T02:10:10-05:00")) << at;
    QTest::newRow("iso offset with milliseconds") << QJsonValue(QStringLiteral("2025-11-07T12:40:10.999+05:30")) << at;
    QTest::newRow("iso without zone is utc") << QJsonValue(QStringLiteral("2025-11-07T07:10:10")) << at;
    QTest::newRow("iso without zone with milliseconds is utc")
        << QJsonValue(QStringLiteral("2025-11-07T07:10:10.500")) << at;
    QTest::newRow("space separated without zone is utc") << QJsonValue(QStringLiteral("2025-11-07 07:10:10.701")) << at;
    QTest::newRow("zero") << QJsonValue(0) << none;
    QTest::newRow("zero string") << QJsonValue(QStringLiteral("0")) << none;
    QTest::newRow("negative") << QJsonValue(-1) << none;
    QTest::newRow("negative string") << QJsonValue(QStringLiteral("-5")) << none;
    QTest::newRow("microseconds are refused") << QJsonValue(1762499410123456.0) << none;
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << none;
    QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined) << none;
    QTest::newRow("empty string") << QJsonValue(QString()) << none;
    QTest::newRow("blank string") << QJsonValue(QStringLiteral("   ")) << none;
    QTest::newRow("word") << QJsonValue(QStringLiteral("yesterday")) << none;
    QTest::newRow("nan") << QJsonValue(QStringLiteral("nan")) << none;
    QTest::newRow("bool") << QJsonValue(true) << none;
    QTest::newRow("array") << QJsonValue(QJsonArray{1762499410}) << none;
}

void VideoTaskParserTest::timestampFromJson()
{
    QFETCH(QJsonValue, value);
    QFETCH(QVariant, expected);

    QCOMPARE(variantOf(VideoTaskParser::timestampFromJson(value)), expected);
}

void VideoTaskParserTest::zonelessTimeIsUtcEvenInALocalDaylightSavingGap()
{
    // 02:00-03:00 on 2025-03-30 does not exist as Central European local time; as UTC it is fine.
    const QByteArray previousZone = qgetenv("TZ");
    qputenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3");
    const std::optional<qint64> parsed
        = VideoTaskParser::timestampFromJson(QJsonValue(QStringLiteral("2025-03-30T02:30:00")));
    qputenv("TZ", previousZone);
    QCOMPARE(variantOf(parsed), QVariant(qint64(1743301800))); // 2025-03-30T02:30:00Z
}

void VideoTaskParserTest::looksLikeHtml_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("html");

    QTest::newRow("doctype") << json("<!DOCTYPE html>\n<html></html>") << true;
    QTest::newRow("doctype lower case") << json("<!doctype html><html></html>") << true;
    QTest::newRow("html tag after white space") << json("\r\n  <html><body>x</body></html>") << true;
    QTest::newRow("upper case html tag") << json("<HTML><BODY>x</BODY></HTML>") << true;
    QTest::newRow("head first") << json("<head><title>x</title></head>") << true;
    QTest::newRow("body first") << json("<body>oops</body>") << true;
    QTest::newRow("other tag with a title") << json("<div><title>Error</title></div>") << true;
    QTest::newRow("json object") << json(R"({"html":"<html>"})") << false;
    QTest::newRow("json array") << json("[]") << false;
    QTest::newRow("plain text") << json("Bad Gateway") << false;
    QTest::newRow("angle bracket without markup") << json("<not html") << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void VideoTaskParserTest::looksLikeHtml()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, html);

    QCOMPARE(VideoTaskParser::looksLikeHtml(body), html);
}

QTEST_APPLESS_MAIN(VideoTaskParserTest)
#include "tst_videotaskparser.moc"

#include "core/provider.h"
#include "core/taskcopy.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using Reelwatch::ApiEndpoint;
using Reelwatch::AuthMode;
using Reelwatch::TaskCopy;
using Reelwatch::TaskCopyResult;
using Reelwatch::TaskCopySubject;
using Reelwatch::TaskStatus;
using Reelwatch::VideoTask;
using Kind = Reelwatch::TaskCopy::Kind;

Q_DECLARE_METATYPE(Reelwatch::ApiEndpoint)
Q_DECLARE_METATYPE(Reelwatch::TaskStatus)

namespace QTest {
// Failures then show what was produced, or that nothing was.
template <> char* toString(const std::optional<QString>& value)
{
    return value ? QTest::toString(*value) : qstrdup("<nothing to copy>");
}
} // namespace QTest

namespace {

ApiEndpoint endpoint(const char* base, AuthMode mode)
{
    const auto check = ApiEndpoint::normaliseBaseUrl(QString::fromUtf8(base));
    Q_ASSERT(check.ok);
    return ApiEndpoint(check.url, mode);
}

VideoTask answered(const QString& id, TaskStatus status, const QByteArray& rawJson = QByteArray(),
                   const QString& prompt = QString(), const QString& resultUrl = QString())
{
    VideoTask task;
    task.id = id;
    task.status = status;
    task.rawJson = rawJson;
    task.prompt = prompt;
    task.resultUrl = resultUrl;
    return task;
}

TaskCopySubject subject(const QString& id, const ApiEndpoint& server, std::optional<VideoTask> last = std::nullopt)
{
    return TaskCopySubject{id, server, std::move(last)};
}

const ApiEndpoint kOpenAi = endpoint("https://api.example.com/v1", AuthMode::Bearer);
const ApiEndpoint kGatewayToken = endpoint("https://gw.example/proxy/", AuthMode::Token);
const ApiEndpoint kGatewayBearer = endpoint("https://gw.example/proxy", AuthMode::Bearer);

// Runs `script` the way a pasted line runs, with `curl` replaced by a function that prints each
// argument it receives, NUL-terminated; returns the arguments.
QStringList runWithStubCurl(const QString& shell, const QString& script, const QProcessEnvironment& environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(shell, {QStringLiteral("-c"), QStringLiteral("curl() { printf '%s\\0' \"$@\"; }\n") + script});
    if (!process.waitForFinished(10000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        qWarning() << shell << "failed:" << process.readAllStandardError();
        return {QStringLiteral("<shell failed>")};
    }
    QStringList arguments = QString::fromUtf8(process.readAllStandardOutput()).split(QLatin1Char('\0'));
    if (!arguments.isEmpty() && arguments.last().isEmpty())
        arguments.removeLast(); // after the last terminator
    return arguments;
}

} // namespace

class TaskCopyTest : public QObject
{
    Q_OBJECT

private slots:
    void copiesTheId();

    void resultLink_data();
    void resultLink();
    void resultLinkKeepsSignedUrlsVerbatim();

    void jsonIsPrettyPrintedKeepingTheServersText();
    void jsonThatDoesNotParseIsCopiedAsReceived();
    void jsonOfASelectionIsJsonLines();
    void jsonKeepsStringsIntact();

    void curlCommand_data();
    void curlCommand();
    void shellQuote_data();
    void shellQuote();
    void curlLineRunsAsIntended_data();
    void curlLineRunsAsIntended();
    void curlLinesOfASelectionRunOneByOne();

    void promptIsExactForOneTask();
    void promptsOfASelectionAreOnePerLine();

    void selectionSkipsTasksWithoutTheKind();
    void summarySaysWhatWasSkipped();
    void aContentRouteIsCopiedOnlyAsADownloadCommand();

    void browserLinkSaysWhyNot_data();
    void browserLinkSaysWhyNot();
    void downloadCommandRunsAsIntended();

    void noOutputContainsTheSecret();
};

void TaskCopyTest::copiesTheId()
{
    const auto one = subject(QStringLiteral("video_abc"), kOpenAi);
    QCOMPARE(TaskCopy::forTask(Kind::Id, one), std::optional<QString>(QStringLiteral("video_abc")));

    const TaskCopyResult many = TaskCopy::forSelection(
        Kind::Id, {one, subject(QStringLiteral("task_2"), kGatewayToken, answered("task_2", TaskStatus::Queued))});
    QCOMPARE(many.text, QStringLiteral("video_abc\ntask_2"));
    QCOMPARE(many.copied, 2);
    QCOMPARE(many.skipped, 0);
}

void TaskCopyTest::resultLink_data()
{
    QTest::addColumn<ApiEndpoint>("server");
    QTest::addColumn<bool>("hasAnswer");
    QTest::addColumn<TaskStatus>("status");
    QTest::addColumn<QString>("bodyUrl");
    QTest::addColumn<QString>("expected"); // empty: nothing to copy

    const QString none;
    QTest::newRow("body URL") << kOpenAi << true << TaskStatus::Success
                              << QStringLiteral("https://cdn.example.net/v/abc.mp4")
                              << QStringLiteral("https://cdn.example.net/v/abc.mp4");
    QTest::newRow("body URL, plain http, surrounding space")
        << kOpenAi << true << TaskStatus::Success << QStringLiteral("  http://cdn.example.net/abc.mp4\n")
        << QStringLiteral("http://cdn.example.net/abc.mp4");
    QTest::newRow("body URL before the task finished")
        << kOpenAi << true << TaskStatus::InProgress << QStringLiteral("https://cdn.example.net/partial.mp4")
        << QStringLiteral("https://cdn.example.net/partial.mp4");
    // The API's content route needs the key: no link for a browser (the download command has it).
    QTest::newRow("no body URL: the content route is no link")
        << kOpenAi << true << TaskStatus::Success << none << none;
    QTest::newRow("gateway prefix, bearer") << kGatewayBearer << true << TaskStatus::Success << none << none;
    QTest::newRow("gateway prefix, token") << kGatewayToken << true << TaskStatus::Success << none << none;
    QTest::newRow("relative body URL") << kGatewayBearer << true << TaskStatus::Success
                                       << QStringLiteral("/v1/videos/vid_1/content") << none;
    QTest::newRow("body URL on the API's own server")
        << kOpenAi << true << TaskStatus::Success << QStringLiteral("https://api.example.com/files/vid_1.mp4") << none;
    QTest::newRow("body URL on another port of the API's host")
        << kOpenAi << true << TaskStatus::Success << QStringLiteral("https://api.example.com:8443/vid_1.mp4")
        << QStringLiteral("https://api.example.com:8443/vid_1.mp4");
    QTest::newRow("ftp body URL") << kOpenAi << true << TaskStatus::Success
                                  << QStringLiteral("ftp://files.example/v.mp4") << none;
    QTest::newRow("javascript body URL") << kOpenAi << true << TaskStatus::Success
                                         << QStringLiteral("javascript:alert(1)") << none;
    QTest::newRow("body URL with a space inside")
        << kOpenAi << true << TaskStatus::Success << QStringLiteral("https://cdn.example.net/a b.mp4") << none;
    QTest::newRow("still rendering") << kOpenAi << true << TaskStatus::InProgress << none << none;
    QTest::newRow("non-http URL while rendering")
        << kOpenAi << true << TaskStatus::Queued << QStringLiteral("s3://bucket/key.mp4") << none;
    QTest::newRow("failed") << kOpenAi << true << TaskStatus::Failure << none << none;
    QTest::newRow("never answered") << kOpenAi << false << TaskStatus::Unknown << none << none;
    QTest::newRow("no server") << ApiEndpoint() << true << TaskStatus::Success << none << none;
}

void TaskCopyTest::resultLink()
{
    QFETCH(ApiEndpoint, server);
    QFETCH(bool, hasAnswer);
    QFETCH(TaskStatus, status);
    QFETCH(QString, bodyUrl);
    QFETCH(QString, expected);

    std::optional<VideoTask> last;
    if (hasAnswer)
        last = answered(QStringLiteral("vid_1"), status, QByteArrayLiteral("{}"), QString(), bodyUrl);
    const auto link = TaskCopy::forTask(Kind::ResultLink, subject(QStringLiteral("vid_1"), server, last));
    if (expected.isEmpty())
        QCOMPARE(link, std::optional<QString>());
    else
        QCOMPARE(link, std::optional<QString>(expected));
}

void TaskCopyTest::resultLinkKeepsSignedUrlsVerbatim()
{
    // Re-encoding (%2F → /, %7E → ~) would break the signature of a presigned CDN link.
    const QString signedUrl
        = QStringLiteral("https://cdn.example.net/v/abc.mp4?X-Amz-Credential=AK%2F20251107%2Fus&sig=a%7Eb%3D&e=1");
    const auto link = TaskCopy::resultLink(
        subject(QStringLiteral("video_abc"), kOpenAi, answered("video_abc", TaskStatus::Success, {}, {}, signedUrl)));
    QCOMPARE(link, std::optional<QString>(signedUrl));
}

void TaskCopyTest::jsonIsPrettyPrintedKeepingTheServersText()
{
    // Keys deliberately out of alphabetical order, a number in exponent form, empty containers.
    const QByteArray raw = R"({"status":"SUCCESS","id":"video_1","progress":100,"size":1.50e3,"error":null,)"
                           R"("tags":[],"meta":{},"data":{"urls":["https://a/1","https://a/2"],"ok":true}})";
    const QString expected = QStringLiteral(R"({
    "status": "SUCCESS",
    "id": "video_1",
    "progress": 100,
    "size": 1.50e3,
    "error": null,
    "tags": [],
    "meta": {},
    "data": {
        "urls": [
            "https://a/1",
            "https://a/2"
        ],
        "ok": true
    }
})");
    const auto subj = subject(QStringLiteral("video_1"), kOpenAi, answered("video_1", TaskStatus::Success, raw));
    QCOMPARE(TaskCopy::forTask(Kind::Json, subj), std::optional<QString>(expected));

    // Already indented input gives the same result: only whitespace between tokens changes.
    QCOMPARE(TaskCopy::prettyJson(expected.toUtf8()), std::optional<QString>(expected));
    QCOMPARE(TaskCopy::compactJson(expected.toUtf8()), std::optional<QString>(QString::fromUtf8(raw)));
}

void TaskCopyTest::jsonThatDoesNotParseIsCopiedAsReceived()
{
    const QByteArray truncated = R"({"id":"video_1","status":"IN_PROG)";
    const auto subj
        = subject(QStringLiteral("video_1"), kOpenAi, answered("video_1", TaskStatus::InProgress, truncated));
    QCOMPARE(TaskCopy::forTask(Kind::Json, subj), std::optional<QString>(QString::fromUtf8(truncated)));
    QCOMPARE(TaskCopy::prettyJson(truncated), std::optional<QString>());
    QCOMPARE(TaskCopy::prettyJson(QByteArrayLiteral("\"just a string\"")), std::optional<QString>());
    QCOMPARE(TaskCopy::prettyJson(QByteArrayLiteral("{} trailing")), std::optional<QString>());

    // Never answered: nothing to copy.
    QCOMPARE(TaskCopy::forTask(Kind::Json, subject(QStringLiteral("video_2"), kOpenAi)), std::optional<QString>());
}

void TaskCopyTest::jsonOfASelectionIsJsonLines()
{
    const QList<TaskCopySubject> selection{
        subject(QStringLiteral("a"), kOpenAi,
                answered("a", TaskStatus::Success, "{\n  \"id\": \"a\",\n  \"status\": \"SUCCESS\"\n}\n")),
        subject(QStringLiteral("b"), kOpenAi), // never answered
        subject(QStringLiteral("c"), kGatewayToken,
                answered("c", TaskStatus::Queued, R"( {"code":"success","data":{"task_id":"c","status":"QUEUED"}})")),
        subject(QStringLiteral("d"), kOpenAi, answered("d", TaskStatus::Unknown, "<html>")), // not JSON
    };
    const TaskCopyResult result = TaskCopy::forSelection(Kind::Json, selection);
    QCOMPARE(result.text,
             QStringLiteral("{\"id\":\"a\",\"status\":\"SUCCESS\"}\n"
                            "{\"code\":\"success\",\"data\":{\"task_id\":\"c\",\"status\":\"QUEUED\"}}"));
    QCOMPARE(result.copied, 2);
    QCOMPARE(result.skipped, 2);
}

void TaskCopyTest::jsonKeepsStringsIntact()
{
    // Structural characters, escaped quotes and backslashes inside strings are text, not layout.
    const QByteArray raw = R"({"prompt" : "say \"hi\", {x}: [y] \\" , "u":"\u00e9 é"})";
    QCOMPARE(TaskCopy::compactJson(raw),
             std::optional<QString>(QString::fromUtf8(R"({"prompt":"say \"hi\", {x}: [y] \\","u":"\u00e9 é"})")));
    QCOMPARE(TaskCopy::prettyJson(raw),
             std::optional<QString>(QString::fromUtf8(
                 "{\n    \"prompt\": \"say \\\"hi\\\", {x}: [y] \\\\\",\n    \"u\": \"\\u00e9 é\"\n}")));
    // A top-level array works the same way.
    QCOMPARE(TaskCopy::compactJson(" [ 1 , {\"a\" : [ ] } ] "),
             std::optional<QString>(QStringLiteral("[1,{\"a\":[]}]")));
}

void TaskCopyTest::curlCommand_data()
{
    QTest::addColumn<ApiEndpoint>("server");
    QTest::addColumn<QString>("taskId");
    QTest::addColumn<QString>("expected");

    QTest::newRow("bearer") << kOpenAi << QStringLiteral("video_abc")
                            << QStringLiteral("curl -sS -H 'Authorization: Bearer '\"$REELWATCH_API_KEY\" "
                                              "'https://api.example.com/v1/videos/video_abc'");
    QTest::newRow("bearer, gateway prefix")
        << kGatewayBearer << QStringLiteral("video_abc")
        << QStringLiteral("curl -sS -H 'Authorization: Bearer '\"$REELWATCH_API_KEY\" "
                          "'https://gw.example/proxy/v1/videos/video_abc'");
    QTest::newRow("token, gateway prefix")
        << kGatewayToken << QStringLiteral("task:1.a")
        << QStringLiteral("curl -sS -H 'token: '\"$REELWATCH_TOKEN\" 'https://gw.example/proxy/api/videos/task%3A1.a'");
    QTest::newRow("loopback demo server")
        << endpoint("http://127.0.0.1:8080", AuthMode::Bearer) << QStringLiteral("video_1")
        << QStringLiteral(
               "curl -sS -H 'Authorization: Bearer '\"$REELWATCH_API_KEY\" 'http://127.0.0.1:8080/v1/videos/video_1'");
}

void TaskCopyTest::curlCommand()
{
    QFETCH(ApiEndpoint, server);
    QFETCH(QString, taskId);
    QFETCH(QString, expected);
    QCOMPARE(TaskCopy::forTask(Kind::Curl, subject(taskId, server)), std::optional<QString>(expected));
    QCOMPARE(TaskCopy::forTask(Kind::Curl, subject(taskId, ApiEndpoint())), std::optional<QString>());
}

void TaskCopyTest::shellQuote_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QString() << QStringLiteral("''");
    QTest::newRow("plain") << QStringLiteral("abc") << QStringLiteral("'abc'");
    QTest::newRow("quote") << QStringLiteral("it's") << QStringLiteral("'it'\\''s'");
    QTest::newRow("shell syntax") << QStringLiteral("$HOME `id` \"x\" \\n") << QStringLiteral("'$HOME `id` \"x\" \\n'");
}

void TaskCopyTest::shellQuote()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(TaskCopy::shellQuote(text), expected);
}

void TaskCopyTest::curlLineRunsAsIntended_data()
{
    QTest::addColumn<QString>("shell");
    QTest::addColumn<ApiEndpoint>("server");
    QTest::addColumn<QString>("headerName");

    // A base path that is full of shell syntax and still a valid URL: it must arrive literally.
    const ApiEndpoint hostile = endpoint("https://gw.example/a'b$(id)&c;d*", AuthMode::Bearer);
    const ApiEndpoint hostileToken = endpoint("https://gw.example/a'b$(id)&c;d*", AuthMode::Token);
    int rows = 0;
    for (const QString& shell : {QStringLiteral("bash"), QStringLiteral("sh")}) {
        const QString path = QStandardPaths::findExecutable(shell);
        if (path.isEmpty())
            continue;
        rows += 4;
        QTest::addRow("%s, bearer", qPrintable(shell)) << path << kOpenAi << QStringLiteral("Authorization: Bearer ");
        QTest::addRow("%s, token", qPrintable(shell)) << path << kGatewayToken << QStringLiteral("token: ");
        QTest::addRow("%s, shell syntax in the URL, bearer", qPrintable(shell))
            << path << hostile << QStringLiteral("Authorization: Bearer ");
        QTest::addRow("%s, shell syntax in the URL, token", qPrintable(shell))
            << path << hostileToken << QStringLiteral("token: ");
    }
    if (rows == 0)
        QSKIP("no POSIX shell on this system");
}

void TaskCopyTest::curlLineRunsAsIntended()
{
    QFETCH(QString, shell);
    QFETCH(ApiEndpoint, server);
    QFETCH(QString, headerName);

    // A secret with spaces, quotes and shell syntax: expanded once, never split or re-expanded.
    const QString secret = QStringLiteral("sk-t3st key 'q' \"$HOME\" `id` *");
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("REELWATCH_API_KEY"), secret);
    environment.insert(QStringLiteral("REELWATCH_TOKEN"), secret);

    const QString taskId = QStringLiteral("video_68f1:a.b-c");
    const auto line = TaskCopy::forTask(Kind::Curl, subject(taskId, server));
    QVERIFY(line);
    QVERIFY(!line->contains(secret));
    const QString url = server.statusUrl(taskId).toString(QUrl::FullyEncoded);
    if (QByteArray(QTest::currentDataTag()).contains("shell syntax"))
        QVERIFY2(url.contains(QLatin1Char('\'')) && url.contains(QLatin1String("$(id)")), qPrintable(url));
    QCOMPARE(runWithStubCurl(shell, *line, environment),
             QStringList({QStringLiteral("-sS"), QStringLiteral("-H"), headerName + secret, url}));
}

void TaskCopyTest::curlLinesOfASelectionRunOneByOne()
{
    const QString bash = QStandardPaths::findExecutable(QStringLiteral("bash"));
    if (bash.isEmpty())
        QSKIP("bash is not installed");
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("REELWATCH_API_KEY"), QStringLiteral("k1"));
    environment.insert(QStringLiteral("REELWATCH_TOKEN"), QStringLiteral("t2"));

    const TaskCopyResult result = TaskCopy::forSelection(
        Kind::Curl, {subject(QStringLiteral("video_a"), kOpenAi), subject(QStringLiteral("task_b"), kGatewayToken)});
    QCOMPARE(result.copied, 2);
    QCOMPARE(result.text.count(QLatin1Char('\n')), 1);
    QCOMPARE(runWithStubCurl(bash, result.text, environment),
             QStringList({QStringLiteral("-sS"), QStringLiteral("-H"), QStringLiteral("Authorization: Bearer k1"),
                          QStringLiteral("https://api.example.com/v1/videos/video_a"), QStringLiteral("-sS"),
                          QStringLiteral("-H"), QStringLiteral("token: t2"),
                          QStringLiteral("https://gw.example/proxy/api/videos/task_b")}));
}

void TaskCopyTest::promptIsExactForOneTask()
{
    const QString prompt = QStringLiteral("A boat at dawn,\r\n  slow pan\n\nfilm grain ");
    const auto subj = subject(QStringLiteral("v"), kOpenAi, answered("v", TaskStatus::Queued, "{}", prompt));
    QCOMPARE(TaskCopy::forTask(Kind::Prompt, subj), std::optional<QString>(prompt));
    QCOMPARE(TaskCopy::forSelection(Kind::Prompt, {subj}).text, prompt);

    QCOMPARE(TaskCopy::forTask(Kind::Prompt, subject(QStringLiteral("v"), kOpenAi)), std::optional<QString>());
    QCOMPARE(TaskCopy::forTask(Kind::Prompt,
                               subject(QStringLiteral("v"), kOpenAi,
                                       answered("v", TaskStatus::Queued, "{}", QStringLiteral(" \n ")))),
             std::optional<QString>());
}

void TaskCopyTest::promptsOfASelectionAreOnePerLine()
{
    const QList<TaskCopySubject> selection{
        subject(
            QStringLiteral("a"), kOpenAi,
            answered("a", TaskStatus::Success, "{}", QStringLiteral("A boat at dawn,\r\n  slow pan\n\nfilm grain "))),
        subject(QStringLiteral("b"), kOpenAi, answered("b", TaskStatus::Success, "{}", QString())),
        subject(QStringLiteral("c"), kOpenAi,
                answered("c", TaskStatus::Success, "{}",
                         QStringLiteral("Line one\rline two") + QChar(0x2028) + QStringLiteral("line three"))),
        subject(QStringLiteral("d"), kOpenAi),
        subject(QStringLiteral("e"), kOpenAi, answered("e", TaskStatus::Success, "{}", QStringLiteral("\tplain\t"))),
    };
    const TaskCopyResult result = TaskCopy::forSelection(Kind::Prompt, selection);
    QCOMPARE(result.text, QStringLiteral("A boat at dawn, slow pan film grain\nLine one line two line three\nplain"));
    QCOMPARE(result.copied, 3);
    QCOMPARE(result.skipped, 2);
}

void TaskCopyTest::selectionSkipsTasksWithoutTheKind()
{
    const QList<TaskCopySubject> selection{
        subject(QStringLiteral("done"), kOpenAi, answered("done", TaskStatus::Success, "{\"id\":\"done\"}")),
        subject(QStringLiteral("new1"), kOpenAi),
        subject(QStringLiteral("busy"), kGatewayToken, answered("busy", TaskStatus::InProgress, "{\"id\":\"busy\"}")),
        subject(QStringLiteral("new2"), kGatewayToken),
        subject(QStringLiteral("cdn"), kOpenAi,
                answered("cdn", TaskStatus::Success, "{\"id\":\"cdn\"}", {}, QStringLiteral("https://cdn.example/c"))),
    };

    const TaskCopyResult ids = TaskCopy::forSelection(Kind::Id, selection);
    QCOMPARE(ids.text, QStringLiteral("done\nnew1\nbusy\nnew2\ncdn"));
    QCOMPARE(ids.skipped, 0);

    const TaskCopyResult links = TaskCopy::forSelection(Kind::ResultLink, selection);
    QCOMPARE(links.text, QStringLiteral("https://cdn.example/c"));
    QCOMPARE(links.copied, 1);
    QCOMPARE(links.skipped, 4);
    QCOMPARE(links.keyOnly, 1); // "done": its video is behind the key
    QCOMPARE(TaskCopy::summary(Kind::ResultLink, links),
             QStringLiteral("Copied the result link. 3 of 5 tasks have no result yet. 1 of 5 tasks have no link for a "
                            "browser (the video needs the key)."));

    // The download command: for the finished ones, by the content route or the link.
    const TaskCopyResult downloads = TaskCopy::forSelection(Kind::DownloadCurl, selection);
    QCOMPARE(downloads.copied, 2);
    QCOMPARE(downloads.skipped, 3);
    QVERIFY2(downloads.text.startsWith(QStringLiteral("(url=$(curl ")), qPrintable(downloads.text));
    QVERIFY(downloads.text.endsWith(QStringLiteral("curl -sS -f -L -o 'cdn.mp4' 'https://cdn.example/c'")));

    const TaskCopyResult json = TaskCopy::forSelection(Kind::Json, selection);
    QCOMPARE(json.text, QStringLiteral("{\"id\":\"done\"}\n{\"id\":\"busy\"}\n{\"id\":\"cdn\"}"));
    QCOMPARE(json.skipped, 2);

    // Asking the server by hand is exactly what a never-answered task needs: nothing is skipped.
    const TaskCopyResult curl = TaskCopy::forSelection(Kind::Curl, selection);
    QCOMPARE(curl.copied, 5);
    QCOMPARE(curl.text.split(QLatin1Char('\n')).size(), 5);

    const TaskCopyResult nothing = TaskCopy::forSelection(Kind::Json, {});
    QCOMPARE(nothing.text, QString());
    QCOMPARE(nothing.copied + nothing.skipped, 0);
}

void TaskCopyTest::summarySaysWhatWasSkipped()
{
    QCOMPARE(TaskCopy::summary(Kind::Id, {QStringLiteral("a"), 1, 0}), QStringLiteral("Copied the task ID."));
    QCOMPARE(TaskCopy::summary(Kind::Id, {QStringLiteral("a\nb\nc"), 3, 0}), QStringLiteral("Copied 3 task IDs."));
    QCOMPARE(TaskCopy::summary(Kind::Json, {QStringLiteral("{}\n{}\n{}"), 3, 2}),
             QStringLiteral("Copied the JSON of 3 tasks, one per line. 2 of 5 tasks have no JSON yet."));
    QCOMPARE(TaskCopy::summary(Kind::ResultLink, {QStringLiteral("https://x/"), 1, 4}),
             QStringLiteral("Copied the result link. 4 of 5 tasks have no result yet."));
    QCOMPARE(TaskCopy::summary(Kind::ResultLink, {QString(), 0, 1}),
             QStringLiteral("Nothing copied: this task has no result yet."));
    QCOMPARE(TaskCopy::summary(Kind::Prompt, {QString(), 0, 3}),
             QStringLiteral("Nothing copied: none of the selected tasks has a prompt."));
    QCOMPARE(TaskCopy::summary(Kind::Curl, {QStringLiteral("curl …\ncurl …"), 2, 0}),
             QStringLiteral("Copied 2 curl commands."));
}

void TaskCopyTest::noOutputContainsTheSecret()
{
    // The process environment holds the secrets as a shell would: nothing may read them into the
    // clipboard text, in any mode, for any kind, one task or many.
    const QByteArray secret = "sk-live-Zq8Xb2Kp9Lm4Nr7Tv1Wy";
    const QByteArray token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl";
    qputenv("REELWATCH_API_KEY", secret);
    qputenv("REELWATCH_TOKEN", token);

    QList<TaskCopySubject> all;
    for (const ApiEndpoint& server : {kOpenAi, kGatewayBearer, kGatewayToken}) {
        for (const Reelwatch::ProviderHeader& header :
             server.statusRequest(QStringLiteral("video_new"), QByteArray()).headers)
            QVERIFY(!header.value.contains(secret));
        all << subject(QStringLiteral("video_new"), server)
            << subject(QStringLiteral("video_done"), server,
                       answered("video_done", TaskStatus::Success, R"({"id":"video_done","status":"SUCCESS"})",
                                QStringLiteral("A prompt")))
            << subject(QStringLiteral("video_cdn"), server,
                       answered("video_cdn", TaskStatus::Success, "{}", {}, QStringLiteral("https://cdn.example/x")));
    }
    int outputs = 0;
    for (const Kind kind : {Kind::Id, Kind::ResultLink, Kind::Json, Kind::Curl, Kind::Prompt, Kind::DownloadCurl}) {
        QStringList texts;
        for (const TaskCopySubject& one : all) {
            if (const auto text = TaskCopy::forTask(kind, one))
                texts << *text;
        }
        const TaskCopyResult many = TaskCopy::forSelection(kind, all);
        texts << many.text << TaskCopy::summary(kind, many);
        for (const QString& text : qAsConst(texts)) {
            QVERIFY2(!text.contains(QString::fromUtf8(secret)), qPrintable(text));
            QVERIFY2(!text.contains(QString::fromUtf8(token)), qPrintable(text));
            QVERIFY2(!text.contains(QStringLiteral("sk-live")), qPrintable(text));
            ++outputs;
        }
    }
    QVERIFY(outputs > 40); // the loop really covered every kind

    qunsetenv("REELWATCH_API_KEY");
    qunsetenv("REELWATCH_TOKEN");
}

void TaskCopyTest::aContentRouteIsCopiedOnlyAsADownloadCommand()
{
    const auto done = subject(QStringLiteral("vid_1"), kOpenAi, answered("vid_1", TaskStatus::Success, "{}"));
    QCOMPARE(TaskCopy::forTask(Kind::ResultLink, done), std::optional<QString>());
    const TaskCopyResult none = TaskCopy::forSelection(Kind::ResultLink, {done});
    QCOMPARE(none.keyOnly, 1);
    QCOMPARE(TaskCopy::summary(Kind::ResultLink, none),
             QStringLiteral("Nothing copied: no link opens this render in a browser; its video comes from the API, "
                            "which needs the key. Copy download command (curl) instead."));
    QCOMPARE(
        TaskCopy::forTask(Kind::DownloadCurl, done),
        std::optional<QString>(QStringLiteral(
            "(url=$(curl -sS -f -o 'vid_1.mp4' -w '%{redirect_url}' -H 'Authorization: Bearer '\"$REELWATCH_API_KEY\" "
            "'https://api.example.com/v1/videos/vid_1/content?variant=video') && if [ -n \"$url\" ]; then curl -sS -f "
            "-L -o 'vid_1.mp4' \"$url\"; fi)")));
    QCOMPARE(TaskCopy::summary(Kind::DownloadCurl, TaskCopy::forSelection(Kind::DownloadCurl, {done})),
             QStringLiteral("Copied the download command."));
    // Nothing to download before the render finishes.
    const auto busy = subject(QStringLiteral("vid_2"), kOpenAi, answered("vid_2", TaskStatus::InProgress, "{}"));
    QCOMPARE(TaskCopy::forTask(Kind::DownloadCurl, busy), std::optional<QString>());
    QCOMPARE(TaskCopy::summary(Kind::DownloadCurl, TaskCopy::forSelection(Kind::DownloadCurl, {busy})),
             QStringLiteral("Nothing copied: this task has no video to download yet."));
}

void TaskCopyTest::browserLinkSaysWhyNot_data()
{
    QTest::addColumn<bool>("hasAnswer");
    QTest::addColumn<TaskStatus>("status");
    QTest::addColumn<QString>("bodyUrl");
    QTest::addColumn<qint64>("expiresIn"); // seconds from now; 0: no expiry given
    QTest::addColumn<int>("problem");
    QTest::addColumn<QString>("why");

    const QString cdn = QStringLiteral("https://cdn.example.net/v/abc.mp4");
    using Problem = Reelwatch::BrowserLink::Problem;
    const QString needsKey = QStringLiteral("No link opens this render in a browser: its video comes from the API, "
                                            "which needs the key. Download it instead.");
    QTest::newRow("never answered") << false << TaskStatus::Unknown << QString() << qint64(0)
                                    << int(Problem::NotFinished)
                                    << QStringLiteral("No result to open yet: the render is not finished.");
    QTest::newRow("rendering, with a partial link")
        << true << TaskStatus::InProgress << cdn << qint64(0) << int(Problem::NotFinished)
        << QStringLiteral("No result to open yet: the render is not finished.");
    QTest::newRow("failed") << true << TaskStatus::Failure << QString() << qint64(0) << int(Problem::Failed)
                            << QStringLiteral("No result to open: the render failed.");
    QTest::newRow("content route only") << true << TaskStatus::Success << QString() << qint64(0)
                                        << int(Problem::NeedsKey) << needsKey;
    QTest::newRow("link on the API's server")
        << true << TaskStatus::Success << QStringLiteral("https://api.example.com/v1/files/x") << qint64(0)
        << int(Problem::NeedsKey) << needsKey;
    QTest::newRow("expired") << true << TaskStatus::Success << cdn << qint64(-60) << int(Problem::Expired)
                             << QStringLiteral("The result link expired at ");
    QTest::newRow("opens") << true << TaskStatus::Success << cdn << qint64(600) << int(Problem::None) << QString();
    QTest::newRow("opens, no expiry given")
        << true << TaskStatus::Success << cdn << qint64(0) << int(Problem::None) << QString();
}

void TaskCopyTest::browserLinkSaysWhyNot()
{
    QFETCH(bool, hasAnswer);
    QFETCH(TaskStatus, status);
    QFETCH(QString, bodyUrl);
    QFETCH(qint64, expiresIn);
    QFETCH(int, problem);
    QFETCH(QString, why);
    const qint64 now = 1'764'000'000;
    std::optional<VideoTask> last;
    if (hasAnswer) {
        last = answered(QStringLiteral("vid_1"), status, "{}", QString(), bodyUrl);
        if (expiresIn != 0)
            last->expiresAt = now + expiresIn;
    }
    const Reelwatch::BrowserLink link = TaskCopy::browserLink(subject(QStringLiteral("vid_1"), kOpenAi, last), now);
    QCOMPARE(int(link.problem), problem);
    QCOMPARE(link.url, problem == 0 ? bodyUrl : QString());
    if (problem == int(Reelwatch::BrowserLink::Problem::Expired))
        QCOMPARE(link.expiredAt, now - 60);
    QVERIFY2(TaskCopy::whyNoBrowserLink(link).startsWith(why), qPrintable(TaskCopy::whyNoBrowserLink(link)));
}

void TaskCopyTest::downloadCommandRunsAsIntended()
{
    // The first request carries the credential (the token header here, which curl -L would pass on
    // to any host); the link it is redirected to is fetched by a second request without it.
    const QString shell = QStandardPaths::findExecutable(QStringLiteral("sh"));
    if (shell.isEmpty())
        QSKIP("sh is not installed");
    QTemporaryDir folder;
    const QString log = folder.filePath(QStringLiteral("calls"));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("REELWATCH_TOKEN"), QStringLiteral("tok 'en'"));
    environment.insert(QStringLiteral("LOG"), log);
    const auto done = subject(QStringLiteral("task_9"), kGatewayToken, answered("task_9", TaskStatus::Success, "{}"));
    const QString command = TaskCopy::downloadCommand(done);
    QVERIFY(!command.isEmpty());
    QProcess process;
    process.setProcessEnvironment(environment);
    // The stand-in curl writes each call's arguments on a line of their own and, asked for the
    // redirect, answers with a signed link as the API would.
    process.start(shell,
                  {QStringLiteral("-c"),
                   QStringLiteral("curl() { printf '%s|' \"$@\" >> \"$LOG\"; echo >> \"$LOG\"; "
                                  "case \"$*\" in *redirect_url*) printf 'https://cdn.example/v.mp4?s=1&e=2';; "
                                  "esac; }\n")
                       + command});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    QFile calls(log);
    QVERIFY(calls.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(calls.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0),
             QStringLiteral("-sS|-f|-o|task_9.mp4|-w|%{redirect_url}|-H|token: tok 'en'|"
                            "https://gw.example/proxy/api/videos/task_9/content?variant=video|"));
    QCOMPARE(lines.at(1), QStringLiteral("-sS|-f|-L|-o|task_9.mp4|https://cdn.example/v.mp4?s=1&e=2|"));

    // An ID that is a path (a long-running operation's name) is saved under a plain file name, and
    // the user's own $url is left as it was.
    const auto operation = subject(QStringLiteral("models/veo/operations/../x1"), kGatewayToken,
                                   answered("models/veo/operations/../x1", TaskStatus::Success, "{}"));
    const QString named = TaskCopy::downloadCommand(operation);
    QVERIFY(!named.isEmpty());
    calls.close();
    QFile::remove(log);
    process.start(shell,
                  {QStringLiteral("-c"),
                   QStringLiteral("curl() { printf '%s|' \"$@\" >> \"$LOG\"; echo >> \"$LOG\"; }\nurl=mine\n") + named
                       + QStringLiteral("\nprintf '%s' \"$url\"")});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.readAllStandardOutput(), QByteArray("mine"));
    QVERIFY(calls.open(QIODevice::ReadOnly));
    const QStringList arguments = QString::fromUtf8(calls.readAll()).split(QLatin1Char('|'));
    calls.close();
    const QString fileName = arguments.value(arguments.indexOf(QStringLiteral("-o")) + 1);
    QVERIFY2(!fileName.contains(QLatin1Char('/')) && !fileName.startsWith(QLatin1Char('.')), qPrintable(fileName));
    QVERIFY2(fileName.endsWith(QStringLiteral(".mp4")), qPrintable(fileName));
}

QTEST_GUILESS_MAIN(TaskCopyTest)
#include "tst_taskcopy.moc"

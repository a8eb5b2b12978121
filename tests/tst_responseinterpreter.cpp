#include "core/responseinterpreter.h"
#include "core/secretredactor.h"
#include "qtestprinters.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrl>

using Reelwatch::ErrorKind;
using Reelwatch::FetchResult;
using Reelwatch::HttpAnswer;
using Reelwatch::ResponseInterpreter;
using Reelwatch::SecretRedactor;
using Reelwatch::TaskError;
using Reelwatch::TaskStatus;
using Reelwatch::VideoTask;

namespace {

const QString kRequestedId = QStringLiteral("video_requested");

// A fixed "now" for everything that depends on the clock: Friday 2025-11-07 08:00:00 UTC.
QDateTime fixedNow()
{
    return QDateTime(QDate(2025, 11, 7), QTime(8, 0, 0), Qt::UTC);
}

QByteArray fixture(const char* name)
{
    QFile file(QStringLiteral(REELWATCH_FIXTURES "/") + QString::fromUtf8(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    return file.readAll();
}

HttpAnswer answer(int httpStatus, const QByteArray& body)
{
    HttpAnswer result;
    result.httpStatus = httpStatus;
    result.body = body;
    result.contentType
        = body.trimmed().startsWith('<') ? QByteArrayLiteral("text/html") : QByteArrayLiteral("application/json");
    return result;
}

QVariant variantOf(const std::optional<qint64>& value)
{
    return value ? QVariant(*value) : QVariant();
}

const QByteArray kOpenAiKeyError = QByteArrayLiteral(
    R"({"error":{"message":"Incorrect API key provided: sk-te****cdef. You can find your API key at )"
    R"(https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,)"
    R"("code":"invalid_api_key"}})");

} // namespace

class ResponseInterpreterTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void successfulAnswerYieldsTaskUnderRequestedId();
    void successfulAnswerWithoutRequestedIdKeepsBodyId();
    void successfulAnswersOfOtherShapes_data();
    void successfulAnswersOfOtherShapes();
    void classifiesErrors_data();
    void classifiesErrors();
    void unauthorizedMessageNamesCodeAndServerMessage();
    void notFoundMessageCarriesServerMessage();
    void serverErrorMessageCarriesHtmlTitle();
    void errorObjectWithHttp200KeepsServerMessage();
    void rateLimitDelay_data();
    void rateLimitDelay();
    void httpDateIsGmtEvenInALocalDaylightSavingGap();
    void rateLimitMessageSaysWhenToRetry();
    void pollAfterHeader_data();
    void pollAfterHeader();

    void serverMessage_data();
    void serverMessage();
    void serverMessageIsShortenedToOneLine();
    void serverMessageShorteningKeepsSurrogatePairsWhole();

    void errorKindNames();

    void redactsSecrets_data();
    void redactsSecrets();
    void shortSecretsDoNotMangleOrdinaryWords();
    void redactsEveryStringOfRawJson();
    void rawJsonWithoutSecretsIsKeptAsItWas();
    void linksKeepTokensOfTheirOwn();
    void redactsEveryFieldOfATask();
};

void ResponseInterpreterTest::initTestCase()
{
    // HTTP dates are GMT; run in a zone far from it so a local-time slip would show.
    qputenv("TZ", "IST-5:30");
    QCOMPARE(QDateTime(QDate(2025, 11, 7), QTime(8, 0, 0)).offsetFromUtc(), 5 * 3600 + 30 * 60);
}

void ResponseInterpreterTest::successfulAnswerYieldsTaskUnderRequestedId()
{
    const FetchResult result
        = ResponseInterpreter::interpretStatus(kRequestedId, answer(200, fixture("seed_success.json")), fixedNow());
    QVERIFY2(result.ok(), qPrintable(result.error.message()));
    QCOMPARE(result.error.kind, ErrorKind::None);
    QVERIFY(result.error.message().isEmpty());
    QCOMPARE(result.requestedId, kRequestedId);
    QCOMPARE(result.httpStatus, 200);
    QVERIFY(result.task.has_value());
    QCOMPARE(result.task->id, kRequestedId);
    QCOMPARE(result.task->status, TaskStatus::Success);
    QCOMPARE(result.task->model, QStringLiteral("sora-2"));
    QCOMPARE(result.task->rawJson, fixture("seed_success.json"));
    QVERIFY(!result.retryAfterMs);
    QVERIFY(!result.pollAfterMs);
}

void ResponseInterpreterTest::successfulAnswerWithoutRequestedIdKeepsBodyId()
{
    const FetchResult result
        = ResponseInterpreter::interpretStatus(QString(), answer(200, fixture("seed_success.json")), fixedNow());
    QVERIFY2(result.ok(), qPrintable(result.error.message()));
    QCOMPARE(result.task->id, QStringLiteral("video_690d8f3b2c1c8190a2f3e7d5b4c6a918"));
}

void ResponseInterpreterTest::successfulAnswersOfOtherShapes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<TaskStatus>("status");

    QTest::newRow("gateway envelope") << fixture("newapi_envelope_progress.json") << TaskStatus::InProgress;
    QTest::newRow("gateway envelope failure is a task, not an error")
        << fixture("newapi_envelope_failure.json") << TaskStatus::Failure;
    QTest::newRow("kling envelope with code 0") << fixture("kling_succeed.json") << TaskStatus::Success;
    QTest::newRow("dashscope") << fixture("dashscope_succeeded.json") << TaskStatus::Success;
    QTest::newRow("dashscope failed render") << fixture("dashscope_failed.json") << TaskStatus::Failure;
    QTest::newRow("openai failed render") << fixture("openai_failed.json") << TaskStatus::Failure;
    QTest::newRow("runway") << fixture("runway_running.json") << TaskStatus::InProgress;
    QTest::newRow("minimax") << fixture("minimax_success.json") << TaskStatus::Success;
}

void ResponseInterpreterTest::successfulAnswersOfOtherShapes()
{
    QFETCH(QByteArray, body);
    QFETCH(TaskStatus, status);

    const FetchResult result = ResponseInterpreter::interpretStatus(kRequestedId, answer(200, body), fixedNow());
    QVERIFY2(result.ok(), qPrintable(result.error.message()));
    QCOMPARE(result.task->status, status);
    QCOMPARE(result.task->id, kRequestedId);
}

void ResponseInterpreterTest::classifiesErrors_data()
{
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<QString>("messageMentions");

    const QByteArray taskNotExist = fixture("error_task_not_exist.json");
    const QByteArray html = fixture("html_page.html");

    QTest::newRow("401") << 401 << kOpenAiKeyError << ErrorKind::Unauthorized << QStringLiteral("401");
    QTest::newRow("403") << 403 << QByteArray(R"({"error":{"message":"Project does not have access to model sora-2"}})")
                         << ErrorKind::Unauthorized << QStringLiteral("403");
    QTest::newRow("401 without body") << 401 << QByteArray() << ErrorKind::Unauthorized << QStringLiteral("401");
    QTest::newRow("404 seed") << 404 << fixture("error_404_seed.json") << ErrorKind::NotFound
                              << QStringLiteral("video not found");
    QTest::newRow("404 html") << 404 << html << ErrorKind::NotFound << QStringLiteral("404");
    QTest::newRow("400 task_not_exist") << 400 << taskNotExist << ErrorKind::NotFound << QStringLiteral("400");
    QTest::newRow("400 openai not found code")
        << 400
        << QByteArray(R"({"error":{"message":"No such video","type":"invalid_request_error","code":"not_found"}})")
        << ErrorKind::NotFound << QStringLiteral("No such video");
    QTest::newRow("200 envelope task_not_exist")
        << 200 << taskNotExist << ErrorKind::NotFound << QStringLiteral("task_not_exist");
    QTest::newRow("200 envelope other failure")
        << 200 << QByteArray(R"({"code":"quota_not_enough","message":"Your quota is used up","data":null})")
        << ErrorKind::InvalidResponse << QStringLiteral("Your quota is used up");
    QTest::newRow("200 envelope failure without message")
        << 200 << QByteArray(R"({"code":"get_channel_failed","message":"","data":null})") << ErrorKind::InvalidResponse
        << QStringLiteral("get_channel_failed");
    QTest::newRow("200 kling envelope numeric failure code")
        << 200 << QByteArray(R"({"code":1201,"message":"Invalid request parameters","request_id":"x","data":null})")
        << ErrorKind::InvalidResponse << QStringLiteral("Invalid request parameters");
    QTest::newRow("429") << 429 << QByteArray(R"({"error":{"message":"Rate limit reached for requests"}})")
                         << ErrorKind::RateLimited << QStringLiteral("Rate limit reached for requests");
    QTest::newRow("500") << 500
                         << QByteArray(
                                R"({"error":{"message":"The server had an error while processing your request."}})")
                         << ErrorKind::ServerError
                         << QStringLiteral("The server had an error while processing your request.");
    QTest::newRow("502 nginx page") << 502 << html << ErrorKind::ServerError << QStringLiteral("502 Bad Gateway");
    QTest::newRow("503 without body") << 503 << QByteArray() << ErrorKind::ServerError << QStringLiteral("503");
    QTest::newRow("599") << 599 << QByteArray() << ErrorKind::ServerError << QStringLiteral("599");
    QTest::newRow("200 html") << 200 << html << ErrorKind::InvalidResponse << QStringLiteral("HTML");
    QTest::newRow("200 truncated json") << 200 << fixture("truncated.json") << ErrorKind::InvalidResponse
                                        << QStringLiteral("JSON");
    QTest::newRow("200 empty body") << 200 << QByteArray() << ErrorKind::InvalidResponse << QStringLiteral("empty");
    QTest::newRow("200 json without status") << 200 << QByteArray(R"({"id":"video_a","object":"video"})")
                                             << ErrorKind::InvalidResponse << QStringLiteral("status");
    QTest::newRow("400 other") << 400
                               << QByteArray(R"({"error":{"message":"Invalid value for 'size'.",)"
                                             R"("type":"invalid_request_error","code":"invalid_value"}})")
                               << ErrorKind::InvalidResponse << QStringLiteral("Invalid value for 'size'.");
    QTest::newRow("409") << 409 << QByteArray() << ErrorKind::InvalidResponse << QStringLiteral("409");
    QTest::newRow("418") << 418 << QByteArray(R"({"message":"I'm a teapot"})") << ErrorKind::InvalidResponse
                         << QStringLiteral("I'm a teapot");
    QTest::newRow("302") << 302 << QByteArray() << ErrorKind::InvalidResponse << QStringLiteral("302");
    QTest::newRow("no status") << 0 << QByteArray() << ErrorKind::InvalidResponse << QString();
}

void ResponseInterpreterTest::classifiesErrors()
{
    QFETCH(int, httpStatus);
    QFETCH(QByteArray, body);
    QFETCH(ErrorKind, kind);
    QFETCH(QString, messageMentions);

    const FetchResult result = ResponseInterpreter::interpretStatus(kRequestedId, answer(httpStatus, body), fixedNow());
    QVERIFY(!result.ok());
    QVERIFY(!result.task.has_value());
    QCOMPARE(result.error.kind, kind);
    QCOMPARE(result.httpStatus, httpStatus);
    QCOMPARE(result.requestedId, kRequestedId);
    QVERIFY(!result.error.message().isEmpty());
    QVERIFY2(result.error.message().contains(messageMentions), qPrintable(result.error.message()));
    QVERIFY2(!result.error.message().contains(QLatin1Char('\n')), qPrintable(result.error.message()));
}

void ResponseInterpreterTest::unauthorizedMessageNamesCodeAndServerMessage()
{
    for (const int httpStatus : {401, 403}) {
        const FetchResult result
            = ResponseInterpreter::interpretStatus(kRequestedId, answer(httpStatus, kOpenAiKeyError), fixedNow());
        QCOMPARE(result.error.kind, ErrorKind::Unauthorized);
        QVERIFY2(result.error.message().contains(QString::number(httpStatus)), qPrintable(result.error.message()));
        QVERIFY2(result.error.message().contains(QStringLiteral("Incorrect API key provided")),
                 qPrintable(result.error.message()));
    }
}

void ResponseInterpreterTest::notFoundMessageCarriesServerMessage()
{
    const FetchResult result
        = ResponseInterpreter::interpretStatus(kRequestedId, answer(404, fixture("error_404_seed.json")), fixedNow());
    QCOMPARE(result.error.kind, ErrorKind::NotFound);
    QVERIFY2(result.error.message().contains(QStringLiteral("404")), qPrintable(result.error.message()));
    QVERIFY2(result.error.message().contains(QStringLiteral("video not found")), qPrintable(result.error.message()));
}

void ResponseInterpreterTest::serverErrorMessageCarriesHtmlTitle()
{
    const FetchResult result
        = ResponseInterpreter::interpretStatus(kRequestedId, answer(502, fixture("html_page.html")), fixedNow());
    QCOMPARE(result.error.kind, ErrorKind::ServerError);
    QVERIFY2(result.error.message().contains(QStringLiteral("502 Bad Gateway")), qPrintable(result.error.message()));
    QVERIFY2(!result.error.message().contains(QStringLiteral("<")), qPrintable(result.error.message()));

    const FetchResult asSuccess
        = ResponseInterpreter::interpretStatus(kRequestedId, answer(200, fixture("html_page.html")), fixedNow());
    QCOMPARE(asSuccess.error.kind, ErrorKind::InvalidResponse);
    QVERIFY2(asSuccess.error.message().contains(QStringLiteral("HTML")), qPrintable(asSuccess.error.message()));
    QVERIFY2(asSuccess.error.message().contains(QStringLiteral("502 Bad Gateway")),
             qPrintable(asSuccess.error.message()));
}

void ResponseInterpreterTest::errorObjectWithHttp200KeepsServerMessage()
{
    // Some gateways answer 200 with an OpenAI-style error object; the user should still read the server's words.
    const FetchResult result
        = ResponseInterpreter::interpretStatus(kRequestedId, answer(200, fixture("error_404_seed.json")), fixedNow());
    QVERIFY(!result.ok());
    QVERIFY(result.error.isError());
    QVERIFY2(result.error.message().contains(QStringLiteral("video not found")), qPrintable(result.error.message()));
}

void ResponseInterpreterTest::rateLimitDelay_data()
{
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<QByteArray>("retryAfterMs");
    QTest::addColumn<QVariant>("expectedMs"); // qint64, or invalid for "no delay given"

    const QVariant none;
    QTest::newRow("retry-after-ms") << 429 << QByteArray() << QByteArray("1500") << QVariant(qint64(1500));
    QTest::newRow("retry-after-ms fraction rounds up")
        << 429 << QByteArray() << QByteArray("1500.2") << QVariant(qint64(1501));
    QTest::newRow("retry-after-ms preferred") << 429 << QByteArray("7") << QByteArray("1500") << QVariant(qint64(1500));
    QTest::newRow("invalid retry-after-ms falls back")
        << 429 << QByteArray("7") << QByteArray("soon") << QVariant(qint64(7000));
    QTest::newRow("Retry-After seconds") << 429 << QByteArray("7") << QByteArray() << QVariant(qint64(7000));
    QTest::newRow("Retry-After padded") << 429 << QByteArray(" 7 ") << QByteArray() << QVariant(qint64(7000));
    QTest::newRow("Retry-After zero") << 429 << QByteArray("0") << QByteArray() << QVariant(qint64(0));
    QTest::newRow("Retry-After http date")
        << 429 << QByteArray("Fri, 07 Nov 2025 08:00:30 GMT") << QByteArray() << QVariant(qint64(30000));
    QTest::newRow("Retry-After http date in the past")
        << 429 << QByteArray("Fri, 07 Nov 2025 07:59:00 GMT") << QByteArray() << QVariant(qint64(0));
    QTest::newRow("Retry-After date with numeric offset")
        << 429 << QByteArray("Fri, 07 Nov 2025 10:00:30 +0200") << QByteArray() << QVariant(qint64(30000));
    QTest::newRow("Retry-After negative") << 429 << QByteArray("-5") << QByteArray() << none;
    QTest::newRow("Retry-After garbage") << 429 << QByteArray("later") << QByteArray() << none;
    QTest::newRow("no header") << 429 << QByteArray() << QByteArray() << none;
    QTest::newRow("503 Retry-After") << 503 << QByteArray("120") << QByteArray() << QVariant(qint64(120000));
}

void ResponseInterpreterTest::rateLimitDelay()
{
    QFETCH(int, httpStatus);
    QFETCH(QByteArray, retryAfter);
    QFETCH(QByteArray, retryAfterMs);
    QFETCH(QVariant, expectedMs);

    HttpAnswer http = answer(httpStatus, QByteArray(R"({"error":{"message":"slow down"}})"));
    http.retryAfter = retryAfter;
    http.retryAfterMs = retryAfterMs;
    const FetchResult result = ResponseInterpreter::interpretStatus(kRequestedId, http, fixedNow());
    QCOMPARE(result.error.kind, httpStatus == 429 ? ErrorKind::RateLimited : ErrorKind::ServerError);
    QCOMPARE(variantOf(result.retryAfterMs), expectedMs);
    QCOMPARE(variantOf(ResponseInterpreter::retryDelayMs(retryAfter, retryAfterMs, fixedNow())), expectedMs);
}

void ResponseInterpreterTest::httpDateIsGmtEvenInALocalDaylightSavingGap()
{
    // 02:00-03:00 on 2025-03-30 does not exist as Central European local time; as GMT it is fine.
    const QByteArray previousZone = qgetenv("TZ");
    qputenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3");
    const QDateTime now(QDate(2025, 3, 30), QTime(2, 30, 0), Qt::UTC);
    const std::optional<qint64> delay
        = ResponseInterpreter::retryDelayMs(QByteArray("Sun, 30 Mar 2025 02:30:30 GMT"), QByteArray(), now);
    qputenv("TZ", previousZone);
    QCOMPARE(variantOf(delay), QVariant(qint64(30000)));
}

void ResponseInterpreterTest::rateLimitMessageSaysWhenToRetry()
{
    HttpAnswer http = answer(429, QByteArray(R"({"error":{"message":"Rate limit reached"}})"));
    http.retryAfterMs = "1500";
    const FetchResult result = ResponseInterpreter::interpretStatus(kRequestedId, http, fixedNow());
    QCOMPARE(result.error.kind, ErrorKind::RateLimited);
    QVERIFY2(result.error.message().contains(QStringLiteral("429")), qPrintable(result.error.message()));
    QVERIFY2(result.error.message().contains(QStringLiteral("1.5 s")), qPrintable(result.error.message()));
    QVERIFY2(result.error.message().contains(QStringLiteral("Rate limit reached")), qPrintable(result.error.message()));
}

void ResponseInterpreterTest::pollAfterHeader_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QVariant>("expectedMs");

    QTest::newRow("milliseconds") << QByteArray("2500") << QVariant(qint64(2500));
    QTest::newRow("padded") << QByteArray(" 10000 ") << QVariant(qint64(10000));
    QTest::newRow("zero") << QByteArray("0") << QVariant(qint64(0));
    QTest::newRow("absent") << QByteArray() << QVariant();
    QTest::newRow("negative") << QByteArray("-1") << QVariant();
    QTest::newRow("garbage") << QByteArray("soon") << QVariant();
}

void ResponseInterpreterTest::pollAfterHeader()
{
    QFETCH(QByteArray, header);
    QFETCH(QVariant, expectedMs);

    HttpAnswer http = answer(200, fixture("openai_in_progress.json"));
    http.pollAfterMs = header;
    const FetchResult result = ResponseInterpreter::interpretStatus(kRequestedId, http, fixedNow());
    QVERIFY2(result.ok(), qPrintable(result.error.message()));
    QCOMPARE(variantOf(result.pollAfterMs), expectedMs);
}

void ResponseInterpreterTest::serverMessage_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");

    QTest::newRow("openai error object") << fixture("error_404_seed.json") << QStringLiteral("video not found");
    QTest::newRow("error string") << QByteArray(R"({"error":"model overloaded"})")
                                  << QStringLiteral("model overloaded");
    QTest::newRow("gateway message") << fixture("error_task_not_exist.json") << QStringLiteral("task_not_exist");
    QTest::newRow("msg") << QByteArray(R"({"code":500,"msg":"internal error"})") << QStringLiteral("internal error");
    QTest::newRow("detail") << QByteArray(R"({"detail":"Not authenticated"})") << QStringLiteral("Not authenticated");
    QTest::newRow("html title") << fixture("html_page.html") << QStringLiteral("502 Bad Gateway");
    QTest::newRow("html title spread over lines")
        << QByteArray("<!DOCTYPE html><html><head><TITLE lang=\"en\">\n  Service\n   Unavailable  </TITLE></head>")
        << QStringLiteral("Service Unavailable");
    QTest::newRow("html without title") << QByteArray("<html><body>nope</body></html>") << QString();
    QTest::newRow("message with inner new lines")
        << QByteArray(R"({"error":{"message":"line one\nline two"}})") << QStringLiteral("line one line two");
    QTest::newRow("empty body") << QByteArray() << QString();
    QTest::newRow("json without message") << QByteArray(R"({"id":"video_a"})") << QString();
    QTest::newRow("truncated json") << fixture("truncated.json") << QString();
}

void ResponseInterpreterTest::serverMessage()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);

    QCOMPARE(ResponseInterpreter::serverMessage(body), message);
}

void ResponseInterpreterTest::serverMessageIsShortenedToOneLine()
{
    QString longText;
    for (int i = 0; i < 100; ++i)
        longText += QStringLiteral("word%1\n\t ").arg(i);
    const QByteArray body = QByteArray(R"({"error":{"message":")")
        + longText.replace(QLatin1Char('\n'), QStringLiteral("\\n"))
              .replace(QLatin1Char('\t'), QStringLiteral("\\t"))
              .toUtf8()
        + QByteArray(R"("}})");

    const QString message = ResponseInterpreter::serverMessage(body);
    QVERIFY2(message.size() <= 300, qPrintable(QString::number(message.size())));
    QVERIFY(message.size() >= 250);
    QVERIFY(message.startsWith(QStringLiteral("word0 word1 word2")));
    QVERIFY(!message.contains(QLatin1Char('\n')));
    QVERIFY(!message.contains(QLatin1Char('\t')));
    QVERIFY(!message.contains(QStringLiteral("  ")));

    const QString exactly300(300, QLatin1Char('x'));
    QCOMPARE(
        ResponseInterpreter::serverMessage(QByteArray(R"({"message":")") + exactly300.toUtf8() + QByteArray(R"("})")),
        exactly300);

    const QString html = ResponseInterpreter::serverMessage(QByteArray("<html><head><title>") + QByteArray(1000, 'y')
                                                            + QByteArray("</title></head>"));
    QVERIFY2(html.size() <= 300, qPrintable(QString::number(html.size())));

    // The error built from it stays on one line too.
    const FetchResult result = ResponseInterpreter::interpretStatus(kRequestedId, answer(500, body), fixedNow());
    QVERIFY(!result.error.message().contains(QLatin1Char('\n')));
}

void ResponseInterpreterTest::serverMessageShorteningKeepsSurrogatePairsWhole()
{
    // 200 clapperboards are 400 UTF-16 code units; the cut must not fall between the two halves of one.
    QString emoji;
    for (int i = 0; i < 200; ++i)
        emoji += QString::fromUtf16(u"\U0001F3AC");
    const QString shortenedEmoji
        = ResponseInterpreter::serverMessage(QByteArray(R"({"message":")") + emoji.toUtf8() + QByteArray(R"("})"));
    QVERIFY(shortenedEmoji.size() <= 300);
    for (int i = 0; i < shortenedEmoji.size(); ++i) {
        const QChar c = shortenedEmoji.at(i);
        if (c.isHighSurrogate())
            QVERIFY2(i + 1 < shortenedEmoji.size() && shortenedEmoji.at(i + 1).isLowSurrogate(),
                     qPrintable(QStringLiteral("lone high surrogate at %1").arg(i)));
    }
}

void ResponseInterpreterTest::errorKindNames()
{
    QCOMPARE(Reelwatch::errorKindName(ErrorKind::None), QString());
    QCOMPARE(Reelwatch::errorKindName(ErrorKind::NotFound), QStringLiteral("not_found"));
    QCOMPARE(Reelwatch::errorKindName(ErrorKind::Unauthorized), QStringLiteral("unauthorized"));
    QCOMPARE(Reelwatch::errorKindName(ErrorKind::RateLimited), QStringLiteral("rate_limited"));
    QCOMPARE(Reelwatch::errorKindName(ErrorKind::ServerError), QStringLiteral("server_error"));
    QCOMPARE(Reelwatch::errorKindName(ErrorKind::InvalidResponse), QStringLiteral("invalid_response"));
    QCOMPARE(Reelwatch::errorKindName(ErrorKind::TooLarge), QStringLiteral("too_large"));
    QCOMPARE(Reelwatch::errorKindName(ErrorKind::Timeout), QStringLiteral("timeout"));
    QCOMPARE(Reelwatch::errorKindName(ErrorKind::Network), QStringLiteral("network"));
    QCOMPARE(Reelwatch::errorKindName(ErrorKind::InvalidId), QStringLiteral("invalid_id"));
}

void ResponseInterpreterTest::redactsSecrets_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QStringList>("mustNotContain");
    QTest::addColumn<QStringList>("mustKeep");

    QTest::newRow("exact secret") << QStringLiteral("request with key mysecretpassword123 failed")
                                  << QByteArray("mysecretpassword123")
                                  << QStringList{QStringLiteral("mysecretpassword123")}
                                  << QStringList{QStringLiteral("request with key"), QStringLiteral("failed")};
    QTest::newRow("exact secret twice") << QStringLiteral("a=Zx81Qw77Rt b=Zx81Qw77Rt") << QByteArray("Zx81Qw77Rt")
                                        << QStringList{QStringLiteral("Zx81Qw77Rt")}
                                        << QStringList{QStringLiteral("a="), QStringLiteral("b=")};
    QTest::newRow("openai key without being told")
        << QStringLiteral("key sk-abcdef0123456789ABCDEF was rejected.") << QByteArray()
        << QStringList{QStringLiteral("sk-abcdef"), QStringLiteral("0123456789ABCDEF")}
        << QStringList{QStringLiteral("key "), QStringLiteral(" was rejected.")};
    QTest::newRow("project key") << QStringLiteral("key sk-proj-Ab12Cd34Ef56Gh78Ij90_kl-mn rejected") << QByteArray()
                                 << QStringList{QStringLiteral("sk-proj"), QStringLiteral("Ab12Cd34")}
                                 << QStringList{QStringLiteral("rejected")};
    QTest::newRow("masked key in an openai 401")
        << QStringLiteral("Incorrect API key provided: sk-te****cdef. You can find your API key at "
                          "https://platform.openai.com/account/api-keys.")
        << QByteArray("sk-test-1234567890abcdef")
        << QStringList{QStringLiteral("sk-te"), QStringLiteral("****"), QStringLiteral("cdef")}
        << QStringList{QStringLiteral("Incorrect API key provided:"), QStringLiteral("platform.openai.com")};
    QTest::newRow("masked project key") << QStringLiteral(
        "Incorrect API key provided: sk-proj-********************wxyz.")
                                        << QByteArray()
                                        << QStringList{QStringLiteral("sk-proj"), QStringLiteral("wxyz")}
                                        << QStringList{QStringLiteral("Incorrect API key provided:")};
    QTest::newRow("jwt") << QStringLiteral("token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
                                           "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U expired")
                         << QByteArray() << QStringList{QStringLiteral("eyJ"), QStringLiteral("dozjgNryP4J3jVmNHl0w5N")}
                         << QStringList{QStringLiteral("token "), QStringLiteral(" expired")};
    QTest::newRow("secret given as the jwt")
        << QStringLiteral("header token: eyJhbGciOiJub25lIn0.e30.") << QByteArray("eyJhbGciOiJub25lIn0.e30.")
        << QStringList{QStringLiteral("eyJ")} << QStringList{QStringLiteral("header token:")};
    QTest::newRow("ordinary words untouched")
        << QStringLiteral("task video_abc failed: skip-frames and risk-free desk-lamp task-1234 not supported")
        << QByteArray() << QStringList{QStringLiteral("[redacted]")}
        << QStringList{
               QStringLiteral("task video_abc failed: skip-frames and risk-free desk-lamp task-1234 not supported")};
}

void ResponseInterpreterTest::redactsSecrets()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, secret);
    QFETCH(QStringList, mustNotContain);
    QFETCH(QStringList, mustKeep);

    const QString redacted = SecretRedactor::redact(text, secret);
    for (const QString& gone : mustNotContain)
        QVERIFY2(!redacted.contains(gone), qPrintable(redacted));
    for (const QString& kept : mustKeep)
        QVERIFY2(redacted.contains(kept), qPrintable(redacted));
    if (!mustNotContain.contains(QStringLiteral("[redacted]")))
        QVERIFY2(redacted.contains(QStringLiteral("[redacted]")), qPrintable(redacted));
}

void ResponseInterpreterTest::shortSecretsDoNotMangleOrdinaryWords()
{
    // A secret this short would match inside ordinary words; it is not replaced blindly.
    const QString text = QStringLiteral("Incorrect API key provided for the monkey");
    QCOMPARE(SecretRedactor::redact(text, QByteArray("key")), text);
    QCOMPARE(SecretRedactor::redact(text, QByteArray("provide")), text);
    QCOMPARE(SecretRedactor::redact(QStringLiteral("abc is the start of the alphabet"), QByteArray("abc")),
             QStringLiteral("abc is the start of the alphabet"));

    // Eight characters and more are replaced wherever they occur.
    QCOMPARE(SecretRedactor::redact(QStringLiteral("pw=Zx81Qw77 end"), QByteArray("Zx81Qw77")),
             QStringLiteral("pw=[redacted] end"));

    // No secret and nothing key-shaped: the text comes back as it was.
    QCOMPARE(SecretRedactor::redact(QStringLiteral("server error (HTTP 502): 502 Bad Gateway")),
             QStringLiteral("server error (HTTP 502): 502 Bad Gateway"));
    QCOMPARE(SecretRedactor::redact(QString(), QByteArray("whatever-secret")), QString());
}

void ResponseInterpreterTest::redactsEveryStringOfRawJson()
{
    const QByteArray key = QByteArrayLiteral("sk-live/4f9a2c7e1b3d");
    QByteArray escaped; // every character as a JSON escape: searching the bytes would never find it
    for (const char byte : key)
        escaped += "\\u00" + QByteArray::number(quint8(byte), 16).rightJustified(2, '0');
    const QByteArray json = "{\"prompt\":\"for sk-live\\/4f9a2c7e1b3d\",\"meta\":{\"deep\":[1,{\"k\":\"" + escaped
        + "\"}]},\"" + key + "\":true,\"masked\":\"sk-li****2c7e\",\"url\":\"https://cdn.example/v.mp4?k="
        + QUrl::toPercentEncoding(QString::fromLatin1(key)) + "\"}";
    const QByteArray clean = SecretRedactor::redactJson(json, key);
    const QJsonDocument document = QJsonDocument::fromJson(clean);
    QVERIFY2(document.isObject(), clean.constData());
    // Read back (escapes decoded), nothing of the key is left: not in a value, a name, a link or masked.
    const QByteArray decoded = document.toJson(QJsonDocument::Compact);
    for (const QByteArray& trace : {key, QByteArray("4f9a2c7e1b3d"), QByteArray("sk-li****")})
        QVERIFY2(!decoded.contains(trace) && !clean.contains(trace), decoded.constData());
    QCOMPARE(document[QStringLiteral("meta")][QStringLiteral("deep")][1][QStringLiteral("k")].toString(),
             QStringLiteral("[redacted]"));
    QCOMPARE(document[QStringLiteral("url")].toString(), QStringLiteral("https://cdn.example/v.mp4?k=[redacted]"));
    QVERIFY(document.object().contains(QStringLiteral("[redacted]")));

    // Text that is not JSON is redacted as text, "\/" escapes included.
    QCOMPARE(SecretRedactor::redactJson("{\"cut\": \"sk-live\\/4f9a2c7e1b3d", key),
             QByteArray("{\"cut\": \"[redacted]"));
}

void ResponseInterpreterTest::rawJsonWithoutSecretsIsKeptAsItWas()
{
    // The server's own formatting, member order and number spelling survive when nothing had to go.
    const QByteArray json
        = "{ \"z\": 1.50, \"a\": [ \"video_abc\", \"https://x.example/?_jwt=eyJhbGciOiJIUzI1NiJ9.e30.sig\" ] }";
    QCOMPARE(SecretRedactor::redactJson(json, QByteArrayLiteral("sk-nothing-like-it-000")), json);
    QCOMPARE(SecretRedactor::redactJson(QByteArray(), QByteArrayLiteral("sk-nothing-like-it-000")), QByteArray());
}

void ResponseInterpreterTest::linksKeepTokensOfTheirOwn()
{
    // Runway's result links carry a JWT of the storage host's own: taking it out would break the link.
    const QString runway
        = QStringLiteral("https://dnznrvs05pmza.cloudfront.net/output.mp4?_jwt=eyJhbGciOiJIUzI1NiIsInR5"
                         "cCI6IkpXVCJ9.eyJrZXlIYXNoIjoiYWJjIn0.Zm9vYmFyYmF6");
    QCOMPARE(SecretRedactor::redactSecret(runway, QByteArrayLiteral("key_0123456789abcdef")), runway);
    // Our own secret goes from a link, as it is or percent-encoded (in either case of hex digit).
    const QByteArray secret = QByteArrayLiteral("ACCESS:se/cret+key=");
    QCOMPARE(SecretRedactor::redactSecret(QStringLiteral("https://h/?a=ACCESS%3Ase%2fcret%2Bkey%3D&b=1"), secret),
             QStringLiteral("https://h/?a=[redacted]&b=1"));
    QCOMPARE(SecretRedactor::redactSecret(QStringLiteral("https://h/ACCESS:se/cret+key=/x"), secret),
             QStringLiteral("https://h/[redacted]/x"));
}

void ResponseInterpreterTest::redactsEveryFieldOfATask()
{
    const QByteArray key = QByteArrayLiteral("sk-proj-Zq81Wx66Lm0Pk2");
    const QString leak = QString::fromLatin1(key);
    VideoTask task;
    task.id = QStringLiteral("video_1");
    task.object = leak;
    task.model = QStringLiteral("sora-2-") + leak;
    task.rawStatus = leak;
    task.prompt = QStringLiteral("a boat, ") + leak;
    task.size = leak;
    task.seconds = leak;
    task.error = TaskError{leak, QStringLiteral("key sk-pr****Pk2 refused")};
    task.resultUrl = QStringLiteral("https://cdn.example/v.mp4?key=") + leak;
    task.thumbnailUrl = QStringLiteral("https://cdn.example/t.jpg?key=") + leak;
    task.rawJson = "{\"prompt\":\"" + key + "\"}";
    const VideoTask clean = SecretRedactor::redactTask(task, key);
    const QStringList fields = {clean.id,        clean.object,       clean.model,
                                clean.rawStatus, clean.prompt,       clean.size,
                                clean.seconds,   clean.error->code,  clean.error->message,
                                clean.resultUrl, clean.thumbnailUrl, QString::fromUtf8(clean.rawJson)};
    for (const QString& field : fields) {
        QVERIFY2(!field.contains(QStringLiteral("Zq81Wx66")), qPrintable(field));
        QVERIFY2(!field.contains(QStringLiteral("sk-pr")), qPrintable(field));
    }
    QCOMPARE(clean.id, QStringLiteral("video_1"));
    QCOMPARE(clean.prompt, QStringLiteral("a boat, [redacted]"));
    QCOMPARE(clean.resultUrl, QStringLiteral("https://cdn.example/v.mp4?key=[redacted]"));
}

QTEST_APPLESS_MAIN(ResponseInterpreterTest)
#include "tst_responseinterpreter.moc"

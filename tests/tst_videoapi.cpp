// The API client against the demo server over real loopback HTTP: both auth modes, every response
// flavour, every scripted fault, redirects, connection reuse, and content (thumbnail) requests.

#include "demo/demoserver.h"
#include "demoplans.h"
#include "net/videoapi.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTest>

using namespace Reelwatch;

namespace {

const QByteArray kKey = QByteArrayLiteral("sk-test-0123456789abcdefSECRET");

DemoTaskPlan finishedPlan(const QString& id, bool fails = false)
{
    return DemoPlans::finished(id, QStringLiteral("A lighthouse in a storm"), fails);
}

quint32 crc32(const QByteArray& data)
{
    quint32 crc = 0xffffffffu;
    for (const char byte : data) {
        crc ^= static_cast<quint8>(byte);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 1u) ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
    }
    return ~crc;
}

quint32 bigEndian(const QByteArray& bytes, qsizetype at)
{
    return quint32(quint8(bytes.at(at))) << 24 | quint32(quint8(bytes.at(at + 1))) << 16
        | quint32(quint8(bytes.at(at + 2))) << 8 | quint32(quint8(bytes.at(at + 3)));
}

// Checks a PNG's structure without QtGui: signature, chunk CRCs, IHDR, and that IDAT inflates to
// exactly the rows the header promises. Returns the size, or an invalid one with the reason.
QSize checkPng(const QByteArray& png, QString* problem)
{
    if (!png.startsWith(QByteArray("\x89PNG\r\n\x1a\n", 8))) {
        *problem = QStringLiteral("no PNG signature");
        return {};
    }
    QSize size;
    QByteArray idat;
    bool ended = false;
    qsizetype at = 8;
    while (at + 12 <= png.size() && !ended) {
        const quint32 length = bigEndian(png, at);
        const QByteArray typed = png.mid(at + 4, 4 + length);
        if (typed.size() != qsizetype(4 + length) || at + 12 + qsizetype(length) > png.size()) {
            *problem = QStringLiteral("a chunk runs past the end");
            return {};
        }
        if (crc32(typed) != bigEndian(png, at + 8 + length)) {
            *problem = QStringLiteral("bad CRC in %1").arg(QString::fromLatin1(typed.left(4)));
            return {};
        }
        const QByteArray type = typed.left(4);
        const QByteArray data = typed.mid(4);
        if (type == "IHDR") {
            size = QSize(int(bigEndian(data, 0)), int(bigEndian(data, 4)));
            if (data.at(8) != 8 || data.at(9) != 2) {
                *problem = QStringLiteral("not 8-bit RGB");
                return {};
            }
        } else if (type == "IDAT") {
            idat += data;
        } else if (type == "IEND") {
            ended = true;
        }
        at += 12 + length;
    }
    if (!ended || size.isEmpty()) {
        *problem = QStringLiteral("no IHDR or IEND");
        return {};
    }
    const qsizetype rows = qsizetype(size.width() * 3 + 1) * size.height();
    QByteArray prefixed(4, '\0');
    prefixed[0] = char(rows >> 24);
    prefixed[1] = char(rows >> 16);
    prefixed[2] = char(rows >> 8);
    prefixed[3] = char(rows);
    if (qUncompress(prefixed + idat).size() != rows) {
        *problem = QStringLiteral("IDAT does not inflate to the image's rows");
        return {};
    }
    return size;
}

// Every string a task carries, its raw JSON read back (so that escapes are decoded), in one text.
QString everyString(const VideoTask& task)
{
    QStringList strings = {task.id,
                           task.object,
                           task.model,
                           task.rawStatus,
                           task.prompt,
                           task.size,
                           task.seconds,
                           task.resultUrl,
                           task.thumbnailUrl,
                           QString::fromUtf8(task.rawJson),
                           QString::fromUtf8(QJsonDocument::fromJson(task.rawJson).toJson(QJsonDocument::Compact))};
    if (task.error)
        strings << task.error->code << task.error->message;
    return strings.join(QLatin1Char('\n'));
}

} // namespace

class TestVideoApi : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void bearerModeSendsKeyToV1Route();
    void tokenModeSendsTokenToApiRoute();
    void wrongKeyIsUnauthorisedWithoutEchoingIt();
    void everyFlavourParses_data();
    void everyFlavourParses();
    void lifecycleAdvancesToSuccess();
    void faultsAreClassified_data();
    void faultsAreClassified();
    void rateLimitCarriesRetryDelay_data();
    void rateLimitCarriesRetryDelay();
    void slowAnswerTimesOut();
    void oversizedBodyStopsReading();
    void invalidIdIsNeverSent();
    void sameOriginRedirectKeepsCredential();
    void crossOriginRedirectDropsCredential_data();
    void crossOriginRedirectDropsCredential();
    void scriptedServerErrorsRecover();
    void aKeyTheServerEchoesIsTakenOutOfEveryString_data();
    void aKeyTheServerEchoesIsTakenOutOfEveryString();
    void aKeyTheServerEchoesInAListPageIsTakenOut();
    void connectionsAreReused();
    void refusedConnectionIsNetworkError();
    void thumbnailIsARealPngInTheRenderShape();
    void contentBeforeSuccessIsNotReady();
    void contentErrorsAreClassified_data();
    void contentErrorsAreClassified();
    void contentRejectedKeyIsNeverEchoed();
    void contentSameOriginRedirectKeepsCredential();
    void contentCrossOriginRedirectDropsCredential_data();
    void contentCrossOriginRedirectDropsCredential();
    void contentCapStopsReading();
    void contentSlowAnswerTimesOut();
    void contentInvalidIdOrVariantIsNeverSent();

private:
    FetchResult fetch(VideoApi& api, const QString& id);
    ContentResult fetchContent(VideoApi& api, const QString& id, const QString& variant = QStringLiteral("thumbnail"),
                               qint64 maxBytes = VideoApi::kMaxThumbnailBytes);
    VideoApi* bearerApi(const QByteArray& key = kKey);

    QNetworkAccessManager* m_manager = nullptr;
    DemoServer* m_server = nullptr;
};

void TestVideoApi::init()
{
    m_manager = new QNetworkAccessManager(this);
    m_server = new DemoServer(this);
    m_server->setRequiredSecret(kKey);
    QVERIFY(m_server->listen());
}

void TestVideoApi::cleanup()
{
    delete m_server;
    delete m_manager;
}

FetchResult TestVideoApi::fetch(VideoApi& api, const QString& id)
{
    std::optional<FetchResult> answer;
    api.fetchStatus(id, this, [&answer](const FetchResult& result) { answer = result; });
    QDeadlineTimer deadline(20000);
    while (!answer && !deadline.hasExpired())
        QTest::qWait(5);
    if (!answer) {
        FetchResult missing;
        missing.error = ApiError::legacy(ErrorKind::None, QStringLiteral("the client never answered"));
        return missing; // the caller's checks fail on this
    }
    return *answer;
}

ContentResult TestVideoApi::fetchContent(VideoApi& api, const QString& id, const QString& variant, qint64 maxBytes)
{
    std::optional<ContentResult> answer;
    api.fetchContent(id, variant, maxBytes, this, [&answer](const ContentResult& result) { answer = result; });
    QDeadlineTimer deadline(20000);
    while (!answer && !deadline.hasExpired())
        QTest::qWait(5);
    if (!answer) {
        ContentResult missing;
        missing.error = ApiError::legacy(ErrorKind::InvalidResponse, QStringLiteral("the client never answered"));
        return missing; // the caller's checks fail on this
    }
    return *answer;
}

VideoApi* TestVideoApi::bearerApi(const QByteArray& key)
{
    return new VideoApi(m_manager, ApiEndpoint(m_server->baseUrl(), AuthMode::Bearer), key, this);
}

void TestVideoApi::bearerModeSendsKeyToV1Route()
{
    m_server->addTask(finishedPlan(QStringLiteral("video_bearer")));
    VideoApi* api = bearerApi();
    const FetchResult result = fetch(*api, QStringLiteral("video_bearer"));
    QVERIFY2(result.ok(), qPrintable(result.error.message()));
    QCOMPARE(result.httpStatus, 200);
    QCOMPARE(result.task->status, TaskStatus::Success);
    const DemoRequest seen = m_server->recentRequests().constLast();
    QCOMPARE(seen.path, QStringLiteral("/v1/videos/video_bearer"));
    QCOMPARE(seen.authorization, QByteArrayLiteral("Bearer ") + kKey);
    QVERIFY(seen.token.isEmpty());
    QVERIFY(seen.userAgent.startsWith("Reelwatch/"));
}

void TestVideoApi::tokenModeSendsTokenToApiRoute()
{
    m_server->addTask(finishedPlan(QStringLiteral("video_token")));
    VideoApi api(m_manager, ApiEndpoint(m_server->baseUrl(), AuthMode::Token), kKey);
    const FetchResult result = fetch(api, QStringLiteral("video_token"));
    QVERIFY2(result.ok(), qPrintable(result.error.message()));
    const DemoRequest seen = m_server->recentRequests().constLast();
    QCOMPARE(seen.path, QStringLiteral("/api/videos/video_token"));
    QCOMPARE(seen.token, kKey);
    QVERIFY(seen.authorization.isEmpty());
}

void TestVideoApi::wrongKeyIsUnauthorisedWithoutEchoingIt()
{
    m_server->addTask(finishedPlan(QStringLiteral("video_x")));
    const QByteArray wrongKey = QByteArrayLiteral("sk-wrong-99999999zzzzLEAKCHECK");
    VideoApi* api = bearerApi(wrongKey);
    const FetchResult result = fetch(*api, QStringLiteral("video_x"));
    QCOMPARE(result.error.kind, ErrorKind::Unauthorized);
    QCOMPARE(result.httpStatus, 401);
    QVERIFY(result.error.message().contains(QStringLiteral("401")));
    QVERIFY(!result.error.message().contains(QString::fromLatin1(kKey)));
    QVERIFY(!result.error.message().contains(QStringLiteral("LEAKCHECK"))); // the server echoes the key's tail
}

void TestVideoApi::everyFlavourParses_data()
{
    QTest::addColumn<DemoFlavour>("flavour");
    QTest::addColumn<bool>("fails");
    QTest::addColumn<QString>("rawStatus");
    for (const DemoFlavour flavour : {DemoFlavour::Seed, DemoFlavour::OpenAI, DemoFlavour::Envelope}) {
        const bool lower = flavour == DemoFlavour::OpenAI;
        QTest::addRow("%s success", qPrintable(demoFlavourName(flavour)))
            << flavour << false << (lower ? QStringLiteral("completed") : QStringLiteral("SUCCESS"));
        QTest::addRow("%s failure", qPrintable(demoFlavourName(flavour)))
            << flavour << true << (lower ? QStringLiteral("failed") : QStringLiteral("FAILURE"));
    }
}

void TestVideoApi::everyFlavourParses()
{
    QFETCH(DemoFlavour, flavour);
    QFETCH(bool, fails);
    QFETCH(QString, rawStatus);
    m_server->setFlavour(flavour);
    DemoTaskPlan plan = finishedPlan(QStringLiteral("video_flavour"), fails);
    plan.model = QStringLiteral("sora-2-pro");
    plan.size = QStringLiteral("1280x720");
    plan.seconds = 12;
    m_server->addTask(plan);

    const FetchResult result = fetch(*bearerApi(), QStringLiteral("video_flavour"));
    QVERIFY2(result.ok(), qPrintable(result.error.message()));
    const VideoTask& task = *result.task;
    QCOMPARE(task.id, QStringLiteral("video_flavour"));
    QCOMPARE(task.status, fails ? TaskStatus::Failure : TaskStatus::Success);
    QCOMPARE(task.rawStatus, rawStatus);
    QCOMPARE(task.model, QStringLiteral("sora-2-pro"));
    QCOMPARE(task.size, QStringLiteral("1280x720"));
    QCOMPARE(task.seconds, QStringLiteral("12"));
    QCOMPARE(task.prompt, plan.prompt);
    QVERIFY(task.createdAt.has_value());
    QVERIFY(qAbs(*task.createdAt - QDateTime::currentSecsSinceEpoch()) < 60); // envelope sends ms
    QVERIFY(task.completedAt.has_value());
    if (fails) {
        QVERIFY(task.error.has_value());
        QCOMPARE(task.error->message, plan.failureMessage);
    } else {
        QCOMPARE(task.progress, std::optional<int>(100));
        QVERIFY(!task.error.has_value());
    }
    if (flavour == DemoFlavour::Envelope && !fails)
        QVERIFY(task.resultUrl.endsWith(QStringLiteral("/v1/videos/video_flavour/content")));
    if (flavour == DemoFlavour::OpenAI && !fails)
        QCOMPARE(*task.expiresAt, *task.completedAt + 3600);
}

void TestVideoApi::lifecycleAdvancesToSuccess()
{
    DemoTaskPlan plan;
    plan.id = QStringLiteral("video_life");
    plan.queuedAfterMs = 150;
    plan.startsAfterMs = 300;
    plan.finishesAfterMs = 1500;
    m_server->setFlavour(DemoFlavour::Envelope);
    m_server->addTask(plan);
    VideoApi* api = bearerApi();

    QList<TaskStatus> seen;
    int lastProgress = -1;
    bool progressRose = false;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 10000) {
        const FetchResult result = fetch(*api, plan.id);
        QVERIFY2(result.ok(), qPrintable(result.error.message()));
        if (seen.isEmpty() || seen.last() != result.task->status)
            seen << result.task->status;
        if (result.task->status == TaskStatus::InProgress && result.task->progress) {
            progressRose |= lastProgress >= 0 && *result.task->progress > lastProgress;
            QVERIFY(*result.task->progress >= lastProgress);
            lastProgress = *result.task->progress;
        }
        if (result.task->status == TaskStatus::Success)
            break;
        QTest::qWait(40);
    }
    QCOMPARE(seen.first(), TaskStatus::Submitted);
    QVERIFY(seen.contains(TaskStatus::Queued));
    QVERIFY(seen.contains(TaskStatus::InProgress));
    QCOMPARE(seen.last(), TaskStatus::Success);
    QVERIFY(progressRose);
}

void TestVideoApi::faultsAreClassified_data()
{
    QTest::addColumn<QString>("taskId");
    QTest::addColumn<DemoFlavour>("flavour");
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("404 seed") << "video_unknown" << DemoFlavour::Seed << ErrorKind::NotFound << 404
                              << "video not found";
    QTest::newRow("404 openai") << "video_unknown" << DemoFlavour::OpenAI << ErrorKind::NotFound << 404
                                << "video not found";
    QTest::newRow("400 task_not_exist") << "video_unknown" << DemoFlavour::Envelope << ErrorKind::NotFound << 400
                                        << "task_not_exist";
    QTest::newRow("401") << "fault_401" << DemoFlavour::Seed << ErrorKind::Unauthorized << 401 << "401";
    QTest::newRow("500") << "fault_500" << DemoFlavour::Seed << ErrorKind::ServerError << 500
                         << "The server had an error";
    QTest::newRow("502 html") << "fault_502" << DemoFlavour::Seed << ErrorKind::ServerError << 502 << "502 Bad Gateway";
    QTest::newRow("503") << "fault_503" << DemoFlavour::Seed << ErrorKind::ServerError << 503 << "overloaded";
    QTest::newRow("html") << "fault_html" << DemoFlavour::Seed << ErrorKind::InvalidResponse << 200 << "HTML";
    QTest::newRow("truncated") << "fault_truncated" << DemoFlavour::Seed << ErrorKind::InvalidResponse << 200
                               << "not valid JSON";
    QTest::newRow("drop") << "fault_drop" << DemoFlavour::Seed << ErrorKind::Network << 0 << "127.0.0.1";
}

void TestVideoApi::faultsAreClassified()
{
    QFETCH(QString, taskId);
    QFETCH(DemoFlavour, flavour);
    QFETCH(ErrorKind, kind);
    QFETCH(int, httpStatus);
    QFETCH(QString, messagePart);
    m_server->setFlavour(flavour);
    const FetchResult result = fetch(*bearerApi(), taskId);
    QCOMPARE(result.error.kind, kind);
    QCOMPARE(result.httpStatus, httpStatus);
    QVERIFY2(result.error.message().contains(messagePart), qPrintable(result.error.message()));
    QVERIFY(!result.task.has_value());
}

void TestVideoApi::rateLimitCarriesRetryDelay_data()
{
    QTest::addColumn<QString>("taskId");
    QTest::addColumn<qint64>("minimumMs");
    QTest::addColumn<qint64>("maximumMs");
    QTest::newRow("Retry-After seconds") << "fault_429" << qint64(2000) << qint64(2000);
    QTest::newRow("retry-after-ms wins") << "fault_429_ms" << qint64(1500) << qint64(1500);
    QTest::newRow("Retry-After date") << "fault_429_date" << qint64(1000) << qint64(4000);
}

void TestVideoApi::rateLimitCarriesRetryDelay()
{
    QFETCH(QString, taskId);
    QFETCH(qint64, minimumMs);
    QFETCH(qint64, maximumMs);
    const FetchResult result = fetch(*bearerApi(), taskId);
    QCOMPARE(result.error.kind, ErrorKind::RateLimited);
    QCOMPARE(result.httpStatus, 429);
    QVERIFY(result.retryAfterMs.has_value());
    QVERIFY2(*result.retryAfterMs >= minimumMs && *result.retryAfterMs <= maximumMs,
             qPrintable(QString::number(*result.retryAfterMs)));
}

void TestVideoApi::slowAnswerTimesOut()
{
    m_server->setSlowResponseMs(3000);
    VideoApi* api = bearerApi();
    api->setTimeoutMs(400);
    QElapsedTimer clock;
    clock.start();
    const FetchResult result = fetch(*api, QStringLiteral("fault_slow"));
    QCOMPARE(result.error.kind, ErrorKind::Timeout);
    QVERIFY(result.error.message().contains(QStringLiteral("0.4 s")));
    QVERIFY(clock.elapsed() < 2500);

    // The same server answers in time when the timeout allows it.
    m_server->setSlowResponseMs(200);
    api->setTimeoutMs(5000);
    const FetchResult patient = fetch(*api, QStringLiteral("fault_slow"));
    QVERIFY2(patient.ok(), qPrintable(patient.error.message()));
}

void TestVideoApi::oversizedBodyStopsReading()
{
    m_server->setOversizedBytes(50 * 1024 * 1024);
    const FetchResult result = fetch(*bearerApi(), QStringLiteral("fault_huge"));
    QCOMPARE(result.error.kind, ErrorKind::TooLarge);
    QVERIFY(result.error.message().contains(QStringLiteral("1024 KiB")));
}

void TestVideoApi::invalidIdIsNeverSent()
{
    VideoApi* api = bearerApi();
    const int before = m_server->requestCount();
    for (const QString& id : {QStringLiteral("../v1/videos"), QStringLiteral("a/b"), QStringLiteral("id?x=1"),
                              QStringLiteral("id#frag"), QStringLiteral("in side"), QStringLiteral(".."), QString()}) {
        const FetchResult result = fetch(*api, id);
        QCOMPARE(result.error.kind, ErrorKind::InvalidId);
        QVERIFY(!result.error.message().isEmpty());
    }
    QTest::qWait(50);
    QCOMPARE(m_server->requestCount(), before);
}

void TestVideoApi::sameOriginRedirectKeepsCredential()
{
    const FetchResult result = fetch(*bearerApi(), QStringLiteral("fault_redirect"));
    QVERIFY2(result.ok(), qPrintable(result.error.message()));
    const QList<DemoRequest> requests = m_server->recentRequests();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests.at(1).path, QStringLiteral("/v1/videos/demo_redirect_target"));
    QCOMPARE(requests.at(1).authorization, QByteArrayLiteral("Bearer ") + kKey);
    QCOMPARE(result.task->id, QStringLiteral("fault_redirect")); // results stay keyed by what was asked
}

void TestVideoApi::crossOriginRedirectDropsCredential_data()
{
    QTest::addColumn<AuthMode>("mode");
    QTest::newRow("bearer") << AuthMode::Bearer;
    QTest::newRow("token") << AuthMode::Token;
}

void TestVideoApi::crossOriginRedirectDropsCredential()
{
    QFETCH(AuthMode, mode);
    VideoApi api(m_manager, ApiEndpoint(m_server->baseUrl(), mode), kKey);
    const FetchResult result = fetch(api, QStringLiteral("fault_redirect_cross"));
    QVERIFY2(result.ok(), qPrintable(result.error.message()));
    const QList<DemoRequest> requests = m_server->recentRequests();
    QCOMPARE(requests.size(), 2);
    QVERIFY(requests.at(0).host.startsWith("127.0.0.1"));
    QVERIFY(!(requests.at(0).authorization.isEmpty() && requests.at(0).token.isEmpty()));
    QVERIFY(requests.at(1).host.startsWith("localhost"));
    QVERIFY(requests.at(1).authorization.isEmpty());
    QVERIFY(requests.at(1).token.isEmpty());
}

void TestVideoApi::aKeyTheServerEchoesIsTakenOutOfEveryString_data()
{
    QTest::addColumn<AuthMode>("mode");
    QTest::newRow("bearer") << AuthMode::Bearer;
    QTest::newRow("token") << AuthMode::Token;
}

void TestVideoApi::aKeyTheServerEchoesIsTakenOutOfEveryString()
{
    QFETCH(AuthMode, mode);
    VideoApi api(m_manager, ApiEndpoint(m_server->baseUrl(), mode), kKey);
    QStringList traces;
    connect(&api, &VideoApi::trace, this, [&traces](const QString& line) { traces << line; });
    const FetchResult result = fetch(api, QStringLiteral("fault_echo_key"));
    QVERIFY2(result.ok(), qPrintable(result.error.message()));
    // The server put the key into the prompt, the model, the link, the error, a nested field (once as JSON
    // escapes) and a member name: the task is still read, with the key gone from each.
    QCOMPARE(result.task->status, TaskStatus::Failure);
    QCOMPARE(result.task->prompt, QStringLiteral("A lighthouse, for the key [redacted]"));
    QVERIFY2(result.task->resultUrl.endsWith(QStringLiteral("/content?key=[redacted]")),
             qPrintable(result.task->resultUrl));
    const QString everything = everyString(*result.task) + traces.join(QLatin1Char('\n'));
    QVERIFY2(!everything.contains(QString::fromLatin1(kKey)), qPrintable(everything));
    QVERIFY2(!everything.contains(QString::fromLatin1(kKey.right(8))), qPrintable(everything));
    QVERIFY2(!everything.contains(QStringLiteral("sk-te****")), qPrintable(everything)); // nor masked
}

void TestVideoApi::aKeyTheServerEchoesInAListPageIsTakenOut()
{
    m_server->setFlavour(DemoFlavour::OpenAI);
    m_server->addTask(finishedPlan(QStringLiteral("video_listed_1")));
    m_server->addTask(finishedPlan(QStringLiteral("video_listed_2")));
    m_server->scriptListFaults({DemoFault::EchoCredential});
    VideoApi* api = bearerApi();
    std::optional<ListResult> page;
    api->fetchList(100, QString(), this, [&page](const ListResult& list) { page = list; });
    QTRY_VERIFY_WITH_TIMEOUT(page.has_value(), 20000);
    QVERIFY(page->isList);
    QCOMPARE(page->tasks.size(), 2);
    for (const VideoTask& task : std::as_const(page->tasks)) {
        QVERIFY(task.id.startsWith(QStringLiteral("video_listed_"))); // IDs are the server's names, kept whole
        const QString everything = everyString(task);
        QVERIFY2(!everything.contains(QString::fromLatin1(kKey)), qPrintable(everything));
        QVERIFY2(!everything.contains(QString::fromLatin1(kKey.right(8))), qPrintable(everything));
    }
}

void TestVideoApi::scriptedServerErrorsRecover()
{
    m_server->addTask(finishedPlan(QStringLiteral("video_flaky")));
    m_server->scriptFaults(QStringLiteral("video_flaky"), {DemoFault::Unavailable, DemoFault::Drop});
    VideoApi* api = bearerApi();
    QCOMPARE(fetch(*api, QStringLiteral("video_flaky")).error.kind, ErrorKind::ServerError);
    QCOMPARE(fetch(*api, QStringLiteral("video_flaky")).error.kind, ErrorKind::Network);
    QVERIFY(fetch(*api, QStringLiteral("video_flaky")).ok());
}

void TestVideoApi::connectionsAreReused()
{
    const QStringList ids = m_server->addSampleTasks();
    VideoApi* api = bearerApi();
    // 60 requests, 20 at a time: a manager that reused nothing would open 60 connections.
    for (int round = 0; round < 3; ++round) {
        int pending = 0;
        for (int i = 0; i < 20; ++i) {
            ++pending;
            api->fetchStatus(ids.at(i % ids.size()), this, [&pending](const FetchResult& result) {
                QVERIFY(result.ok());
                --pending;
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(pending, 0, 20000);
    }
    QCOMPARE(m_server->requestCount(), 60);
    QVERIFY2(m_server->connectionCount() <= 6, qPrintable(QString::number(m_server->connectionCount())));
}

void TestVideoApi::refusedConnectionIsNetworkError()
{
    const QUrl closed = m_server->baseUrl();
    delete m_server; // nothing listens on that port any more
    m_server = nullptr;
    VideoApi api(m_manager, ApiEndpoint(closed, AuthMode::Bearer), kKey);
    const FetchResult result = fetch(api, QStringLiteral("video_x"));
    QCOMPARE(result.error.kind, ErrorKind::Network);
    QCOMPARE(result.httpStatus, 0);
    QVERIFY(result.error.message().contains(QStringLiteral("127.0.0.1")));
}

void TestVideoApi::thumbnailIsARealPngInTheRenderShape()
{
    DemoTaskPlan portrait = finishedPlan(QStringLiteral("video_portrait"));
    portrait.size = QStringLiteral("720x1280");
    DemoTaskPlan landscape = finishedPlan(QStringLiteral("video_landscape"));
    landscape.size = QStringLiteral("1280x720");
    m_server->addTask(portrait);
    m_server->addTask(landscape);
    VideoApi* api = bearerApi();

    const ContentResult first = fetchContent(*api, QStringLiteral("video_portrait"));
    QVERIFY2(first.ok(), qPrintable(first.error.message()));
    QCOMPARE(first.httpStatus, 200);
    QCOMPARE(first.contentType, QByteArrayLiteral("image/png"));
    QCOMPARE(first.variant, QStringLiteral("thumbnail"));
    const DemoRequest seen = m_server->recentRequests().constLast();
    QCOMPARE(seen.path, QStringLiteral("/v1/videos/video_portrait/content"));
    QCOMPARE(seen.authorization, QByteArrayLiteral("Bearer ") + kKey);

    QString problem;
    const QSize portraitSize = checkPng(first.bytes, &problem);
    QVERIFY2(portraitSize.isValid(), qPrintable(problem));
    QVERIFY(portraitSize.height() > portraitSize.width());
    QVERIFY(qAbs(double(portraitSize.width()) / portraitSize.height() - 720.0 / 1280) < 0.02);

    const ContentResult other = fetchContent(*api, QStringLiteral("video_landscape"));
    QVERIFY2(other.ok(), qPrintable(other.error.message()));
    const QSize landscapeSize = checkPng(other.bytes, &problem);
    QVERIFY2(landscapeSize.isValid(), qPrintable(problem));
    QVERIFY(landscapeSize.width() > landscapeSize.height());
    QVERIFY(other.bytes != first.bytes); // drawn per task

    // Deterministic: the same task gives the same bytes.
    QCOMPARE(fetchContent(*api, QStringLiteral("video_portrait")).bytes, first.bytes);
}

void TestVideoApi::contentBeforeSuccessIsNotReady()
{
    DemoTaskPlan plan = finishedPlan(QStringLiteral("video_unfinished"));
    plan.startsAfterMs = 0;
    plan.finishesAfterMs = 600000;
    m_server->addTask(plan);
    m_server->addTask(finishedPlan(QStringLiteral("video_failed"), true));
    VideoApi* api = bearerApi();
    for (const QString& id : {QStringLiteral("video_unfinished"), QStringLiteral("video_failed")}) {
        const ContentResult result = fetchContent(*api, id);
        QCOMPARE(result.httpStatus, 400);
        QCOMPARE(result.error.kind, ErrorKind::InvalidResponse);
        QVERIFY2(result.error.message().contains(QStringLiteral("no thumbnail for this task (HTTP 400)"))
                     && result.error.message().contains(QStringLiteral("not ready")),
                 qPrintable(result.error.message()));
        QVERIFY(result.bytes.isEmpty());
    }
}

void TestVideoApi::contentErrorsAreClassified_data()
{
    QTest::addColumn<QString>("taskId");
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("unknown task") << "video_nobody" << ErrorKind::NotFound << 404 << "video not found";
    QTest::newRow("404") << "fault_404" << ErrorKind::NotFound << 404 << "no task with this ID";
    QTest::newRow("401") << "fault_401" << ErrorKind::Unauthorized << 401 << "rejected the key";
    QTest::newRow("429") << "fault_429" << ErrorKind::RateLimited << 429 << "retry in 2 s";
    QTest::newRow("500") << "fault_500" << ErrorKind::ServerError << 500 << "server error (HTTP 500)";
    QTest::newRow("502 html") << "fault_502" << ErrorKind::ServerError << 502 << "502 Bad Gateway";
    QTest::newRow("login page") << "fault_html" << ErrorKind::InvalidResponse << 200
                                << "text/html; charset=utf-8 instead of the thumbnail";
    QTest::newRow("dropped") << "fault_drop" << ErrorKind::Network << 0 << "network error with 127.0.0.1";
}

void TestVideoApi::contentErrorsAreClassified()
{
    QFETCH(QString, taskId);
    QFETCH(ErrorKind, kind);
    QFETCH(int, httpStatus);
    QFETCH(QString, messagePart);
    const ContentResult result = fetchContent(*bearerApi(), taskId);
    QCOMPARE(result.error.kind, kind);
    QCOMPARE(result.httpStatus, httpStatus);
    QVERIFY2(result.error.message().contains(messagePart), qPrintable(result.error.message()));
    QVERIFY(result.bytes.isEmpty());
}

void TestVideoApi::contentRejectedKeyIsNeverEchoed()
{
    m_server->addTask(finishedPlan(QStringLiteral("video_x")));
    const ContentResult result
        = fetchContent(*bearerApi(QByteArrayLiteral("sk-wrong-99999999zzzzLEAKCHECK")), QStringLiteral("video_x"));
    QCOMPARE(result.error.kind, ErrorKind::Unauthorized);
    QCOMPARE(result.httpStatus, 401);
    QVERIFY(!result.error.message().contains(QStringLiteral("LEAKCHECK")));
}

void TestVideoApi::contentSameOriginRedirectKeepsCredential()
{
    const ContentResult result = fetchContent(*bearerApi(), QStringLiteral("fault_redirect"));
    QVERIFY2(result.ok(), qPrintable(result.error.message()));
    QCOMPARE(result.contentType, QByteArrayLiteral("image/png"));
    const QList<DemoRequest> requests = m_server->recentRequests();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests.at(0).path, QStringLiteral("/v1/videos/fault_redirect/content"));
    QCOMPARE(requests.at(1).path, QStringLiteral("/v1/videos/demo_redirect_target/content"));
    QCOMPARE(requests.at(1).authorization, QByteArrayLiteral("Bearer ") + kKey);
}

void TestVideoApi::contentCrossOriginRedirectDropsCredential_data()
{
    QTest::addColumn<AuthMode>("mode");
    QTest::newRow("bearer") << AuthMode::Bearer;
    QTest::newRow("token") << AuthMode::Token;
}

void TestVideoApi::contentCrossOriginRedirectDropsCredential()
{
    QFETCH(AuthMode, mode);
    VideoApi api(m_manager, ApiEndpoint(m_server->baseUrl(), mode), kKey);
    const ContentResult result = fetchContent(api, QStringLiteral("fault_redirect_cross"));
    QVERIFY2(result.ok(), qPrintable(result.error.message()));
    QString problem;
    QVERIFY2(checkPng(result.bytes, &problem).isValid(), qPrintable(problem)); // the CDN's answer
    const QList<DemoRequest> requests = m_server->recentRequests();
    QCOMPARE(requests.size(), 2);
    QVERIFY(requests.at(0).host.startsWith("127.0.0.1"));
    QVERIFY(!(requests.at(0).authorization.isEmpty() && requests.at(0).token.isEmpty()));
    QVERIFY(requests.at(1).host.startsWith("localhost"));
    QVERIFY(requests.at(1).path.endsWith(QStringLiteral("/demo_redirect_target/content")));
    QVERIFY(requests.at(1).authorization.isEmpty());
    QVERIFY(requests.at(1).token.isEmpty());
}

void TestVideoApi::contentCapStopsReading()
{
    m_server->addTask(finishedPlan(QStringLiteral("video_big")));
    VideoApi* api = bearerApi();
    const ContentResult capped = fetchContent(*api, QStringLiteral("video_big"), QStringLiteral("video"), 16 * 1024);
    QCOMPARE(capped.error.kind, ErrorKind::TooLarge);
    QVERIFY2(capped.error.message().contains(QStringLiteral("16 KiB")), qPrintable(capped.error.message()));
    QVERIFY(capped.bytes.isEmpty());

    // Within the cap the same asset arrives whole, with its type.
    const ContentResult whole = fetchContent(*api, QStringLiteral("video_big"), QStringLiteral("video"), 1024 * 1024);
    QVERIFY2(whole.ok(), qPrintable(whole.error.message()));
    QCOMPARE(whole.contentType, QByteArrayLiteral("video/mp4"));
    QCOMPARE(whole.bytes.size(), 256 * 1024);
}

void TestVideoApi::contentSlowAnswerTimesOut()
{
    m_server->setSlowResponseMs(3000);
    VideoApi* api = bearerApi();
    api->setTimeoutMs(400);
    const ContentResult result = fetchContent(*api, QStringLiteral("fault_slow"));
    QCOMPARE(result.error.kind, ErrorKind::Timeout);
    QVERIFY(result.error.message().contains(QStringLiteral("0.4 s")));
}

void TestVideoApi::contentInvalidIdOrVariantIsNeverSent()
{
    m_server->addTask(finishedPlan(QStringLiteral("video_ok")));
    VideoApi* api = bearerApi();
    const int before = m_server->requestCount();
    for (const QString& id : {QStringLiteral("../v1/videos"), QStringLiteral("a/b"), QStringLiteral("id?x=1")}) {
        const ContentResult result = fetchContent(*api, id);
        QCOMPARE(result.error.kind, ErrorKind::InvalidId);
    }
    for (const QString& variant : {QStringLiteral("thumbnail&x=1"), QStringLiteral("poster"), QString()}) {
        const ContentResult result = fetchContent(*api, QStringLiteral("video_ok"), variant);
        QCOMPARE(result.error.kind, ErrorKind::InvalidId);
        QVERIFY(result.error.message().contains(QStringLiteral("variant")));
    }
    QTest::qWait(50);
    QCOMPARE(m_server->requestCount(), before);
}

QTEST_GUILESS_MAIN(TestVideoApi)
#include "tst_videoapi.moc"

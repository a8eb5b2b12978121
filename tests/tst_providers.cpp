// Every built-in provider against fixtures of real-shaped answers (tests/fixtures/providers/<id>.json):
// each answer, or chain of answers for the providers that need a second request, must read as the
// canonical status, progress, link, poster and error the fixture names; each request must be the
// route and headers the provider documents. Then the provider-file reader: every mistake named with
// its line and key.
#include "core/apiendpoint.h"
#include "core/responseinterpreter.h"
#include "core/taskcopy.h"
#include "providers/builtin/kling.h"
#include "providers/describedprovider.h"
#include "providers/providerfile.h"
#include "providers/providerregistry.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUrlQuery>

using namespace Reelwatch;

namespace {

// A fixed "now" after every time in the fixtures.
const QDateTime kNow = QDateTime::fromSecsSinceEpoch(1800000000, Qt::UTC);

QJsonObject readFixture(const QString& id)
{
    QFile file(QStringLiteral(REELWATCH_FIXTURES "/providers/%1.json").arg(id));
    if (!file.open(QIODevice::ReadOnly))
        return QJsonObject();
    QJsonParseError error;
    const QJsonObject object = QJsonDocument::fromJson(file.readAll(), &error).object();
    if (error.error != QJsonParseError::NoError)
        qFatal("%s: %s", qPrintable(file.fileName()), qPrintable(error.errorString()));
    return object;
}

QStringList fixtureIds()
{
    QStringList ids;
    for (const QString& name :
         QDir(QStringLiteral(REELWATCH_FIXTURES "/providers")).entryList({QStringLiteral("*.json")}))
        ids << name.chopped(5);
    return ids;
}

ApiEndpoint endpointFor(const std::shared_ptr<const Provider>& provider, const QString& base)
{
    const BaseUrlCheck check = ApiEndpoint::normaliseBaseUrl(base);
    if (!check.ok)
        qFatal("fixture base URL %s: %s", qPrintable(base), qPrintable(check.error));
    return ApiEndpoint(check.url, provider);
}

HttpAnswer answerOf(const QJsonObject& fixture)
{
    HttpAnswer answer;
    answer.httpStatus = fixture.value(QLatin1String("http")).toInt();
    answer.body = fixture.contains(QLatin1String("text"))
        ? fixture.value(QLatin1String("text")).toString().toUtf8()
        : QJsonDocument(fixture.value(QLatin1String("body")).toObject()).toJson(QJsonDocument::Compact);
    answer.contentType = QByteArrayLiteral("application/json");
    answer.retryAfter = fixture.value(QLatin1String("retry_after")).toString().toLatin1();
    return answer;
}

std::optional<qint64> optionalNumber(const QJsonValue& value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(qint64(value.toDouble()));
}

QString headerValue(const QList<ProviderHeader>& headers, const QByteArray& name)
{
    for (const ProviderHeader& header : headers) {
        if (header.name.compare(name, Qt::CaseInsensitive) == 0)
            return QString::fromLatin1(header.value);
    }
    return QString();
}

// A Kling token as Kling's server checks it: HS256 with the secret key, the access key as issuer,
// a lifetime that has begun and not ended.
bool isValidKlingToken(const QString& bearer, const QByteArray& accessKey, const QByteArray& secretKey)
{
    if (!bearer.startsWith(QLatin1String("Bearer ")))
        return false;
    const QStringList parts = bearer.mid(7).split(QLatin1Char('.'));
    if (parts.size() != 3)
        return false;
    const auto decode = [](const QString& part) {
        return QByteArray::fromBase64(part.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    const QByteArray expected = QMessageAuthenticationCode::hash((parts[0] + QLatin1Char('.') + parts[1]).toLatin1(),
                                                                 secretKey, QCryptographicHash::Sha256);
    const QJsonObject header = QJsonDocument::fromJson(decode(parts[0])).object();
    const QJsonObject claims = QJsonDocument::fromJson(decode(parts[1])).object();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    return decode(parts[2]) == expected && header.value(QLatin1String("alg")).toString() == QLatin1String("HS256")
        && claims.value(QLatin1String("iss")).toString().toLatin1() == accessKey
        && claims.value(QLatin1String("nbf")).toInteger() <= now
        && claims.value(QLatin1String("exp")).toInteger() > now;
}

} // namespace

class ProvidersTest : public QObject
{
    Q_OBJECT

private slots:
    void everyBuiltInProviderHasFixtures();
    void answers_data();
    void answers();
    void statusRequests_data();
    void statusRequests();
    void listRoutes_data();
    void listRoutes();
    void listPages_data();
    void listPages();
    void taskIds_data();
    void taskIds();
    void klingSignsTheDocumentedToken();
    void theRequestIsDescribedWithoutTheKey();
    void curlLinesFollowTheCredentialRule();
    void theExampleProviderFileWorks();
    void providerFileMistakes_data();
    void providerFileMistakes();
    void registryInstallsAndRefuses();
};

void ProvidersTest::everyBuiltInProviderHasFixtures()
{
    QStringList builtIn;
    for (const ProviderRegistry::Entry& entry : ProviderRegistry::builtIns().entries())
        builtIn << entry.provider->id();
    QStringList fixtures = fixtureIds();
    std::sort(builtIn.begin(), builtIn.end());
    std::sort(fixtures.begin(), fixtures.end());
    QCOMPARE(fixtures, builtIn);
    QCOMPARE(builtIn.size(), 13);
    for (const QString& id : builtIn)
        QVERIFY2(ProviderFile::isValidId(id), qPrintable(id));
}

void ProvidersTest::answers_data()
{
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<QJsonObject>("fixture");
    for (const QString& id : fixtureIds()) {
        const QJsonObject fixture = readFixture(id);
        for (const QJsonValue& value : fixture.value(QLatin1String("cases")).toArray()) {
            const QJsonObject testCase = value.toObject();
            QTest::addRow("%s: %s", qPrintable(id), qPrintable(testCase.value(QLatin1String("name")).toString()))
                << id << testCase;
        }
    }
}

void ProvidersTest::answers()
{
    QFETCH(QString, providerId);
    QFETCH(QJsonObject, fixture);
    const std::shared_ptr<const Provider> provider = ProviderRegistry::builtIns().find(providerId);
    QVERIFY(provider);
    const QJsonObject request = readFixture(providerId).value(QLatin1String("request")).toObject();
    const ApiEndpoint endpoint = endpointFor(provider, request.value(QLatin1String("base")).toString());
    const QString taskId = request.value(QLatin1String("id")).toString();
    const QByteArray secret = request.value(QLatin1String("secret")).toString().toLatin1();

    // The chain of answers: each but the last must make the provider ask for exactly the next one.
    const QJsonArray answers = fixture.value(QLatin1String("answers")).toArray();
    QByteArray carry;
    FetchResult result;
    for (qsizetype i = 0; i < answers.size(); ++i) {
        const ProviderReading reading
            = provider->readStatus(endpoint, taskId, answerOf(answers.at(i).toObject()), carry, secret, kNow);
        if (i + 1 < answers.size()) {
            QVERIFY2(reading.next, "the provider asked for no follow-up request, but the fixture has another answer");
            const QJsonObject next = answers.at(i + 1).toObject();
            if (next.contains(QLatin1String("path")))
                QCOMPARE(reading.next->url.path(), next.value(QLatin1String("path")).toString());
            if (next.contains(QLatin1String("query")))
                QCOMPARE(reading.next->url.query(), next.value(QLatin1String("query")).toString());
            QCOMPARE(reading.next->url.host(), endpoint.baseUrl().host());
            QCOMPARE(headerValue(reading.next->headers, "Authorization").isEmpty(),
                     headerValue(provider->statusRequest(endpoint, taskId, secret).headers, "Authorization").isEmpty());
            carry = reading.carry;
        } else {
            QVERIFY2(!reading.next,
                     qPrintable(QStringLiteral("an unexpected follow-up request to %1")
                                    .arg(reading.next ? reading.next->url.toString() : QString())));
            result = reading.result;
        }
    }

    const QJsonObject expect = fixture.value(QLatin1String("expect")).toObject();
    if (expect.contains(QLatin1String("error_kind"))) {
        QVERIFY2(result.error.isError(), "the answer was read as a task");
        QCOMPARE(errorKindName(result.error.kind), expect.value(QLatin1String("error_kind")).toString());
        QVERIFY(!result.task);
        if (expect.contains(QLatin1String("message")))
            QVERIFY2(result.error.message().contains(expect.value(QLatin1String("message")).toString()),
                     qPrintable(result.error.message()));
        if (expect.contains(QLatin1String("retry_after_ms")))
            QCOMPARE(result.error.retryAfterMs, optionalNumber(expect.value(QLatin1String("retry_after_ms"))));
        return;
    }
    QVERIFY2(result.ok(), qPrintable(result.error.message()));
    const VideoTask& task = *result.task;
    QCOMPARE(task.id, taskId);
    QVERIFY(!task.rawJson.isEmpty());
    const auto text = [&expect](const char* key) { return expect.value(QLatin1String(key)).toString(); };
    QCOMPARE(statusWireName(task.status), text("status"));
    if (expect.contains(QLatin1String("raw")))
        QCOMPARE(task.rawStatus, text("raw"));
    if (expect.contains(QLatin1String("progress")))
        QCOMPARE(task.progress.has_value() ? std::optional<qint64>(*task.progress) : std::nullopt,
                 optionalNumber(expect.value(QLatin1String("progress"))));
    if (expect.contains(QLatin1String("url")))
        QCOMPARE(task.resultUrl, text("url"));
    if (expect.contains(QLatin1String("thumbnail")))
        QCOMPARE(task.thumbnailUrl, text("thumbnail"));
    if (expect.contains(QLatin1String("error"))) {
        if (expect.value(QLatin1String("error")).isNull()) {
            QVERIFY2(!task.error, qPrintable(task.error ? task.error->message : QString()));
        } else {
            QVERIFY(task.error);
            QCOMPARE(task.error->message, text("error"));
        }
    }
    if (expect.contains(QLatin1String("error_code"))) {
        QVERIFY(task.error);
        QCOMPARE(task.error->code, text("error_code"));
    }
    for (const char* key : {"prompt", "model", "size", "seconds"}) {
        if (!expect.contains(QLatin1String(key)))
            continue;
        const QString actual = QByteArray(key) == "prompt" ? task.prompt
            : QByteArray(key) == "model"                   ? task.model
            : QByteArray(key) == "size"                    ? task.size
                                                           : task.seconds;
        QCOMPARE(actual, text(key));
    }
    if (expect.contains(QLatin1String("created_at")))
        QCOMPARE(task.createdAt, optionalNumber(expect.value(QLatin1String("created_at"))));
    if (expect.contains(QLatin1String("completed_at")))
        QCOMPARE(task.completedAt, optionalNumber(expect.value(QLatin1String("completed_at"))));
    if (expect.contains(QLatin1String("expires_at")))
        QCOMPARE(task.expiresAt, optionalNumber(expect.value(QLatin1String("expires_at"))));
    if (expect.contains(QLatin1String("expires_in"))) {
        QVERIFY(task.expiresAt);
        QCOMPARE(*task.expiresAt - kNow.toSecsSinceEpoch(), qint64(expect.value(QLatin1String("expires_in")).toInt()));
    }
    if (expect.contains(QLatin1String("queue_position")))
        QCOMPARE(task.queuePosition.has_value() ? std::optional<qint64>(*task.queuePosition) : std::nullopt,
                 optionalNumber(expect.value(QLatin1String("queue_position"))));
    const QJsonObject details = expect.value(QLatin1String("details")).toObject();
    if (!details.isEmpty()) {
        const QList<QPair<QString, QString>> shown = provider->detailFields(task.rawJson);
        for (auto it = details.begin(); it != details.end(); ++it)
            QVERIFY2(
                shown.contains({it.key(), it.value().toString()}),
                qPrintable(QStringLiteral("%1 = %2 is not among the details").arg(it.key(), it.value().toString())));
    }
    // Whatever the provider said, a finished task without a failure has its progress complete.
    if (task.status == TaskStatus::Success)
        QCOMPARE(task.progress, std::optional<int>(100));
}

void ProvidersTest::statusRequests_data()
{
    QTest::addColumn<QString>("providerId");
    for (const QString& id : fixtureIds())
        QTest::newRow(qPrintable(id)) << id;
}

void ProvidersTest::statusRequests()
{
    QFETCH(QString, providerId);
    const std::shared_ptr<const Provider> provider = ProviderRegistry::builtIns().find(providerId);
    const QJsonObject fixture = readFixture(providerId).value(QLatin1String("request")).toObject();
    const ApiEndpoint endpoint = endpointFor(provider, fixture.value(QLatin1String("base")).toString());
    const QString taskId = fixture.value(QLatin1String("id")).toString();
    const QByteArray secret = fixture.value(QLatin1String("secret")).toString().toLatin1();
    QVERIFY(provider->checkId(taskId).valid);

    const ProviderRequest first = endpoint.statusRequest(taskId, secret);
    const ProviderRequest second = endpoint.statusRequest(taskId, secret);
    QCOMPARE(first.url.toString(QUrl::FullyEncoded), fixture.value(QLatin1String("url")).toString());
    const QJsonObject headers = fixture.value(QLatin1String("headers")).toObject();
    QCOMPARE(first.headers.size(), headers.size());
    int secretHeaders = 0;
    for (const ProviderHeader& header : first.headers)
        secretHeaders += header.carriesSecret ? 1 : 0;
    QCOMPARE(secretHeaders, 1);
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        const QString value = headerValue(first.headers, it.key().toLatin1());
        if (it.value().toString() == QLatin1String("{uuid}")) {
            // A new trace ID for every request, as PixVerse requires.
            static const QRegularExpression uuid(
                QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
            QVERIFY2(uuid.match(value).hasMatch(), qPrintable(value));
            QVERIFY(value != headerValue(second.headers, it.key().toLatin1()));
        } else if (it.value().toString() == QLatin1String("{jwt}")) {
            const qsizetype colon = secret.indexOf(':');
            QVERIFY2(isValidKlingToken(value, secret.left(colon), secret.mid(colon + 1)), qPrintable(value));
            QVERIFY(!value.contains(QString::fromLatin1(secret.mid(colon + 1))));
        } else {
            QCOMPARE(value, it.value().toString());
        }
    }
}

void ProvidersTest::listRoutes_data()
{
    statusRequests_data();
}

void ProvidersTest::listRoutes()
{
    QFETCH(QString, providerId);
    const std::shared_ptr<const Provider> provider = ProviderRegistry::builtIns().find(providerId);
    const QJsonObject fixture = readFixture(providerId);
    const bool documented = fixture.contains(QLatin1String("list_request"));
    QCOMPARE(provider->capabilities().listRoute, documented);
    const QJsonObject list = fixture.value(QLatin1String("list_request")).toObject();
    const ApiEndpoint endpoint = endpointFor(provider,
                                             (documented ? list : fixture.value(QLatin1String("request")).toObject())
                                                 .value(QLatin1String("base"))
                                                 .toString());
    const std::optional<ProviderRequest> request
        = provider->listRequest(endpoint, list.value(QLatin1String("limit")).toInt(100),
                                list.value(QLatin1String("cursor")).toString(), QByteArrayLiteral("secret"));
    QCOMPARE(request.has_value(), documented);
    if (request)
        QCOMPARE(request->url.toString(QUrl::FullyEncoded), list.value(QLatin1String("url")).toString());
}

void ProvidersTest::listPages_data()
{
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<QJsonObject>("page");
    for (const QString& id : fixtureIds()) {
        for (const QJsonValue& value : readFixture(id).value(QLatin1String("lists")).toArray())
            QTest::addRow("%s: %s", qPrintable(id),
                          qPrintable(value.toObject().value(QLatin1String("name")).toString()))
                << id << value.toObject();
    }
}

void ProvidersTest::listPages()
{
    QFETCH(QString, providerId);
    QFETCH(QJsonObject, page);
    const std::shared_ptr<const Provider> provider = ProviderRegistry::builtIns().find(providerId);
    const ApiEndpoint endpoint = endpointFor(provider, QStringLiteral("https://api.example.com"));
    const ListResult list = provider->readList(endpoint, answerOf(page.value(QLatin1String("answer")).toObject()),
                                               page.value(QLatin1String("limit")).toInt(),
                                               page.value(QLatin1String("cursor")).toString(), kNow);
    QVERIFY2(list.isList, qPrintable(list.failure.error.message()));
    QStringList tasks;
    for (const VideoTask& task : list.tasks)
        tasks << task.id + QLatin1Char(':') + statusWireName(task.status);
    const QJsonObject expect = page.value(QLatin1String("expect")).toObject();
    QStringList expected;
    for (const QJsonValue& value : expect.value(QLatin1String("tasks")).toArray())
        expected << value.toString();
    QCOMPARE(tasks, expected);
    QCOMPARE(list.lastId, expect.value(QLatin1String("next")).toString());
    QCOMPARE(list.hasMore, expect.value(QLatin1String("has_more")).toBool());
}

void ProvidersTest::taskIds_data()
{
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<QString>("taskId");
    QTest::addColumn<bool>("valid");
    for (const QString& id : fixtureIds()) {
        const QJsonObject ids = readFixture(id).value(QLatin1String("ids")).toObject();
        for (const char* verdict : {"valid", "invalid"}) {
            for (const QJsonValue& value : ids.value(QLatin1String(verdict)).toArray())
                QTest::addRow("%s %s: %s", qPrintable(id), verdict, qPrintable(value.toString()))
                    << id << value.toString() << (QByteArray(verdict) == "valid");
        }
        // The ID "Test connection" asks about is one of the provider's own grammar.
        const std::shared_ptr<const Provider> provider = ProviderRegistry::builtIns().find(id);
        QTest::addRow("%s example", qPrintable(id)) << id << provider->exampleTaskId() << true;
        // For every provider: never a path step, never a second segment, never an empty ID.
        for (const char* hostile : {"..", "a/../b", "", "id?x=1", "id#frag"})
            QTest::addRow("%s invalid: %s", qPrintable(id), hostile) << id << QString::fromLatin1(hostile) << false;
    }
}

void ProvidersTest::taskIds()
{
    QFETCH(QString, providerId);
    QFETCH(QString, taskId);
    QFETCH(bool, valid);
    const std::shared_ptr<const Provider> provider = ProviderRegistry::builtIns().find(providerId);
    const TaskIdCheck check = provider->checkId(taskId);
    QCOMPARE(check.valid, valid);
    if (!valid) {
        QCOMPARE(check.problem.kind, ErrorKind::InvalidId);
        QVERIFY(!check.problem.message().isEmpty());
        return;
    }
    // An accepted ID stays inside the provider's route: the path grows by the ID's own steps only.
    const ApiEndpoint endpoint = endpointFor(provider, QStringLiteral("https://api.example.com/base"));
    const QUrl url = endpoint.statusUrl(check.id);
    QVERIFY2(url.path().startsWith(QLatin1String("/base/")), qPrintable(url.toString()));
    QVERIFY(!url.path().contains(QLatin1String("/../")) && !url.path().contains(QLatin1String("/./")));
    QCOMPARE(url.host(), QStringLiteral("api.example.com"));
}

void ProvidersTest::klingSignsTheDocumentedToken()
{
    // HS256 over {"exp": now + 1800, "iss": access key, "nbf": now - 5}, as Kling documents it (the
    // expected text made independently, with Python's hmac).
    QCOMPARE(
        KlingProvider::signedToken("AKtest:SKtest", 1700000000),
        QByteArray(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE3MDAwMDE4MDAsImlzcyI6IkFLdGVzdCIsIm5iZiI6MTY5OTk5OTk5NX0."
            "oL8v7R-7tJgHMZ9HDaooFEYL67TKNzxy8ik-F4lhdvA"));
    QCOMPARE(KlingProvider::signedToken("no-colon", 1700000000), QByteArray());
    QCOMPARE(KlingProvider::signedToken(":only-secret", 1700000000), QByteArray());
}

void ProvidersTest::theRequestIsDescribedWithoutTheKey()
{
    const auto describe = [](const char* id, const char* base) {
        const std::shared_ptr<const Provider> provider = ProviderRegistry::builtIns().find(QString::fromLatin1(id));
        return provider->describeStatusRequest(endpointFor(provider, QString::fromLatin1(base)));
    };
    QCOMPARE(describe("runway", "https://api.dev.runwayml.com"),
             QStringLiteral("GET https://api.dev.runwayml.com/v1/tasks/{id} with Authorization: Bearer <key>, "
                            "X-Runway-Version: 2024-11-06"));
    QCOMPARE(describe("kling", "https://api-singapore.klingai.com"),
             QStringLiteral("GET https://api-singapore.klingai.com/v1/videos/text2video/{id} with Authorization: "
                            "<signed from the key>"));
    QCOMPARE(describe("pixverse", "https://app-api.pixverse.ai"),
             QStringLiteral("GET https://app-api.pixverse.ai/openapi/v2/video/result/{id} with API-KEY: <key>, "
                            "Ai-trace-id: <new for every request>"));
    QCOMPARE(describe("minimax", "https://api.minimax.io"),
             QStringLiteral(
                 "GET https://api.minimax.io/v1/query/video_generation?task_id={id} with Authorization: Bearer <key>"));
}

void ProvidersTest::curlLinesFollowTheCredentialRule()
{
    const auto curl = [](const char* id, const char* base, const char* taskId) {
        const std::shared_ptr<const Provider> provider = ProviderRegistry::builtIns().find(QString::fromLatin1(id));
        return TaskCopy::curlCommand(
            TaskCopySubject{QString::fromLatin1(taskId), endpointFor(provider, QString::fromLatin1(base)), {}});
    };
    QCOMPARE(
        curl("runway", "https://api.dev.runwayml.com", "abc"),
        QStringLiteral("curl -sS -H 'Authorization: Bearer '\"$REELWATCH_API_KEY\" -H 'X-Runway-Version: 2024-11-06' "
                       "'https://api.dev.runwayml.com/v1/tasks/abc'"));
    QCOMPARE(curl("pixverse", "https://app-api.pixverse.ai", "42"),
             QStringLiteral("curl -sS -H 'API-KEY: '\"$REELWATCH_API_KEY\" -H 'Ai-trace-id: '\"$(uuidgen)\" "
                            "'https://app-api.pixverse.ai/openapi/v2/video/result/42'"));
    // A token signed for every request cannot be written down: no line rather than one that fails.
    QCOMPARE(curl("kling", "https://api-singapore.klingai.com", "42"), QString());
}

void ProvidersTest::theExampleProviderFileWorks()
{
    const QByteArray file = R"({"id": "acme", "name": "Acme Video",
 "status": {"path": "/v2/jobs/{id}"},
 "auth": {"header": "X-Acme-Key", "value": "{secret}"},
 "fields": {"status": "/job/state", "progress": "/job/pct", "url": "/job/result/0/href",
            "error": "/job/problem/text", "created_at": "/job/born"},
 "progress_scale": 100,
 "statuses": {"waiting": "QUEUED", "busy": "IN_PROGRESS", "ok": "SUCCESS", "bad": "FAILURE"}})";
    const ProviderFileResult read = ProviderFile::parse(file, QStringLiteral("acme.json"));
    QVERIFY2(read.description, qPrintable(read.error));
    const auto provider = std::make_shared<DescribedProvider>(*read.description);
    const ApiEndpoint endpoint = endpointFor(provider, QStringLiteral("https://video.acme.example"));
    const ProviderRequest request = endpoint.statusRequest(QStringLiteral("j-1"), "acme-secret");
    QCOMPARE(request.url.toString(), QStringLiteral("https://video.acme.example/v2/jobs/j-1"));
    QCOMPARE(headerValue(request.headers, "X-Acme-Key"), QStringLiteral("acme-secret"));
    QVERIFY(!provider->capabilities().listRoute);

    HttpAnswer answer;
    answer.httpStatus = 200;
    answer.body = R"({"job": {"state": "busy", "pct": 61.6, "born": 1773366766}})";
    FetchResult result = provider->readStatus(endpoint, QStringLiteral("j-1"), answer, {}, {}, kNow).result;
    QVERIFY(result.ok());
    QCOMPARE(result.task->status, TaskStatus::InProgress);
    QCOMPARE(result.task->progress, std::optional<int>(62));
    QCOMPARE(result.task->createdAt, std::optional<qint64>(1773366766));
    answer.body = R"({"job": {"state": "ok", "result": [{"href": "https://cdn.acme.example/j-1.mp4"}]}})";
    result = provider->readStatus(endpoint, QStringLiteral("j-1"), answer, {}, {}, kNow).result;
    QCOMPARE(result.task->status, TaskStatus::Success);
    QCOMPARE(result.task->resultUrl, QStringLiteral("https://cdn.acme.example/j-1.mp4"));
    answer.body = R"({"job": {"state": "bad", "problem": {"text": "GPU on fire"}}})";
    result = provider->readStatus(endpoint, QStringLiteral("j-1"), answer, {}, {}, kNow).result;
    QCOMPARE(result.task->status, TaskStatus::Failure);
    QCOMPARE(result.task->error->message, QStringLiteral("GPU on fire"));
    answer.body = R"({"job": {"state": "thinking"}})";
    result = provider->readStatus(endpoint, QStringLiteral("j-1"), answer, {}, {}, kNow).result;
    QCOMPARE(result.task->status, TaskStatus::Unknown); // a word the file does not name: polling goes on
    QCOMPARE(result.task->rawStatus, QStringLiteral("thinking"));
}

void ProvidersTest::providerFileMistakes_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("expected");
    const QByteArray valid = R"({"id": "acme", "name": "Acme",
  "status": {"path": "/v2/jobs/{id}"},
  "auth": {"header": "X-Acme-Key", "value": "{secret}"},
  "fields": {"status": "/state"}
})";
    const auto with = [&valid](const char* from, const char* to) { return QByteArray(valid).replace(from, to); };
    QTest::newRow("valid") << valid << QString();
    QTest::newRow("not JSON") << QByteArray("{\"id\": \"acme\",\n  \"name\": }")
                              << QStringLiteral("acme.json, line 2, column");
    QTest::newRow("not an object") << QByteArray("[1]") << QStringLiteral("a provider file is one JSON object");
    QTest::newRow("an unknown key") << with("\"fields\"", "\"feilds\"")
                                    << QStringLiteral("acme.json, line 4, feilds: unknown key");
    QTest::newRow("a pointer without its slash")
        << with("\"/state\"", "\"state\"") << QStringLiteral("line 4, fields.status: \"state\" is not a JSON Pointer");
    QTest::newRow("a status mapped to nothing")
        << with("\"/state\"}", "\"/state\"},\n  \"statuses\": {\"ok\": \"DONE\"}")
        << QStringLiteral("line 5, statuses.ok: must be one of NOT_START");
    QTest::newRow("no status field") << with("\"fields\": {\"status\": \"/state\"}", "\"fields\": {\"url\": \"/u\"}")
                                     << QStringLiteral("fields: \"status\" is missing");
    QTest::newRow("no secret in the credential")
        << with("\"{secret}\"", "\"static\"")
        << QStringLiteral("line 3, auth.value: must contain {secret} exactly once");
    QTest::newRow("a secret in another header")
        << with("\"fields\"", "\"headers\": {\"X-Other\": \"{secret}\"},\n  \"fields\"")
        << QStringLiteral("line 4, headers.X-Other: the secret goes only in \"auth\"");
    QTest::newRow("a route out of the provider's paths")
        << with("/v2/jobs/{id}", "/v2/../admin/{id}") << QStringLiteral("line 2, status.path:");
    QTest::newRow("a route without the task")
        << with("/v2/jobs/{id}", "/v2/jobs") << QStringLiteral("status.path: the route must name the task with {id}");
    QTest::newRow("an unknown placeholder")
        << with("/v2/jobs/{id}", "/v2/{user}/{id}") << QStringLiteral("{user} is not a placeholder here");
    QTest::newRow("a bad id") << with("\"acme\"", "\"Acme Video\"")
                              << QStringLiteral("line 1, id: \"Acme Video\" is not a provider id");
    QTest::newRow("a bad header name") << with("X-Acme-Key", "X Acme")
                                       << QStringLiteral("auth.header: \"X Acme\" is not a header name");
    QTest::newRow("plain http off this machine")
        << with("\"name\": \"Acme\"", "\"name\": \"Acme\", \"base_url\": \"http://acme.example\"")
        << QStringLiteral("line 1, base_url: plain http://");
    QTest::newRow("a list without a cursor") << with(
        "\"fields\"", "\"list\": {\"path\": \"/v2/jobs\", \"items\": \"/jobs\", \"paging\": \"offset\"},\n  \"fields\"")
                                             << QStringLiteral("list.query: one query item must carry {cursor}");
    QTest::newRow("a wrong type") << with("\"fields\"", "\"error_means_failure\": \"yes\",\n  \"fields\"")
                                  << QStringLiteral("line 4, error_means_failure: must be true or false");
    QTest::newRow("a bad pattern") << with("\"fields\"", "\"id_pattern\": \"([0-9\",\n  \"fields\"")
                                   << QStringLiteral("id_pattern: not a regular expression");
    QTest::newRow("a bad error kind") << with("\"fields\"", "\"error_codes\": {\"7\": \"fatal\"},\n  \"fields\"")
                                      << QStringLiteral("error_codes.7: must be one of unauthorized");
    QTest::newRow("too large") << QByteArray(300 * 1024, ' ') << QStringLiteral("at most 256 KiB");
}

void ProvidersTest::providerFileMistakes()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, expected);
    const ProviderFileResult read = ProviderFile::parse(file, QStringLiteral("acme.json"));
    if (expected.isEmpty()) {
        QVERIFY2(read.description, qPrintable(read.error));
        return;
    }
    QVERIFY(!read.description);
    QVERIFY2(read.error.contains(expected), qPrintable(read.error));
    QVERIFY2(read.error.startsWith(QLatin1String("acme.json")), qPrintable(read.error));
}

void ProvidersTest::registryInstallsAndRefuses()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString installed = folder.filePath(QStringLiteral("providers"));
    ProviderRegistry registry(installed);
    QVERIFY(!registry.find(QStringLiteral("acme")));
    const QByteArray acme = R"({"id": "acme", "name": "Acme", "status": {"path": "/v2/jobs/{id}"},
        "auth": {"header": "X-Acme-Key", "value": "{secret}"}, "fields": {"status": "/state"}})";
    const ProviderRegistry::Outcome added = registry.installText(acme, QStringLiteral("acme.json"));
    QVERIFY2(added.provider, qPrintable(added.error));
    QVERIFY(registry.find(QStringLiteral("acme")));
    QCOMPARE(registry.installedText(QStringLiteral("acme")), acme);
    QVERIFY(registry.installedText(QStringLiteral("runway")).isEmpty());

    // A new registry on the same folder finds it; a broken file there is named, not fatal.
    QFile broken(QDir(installed).filePath(QStringLiteral("broken.json")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"id\": \"broken\"");
    broken.close();
    const ProviderRegistry again(installed);
    QVERIFY(again.find(QStringLiteral("acme")));
    QVERIFY(!again.find(QStringLiteral("broken")));
    QCOMPARE(again.problems().size(), 1);
    QVERIFY2(again.problems().first().contains(QLatin1String("broken.json, line 1")),
             qPrintable(again.problems().first()));

    // A file may not take a built-in provider's place.
    const ProviderRegistry::Outcome clash
        = registry.installText(QByteArray(acme).replace("\"acme\"", "\"runway\""), QStringLiteral("mine.json"));
    QVERIFY(!clash.provider);
    QVERIFY2(clash.error.contains(QLatin1String("built-in provider")), qPrintable(clash.error));
    QVERIFY(registry.unknownProviderError(QStringLiteral("nope")).contains(QLatin1String("openai, ark")));
}

QTEST_GUILESS_MAIN(ProvidersTest)
#include "tst_providers.moc"

// Structured errors: the names scripts and the task database rely on, the stored form, the redaction
// of every string, and the English words the command line prints for each reason.

#include "core/apierror.h"
#include "core/errortext.h"
#include "core/responseinterpreter.h"
#include "core/taskid.h"

#include <QJsonDocument>
#include <QTest>

using namespace Reelwatch;

class TestApiError : public QObject
{
    Q_OBJECT

private slots:
    void kindNamesAreStable();
    void everyReasonHasAStoredNameThatRoundTrips();
    void storedFormRoundTrips();
    void legacyTextIsShownAsItWas();
    void redactionCoversEveryString();
    void englishWords_data();
    void englishWords();
    void interpreterKeepsTheStructure();
    void taskIdProblemsAreStructured();
};

void TestApiError::kindNamesAreStable()
{
    // Printed by --json output and stored in every task database: never renamed.
    const QList<QPair<ErrorKind, QString>> names = {
        {ErrorKind::NotFound, QStringLiteral("not_found")},
        {ErrorKind::Unauthorized, QStringLiteral("unauthorized")},
        {ErrorKind::RateLimited, QStringLiteral("rate_limited")},
        {ErrorKind::ServerError, QStringLiteral("server_error")},
        {ErrorKind::InvalidResponse, QStringLiteral("invalid_response")},
        {ErrorKind::TooLarge, QStringLiteral("too_large")},
        {ErrorKind::Timeout, QStringLiteral("timeout")},
        {ErrorKind::Network, QStringLiteral("network")},
        {ErrorKind::InvalidId, QStringLiteral("invalid_id")},
        {ErrorKind::NotReady, QStringLiteral("not_ready")},
        {ErrorKind::Expired, QStringLiteral("expired")},
        {ErrorKind::SizeMismatch, QStringLiteral("size_mismatch")},
        {ErrorKind::DiskFull, QStringLiteral("disk_full")},
        {ErrorKind::PermissionDenied, QStringLiteral("permission_denied")},
        {ErrorKind::WriteFailed, QStringLiteral("write_failed")},
        {ErrorKind::Cancelled, QStringLiteral("cancelled")},
    };
    for (const auto& [kind, name] : names) {
        QCOMPARE(errorKindName(kind), name);
        QCOMPARE(errorKindFromName(name), kind);
    }
    QCOMPARE(errorKindName(ErrorKind::None), QString());
    QCOMPARE(errorKindFromName(QStringLiteral("no_such_kind")), ErrorKind::None);
}

void TestApiError::everyReasonHasAStoredNameThatRoundTrips()
{
    QSet<QString> seen;
    for (int value = int(ErrorReason::Legacy); value <= int(ErrorReason::NoFreeNameInFolder); ++value) {
        const auto reason = ErrorReason(value);
        const QString name = errorReasonName(reason);
        QVERIFY2(!name.isEmpty(), qPrintable(QStringLiteral("reason %1 has no name").arg(value)));
        QVERIFY2(!seen.contains(name), qPrintable(name));
        seen.insert(name);
        QCOMPARE(errorReasonFromName(name), reason);
        // And every reason has words of its own.
        ApiError error = ApiError::of(ErrorKind::InvalidResponse, reason, 418);
        error.detail = QStringLiteral("detail");
        QVERIFY2(!error.message().isEmpty(), qPrintable(name));
    }
}

void TestApiError::storedFormRoundTrips()
{
    ApiError error = ApiError::of(ErrorKind::RateLimited, ErrorReason::RateLimited, 429, QStringLiteral("Slow down"));
    error.retryAfterMs = 2500;
    error.host = QStringLiteral("api.example.com");
    error.subject = QStringLiteral("video_1");
    error.object = QStringLiteral("thumbnail");
    error.detail = QStringLiteral("words");
    error.transport = TransportFailure::Closed;
    error.amount = 7;
    error.limit = 9;
    const QByteArray stored = QJsonDocument(error.toJson()).toJson(QJsonDocument::Compact);
    const ApiError back = ApiError::fromJson(QJsonDocument::fromJson(stored).object());
    QVERIFY(back == error);
    QCOMPARE(back.message(), error.message());
    QVERIFY(ApiError().toJson().isEmpty());
    QVERIFY(!ApiError::fromJson(QJsonObject()).isError());
    QCOMPARE(error.toJsonWithMessage().value(QStringLiteral("message")).toString(),
             QStringLiteral("rate limited by the server (HTTP 429; retry in 2.5 s): Slow down"));
}

void TestApiError::legacyTextIsShownAsItWas()
{
    const ApiError old = ApiError::legacy(ErrorKind::ServerError, QStringLiteral("server error (HTTP 500)"));
    QCOMPARE(old.message(), QStringLiteral("server error (HTTP 500)"));
    QCOMPARE(ApiError::fromJson(old.toJson()).message(), old.message());
}

void TestApiError::redactionCoversEveryString()
{
    const QByteArray key = QByteArrayLiteral("sk-secret-abcdef0123456789");
    const QString leak = QString::fromLatin1(key);
    ApiError error = ApiError::of(ErrorKind::Network, ErrorReason::TransportFailed, 0, leak);
    error.host = leak;
    error.subject = leak;
    error.object = leak;
    error.detail = QStringLiteral("Bearer ") + leak;
    const ApiError clean = error.redacted(key);
    const QString all = QString::fromUtf8(QJsonDocument(clean.toJsonWithMessage()).toJson());
    QVERIFY2(!all.contains(QStringLiteral("abcdef0123456789")), qPrintable(all));
    QVERIFY(error.message().contains(leak)); // the raw one would have leaked
}

void TestApiError::englishWords_data()
{
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<QString>("words");

    ApiError e = ApiError::of(ErrorKind::Unauthorized, ErrorReason::KeyRejected, 401, QStringLiteral("Bad key"));
    QTest::newRow("key rejected") << e << QStringLiteral("the server rejected the key (HTTP 401): Bad key");
    e = ApiError::of(ErrorKind::NotFound, ErrorReason::TaskNotFound, 404);
    QTest::newRow("not found") << e << QStringLiteral("no task with this ID on the server (HTTP 404)");
    e = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::HtmlBody, 200, QStringLiteral("Login"));
    QTest::newRow("html") << e << QStringLiteral("the server sent an HTML page instead of JSON (\"Login\")");
    e = ApiError::of(ErrorKind::Timeout, ErrorReason::NoCompleteAnswer);
    e.limit = 300;
    QTest::newRow("timeout") << e << QStringLiteral("timed out: no complete answer within 0.3 s");
    e = ApiError::of(ErrorKind::TooLarge, ErrorReason::BodyTooLarge);
    e.limit = 1024 * 1024;
    QTest::newRow("too large") << e << QStringLiteral("the answer is larger than 1024 KiB; reading stopped there");
    e = ApiError::of(ErrorKind::Network, ErrorReason::TransportFailed);
    e.host = QStringLiteral("api.example.com");
    e.detail = QStringLiteral("Connection refused");
    QTest::newRow("network") << e << QStringLiteral("network error with api.example.com: Connection refused");
    e = ApiError::of(ErrorKind::InvalidResponse, ErrorReason::InsecureRedirect, 302);
    e.subject = QStringLiteral("http");
    e.host = QStringLiteral("cdn.example.com");
    QTest::newRow("redirect")
        << e << QStringLiteral("refused a redirect to http://cdn.example.com (plain http is only for this machine)");
    e = ApiError::of(ErrorKind::DiskFull, ErrorReason::CannotWrite);
    e.subject = QStringLiteral("/tmp/a.mp4.part");
    e.detail = QStringLiteral("No space left on device");
    QTest::newRow("disk full") << e << QStringLiteral("cannot write to /tmp/a.mp4.part: the disk is full");
    e = ApiError::of(ErrorKind::Expired, ErrorReason::LinkRefused, 403);
    e.object = QStringLiteral("video");
    e.subject = QStringLiteral("video_1");
    e.host = QStringLiteral("cdn.example.com");
    QTest::newRow("link refused") << e
                                  << QStringLiteral("the download link for the video of video_1 was refused by "
                                                    "cdn.example.com (HTTP 403): it has expired; ask again for a "
                                                    "fresh link");
    // Values that look like arg() markers stay as they are.
    e = ApiError::of(ErrorKind::Network, ErrorReason::TransportFailed);
    e.host = QStringLiteral("h%1st");
    e.detail = QStringLiteral("%2 went %3");
    QTest::newRow("percent") << e << QStringLiteral("network error with h%1st: %2 went %3");
}

void TestApiError::englishWords()
{
    QFETCH(ApiError, error);
    QFETCH(QString, words);
    QCOMPARE(error.message(), words);
}

void TestApiError::interpreterKeepsTheStructure()
{
    HttpAnswer answer;
    answer.httpStatus = 503;
    answer.body = R"({"error":{"message":"upstream overloaded"}})";
    const FetchResult result = ResponseInterpreter::interpretStatus(QStringLiteral("video_1"), answer, QDateTime());
    QCOMPARE(result.error.kind, ErrorKind::ServerError);
    QCOMPARE(result.error.reason, ErrorReason::ServerFailed);
    QCOMPARE(result.error.httpStatus, 503);
    QCOMPARE(result.error.serverMessage, QStringLiteral("upstream overloaded"));
    QCOMPARE(result.error.message(), QStringLiteral("server error (HTTP 503): upstream overloaded"));

    answer.httpStatus = 200;
    answer.body = R"({"id":"video_1","status":)";
    const FetchResult truncated = ResponseInterpreter::interpretStatus(QStringLiteral("video_1"), answer, QDateTime());
    QCOMPARE(truncated.error.reason, ErrorReason::InvalidJson);
    QVERIFY(truncated.error.amount > 0);
    QVERIFY(!truncated.error.detail.isEmpty());
}

void TestApiError::taskIdProblemsAreStructured()
{
    TaskIdCheck check = TaskId::validate(QStringLiteral("video/../x"));
    QVERIFY(!check.valid);
    QCOMPARE(check.problem.kind, ErrorKind::InvalidId);
    QCOMPARE(check.problem.reason, ErrorReason::IdBadCharacter);
    QCOMPARE(check.problem.subject, QStringLiteral("/"));
    QCOMPARE(check.problem.amount, 6);
    QCOMPARE(check.reason, check.problem.message());
    QCOMPARE(check.reason,
             QStringLiteral("the ID contains '/' at position 6; only letters, digits, '.', '_', ':' "
                            "and '-' are allowed"));
    check = TaskId::validate(QStringLiteral("a b"));
    QCOMPARE(check.reason.left(23), QStringLiteral("the ID contains a space"));
    check = TaskId::validate(QString(300, QLatin1Char('a')));
    QCOMPARE(check.problem.reason, ErrorReason::IdTooLong);
    QCOMPARE(check.reason, QStringLiteral("the ID is 300 characters long; at most 256 are allowed"));
}

QTEST_APPLESS_MAIN(TestApiError)
#include "tst_apierror.moc"

#include "core/apiendpoint.h"
#include "core/genericprovider.h"

#include <QTest>

using Reelwatch::ApiEndpoint;
using Reelwatch::AuthMode;
using Reelwatch::BaseUrlCheck;
using Reelwatch::GenericProvider;
using Reelwatch::ProviderRequest;

Q_DECLARE_METATYPE(Reelwatch::AuthMode)

namespace {

QUrl url(const char* text)
{
    return QUrl(QString::fromUtf8(text), QUrl::StrictMode);
}

QString encoded(const QUrl& value)
{
    return value.toString(QUrl::FullyEncoded);
}

} // namespace

class ApiEndpointTest : public QObject
{
    Q_OBJECT

private slots:
    void normaliseBaseUrlAccepts_data();
    void normaliseBaseUrlAccepts();
    void normaliseBaseUrlRefuses_data();
    void normaliseBaseUrlRefuses();
    void plainHttpRefusalSaysWhy();

    void isLoopbackHost_data();
    void isLoopbackHost();
    void isSameOrigin_data();
    void isSameOrigin();

    void statusUrl_data();
    void statusUrl();
    void statusUrlKeepsTheIdOneSegment_data();
    void statusUrlKeepsTheIdOneSegment();
    void contentUrl_data();
    void contentUrl();
    void listUrl_data();
    void listUrl();
    void normalisedBaseUrlBuildsRequestUrls();

    void authHeader_data();
    void authHeader();
    void authModeNames();
};

void ApiEndpointTest::normaliseBaseUrlAccepts_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("baseUrl");

    const auto row = [](const char* tag, const char* text, const char* baseUrl) {
        QTest::newRow(tag) << QString::fromUtf8(text) << QString::fromUtf8(baseUrl);
    };
    row("bare host", "https://api.openai.com", "https://api.openai.com");
    row("trailing slash", "https://api.openai.com/", "https://api.openai.com");
    row("several trailing slashes", "https://api.openai.com///", "https://api.openai.com");
    row("v1", "https://api.openai.com/v1", "https://api.openai.com");
    row("v1 with trailing slash", "https://api.openai.com/v1/", "https://api.openai.com");
    row("upper case V1", "https://api.openai.com/V1", "https://api.openai.com");
    row("surrounding white space", "  https://api.openai.com/v1 \n", "https://api.openai.com");
    row("host and scheme lower-cased", "HTTPS://API.OpenAI.com/v1", "https://api.openai.com");
    row("gateway prefix kept", "https://host.example.com/openai/v1", "https://host.example.com/openai");
    row("gateway prefix with trailing slash", "https://host.example.com/openai/v1/", "https://host.example.com/openai");
    row("gateway prefix without v1", "https://host.example.com/openai/", "https://host.example.com/openai");
    row("v10 is not v1", "https://host.example.com/api/v10", "https://host.example.com/api/v10");
    row("suffix v1 inside a segment is kept", "https://host.example.com/myv1", "https://host.example.com/myv1");
    row("explicit port", "https://host.example.com:8443/v1", "https://host.example.com:8443");
    row("encoded space in prefix", "https://host.example.com/my%20gateway/v1", "https://host.example.com/my%20gateway");
    row("encoded slash in prefix stays encoded", "https://host.example.com/a%2Fb/v1", "https://host.example.com/a%2Fb");
    row("http localhost", "http://localhost:8080/v1", "http://localhost:8080");
    row("http 127.0.0.1", "http://127.0.0.1:3000", "http://127.0.0.1:3000");
    row("http 127.1.2.3", "http://127.1.2.3/", "http://127.1.2.3");
    row("http ::1", "http://[::1]:8080/v1/", "http://[::1]:8080");
}

void ApiEndpointTest::normaliseBaseUrlAccepts()
{
    QFETCH(QString, text);
    QFETCH(QString, baseUrl);

    const BaseUrlCheck check = ApiEndpoint::normaliseBaseUrl(text);
    QVERIFY2(check.ok, qPrintable(check.error));
    QVERIFY(check.error.isEmpty());
    QCOMPARE(encoded(check.url), baseUrl);
}

void ApiEndpointTest::normaliseBaseUrlRefuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("errorMentions");

    const auto row = [](const char* tag, const char* text, const char* errorMentions) {
        QTest::newRow(tag) << QString::fromUtf8(text) << QString::fromUtf8(errorMentions);
    };
    row("empty", "", "empty");
    row("white space only", "  \t ", "empty");
    row("no scheme", "api.openai.com", "not a server URL");
    row("scheme without host", "https://", "not a server URL");
    row("garbage", "::not a url::", "not a server URL");
    row("ftp", "ftp://files.example.com", "ftp://");
    row("file", "file:///etc/passwd", "not a server URL");
    row("http to a remote host", "http://api.example.com/v1", "https://");
    row("http to a private address", "http://10.0.0.1:8080", "https://");
    row("http to a look-alike of loopback", "http://127.0.0.1.example.com", "https://");
    row("http to localhost.example.com", "http://localhost.example.com", "https://");
    row("http to a localhost subdomain", "http://demo.localhost:9000", "https://");
    row("user and password", "https://user:pass@api.example.com", "user name or password");
    row("user only", "https://user@api.example.com", "user name or password");
    row("user and password on loopback", "http://user:pass@localhost:8080", "user name or password");
    row("query", "https://api.example.com/v1?key=abc", "'?'");
    row("empty query", "https://api.example.com/v1?", "'?'");
    row("fragment", "https://api.example.com/v1#top", "'#'");
}

void ApiEndpointTest::normaliseBaseUrlRefuses()
{
    QFETCH(QString, text);
    QFETCH(QString, errorMentions);

    const BaseUrlCheck check = ApiEndpoint::normaliseBaseUrl(text);
    QVERIFY(!check.ok);
    QVERIFY2(check.error.contains(errorMentions), qPrintable(check.error));
}

void ApiEndpointTest::plainHttpRefusalSaysWhy()
{
    const BaseUrlCheck check = ApiEndpoint::normaliseBaseUrl(QStringLiteral("http://api.example.com"));
    QVERIFY(!check.ok);
    QVERIFY2(check.error.contains(QStringLiteral("unencrypted")), qPrintable(check.error));
    QVERIFY2(check.error.contains(QStringLiteral("https://")), qPrintable(check.error));
    QVERIFY2(check.error.contains(QStringLiteral("localhost")), qPrintable(check.error));
}

void ApiEndpointTest::isLoopbackHost_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("loopback");

    const auto row = [](const char* host, bool loopback) {
        QTest::newRow(*host ? host : "(empty)") << QString::fromUtf8(host) << loopback;
    };
    row("localhost", true);
    row("LOCALHOST", true);
    // Not every resolver keeps *.localhost on this machine; only the literal name counts.
    row("demo.localhost", false);
    row("127.0.0.1", true);
    row("127.1.2.3", true);
    row("127.255.255.255", true);
    row("::1", true);
    row("0:0:0:0:0:0:0:1", true);
    row("0000:0000:0000:0000:0000:0000:0000:0001", true);
    row("::0:1", true);
    row("::ffff:127.0.0.1", true);
    row("127.0.0.1.example.com", false);
    row("localhost.example.com", false);
    row("notlocalhost", false);
    row("127.256.0.1", false);
    row("128.0.0.1", false);
    row("10.0.0.1", false);
    row("192.168.1.1", false);
    row("0.0.0.0", false);
    row("::", false);
    row("::2", false);
    row("::1:1", false);
    row("1::1", false);
    row("fe80::1", false);
    row("::ffff:10.0.0.1", false);
    row("1", false);
    row("", false);
}

void ApiEndpointTest::isLoopbackHost()
{
    QFETCH(QString, host);
    QFETCH(bool, loopback);

    QCOMPARE(ApiEndpoint::isLoopbackHost(host), loopback);
}

void ApiEndpointTest::isSameOrigin_data()
{
    QTest::addColumn<QUrl>("a");
    QTest::addColumn<QUrl>("b");
    QTest::addColumn<bool>("sameOrigin");

    QTest::newRow("same host, other paths")
        << url("https://api.example.com/v1/videos/a") << url("https://api.example.com/files/b?x=1") << true;
    QTest::newRow("https default port explicit")
        << url("https://api.example.com") << url("https://api.example.com:443/x") << true;
    QTest::newRow("http default port explicit") << url("http://localhost/") << url("http://localhost:80/x") << true;
    QTest::newRow("host case") << url("https://API.example.com") << url("https://api.example.com") << true;
    QTest::newRow("scheme case") << url("HTTPS://api.example.com") << url("https://api.example.com") << true;
    QTest::newRow("other scheme") << url("https://api.example.com") << url("http://api.example.com") << false;
    QTest::newRow("http on 443 is not https")
        << url("http://api.example.com:443") << url("https://api.example.com") << false;
    QTest::newRow("other host") << url("https://api.example.com") << url("https://cdn.example.com") << false;
    QTest::newRow("subdomain") << url("https://example.com") << url("https://api.example.com") << false;
    QTest::newRow("other port") << url("https://api.example.com:8443") << url("https://api.example.com") << false;
    QTest::newRow("two explicit ports") << url("http://127.0.0.1:8080") << url("http://127.0.0.1:8081") << false;
}

void ApiEndpointTest::isSameOrigin()
{
    QFETCH(QUrl, a);
    QFETCH(QUrl, b);
    QFETCH(bool, sameOrigin);

    QCOMPARE(ApiEndpoint::isSameOrigin(a, b), sameOrigin);
    QCOMPARE(ApiEndpoint::isSameOrigin(b, a), sameOrigin);
}

void ApiEndpointTest::statusUrl_data()
{
    QTest::addColumn<QUrl>("baseUrl");
    QTest::addColumn<AuthMode>("mode");
    QTest::addColumn<QString>("taskId");
    QTest::addColumn<QString>("statusUrl");

    QTest::newRow("bearer") << url("https://api.example.com") << AuthMode::Bearer << QStringLiteral("video_abc")
                            << QStringLiteral("https://api.example.com/v1/videos/video_abc");
    QTest::newRow("token") << url("https://api.example.com") << AuthMode::Token << QStringLiteral("video_abc")
                           << QStringLiteral("https://api.example.com/api/videos/video_abc");
    QTest::newRow("bearer behind a gateway prefix")
        << url("https://gw.example.com/openai") << AuthMode::Bearer << QStringLiteral("video_abc")
        << QStringLiteral("https://gw.example.com/openai/v1/videos/video_abc");
    QTest::newRow("token behind a gateway prefix")
        << url("https://gw.example.com/openai") << AuthMode::Token << QStringLiteral("video_abc")
        << QStringLiteral("https://gw.example.com/openai/api/videos/video_abc");
    QTest::newRow("loopback with port") << url("http://127.0.0.1:8080") << AuthMode::Bearer << QStringLiteral("task_1")
                                        << QStringLiteral("http://127.0.0.1:8080/v1/videos/task_1");
    QTest::newRow("encoded prefix stays encoded")
        << url("https://gw.example.com/my%20gateway") << AuthMode::Bearer << QStringLiteral("video_abc")
        << QStringLiteral("https://gw.example.com/my%20gateway/v1/videos/video_abc");
    QTest::newRow("every allowed id character")
        << url("https://api.example.com") << AuthMode::Bearer << QStringLiteral("A-z_0.9")
        << QStringLiteral("https://api.example.com/v1/videos/A-z_0.9");
}

void ApiEndpointTest::statusUrl()
{
    QFETCH(QUrl, baseUrl);
    QFETCH(AuthMode, mode);
    QFETCH(QString, taskId);
    QFETCH(QString, statusUrl);

    const ApiEndpoint endpoint(baseUrl, mode);
    QCOMPARE(endpoint.baseUrl(), baseUrl);
    QCOMPARE(endpoint.authMode(), mode);
    QCOMPARE(encoded(endpoint.statusUrl(taskId)), statusUrl);
}

void ApiEndpointTest::statusUrlKeepsTheIdOneSegment_data()
{
    QTest::addColumn<QString>("taskId");

    QTest::newRow("colon") << QStringLiteral("ns:task:1");
    QTest::newRow("leading colon") << QStringLiteral(":task");
    // Not valid IDs, but the encoding alone must still keep them inside one segment.
    QTest::newRow("slash") << QStringLiteral("a/b");
    QTest::newRow("question mark") << QStringLiteral("a?b=c");
    QTest::newRow("hash") << QStringLiteral("a#b");
    QTest::newRow("percent") << QStringLiteral("a%2Fb");
    QTest::newRow("space") << QStringLiteral("a b");
}

void ApiEndpointTest::statusUrlKeepsTheIdOneSegment()
{
    QFETCH(QString, taskId);

    const ApiEndpoint endpoint(url("https://api.example.com/gw"), AuthMode::Bearer);
    const QUrl status = endpoint.statusUrl(taskId);
    QVERIFY(status.isValid());
    QVERIFY(!status.hasQuery());
    QVERIFY(!status.hasFragment());
    QCOMPARE(status.host(), QStringLiteral("api.example.com"));

    const QString path = status.path(QUrl::FullyEncoded);
    const QString prefix = QStringLiteral("/gw/v1/videos/");
    QVERIFY2(path.startsWith(prefix), qPrintable(path));
    const QString segment = path.mid(prefix.size());
    QVERIFY2(!segment.contains(QLatin1Char('/')), qPrintable(segment));
    QCOMPARE(QUrl::fromPercentEncoding(segment.toLatin1()), taskId);

    const QUrl content = endpoint.contentUrl(taskId, QStringLiteral("video"));
    QCOMPARE(content.path(QUrl::FullyEncoded), path + QStringLiteral("/content"));
    QCOMPARE(content.query(), QStringLiteral("variant=video"));
}

void ApiEndpointTest::contentUrl_data()
{
    QTest::addColumn<QUrl>("baseUrl");
    QTest::addColumn<AuthMode>("mode");
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("contentUrl");

    QTest::newRow("bearer video") << url("https://api.example.com") << AuthMode::Bearer << QStringLiteral("video")
                                  << QStringLiteral(
                                         "https://api.example.com/v1/videos/video_abc/content?variant=video");
    QTest::newRow("bearer thumbnail") << url("https://api.example.com") << AuthMode::Bearer
                                      << QStringLiteral("thumbnail")
                                      << QStringLiteral(
                                             "https://api.example.com/v1/videos/video_abc/content?variant=thumbnail");
    QTest::newRow("bearer without variant") << url("https://api.example.com") << AuthMode::Bearer << QString()
                                            << QStringLiteral("https://api.example.com/v1/videos/video_abc/content");
    QTest::newRow("token spritesheet")
        << url("https://api.example.com") << AuthMode::Token << QStringLiteral("spritesheet")
        << QStringLiteral("https://api.example.com/api/videos/video_abc/content?variant=spritesheet");
    QTest::newRow("gateway prefix") << url("https://gw.example.com/openai") << AuthMode::Bearer
                                    << QStringLiteral("video")
                                    << QStringLiteral(
                                           "https://gw.example.com/openai/v1/videos/video_abc/content?variant=video");
}

void ApiEndpointTest::contentUrl()
{
    QFETCH(QUrl, baseUrl);
    QFETCH(AuthMode, mode);
    QFETCH(QString, variant);
    QFETCH(QString, contentUrl);

    const ApiEndpoint endpoint(baseUrl, mode);
    QCOMPARE(encoded(endpoint.contentUrl(QStringLiteral("video_abc"), variant)), contentUrl);
}

void ApiEndpointTest::listUrl_data()
{
    QTest::addColumn<QUrl>("baseUrl");
    QTest::addColumn<AuthMode>("mode");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QString>("order");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QString>("listUrl");

    QTest::newRow("bearer limit and order")
        << url("https://api.example.com") << AuthMode::Bearer << 20 << QStringLiteral("desc") << QString()
        << QStringLiteral("https://api.example.com/v1/videos?limit=20&order=desc");
    QTest::newRow("bearer with after") << url("https://api.example.com") << AuthMode::Bearer << 100
                                       << QStringLiteral("asc") << QStringLiteral("video_x")
                                       << QStringLiteral(
                                              "https://api.example.com/v1/videos?limit=100&order=asc&after=video_x");
    QTest::newRow("limit only") << url("https://api.example.com") << AuthMode::Bearer << 5 << QString() << QString()
                                << QStringLiteral("https://api.example.com/v1/videos?limit=5");
    QTest::newRow("token") << url("https://api.example.com") << AuthMode::Token << 20 << QStringLiteral("desc")
                           << QString() << QStringLiteral("https://api.example.com/api/videos?limit=20&order=desc");
    QTest::newRow("gateway prefix") << url("https://gw.example.com/openai") << AuthMode::Bearer << 10
                                    << QStringLiteral("desc") << QStringLiteral("video_y")
                                    << QStringLiteral(
                                           "https://gw.example.com/openai/v1/videos?limit=10&order=desc&after=video_y");
}

void ApiEndpointTest::listUrl()
{
    QFETCH(QUrl, baseUrl);
    QFETCH(AuthMode, mode);
    QFETCH(int, limit);
    QFETCH(QString, order);
    QFETCH(QString, after);
    QFETCH(QString, listUrl);

    const ApiEndpoint endpoint(baseUrl, mode);
    QCOMPARE(encoded(GenericProvider::listUrl(endpoint, limit, order, after)), listUrl);
}

void ApiEndpointTest::normalisedBaseUrlBuildsRequestUrls()
{
    const BaseUrlCheck check = ApiEndpoint::normaliseBaseUrl(QStringLiteral("https://gw.example.com/openai/v1/"));
    QVERIFY2(check.ok, qPrintable(check.error));

    const ApiEndpoint bearer(check.url, AuthMode::Bearer);
    QCOMPARE(encoded(bearer.statusUrl(QStringLiteral("video_abc"))),
             QStringLiteral("https://gw.example.com/openai/v1/videos/video_abc"));

    const BaseUrlCheck root = ApiEndpoint::normaliseBaseUrl(QStringLiteral("https://api.example.com/v1"));
    QVERIFY2(root.ok, qPrintable(root.error));
    const ApiEndpoint token(root.url, AuthMode::Token);
    QCOMPARE(encoded(token.statusUrl(QStringLiteral("video_abc"))),
             QStringLiteral("https://api.example.com/api/videos/video_abc"));
}

void ApiEndpointTest::authHeader_data()
{
    QTest::addColumn<AuthMode>("mode");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");

    QTest::newRow("bearer") << AuthMode::Bearer << QByteArray("sk-test-1234") << QByteArray("Authorization")
                            << QByteArray("Bearer sk-test-1234");
    QTest::newRow("token") << AuthMode::Token << QByteArray("eyJhbGciOiJIUzI1NiJ9.e30.sig") << QByteArray("token")
                           << QByteArray("eyJhbGciOiJIUzI1NiJ9.e30.sig");
}

void ApiEndpointTest::authHeader()
{
    QFETCH(AuthMode, mode);
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);

    const ApiEndpoint endpoint(url("https://api.example.com"), mode);
    const ProviderRequest request = endpoint.statusRequest(QStringLiteral("video_abc"), secret);
    QCOMPARE(request.headers.size(), 1);
    QCOMPARE(request.headers.first().name, name);
    QCOMPARE(request.headers.first().value, value);
    QVERIFY(request.headers.first().carriesSecret);
}

void ApiEndpointTest::authModeNames()
{
    QCOMPARE(Reelwatch::authModeName(AuthMode::Bearer), QStringLiteral("bearer"));
    QCOMPARE(Reelwatch::authModeName(AuthMode::Token), QStringLiteral("token"));
    QVERIFY(Reelwatch::authModeFromName(QStringLiteral("bearer")) == AuthMode::Bearer);
    QVERIFY(Reelwatch::authModeFromName(QStringLiteral(" Bearer ")) == AuthMode::Bearer);
    QVERIFY(Reelwatch::authModeFromName(QStringLiteral("TOKEN")) == AuthMode::Token);
    QVERIFY(!Reelwatch::authModeFromName(QStringLiteral("basic")));
    QVERIFY(!Reelwatch::authModeFromName(QString()));
}

QTEST_APPLESS_MAIN(ApiEndpointTest)
#include "tst_apiendpoint.moc"

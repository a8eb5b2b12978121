// Every built-in native provider end to end: the real binary's `status` and `watch` against the demo
// server's simulation of that API (its own routes, credential rule and bodies), over loopback.
// The readers are checked against fixtures in tst_providers; here the whole path is: the request the
// provider builds, the headers it sends, its follow-up calls, what the CLI prints and its exit code.

#include "cliprocess.h"
#include "demo/democdn.h"
#include "demo/demonativeapis.h"
#include "demo/demoserver.h"
#include "demoplans.h"

#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>

using namespace Reelwatch;

namespace {

// Kling keys are an access key and a secret key; the demo server checks the signature with both.
QByteArray keyFor(const QString& provider)
{
    return provider == QLatin1String("kling") ? QByteArrayLiteral("AKdemo:SKdemo-secret")
                                              : QByteArrayLiteral("demo-provider-key");
}

// The ID a user pastes for the demo's task `seed` on this provider.
QString idFor(const QString& provider, const QString& seed)
{
    if (provider == QLatin1String("gemini"))
        return QStringLiteral("models/%1/operations/%2").arg(QLatin1String(DemoNativeApis::kGeminiModel), seed);
    return seed;
}

// PixVerse IDs are digits only; the others take the demo's usual shape.
QString seedId(const QString& provider, int n)
{
    return provider == QLatin1String("pixverse") ? QStringLiteral("31234567890%1").arg(n)
                                                 : QStringLiteral("task-%1-%2").arg(provider).arg(n);
}

} // namespace

class TestProvidersCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void watchFollowsARenderToItsLink_data();
    void watchFollowsARenderToItsLink();
    void aFailedRenderSaysWhy_data();
    void aFailedRenderSaysWhy();
    void aWrongKeyIsExitThree_data();
    void aWrongKeyIsExitThree();
    void anUnknownTaskIsNotFound_data();
    void anUnknownTaskIsNotFound();
    void aKeyTheServerEchoesIsNeverPrinted_data();
    void aKeyTheServerEchoesIsNeverPrinted();
    void listRoutesRefreshManyTasksAtOnce_data();
    void listRoutesRefreshManyTasksAtOnce();
    void runwaySendsItsVersionHeader();
    void pixverseSendsAFreshTraceIdEveryTime();
    void minimaxAndFalMakeTheirSecondCall();
    void aProviderFileIsUsedAsABuiltInOne();
    void badProviderChoicesAreUsageErrors();
    void addKeepsToTheProvidersGrammar();
    void providersListsEveryProvider();

private:
    CliRun run(const QStringList& arguments, const QByteArray& key);
    QStringList adHoc(const QString& provider) const;
    static void providerRows();

    QTemporaryDir* m_home = nullptr;
    DemoServer* m_server = nullptr;
};

void TestProvidersCli::init()
{
    m_home = new QTemporaryDir;
    QVERIFY(m_home->isValid());
    m_server = new DemoServer(this);
    QVERIFY(m_server->listen());
}

void TestProvidersCli::cleanup()
{
    delete m_server;
    delete m_home;
}

CliRun TestProvidersCli::run(const QStringList& arguments, const QByteArray& key)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), m_home->path());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home->path() + QStringLiteral("/data"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->path() + QStringLiteral("/config"));
    environment.insert(QStringLiteral("REELWATCH_API_KEY"), QString::fromUtf8(key));
    environment.insert(QStringLiteral("REELWATCH_POLL_LIMITS"), QStringLiteral("testing"));
    environment.remove(QStringLiteral("REELWATCH_TOKEN"));
    environment.remove(QStringLiteral("REELWATCH_BASE_URL"));
    environment.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    return runReelwatch(arguments, environment);
}

QStringList TestProvidersCli::adHoc(const QString& provider) const
{
    return {QStringLiteral("--provider"), provider, QStringLiteral("--base-url"),
            m_server->nativeBaseUrl(provider).toString()};
}

void TestProvidersCli::providerRows()
{
    QTest::addColumn<QString>("provider");
    for (const QString& provider : DemoNativeApis::providerIds())
        QTest::newRow(qPrintable(provider)) << provider;
}

void TestProvidersCli::watchFollowsARenderToItsLink_data()
{
    providerRows();
}

void TestProvidersCli::watchFollowsARenderToItsLink()
{
    QFETCH(QString, provider);
    const QByteArray key = keyFor(provider);
    m_server->setRequiredSecret(key);
    const QString seed = seedId(provider, 1);
    m_server->addTask(DemoPlans::timed(seed, QStringLiteral("A paper boat on a pond"), 200, 600, 2500));
    const QString id = idFor(provider, seed);

    const CliRun first
        = run(QStringList{QStringLiteral("status"), QStringLiteral("--json")} + adHoc(provider) << id, key);
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QCOMPARE(first.jsonLines().size(), 1);
    const QString early = first.jsonLines().first().value(QStringLiteral("status")).toString();
    QVERIFY2(QStringList({QStringLiteral("NOT_START"), QStringLiteral("SUBMITTED"), QStringLiteral("QUEUED"),
                          QStringLiteral("IN_PROGRESS")})
                 .contains(early),
             qPrintable(early));

    const CliRun watched = run(QStringList{QStringLiteral("watch"), QStringLiteral("--json"),
                                           QStringLiteral("--interval"), QStringLiteral("0.2")}
                                       + adHoc(provider)
                                   << id,
                               key);
    QVERIFY2(watched.exitCode == 0, watched.err.constData());
    QStringList statuses;
    QJsonObject last;
    for (const QJsonObject& line : watched.jsonLines()) {
        if (line.value(QStringLiteral("event")).toString() != QLatin1String("status"))
            continue;
        statuses << line.value(QStringLiteral("status")).toString();
        last = line;
    }
    QVERIFY2(!statuses.isEmpty(), watched.out.constData());
    QCOMPARE(statuses.last(), QStringLiteral("SUCCESS"));
    QCOMPARE(last.value(QStringLiteral("id")).toString(), id);
    // The link is the provider's, on the CDN (another origin), which never saw a key.
    const QUrl link(last.value(QStringLiteral("url")).toString());
    QCOMPARE(link.port(), m_server->cdn()->baseUrl().port());
    QVERIFY(link.path().contains(seed));
    if (provider == QLatin1String("replicate") || provider == QLatin1String("runway")
        || provider == QLatin1String("newapi"))
        QVERIFY2(statuses.contains(QStringLiteral("IN_PROGRESS")), qPrintable(statuses.join(u' ')));
    QVERIFY(!watched.out.contains(key) && !watched.err.contains(key));
}

void TestProvidersCli::aFailedRenderSaysWhy_data()
{
    providerRows();
}

void TestProvidersCli::aFailedRenderSaysWhy()
{
    QFETCH(QString, provider);
    const QByteArray key = keyFor(provider);
    m_server->setRequiredSecret(key);
    const QString seed = seedId(provider, 2);
    m_server->addTask(DemoPlans::finished(seed, QStringLiteral("Something not allowed"), true));
    const CliRun failed = run(QStringList{QStringLiteral("status"), QStringLiteral("--json")} + adHoc(provider)
                                  << idFor(provider, seed),
                              key);
    QVERIFY2(failed.exitCode == 0, failed.err.constData());
    const QJsonObject line = failed.jsonLines().value(0);
    QCOMPARE(line.value(QStringLiteral("status")).toString(), QStringLiteral("FAILURE"));
    const QJsonObject error = line.value(QStringLiteral("error")).toObject();
    // Every provider says why in words or a code (Vidu only gives a code).
    QVERIFY2(!error.value(QStringLiteral("message")).toString().isEmpty()
                 || !error.value(QStringLiteral("code")).toString().isEmpty(),
             failed.out.constData());
    QVERIFY(line.value(QStringLiteral("url")).isNull());
}

void TestProvidersCli::aWrongKeyIsExitThree_data()
{
    providerRows();
}

void TestProvidersCli::aWrongKeyIsExitThree()
{
    QFETCH(QString, provider);
    m_server->setRequiredSecret(keyFor(provider));
    const QString seed = seedId(provider, 3);
    m_server->addTask(DemoPlans::queued(seed));
    const QByteArray wrong = provider == QLatin1String("kling") ? QByteArrayLiteral("AKdemo:not-the-secret")
                                                                : QByteArrayLiteral("wrong-key-123");
    const CliRun refused = run(QStringList{QStringLiteral("status")} + adHoc(provider) << idFor(provider, seed), wrong);
    QCOMPARE(refused.exitCode, 3);
    QVERIFY2(refused.out.contains("unauthorized") || refused.err.contains("unauthorized"),
             (refused.out + refused.err).constData());
    QVERIFY(!refused.out.contains(wrong) && !refused.err.contains(wrong));
}

void TestProvidersCli::anUnknownTaskIsNotFound_data()
{
    providerRows();
}

void TestProvidersCli::anUnknownTaskIsNotFound()
{
    QFETCH(QString, provider);
    const QByteArray key = keyFor(provider);
    m_server->setRequiredSecret(key);
    const CliRun missing = run(QStringList{QStringLiteral("status"), QStringLiteral("--json")} + adHoc(provider)
                                   << idFor(provider, seedId(provider, 9)),
                               key);
    QCOMPARE(missing.exitCode, 1);
    QCOMPARE(missing.jsonLines()
                 .value(0)
                 .value(QStringLiteral("fetch_error"))
                 .toObject()
                 .value(QStringLiteral("kind"))
                 .toString(),
             QStringLiteral("not_found"));
}

void TestProvidersCli::aKeyTheServerEchoesIsNeverPrinted_data()
{
    providerRows();
}

void TestProvidersCli::aKeyTheServerEchoesIsNeverPrinted()
{
    QFETCH(QString, provider);
    const QByteArray key = keyFor(provider);
    m_server->setRequiredSecret(key);
    const QString seed = seedId(provider, 7);
    m_server->addTask(DemoPlans::finished(seed, QStringLiteral("A kite over the dunes")));
    // Every answer, the follow-ups included (MiniMax's file, fal's result), repeats the credential in
    // the task's prompt, model, failure reason and result link.
    m_server->scriptFaults(seed, QList<DemoFault>(4, DemoFault::EchoCredential));
    const QString id = idFor(provider, seed);
    for (const QStringList& format : {QStringList{QStringLiteral("--json")}, QStringList()}) {
        const CliRun status
            = run(QStringList{QStringLiteral("status"), QStringLiteral("-v")} + format + adHoc(provider) << id, key);
        QVERIFY2(status.exitCode == 0, status.err.constData());
        const QByteArray everything = status.out + status.err;
        QVERIFY2(!everything.contains(key) && !everything.contains(key.right(8)), everything.constData());
        m_server->scriptFaults(seed, QList<DemoFault>(4, DemoFault::EchoCredential));
    }
}

void TestProvidersCli::listRoutesRefreshManyTasksAtOnce_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("listPath");
    QTest::newRow("luma") << QStringLiteral("luma") << QStringLiteral("/luma/dream-machine/v1/generations");
    QTest::newRow("replicate") << QStringLiteral("replicate") << QStringLiteral("/replicate/v1/predictions");
    QTest::newRow("kling") << QStringLiteral("kling") << QStringLiteral("/kling/v1/videos/text2video");
    QTest::newRow("ark") << QStringLiteral("ark") << QStringLiteral("/ark/api/v3/contents/generations/tasks");
}

void TestProvidersCli::listRoutesRefreshManyTasksAtOnce()
{
    // Where the provider lists an account's tasks, one list request refreshes many of them: the
    // server sees list requests, and far fewer status requests than polls.
    QFETCH(QString, provider);
    QFETCH(QString, listPath);
    const QByteArray key = keyFor(provider);
    m_server->setRequiredSecret(key);
    QStringList ids;
    for (int n = 0; n < 8; ++n) {
        const QString id = QStringLiteral("batch-%1-%2").arg(provider).arg(n);
        m_server->addTask(DemoPlans::timed(id, QString(), 100, 300, 2000 + n * 150));
        ids << id;
    }
    const CliRun watched = run(QStringList{QStringLiteral("watch"), QStringLiteral("--json"),
                                           QStringLiteral("--interval"), QStringLiteral("0.2")}
                                   + adHoc(provider) + ids,
                               key);
    QVERIFY2(watched.exitCode == 0, (watched.out + watched.err).constData());
    const QJsonObject done = watched.jsonLines().last();
    QCOMPARE(done.value(QStringLiteral("event")).toString(), QStringLiteral("done"));
    QCOMPARE(done.value(QStringLiteral("succeeded")).toInt(), 8);
    int lists = 0;
    int statuses = 0;
    for (const DemoRequest& request : m_server->recentRequests())
        (request.path == listPath ? lists : statuses) += 1;
    QVERIFY2(lists > 0, qPrintable(QStringLiteral("%1 status requests, no list request").arg(statuses)));
    int changes = 0;
    for (const QJsonObject& line : watched.jsonLines())
        changes += line.value(QStringLiteral("event")).toString() == QLatin1String("status") ? 1 : 0;
    QVERIFY2(lists + statuses < changes * 2,
             qPrintable(
                 QStringLiteral("%1 list + %2 status requests for %3 changes").arg(lists).arg(statuses).arg(changes)));
}

void TestProvidersCli::runwaySendsItsVersionHeader()
{
    m_server->setRequiredSecret(keyFor(QStringLiteral("runway")));
    m_server->addTask(DemoPlans::finished(QStringLiteral("rw-1")));
    QCOMPARE(run(QStringList{QStringLiteral("status")} + adHoc(QStringLiteral("runway")) << QStringLiteral("rw-1"),
                 keyFor(QStringLiteral("runway")))
                 .exitCode,
             0);
    const DemoRequest request = m_server->recentRequests().last();
    QCOMPARE(request.path, QStringLiteral("/runway/v1/tasks/rw-1"));
    bool versioned = false;
    for (const auto& [name, value] : request.headers)
        versioned = versioned || (name.compare("X-Runway-Version", Qt::CaseInsensitive) == 0 && value == "2024-11-06");
    QVERIFY(versioned);
}

void TestProvidersCli::pixverseSendsAFreshTraceIdEveryTime()
{
    // The demo server refuses a trace id it has seen, so three polls that succeed prove three ids.
    const QString provider = QStringLiteral("pixverse");
    m_server->setRequiredSecret(keyFor(provider));
    m_server->addTask(DemoPlans::finished(QStringLiteral("3123456789001")));
    m_server->addTask(DemoPlans::finished(QStringLiteral("3123456789002")));
    const CliRun run1 = run(QStringList{QStringLiteral("status")} + adHoc(provider)
                                << QStringLiteral("3123456789001") << QStringLiteral("3123456789002"),
                            keyFor(provider));
    QVERIFY2(run1.exitCode == 0, (run1.out + run1.err).constData());
    const CliRun run2 = run(QStringList{QStringLiteral("status")} + adHoc(provider) << QStringLiteral("3123456789001"),
                            keyFor(provider));
    QVERIFY2(run2.exitCode == 0, (run2.out + run2.err).constData());
    QSet<QByteArray> traces;
    int requests = 0;
    for (const DemoRequest& request : m_server->recentRequests()) {
        for (const auto& [name, value] : request.headers) {
            if (name.compare("Ai-trace-id", Qt::CaseInsensitive) == 0)
                traces.insert(value);
        }
        ++requests;
    }
    QCOMPARE(requests, 3);
    QCOMPARE(traces.size(), 3);
    // An ID that is not digits is never sent.
    const CliRun invalid
        = run(QStringList{QStringLiteral("status")} + adHoc(provider) << QStringLiteral("video_abc"), keyFor(provider));
    QCOMPARE(invalid.exitCode, 2);
    QCOMPARE(m_server->recentRequests().size(), 3);
}

void TestProvidersCli::minimaxAndFalMakeTheirSecondCall()
{
    for (const QString& provider : {QStringLiteral("minimax"), QStringLiteral("fal")}) {
        m_server->clearRecentRequests();
        m_server->setRequiredSecret(keyFor(provider));
        const QString seed = seedId(provider, 4);
        m_server->addTask(DemoPlans::finished(seed));
        const CliRun done
            = run(QStringList{QStringLiteral("status"), QStringLiteral("--json")} + adHoc(provider) << seed,
                  keyFor(provider));
        QVERIFY2(done.exitCode == 0, (done.out + done.err).constData());
        QCOMPARE(done.jsonLines().value(0).value(QStringLiteral("status")).toString(), QStringLiteral("SUCCESS"));
        QStringList paths;
        for (const DemoRequest& request : m_server->recentRequests())
            paths << request.path;
        if (provider == QLatin1String("minimax"))
            QCOMPARE(paths,
                     (QStringList{QStringLiteral("/minimax/v1/query/video_generation"),
                                  QStringLiteral("/minimax/v1/files/retrieve")}));
        else
            QCOMPARE(paths,
                     (QStringList{QStringLiteral("/fal/fal-ai/demo-video/requests/%1/status").arg(seed),
                                  QStringLiteral("/fal/fal-ai/demo-video/requests/%1").arg(seed)}));
    }
}

void TestProvidersCli::aProviderFileIsUsedAsABuiltInOne()
{
    // Luma's routes described by a user's own file: the same answers read the same way.
    QFile file(m_home->filePath(QStringLiteral("dreams.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"id": "dreams", "name": "Dreams gateway",
                   "status": {"path": "/dream-machine/v1/generations/{id}"},
                   "auth": {"header": "Authorization", "value": "Bearer {secret}"},
                   "fields": {"status": "/state", "url": "/assets/video", "error": "/failure_reason"},
                   "statuses": {"queued": "QUEUED", "dreaming": "IN_PROGRESS", "completed": "SUCCESS",
                                "failed": "FAILURE"}})");
    file.close();
    m_server->setRequiredSecret(keyFor(QStringLiteral("luma")));
    m_server->addTask(DemoPlans::finished(QStringLiteral("dream-1")));
    const QString base = m_server->nativeBaseUrl(QStringLiteral("luma")).toString();
    const CliRun done = run({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--provider-file"),
                             file.fileName(), QStringLiteral("--base-url"), base, QStringLiteral("dream-1")},
                            keyFor(QStringLiteral("luma")));
    QVERIFY2(done.exitCode == 0, (done.out + done.err).constData());
    QCOMPARE(done.jsonLines().value(0).value(QStringLiteral("status")).toString(), QStringLiteral("SUCCESS"));

    // A profile keeps it: installed in the data folder, listed by `providers`, used by `status`.
    const CliRun added = run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("Dreams"),
                              QStringLiteral("--provider-file"), file.fileName(), QStringLiteral("--base-url"), base},
                             {});
    QVERIFY2(added.exitCode == 0, added.err.constData());
    QVERIFY(QFile::exists(m_home->filePath(QStringLiteral("data/Reelwatch/reelwatch/providers/dreams.json"))));
    QVERIFY(run({QStringLiteral("providers")}, {}).out.contains("dreams"));
    const CliRun viaProfile = run({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--profile"),
                                   QStringLiteral("Dreams"), QStringLiteral("dream-1")},
                                  keyFor(QStringLiteral("luma")));
    QVERIFY2(viaProfile.exitCode == 0, (viaProfile.out + viaProfile.err).constData());
    QCOMPARE(viaProfile.jsonLines().value(0).value(QStringLiteral("status")).toString(), QStringLiteral("SUCCESS"));
    const CliRun listed = run({QStringLiteral("profile"), QStringLiteral("list"), QStringLiteral("--json")}, {});
    QCOMPARE(listed.jsonLines().value(0).value(QStringLiteral("provider")).toString(), QStringLiteral("dreams"));

    // A broken file names its line and key, and nothing is sent.
    QFile broken(m_home->filePath(QStringLiteral("broken.json")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"id\": \"broken\",\n \"name\": \"Broken\",\n \"status\": {\"path\": \"/jobs\"}}");
    broken.close();
    m_server->clearRecentRequests();
    const CliRun refused = run({QStringLiteral("status"), QStringLiteral("--provider-file"), broken.fileName(),
                                QStringLiteral("--base-url"), base, QStringLiteral("dream-1")},
                               keyFor(QStringLiteral("luma")));
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains("broken.json, line 3"), refused.err.constData());
    QVERIFY(m_server->recentRequests().isEmpty());
}

void TestProvidersCli::badProviderChoicesAreUsageErrors()
{
    const QByteArray key = keyFor(QStringLiteral("runway"));
    const auto status = [this, &key](const QStringList& options) {
        return run(QStringList{QStringLiteral("status")} + options << QStringLiteral("rw-1"), key);
    };
    const CliRun unknown = status({QStringLiteral("--provider"), QStringLiteral("acme")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("unknown provider") && unknown.err.contains("runway"), unknown.err.constData());
    // No base URL and a provider without a public address: nothing is guessed.
    const CliRun noServer = status({QStringLiteral("--provider"), QStringLiteral("newapi")});
    QCOMPARE(noServer.exitCode, 2);
    QVERIFY2(noServer.err.contains("no server"), noServer.err.constData());
    // An empty --base-url is a mistake, never a fallback to some default host.
    const CliRun empty
        = status({QStringLiteral("--provider"), QStringLiteral("runway"), QStringLiteral("--base-url"), QString()});
    QCOMPARE(empty.exitCode, 2);
    QVERIFY2(empty.err.contains("empty"), empty.err.constData());
    const CliRun auth = status(adHoc(QStringLiteral("runway")) << QStringLiteral("--auth") << QStringLiteral("token"));
    QCOMPARE(auth.exitCode, 2);
    QVERIFY(auth.err.contains("openai provider only"));
    QVERIFY(m_server->recentRequests().isEmpty());
}

void TestProvidersCli::addKeepsToTheProvidersGrammar()
{
    QCOMPARE(run({QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("Veo"), QStringLiteral("--provider"),
                  QStringLiteral("gemini")},
                 {})
                 .exitCode,
             0);
    const QString operation = idFor(QStringLiteral("gemini"), QStringLiteral("abc123"));
    const CliRun added = run({QStringLiteral("add"), operation, QStringLiteral("video_plain"),
                              QStringLiteral("models/x/operations/../../v1/keys")},
                             {});
    QCOMPARE(added.exitCode, 2); // two refused, the operation name stored
    QVERIFY2(added.err.contains("skipped 'video_plain'") && added.err.contains("operations/ID"), added.err.constData());
    const CliRun listed = run({QStringLiteral("list"), QStringLiteral("--json")}, {});
    QCOMPARE(listed.jsonLines().size(), 1);
    QCOMPARE(listed.jsonLines().first().value(QStringLiteral("id")).toString(), operation);
}

void TestProvidersCli::providersListsEveryProvider()
{
    const CliRun listed = run({QStringLiteral("providers"), QStringLiteral("--json")}, {});
    QCOMPARE(listed.exitCode, 0);
    QStringList ids;
    for (const QJsonObject& line : listed.jsonLines())
        ids << line.value(QStringLiteral("id")).toString();
    QCOMPARE(ids.first(), QStringLiteral("openai"));
    for (const QString& provider : DemoNativeApis::providerIds())
        QVERIFY2(ids.contains(provider), qPrintable(provider));
    const CliRun table = run({QStringLiteral("providers")}, {});
    QVERIFY(table.out.startsWith("ID"));
    QVERIFY(table.out.contains("Runway"));
}

QTEST_GUILESS_MAIN(TestProvidersCli)
#include "tst_providerscli.moc"

// One running Reelwatch per task database. In-process: the lock, the socket protocol and its
// defences (garbage, oversized and silent clients). Between real processes: the window started
// twice, `reelwatch add` handing its IDs to the running window, which polls them against a real
// `reelwatch demo-server`, and recovery from the lock and socket a killed window leaves behind.

#include "cliprocess.h"
#include "net/singleinstance.h"

#include <memory>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLocalSocket>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>
#include <unistd.h>

using namespace Reelwatch;

namespace {

const QString kKey = QStringLiteral("sk-single-instance-5d0c93a7e1f24b68");
const QString kFirstTask = QStringLiteral("video_68f1a2b3c4d5e6f70811a001");
const QString kSecondTask = QStringLiteral("video_68f1a2b3c4d5e6f70811a002");
const QString kThirdTask = QStringLiteral("video_68f1a2b3c4d5e6f70811a003");
const QString kFourthTask = QStringLiteral("video_68f1a2b3c4d5e6f70811a004");
// The uid the tests give directories to when they play another local user.
constexpr uid_t kOtherUser = 65534;
constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
    | QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ExeUser;
// Generous: two shared cores, Debug builds, other test suites running beside this one.
constexpr int kProcessTimeoutMs = 60000;

QString uniqueKey()
{
    return QStringLiteral("test-") + QUuid::createUuid().toString(QUuid::Id128);
}

// The blocking client, on a thread of its own, so that this thread's event loop can serve it.
class ClientThread
{
public:
    ClientThread(const QString& key, const InstanceRequest& request, int timeoutMs)
    {
        m_thread.reset(QThread::create([this, key, request, timeoutMs] {
            m_reply = SingleInstance::sendToPrimary(key, request, timeoutMs, &m_error);
        }));
        m_thread->start();
    }
    ~ClientThread() { m_thread->wait(); }

    bool isFinished() const { return m_thread->isFinished(); }
    const std::optional<InstanceReply>& reply() const { return m_reply; }
    QString error() const { return m_error; }

private:
    std::unique_ptr<QThread> m_thread;
    std::optional<InstanceReply> m_reply;
    QString m_error;
};

// A raw client that sends whatever it is given and collects the answer, without blocking.
struct RawClient
{
    QLocalSocket socket;
    QByteArray received;

    explicit RawClient(const QString& key)
    {
        QObject::connect(&socket, &QLocalSocket::readyRead, &socket, [this] { received += socket.readAll(); });
        socket.connectToServer(SingleInstance::socketPath(key));
    }
    std::optional<InstanceReply> reply() const
    {
        QString error;
        const qsizetype newline = received.indexOf('\n');
        return newline < 0 ? std::nullopt : SingleInstance::parseReply(received.left(newline), &error);
    }
};

} // namespace

class TestSingleInstance : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();

    // In-process.
    void keysFollowTheDatabase();
    void secondObjectCannotBecomePrimary();
    void requestsReachThePrimaryAndRepliesComeBack();
    void badClientsGetErrorsAndBlockNobody();
    void malformedRequestsAreRejected_data();
    void malformedRequestsAreRejected();
    void lockHolderThatDoesNotAnswerIsReported();
    void stoppedPrimaryServesNobody();
    void fallbackDirectoryMustBeTheUsersAlone();
    void socketPathStaysWithinTheAddressLimit();

    // Real processes.
    void secondLaunchAndAddGoToTheRunningWindow();
    void killedWindowIsRecoveredFrom();
    void addWithoutWindowWritesTheStore();

private:
    // A throwaway home with a profile "Demo" (the default) on a real `reelwatch demo-server`.
    bool setUpSandbox();
    QProcessEnvironment environment() const;
    CliRun run(const QStringList& arguments);
    QProcess* startWindow();
    bool waitUntilPrimary(QProcess* window);
    QString databaseKey() const;
    // The task's line in `reelwatch list --json`, or an empty object.
    QJsonObject listed(const QString& taskId);

    QTemporaryDir m_runtime; // the in-process tests' runtime directory
    QByteArray m_originalHome;
    QByteArray m_originalTempDir;
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<QProcess> m_demoServer;
    QList<QProcess*> m_windows;
};

void TestSingleInstance::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_runtime.isValid());
    // Lock files and sockets go here, never into the user's own runtime directory.
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_runtime.path()));
    QCOMPARE(SingleInstance::lockFilePath(QStringLiteral("k")), m_runtime.path() + QStringLiteral("/k.lock"));
    m_originalHome = qgetenv("HOME");
    m_originalTempDir = qgetenv("TMPDIR");
}

void TestSingleInstance::cleanup()
{
    for (QProcess* window : std::as_const(m_windows)) {
        window->kill();
        window->waitForFinished(10000);
        delete window;
    }
    m_windows.clear();
    if (m_demoServer) {
        m_demoServer->kill();
        m_demoServer->waitForFinished(10000);
        m_demoServer.reset();
    }
    m_home.reset();
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_runtime.path()));
    qputenv("HOME", m_originalHome);
    if (m_originalTempDir.isNull())
        qunsetenv("TMPDIR");
    else
        qputenv("TMPDIR", m_originalTempDir);
}

void TestSingleInstance::keysFollowTheDatabase()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("real")));
    QVERIFY(QFile::link(dir.path() + QStringLiteral("/real"), dir.path() + QStringLiteral("/link")));
    // Neither the database nor its directory exists yet, as on a first run.
    const QString real = dir.path() + QStringLiteral("/real/data/reelwatch.sqlite3");
    const QString viaLink = dir.path() + QStringLiteral("/link/data/reelwatch.sqlite3");
    const QString key = SingleInstance::keyForDatabase(real);
    QCOMPARE(SingleInstance::keyForDatabase(viaLink), key);
    QCOMPARE(SingleInstance::keyForDatabase(dir.path() + QStringLiteral("/real/./data//reelwatch.sqlite3")), key);
    // Once the database exists (the first run created it), the key is still the same.
    QVERIFY(QDir().mkpath(dir.path() + QStringLiteral("/real/data")));
    QFile file(real);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QCOMPARE(SingleInstance::keyForDatabase(real), key);
    QCOMPARE(SingleInstance::keyForDatabase(viaLink), key);

    QVERIFY(SingleInstance::keyForDatabase(dir.path() + QStringLiteral("/other.sqlite3")) != key);
    QVERIFY(SingleInstance::keyForDemo() != key);
    QCOMPARE(SingleInstance::keyForDemo(), SingleInstance::keyForDemo());
    static const QRegularExpression fileNameSafe(QStringLiteral("^[A-Za-z0-9_-]+$"));
    QVERIFY(fileNameSafe.match(key).hasMatch());
    QVERIFY(fileNameSafe.match(SingleInstance::keyForDemo()).hasMatch());
}

void TestSingleInstance::secondObjectCannotBecomePrimary()
{
    const QString key = uniqueKey();
    QString error;
    {
        SingleInstance first(key);
        SingleInstance second(key);
        QVERIFY2(first.tryBecomePrimary(&error), qPrintable(error));
        QVERIFY(first.isPrimary() && first.isServing());
        QVERIFY(QFile::exists(SingleInstance::lockFilePath(key)));
        QVERIFY(QFile::exists(SingleInstance::socketPath(key)));
        // The socket is the user's alone.
        QCOMPARE(
            QFile::permissions(SingleInstance::socketPath(key))
                & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther),
            QFileDevice::Permissions());

        QVERIFY(!second.tryBecomePrimary(&error));
        QVERIFY2(error.isEmpty(), qPrintable(error)); // "someone else", not a failure
        // A window runs for weeks: an old lock of a live process is still held.
        QFile lockFile(SingleInstance::lockFilePath(key));
        QVERIFY(lockFile.open(QIODevice::Append));
        QVERIFY(lockFile.setFileTime(QDateTime::currentDateTime().addDays(-3), QFileDevice::FileModificationTime));
        lockFile.close();
        QVERIFY(!second.tryBecomePrimary(&error));
        QVERIFY(error.isEmpty());
        QVERIFY(!second.isPrimary());
        QVERIFY(!second.tryLock(&error));
        QVERIFY(error.isEmpty());
    }
    // Both gone: nothing is left behind, and the next one becomes primary at once.
    QVERIFY(!QFile::exists(SingleInstance::lockFilePath(key)));
    QVERIFY(!QFile::exists(SingleInstance::socketPath(key)));
    SingleInstance third(key);
    QVERIFY2(third.tryBecomePrimary(&error), qPrintable(error));
}

void TestSingleInstance::requestsReachThePrimaryAndRepliesComeBack()
{
    const QString key = uniqueKey();
    SingleInstance primary(key);
    QString error;
    QVERIFY2(primary.tryBecomePrimary(&error), qPrintable(error));

    // Before the window has set its handler, an add is answered, not left hanging.
    {
        ClientThread client(key, InstanceRequest::addTasks({kFirstTask}, QString(), QString()), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(client.isFinished(), 15000);
        QVERIFY2(client.reply(), qPrintable(client.error()));
        QVERIFY(!client.reply()->ok);
        QCOMPARE(client.reply()->errorCode, QString::fromLatin1(InstanceReply::kErrorNotReady));
    }

    QList<InstanceAddRequest> received;
    primary.setAddHandler([&received](const InstanceAddRequest& request) {
        received << request;
        InstanceReply reply;
        reply.ok = true;
        reply.added = int(request.ids.size()) - 1;
        reply.existing = 1;
        reply.profileName = request.profileName.isEmpty() ? QStringLiteral("Default") : request.profileName;
        return reply;
    });
    {
        ClientThread client(key,
                            InstanceRequest::addTasks({kFirstTask, kSecondTask, kFirstTask, kThirdTask},
                                                      QStringLiteral("Boat ⛵ \"night\""), QStringLiteral("Gateway")),
                            10000);
        QTRY_VERIFY_WITH_TIMEOUT(client.isFinished(), 15000);
        QVERIFY2(client.reply(), qPrintable(client.error()));
        QVERIFY(client.reply()->ok);
        QCOMPARE(client.reply()->added, 2);
        QCOMPARE(client.reply()->existing, 1);
        QCOMPARE(client.reply()->profileName, QStringLiteral("Gateway"));
    }
    QCOMPARE(received.size(), 1);
    QCOMPARE(received.first().ids, (QStringList{kFirstTask, kSecondTask, kThirdTask}));
    QCOMPARE(received.first().label, QStringLiteral("Boat ⛵ \"night\""));
    QCOMPARE(received.first().profileName, QStringLiteral("Gateway"));

    QSignalSpy activations(&primary, &SingleInstance::activationRequested);
    {
        ClientThread client(key, InstanceRequest::activate(QStringLiteral("kwin-token_42 x")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(client.isFinished(), 15000);
        QVERIFY2(client.reply() && client.reply()->ok, qPrintable(client.error()));
    }
    QCOMPARE(activations.size(), 1);
    QCOMPARE(activations.first().first().toString(), QStringLiteral("kwin-token_42 x"));
}

void TestSingleInstance::badClientsGetErrorsAndBlockNobody()
{
    const QString key = uniqueKey();
    SingleInstance primary(key);
    primary.setConnectionTimeoutMs(1500);
    QString error;
    QVERIFY2(primary.tryBecomePrimary(&error), qPrintable(error));
    QSignalSpy activations(&primary, &SingleInstance::activationRequested);

    // Connects and says nothing: it holds no one up, and is dropped after the timeout.
    RawClient silent(key);
    QTRY_COMPARE(silent.socket.state(), QLocalSocket::ConnectedState);
    // Half a request, never finished.
    RawClient partial(key);
    QTRY_COMPARE(partial.socket.state(), QLocalSocket::ConnectedState);
    partial.socket.write(R"({"v":1,"request":"acti)");

    RawClient garbage(key);
    garbage.socket.write(QByteArray("\x01\x02 not json at all\n"));
    QTRY_VERIFY_WITH_TIMEOUT(garbage.reply(), 10000);
    QVERIFY(!garbage.reply()->ok);
    QCOMPARE(garbage.reply()->errorCode, QString::fromLatin1(InstanceReply::kErrorInvalidRequest));
    QVERIFY2(garbage.reply()->error.contains(QStringLiteral("not a JSON object")), qPrintable(garbage.reply()->error));

    // Over the size limit, with no line end in sight: refused once the limit is passed.
    RawClient oversized(key);
    oversized.socket.write(QByteArray(int(SingleInstance::kMaxMessageBytes) + 4096, 'x'));
    QTRY_VERIFY_WITH_TIMEOUT(oversized.reply(), 20000);
    QVERIFY(!oversized.reply()->ok);
    QVERIFY2(oversized.reply()->error.contains(QStringLiteral("larger than")), qPrintable(oversized.reply()->error));
    QTRY_COMPARE_WITH_TIMEOUT(oversized.socket.state(), QLocalSocket::UnconnectedState, 10000);

    // A good client is served while the silent and the partial one are still connected.
    QCOMPARE(silent.socket.state(), QLocalSocket::ConnectedState);
    QCOMPARE(partial.socket.state(), QLocalSocket::ConnectedState);
    {
        ClientThread client(key, InstanceRequest::activate(QString()), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(client.isFinished(), 15000);
        QVERIFY2(client.reply() && client.reply()->ok, qPrintable(client.error()));
    }
    QCOMPARE(activations.size(), 1); // neither the partial request nor the garbage activated anything

    QTRY_COMPARE_WITH_TIMEOUT(silent.socket.state(), QLocalSocket::UnconnectedState, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(partial.socket.state(), QLocalSocket::UnconnectedState, 15000);
    QVERIFY(silent.received.isEmpty());
    QCOMPARE(activations.size(), 1);
}

void TestSingleInstance::malformedRequestsAreRejected_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not json") << QByteArray("add video_a") << QStringLiteral("not a JSON object");
    QTest::newRow("array") << QByteArray(R"([1,2])") << QStringLiteral("not a JSON object");
    QTest::newRow("no version") << QByteArray(R"({"request":"activate"})") << QStringLiteral("protocol version");
    QTest::newRow("other version") << QByteArray(R"({"v":2,"request":"activate"})")
                                   << QStringLiteral("protocol version");
    QTest::newRow("version as text") << QByteArray(R"({"v":"1","request":"activate"})")
                                     << QStringLiteral("protocol version");
    QTest::newRow("unknown request") << QByteArray(R"({"v":1,"request":"quit"})") << QStringLiteral("unknown request");
    QTest::newRow("token not text") << QByteArray(R"({"v":1,"request":"activate","activation_token":5})")
                                    << QStringLiteral("activation token");
    QTest::newRow("token with control") << QByteArray(
        "{\"v\":1,\"request\":\"activate\",\"activation_token\":\"a\\nb\"}")
                                        << QStringLiteral("activation token");
    QTest::newRow("token too long") << (QByteArray(R"({"v":1,"request":"activate","activation_token":")")
                                        + QByteArray(600, 'a') + QByteArray(R"("})"))
                                    << QStringLiteral("activation token");
    QTest::newRow("ids missing") << QByteArray(R"({"v":1,"request":"add"})") << QStringLiteral("\"ids\"");
    QTest::newRow("ids not array") << QByteArray(R"({"v":1,"request":"add","ids":"video_a"})")
                                   << QStringLiteral("\"ids\"");
    QTest::newRow("label not text") << QByteArray(R"({"v":1,"request":"add","ids":[],"label":[]})")
                                    << QStringLiteral("\"label\"");
    QTest::newRow("id not text") << QByteArray(R"({"v":1,"request":"add","ids":[7]})")
                                 << QStringLiteral("invalid task ID");
    QTest::newRow("path in id") << QByteArray(R"({"v":1,"request":"add","ids":["video_a","../../etc"]})")
                                << QStringLiteral("invalid task ID");
}

void TestSingleInstance::malformedRequestsAreRejected()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, reason);
    QString error;
    QVERIFY(!SingleInstance::parseRequest(line, &error));
    QVERIFY2(error.contains(reason), qPrintable(error));

    // Over the socket the same request gets the same words back, and the handler never runs.
    const QString key = uniqueKey();
    SingleInstance primary(key);
    QVERIFY2(primary.tryBecomePrimary(&error), qPrintable(error));
    bool handled = false;
    primary.setAddHandler([&handled](const InstanceAddRequest&) {
        handled = true;
        return InstanceReply();
    });
    QSignalSpy activations(&primary, &SingleInstance::activationRequested);
    RawClient client(key);
    client.socket.write(line + '\n');
    QTRY_VERIFY_WITH_TIMEOUT(client.reply(), 10000);
    QVERIFY(!client.reply()->ok);
    QVERIFY2(client.reply()->error.contains(reason), qPrintable(client.reply()->error));
    QVERIFY(!handled);
    QCOMPARE(activations.size(), 0);
}

void TestSingleInstance::lockHolderThatDoesNotAnswerIsReported()
{
    const QString key = uniqueKey();
    SingleInstance holder(key);
    QString error;
    QVERIFY(holder.tryLock(&error)); // holds the lock, serves nothing: a process stuck while starting
    QVERIFY(!holder.isServing());

    QElapsedTimer timer;
    timer.start();
    const std::optional<InstanceReply> reply
        = SingleInstance::sendToPrimary(key, InstanceRequest::activate(QString()), 1500, &error);
    QVERIFY(!reply);
    QVERIFY(timer.elapsed() >= 1400); // it kept trying while the holder might still be starting
    QVERIFY2(error.contains(QStringLiteral("did not answer")), qPrintable(error));
    QVERIFY2(error.contains(QString::number(QCoreApplication::applicationPid())), qPrintable(error));

    // A second object in this process sees the same: a live holder that does not answer.
    SingleInstance waiting(key);
    QCOMPARE(waiting.claim(InstanceRequest::activate(QString()), true, 300, nullptr, &error),
             SingleInstance::Claim::NoAnswer);
    QVERIFY(!waiting.isPrimary());
}

void TestSingleInstance::stoppedPrimaryServesNobody()
{
    const QString key = uniqueKey();
    SingleInstance primary(key);
    QString error;
    QVERIFY2(primary.tryBecomePrimary(&error), qPrintable(error));
    int handled = 0;
    primary.setAddHandler([&handled](const InstanceAddRequest&) {
        ++handled;
        InstanceReply reply;
        reply.ok = true;
        return reply;
    });
    QSignalSpy activations(&primary, &SingleInstance::activationRequested);

    // Connected while the event loop still ran, its request not sent yet. The activation after it
    // is answered only once the server has accepted both.
    RawClient early(key);
    {
        ClientThread client(key, InstanceRequest::activate(QString()), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(client.isFinished(), 15000);
        QVERIFY2(client.reply() && client.reply()->ok, qPrintable(client.error()));
    }
    QCOMPARE(activations.size(), 1);
    QCOMPARE(early.socket.state(), QLocalSocket::ConnectedState);

    // The event loop has ended; what the handler uses is about to go.
    primary.stopServing();
    QVERIFY(primary.isPrimary());
    QVERIFY(!primary.isServing());
    QVERIFY(QFile::exists(SingleInstance::lockFilePath(key)));
    QVERIFY(!QFile::exists(SingleInstance::socketPath(key)));

    early.socket.write(SingleInstance::encodeRequest(InstanceRequest::addTasks({kFirstTask}, QString(), QString())));
    QTRY_COMPARE_WITH_TIMEOUT(early.socket.state(), QLocalSocket::UnconnectedState, 10000);
    QVERIFY(early.received.isEmpty());

    // One arriving now finds nobody listening while the lock is still held.
    {
        ClientThread late(key, InstanceRequest::addTasks({kSecondTask}, QString(), QString()), 1000);
        QTRY_VERIFY_WITH_TIMEOUT(late.isFinished(), 15000);
        QVERIFY(!late.reply());
        QVERIFY2(late.error().contains(QStringLiteral("did not answer")), qPrintable(late.error()));
    }
    QCOMPARE(handled, 0);
    QCOMPARE(activations.size(), 1);
}

void TestSingleInstance::fallbackDirectoryMustBeTheUsersAlone()
{
    QTemporaryDir sandbox;
    QVERIFY(sandbox.isValid());
    const QString home = sandbox.path() + QStringLiteral("/home");
    const QString temp = sandbox.path() + QStringLiteral("/tmp");
    const QString foreignRuntime = sandbox.path() + QStringLiteral("/runtime");
    QVERIFY(QDir().mkpath(home));
    QVERIFY(QDir().mkpath(foreignRuntime));
    // Qt's own fallback runtime directory, taken by another user first.
    QFile probe(sandbox.path() + QStringLiteral("/probe"));
    QVERIFY(probe.open(QIODevice::WriteOnly));
    probe.close();
    const QString tempRuntime = temp + QStringLiteral("/runtime-") + QFileInfo(probe.fileName()).owner();
    QVERIFY(QDir().mkpath(tempRuntime));
    if (::chown(QFile::encodeName(foreignRuntime).constData(), kOtherUser, kOtherUser) != 0
        || ::chown(QFile::encodeName(tempRuntime).constData(), kOtherUser, kOtherUser) != 0)
        QSKIP("giving a directory to another user needs root");
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(foreignRuntime));
    qputenv("TMPDIR", QFile::encodeName(temp));
    qputenv("HOME", QFile::encodeName(home));
    QVERIFY(QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation).isEmpty());

    // Not the shared temp directory: a directory of the user's own, in their data directory.
    const QString fallback
        = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/instance");
    QVERIFY2(fallback.startsWith(home + QLatin1Char('/')), qPrintable(fallback));
    const QString key = uniqueKey();
    QCOMPARE(SingleInstance::lockFilePath(key), fallback + QLatin1Char('/') + key + QStringLiteral(".lock"));
    QString error;
    {
        SingleInstance first(key);
        QCOMPARE(first.claim(InstanceRequest::activate(QString()), true, 1000, nullptr, &error),
                 SingleInstance::Claim::Primary);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(first.isServing());
        const QFileInfo made(fallback);
        QVERIFY(made.isDir());
        QCOMPARE(made.ownerId(), uint(::geteuid()));
        QCOMPARE(QFile::permissions(fallback), kOwnerOnly);
        ClientThread client(key, InstanceRequest::activate(QString()), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(client.isFinished(), 15000);
        QVERIFY2(client.reply() && client.reply()->ok, qPrintable(client.error()));
    }

    // Each of these would let another user put a lock or a socket in our place: refused, and left
    // as found (not "repaired": something may already have been put in it).
    const auto refused = [&key, &error](const QString& reason) {
        SingleInstance instance(key);
        const SingleInstance::Claim window
            = instance.claim(InstanceRequest::activate(QString()), true, 1000, nullptr, &error);
        if (window != SingleInstance::Claim::Unavailable || !error.contains(reason) || instance.isPrimary()) {
            qWarning("window: claim %d, error: %s", int(window), qPrintable(error));
            return false;
        }
        const SingleInstance::Claim add = instance.claim(InstanceRequest::addTasks({kFirstTask}, QString(), QString()),
                                                         false, 1000, nullptr, &error);
        if (add != SingleInstance::Claim::Unavailable || !error.contains(reason)) {
            qWarning("add: claim %d, error: %s", int(add), qPrintable(error));
            return false;
        }
        return !QFile::exists(SingleInstance::lockFilePath(key));
    };
    QVERIFY(QFile::setPermissions(fallback, QFileDevice::Permissions(0x7777)));
    QVERIFY(refused(QStringLiteral("open to other users (permissions 777)")));
    QCOMPARE(QFile::permissions(fallback), QFileDevice::Permissions(0x7777));
    QVERIFY(QFile::setPermissions(
        fallback, kOwnerOnly | QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup));
    QVERIFY(refused(QStringLiteral("open to other users (permissions 770)")));

    QVERIFY(QFile::setPermissions(fallback, kOwnerOnly));
    QCOMPARE(::chown(QFile::encodeName(fallback).constData(), kOtherUser, kOtherUser), 0);
    QVERIFY(refused(QStringLiteral("belongs to another user")));

    // A link in its place, even to a directory of the user's own.
    QVERIFY(QDir(fallback).removeRecursively());
    const QString target = sandbox.path() + QStringLiteral("/elsewhere");
    QVERIFY(QDir().mkpath(target));
    QVERIFY(QFile::setPermissions(target, kOwnerOnly));
    QVERIFY(QFile::link(target, fallback));
    QVERIFY(refused(QStringLiteral("is not a directory")));
    QVERIFY(!SingleInstance::sendToPrimary(key, InstanceRequest::activate(QString()), 1000, &error));
    QVERIFY2(error.contains(QStringLiteral("is not a directory")), qPrintable(error));
}

void TestSingleInstance::socketPathStaysWithinTheAddressLimit()
{
    // sun_path on Linux: 108 bytes with the terminating zero.
    constexpr int kLimit = 107;
    QTemporaryDir sandbox;
    QVERIFY(sandbox.isValid());
    const QString key = uniqueKey();
    const auto runtimeOfLength = [&sandbox](int length) {
        const QString path = sandbox.path() + QLatin1Char('/')
            + QString(length - int(sandbox.path().size()) - 1, QLatin1Char('d')) + QString::number(length);
        QDir().mkpath(path);
        QFile::setPermissions(path, kOwnerOnly);
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(path));
        return path;
    };
    QVERIFY(sandbox.path().size() < 60);

    // The full name does not fit: a short one, the same in every process, does.
    const QString deep = runtimeOfLength(80);
    const QString socket = SingleInstance::socketPath(key);
    QVERIFY2(socket.startsWith(deep + QLatin1Char('/')) && socket.size() <= kLimit, qPrintable(socket));
    QVERIFY(!socket.contains(key));
    QCOMPARE(SingleInstance::socketPath(key), socket);
    QVERIFY(SingleInstance::socketPath(uniqueKey()) != socket);
    QString error;
    {
        SingleInstance primary(key);
        QVERIFY2(primary.tryBecomePrimary(&error), qPrintable(error));
        QVERIFY(QFile::exists(socket));
        ClientThread client(key, InstanceRequest::activate(QString()), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(client.isFinished(), 15000);
        QVERIFY2(client.reply() && client.reply()->ok, qPrintable(client.error()));
    }

    // Not even the short name fits: said so, rather than a window nobody can reach.
    runtimeOfLength(100);
    QVERIFY(SingleInstance::socketPath(key).size() > kLimit);
    SingleInstance tooDeep(key);
    QCOMPARE(tooDeep.claim(InstanceRequest::activate(QString()), true, 1000, nullptr, &error),
             SingleInstance::Claim::Unavailable);
    QVERIFY2(error.contains(QStringLiteral("too long for a local socket")), qPrintable(error));
    QVERIFY(!tooDeep.isPrimary());
}

bool TestSingleInstance::setUpSandbox()
{
    m_home = std::make_unique<QTemporaryDir>();
    if (!m_home->isValid() || !QDir(m_home->path()).mkdir(QStringLiteral("runtime")))
        return false;
    QFile::setPermissions(m_home->path() + QStringLiteral("/runtime"),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    // This process computes the same lock and socket paths as the children.
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_home->path() + QStringLiteral("/runtime")));

    m_demoServer = std::make_unique<QProcess>();
    m_demoServer->setProcessEnvironment(environment());
    m_demoServer->start(QStringLiteral(REELWATCH_BINARY),
                        {QStringLiteral("demo-server"), QStringLiteral("--key"), kKey});
    QByteArray banner;
    QDeadlineTimer deadline(kProcessTimeoutMs);
    while (!banner.contains("Sample tasks") && !deadline.hasExpired()
           && m_demoServer->state() != QProcess::NotRunning) {
        QTest::qWait(20);
        banner += m_demoServer->readAllStandardOutput();
    }
    const qsizetype at = banner.indexOf("listening on ");
    if (at < 0) {
        qWarning("demo-server did not start: %s", m_demoServer->readAllStandardError().constData());
        return false;
    }
    const QString url = QString::fromUtf8(banner.mid(at + 13, banner.indexOf('\n', at) - at - 13)).trimmed();

    const CliRun added = run(
        {QStringLiteral("profile"), QStringLiteral("add"), QStringLiteral("Demo"), QStringLiteral("--base-url"), url});
    const CliRun madeDefault = run({QStringLiteral("profile"), QStringLiteral("set-default"), QStringLiteral("Demo")});
    if (added.exitCode != 0 || madeDefault.exitCode != 0) {
        qWarning("profile setup failed: %s %s", added.err.constData(), madeDefault.err.constData());
        return false;
    }
    return true;
}

QProcessEnvironment TestSingleInstance::environment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), m_home->path());
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_home->path() + QStringLiteral("/data"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home->path() + QStringLiteral("/config"));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_home->path() + QStringLiteral("/cache"));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_home->path() + QStringLiteral("/runtime"));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("REELWATCH_API_KEY"), kKey);
    for (const char* name : {"REELWATCH_TOKEN", "REELWATCH_BASE_URL", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY",
                             "WAYLAND_DISPLAY", "XDG_ACTIVATION_TOKEN", "DESKTOP_STARTUP_ID"})
        environment.remove(QString::fromLatin1(name));
    return environment;
}

CliRun TestSingleInstance::run(const QStringList& arguments)
{
    return runReelwatch(arguments, environment(), QByteArray(), kProcessTimeoutMs);
}

QProcess* TestSingleInstance::startWindow()
{
    auto* window = new QProcess;
    m_windows << window;
    window->setProcessEnvironment(environment());
    window->start(QStringLiteral(REELWATCH_BINARY), QStringList());
    return window;
}

QString TestSingleInstance::databaseKey() const
{
    return SingleInstance::keyForDatabase(m_home->path()
                                          + QStringLiteral("/data/Reelwatch/reelwatch/reelwatch.sqlite3"));
}

bool TestSingleInstance::waitUntilPrimary(QProcess* window)
{
    QDeadlineTimer deadline(kProcessTimeoutMs);
    while (!deadline.hasExpired() && window->state() != QProcess::NotRunning) {
        QString error;
        // Before the window takes the lock this returns at once (no instance); afterwards it
        // waits for the answer, which comes once the window's event loop runs.
        const std::optional<InstanceReply> reply
            = SingleInstance::sendToPrimary(databaseKey(), InstanceRequest::activate(QString()), 5000, &error);
        if (reply && reply->ok)
            return true;
        QTest::qWait(50);
    }
    qWarning("the window did not become primary: %s", window->readAllStandardError().constData());
    return false;
}

QJsonObject TestSingleInstance::listed(const QString& taskId)
{
    const CliRun list = run({QStringLiteral("list"), QStringLiteral("--json")});
    for (const QJsonObject& line : list.jsonLines()) {
        if (line.value(QStringLiteral("id")).toString() == taskId)
            return line;
    }
    return QJsonObject();
}

void TestSingleInstance::secondLaunchAndAddGoToTheRunningWindow()
{
    QVERIFY(setUpSandbox());
    QProcess* window = startWindow();
    QVERIFY(waitUntilPrimary(window));

    // The window again: the running one is asked to come to the front; this launch leaves.
    const CliRun again = runReelwatch({}, environment(), QByteArray(), kProcessTimeoutMs);
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.contains("Reelwatch is already running; its window was brought to the front."),
             again.out.constData());
    QCOMPARE(window->state(), QProcess::Running);

    // `add` goes to the running window, which polls the task: only it can have fetched the status.
    const CliRun added = run({QStringLiteral("add"), QStringLiteral("--label"), QStringLiteral("Boat"), kFirstTask,
                              QStringLiteral("not/valid")});
    QCOMPARE(added.exitCode, 2); // the invalid ID is reported and skipped, as without a window
    QVERIFY2(added.out.contains("added 1 to profile 'Demo' in the running Reelwatch, 1 invalid skipped"),
             added.out.constData());
    QVERIFY(added.err.contains("skipped 'not/valid'"));
    QTRY_VERIFY_WITH_TIMEOUT(listed(kFirstTask).value(QStringLiteral("status")).isString(), kProcessTimeoutMs);
    const QJsonObject task = listed(kFirstTask);
    QCOMPARE(task.value(QStringLiteral("label")).toString(), QStringLiteral("Boat"));
    QCOMPARE(task.value(QStringLiteral("profile")).toString(), QStringLiteral("Demo"));
    QVERIFY(task.value(QStringLiteral("fetch_error")).isNull());

    const CliRun twice = run({QStringLiteral("add"), kFirstTask, kSecondTask});
    QCOMPARE(twice.exitCode, 0);
    QVERIFY2(twice.out.contains("added 1 to profile 'Demo' in the running Reelwatch, 1 already there"),
             twice.out.constData());

    // The window knows the profiles; a wrong name is a usage error, as without a window.
    const CliRun unknown
        = run({QStringLiteral("add"), QStringLiteral("--profile"), QStringLiteral("Nope"), kThirdTask});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("no profile named 'Nope'") && unknown.err.contains("Demo"), unknown.err.constData());
    QVERIFY(listed(kThirdTask).isEmpty());

    // The profile is named as without a window: trimmed, and an empty name is no name.
    const CliRun empty = run({QStringLiteral("add"), QStringLiteral("--profile"), QString(), kThirdTask});
    QCOMPARE(empty.exitCode, 2);
    QVERIFY2(empty.err.contains("no profile named ''"), empty.err.constData());
    QVERIFY(listed(kThirdTask).isEmpty());
    const CliRun padded
        = run({QStringLiteral("add"), QStringLiteral("--profile"), QStringLiteral("  Demo "), kThirdTask});
    QCOMPARE(padded.exitCode, 0);
    QVERIFY2(padded.out.contains("added 1 to profile 'Demo' in the running Reelwatch"), padded.out.constData());
    QCOMPARE(window->state(), QProcess::Running);
}

void TestSingleInstance::killedWindowIsRecoveredFrom()
{
    QVERIFY(setUpSandbox());
    QProcess* first = startWindow();
    QVERIFY(waitUntilPrimary(first));
    first->kill(); // SIGKILL: no destructor runs, the lock and the socket stay behind
    QVERIFY(first->waitForFinished(10000));
    QVERIFY(QFile::exists(SingleInstance::lockFilePath(databaseKey())));
    QVERIFY(QFile::exists(SingleInstance::socketPath(databaseKey())));

    // A new window takes over both and serves hand-offs.
    QProcess* second = startWindow();
    QVERIFY(waitUntilPrimary(second));
    const CliRun added = run({QStringLiteral("add"), kSecondTask});
    QCOMPARE(added.exitCode, 0);
    QVERIFY2(added.out.contains("added 1 to profile 'Demo' in the running Reelwatch"), added.out.constData());
    QTRY_VERIFY_WITH_TIMEOUT(listed(kSecondTask).value(QStringLiteral("status")).isString(), kProcessTimeoutMs);

    // Killed again: `add` recovers the stale lock itself and writes the database directly.
    second->kill();
    QVERIFY(second->waitForFinished(10000));
    QVERIFY(QFile::exists(SingleInstance::lockFilePath(databaseKey())));
    const CliRun direct = run({QStringLiteral("add"), kThirdTask});
    QCOMPARE(direct.exitCode, 0);
    QVERIFY2(direct.out.contains("added 1 to profile 'Demo'") && !direct.out.contains("running"),
             direct.out.constData());
    QVERIFY(!QFile::exists(SingleInstance::lockFilePath(databaseKey())));
    QVERIFY(listed(kThirdTask).value(QStringLiteral("status")).isNull()); // stored, and nobody polls it
}

void TestSingleInstance::addWithoutWindowWritesTheStore()
{
    QVERIFY(setUpSandbox());
    const CliRun added = run({QStringLiteral("add"), QStringLiteral("--label"), QStringLiteral("Boat"), kFirstTask});
    QCOMPARE(added.exitCode, 0);
    QCOMPARE(added.out.trimmed(), QByteArray("added 1 to profile 'Demo'"));
    QVERIFY2(added.err.isEmpty(), added.err.constData());
    QVERIFY(!QFile::exists(SingleInstance::lockFilePath(databaseKey())));
    const QJsonObject task = listed(kFirstTask);
    QCOMPARE(task.value(QStringLiteral("label")).toString(), QStringLiteral("Boat"));
    QVERIFY(task.value(QStringLiteral("status")).isNull());

    // The same profile names as with a window.
    const CliRun empty = run({QStringLiteral("add"), QStringLiteral("--profile"), QString(), kFourthTask});
    QCOMPARE(empty.exitCode, 2);
    QVERIFY2(empty.err.contains("no profile named ''"), empty.err.constData());
    QVERIFY(listed(kFourthTask).isEmpty());
    const CliRun padded
        = run({QStringLiteral("add"), QStringLiteral("--profile"), QStringLiteral("  Demo "), kFourthTask});
    QCOMPARE(padded.exitCode, 0);
    QCOMPARE(padded.out.trimmed(), QByteArray("added 1 to profile 'Demo'"));
}

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"

// "Start at login" inside a Flatpak: Autostart asks the desktop through the Background portal. The
// portal is played by this test on a connection of its own to the private session bus the test runs
// on (CTest starts it inside dbus-run-session with a bus that can start no service), and answers as
// xdg-desktop-portal does: the request object's path comes from the caller's unique name and its
// handle_token, and the answer is the Response signal on that path.

#include "ui/desktop/autostart.h"

#include <memory>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusContext>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Reelwatch;

namespace {

const QString kService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString kPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString kRequestInterface = QStringLiteral("org.freedesktop.portal.Request");
const QString kRequestPrefix = QStringLiteral("/org/freedesktop/portal/desktop/request/");

} // namespace

// The request object the portal exports for each call; only Close matters to the caller.
class FakePortalRequest : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.portal.Request")

public:
    explicit FakePortalRequest(QStringList* closed, const QString& path)
        : m_closed(closed)
        , m_path(path)
    { }

public slots:
    void Close() { m_closed->append(m_path); }

private:
    QStringList* m_closed;
    QString m_path;
};

// org.freedesktop.portal.Background as xdg-desktop-portal offers it, with a scripted answer.
class FakeBackgroundPortal : public QObject, protected QDBusContext
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.portal.Background")

public:
    enum class Answer
    {
        Grant, // 0, background and autostart as asked
        GrantNoAutostart, // 0, but "autostart" false
        Decline, // 1, as when the user says no: background and autostart false
        Fail, // 2, no results
        Silent, // never answers
        BeforeReply, // grants, sending Response before the method's reply
        OwnHandle, // grants on a path of its own choosing, as portals before 0.9 did
    };

    struct Call
    {
        QString parentWindow;
        QVariantMap options;
        QString handle;
    };

    explicit FakeBackgroundPortal(const QDBusConnection& connection)
        : m_connection(connection)
    { }
    ~FakeBackgroundPortal() override { stop(); }

    bool start()
    {
        return m_connection.registerObject(kPath, this, QDBusConnection::ExportAllSlots)
            && m_connection.registerService(kService);
    }
    void stop()
    {
        m_connection.unregisterService(kService);
        m_connection.unregisterObject(kPath);
        for (const auto& request : m_requests)
            m_connection.unregisterObject(request.first);
    }

    void setAnswer(Answer answer) { m_answer = answer; }
    void setDelayMs(int ms) { m_delayMs = ms; }
    const QList<Call>& calls() const { return m_calls; }
    const QStringList& closed() const { return m_closed; }

public slots:
    QDBusObjectPath RequestBackground(const QString& parentWindow, const QVariantMap& options)
    {
        QString sender = message().service();
        sender.remove(0, 1);
        sender.replace(QLatin1Char('.'), QLatin1Char('_'));
        const QString token = m_answer == Answer::OwnHandle ? QStringLiteral("chosen_by_portal_%1").arg(m_calls.size())
                                                            : options.value(QStringLiteral("handle_token")).toString();
        const QString handle = kRequestPrefix + sender + QLatin1Char('/') + token;
        m_calls.append({parentWindow, options, handle});

        auto request = std::make_unique<FakePortalRequest>(&m_closed, handle);
        m_connection.registerObject(handle, request.get(), QDBusConnection::ExportAllSlots);
        m_requests.emplace_back(handle, std::move(request));

        const bool asked = options.value(QStringLiteral("autostart")).toBool();
        const QString destination = message().service();
        switch (m_answer) {
        case Answer::Grant:
        case Answer::OwnHandle:
            respondLater(destination, handle, 0,
                         {{QStringLiteral("background"), true}, {QStringLiteral("autostart"), asked}});
            break;
        case Answer::GrantNoAutostart:
            respondLater(destination, handle, 0,
                         {{QStringLiteral("background"), true}, {QStringLiteral("autostart"), false}});
            break;
        case Answer::Decline:
            respondLater(destination, handle, 1,
                         {{QStringLiteral("background"), false}, {QStringLiteral("autostart"), false}});
            break;
        case Answer::Fail:
            respondLater(destination, handle, 2, {});
            break;
        case Answer::BeforeReply:
            respond(destination, handle, 0,
                    {{QStringLiteral("background"), true}, {QStringLiteral("autostart"), asked}});
            break;
        case Answer::Silent:
            break;
        }
        return QDBusObjectPath(handle);
    }

private:
    void respond(const QString& destination, const QString& handle, uint code, const QVariantMap& results)
    {
        // Sent to the caller alone, as xdg-desktop-portal does.
        QDBusMessage signal
            = QDBusMessage::createTargetedSignal(destination, handle, kRequestInterface, QStringLiteral("Response"));
        signal << code << results;
        m_connection.send(signal);
    }
    void respondLater(const QString& destination, const QString& handle, uint code, const QVariantMap& results)
    {
        // After the method's reply, the way a user's answer comes.
        QTimer::singleShot(m_delayMs, this,
                           [this, destination, handle, code, results] { respond(destination, handle, code, results); });
    }

    QDBusConnection m_connection;
    Answer m_answer = Answer::Grant;
    int m_delayMs = 20;
    QList<Call> m_calls;
    QStringList m_closed;
    std::vector<std::pair<QString, std::unique_ptr<FakePortalRequest>>> m_requests;
};

class TestAutostartPortal : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void grantedRequestCarriesTheOptionsAndIsRemembered();
    void disablingAsksWithAutostartOff();
    void answerBeforeTheReplyIsNotLost();
    void handleChosenByThePortalIsFollowed();
    void userSayingNoIsReported();
    void portalRefusingAutostartIsReported();
    void otherPortalFailureIsReported();
    void disablingAfterBackgroundWasRevokedSucceeds();
    void noAnswerIsWithdrawnAfterTheBound();
    void noPortalOnTheBusIsReported();
    void timersRunAndASecondRequestWaitsItsTurn();
    void refreshAsksThePortalNothing();
    void outsideAFlatpakTheEntryIsNative();
    void consoleTwinIsReplacedByTheGuiProgram();

private:
    Autostart portalAutostart() const;
    bool needsBus() const;

    bool m_busReady = false;
    QDBusConnection m_serverBus{QString()};
    std::unique_ptr<QTemporaryDir> m_temp;
    std::unique_ptr<FakeBackgroundPortal> m_portal;
};

void TestAutostartPortal::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    // Never on the desktop's own bus, where the real portal would write a real login entry.
    m_busReady = qEnvironmentVariable("REELWATCH_PRIVATE_BUS") == QLatin1String("1")
        && QDBusConnection::sessionBus().isConnected();
    if (m_busReady)
        m_serverBus = QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("fake-portal"));
}

bool TestAutostartPortal::needsBus() const
{
    const QByteArray name = QTest::currentTestFunction();
    return name != "outsideAFlatpakTheEntryIsNative" && name != "consoleTwinIsReplacedByTheGuiProgram";
}

void TestAutostartPortal::init()
{
    if (!needsBus())
        return;
    if (!m_busReady)
        QSKIP("needs a private session bus: CTest runs this test inside dbus-run-session");
    m_temp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_temp->isValid());
    m_portal = std::make_unique<FakeBackgroundPortal>(m_serverBus);
    QVERIFY(m_portal->start());
}

void TestAutostartPortal::cleanup()
{
    m_portal.reset();
    m_temp.reset();
}

Autostart TestAutostartPortal::portalAutostart() const
{
    return Autostart::forPortal(QDBusConnection::sessionBus(), m_temp->filePath(QStringLiteral("granted")));
}

void TestAutostartPortal::grantedRequestCarriesTheOptionsAndIsRemembered()
{
    Autostart autostart = portalAutostart();
    QCOMPARE(autostart.mode(), Autostart::Mode::Portal);
    QVERIFY(!autostart.isEnabled());
    // Said in words, not as a path: the host's entry is out of the sandbox's reach.
    QVERIFY(!autostart.location().isEmpty());
    QVERIFY(!autostart.location().contains(QLatin1Char('/')));

    QString error;
    QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
    QVERIFY(autostart.isEnabled());
    QVERIFY(QFileInfo::exists(autostart.portalStateFile()));
    // Remembered for the next start of Reelwatch.
    QVERIFY(portalAutostart().isEnabled());

    QCOMPARE(m_portal->calls().size(), 1);
    const FakeBackgroundPortal::Call call = m_portal->calls().first();
    const QVariantMap& options = call.options;
    QCOMPARE(options.value(QStringLiteral("autostart")).metaType(), QMetaType::fromType<bool>());
    QCOMPARE(options.value(QStringLiteral("autostart")).toBool(), true);
    QCOMPARE(options.value(QStringLiteral("dbus-activatable")).metaType(), QMetaType::fromType<bool>());
    QCOMPARE(options.value(QStringLiteral("dbus-activatable")).toBool(), false);
    // The portal refuses reasons longer than 256 characters.
    const QString reason = options.value(QStringLiteral("reason")).toString();
    QVERIFY(!reason.trimmed().isEmpty());
    QVERIFY(reason.size() <= 256);
    // The command inside the sandbox: the manifest's `command`.
    QCOMPARE(options.value(QStringLiteral("commandline")).metaType(), QMetaType::fromType<QStringList>());
    const QStringList commandLine = options.value(QStringLiteral("commandline")).toStringList();
    QCOMPARE(commandLine, Autostart::portalCommandLine());
    QFile manifest(QStringLiteral(REELWATCH_SOURCE_DIR "/packaging/flatpak/io.github.reelwatch.Reelwatch.yml"));
    QVERIFY(manifest.open(QIODevice::ReadOnly | QIODevice::Text));
    const QRegularExpressionMatch command
        = QRegularExpression(QStringLiteral("^command:\\s*(\\S+)\\s*$"), QRegularExpression::MultilineOption)
              .match(QString::fromUtf8(manifest.readAll()));
    QVERIFY(command.hasMatch());
    QCOMPARE(commandLine.value(0), command.captured(1));
    // A valid object path element, and the last element of the path the answer came on.
    const QString token = options.value(QStringLiteral("handle_token")).toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^[A-Za-z0-9_]+$")).match(token).hasMatch(), qPrintable(token));
    QString sender = QDBusConnection::sessionBus().baseService().mid(1);
    sender.replace(QLatin1Char('.'), QLatin1Char('_'));
    QCOMPARE(call.handle, kRequestPrefix + sender + QLatin1Char('/') + token);
    // No window to name on the offscreen platform; otherwise one the portal understands.
    QVERIFY(call.parentWindow.isEmpty() || call.parentWindow.startsWith(QLatin1String("x11:")));

    // Asked again (a new request, a new token), the answer is the same.
    QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
    QCOMPARE(m_portal->calls().size(), 2);
    QVERIFY(m_portal->calls().at(1).options.value(QStringLiteral("handle_token")).toString() != token);
    QVERIFY(m_portal->closed().isEmpty());
}

void TestAutostartPortal::disablingAsksWithAutostartOff()
{
    Autostart autostart = portalAutostart();
    QString error;
    QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
    QVERIFY(autostart.isEnabled());
    QVERIFY2(autostart.setEnabled(false, &error), qPrintable(error));
    QVERIFY(!autostart.isEnabled());
    QVERIFY(!QFileInfo::exists(autostart.portalStateFile()));
    QCOMPARE(m_portal->calls().size(), 2);
    QCOMPARE(m_portal->calls().at(1).options.value(QStringLiteral("autostart")).metaType(),
             QMetaType::fromType<bool>());
    QCOMPARE(m_portal->calls().at(1).options.value(QStringLiteral("autostart")).toBool(), false);
    QCOMPARE(m_portal->calls().at(1).options.value(QStringLiteral("commandline")).toStringList(),
             Autostart::portalCommandLine());
}

void TestAutostartPortal::answerBeforeTheReplyIsNotLost()
{
    // Only a subscription made before the call catches this answer.
    m_portal->setAnswer(FakeBackgroundPortal::Answer::BeforeReply);
    Autostart autostart = portalAutostart();
    autostart.setPortalTimeoutMs(5000);
    QString error;
    QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
    QVERIFY(autostart.isEnabled());
}

void TestAutostartPortal::handleChosenByThePortalIsFollowed()
{
    m_portal->setAnswer(FakeBackgroundPortal::Answer::OwnHandle);
    Autostart autostart = portalAutostart();
    autostart.setPortalTimeoutMs(5000);
    QString error;
    QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
    QVERIFY(autostart.isEnabled());
    QVERIFY(m_portal->calls().first().handle.endsWith(QLatin1String("/chosen_by_portal_0")));
}

void TestAutostartPortal::userSayingNoIsReported()
{
    m_portal->setAnswer(FakeBackgroundPortal::Answer::Decline);
    Autostart autostart = portalAutostart();
    QString error;
    QVERIFY(!autostart.setEnabled(true, &error));
    QVERIFY2(error.contains(QLatin1String("did not allow")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("the answer was no")), qPrintable(error));
    QVERIFY(!autostart.isEnabled());
}

void TestAutostartPortal::portalRefusingAutostartIsReported()
{
    Autostart autostart = portalAutostart();
    QString error;
    QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
    // The desktop stopped starting it (its settings say so now): the remembered "on" goes too.
    m_portal->setAnswer(FakeBackgroundPortal::Answer::GrantNoAutostart);
    QVERIFY(!autostart.setEnabled(true, &error));
    QVERIFY2(error.contains(QLatin1String("refused to start it at login")), qPrintable(error));
    QVERIFY(!autostart.isEnabled());
}

void TestAutostartPortal::otherPortalFailureIsReported()
{
    Autostart autostart = portalAutostart();
    QString error;
    QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
    m_portal->setAnswer(FakeBackgroundPortal::Answer::Fail);
    QVERIFY(!autostart.setEnabled(false, &error));
    QVERIFY2(error.contains(QLatin1String("could not carry out the request (it answered 2)")), qPrintable(error));
    // Nothing said about autostart: what was remembered stays.
    QVERIFY(autostart.isEnabled());
}

void TestAutostartPortal::disablingAfterBackgroundWasRevokedSucceeds()
{
    Autostart autostart = portalAutostart();
    QString error;
    QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
    // Revoked in the desktop's settings since: the portal says no, and starts nothing at login.
    m_portal->setAnswer(FakeBackgroundPortal::Answer::Decline);
    QVERIFY2(autostart.setEnabled(false, &error), qPrintable(error));
    QVERIFY(!autostart.isEnabled());
}

void TestAutostartPortal::noAnswerIsWithdrawnAfterTheBound()
{
    m_portal->setAnswer(FakeBackgroundPortal::Answer::Silent);
    Autostart autostart = portalAutostart();
    QCOMPARE(autostart.portalTimeoutMs(), 2 * 60 * 1000);
    autostart.setPortalTimeoutMs(400);
    QString error;
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!autostart.setEnabled(true, &error));
    QVERIFY(clock.elapsed() >= 380); // a coarse timer may fire up to 5 % early
    QVERIFY2(error.contains(QLatin1String("did not answer within")), qPrintable(error));
    QVERIFY(!autostart.isEnabled());
    // The question is withdrawn on the request's own path.
    QCOMPARE(m_portal->calls().size(), 1);
    QTRY_COMPARE(m_portal->closed(), QStringList{m_portal->calls().first().handle});
}

void TestAutostartPortal::noPortalOnTheBusIsReported()
{
    m_portal->stop();
    QVERIFY(!QDBusConnection::sessionBus().interface()->isServiceRegistered(kService));
    Autostart autostart = portalAutostart();
    QString error;
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!autostart.setEnabled(true, &error));
    QVERIFY2(clock.elapsed() < 10000, "a missing portal is known at once, not after the bound");
    QVERIFY2(error.contains(QLatin1String("no desktop portal runs on the session bus")), qPrintable(error));
    QVERIFY(error.contains(kService));
    QVERIFY(!autostart.isEnabled());
    QVERIFY(m_portal->calls().isEmpty());
}

void TestAutostartPortal::timersRunAndASecondRequestWaitsItsTurn()
{
    // While the desktop asks the user, the rest of Reelwatch (polling, the tray) keeps running.
    m_portal->setDelayMs(300);
    Autostart autostart = portalAutostart();
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start(10);
    bool secondOk = true;
    QString secondError;
    QTimer::singleShot(50, this, [&] { secondOk = autostart.setEnabled(false, &secondError); });
    QString error;
    QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
    QVERIFY(ticks > 0);
    QVERIFY(!secondOk);
    QVERIFY2(secondError.contains(QLatin1String("still waiting")), qPrintable(secondError));
    QCOMPARE(m_portal->calls().size(), 1);
    QVERIFY(autostart.isEnabled());
}

void TestAutostartPortal::refreshAsksThePortalNothing()
{
    Autostart autostart = portalAutostart();
    QString error;
    QVERIFY2(autostart.setEnabled(true, &error), qPrintable(error));
    QCOMPARE(m_portal->calls().size(), 1);
    // At every start: no question to the user, no wait before the window shows.
    QVERIFY(autostart.refresh(&error));
    QCOMPARE(m_portal->calls().size(), 1);
    QVERIFY(autostart.isEnabled());
}

void TestAutostartPortal::outsideAFlatpakTheEntryIsNative()
{
    if (Autostart::runsInFlatpak())
        QSKIP("this test runs inside a Flatpak, where the portal is the right choice");
    const QTemporaryDir config;
    QVERIFY(config.isValid());
    const QByteArray previous = qgetenv("XDG_CONFIG_HOME");
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
    const Autostart autostart;
    QCOMPARE(autostart.mode(), Autostart::Mode::Native);
    QCOMPARE(autostart.location(), config.path() + QStringLiteral("/autostart/io.github.reelwatch.Reelwatch.desktop"));
    qputenv("XDG_CONFIG_HOME", previous);
}

void TestAutostartPortal::consoleTwinIsReplacedByTheGuiProgram()
{
    QCOMPARE(Autostart::guiProgramFor(QStringLiteral("C:/Program Files/Reelwatch/reelwatch.com")),
             QStringLiteral("C:/Program Files/Reelwatch/reelwatch.exe"));
    QCOMPARE(Autostart::guiProgramFor(QStringLiteral("C:\\Tools\\REELWATCH.COM")),
             QStringLiteral("C:\\Tools\\REELWATCH.exe"));
    QCOMPARE(Autostart::guiProgramFor(QStringLiteral("D:/a.com/reel.watch.com")),
             QStringLiteral("D:/a.com/reel.watch.exe"));
    // Anything else stays as it is.
    for (const QString& unchanged :
         {QStringLiteral("C:/Program Files/Reelwatch/reelwatch.exe"), QStringLiteral("D:/a.com/reelwatch.exe"),
          QStringLiteral("/usr/bin/reelwatch"), QStringLiteral("/opt/reelwatch.community"), QStringLiteral("C:/x/.com"),
          QStringLiteral(".com"), QString()})
        QCOMPARE(Autostart::guiProgramFor(unchanged), unchanged);
}

QTEST_GUILESS_MAIN(TestAutostartPortal)
#include "tst_autostartportal.moc"

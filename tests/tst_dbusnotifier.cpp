// Desktop notifications over D-Bus, on a private session bus (the test runs inside
// dbus-run-session). The notification service is played by this process on a second bus
// connection: it records every Notify call with its arguments and sends ActionInvoked and
// NotificationClosed as a real server does. It comes and goes while the notifier runs. Starting
// the service on demand is checked on a bus of the test's own, whose service file starts this
// very binary as the server (or a program that fails).

#include "fakenotificationserver.h"
#include "ui/desktop/autostart.h"
#include "ui/desktop/dbusnotifier.h"
#include "ui/desktop/notificationsound.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusContext>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Reelwatch;

namespace {

const QString kService = FakeNotificationServer::kService;
const QString kPath = FakeNotificationServer::kPath;
const QString kInterface = FakeNotificationServer::kInterface;
const char* const kServeOption = "--serve-notifications";

} // namespace

class TestDBusNotifier : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void notifyCarriesEverythingAFullServerSupports();
    void plainServerGetsPlainTextAndNoButtons();
    void categoryFollowsTheKind_data();
    void categoryFollowsTheKind();
    void aBurstMakesOneSound();
    void withoutServerSoundPlaysLocally();
    void actionsAndClosingReachTheHandle();
    void signalsFromOthersAreIgnored();
    void serviceAppearingLaterIsUsed();
    void serviceGoingAwayClosesItsNotifications();
    void failedNotifyWarnsOnceAndCloses();
    void refusingServerBecomesUnavailable();
    void trackedNotificationsAreBounded();
    void activatableServiceIsStartedOnDemand();
    void failedActivationMakesItUnavailable();

private:
    FakeNotificationServer* startServer(const QStringList& capabilities);
    // Waits until the bus has answered every question the notifier asked so far.
    void settle(const QDBusConnection& bus);
    // A bus of the test's own with org.freedesktop.Notifications activatable through `exec`.
    bool startPrivateBus(const QString& exec, QString* address);

    FakeNotificationServer* m_server = nullptr;
    QProcess* m_privateBus = nullptr;
    QTemporaryDir* m_privateBusDir = nullptr;
    QByteArray m_savedPath;
};

static DesktopNotification sample()
{
    DesktopNotification n;
    n.kind = DesktopNotification::Kind::Succeeded;
    n.title = QStringLiteral("Render finished");
    n.body = QStringLiteral("“Boat at dawn” <b>is</b> ready & waiting > 1 min");
    n.actions = {{QStringLiteral("open"), QStringLiteral("Open")},
                 {QStringLiteral("copy-link"), QStringLiteral("Copy link")},
                 {QStringLiteral("download"), QStringLiteral("Download")}};
    return n;
}

void TestDBusNotifier::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(QDBusConnection::sessionBus().isConnected(), "run inside dbus-run-session");
    QDBusConnectionInterface* bus = QDBusConnection::sessionBus().interface();
    QVERIFY2(!bus->isServiceRegistered(kService).value(), "another notification service is on this bus");
    QVERIFY2(!bus->activatableServiceNames().value().contains(kService),
             "this bus can start a notification service: use session-without-services.conf");
    m_savedPath = qgetenv("PATH");
}

void TestDBusNotifier::cleanup()
{
    delete m_server;
    m_server = nullptr;
    QDBusConnection::disconnectFromBus(QStringLiteral("fake-server"));
    QDBusConnection::disconnectFromBus(QStringLiteral("private-bus"));
    if (m_privateBus) {
        m_privateBus->terminate();
        m_privateBus->waitForFinished(5000);
        delete m_privateBus;
        m_privateBus = nullptr;
    }
    delete m_privateBusDir;
    m_privateBusDir = nullptr;
    qputenv("PATH", m_savedPath);
}

FakeNotificationServer* TestDBusNotifier::startServer(const QStringList& capabilities)
{
    const QDBusConnection connection
        = QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("fake-server"));
    if (!connection.isConnected())
        return nullptr;
    m_server = new FakeNotificationServer(connection, capabilities);
    if (!m_server->start())
        return nullptr;
    return m_server;
}

void TestDBusNotifier::settle(const QDBusConnection& bus)
{
    // Replies on one connection arrive in order: when this one is in, the earlier ones were handled.
    const QDBusMessage ping = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
        QStringLiteral("org.freedesktop.DBus.Peer"), QStringLiteral("Ping"));
    QDBusPendingCallWatcher watcher(bus.asyncCall(ping));
    QTRY_VERIFY(watcher.isFinished());
    QCoreApplication::processEvents();
}

void TestDBusNotifier::notifyCarriesEverythingAFullServerSupports()
{
    FakeNotificationServer* server = startServer(
        {QStringLiteral("actions"), QStringLiteral("body"), QStringLiteral("body-markup"), QStringLiteral("sound")});
    QVERIFY(server);
    DBusNotifier notifier;
    QTRY_VERIFY(notifier.supportsActions());
    QVERIFY(notifier.isAvailable());

    DesktopNotification n = sample();
    n.playSound = true;
    n.image = QImage(64, 64, QImage::Format_ARGB32);
    n.image.fill(QColor(0x2f, 0xbf, 0x71));
    QVERIFY(notifier.show(n) > 0);
    QTRY_COMPARE(server->calls().size(), 1);
    const FakeNotificationServer::Call call = server->calls().constFirst();

    QCOMPARE(call.appName, QStringLiteral("Reelwatch"));
    // The notification's own picture, as a file the server can read.
    const QString imagePath = call.hints.value(QStringLiteral("image-path")).toString();
    QVERIFY2(QFileInfo(imagePath).isAbsolute() && QFileInfo(imagePath).isReadable(), qPrintable(imagePath));
    QCOMPARE(QImage(imagePath).convertToFormat(QImage::Format_ARGB32), n.image);
    QCOMPARE(call.replacesId, 0u);
    QVERIFY(!call.appIcon.isEmpty());
    if (QFileInfo(call.appIcon).isAbsolute()) {
        QVERIFY2(QFileInfo(call.appIcon).isReadable(), qPrintable(call.appIcon));
        const QImage icon(call.appIcon);
        QVERIFY(!icon.isNull());
        QVERIFY(icon.width() >= 48);
    } else {
        QCOMPARE(call.appIcon, QString::fromLatin1(Autostart::kApplicationId));
    }
    QCOMPARE(call.summary, n.title);
    QCOMPARE(call.body, QStringLiteral("“Boat at dawn” &lt;b&gt;is&lt;/b&gt; ready &amp; waiting &gt; 1 min"));
    // "default" first, labelled like the first button, so a click on the notification opens too.
    QCOMPARE(call.actions,
             QStringList({QStringLiteral("default"), QStringLiteral("Open"), QStringLiteral("open"),
                          QStringLiteral("Open"), QStringLiteral("copy-link"), QStringLiteral("Copy link"),
                          QStringLiteral("download"), QStringLiteral("Download")}));
    QCOMPARE(call.hints.value(QStringLiteral("desktop-entry")).toString(),
             QString::fromLatin1(Autostart::kApplicationId));
    QCOMPARE(call.hints.value(QStringLiteral("category")).toString(), QStringLiteral("transfer.complete"));
    const QVariant urgency = call.hints.value(QStringLiteral("urgency"));
    QCOMPARE(urgency.metaType(), QMetaType::fromType<uchar>()); // the specification's byte, not an int
    QCOMPARE(urgency.value<uchar>(), uchar(1));
    QCOMPARE(call.expireTimeout, -1);

    const QString soundFile = call.hints.value(QStringLiteral("sound-file")).toString();
    QVERIFY(!soundFile.isEmpty());
    QVERIFY(QFileInfo(soundFile).isAbsolute());
    QFile wav(soundFile);
    QVERIFY2(wav.open(QIODevice::ReadOnly), qPrintable(soundFile));
    const QByteArray bytes = wav.readAll();
    QVERIFY(bytes.startsWith("RIFF"));
    QCOMPARE(bytes.mid(8, 8), QByteArray("WAVEfmt "));
    QVERIFY(bytes.size() > 10000);
    QVERIFY(bytes.size() < 60 * 1024);
}

void TestDBusNotifier::plainServerGetsPlainTextAndNoButtons()
{
    FakeNotificationServer* server = startServer({QStringLiteral("body")});
    QVERIFY(server);
    DBusNotifier notifier;
    QTRY_COMPARE(notifier.capabilities(), QStringList{QStringLiteral("body")});
    QVERIFY(notifier.isAvailable());
    QVERIFY(!notifier.supportsActions());

    DesktopNotification n = sample();
    n.playSound = true;
    // No player on PATH: the sound is skipped quietly, the notification still goes out.
    qputenv("PATH", QByteArray("/nonexistent"));
    QVERIFY(notifier.show(n) > 0);
    QTRY_COMPARE(server->calls().size(), 1);
    const FakeNotificationServer::Call call = server->calls().constFirst();
    QCOMPARE(call.body, n.body); // as written: this server shows markup as text
    QVERIFY(call.actions.isEmpty());
    QVERIFY(!call.hints.contains(QStringLiteral("image-path"))); // no picture given: the app icon alone
    QVERIFY(!call.hints.contains(QStringLiteral("sound-file")));
    QCOMPARE(call.hints.value(QStringLiteral("desktop-entry")).toString(),
             QString::fromLatin1(Autostart::kApplicationId));
}

void TestDBusNotifier::categoryFollowsTheKind_data()
{
    QTest::addColumn<DesktopNotification::Kind>("kind");
    QTest::addColumn<QString>("category");
    QTest::newRow("succeeded") << DesktopNotification::Kind::Succeeded << QStringLiteral("transfer.complete");
    QTest::newRow("failed") << DesktopNotification::Kind::Failed << QStringLiteral("transfer.error");
    QTest::newRow("started") << DesktopNotification::Kind::Started << QStringLiteral("transfer");
    QTest::newRow("summary") << DesktopNotification::Kind::Summary << QStringLiteral("transfer");
}

void TestDBusNotifier::categoryFollowsTheKind()
{
    QFETCH(DesktopNotification::Kind, kind);
    QFETCH(QString, category);
    FakeNotificationServer* server = startServer({QStringLiteral("actions")});
    QVERIFY(server);
    DBusNotifier notifier;
    QTRY_VERIFY(notifier.supportsActions());
    DesktopNotification n = sample();
    n.kind = kind;
    n.actions.clear(); // no buttons asked for: none, not even "default"
    QVERIFY(notifier.show(n) > 0);
    QTRY_COMPARE(server->calls().size(), 1);
    QCOMPARE(server->calls().constFirst().hints.value(QStringLiteral("category")).toString(), category);
    QVERIFY(server->calls().constFirst().actions.isEmpty());
}

void TestDBusNotifier::aBurstMakesOneSound()
{
    FakeNotificationServer* server = startServer({QStringLiteral("sound")});
    QVERIFY(server);
    DBusNotifier notifier;
    QTRY_COMPARE(notifier.capabilities(), QStringList{QStringLiteral("sound")});
    DesktopNotification n = sample();
    n.playSound = true;
    for (int i = 0; i < 3; ++i)
        QVERIFY(notifier.show(n) > 0);
    QTRY_COMPARE(server->calls().size(), 3);
    QVERIFY(server->calls().at(0).hints.contains(QStringLiteral("sound-file")));
    QVERIFY(!server->calls().at(1).hints.contains(QStringLiteral("sound-file")));
    QVERIFY(!server->calls().at(2).hints.contains(QStringLiteral("sound-file")));

    // A notification that asks for no sound never gets one, and a later one rings again.
    n.playSound = false;
    QVERIFY(notifier.show(n) > 0);
    QTRY_COMPARE(server->calls().size(), 4);
    QVERIFY(!server->calls().at(3).hints.contains(QStringLiteral("sound-file")));
    NotificationSound sound;
    QVERIFY(sound.claim());
    QVERIFY(!sound.claim());
    bool again = false; // claim() counts as a sound: ask until it says yes, then no more
    QTRY_VERIFY_WITH_TIMEOUT(again || (again = sound.claim()), 3 * NotificationSound::kMinimumGapMs);
}

void TestDBusNotifier::withoutServerSoundPlaysLocally()
{
    // A stand-in for the desktop's player that notes what it was asked to play.
    QTemporaryDir bin;
    QVERIFY(bin.isValid());
    const QString played = bin.filePath(QStringLiteral("played"));
    QFile player(bin.filePath(QStringLiteral("pw-play")));
    QVERIFY(player.open(QIODevice::WriteOnly));
    player.write(QStringLiteral("#!/bin/sh\necho \"$@\" >> '%1'\n").arg(played).toUtf8());
    player.close();
    QVERIFY(player.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    qputenv("PATH", QFile::encodeName(bin.path()) + ':' + m_savedPath);
    QCOMPARE(NotificationSound::playerProgram(), player.fileName());

    FakeNotificationServer* server = startServer({QStringLiteral("actions")});
    QVERIFY(server);
    DBusNotifier notifier;
    QTRY_VERIFY(notifier.supportsActions());
    DesktopNotification n = sample();
    n.playSound = true;
    QVERIFY(notifier.show(n) > 0);
    QTRY_COMPARE(server->calls().size(), 1);
    QVERIFY(!server->calls().constFirst().hints.contains(QStringLiteral("sound-file")));

    QTRY_VERIFY(QFileInfo(played).size() > 0);
    QFile record(played);
    QVERIFY(record.open(QIODevice::ReadOnly));
    const QString arguments = QString::fromUtf8(record.readAll()).trimmed();
    QCOMPARE(arguments, NotificationSound::filePath());
}

void TestDBusNotifier::actionsAndClosingReachTheHandle()
{
    FakeNotificationServer* server = startServer({QStringLiteral("actions"), QStringLiteral("body")});
    QVERIFY(server);
    DBusNotifier notifier;
    QTRY_VERIFY(notifier.supportsActions());
    QSignalSpy invoked(&notifier, &Notifier::actionInvoked);
    QSignalSpy closed(&notifier, &Notifier::closed);

    const quint32 first = notifier.show(sample());
    const quint32 second = notifier.show(sample());
    QVERIFY(first > 0);
    QVERIFY(second > first);
    QTRY_COMPARE(notifier.trackedCount(), 2);
    const uint secondId = server->lastId();
    const uint firstId = secondId - 1;

    server->invokeAction(secondId, QStringLiteral("copy-link"));
    QTRY_COMPARE(invoked.size(), 1);
    QCOMPARE(invoked.at(0).at(0).value<quint32>(), second);
    QCOMPARE(invoked.at(0).at(1).toString(), QStringLiteral("copy-link"));

    server->invokeAction(firstId, QStringLiteral("default"));
    QTRY_COMPARE(invoked.size(), 2);
    QCOMPARE(invoked.at(1).at(0).value<quint32>(), first);
    QCOMPARE(invoked.at(1).at(1).toString(), QStringLiteral("default"));

    // Another program's notification: its id is not ours, nothing happens. The close after it
    // comes from the same sender, so once that arrived the foreign one was handled.
    server->invokeAction(secondId + 100, QStringLiteral("open"));
    server->closeNotification(secondId + 100, 2);
    server->closeNotification(firstId, 2);
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(0).value<quint32>(), first);
    QCOMPARE(invoked.size(), 2);
    QCOMPARE(notifier.trackedCount(), 1);

    // A closed notification's id means nothing any more.
    server->invokeAction(firstId, QStringLiteral("open"));
    server->closeNotification(secondId, 1);
    QTRY_COMPARE(closed.size(), 2);
    QCOMPARE(closed.at(1).at(0).value<quint32>(), second);
    QCOMPARE(invoked.size(), 2);
    QCOMPARE(notifier.trackedCount(), 0);
}

void TestDBusNotifier::signalsFromOthersAreIgnored()
{
    FakeNotificationServer* server = startServer({QStringLiteral("actions")});
    QVERIFY(server);
    DBusNotifier notifier;
    QTRY_VERIFY(notifier.supportsActions());
    QSignalSpy invoked(&notifier, &Notifier::actionInvoked);
    QSignalSpy closed(&notifier, &Notifier::closed);
    const quint32 handle = notifier.show(sample());
    QTRY_COMPARE(notifier.trackedCount(), 1);
    const uint id = server->lastId();

    // Another program on the bus sends the same signals with our notification's id.
    QDBusConnection intruder = QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("intruder"));
    QVERIFY(intruder.isConnected());
    QDBusMessage click = QDBusMessage::createSignal(kPath, kInterface, QStringLiteral("ActionInvoked"));
    click << id << QStringLiteral("download");
    QVERIFY(intruder.send(click));
    QDBusMessage close = QDBusMessage::createSignal(kPath, kInterface, QStringLiteral("NotificationClosed"));
    close << id << 2u;
    QVERIFY(intruder.send(close));
    // The bus has routed both once it answered this; the real server's close comes after them.
    const QDBusMessage ping = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
        QStringLiteral("org.freedesktop.DBus.Peer"), QStringLiteral("Ping"));
    QCOMPARE(intruder.call(ping).type(), QDBusMessage::ReplyMessage);
    QDBusConnection::disconnectFromBus(QStringLiteral("intruder"));

    server->closeNotification(id, 2);
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(0).value<quint32>(), handle);
    QCOMPARE(invoked.size(), 0);
}

void TestDBusNotifier::serviceAppearingLaterIsUsed()
{
    DBusNotifier notifier;
    QSignalSpy availability(&notifier, &Notifier::availabilityChanged);
    settle(QDBusConnection::sessionBus());
    QVERIFY(!notifier.isAvailable());
    QVERIFY(!notifier.supportsActions());
    QCOMPARE(notifier.show(sample()), 0u);
    QCOMPARE(availability.size(), 0);

    FakeNotificationServer* server = startServer({QStringLiteral("actions"), QStringLiteral("body")});
    QVERIFY(server);
    QTRY_VERIFY(notifier.isAvailable());
    QVERIFY(availability.size() >= 1);
    // Shown before the new server said what it supports: it waits for the answer, so the buttons
    // are there.
    const quint32 handle = notifier.show(sample());
    QVERIFY(handle > 0);
    QTRY_COMPARE(server->calls().size(), 1);
    QCOMPARE(server->calls().constFirst().actions.size(), 8);
    QVERIFY(notifier.supportsActions());
}

void TestDBusNotifier::serviceGoingAwayClosesItsNotifications()
{
    FakeNotificationServer* server = startServer({QStringLiteral("actions")});
    QVERIFY(server);
    DBusNotifier notifier;
    QTRY_VERIFY(notifier.supportsActions());
    QSignalSpy availability(&notifier, &Notifier::availabilityChanged);
    QSignalSpy closed(&notifier, &Notifier::closed);
    const quint32 handle = notifier.show(sample());
    QTRY_COMPARE(notifier.trackedCount(), 1);

    server->stop();
    QTRY_VERIFY(!notifier.isAvailable());
    QVERIFY(!notifier.supportsActions());
    QCOMPARE(availability.size(), 1);
    QCOMPARE(closed.size(), 1); // the server that showed it is gone, and the notification with it
    QCOMPARE(closed.at(0).at(0).value<quint32>(), handle);
    QCOMPARE(notifier.trackedCount(), 0);
    QCOMPARE(notifier.show(sample()), 0u);

    // A new server (a restarted daemon) is used again, with what it says it can do.
    QVERIFY(server->start());
    QTRY_VERIFY(notifier.supportsActions());
    QVERIFY(availability.size() >= 2);
    QVERIFY(notifier.show(sample()) > 0);
    QTRY_COMPARE(server->calls().size(), 2);
}

void TestDBusNotifier::failedNotifyWarnsOnceAndCloses()
{
    FakeNotificationServer* server = startServer({QStringLiteral("actions")});
    QVERIFY(server);
    server->setFailing(true);
    DBusNotifier notifier;
    QTRY_VERIFY(notifier.supportsActions());
    QSignalSpy closed(&notifier, &Notifier::closed);
    const QRegularExpression warning(QStringLiteral("^reelwatch: desktop notifications are not reaching"));
    QTest::ignoreMessage(QtWarningMsg, warning);
    QTest::failOnWarning(warning); // a second one (not ignored) fails the test

    const quint32 first = notifier.show(sample());
    const quint32 second = notifier.show(sample());
    QTRY_COMPARE(closed.size(), 2);
    QCOMPARE(closed.at(0).at(0).value<quint32>(), first);
    QCOMPARE(closed.at(1).at(0).value<quint32>(), second);
    QCOMPARE(notifier.trackedCount(), 0);
    // The service is still there: a failed call is not an absent service.
    settle(QDBusConnection::sessionBus());
    QVERIFY(notifier.isAvailable());

    server->setFailing(false);
    QVERIFY(notifier.show(sample()) > 0);
    QTRY_COMPARE(notifier.trackedCount(), 1);
}

void TestDBusNotifier::refusingServerBecomesUnavailable()
{
    FakeNotificationServer* server = startServer({QStringLiteral("actions")});
    QVERIFY(server);
    server->setFailing(true);
    DBusNotifier notifier;
    QTRY_VERIFY(notifier.supportsActions());
    QSignalSpy availability(&notifier, &Notifier::availabilityChanged);
    QSignalSpy closed(&notifier, &Notifier::closed);
    const QRegularExpression warning(QStringLiteral("^reelwatch: desktop notifications are not reaching"));
    // One per outage: the first refusals, and the ones after a notification went through again.
    QTest::ignoreMessage(QtWarningMsg, warning);
    QTest::ignoreMessage(QtWarningMsg, warning);

    // Refusals one short of the limit, then one shown: the count starts again.
    for (int i = 1; i < DBusNotifier::kMaxRefusals; ++i) {
        QVERIFY(notifier.show(sample()) > 0);
        QTRY_COMPARE(closed.size(), i);
    }
    QVERIFY(notifier.isAvailable());
    server->setFailing(false);
    QVERIFY(notifier.show(sample()) > 0);
    QTRY_COMPARE(notifier.trackedCount(), 1);
    server->setFailing(true);
    for (int i = 1; i < DBusNotifier::kMaxRefusals; ++i) {
        QVERIFY(notifier.show(sample()) > 0);
        QTRY_COMPARE(closed.size(), DBusNotifier::kMaxRefusals - 1 + i);
    }
    settle(QDBusConnection::sessionBus());
    QVERIFY(notifier.isAvailable());
    QCOMPARE(availability.size(), 0);

    // One more in a row: the name is still owned, yet nothing gets through, so the notifier gives
    // way (to the tray, behind a FallbackNotifier).
    QVERIFY(notifier.show(sample()) > 0);
    QTRY_VERIFY(!notifier.isAvailable());
    QCOMPARE(closed.size(), 2 * DBusNotifier::kMaxRefusals - 1);
    QCOMPARE(availability.size(), 1);
    QVERIFY(!notifier.supportsActions());
    const int asked = int(server->calls().size());
    QCOMPARE(notifier.show(sample()), 0u);
    settle(QDBusConnection::sessionBus());
    QCOMPARE(server->calls().size(), asked); // not asked again
    // The one it did show is still its own: a click on it still arrives.
    QSignalSpy invoked(&notifier, &Notifier::actionInvoked);
    server->invokeAction(server->lastId(), QStringLiteral("open"));
    QTRY_COMPARE(invoked.size(), 1);

    // A new owner of the name (a restarted daemon) is tried afresh.
    server->stop();
    server->setFailing(false);
    QVERIFY(server->start());
    QTRY_VERIFY(notifier.supportsActions());
    QVERIFY(notifier.show(sample()) > 0);
    QTRY_COMPARE(server->calls().size(), asked + 1);
    QTRY_COMPARE(notifier.trackedCount(), 1);
}

void TestDBusNotifier::trackedNotificationsAreBounded()
{
    FakeNotificationServer* server = startServer({QStringLiteral("actions")});
    QVERIFY(server);
    DBusNotifier notifier;
    QTRY_VERIFY(notifier.supportsActions());
    QSignalSpy closed(&notifier, &Notifier::closed);
    const int extra = 5;
    QList<quint32> handles;
    for (int i = 0; i < DBusNotifier::kMaxTracked + extra; ++i)
        handles.append(notifier.show(sample()));
    QVERIFY(!handles.contains(0u));
    // Also more than the bus lets one connection await at once (128): they go out in turn.
    QTRY_COMPARE(server->calls().size(), DBusNotifier::kMaxTracked + extra);
    QTRY_COMPARE(closed.size(), extra);
    QCOMPARE(notifier.trackedCount(), DBusNotifier::kMaxTracked);
    for (int i = 0; i < extra; ++i) // the oldest are forgotten
        QCOMPARE(closed.at(i).at(0).value<quint32>(), handles.at(i));
}

bool TestDBusNotifier::startPrivateBus(const QString& exec, QString* address)
{
    const QString daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
    if (daemon.isEmpty())
        return false;
    m_privateBusDir = new QTemporaryDir;
    const QString services = m_privateBusDir->filePath(QStringLiteral("services"));
    QDir().mkpath(services);
    QFile service(services + QStringLiteral("/org.freedesktop.Notifications.service"));
    if (!service.open(QIODevice::WriteOnly))
        return false;
    service.write(QStringLiteral("[D-BUS Service]\nName=org.freedesktop.Notifications\nExec=%1\n").arg(exec).toUtf8());
    service.close();
    QFile config(m_privateBusDir->filePath(QStringLiteral("session.conf")));
    if (!config.open(QIODevice::WriteOnly))
        return false;
    config.write(QStringLiteral("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
                                "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                                "<busconfig><type>session</type><listen>unix:tmpdir=%1</listen>"
                                "<auth>EXTERNAL</auth><servicedir>%2</servicedir>"
                                "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
                                "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n")
                     .arg(m_privateBusDir->path(), services)
                     .toUtf8());
    config.close();

    m_privateBus = new QProcess;
    m_privateBus->setProcessChannelMode(QProcess::ForwardedErrorChannel); // its complaints, for failures
    m_privateBus->start(daemon,
                        {QStringLiteral("--nofork"), QStringLiteral("--print-address=1"),
                         QStringLiteral("--config-file=") + config.fileName()});
    if (!m_privateBus->waitForStarted(10000))
        return false;
    QElapsedTimer waited;
    waited.start();
    while (!m_privateBus->canReadLine() && waited.elapsed() < 10000)
        m_privateBus->waitForReadyRead(500);
    *address = QString::fromUtf8(m_privateBus->readLine()).trimmed();
    return !address->isEmpty();
}

void TestDBusNotifier::activatableServiceIsStartedOnDemand()
{
    QString address;
    QVERIFY2(startPrivateBus(QCoreApplication::applicationFilePath() + QLatin1Char(' ') + QLatin1String(kServeOption),
                             &address),
             "dbus-daemon did not start");
    const QDBusConnection bus = QDBusConnection::connectToBus(address, QStringLiteral("private-bus"));
    QVERIFY(bus.isConnected());
    QVERIFY(!bus.interface()->isServiceRegistered(kService).value());

    // Nobody owns the name, but the bus can start a server: the notifier has it started to learn
    // what it supports.
    DBusNotifier notifier(bus);
    QSignalSpy invoked(&notifier, &Notifier::actionInvoked);
    QTRY_VERIFY_WITH_TIMEOUT(notifier.supportsActions(), 20000);
    QVERIFY(bus.interface()->isServiceRegistered(kService).value());
    const quint32 handle = notifier.show(sample());
    QVERIFY(handle > 0);
    // The server started for it clicks every notification it shows: the click comes back to us.
    QTRY_COMPARE(invoked.size(), 1);
    QCOMPARE(invoked.at(0).at(0).value<quint32>(), handle);
    QCOMPARE(invoked.at(0).at(1).toString(), QStringLiteral("default"));
}

void TestDBusNotifier::failedActivationMakesItUnavailable()
{
    const QString falseProgram = QStandardPaths::findExecutable(QStringLiteral("false"));
    QVERIFY(!falseProgram.isEmpty());
    QString address;
    QVERIFY2(startPrivateBus(falseProgram, &address), "dbus-daemon did not start");
    const QDBusConnection bus = QDBusConnection::connectToBus(address, QStringLiteral("private-bus"));
    QVERIFY(bus.isConnected());

    // Available while the bus says it can start a server; not once starting it failed.
    DBusNotifier notifier(bus);
    QSignalSpy availability(&notifier, &Notifier::availabilityChanged);
    QTRY_COMPARE_WITH_TIMEOUT(availability.size(), 2, 20000);
    QVERIFY(!notifier.isAvailable());
    QVERIFY(!notifier.supportsActions());
    QCOMPARE(notifier.show(sample()), 0u);
}

// Started by the private bus for activatableServiceIsStartedOnDemand(): the notification server,
// on the bus that started it, until that bus goes away.
static int serveNotifications(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QDBusConnection bus
        = QDBusConnection::connectToBus(qEnvironmentVariable("DBUS_STARTER_ADDRESS"), QStringLiteral("starter"));
    if (!bus.isConnected())
        return 1;
    FakeNotificationServer server(bus, {QStringLiteral("actions"), QStringLiteral("body")});
    server.setClickEverything(true);
    if (!server.start())
        return 1;
    QTimer watchdog;
    QObject::connect(&watchdog, &QTimer::timeout, &app, [&bus] {
        if (!bus.isConnected())
            QCoreApplication::quit();
    });
    watchdog.start(100);
    QTimer::singleShot(120000, &app, &QCoreApplication::quit); // never outlive a stuck test
    return app.exec();
}

int main(int argc, char* argv[])
{
    if (argc > 1 && qstrcmp(argv[1], kServeOption) == 0)
        return serveNotifications(argc, argv);
    QApplication app(argc, argv);
    TestDBusNotifier test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_dbusnotifier.moc"

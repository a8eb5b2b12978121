// The tray balloon notifier where there is no tray (the offscreen platform never has one): nothing
// is shown, show() says so with 0, and a tray icon that is missing or goes away breaks nothing.

#include "ui/desktop/traynotifier.h"

#include <memory>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTest>

using namespace Reelwatch;

class TestTrayNotifier : public QObject
{
    Q_OBJECT

private slots:
    void withoutTrayIconNothingIsShown();
    void withoutSystemTrayNothingIsShown();
    void trayIconGoingAwayIsSafe();
};

static DesktopNotification sample()
{
    DesktopNotification n;
    n.title = QStringLiteral("Render finished");
    n.body = QStringLiteral("Boat at dawn");
    n.actions = {{QStringLiteral("open"), QStringLiteral("Open")}};
    return n;
}

void TestTrayNotifier::withoutTrayIconNothingIsShown()
{
    TrayNotifier notifier(nullptr);
    QVERIFY(!notifier.isAvailable());
    QVERIFY(!notifier.supportsActions());
    QCOMPARE(notifier.show(sample()), 0u);
}

void TestTrayNotifier::withoutSystemTrayNothingIsShown()
{
    QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable()); // what this test is about
    QSystemTrayIcon tray;
    tray.setIcon(QIcon(QStringLiteral(":/icons/reelwatch.svg")));
    tray.show();
    TrayNotifier notifier(&tray);
    QSignalSpy availability(&notifier, &Notifier::availabilityChanged);
    QSignalSpy invoked(&notifier, &Notifier::actionInvoked);
    QVERIFY(!notifier.isAvailable());
    QCOMPARE(notifier.show(sample()), 0u);
    notifier.updateAvailability();
    QCOMPARE(availability.size(), 0);
    // A click on a balloon that was never shown invokes nothing.
    emit tray.messageClicked();
    QCOMPARE(invoked.size(), 0);
}

void TestTrayNotifier::trayIconGoingAwayIsSafe()
{
    auto tray = std::make_unique<QSystemTrayIcon>();
    TrayNotifier notifier(tray.get());
    tray.reset();
    QVERIFY(!notifier.isAvailable());
    QCOMPARE(notifier.show(sample()), 0u);
    notifier.setTrayIcon(nullptr);
    QCOMPARE(notifier.show(sample()), 0u);
}

QTEST_MAIN(TestTrayNotifier)
#include "tst_traynotifier.moc"

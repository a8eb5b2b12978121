// FallbackNotifier over two recording notifiers that both count their handles from 1, as the
// notification service and the tray balloon do: which one shows a notification, that the handles
// it hands out are its own, and that clicks and closes come back under the right one.

#include "fakenotifier.h"
#include "ui/desktop/fallbacknotifier.h"

#include <QSignalSpy>
#include <QTest>

using namespace Reelwatch;

class TestFallbackNotifier : public QObject
{
    Q_OBJECT

private slots:
    void firstAvailableIsUsed();
    void unavailableFirstFallsBackToSecond();
    void noneAvailableShowsNothing();
    void handlesAreItsOwn();
    void actionsAndClosesReachTheirHandle();
    void closedHandleIsForgotten();
    void availabilityChangesAreForwarded();
    void supportsActionsFollowsTheCurrentOne();
};

static DesktopNotification sample(const QString& title)
{
    DesktopNotification n;
    n.title = title;
    n.body = QStringLiteral("Boat at dawn");
    n.actions = {{QStringLiteral("open"), QStringLiteral("Open")}};
    return n;
}

void TestFallbackNotifier::firstAvailableIsUsed()
{
    FakeNotifier desktop;
    FakeNotifier tray;
    FallbackNotifier notifier({&desktop, &tray});
    QVERIFY(notifier.isAvailable());
    QVERIFY(notifier.show(sample(QStringLiteral("one"))) > 0);
    QCOMPARE(desktop.count(), 1);
    QCOMPARE(desktop.last().title, QStringLiteral("one"));
    QCOMPARE(tray.count(), 0);
}

void TestFallbackNotifier::unavailableFirstFallsBackToSecond()
{
    FakeNotifier desktop;
    FakeNotifier tray;
    FallbackNotifier notifier({&desktop, &tray});
    desktop.setAvailable(false);
    QVERIFY(notifier.isAvailable());
    QVERIFY(notifier.show(sample(QStringLiteral("one"))) > 0);
    QCOMPARE(desktop.count(), 0);
    QCOMPARE(tray.count(), 1);
    QCOMPARE(tray.last().title, QStringLiteral("one"));

    // Back again: preferred again.
    desktop.setAvailable(true);
    QVERIFY(notifier.show(sample(QStringLiteral("two"))) > 0);
    QCOMPARE(desktop.count(), 1);
    QCOMPARE(desktop.last().title, QStringLiteral("two"));
    QCOMPARE(tray.count(), 1);
}

void TestFallbackNotifier::noneAvailableShowsNothing()
{
    FakeNotifier desktop;
    FakeNotifier tray;
    desktop.setAvailable(false);
    tray.setAvailable(false);
    FallbackNotifier notifier({&desktop, &tray});
    QVERIFY(!notifier.isAvailable());
    QVERIFY(!notifier.supportsActions());
    QCOMPARE(notifier.show(sample(QStringLiteral("one"))), 0u);
    QCOMPARE(desktop.count(), 0);
    QCOMPARE(tray.count(), 0);

    FallbackNotifier empty({});
    QVERIFY(!empty.isAvailable());
    QCOMPARE(empty.show(sample(QStringLiteral("one"))), 0u);
}

void TestFallbackNotifier::handlesAreItsOwn()
{
    FakeNotifier desktop;
    FakeNotifier tray;
    FallbackNotifier notifier({&desktop, &tray});
    const quint32 first = notifier.show(sample(QStringLiteral("one")));
    desktop.setAvailable(false);
    const quint32 second = notifier.show(sample(QStringLiteral("two")));
    // Both inner notifiers said 1; the handles given out differ.
    QCOMPARE(desktop.lastHandle(), 1u);
    QCOMPARE(tray.lastHandle(), 1u);
    QVERIFY(first > 0);
    QVERIFY(second > 0);
    QVERIFY(first != second);
}

void TestFallbackNotifier::actionsAndClosesReachTheirHandle()
{
    FakeNotifier desktop;
    FakeNotifier tray;
    FallbackNotifier notifier({&desktop, &tray});
    QSignalSpy invoked(&notifier, &Notifier::actionInvoked);
    QSignalSpy closed(&notifier, &Notifier::closed);
    const quint32 onDesktop = notifier.show(sample(QStringLiteral("one")));
    desktop.setAvailable(false);
    const quint32 onTray = notifier.show(sample(QStringLiteral("two")));
    desktop.setAvailable(true);
    const quint32 onDesktopToo = notifier.show(sample(QStringLiteral("three")));
    QCOMPARE(desktop.lastHandle(), 2u);

    QVERIFY(tray.invoke(1, QStringLiteral("default")));
    QCOMPARE(invoked.size(), 1);
    QCOMPARE(invoked.at(0).at(0).value<quint32>(), onTray);
    QCOMPARE(invoked.at(0).at(1).toString(), QStringLiteral("default"));

    QVERIFY(desktop.invoke(1, QStringLiteral("open")));
    QVERIFY(desktop.invoke(2, QStringLiteral("download")));
    QCOMPARE(invoked.size(), 3);
    QCOMPARE(invoked.at(1).at(0).value<quint32>(), onDesktop);
    QCOMPARE(invoked.at(1).at(1).toString(), QStringLiteral("open"));
    QCOMPARE(invoked.at(2).at(0).value<quint32>(), onDesktopToo);
    QCOMPARE(invoked.at(2).at(1).toString(), QStringLiteral("download"));

    // The tray's 1 closing is not the desktop's 1.
    QVERIFY(tray.close(1));
    QCOMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(0).value<quint32>(), onTray);
    QVERIFY(desktop.invoke(1, QStringLiteral("open")));
    QCOMPARE(invoked.size(), 4);
    QCOMPARE(invoked.at(3).at(0).value<quint32>(), onDesktop);
    QVERIFY(desktop.close(1));
    QCOMPARE(closed.size(), 2);
    QCOMPARE(closed.at(1).at(0).value<quint32>(), onDesktop);
}

void TestFallbackNotifier::closedHandleIsForgotten()
{
    FakeNotifier desktop;
    FakeNotifier tray;
    FallbackNotifier notifier({&desktop, &tray});
    QSignalSpy invoked(&notifier, &Notifier::actionInvoked);
    QSignalSpy closed(&notifier, &Notifier::closed);
    const quint32 handle = notifier.show(sample(QStringLiteral("one")));
    QVERIFY(desktop.close(1));
    QCOMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(0).value<quint32>(), handle);

    // A late click or a second close for it, as a server racing its own close might send, and
    // notifications it never showed here: nothing comes out.
    emit desktop.actionInvoked(1, QStringLiteral("open"));
    emit desktop.closed(1);
    emit desktop.actionInvoked(7, QStringLiteral("open"));
    emit tray.actionInvoked(1, QStringLiteral("default"));
    QCOMPARE(invoked.size(), 0);
    QCOMPARE(closed.size(), 1);

    // Its next notification gets a handle of its own, not the closed one's.
    const quint32 next = notifier.show(sample(QStringLiteral("two")));
    QVERIFY(next > 0);
    QVERIFY(next != handle);
    QVERIFY(desktop.invoke(2, QStringLiteral("open")));
    QCOMPARE(invoked.size(), 1);
    QCOMPARE(invoked.at(0).at(0).value<quint32>(), next);
}

void TestFallbackNotifier::availabilityChangesAreForwarded()
{
    FakeNotifier desktop;
    FakeNotifier tray;
    tray.setSupportsActions(false);
    FallbackNotifier notifier({&desktop, &tray});
    QSignalSpy availability(&notifier, &Notifier::availabilityChanged);

    // The tray coming and going behind the desktop's service changes nothing here.
    tray.setAvailable(false);
    tray.setAvailable(true);
    QCOMPARE(availability.size(), 0);

    // Still available, through the tray now: without buttons.
    desktop.setAvailable(false);
    QCOMPARE(availability.size(), 1);
    QVERIFY(notifier.isAvailable());
    QVERIFY(!notifier.supportsActions());

    tray.setAvailable(false);
    QCOMPARE(availability.size(), 2);
    QVERIFY(!notifier.isAvailable());

    desktop.setAvailable(true);
    QCOMPARE(availability.size(), 3);
    QVERIFY(notifier.isAvailable());
    QVERIFY(notifier.supportsActions());

    desktop.setSupportsActions(false);
    QCOMPARE(availability.size(), 4);
    QVERIFY(!notifier.supportsActions());
}

void TestFallbackNotifier::supportsActionsFollowsTheCurrentOne()
{
    FakeNotifier desktop;
    FakeNotifier tray;
    tray.setSupportsActions(false);
    FallbackNotifier notifier({&desktop, &tray});
    QVERIFY(notifier.supportsActions());
    desktop.setAvailable(false);
    QVERIFY(!notifier.supportsActions());

    // The other way round: a preferred one without buttons hides the fallback's.
    FallbackNotifier reversed({&tray, &desktop});
    desktop.setAvailable(true);
    QVERIFY(!reversed.supportsActions());
    tray.setAvailable(false);
    QVERIFY(reversed.supportsActions());
}

QTEST_MAIN(TestFallbackNotifier)
#include "tst_fallbacknotifier.moc"

#include "core/ratelimiter.h"

#include <QTest>

using Reelwatch::RateLimiter;

namespace {

// An arbitrary monotonic start, far from zero so that no time below is ever negative.
constexpr qint64 kStart = 1000000;

// Takes every token available at nowMs; returns how many there were.
int drain(RateLimiter& limiter, qint64 nowMs)
{
    int taken = 0;
    while (limiter.tryAcquire(nowMs) && taken < 1000)
        ++taken;
    return taken;
}

} // namespace

class RateLimiterTest : public QObject
{
    Q_OBJECT

private slots:
    void startsWithOneSecondBurst();
    void sixthRequestInSameInstantIsRefused();
    void nextTokenAtMsIsNowWhileTokensRemain();
    void nextTokenAfterDrainIsOneTokenIntervalAway();
    void oneTokenIsMintedPerTokenInterval();
    void longIdleNeverAccumulatesMoreThanCapacity();
    void setRateBelowOneKeepsCapacityOfOne();
    void setRateAboveCurrentRaisesCapacity();
    void timeGoingBackwardsGrantsNoToken();
    void returningToAnEarlierTimeAfterClockStepsBackGrantsNoExtraTokens();
    void tokenIsAvailableAtNextTokenAtMsAndNotLongBefore_data();
    void tokenIsAvailableAtNextTokenAtMsAndNotLongBefore();
};

void RateLimiterTest::startsWithOneSecondBurst()
{
    RateLimiter limiter(5);
    QCOMPARE(limiter.rate(), 5.0);
    QCOMPARE(limiter.available(kStart), 5);
    for (int i = 0; i < 5; ++i)
        QVERIFY2(limiter.tryAcquire(kStart), qPrintable(QStringLiteral("token %1 of the burst").arg(i + 1)));
    QCOMPARE(limiter.available(kStart), 0);
}

void RateLimiterTest::sixthRequestInSameInstantIsRefused()
{
    RateLimiter limiter(5);
    QCOMPARE(drain(limiter, kStart), 5);
    QVERIFY(!limiter.tryAcquire(kStart));
    QVERIFY(!limiter.tryAcquire(kStart + 1));
}

void RateLimiterTest::nextTokenAtMsIsNowWhileTokensRemain()
{
    RateLimiter limiter(5);
    QCOMPARE(limiter.nextTokenAtMs(kStart), kStart);
    QVERIFY(limiter.tryAcquire(kStart));
    QCOMPARE(limiter.nextTokenAtMs(kStart), kStart);
    // Asking does not take a token.
    QCOMPARE(limiter.available(kStart), 4);
}

void RateLimiterTest::nextTokenAfterDrainIsOneTokenIntervalAway()
{
    RateLimiter limiter(5);
    drain(limiter, kStart);
    QCOMPARE(limiter.nextTokenAtMs(kStart), kStart + 200);
    QCOMPARE(limiter.nextTokenAtMs(kStart + 50), kStart + 200);
    QVERIFY(!limiter.tryAcquire(kStart + 199));
    QVERIFY(limiter.tryAcquire(kStart + 200));
    QVERIFY(!limiter.tryAcquire(kStart + 200));
    QCOMPARE(limiter.nextTokenAtMs(kStart + 200), kStart + 400);
}

void RateLimiterTest::oneTokenIsMintedPerTokenInterval()
{
    RateLimiter limiter(5);
    drain(limiter, kStart);
    for (int step = 1; step <= 10; ++step) {
        const qint64 now = kStart + step * 200;
        QCOMPARE(limiter.available(now), 1);
        QVERIFY(limiter.tryAcquire(now));
        QVERIFY(!limiter.tryAcquire(now));
    }
}

void RateLimiterTest::longIdleNeverAccumulatesMoreThanCapacity()
{
    RateLimiter limiter(5);
    drain(limiter, kStart);
    const qint64 anHourLater = kStart + 3600 * 1000;
    QCOMPARE(limiter.available(anHourLater), 5);
    QCOMPARE(drain(limiter, anHourLater), 5);
    QCOMPARE(limiter.nextTokenAtMs(anHourLater), anHourLater + 200);
}

void RateLimiterTest::setRateBelowOneKeepsCapacityOfOne()
{
    RateLimiter limiter(5);
    limiter.setRate(0.5);
    QCOMPARE(limiter.rate(), 0.5);
    // The burst shrinks with the rate but never below one request.
    QCOMPARE(limiter.available(kStart), 1);
    QVERIFY(limiter.tryAcquire(kStart));
    QVERIFY(!limiter.tryAcquire(kStart));
    QCOMPARE(limiter.nextTokenAtMs(kStart), kStart + 2000);
    QVERIFY(!limiter.tryAcquire(kStart + 1999));
    QVERIFY(limiter.tryAcquire(kStart + 2000));
    QCOMPARE(limiter.available(kStart + 3600 * 1000), 1);
}

void RateLimiterTest::setRateAboveCurrentRaisesCapacity()
{
    RateLimiter limiter(5);
    drain(limiter, kStart);
    limiter.setRate(10);
    QCOMPARE(limiter.available(kStart), 0);
    QCOMPARE(limiter.nextTokenAtMs(kStart), kStart + 100);
    QCOMPARE(limiter.available(kStart + 3600 * 1000), 10);
}

void RateLimiterTest::timeGoingBackwardsGrantsNoToken()
{
    RateLimiter limiter(5);
    drain(limiter, kStart + 1000);
    QVERIFY(!limiter.tryAcquire(kStart + 500));
    QCOMPARE(limiter.available(kStart + 500), 0);
    QVERIFY(!limiter.tryAcquire(kStart));
    QVERIFY(limiter.nextTokenAtMs(kStart) > kStart);
}

void RateLimiterTest::returningToAnEarlierTimeAfterClockStepsBackGrantsNoExtraTokens()
{
    RateLimiter limiter(5);
    drain(limiter, kStart + 1000);
    // The clock steps back 1 s and then forward again to where it was: no time has passed that was not
    // already accounted for, so there is nothing to mint.
    QCOMPARE(limiter.available(kStart), 0);
    QCOMPARE(limiter.available(kStart + 1000), 0);
    QVERIFY(!limiter.tryAcquire(kStart + 1000));
    // Time beyond the latest reading counts as usual.
    QCOMPARE(limiter.available(kStart + 1200), 1);
}

void RateLimiterTest::tokenIsAvailableAtNextTokenAtMsAndNotLongBefore_data()
{
    QTest::addColumn<double>("perSecond");
    QTest::addColumn<qint64>("stepMs");

    const QList<double> rates = {0.3, 1, 2.5, 3, 5, 7, 12.5, 30};
    const QList<qint64> steps = {1, 7, 33, 50, 99, 130};
    for (double rate : rates) {
        for (qint64 step : steps)
            QTest::addRow("%g/s, step %lld ms", rate, static_cast<long long>(step)) << rate << step;
    }
}

// For odd rates and clock readings that fall between token times, the promised time is never too early (a
// token is there) and at most one millisecond late (floating-point rounding of the remainder may round the
// wait up by one; two milliseconds earlier there is never a token).
void RateLimiterTest::tokenIsAvailableAtNextTokenAtMsAndNotLongBefore()
{
    QFETCH(double, perSecond);
    QFETCH(qint64, stepMs);

    RateLimiter limiter(perSecond);
    qint64 now = kStart;
    drain(limiter, now);
    for (int round = 0; round < 40; ++round) {
        now += stepMs;
        const qint64 next = limiter.nextTokenAtMs(now);
        QVERIFY(next >= now);
        if (next - 2 >= now) {
            QVERIFY2(!limiter.tryAcquire(next - 2),
                     qPrintable(QStringLiteral("round %1: token well before %2").arg(round).arg(next)));
        }
        QVERIFY2(limiter.tryAcquire(next), qPrintable(QStringLiteral("round %1: no token at %2").arg(round).arg(next)));
        now = next;
    }
}

QTEST_APPLESS_MAIN(RateLimiterTest)

#include "tst_ratelimiter.moc"

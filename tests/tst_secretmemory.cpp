// Keeping keys out of what the process leaves behind: no core dump unless asked for, a key taken out of
// the environment, and buffers overwritten before they are let go. The process-wide settings are
// checked on this very process (each test function runs once, in order).

#include "core/secretmemory.h"

#include <QTest>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif
#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#endif

using namespace Reelwatch;

class TestSecretMemory : public QObject
{
    Q_OBJECT

private slots:
    void askingForCoreDumpsLeavesTheProcessAsItIs();
    void coreDumpsAreOffByDefault();
    void aKeyIsTakenOutOfTheEnvironment();
    void wipeEmptiesAndSparesSharedCopies();
};

void TestSecretMemory::askingForCoreDumpsLeavesTheProcessAsItIs()
{
#ifdef Q_OS_UNIX
    rlimit before{};
    QCOMPARE(getrlimit(RLIMIT_CORE, &before), 0);
    qputenv(SecretMemory::kAllowCoreDumpsVariable, "1");
    QVERIFY(!SecretMemory::protectProcess());
    rlimit after{};
    QCOMPARE(getrlimit(RLIMIT_CORE, &after), 0);
    QCOMPARE(after.rlim_cur, before.rlim_cur);
    QCOMPARE(after.rlim_max, before.rlim_max);
#endif
#ifdef Q_OS_LINUX
    QCOMPARE(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
    QVERIFY(!SecretMemory::isProtected());
#endif
    qunsetenv(SecretMemory::kAllowCoreDumpsVariable);
}

void TestSecretMemory::coreDumpsAreOffByDefault()
{
    // Any other value than 1 is not asking.
    qputenv(SecretMemory::kAllowCoreDumpsVariable, "yes");
    QVERIFY(SecretMemory::protectProcess());
    qunsetenv(SecretMemory::kAllowCoreDumpsVariable);
    QVERIFY(SecretMemory::isProtected());
#ifdef Q_OS_UNIX
    rlimit core{};
    QCOMPARE(getrlimit(RLIMIT_CORE, &core), 0);
    QCOMPARE(core.rlim_cur, rlim_t(0));
    QCOMPARE(core.rlim_max, rlim_t(0)); // and no child can raise it again
#endif
#ifdef Q_OS_LINUX
    QCOMPARE(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
#endif
}

void TestSecretMemory::aKeyIsTakenOutOfTheEnvironment()
{
    qputenv("REELWATCH_TEST_SECRET", "sk-taken-0123456789");
    QCOMPARE(SecretMemory::takeFromEnvironment("REELWATCH_TEST_SECRET"), QByteArray("sk-taken-0123456789"));
    QVERIFY(!qEnvironmentVariableIsSet("REELWATCH_TEST_SECRET"));
    QVERIFY(SecretMemory::takeFromEnvironment("REELWATCH_TEST_SECRET").isNull());
}

void TestSecretMemory::wipeEmptiesAndSparesSharedCopies()
{
    QByteArray key = QByteArrayLiteral("sk-wiped-0123456789").repeated(2);
    const QByteArray shared = key; // another owner of the same bytes
    SecretMemory::wipe(key);
    QVERIFY(key.isEmpty());
    QCOMPARE(shared, QByteArrayLiteral("sk-wiped-0123456789").repeated(2));

    QString text = QStringLiteral("sk-wiped-text-0123456789").repeated(2);
    SecretMemory::wipe(text);
    QVERIFY(text.isEmpty());
}

QTEST_GUILESS_MAIN(TestSecretMemory)
#include "tst_secretmemory.moc"

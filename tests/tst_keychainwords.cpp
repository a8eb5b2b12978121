// What a keychain's answer says to people: QtKeychain's error codes, and the texts it reports a
// missing Secret Service, a dismissed prompt or a locked keyring with, mapped in one place to plain
// sentences, never QtKeychain's or D-Bus's own words, and the same sentences from the in-memory store.

#include "secrets/keychainsecretstore.h"
#include "secrets/memorysecretstore.h"

#include <QTest>

using namespace Reelwatch;

Q_DECLARE_METATYPE(QKeychain::Error)
Q_DECLARE_METATYPE(SecretResult::Status)

class TestKeychainWords : public QObject
{
    Q_OBJECT

private slots:
    void plainSentences_data();
    void plainSentences();
    void theMemoryStoreSaysTheSame();
};

void TestKeychainWords::plainSentences_data()
{
    QTest::addColumn<QKeychain::Error>("error");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<SecretResult::Status>("status");
    QTest::addColumn<QString>("message");
    const QString noKeyring = SecretResult::noKeyring().message;
    const QString cancelled = SecretResult::cancelled().message;
    const QString locked = SecretResult::locked().message;
    using Status = SecretResult::Status;

    QTest::newRow("not found") << QKeychain::EntryNotFound << QStringLiteral("Entry not found") << Status::NotFound
                               << QStringLiteral("No key is stored for this profile.");
    QTest::newRow("no Secret Service on the bus")
        << QKeychain::OtherError
        << QStringLiteral("The name org.freedesktop.secrets was not provided by any .service files")
        << Status::Unavailable << QStringLiteral("No keyring service is running: install GNOME Keyring or KWallet.");
    QTest::newRow("no session bus") << QKeychain::OtherError
                                    << QStringLiteral("Cannot autolaunch D-Bus without X11 $DISPLAY")
                                    << Status::Unavailable << noKeyring;
    QTest::newRow("no KWallet") << QKeychain::OtherError
                                << QStringLiteral(
                                       "Could not open wallet: org.freedesktop.DBus.Error.ServiceUnknown; The "
                                       "name org.kde.kwalletd5 was not provided by any .service files")
                                << Status::Unavailable << noKeyring;
    QTest::newRow("no backend") << QKeychain::NoBackendAvailable << QStringLiteral("No keychain service available")
                                << Status::Unavailable << noKeyring;
    QTest::newRow("not implemented") << QKeychain::NotImplemented << QString() << Status::Unavailable << noKeyring;
    QTest::newRow("prompt denied by the user")
        << QKeychain::AccessDeniedByUser << QStringLiteral("User denied access to keychain") << Status::Denied
        << QStringLiteral("You cancelled the keyring prompt.");
    QTest::newRow("gnome-keyring cancelled")
        << QKeychain::OtherError << QStringLiteral("Cancelled") << Status::Denied << cancelled;
    QTest::newRow("libsecret prompt dismissed")
        << QKeychain::OtherError << QStringLiteral("The prompt was dismissed") << Status::Denied << cancelled;
    QTest::newRow("wallet refused") << QKeychain::AccessDenied << QStringLiteral("Access to keychain denied")
                                    << Status::Denied << locked;
    QTest::newRow("locked collection") << QKeychain::OtherError
                                       << QStringLiteral("Cannot create an item in a locked collection")
                                       << Status::Denied
                                       << QStringLiteral(
                                              "The keyring is locked or refused access: unlock it and try again.");
    // A D-Bus error name mentions D-Bus, and still means a keyring that said no, not a missing one.
    QTest::newRow("D-Bus access denied")
        << QKeychain::OtherError
        << QStringLiteral("org.freedesktop.DBus.Error.AccessDenied: Rejected send message, 2 matched rules")
        << Status::Denied << locked;
    QTest::newRow("delete failed") << QKeychain::CouldNotDeleteEntry
                                   << QStringLiteral("Could not remove private key from keystore") << Status::Failed
                                   << QStringLiteral("The keyring could not delete the key.");
    QTest::newRow("anything else") << QKeychain::OtherError
                                   << QStringLiteral(
                                          "Could not store data in settings: 3 at /org/freedesktop/secrets/x")
                                   << Status::Failed << SecretResult::failed().message;
}

void TestKeychainWords::plainSentences()
{
    QFETCH(QKeychain::Error, error);
    QFETCH(QString, detail);
    QFETCH(SecretResult::Status, status);
    QFETCH(QString, message);
    const SecretResult result = KeychainSecretStore::resultFor(error, detail);
    QCOMPARE(result.status, status);
    QCOMPARE(result.message, message);
    QVERIFY(result.secret.isEmpty());
    // Plain words only: nothing of QtKeychain's text, no D-Bus name or path, one sentence said once.
    for (const QString& foreign : {QStringLiteral("org."), QStringLiteral("Bus"), QStringLiteral("/"),
                                   QStringLiteral("wallet:"), QStringLiteral("service files")})
        QVERIFY2(!result.message.contains(foreign), qPrintable(result.message));
    if (detail.contains(QLatin1Char(' '))) // a single word ("Cancelled") may well be one of ours
        QVERIFY2(!result.message.contains(detail, Qt::CaseInsensitive), qPrintable(result.message));
    QVERIFY(result.message.front().isUpper());
    QVERIFY(result.message.endsWith(QLatin1Char('.')));
}

void TestKeychainWords::theMemoryStoreSaysTheSame()
{
    MemorySecretStore memory;
    QVERIFY(!memory.isSystemKeychain()); // the demo's keys are held in memory
    QCOMPARE(memory.readNow(QStringLiteral("nobody")).message, SecretResult::notFound().message);
    memory.setUnavailable(true);
    const SecretResult unavailable = memory.writeNow(QStringLiteral("nobody"), QByteArrayLiteral("sk-x"));
    QCOMPARE(unavailable.status, SecretResult::Status::Unavailable);
    QCOMPARE(unavailable.message, SecretResult::noKeyring().message);
    QVERIFY(KeychainSecretStore().isSystemKeychain());
}

QTEST_GUILESS_MAIN(TestKeychainWords)
#include "tst_keychainwords.moc"

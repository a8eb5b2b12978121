// The key dialog on real widgets (offscreen) over a real monitor and store: keys go to the secret
// store or stay in memory for the session, and a missing keychain leaves only the session choice.

#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "monitor/taskservice.h"
#include "secrets/memorysecretstore.h"
#include "store/store.h"
#include "storeprofiles.h"
#include "ui/settings/keydialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace Reelwatch;

class TestKeyDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void savesToTheKeychain();
    void sessionKeyStaysInMemory();
    void withoutKeychainOnlyTheSessionChoiceRemains();
    void aRefusedSaveSaysWhyOnce();
    void theDemosKeyIsHeldInMemory();

private:
    QPushButton* button(KeyDialog& dialog, const QString& textPart);
    // The dialog's words under the fields (the only word-wrapped label).
    static QString explanation(KeyDialog& dialog);

    Store* m_store = nullptr;
    MemorySecretStore* m_secrets = nullptr;
    Monitor* m_monitor = nullptr;
    qint64 m_profileId = 0;
};

void TestKeyDialog::init()
{
    m_store = new Store;
    QString error;
    QVERIFY(m_store->open(QStringLiteral(":memory:"), &error));
    QVERIFY(TestProfiles::addIdleProfile(*m_store, &error));
    m_profileId = m_store->defaultProfile()->id;
    m_secrets = new MemorySecretStore;
    m_secrets->setSystemKeychainStandIn(true);
}

void TestKeyDialog::cleanup()
{
    delete m_monitor;
    m_monitor = nullptr;
    delete m_secrets;
    delete m_store;
}

QPushButton* TestKeyDialog::button(KeyDialog& dialog, const QString& textPart)
{
    for (QPushButton* candidate : dialog.findChildren<QPushButton*>()) {
        if (candidate->text().remove(QLatin1Char('&')).contains(textPart))
            return candidate;
    }
    return nullptr;
}

QString TestKeyDialog::explanation(KeyDialog& dialog)
{
    for (QLabel* label : dialog.findChildren<QLabel*>()) {
        if (label->wordWrap())
            return label->text();
    }
    return QString();
}

void TestKeyDialog::savesToTheKeychain()
{
    qunsetenv("REELWATCH_API_KEY");
    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
    QTRY_COMPARE(m_monitor->profiles()->keySource(m_profileId), ProfileManager::KeySource::Missing);

    KeyDialog dialog(m_monitor->profiles(), m_profileId);
    QPushButton* save = button(dialog, QStringLiteral("Save to keychain"));
    QVERIFY(save);
    QVERIFY(!save->isEnabled()); // nothing typed yet
    QLineEdit* field = dialog.findChild<QLineEdit*>();
    QCOMPARE(field->echoMode(), QLineEdit::Password);
    QTest::keyClicks(field, QStringLiteral("sk-dialog-saved-0123456789"));
    QVERIFY(save->isEnabled());
    save->click();
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    QTRY_COMPARE(m_monitor->profiles()->keySource(m_profileId), ProfileManager::KeySource::Keychain);
    const SecretResult stored = m_secrets->readNow(m_store->defaultProfile()->keychainId);
    QVERIFY(stored.ok());
    QCOMPARE(stored.secret, QByteArrayLiteral("sk-dialog-saved-0123456789"));
}

void TestKeyDialog::sessionKeyStaysInMemory()
{
    qunsetenv("REELWATCH_API_KEY");
    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
    QTRY_COMPARE(m_monitor->profiles()->keySource(m_profileId), ProfileManager::KeySource::Missing);
    KeyDialog dialog(m_monitor->profiles(), m_profileId);
    QTest::keyClicks(dialog.findChild<QLineEdit*>(), QStringLiteral("sk-session-only-0123456789"));
    button(dialog, QStringLiteral("session only"))->click();
    QCOMPARE(m_monitor->profiles()->keySource(m_profileId), ProfileManager::KeySource::Session);
    QCOMPARE(m_secrets->readNow(m_store->defaultProfile()->keychainId).status, SecretResult::Status::NotFound);
}

void TestKeyDialog::withoutKeychainOnlyTheSessionChoiceRemains()
{
    qunsetenv("REELWATCH_API_KEY");
    m_secrets->setUnavailable(true);
    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
    QTRY_COMPARE(m_monitor->profiles()->keySource(m_profileId), ProfileManager::KeySource::Unavailable);
    KeyDialog dialog(m_monitor->profiles(), m_profileId);
    QTest::keyClicks(dialog.findChild<QLineEdit*>(), QStringLiteral("sk-no-keychain-0123456789"));
    QVERIFY(!button(dialog, QStringLiteral("Save to keychain"))->isEnabled());
    QVERIFY(button(dialog, QStringLiteral("session only"))->isEnabled());
    // The keyring's own plain sentence, once, then what can still be done.
    const QString sentence = SecretResult::noKeyring().message;
    int said = 0;
    for (QLabel* label : dialog.findChildren<QLabel*>()) {
        said += int(label->text().count(sentence));
        QVERIFY2(!label->text().contains(QStringLiteral("org.freedesktop")), qPrintable(label->text()));
    }
    QCOMPARE(said, 1);
    QVERIFY(explanation(dialog).contains(QStringLiteral("for this session only")));
}

void TestKeyDialog::aRefusedSaveSaysWhyOnce()
{
    qunsetenv("REELWATCH_API_KEY");
    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
    QTRY_COMPARE(m_monitor->profiles()->keySource(m_profileId), ProfileManager::KeySource::Missing);
    KeyDialog dialog(m_monitor->profiles(), m_profileId);
    QTest::keyClicks(dialog.findChild<QLineEdit*>(), QStringLiteral("sk-refused-0123456789"));
    // The keyring goes away between reading and saving (its daemon ended).
    m_secrets->setUnavailable(true);
    button(dialog, QStringLiteral("Save to keychain"))->click();
    QTRY_VERIFY(explanation(dialog).startsWith(QStringLiteral("The key was not saved.")));
    QCOMPARE(explanation(dialog),
             QStringLiteral("The key was not saved. No keyring service is running: install GNOME Keyring or KWallet."));
    QCOMPARE(dialog.result(), int(QDialog::Rejected)); // still open, for the session choice
}

void TestKeyDialog::theDemosKeyIsHeldInMemory()
{
    qunsetenv("REELWATCH_API_KEY");
    m_secrets->setSystemKeychainStandIn(false); // the demo's store
    m_secrets->writeNow(m_store->defaultProfile()->keychainId, QByteArrayLiteral("demo-key"));
    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
    QTRY_COMPARE(m_monitor->profiles()->keySource(m_profileId), ProfileManager::KeySource::Keychain);
    KeyDialog dialog(m_monitor->profiles(), m_profileId);
    QVERIFY2(explanation(dialog).contains(QStringLiteral("held in memory for this session")),
             qPrintable(explanation(dialog)));
    QVERIFY(!explanation(dialog).contains(QStringLiteral("stored in the system keychain")));
    QVERIFY(button(dialog, QStringLiteral("Save to keychain"))->isHidden());
    QVERIFY(!button(dialog, QStringLiteral("session only"))->isHidden());
}

QTEST_MAIN(TestKeyDialog)
#include "tst_keydialog.moc"

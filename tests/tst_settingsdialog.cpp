// The settings dialog driven like a user would, on real widgets (offscreen) over a real monitor and
// store, the in-memory key store and the demo server on loopback: profiles are added, tested,
// changed and removed; invalid input is refused in place with the reason; preferences land in a
// real settings file and "start at login" in a real autostart entry under a temporary XDG_CONFIG_HOME.

#include "demo/demoserver.h"
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "monitor/taskservice.h"
#include "secrets/memorysecretstore.h"
#include "store/store.h"
#include "storeprofiles.h"
#include "ui/desktop/autostart.h"
#include "ui/settings/appsettings.h"
#include "ui/settings/settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Reelwatch;

namespace {

const QString kTask = QStringLiteral("video_settings_render");

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void addsAProfileThatConnectsAndSavesItsKey();
    void rejectedKeyIsReportedWithoutTheKey();
    void aNativeServiceIsChosenWithItsAddressAndRequest();
    void invalidUrlIsRefusedInPlace();
    void invalidNamesAreRefusedInPlace();
    void pollSettingsAreSavedAndApplied();
    void storedKeyIsNeverShownAndCanBeReplaced();
    void theDemosKeyIsHeldInMemoryAndSaysSo();
    void aKeyringProblemIsSaidOnceInPlainWords();
    void removingAProfileAsksThenTakesItsTasks();
    void defaultProfileCanChange();
    void settingsHaveTheirDefaults();
    void notificationsAndDownloadFolderAreSaved();
    void autoDownloadIsSavedPerProfile();
    void startAtLoginWritesAndRemovesTheAutostartEntry();
    void startAtLoginWriteErrorIsReportedInPlace();
    void execArgumentsAreQuotedByTheDesktopEntryRules();

private:
    template <typename T> T* child(SettingsDialog& dialog, const char* name)
    {
        T* found = dialog.findChild<T*>(QLatin1String(name));
        if (!found)
            qFatal("no %s in the dialog", name);
        return found;
    }
    QPushButton* button(SettingsDialog& dialog, QDialogButtonBox::StandardButton which);
    void selectProfile(SettingsDialog& dialog, const QString& name);
    void type(QLineEdit* field, const QString& text);
    QString autostartFile() const;

    QTemporaryDir* m_temp = nullptr;
    Store* m_store = nullptr;
    MemorySecretStore* m_secrets = nullptr;
    Monitor* m_monitor = nullptr;
    DemoServer* m_server = nullptr;
    AppSettings* m_settings = nullptr;
    Autostart* m_autostart = nullptr;
};

void TestSettingsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qunsetenv("REELWATCH_API_KEY");
    qunsetenv("REELWATCH_TOKEN");
}

void TestSettingsDialog::init()
{
    m_temp = new QTemporaryDir;
    QVERIFY(m_temp->isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_temp->filePath(QStringLiteral("config"))));
    m_store = new Store;
    QString error;
    QVERIFY(m_store->open(QStringLiteral(":memory:"), &error));
    QVERIFY(TestProfiles::addIdleProfile(*m_store, &error)); // "OpenAI", without a key: never contacted here
    m_secrets = new MemorySecretStore;
    m_secrets->setSystemKeychainStandIn(true);
    m_server = new DemoServer;
    QVERIFY(m_server->listen());
    m_server->setListSupported(false);
    DemoTaskPlan plan;
    plan.id = kTask;
    plan.finishesAfterMs = 10 * 60 * 1000;
    m_server->addTask(plan);
    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
    m_settings = new AppSettings(m_temp->filePath(QStringLiteral("reelwatch.ini")));
    m_autostart = new Autostart;
}

void TestSettingsDialog::cleanup()
{
    delete m_autostart;
    delete m_settings;
    delete m_monitor;
    delete m_server;
    delete m_secrets;
    delete m_store;
    delete m_temp;
    qunsetenv("XDG_CONFIG_HOME");
}

QPushButton* TestSettingsDialog::button(SettingsDialog& dialog, QDialogButtonBox::StandardButton which)
{
    return dialog.findChild<QDialogButtonBox*>()->button(which);
}

void TestSettingsDialog::selectProfile(SettingsDialog& dialog, const QString& name)
{
    auto* list = child<QListWidget>(dialog, "profileList");
    for (int row = 0; row < list->count(); ++row) {
        if (list->item(row)->text().startsWith(name)) {
            list->setCurrentRow(row);
            return;
        }
    }
    QFAIL(qPrintable(QStringLiteral("no profile row for %1").arg(name)));
}

void TestSettingsDialog::type(QLineEdit* field, const QString& text)
{
    field->setFocus();
    field->selectAll();
    QTest::keyClick(field, Qt::Key_Backspace);
    QTest::keyClicks(field, text);
}

QString TestSettingsDialog::autostartFile() const
{
    return m_temp->filePath(QStringLiteral("config/autostart/io.github.reelwatch.Reelwatch.desktop"));
}

void TestSettingsDialog::addsAProfileThatConnectsAndSavesItsKey()
{
    SettingsDialog dialog(m_monitor, m_settings, m_autostart);
    QPushButton* ok = button(dialog, QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    child<QPushButton>(dialog, "addProfile")->click();
    auto* name = child<QLineEdit>(dialog, "profileName");
    QCOMPARE(name->text(), QStringLiteral("New profile"));
    type(name, QStringLiteral("Demo"));
    // No server yet: refused in place, and OK waits for it.
    QVERIFY(child<QLabel>(dialog, "baseUrlError")->isVisibleTo(&dialog));
    QVERIFY(!ok->isEnabled());
    type(child<QLineEdit>(dialog, "baseUrl"), m_server->baseUrl().toString());
    QVERIFY(!child<QLabel>(dialog, "baseUrlError")->isVisibleTo(&dialog));
    QVERIFY(ok->isEnabled());

    auto* test = child<QPushButton>(dialog, "testConnection");
    auto* outcome = child<QLabel>(dialog, "testOutcome");
    test->click();
    QTRY_VERIFY2(outcome->text().startsWith(QStringLiteral("Connected")), qPrintable(outcome->text()));
    QVERIFY2(outcome->text().contains(QStringLiteral("without asking for a key")), qPrintable(outcome->text()));
    QCOMPARE(m_server->requestCount(), 1);

    const QString key = QStringLiteral("sk-settings-demo-0123456789abcdef");
    type(child<QLineEdit>(dialog, "key"), key);
    QCOMPARE(child<QLineEdit>(dialog, "key")->echoMode(), QLineEdit::Password);
    QVERIFY(outcome->text().isEmpty()); // an outcome for the old key is not left standing
    QVERIFY(!child<QPushButton>(dialog, "saveKey")->isEnabled()); // saved with the profile on OK
    test->click();
    QTRY_COMPARE(outcome->text(),
                 QStringLiteral("Connected: the server answered and accepted the key (the test ID "
                                "does not exist, as expected)"));
    QCOMPARE(m_server->recentRequests().last().authorization, QByteArrayLiteral("Bearer ") + key.toUtf8());

    ok->click();
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    const std::optional<Profile> added = m_store->profileByName(QStringLiteral("Demo"));
    QVERIFY(added);
    QCOMPARE(added->baseUrl, m_server->baseUrl());
    QCOMPARE(m_secrets->readNow(added->keychainId).secret, key.toUtf8());
    QTRY_COMPARE(m_monitor->profiles()->keySource(added->id), ProfileManager::KeySource::Keychain);
    // And it polls at once: a task added to it is asked for with the saved key.
    QString error;
    QVERIFY(m_monitor->tasks()->add(added->id, {kTask}, QString(), &error).has_value());
    QTRY_VERIFY(m_server->requestCountFor(QStringLiteral("/v1/videos/") + kTask) >= 1);
}

void TestSettingsDialog::rejectedKeyIsReportedWithoutTheKey()
{
    m_server->setRequiredSecret(QByteArrayLiteral("sk-the-right-key-00001111222233334444"));
    SettingsDialog dialog(m_monitor, m_settings, m_autostart);
    child<QPushButton>(dialog, "addProfile")->click();
    type(child<QLineEdit>(dialog, "baseUrl"), m_server->baseUrl().toString());
    const QString wrong = QStringLiteral("sk-a-wrong-key-99998888777766665555");
    type(child<QLineEdit>(dialog, "key"), wrong);
    child<QPushButton>(dialog, "testConnection")->click();
    auto* outcome = child<QLabel>(dialog, "testOutcome");
    QTRY_VERIFY(outcome->text().startsWith(QStringLiteral("The server rejected the key (HTTP 401)")));
    QVERIFY(!outcome->text().contains(wrong));
    QVERIFY2(!outcome->text().contains(QStringLiteral("sk-")), qPrintable(outcome->text()));
    for (QLabel* label : dialog.findChildren<QLabel*>())
        QVERIFY(!label->text().contains(wrong));
}

void TestSettingsDialog::aNativeServiceIsChosenWithItsAddressAndRequest()
{
    const QByteArray key = QByteArrayLiteral("key_runway_demo_0123456789");
    m_server->setRequiredSecret(key);
    SettingsDialog dialog(m_monitor, m_settings, m_autostart);
    child<QPushButton>(dialog, "addProfile")->click();
    type(child<QLineEdit>(dialog, "profileName"), QStringLiteral("Runway"));
    auto* provider = child<QComboBox>(dialog, "provider");
    auto* baseUrl = child<QLineEdit>(dialog, "baseUrl");
    auto* request = child<QLabel>(dialog, "statusRequest");
    QCOMPARE(provider->currentData().toString(), QStringLiteral("openai"));
    QVERIFY(child<QComboBox>(dialog, "authMode")->isVisibleTo(&dialog));
    // The OpenAI shape has no address of its own any more: nothing is filled in for it.
    QVERIFY(baseUrl->text().isEmpty());

    provider->setCurrentIndex(provider->findData(QStringLiteral("runway")));
    // Runway has one public address: it is filled in, and the request it will send is shown, key never.
    QCOMPARE(baseUrl->text(), QStringLiteral("https://api.dev.runwayml.com"));
    QCOMPARE(request->text(),
             QStringLiteral("GET https://api.dev.runwayml.com/v1/tasks/{id} with Authorization: "
                            "Bearer <key>, X-Runway-Version: 2024-11-06"));
    QVERIFY(!child<QComboBox>(dialog, "authMode")->isVisibleTo(&dialog)); // an OpenAI-shape choice only
    QVERIFY(child<QLabel>(dialog, "providerNote")->text().contains(QStringLiteral("No list route")));

    // A typed address stays when the service changes; the demo's simulation of Runway here.
    type(baseUrl, m_server->nativeBaseUrl(QStringLiteral("runway")).toString());
    QVERIFY(request->text().contains(QStringLiteral("/runway/v1/tasks/{id}")));
    type(child<QLineEdit>(dialog, "key"), QString::fromUtf8(key));
    QVERIFY(!request->text().contains(QString::fromUtf8(key)));
    child<QPushButton>(dialog, "testConnection")->click();
    auto* outcome = child<QLabel>(dialog, "testOutcome");
    QTRY_VERIFY2(outcome->text().startsWith(QStringLiteral("Connected")), qPrintable(outcome->text()));
    const DemoRequest sent = m_server->recentRequests().last();
    QVERIFY(sent.path.startsWith(QStringLiteral("/runway/v1/tasks/")));
    QCOMPARE(sent.authorization, QByteArrayLiteral("Bearer ") + key);

    button(dialog, QDialogButtonBox::Ok)->click();
    QTRY_COMPARE(dialog.result(), int(QDialog::Accepted));
    const std::optional<Profile> added = m_store->profileByName(QStringLiteral("Runway"));
    QVERIFY(added);
    QCOMPARE(added->providerId, QStringLiteral("runway"));
    QCOMPARE(added->baseUrl, m_server->nativeBaseUrl(QStringLiteral("runway")));
    QCOMPARE(m_secrets->readNow(added->keychainId).secret, key);
}

void TestSettingsDialog::invalidUrlIsRefusedInPlace()
{
    SettingsDialog dialog(m_monitor, m_settings, m_autostart);
    selectProfile(dialog, QStringLiteral("OpenAI"));
    auto* url = child<QLineEdit>(dialog, "baseUrl");
    auto* problem = child<QLabel>(dialog, "baseUrlError");
    QCOMPARE(url->text(), QStringLiteral("https://api.openai.com"));
    QVERIFY(!problem->isVisibleTo(&dialog));

    type(url, QStringLiteral("http://example.com"));
    QVERIFY(problem->isVisibleTo(&dialog));
    QCOMPARE(problem->text(), ApiEndpoint::normaliseBaseUrl(QStringLiteral("http://example.com")).error);
    QVERIFY(problem->text().contains(QStringLiteral("http://")));
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(!button(dialog, QDialogButtonBox::Apply)->isEnabled());
    QVERIFY(!child<QPushButton>(dialog, "testConnection")->isEnabled());
    dialog.accept(); // even if OK were reached some other way, nothing is written
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(m_store->defaultProfile()->baseUrl.toString(), QStringLiteral("https://api.openai.com"));

    type(url, QStringLiteral("https://gateway.example.com/v1/"));
    QVERIFY(!problem->isVisibleTo(&dialog));
    QVERIFY(button(dialog, QDialogButtonBox::Apply)->isEnabled());
    button(dialog, QDialogButtonBox::Apply)->click();
    QCOMPARE(m_store->defaultProfile()->baseUrl.toString(), QStringLiteral("https://gateway.example.com"));
    QCOMPARE(m_monitor->profiles()->profile(m_store->defaultProfile()->id)->baseUrl.host(),
             QStringLiteral("gateway.example.com"));
}

void TestSettingsDialog::invalidNamesAreRefusedInPlace()
{
    SettingsDialog dialog(m_monitor, m_settings, m_autostart);
    QPushButton* ok = button(dialog, QDialogButtonBox::Ok);
    auto* name = child<QLineEdit>(dialog, "profileName");
    auto* problem = child<QLabel>(dialog, "profileNameError");
    selectProfile(dialog, QStringLiteral("OpenAI"));
    type(name, QString());
    QVERIFY(problem->isVisibleTo(&dialog));
    QCOMPARE(problem->text(), QStringLiteral("A profile needs a name."));
    QVERIFY(!ok->isEnabled());
    type(name, QStringLiteral("OpenAI"));
    QVERIFY(ok->isEnabled());

    child<QPushButton>(dialog, "addProfile")->click();
    type(child<QLineEdit>(dialog, "baseUrl"), m_server->baseUrl().toString());
    type(name, QStringLiteral("openai")); // names clash whatever their case
    QVERIFY(problem->isVisibleTo(&dialog));
    // In the words the store refuses with (ProfileRules), so the command line says the same.
    QCOMPARE(problem->text(), QStringLiteral("A profile named “OpenAI” exists already."));
    QVERIFY(!ok->isEnabled());
    // Looking at the other profile, the reason OK is off is still said.
    selectProfile(dialog, QStringLiteral("OpenAI"));
    auto* summary = child<QLabel>(dialog, "summary");
    QVERIFY(summary->isVisibleTo(&dialog));
    QVERIFY2(summary->text().contains(QStringLiteral("exists already")), qPrintable(summary->text()));
    QVERIFY(!ok->isEnabled());
    selectProfile(dialog, QStringLiteral("openai"));
    type(name, QStringLiteral("Gateway"));
    QVERIFY(!problem->isVisibleTo(&dialog));
    QVERIFY(!summary->isVisibleTo(&dialog));
    QVERIFY(ok->isEnabled());
}

void TestSettingsDialog::pollSettingsAreSavedAndApplied()
{
    const qint64 id = m_monitor->profiles()->defaultProfileId();
    SettingsDialog dialog(m_monitor, m_settings, m_autostart);
    selectProfile(dialog, QStringLiteral("OpenAI"));
    auto* interval = child<QSpinBox>(dialog, "pollInterval");
    auto* cap = child<QSpinBox>(dialog, "backoffCap");
    auto* pollProblem = child<QLabel>(dialog, "pollError");
    QCOMPARE(interval->value(), 10);
    QCOMPARE(cap->value(), 60);
    QCOMPARE(interval->minimum(), 1);
    QCOMPARE(child<QSpinBox>(dialog, "concurrency")->maximum(), 64);

    interval->setValue(30);
    cap->setValue(20);
    QVERIFY(pollProblem->isVisibleTo(&dialog));
    QVERIFY(pollProblem->text().contains(QStringLiteral("at least the poll interval (30 s)")));
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    cap->setValue(120);
    QVERIFY(!pollProblem->isVisibleTo(&dialog));
    child<QSpinBox>(dialog, "concurrency")->setValue(2);
    child<QDoubleSpinBox>(dialog, "requestsPerSecond")->setValue(1.5);
    QPushButton* apply = button(dialog, QDialogButtonBox::Apply);
    QVERIFY(apply->isEnabled());
    apply->click();
    QVERIFY(!apply->isEnabled()); // nothing left to apply

    const PollSettings stored = m_store->profile(id)->poll;
    QCOMPARE(stored.baseIntervalMs, 30000);
    QCOMPARE(stored.maxIntervalMs, 120000);
    QCOMPARE(stored.maxInFlight, 2);
    QCOMPARE(stored.maxRequestsPerSecond, 1.5);
    QCOMPARE(m_monitor->profiles()->poller(id)->settings().baseIntervalMs, 30000);
    QCOMPARE(m_monitor->profiles()->poller(id)->settings().maxInFlight, 2);
}

void TestSettingsDialog::storedKeyIsNeverShownAndCanBeReplaced()
{
    const Profile openai = *m_store->defaultProfile();
    bool stored = false;
    m_monitor->profiles()->storeKey(openai.id, QByteArrayLiteral("sk-stored-before-0000aaaabbbbcccc"), this,
                                    [&stored](bool ok, const QString&) { stored = ok; });
    QTRY_VERIFY(stored);
    SettingsDialog dialog(m_monitor, m_settings, m_autostart);
    selectProfile(dialog, QStringLiteral("OpenAI"));
    auto* key = child<QLineEdit>(dialog, "key");
    QVERIFY(key->text().isEmpty());
    QCOMPARE(child<QLabel>(dialog, "keySource")->text(), QStringLiteral("Current key: stored in the system keychain."));
    auto* save = child<QPushButton>(dialog, "saveKey");
    QVERIFY(!save->isEnabled());
    type(key, QStringLiteral("sk-replacement-1111ddddeeeeffff"));
    QVERIFY(save->isEnabled());
    save->click();
    QTRY_COMPARE(child<QLabel>(dialog, "keyStatus")->text(), QStringLiteral("Saved to the keychain."));
    QVERIFY(key->text().isEmpty());
    QCOMPARE(m_secrets->readNow(openai.keychainId).secret, QByteArrayLiteral("sk-replacement-1111ddddeeeeffff"));
}

void TestSettingsDialog::theDemosKeyIsHeldInMemoryAndSaysSo()
{
    // As `reelwatch --demo` runs: its keys live in an in-memory store, never in the system keychain.
    delete m_monitor;
    m_secrets->setSystemKeychainStandIn(false);
    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
    const Profile openai = *m_store->defaultProfile();
    bool stored = false;
    m_monitor->profiles()->storeKey(openai.id, QByteArrayLiteral("demo-key"), this,
                                    [&stored](bool ok, const QString&) { stored = ok; });
    QTRY_VERIFY(stored);
    SettingsDialog dialog(m_monitor, m_settings, m_autostart);
    selectProfile(dialog, QStringLiteral("OpenAI"));
    const QString source = child<QLabel>(dialog, "keySource")->text();
    QVERIFY2(source.contains(QStringLiteral("held in memory for this session")), qPrintable(source));
    QVERIFY2(!source.contains(QStringLiteral("stored in the system keychain")), qPrintable(source));
    QVERIFY(child<QPushButton>(dialog, "saveKey")->isHidden()); // no keychain to save to
    QVERIFY(child<QPushButton>(dialog, "sessionKey")->isVisibleTo(&dialog));
}

void TestSettingsDialog::aKeyringProblemIsSaidOnceInPlainWords()
{
    delete m_monitor;
    m_secrets->setUnavailable(true);
    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
    const Profile openai = *m_store->defaultProfile();
    QTRY_COMPARE(m_monitor->profiles()->keySource(openai.id), ProfileManager::KeySource::Unavailable);
    SettingsDialog dialog(m_monitor, m_settings, m_autostart);
    selectProfile(dialog, QStringLiteral("OpenAI"));
    const QString sentence = SecretResult::noKeyring().message;
    const QString source = child<QLabel>(dialog, "keySource")->text();
    QCOMPARE(source.count(sentence), 1);
    QCOMPARE(source.count(QStringLiteral("No keyring service is running")), 1);
    QVERIFY(!child<QPushButton>(dialog, "saveKey")->isEnabled());
}

void TestSettingsDialog::removingAProfileAsksThenTakesItsTasks()
{
    QString error;
    const std::optional<Profile> doomed
        = m_monitor->profiles()->addProfile(QStringLiteral("Doomed"), QStringLiteral("openai"),
                                            m_server->baseUrl().toString(), AuthMode::Bearer, PollSettings(), &error);
    QVERIFY(doomed);
    QVERIFY(m_monitor->tasks()->add(doomed->id, {kTask}, QString(), &error).has_value());
    SettingsDialog dialog(m_monitor, m_settings, m_autostart);
    QStringList questions;
    bool answer = false;
    dialog.setConfirm([&](QWidget*, const QString&, const QString& question) {
        questions << question;
        return answer;
    });
    selectProfile(dialog, QStringLiteral("Doomed"));
    auto* remove = child<QPushButton>(dialog, "removeProfile");
    auto* list = child<QListWidget>(dialog, "profileList");
    remove->click();
    QCOMPARE(questions.size(), 1);
    QVERIFY2(questions.first().contains(QStringLiteral("1 task")), qPrintable(questions.first()));
    QCOMPARE(list->count(), 2); // declined

    answer = true;
    remove->click();
    QCOMPARE(list->count(), 1);
    QVERIFY(!remove->isEnabled()); // the last profile stays
    QVERIFY(m_store->profile(doomed->id)); // nothing happens before OK
    button(dialog, QDialogButtonBox::Ok)->click();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!m_store->profile(doomed->id));
    QVERIFY(m_store->tasks(doomed->id).isEmpty());
    QVERIFY(!m_monitor->profiles()->poller(doomed->id));
}

void TestSettingsDialog::defaultProfileCanChange()
{
    QString error;
    const std::optional<Profile> second
        = m_monitor->profiles()->addProfile(QStringLiteral("Second"), QStringLiteral("openai"),
                                            m_server->baseUrl().toString(), AuthMode::Token, PollSettings(), &error);
    QVERIFY(second);
    SettingsDialog dialog(m_monitor, m_settings, m_autostart);
    selectProfile(dialog, QStringLiteral("Second"));
    QCOMPARE(child<QComboBox>(dialog, "authMode")->currentData().toInt(), int(AuthMode::Token));
    auto* makeDefault = child<QPushButton>(dialog, "makeDefault");
    QVERIFY(makeDefault->isEnabled());
    makeDefault->click();
    QVERIFY(!makeDefault->isEnabled());
    QVERIFY(child<QListWidget>(dialog, "profileList")->currentItem()->text().contains(QStringLiteral("(default)")));
    button(dialog, QDialogButtonBox::Apply)->click();
    QCOMPARE(m_store->defaultProfile()->id, second->id);
    QCOMPARE(m_monitor->profiles()->defaultProfileId(), second->id);
}

void TestSettingsDialog::settingsHaveTheirDefaults()
{
    QVERIFY(m_settings->notifyOnSuccess());
    QVERIFY(m_settings->notifyOnFailure());
    QVERIFY(!m_settings->notifyOnStart());
    QVERIFY(!m_settings->notificationSound());
    QVERIFY(m_settings->closeToTray());
    QVERIFY(!m_settings->startMinimised());
    QVERIFY(!m_settings->startAtLogin());
    QVERIFY(m_settings->downloadFolder().endsWith(QStringLiteral("/Reelwatch")));
    QCOMPARE(m_settings->downloadFolder(), AppSettings::defaultDownloadFolder());
    // The application's own settings (test mode keeps them out of the user's configuration).
    AppSettings application;
    QVERIFY(application.notifyOnSuccess());
}

void TestSettingsDialog::autoDownloadIsSavedPerProfile()
{
    QString error;
    const std::optional<Profile> second = m_monitor->profiles()->addProfile(
        QStringLiteral("Studio"), QStringLiteral("openai"), QStringLiteral("https://studio.example.com"),
        AuthMode::Bearer, PollSettings{}, &error);
    QVERIFY2(second, qPrintable(error));

    SettingsDialog dialog(m_monitor, m_settings, m_autostart);
    dialog.showProfile(second->id);
    auto* autoDownload = child<QCheckBox>(dialog, "autoDownload");
    auto* folder = child<QLineEdit>(dialog, "autoDownloadFolder");
    auto* problem = child<QLabel>(dialog, "autoDownloadFolderError");
    auto* browse = child<QPushButton>(dialog, "browseAutoDownloadFolder");
    QVERIFY(!autoDownload->isChecked());
    // Off, the folder cannot be edited, and the placeholder names the folder used when it is empty.
    QVERIFY(!folder->isEnabled());
    QVERIFY(!browse->isEnabled());
    QVERIFY2(folder->placeholderText().contains(AppSettings::defaultDownloadFolder()),
             qPrintable(folder->placeholderText()));

    QTest::mouseClick(autoDownload, Qt::LeftButton);
    QVERIFY(autoDownload->isChecked());
    QVERIFY(folder->isEnabled());
    type(folder, QStringLiteral("relative/renders"));
    QVERIFY(problem->isVisibleTo(&dialog));
    QVERIFY2(problem->text().startsWith(QStringLiteral("“relative/renders” is not the full path of a folder")),
             qPrintable(problem->text()));
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());

    const QString chosen = m_temp->filePath(QStringLiteral("studio renders"));
    QString offeredStart;
    dialog.setFolderChooser([&](QWidget*, const QString&, const QString& start) {
        offeredStart = start;
        return chosen;
    });
    browse->click();
    QCOMPARE(offeredStart, QStringLiteral("relative/renders"));
    QCOMPARE(folder->text(), chosen);
    QVERIFY(!problem->isVisibleTo(&dialog));

    // Drafts survive switching profiles; the other profile keeps its own (off) setting.
    selectProfile(dialog, QStringLiteral("OpenAI"));
    QVERIFY(!autoDownload->isChecked());
    QVERIFY(folder->text().isEmpty());
    QTest::mouseClick(autoDownload, Qt::LeftButton); // on, into the download folder
    selectProfile(dialog, QStringLiteral("Studio"));
    QVERIFY(autoDownload->isChecked());
    QCOMPARE(folder->text(), chosen);
    QVERIFY(m_monitor->profiles()->profile(second->id)->autoDownloadFolder.isEmpty()); // nothing written before OK

    button(dialog, QDialogButtonBox::Ok)->click();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const Profile studio = *m_monitor->profiles()->profile(second->id);
    QVERIFY(studio.autoDownload);
    QCOMPARE(studio.autoDownloadFolder, chosen);
    const Profile openAi = *m_store->profileByName(QStringLiteral("OpenAI"));
    QVERIFY(openAi.autoDownload);
    QVERIFY(openAi.autoDownloadFolder.isEmpty());
    // Written to the database, not only to the monitor's copy.
    QCOMPARE(m_store->profile(second->id)->autoDownloadFolder, chosen);

    // Reopened, the dialog shows what was saved; a new profile can be set up in one go too.
    SettingsDialog again(m_monitor, m_settings, m_autostart);
    again.showProfile(second->id);
    QVERIFY(child<QCheckBox>(again, "autoDownload")->isChecked());
    QCOMPARE(child<QLineEdit>(again, "autoDownloadFolder")->text(), chosen);
    child<QPushButton>(again, "addProfile")->click();
    type(child<QLineEdit>(again, "profileName"), QStringLiteral("Sketches"));
    type(child<QLineEdit>(again, "baseUrl"), QStringLiteral("https://sketches.example.com"));
    QTest::mouseClick(child<QCheckBox>(again, "autoDownload"), Qt::LeftButton);
    const QString sketches = m_temp->filePath(QStringLiteral("sketches"));
    type(child<QLineEdit>(again, "autoDownloadFolder"), sketches);
    QVERIFY2(again.apply(), qPrintable(child<QLabel>(again, "summary")->text()));
    const std::optional<Profile> added = m_store->profileByName(QStringLiteral("Sketches"));
    QVERIFY(added);
    QVERIFY(added->autoDownload);
    QCOMPARE(added->autoDownloadFolder, sketches);
}

void TestSettingsDialog::notificationsAndDownloadFolderAreSaved()
{
    SettingsDialog dialog(m_monitor, m_settings, m_autostart);
    dialog.showPage(SettingsDialog::NotificationsPage);
    int changes = 0;
    connect(m_settings, &AppSettings::changed, this, [&changes] { ++changes; });
    QTest::mouseClick(child<QCheckBox>(dialog, "notifyOnSuccess"), Qt::LeftButton);
    QTest::mouseClick(child<QCheckBox>(dialog, "notifyOnStart"), Qt::LeftButton);
    QTest::mouseClick(child<QCheckBox>(dialog, "notificationSound"), Qt::LeftButton);
    child<QCheckBox>(dialog, "closeToTray")->setChecked(false);
    child<QCheckBox>(dialog, "startMinimised")->setChecked(true);

    dialog.showPage(SettingsDialog::DownloadsPage);
    auto* folder = child<QLineEdit>(dialog, "downloadFolder");
    auto* folderProblem = child<QLabel>(dialog, "downloadFolderError");
    QCOMPARE(folder->text(), AppSettings::defaultDownloadFolder());
    type(folder, QStringLiteral("renders/here"));
    QVERIFY(folderProblem->isVisibleTo(&dialog));
    QVERIFY2(folderProblem->text().startsWith(QStringLiteral("“renders/here” is not the full path of a folder")),
             qPrintable(folderProblem->text()));
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    const QString aFile = m_temp->filePath(QStringLiteral("not-a-folder"));
    QFile file(aFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    type(folder, aFile);
    QCOMPARE(folderProblem->text(), QStringLiteral("%1 is a file, not a folder.").arg(aFile));

    const QString chosen = m_temp->filePath(QStringLiteral("videos"));
    QString offeredStart;
    dialog.setFolderChooser([&](QWidget*, const QString&, const QString& start) {
        offeredStart = start;
        return chosen;
    });
    child<QPushButton>(dialog, "browseDownloadFolder")->click();
    QCOMPARE(offeredStart, aFile);
    QCOMPARE(folder->text(), chosen);
    QVERIFY(!folderProblem->isVisibleTo(&dialog));
    QCOMPARE(changes, 0); // nothing is written before OK

    button(dialog, QDialogButtonBox::Ok)->click();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(changes > 0);
    // Read back through a second reader of the same file: it was written, not just cached.
    AppSettings reread(m_temp->filePath(QStringLiteral("reelwatch.ini")));
    QVERIFY(!reread.notifyOnSuccess());
    QVERIFY(reread.notifyOnFailure());
    QVERIFY(reread.notifyOnStart());
    QVERIFY(reread.notificationSound());
    QVERIFY(!reread.closeToTray());
    QVERIFY(reread.startMinimised());
    QCOMPARE(reread.downloadFolder(), chosen);
}

void TestSettingsDialog::startAtLoginWritesAndRemovesTheAutostartEntry()
{
    QVERIFY(!QFile::exists(autostartFile()));
    QCOMPARE(m_autostart->location(), autostartFile());
    SettingsDialog dialog(m_monitor, m_settings, m_autostart);
    dialog.showPage(SettingsDialog::GeneralPage);
    auto* startAtLogin = child<QCheckBox>(dialog, "startAtLogin");
    QVERIFY(!startAtLogin->isChecked());
    startAtLogin->setChecked(true);
    button(dialog, QDialogButtonBox::Apply)->click();

    QFile entry(autostartFile());
    QVERIFY(entry.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(entry.readAll()).split(QLatin1Char('\n'));
    entry.close();
    QCOMPARE(lines.first(), QStringLiteral("[Desktop Entry]"));
    QVERIFY(lines.contains(QStringLiteral("Type=Application")));
    QVERIFY(lines.contains(QStringLiteral("Name=Reelwatch")));
    QVERIFY(lines.contains(QStringLiteral("Icon=io.github.reelwatch.Reelwatch")));
    QVERIFY(lines.contains(QStringLiteral("Terminal=false")));
    QVERIFY(lines.contains(QStringLiteral("X-GNOME-Autostart-enabled=true")));
    const QString binary = QCoreApplication::applicationFilePath();
    QVERIFY(QFileInfo(binary).isAbsolute());
    QVERIFY2(lines.contains(QStringLiteral("Exec=") + Autostart::quoteExecArgument(binary)), qPrintable(binary));
    QVERIFY(m_autostart->isEnabled());
    QVERIFY(m_settings->startAtLogin());

    // Reopened, the dialog reads the entry itself.
    SettingsDialog reopened(m_monitor, m_settings, m_autostart);
    QVERIFY(child<QCheckBox>(reopened, "startAtLogin")->isChecked());
    child<QCheckBox>(reopened, "startAtLogin")->setChecked(false);
    button(reopened, QDialogButtonBox::Ok)->click();
    QCOMPARE(reopened.result(), int(QDialog::Accepted));
    QVERIFY(!QFile::exists(autostartFile()));
    QVERIFY(!m_autostart->isEnabled());
    QVERIFY(!m_settings->startAtLogin());
}

void TestSettingsDialog::startAtLoginWriteErrorIsReportedInPlace()
{
    // A file where the autostart folder should be: the entry cannot be written (as root, too).
    QVERIFY(QDir().mkpath(m_temp->filePath(QStringLiteral("config"))));
    QFile blocker(m_temp->filePath(QStringLiteral("config/autostart")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();

    SettingsDialog dialog(m_monitor, m_settings, m_autostart);
    child<QCheckBox>(dialog, "startAtLogin")->setChecked(true);
    button(dialog, QDialogButtonBox::Ok)->click();
    QCOMPARE(dialog.result(), int(QDialog::Rejected)); // still open
    auto* problem = child<QLabel>(dialog, "startAtLoginError");
    QVERIFY(problem->isVisibleTo(&dialog));
    QVERIFY2(problem->text().contains(QStringLiteral("could not be created")), qPrintable(problem->text()));
    QVERIFY(!m_autostart->isEnabled());
    QVERIFY(!m_settings->startAtLogin());
}

void TestSettingsDialog::execArgumentsAreQuotedByTheDesktopEntryRules()
{
    QCOMPARE(Autostart::quoteExecArgument(QStringLiteral("/usr/bin/reelwatch")), QStringLiteral("/usr/bin/reelwatch"));
    QCOMPARE(Autostart::quoteExecArgument(QStringLiteral("/opt/My Apps/reelwatch")),
             QStringLiteral("\"/opt/My Apps/reelwatch\""));
    // Inside quotes $ and \ are escaped with a backslash, and that backslash is escaped again as a
    // string value; % doubles so it is not a field code.
    QCOMPARE(Autostart::quoteExecArgument(QStringLiteral("/opt/a$b\\c%d/reelwatch")),
             QStringLiteral("\"/opt/a\\\\$b\\\\\\\\c%%d/reelwatch\""));
    m_autostart->setProgram(QStringLiteral("/home/me/My Apps/reelwatch"));
    QString error;
    QVERIFY2(m_autostart->setEnabled(true, &error), qPrintable(error));
    QFile entry(autostartFile());
    QVERIFY(entry.open(QIODevice::ReadOnly));
    QVERIFY(entry.readAll().contains("\nExec=\"/home/me/My Apps/reelwatch\"\n"));
    QVERIFY(m_autostart->setEnabled(false, &error));
    QVERIFY(m_autostart->setEnabled(false, &error)); // removing what is not there is fine
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"

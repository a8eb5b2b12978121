#include "settingsdialog.h"

#include "appsettings.h"
#include "monitor/connectiontester.h"
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "monitor/taskservice.h"
#include "store/store.h"
#include "ui/desktop/autostart.h"

#include <cmath>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace Reelwatch {

namespace {

const QString kErrorStyle = QStringLiteral("QLabel { color: #c01c28; }");
const QString kGoodStyle = QStringLiteral("QLabel { color: #26a269; }");

QLabel* makeMessageLabel(QWidget* parent, const QString& objectName, const QString& accessibleName)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setAccessibleName(accessibleName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setStyleSheet(kErrorStyle);
    label->hide();
    return label;
}

void showMessage(QLabel* label, const QString& text, bool isError = true)
{
    label->setText(text);
    label->setStyleSheet(isError ? kErrorStyle : kGoodStyle);
    label->setVisible(!text.isEmpty());
}

// A field with its problem underneath, both in the field column; the row label is the field's buddy.
void addFieldRow(QFormLayout* form, const QString& labelText, QWidget* field, QLabel* problem)
{
    auto* label = new QLabel(labelText, form->parentWidget());
    label->setBuddy(field);
    auto* column = new QWidget(form->parentWidget());
    auto* layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(problem);
    form->addRow(label, column);
}

int secondsOf(qint64 ms)
{
    return static_cast<int>(std::llround(ms / 1000.0));
}

} // namespace

SettingsDialog::SettingsDialog(Monitor* monitor, AppSettings* settings, Autostart* autostart, QWidget* parent)
    : QDialog(parent)
    , m_monitor(monitor)
    , m_settings(settings)
    , m_autostart(autostart)
    , m_chooseFolder([](QWidget* owner, const QString& title, const QString& start) {
        return QFileDialog::getExistingDirectory(owner, title, start);
    })
    , m_confirm([](QWidget* owner, const QString& title, const QString& question) {
        return QMessageBox::question(owner, title, question, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    })
{
    setWindowTitle(tr("Settings"));
    m_tabs = new QTabWidget(this);
    m_tabs->setAccessibleName(tr("Settings pages"));
    m_tabs->addTab(buildProfilesPage(), tr("&Profiles"));
    m_tabs->addTab(buildNotificationsPage(), tr("&Notifications"));
    m_tabs->addTab(buildDownloadsPage(), tr("&Downloads"));
    m_tabs->addTab(buildGeneralPage(), tr("&General"));

    m_summary = makeMessageLabel(this, QStringLiteral("summary"), tr("Settings problem"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setAccessibleName(tr("OK"));
    m_buttons->button(QDialogButtonBox::Apply)->setAccessibleName(tr("Apply"));
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &SettingsDialog::apply);

    // The summary names problems that are not on screen, which depends on the page shown.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_summary)
            validate();
    });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(m_summary);
    layout->addWidget(m_buttons);

    connect(m_monitor->profiles(), &ProfileManager::keyStateChanged, this, [this](qint64) { refreshKeyControls(); });

    loadSettings();
    reloadDrafts(m_monitor->profiles()->defaultProfileId());
    m_dirty = false;
    validate();
    resize(760, 640);
}

SettingsDialog::~SettingsDialog()
{
    // Typed keys live no longer than the dialog.
    for (Draft& draft : m_drafts)
        draft.pendingKey.clear();
    m_key->clear();
}

QWidget* SettingsDialog::buildProfilesPage()
{
    auto* page = new QWidget(this);

    m_profileList = new QListWidget(page);
    m_profileList->setObjectName(QStringLiteral("profileList"));
    m_profileList->setAccessibleName(tr("Profiles"));
    m_addButton = new QPushButton(tr("&Add"), page);
    m_addButton->setObjectName(QStringLiteral("addProfile"));
    m_addButton->setAccessibleName(tr("Add a profile"));
    m_removeButton = new QPushButton(tr("&Remove"), page);
    m_removeButton->setObjectName(QStringLiteral("removeProfile"));
    m_removeButton->setAccessibleName(tr("Remove the profile"));
    m_defaultButton = new QPushButton(tr("Make de&fault"), page);
    m_defaultButton->setObjectName(QStringLiteral("makeDefault"));
    m_defaultButton->setAccessibleName(tr("Make the profile the default"));
    connect(m_addButton, &QPushButton::clicked, this, &SettingsDialog::addProfile);
    connect(m_removeButton, &QPushButton::clicked, this, &SettingsDialog::removeProfile);
    connect(m_defaultButton, &QPushButton::clicked, this, &SettingsDialog::makeDefault);
    connect(m_profileList, &QListWidget::currentRowChanged, this, [this](int) {
        if (!m_loading)
            showDraft();
    });
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(m_addButton);
    listButtons->addWidget(m_removeButton);
    auto* left = new QVBoxLayout;
    left->addWidget(m_profileList, 1);
    left->addLayout(listButtons);
    left->addWidget(m_defaultButton);

    m_profileForm = new QWidget(page);

    // Server.
    auto* serverGroup = new QGroupBox(tr("Server"), m_profileForm);
    auto* serverForm = new QFormLayout(serverGroup);
    m_name = new QLineEdit(serverGroup);
    m_name->setObjectName(QStringLiteral("profileName"));
    m_name->setAccessibleName(tr("Profile name"));
    m_name->setMaxLength(200); // longer than allowed, so an over-long paste is refused with the reason
    m_nameError = makeMessageLabel(serverGroup, QStringLiteral("profileNameError"), tr("Profile name problem"));
    addFieldRow(serverForm, tr("&Name:"), m_name, m_nameError);
    m_baseUrl = new QLineEdit(serverGroup);
    m_baseUrl->setObjectName(QStringLiteral("baseUrl"));
    m_baseUrl->setAccessibleName(tr("Base URL"));
    m_baseUrl->setPlaceholderText(QStringLiteral("https://api.openai.com"));
    m_baseUrlError = makeMessageLabel(serverGroup, QStringLiteral("baseUrlError"), tr("Base URL problem"));
    addFieldRow(serverForm, tr("Base &URL:"), m_baseUrl, m_baseUrlError);
    m_authMode = new QComboBox(serverGroup);
    m_authMode->setObjectName(QStringLiteral("authMode"));
    m_authMode->setAccessibleName(tr("Authentication"));
    m_authMode->addItem(tr("API key (Authorization: Bearer, /v1/videos)"), int(AuthMode::Bearer));
    m_authMode->addItem(tr("Frontend token (token header, /api/videos)"), int(AuthMode::Token));
    serverForm->addRow(tr("&Authentication:"), m_authMode);

    // Key.
    auto* keyGroup = new QGroupBox(tr("Key or token"), m_profileForm);
    auto* keyLayout = new QVBoxLayout(keyGroup);
    m_keySource = new QLabel(keyGroup);
    m_keySource->setObjectName(QStringLiteral("keySource"));
    m_keySource->setAccessibleName(tr("Where the current key comes from"));
    m_keySource->setWordWrap(true);
    m_key = new QLineEdit(keyGroup);
    m_key->setObjectName(QStringLiteral("key"));
    m_key->setAccessibleName(tr("New key or token"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("Enter a new key or token (the stored one is never shown)"));
    auto* keyLabel = new QLabel(tr("New &key:"), keyGroup);
    keyLabel->setBuddy(m_key);
    m_saveKeyButton = new QPushButton(tr("&Save to keychain"), keyGroup);
    m_saveKeyButton->setObjectName(QStringLiteral("saveKey"));
    m_saveKeyButton->setAccessibleName(tr("Save the key to the keychain"));
    m_sessionKeyButton = new QPushButton(tr("Use for this session &only"), keyGroup);
    m_sessionKeyButton->setObjectName(QStringLiteral("sessionKey"));
    m_sessionKeyButton->setAccessibleName(tr("Use the key for this session only"));
    m_keyStatus = makeMessageLabel(keyGroup, QStringLiteral("keyStatus"), tr("Key status"));
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(keyLabel);
    keyRow->addWidget(m_key, 1);
    auto* keyButtons = new QHBoxLayout;
    keyButtons->addStretch(1);
    keyButtons->addWidget(m_sessionKeyButton);
    keyButtons->addWidget(m_saveKeyButton);
    keyLayout->addWidget(m_keySource);
    keyLayout->addLayout(keyRow);
    keyLayout->addLayout(keyButtons);
    keyLayout->addWidget(m_keyStatus);
    connect(m_saveKeyButton, &QPushButton::clicked, this, &SettingsDialog::saveKey);
    connect(m_sessionKeyButton, &QPushButton::clicked, this, &SettingsDialog::useKeyForSession);

    // Test: the outcome goes under the button, where a long server message has room to wrap.
    auto* testRow = new QHBoxLayout;
    m_testButton = new QPushButton(tr("&Test connection"), m_profileForm);
    m_testButton->setObjectName(QStringLiteral("testConnection"));
    m_testButton->setAccessibleName(tr("Test connection"));
    m_testButton->setToolTip(tr("Sends one status request with this URL and key and says what came back."));
    m_testOutcome = makeMessageLabel(m_profileForm, QStringLiteral("testOutcome"), tr("Connection test outcome"));
    testRow->addWidget(m_testButton);
    testRow->addStretch(1);
    connect(m_testButton, &QPushButton::clicked, this, &SettingsDialog::testConnection);

    // Polling.
    auto* pollGroup = new QGroupBox(tr("Polling"), m_profileForm);
    auto* pollForm = new QFormLayout(pollGroup);
    m_interval = new QSpinBox(pollGroup);
    m_interval->setObjectName(QStringLiteral("pollInterval"));
    m_interval->setAccessibleName(tr("Poll interval in seconds"));
    const PollLimits limits = PollLimits::standard();
    m_interval->setRange(int(limits.minBaseIntervalMs / 1000), int(limits.maxBaseIntervalMs / 1000));
    m_interval->setSuffix(tr(" s"));
    m_interval->setToolTip(tr("How soon a task is asked again after it changed."));
    pollForm->addRow(tr("Poll &interval:"), m_interval);
    m_backoffCap = new QSpinBox(pollGroup);
    m_backoffCap->setObjectName(QStringLiteral("backoffCap"));
    m_backoffCap->setAccessibleName(tr("Backoff cap in seconds"));
    m_backoffCap->setRange(int(limits.minBaseIntervalMs / 1000), int(limits.maxBackoffCapMs / 1000));
    m_backoffCap->setSuffix(tr(" s"));
    m_backoffCap->setToolTip(tr("The longest wait between polls of a task that does not change."));
    m_pollError = makeMessageLabel(pollGroup, QStringLiteral("pollError"), tr("Polling problem"));
    addFieldRow(pollForm, tr("&Backoff cap:"), m_backoffCap, m_pollError);
    m_inFlight = new QSpinBox(pollGroup);
    m_inFlight->setObjectName(QStringLiteral("concurrency"));
    m_inFlight->setAccessibleName(tr("Requests at the same time"));
    m_inFlight->setRange(limits.minInFlight, limits.maxInFlight);
    pollForm->addRow(tr("&Concurrent requests:"), m_inFlight);
    m_requestsPerSecond = new QDoubleSpinBox(pollGroup);
    m_requestsPerSecond->setObjectName(QStringLiteral("requestsPerSecond"));
    m_requestsPerSecond->setAccessibleName(tr("Requests per second"));
    m_requestsPerSecond->setRange(limits.minRequestsPerSecond, limits.maxRequestsPerSecond);
    m_requestsPerSecond->setDecimals(1);
    m_requestsPerSecond->setSingleStep(0.5);
    pollForm->addRow(tr("&Requests per second:"), m_requestsPerSecond);

    // Downloads: per profile, because a team's renders and one's own sketches go to different places.
    auto* downloadGroup = new QGroupBox(tr("When a render succeeds"), m_profileForm);
    auto* downloadForm = new QFormLayout(downloadGroup);
    m_autoDownload = new QCheckBox(tr("&Download the video automatically"), downloadGroup);
    m_autoDownload->setObjectName(QStringLiteral("autoDownload"));
    m_autoDownload->setAccessibleName(tr("Download each render of this profile automatically"));
    m_autoDownload->setToolTip(tr("Each render this profile finishes while Reelwatch is open, or finished while "
                                  "it was closed, is saved as soon as Reelwatch sees it."));
    downloadForm->addRow(m_autoDownload);
    m_autoDownloadFolder = new QLineEdit(downloadGroup);
    m_autoDownloadFolder->setObjectName(QStringLiteral("autoDownloadFolder"));
    m_autoDownloadFolder->setAccessibleName(tr("Folder for this profile's renders"));
    m_autoDownloadFolder->setClearButtonEnabled(true);
    m_autoDownloadBrowse = new QPushButton(tr("Bro&wse…"), downloadGroup);
    m_autoDownloadBrowse->setObjectName(QStringLiteral("browseAutoDownloadFolder"));
    m_autoDownloadBrowse->setAccessibleName(tr("Choose the folder for this profile's renders"));
    m_autoDownloadError
        = makeMessageLabel(downloadGroup, QStringLiteral("autoDownloadFolderError"), tr("Automatic download problem"));
    auto* folderRow = new QWidget(downloadGroup);
    auto* folderRowLayout = new QHBoxLayout(folderRow);
    folderRowLayout->setContentsMargins(0, 0, 0, 0);
    folderRowLayout->addWidget(m_autoDownloadFolder, 1);
    folderRowLayout->addWidget(m_autoDownloadBrowse);
    addFieldRow(downloadForm, tr("Save &into:"), folderRow, m_autoDownloadError);
    folderRow->setFocusProxy(m_autoDownloadFolder);
    connect(m_autoDownloadBrowse, &QPushButton::clicked, this, &SettingsDialog::browseAutoDownloadFolder);

    auto* formLayout = new QVBoxLayout(m_profileForm);
    formLayout->addWidget(serverGroup);
    formLayout->addWidget(keyGroup);
    formLayout->addLayout(testRow);
    formLayout->addWidget(m_testOutcome);
    formLayout->addWidget(pollGroup);
    formLayout->addWidget(downloadGroup);
    formLayout->addStretch(1);
    auto* scroll = new QScrollArea(page);
    scroll->setWidget(m_profileForm);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto* layout = new QHBoxLayout(page);
    layout->addLayout(left, 1);
    layout->addWidget(scroll, 3);

    // Every edit lands in the selected draft at once, so switching profiles loses nothing.
    connect(m_name, &QLineEdit::textChanged, this, [this](const QString& text) {
        editCurrentDraft([&](Draft& draft) {
            draft.name = text;
            refreshList();
        });
    });
    connect(m_baseUrl, &QLineEdit::textChanged, this, [this](const QString& text) {
        editCurrentDraft([&](Draft& draft) {
            draft.baseUrl = text;
            forgetTestOutcome(draft);
        });
    });
    connect(m_authMode, &QComboBox::currentIndexChanged, this, [this] {
        editCurrentDraft([&](Draft& draft) {
            draft.authMode = AuthMode(m_authMode->currentData().toInt());
            forgetTestOutcome(draft);
            refreshKeyControls();
        });
    });
    connect(m_key, &QLineEdit::textChanged, this, [this](const QString& text) {
        editCurrentDraft([&](Draft& draft) {
            draft.pendingKey = text;
            forgetTestOutcome(draft);
            refreshKeyControls();
        });
    });
    connect(m_interval, &QSpinBox::valueChanged, this, [this](int seconds) {
        editCurrentDraft([&](Draft& draft) { draft.poll.baseIntervalMs = qint64(seconds) * 1000; });
    });
    connect(m_backoffCap, &QSpinBox::valueChanged, this, [this](int seconds) {
        editCurrentDraft([&](Draft& draft) { draft.poll.maxIntervalMs = qint64(seconds) * 1000; });
    });
    connect(m_inFlight, &QSpinBox::valueChanged, this,
            [this](int count) { editCurrentDraft([&](Draft& draft) { draft.poll.maxInFlight = count; }); });
    connect(m_requestsPerSecond, &QDoubleSpinBox::valueChanged, this,
            [this](double rate) { editCurrentDraft([&](Draft& draft) { draft.poll.maxRequestsPerSecond = rate; }); });
    connect(m_autoDownload, &QCheckBox::toggled, this, [this](bool on) {
        editCurrentDraft([&](Draft& draft) {
            draft.autoDownload = on;
            refreshAutoDownloadControls();
        });
    });
    connect(m_autoDownloadFolder, &QLineEdit::textChanged, this,
            [this](const QString& text) { editCurrentDraft([&](Draft& draft) { draft.autoDownloadFolder = text; }); });
    return page;
}

QWidget* SettingsDialog::buildNotificationsPage()
{
    auto* page = new QWidget(this);
    m_notifySuccess = new QCheckBox(tr("When a render &succeeds"), page);
    m_notifySuccess->setObjectName(QStringLiteral("notifyOnSuccess"));
    m_notifySuccess->setAccessibleName(tr("Notify when a render succeeds"));
    m_notifyFailure = new QCheckBox(tr("When a render &fails"), page);
    m_notifyFailure->setObjectName(QStringLiteral("notifyOnFailure"));
    m_notifyFailure->setAccessibleName(tr("Notify when a render fails"));
    m_notifyStart = new QCheckBox(tr("When a render s&tarts rendering"), page);
    m_notifyStart->setObjectName(QStringLiteral("notifyOnStart"));
    m_notifyStart->setAccessibleName(tr("Notify when a render starts rendering"));
    m_notificationSound = new QCheckBox(tr("Play a s&ound with each notification"), page);
    m_notificationSound->setObjectName(QStringLiteral("notificationSound"));
    m_notificationSound->setAccessibleName(tr("Play a sound with each notification"));
    auto* layout = new QVBoxLayout(page);
    auto* heading = new QLabel(tr("Show a desktop notification:"), page);
    layout->addWidget(heading);
    for (QCheckBox* box : {m_notifySuccess, m_notifyFailure, m_notifyStart, m_notificationSound}) {
        layout->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &SettingsDialog::edited);
    }
    layout->addStretch(1);
    return page;
}

QWidget* SettingsDialog::buildDownloadsPage()
{
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_downloadFolder = new QLineEdit(page);
    m_downloadFolder->setObjectName(QStringLiteral("downloadFolder"));
    m_downloadFolder->setAccessibleName(tr("Download folder"));
    m_browseButton = new QPushButton(tr("&Browse…"), page);
    m_browseButton->setObjectName(QStringLiteral("browseDownloadFolder"));
    m_browseButton->setAccessibleName(tr("Choose the download folder"));
    m_folderError = makeMessageLabel(page, QStringLiteral("downloadFolderError"), tr("Download folder problem"));
    auto* row = new QWidget(page);
    auto* rowLayout = new QHBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    rowLayout->addWidget(m_downloadFolder, 1);
    rowLayout->addWidget(m_browseButton);
    addFieldRow(form, tr("Download &folder:"), row, m_folderError);
    // The row container is the buddy target; the field itself must take the focus.
    row->setFocusProxy(m_downloadFolder);
    auto* hint = new QLabel(tr("Finished renders are saved here; the folder is created when it is first needed. Each "
                               "profile can also save its renders automatically, here or into a folder of its own "
                               "(Profiles page)."),
                            page);
    hint->setWordWrap(true);
    form->addRow(hint);
    connect(m_downloadFolder, &QLineEdit::textChanged, this, &SettingsDialog::edited);
    connect(m_downloadFolder, &QLineEdit::textChanged, this, &SettingsDialog::refreshAutoDownloadControls);
    connect(m_browseButton, &QPushButton::clicked, this, &SettingsDialog::browseFolder);
    return page;
}

QWidget* SettingsDialog::buildGeneralPage()
{
    auto* page = new QWidget(this);
    m_closeToTray = new QCheckBox(tr("&Closing the window keeps Reelwatch running in the tray"), page);
    m_closeToTray->setObjectName(QStringLiteral("closeToTray"));
    m_closeToTray->setAccessibleName(tr("Close to the tray"));
    m_startMinimised = new QCheckBox(tr("Start &minimised"), page);
    m_startMinimised->setObjectName(QStringLiteral("startMinimised"));
    m_startMinimised->setAccessibleName(tr("Start minimised"));
    m_startAtLogin = new QCheckBox(tr("Start at &login"), page);
    m_startAtLogin->setObjectName(QStringLiteral("startAtLogin"));
    m_startAtLogin->setAccessibleName(tr("Start at login"));
    if (m_autostart && m_autostart->mode() == Autostart::Mode::Portal)
        m_startAtLogin->setToolTip(tr("Asks the desktop to start Reelwatch when you log in, or to stop doing so."));
    else if (m_autostart)
        m_startAtLogin->setToolTip(tr("Writes or removes %1.").arg(QDir::toNativeSeparators(m_autostart->location())));
    else
        m_startAtLogin->setEnabled(false);
    m_autostartError = makeMessageLabel(page, QStringLiteral("startAtLoginError"), tr("Start at login problem"));
    auto* layout = new QVBoxLayout(page);
    for (QCheckBox* box : {m_closeToTray, m_startMinimised, m_startAtLogin}) {
        layout->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &SettingsDialog::edited);
    }
    layout->addWidget(m_autostartError);
    layout->addStretch(1);
    return page;
}

void SettingsDialog::loadSettings()
{
    m_loading = true;
    m_notifySuccess->setChecked(m_settings->notifyOnSuccess());
    m_notifyFailure->setChecked(m_settings->notifyOnFailure());
    m_notifyStart->setChecked(m_settings->notifyOnStart());
    m_notificationSound->setChecked(m_settings->notificationSound());
    m_downloadFolder->setText(QDir::toNativeSeparators(m_settings->downloadFolder()));
    m_closeToTray->setChecked(m_settings->closeToTray());
    m_startMinimised->setChecked(m_settings->startMinimised());
    // The entry on disk is the truth; the user may have removed it by hand.
    m_startAtLogin->setChecked(m_autostart ? m_autostart->isEnabled() : m_settings->startAtLogin());
    m_loading = false;
}

void SettingsDialog::reloadDrafts(qint64 selectKey)
{
    QList<Draft> previous = m_drafts;
    m_drafts.clear();
    for (const Profile& profile : m_monitor->profiles()->profiles()) {
        Draft draft;
        draft.key = profile.id;
        draft.id = profile.id;
        draft.name = profile.name;
        draft.baseUrl = profile.baseUrl.toString();
        draft.authMode = profile.authMode;
        draft.poll = profile.poll;
        draft.autoDownload = profile.autoDownload;
        draft.autoDownloadFolder = QDir::toNativeSeparators(profile.autoDownloadFolder);
        for (const Draft& old : std::as_const(previous)) {
            if (old.id == profile.id) {
                draft.pendingKey = old.pendingKey;
                draft.keyStatus = old.keyStatus;
                draft.keyStatusIsError = old.keyStatusIsError;
                draft.testOutcome = old.testOutcome;
                draft.testConnected = old.testConnected;
                draft.testing = old.testing;
            }
        }
        m_drafts << draft;
    }
    m_removedIds.clear();
    m_defaultKey = m_monitor->profiles()->defaultProfileId();
    int row = 0;
    for (int i = 0; i < m_drafts.size(); ++i) {
        if (m_drafts.at(i).key == selectKey)
            row = i;
    }
    m_loading = true;
    m_profileList->clear();
    for (int i = 0; i < m_drafts.size(); ++i)
        m_profileList->addItem(QString());
    m_loading = false;
    refreshList();
    selectDraft(row);
}

SettingsDialog::Draft* SettingsDialog::currentDraft()
{
    const int row = m_profileList->currentRow();
    return row >= 0 && row < m_drafts.size() ? &m_drafts[row] : nullptr;
}

SettingsDialog::Draft* SettingsDialog::draftByKey(qint64 key)
{
    for (Draft& draft : m_drafts) {
        if (draft.key == key)
            return &draft;
    }
    return nullptr;
}

void SettingsDialog::selectDraft(int row)
{
    m_loading = true;
    m_profileList->setCurrentRow(row);
    m_loading = false;
    showDraft();
}

void SettingsDialog::showDraft()
{
    const Draft* draft = currentDraft();
    m_profileForm->setEnabled(draft != nullptr);
    m_loading = true;
    if (draft) {
        m_name->setText(draft->name);
        m_baseUrl->setText(draft->baseUrl);
        m_authMode->setCurrentIndex(std::max(0, m_authMode->findData(int(draft->authMode))));
        m_key->setText(draft->pendingKey);
        m_interval->setValue(secondsOf(draft->poll.baseIntervalMs));
        m_backoffCap->setValue(secondsOf(draft->poll.maxIntervalMs));
        m_inFlight->setValue(draft->poll.maxInFlight);
        m_requestsPerSecond->setValue(draft->poll.maxRequestsPerSecond);
        m_autoDownload->setChecked(draft->autoDownload);
        m_autoDownloadFolder->setText(draft->autoDownloadFolder);
        showMessage(m_testOutcome, draft->testing ? tr("Testing…") : draft->testOutcome,
                    !draft->testing && !draft->testConnected);
        m_testButton->setEnabled(!draft->testing);
    }
    m_loading = false;
    refreshKeyControls();
    refreshAutoDownloadControls();
    validate();
}

void SettingsDialog::refreshAutoDownloadControls()
{
    const Draft* draft = currentDraft();
    const bool on = draft && draft->autoDownload;
    m_autoDownloadFolder->setEnabled(on);
    m_autoDownloadBrowse->setEnabled(on);
    // Empty means the folder on the Downloads page, whatever it is by then: say which one that is.
    m_autoDownloadFolder->setPlaceholderText(
        tr("The download folder (%1)").arg(m_downloadFolder ? m_downloadFolder->text().trimmed() : QString()));
}

QString SettingsDialog::displayName(const Draft& draft) const
{
    return draft.name.trimmed().isEmpty() ? tr("(unnamed)") : draft.name.trimmed();
}

void SettingsDialog::refreshList()
{
    for (int i = 0; i < m_drafts.size() && i < m_profileList->count(); ++i) {
        const Draft& draft = m_drafts.at(i);
        QListWidgetItem* item = m_profileList->item(i);
        QString text = displayName(draft);
        if (draft.key == m_defaultKey)
            text = tr("%1 (default)").arg(text);
        if (draft.id == 0)
            text = tr("%1 (new)").arg(text);
        item->setText(text);
        const QString problem = draftProblem(draft);
        item->setForeground(problem.isEmpty() ? palette().text() : QBrush(QColor(0xc0, 0x1c, 0x28)));
        item->setToolTip(problem.isEmpty() ? draft.baseUrl : problem);
    }
    const Draft* draft = currentDraft();
    m_removeButton->setEnabled(draft && m_drafts.size() > 1);
    m_defaultButton->setEnabled(draft && draft->key != m_defaultKey);
}

void SettingsDialog::refreshKeyControls()
{
    const Draft* draft = currentDraft();
    if (!draft)
        return;
    const bool typed = !draft->pendingKey.trimmed().isEmpty();
    QString source;
    bool keychainWorks = true;
    if (draft->id == 0) {
        source = tr("No key yet. A key entered here is saved to the keychain when you apply.");
    } else {
        const std::optional<Profile> applied = m_monitor->profiles()->profile(draft->id);
        const AuthMode mode = applied ? applied->authMode : draft->authMode;
        switch (m_monitor->profiles()->keySource(draft->id)) {
        case ProfileManager::KeySource::Pending:
            source = tr("Current key: still asking the system keychain…");
            break;
        case ProfileManager::KeySource::Keychain:
            source = tr("Current key: stored in the system keychain.");
            break;
        case ProfileManager::KeySource::Environment:
            source = tr("Current key: from the environment variable %1, which overrides the keychain.")
                         .arg(secretEnvironmentVariable(mode));
            break;
        case ProfileManager::KeySource::Session:
            source = tr("Current key: entered for this session only; it is forgotten when Reelwatch quits.");
            break;
        case ProfileManager::KeySource::Missing:
            source = tr("Current key: none. Enter one and save it to the keychain.");
            break;
        case ProfileManager::KeySource::Unavailable:
            keychainWorks = false;
            source = tr("Current key: none usable: %1. A key can still be used for this session only.")
                         .arg(m_monitor->profiles()->keyProblem(draft->id));
            break;
        }
    }
    m_keySource->setText(source);
    m_saveKeyButton->setEnabled(draft->id != 0 && typed && keychainWorks && m_pendingKeyWrites == 0);
    m_sessionKeyButton->setEnabled(draft->id != 0 && typed);
    showMessage(m_keyStatus, draft->keyStatus, draft->keyStatusIsError);
}

QString SettingsDialog::nameProblem(const Draft& draft) const
{
    const QString name = draft.name.trimmed();
    if (name.isEmpty())
        return tr("A profile needs a name.");
    if (name.size() > 64)
        return tr("A name can have at most 64 characters (this one has %1).").arg(name.size());
    const QString folded = name.toCaseFolded();
    for (const Draft& other : m_drafts) {
        if (other.key != draft.key && other.name.trimmed().toCaseFolded() == folded)
            return tr("Another profile is already named “%1”.").arg(other.name.trimmed());
    }
    return QString();
}

QString SettingsDialog::urlProblem(const Draft& draft) const
{
    const BaseUrlCheck check = ApiEndpoint::normaliseBaseUrl(draft.baseUrl);
    return check.ok ? QString() : check.error;
}

QString SettingsDialog::pollProblem(const Draft& draft) const
{
    if (draft.poll.maxIntervalMs < draft.poll.baseIntervalMs)
        return tr("The backoff cap must be at least the poll interval (%1 s).")
            .arg(secondsOf(draft.poll.baseIntervalMs));
    return QString();
}

QString SettingsDialog::autoDownloadProblem(const Draft& draft) const
{
    // A folder typed while downloads are off is kept, and checked only once they are on.
    return draft.autoDownload ? folderProblem(draft.autoDownloadFolder, true) : QString();
}

QString SettingsDialog::draftProblem(const Draft& draft) const
{
    for (const QString& problem :
         {nameProblem(draft), urlProblem(draft), pollProblem(draft), autoDownloadProblem(draft)}) {
        if (!problem.isEmpty())
            return problem;
    }
    return QString();
}

QString SettingsDialog::folderProblem() const
{
    return folderProblem(m_downloadFolder->text(), false);
}

QString SettingsDialog::folderProblem(const QString& typed, bool emptyAllowed) const
{
    const QString text = typed.trimmed();
    if (text.isEmpty())
        return emptyAllowed ? QString() : tr("Choose a folder for downloads.");
    const QString path = QDir::fromNativeSeparators(text);
    if (!QDir::isAbsolutePath(path))
        return tr("Enter the full path of a folder, such as %1.")
            .arg(QDir::toNativeSeparators(AppSettings::defaultDownloadFolder()));
    const QFileInfo info(path);
    if (info.exists() && !info.isDir())
        return tr("%1 is a file, not a folder.").arg(text);
    if (info.isDir() && !info.isWritable())
        return tr("Reelwatch may not write to %1.").arg(text);
    return QString();
}

void SettingsDialog::validate()
{
    m_valid = true;
    QString elsewhere;
    for (const Draft& draft : std::as_const(m_drafts)) {
        const QString problem = draftProblem(draft);
        if (problem.isEmpty())
            continue;
        m_valid = false;
        if (elsewhere.isEmpty() && (&draft != currentDraft() || m_tabs->currentIndex() != ProfilesPage))
            elsewhere = tr("Profile “%1”: %2").arg(displayName(draft), problem);
    }
    if (const Draft* draft = currentDraft()) {
        const QString name = nameProblem(*draft);
        const QString url = urlProblem(*draft);
        const QString poll = pollProblem(*draft);
        const QString autoDownload = autoDownloadProblem(*draft);
        showMessage(m_nameError, name);
        showMessage(m_baseUrlError, url);
        showMessage(m_pollError, poll);
        showMessage(m_autoDownloadError, autoDownload);
        m_name->setAccessibleDescription(name);
        m_baseUrl->setAccessibleDescription(url);
        m_backoffCap->setAccessibleDescription(poll);
        m_autoDownloadFolder->setAccessibleDescription(autoDownload);
        m_testButton->setEnabled(url.isEmpty() && !draft->testing);
    }
    const QString folder = folderProblem();
    showMessage(m_folderError, folder);
    m_downloadFolder->setAccessibleDescription(folder);
    if (!folder.isEmpty())
        m_valid = false;
    if (elsewhere.isEmpty() && !folder.isEmpty() && m_tabs->currentIndex() != DownloadsPage)
        elsewhere = tr("Downloads: %1").arg(folder);
    // A problem not on screen is named at the bottom, so a disabled OK always has a visible reason.
    showSummary(elsewhere, true);
    refreshList();
    const bool busy = m_pendingKeyWrites > 0;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_valid && !busy);
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(m_valid && m_dirty && !busy);
}

void SettingsDialog::forgetTestOutcome(Draft& draft)
{
    // An outcome for another URL, mode or key would mislead; one still running reports when done.
    if (draft.testing)
        return;
    draft.testOutcome.clear();
    showMessage(m_testOutcome, QString());
}

void SettingsDialog::editCurrentDraft(const std::function<void(Draft&)>& change)
{
    // Filling the form from a draft (m_loading) is not an edit.
    Draft* draft = currentDraft();
    if (!draft || m_loading)
        return;
    change(*draft);
    edited();
}

void SettingsDialog::edited()
{
    if (m_loading)
        return;
    m_dirty = true;
    validate();
}

void SettingsDialog::showSummary(const QString& text, bool isError)
{
    showMessage(m_summary, text, isError);
}

void SettingsDialog::showProfile(qint64 profileId)
{
    showPage(ProfilesPage);
    for (int i = 0; i < m_drafts.size(); ++i) {
        if (m_drafts.at(i).id == profileId)
            selectDraft(i);
    }
}

void SettingsDialog::showPage(Page page)
{
    m_tabs->setCurrentIndex(page);
}

void SettingsDialog::addProfile()
{
    Draft draft;
    draft.key = m_nextNewKey--;
    // A name that is free, so the only thing left to fill in is the server.
    draft.name = tr("New profile");
    for (int n = 2; !nameProblem(draft).isEmpty(); ++n)
        draft.name = tr("New profile %1").arg(n);
    m_drafts << draft;
    m_loading = true;
    m_profileList->addItem(QString());
    m_loading = false;
    m_dirty = true;
    selectDraft(m_drafts.size() - 1);
    m_name->setFocus();
    m_name->selectAll();
}

void SettingsDialog::removeProfile()
{
    const int row = m_profileList->currentRow();
    Draft* draft = currentDraft();
    if (!draft || m_drafts.size() <= 1)
        return;
    if (draft->id != 0) {
        const int tasks = int(m_monitor->tasks()->countForProfile(draft->id));
        const QString question = tr("Remove the profile “%1”? Its %n task(s) and its stored key are deleted when you "
                                    "apply the changes.",
                                    nullptr, tasks)
                                     .arg(draft->name.trimmed());
        if (!m_confirm(this, tr("Remove profile"), question))
            return;
        m_removedIds << draft->id;
    }
    const bool wasDefault = draft->key == m_defaultKey;
    m_drafts.removeAt(row);
    if (wasDefault)
        m_defaultKey = m_drafts.first().key;
    m_loading = true;
    delete m_profileList->takeItem(row);
    m_loading = false;
    m_dirty = true;
    selectDraft(std::min(row, int(m_drafts.size()) - 1));
}

void SettingsDialog::makeDefault()
{
    if (const Draft* draft = currentDraft()) {
        m_defaultKey = draft->key;
        edited();
    }
}

void SettingsDialog::testConnection()
{
    Draft* draft = currentDraft();
    if (!draft || draft->testing)
        return;
    draft->testing = true;
    draft->testOutcome.clear();
    showMessage(m_testOutcome, tr("Testing…"), false);
    m_testButton->setEnabled(false);
    const qint64 key = draft->key;
    m_monitor->connectionTester()->test(draft->id, draft->baseUrl, draft->authMode,
                                        draft->pendingKey.trimmed().toUtf8(), this,
                                        [this, key](const ConnectionTestResult& result) {
                                            Draft* tested = draftByKey(key);
                                            if (!tested)
                                                return; // removed, or added under its new ID meanwhile
                                            tested->testing = false;
                                            tested->testOutcome = result.message;
                                            tested->testConnected = result.connected;
                                            if (tested == currentDraft()) {
                                                showMessage(m_testOutcome, result.message, !result.connected);
                                                validate();
                                            }
                                        });
}

void SettingsDialog::saveKey()
{
    Draft* draft = currentDraft();
    if (!draft || draft->id == 0 || draft->pendingKey.trimmed().isEmpty())
        return;
    draft->keyStatus.clear();
    ++m_pendingKeyWrites;
    const qint64 id = draft->id;
    m_monitor->profiles()->storeKey(id, draft->pendingKey.trimmed().toUtf8(), this,
                                    [this, id](bool ok, const QString& problem) { keyWriteFinished(id, ok, problem); });
    refreshKeyControls();
    validate();
}

void SettingsDialog::useKeyForSession()
{
    Draft* draft = currentDraft();
    if (!draft || draft->id == 0 || draft->pendingKey.trimmed().isEmpty())
        return;
    m_monitor->profiles()->useSessionKey(draft->id, draft->pendingKey.trimmed().toUtf8());
    draft->pendingKey.clear();
    draft->keyStatus = tr("Used for this session only; it is not stored anywhere.");
    draft->keyStatusIsError = false;
    m_loading = true;
    m_key->clear();
    m_loading = false;
    refreshKeyControls();
}

void SettingsDialog::keyWriteFinished(qint64 profileId, bool ok, const QString& problem)
{
    if (Draft* saved = draftByKey(profileId)) {
        if (ok) {
            saved->pendingKey.clear();
            if (saved == currentDraft()) {
                m_loading = true;
                m_key->clear();
                m_loading = false;
            }
        }
        saved->keyStatus = ok ? tr("Saved to the keychain.") : tr("The key could not be saved: %1").arg(problem);
        saved->keyStatusIsError = !ok;
    }
    m_keyWriteFailed |= !ok;
    --m_pendingKeyWrites;
    refreshKeyControls();
    validate();
    if (m_pendingKeyWrites > 0)
        return;
    if (m_closeWhenKeysSaved && !m_keyWriteFailed) {
        QDialog::accept();
        return;
    }
    m_closeWhenKeysSaved = false;
    if (m_keyWriteFailed) {
        showPage(ProfilesPage);
        showSummary(tr("A key could not be saved; see the profile's key section."), true);
    }
    m_keyWriteFailed = false;
}

void SettingsDialog::browseFolder()
{
    const QString start = QDir::fromNativeSeparators(m_downloadFolder->text().trimmed());
    const QString chosen = m_chooseFolder(this, tr("Download folder"), start);
    if (!chosen.isEmpty())
        m_downloadFolder->setText(QDir::toNativeSeparators(chosen));
}

void SettingsDialog::browseAutoDownloadFolder()
{
    QString start = QDir::fromNativeSeparators(m_autoDownloadFolder->text().trimmed());
    if (start.isEmpty())
        start = QDir::fromNativeSeparators(m_downloadFolder->text().trimmed());
    const QString chosen = m_chooseFolder(this, tr("Folder for this profile's renders"), start);
    if (!chosen.isEmpty())
        m_autoDownloadFolder->setText(QDir::toNativeSeparators(chosen));
}

bool SettingsDialog::applyProfiles(QString* error)
{
    for (const qint64 id : std::as_const(m_removedIds)) {
        const QString name = m_monitor->profiles()->profile(id) ? m_monitor->profiles()->profile(id)->name : QString();
        if (!m_monitor->profiles()->removeProfile(id, error)) {
            *error = tr("“%1” could not be removed: %2").arg(name, *error);
            return false;
        }
    }
    m_removedIds.clear();
    for (Draft& draft : m_drafts) {
        if (draft.id == 0)
            continue;
        const std::optional<Profile> current = m_monitor->profiles()->profile(draft.id);
        if (!current)
            continue;
        Profile changed = *current;
        changed.name = draft.name.trimmed();
        changed.baseUrl = ApiEndpoint::normaliseBaseUrl(draft.baseUrl).url;
        changed.authMode = draft.authMode;
        changed.poll.baseIntervalMs = draft.poll.baseIntervalMs;
        changed.poll.maxIntervalMs = draft.poll.maxIntervalMs;
        changed.poll.maxInFlight = draft.poll.maxInFlight;
        changed.poll.maxRequestsPerSecond = draft.poll.maxRequestsPerSecond;
        changed.autoDownload = draft.autoDownload;
        changed.autoDownloadFolder = QDir::fromNativeSeparators(draft.autoDownloadFolder.trimmed());
        if (changed.name == current->name && changed.baseUrl == current->baseUrl
            && changed.authMode == current->authMode && changed.poll.sameStoredValues(current->poll)
            && changed.autoDownload == current->autoDownload
            && changed.autoDownloadFolder == current->autoDownloadFolder)
            continue;
        if (!m_monitor->profiles()->updateProfile(changed, error)) {
            *error = tr("“%1” could not be saved: %2").arg(changed.name, *error);
            return false;
        }
    }
    for (Draft& draft : m_drafts) {
        if (draft.id != 0)
            continue;
        const std::optional<Profile> created
            = m_monitor->profiles()->addProfile(draft.name.trimmed(), draft.baseUrl, draft.authMode, draft.poll, error);
        if (!created) {
            *error = tr("“%1” could not be added: %2").arg(draft.name.trimmed(), *error);
            return false;
        }
        if (m_defaultKey == draft.key)
            m_defaultKey = created->id;
        draft.key = created->id;
        draft.id = created->id;
        const QString folder = QDir::fromNativeSeparators(draft.autoDownloadFolder.trimmed());
        if (draft.autoDownload || !folder.isEmpty()) {
            Profile withDownloads = *created;
            withDownloads.autoDownload = draft.autoDownload;
            withDownloads.autoDownloadFolder = folder;
            if (!m_monitor->profiles()->updateProfile(withDownloads, error)) {
                *error = tr("“%1” could not be saved: %2").arg(created->name, *error);
                return false;
            }
        }
    }
    if (m_defaultKey > 0 && m_defaultKey != m_monitor->profiles()->defaultProfileId()
        && !m_monitor->profiles()->setDefaultProfile(m_defaultKey, error))
        return false;
    return true;
}

void SettingsDialog::storePendingKeys()
{
    for (const Draft& draft : std::as_const(m_drafts)) {
        if (draft.id == 0 || draft.pendingKey.trimmed().isEmpty())
            continue;
        ++m_pendingKeyWrites;
        const qint64 id = draft.id;
        m_monitor->profiles()->storeKey(
            id, draft.pendingKey.trimmed().toUtf8(), this,
            [this, id](bool ok, const QString& problem) { keyWriteFinished(id, ok, problem); });
    }
}

bool SettingsDialog::applySettings(QString* error)
{
    // Everything else first: a login entry the desktop refuses (the portal may ask the user, who
    // may say no) must not throw away the other changes.
    m_settings->setNotifyOnSuccess(m_notifySuccess->isChecked());
    m_settings->setNotifyOnFailure(m_notifyFailure->isChecked());
    m_settings->setNotifyOnStart(m_notifyStart->isChecked());
    m_settings->setNotificationSound(m_notificationSound->isChecked());
    m_settings->setDownloadFolder(QDir::fromNativeSeparators(m_downloadFolder->text().trimmed()));
    m_settings->setCloseToTray(m_closeToTray->isChecked());
    m_settings->setStartMinimised(m_startMinimised->isChecked());
    if (!m_settings->save(error))
        return false;
    if (m_autostart && m_startAtLogin->isChecked() != m_autostart->isEnabled()) {
        QString problem;
        if (!m_autostart->setEnabled(m_startAtLogin->isChecked(), &problem)) {
            showMessage(m_autostartError, tr("Start at login could not be changed: %1").arg(problem));
            *error = tr("General: start at login could not be changed.");
            return false;
        }
    }
    showMessage(m_autostartError, QString());
    m_settings->setStartAtLogin(m_startAtLogin->isChecked());
    return m_settings->save(error);
}

bool SettingsDialog::apply()
{
    validate();
    if (!m_valid || m_pendingKeyWrites > 0)
        return false;
    QString error;
    const bool profilesOk = applyProfiles(&error);
    if (!profilesOk) {
        // What did get applied stays applied (added drafts now carry their IDs); the rest waits.
        showPage(ProfilesPage);
        validate();
        showSummary(error, true);
        return false;
    }
    // A profile added just now keeps its row: its draft carries the new ID as its key.
    const qint64 reselect = currentDraft() ? currentDraft()->key : 0;
    storePendingKeys();
    reloadDrafts(reselect);
    if (!applySettings(&error)) {
        showPage(GeneralPage);
        validate();
        showSummary(error, true);
        return false;
    }
    m_dirty = false;
    validate();
    emit applied();
    return true;
}

void SettingsDialog::accept()
{
    if (!apply())
        return;
    if (m_pendingKeyWrites > 0) {
        m_closeWhenKeysSaved = true; // closes when the keychain has answered
        return;
    }
    QDialog::accept();
}

} // namespace Reelwatch

#include "profileeditor.h"

#include "core/genericprovider.h"
#include "core/pollsettings.h"
#include "monitor/profilemanager.h"
#include "profiledraft.h"
#include "providers/providerregistry.h"
#include "settingsform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Reelwatch {

using SettingsForm::addFieldRow;
using SettingsForm::messageLabel;
using SettingsForm::showMessage;

ProfileEditor::ProfileEditor(const ProfileManager* profiles, const ProviderRegistry* providers, QWidget* parent)
    : QWidget(parent)
    , m_profiles(profiles)
    , m_providers(providers)
{
    QWidget* server = buildServerGroup();
    QWidget* key = buildKeyGroup();

    // Test: the outcome goes under the button, where a long server message has room to wrap.
    auto* testRow = new QHBoxLayout;
    m_testButton = new QPushButton(tr("&Test connection"), this);
    m_testButton->setObjectName(QStringLiteral("testConnection"));
    m_testButton->setAccessibleName(tr("Test connection"));
    m_testButton->setToolTip(tr("Sends one status request with this URL and key and says what came back."));
    m_testOutcome = messageLabel(this, QStringLiteral("testOutcome"), tr("Connection test outcome"));
    testRow->addWidget(m_testButton);
    testRow->addStretch(1);
    connect(m_testButton, &QPushButton::clicked, this, &ProfileEditor::testRequested);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(server);
    layout->addWidget(key);
    layout->addLayout(testRow);
    layout->addWidget(m_testOutcome);
    layout->addWidget(buildPollGroup());
    layout->addWidget(buildFollowGroup());
    layout->addWidget(buildDownloadGroup());
    layout->addStretch(1);
    connectFields();
    edit(nullptr);
}

QWidget* ProfileEditor::buildServerGroup()
{
    auto* group = new QGroupBox(tr("Server"), this);
    auto* form = new QFormLayout(group);
    m_name = new QLineEdit(group);
    m_name->setObjectName(QStringLiteral("profileName"));
    m_name->setAccessibleName(tr("Profile name"));
    m_name->setMaxLength(200); // longer than allowed, so an over-long paste is refused with the reason
    m_nameError = messageLabel(group, QStringLiteral("profileNameError"), tr("Profile name problem"));
    addFieldRow(form, tr("&Name:"), m_name, m_nameError);
    m_provider = new QComboBox(group);
    m_provider->setObjectName(QStringLiteral("provider"));
    m_provider->setAccessibleName(tr("Service"));
    for (const ProviderRegistry::Entry& entry : m_providers->entries()) {
        const QString text
            = entry.builtIn ? entry.provider->name() : tr("%1 (from %2)").arg(entry.provider->name(), entry.path);
        m_provider->addItem(text, entry.provider->id());
    }
    m_providerFile = new QPushButton(tr("From a &file…"), group);
    m_providerFile->setObjectName(QStringLiteral("loadProviderFile"));
    m_providerFile->setAccessibleName(tr("Use a provider file"));
    m_providerFile->setToolTip(tr("An API that is not built in, described by a provider file (JSON)."));
    connect(m_providerFile, &QPushButton::clicked, this, &ProfileEditor::providerFileRequested);
    auto* providerRow = new QWidget(group);
    auto* providerLayout = new QHBoxLayout(providerRow);
    providerLayout->setContentsMargins(0, 0, 0, 0);
    providerLayout->addWidget(m_provider, 1);
    providerLayout->addWidget(m_providerFile);
    providerRow->setFocusProxy(m_provider);
    m_providerNote = messageLabel(group, QStringLiteral("providerNote"), tr("About the service"));
    addFieldRow(form, tr("Ser&vice:"), providerRow, m_providerNote);
    m_baseUrl = new QLineEdit(group);
    m_baseUrl->setObjectName(QStringLiteral("baseUrl"));
    m_baseUrl->setAccessibleName(tr("Base URL"));
    m_baseUrlError = messageLabel(group, QStringLiteral("baseUrlError"), tr("Base URL problem"));
    addFieldRow(form, tr("Base &URL:"), m_baseUrl, m_baseUrlError);
    m_authMode = new QComboBox(group);
    m_authMode->setObjectName(QStringLiteral("authMode"));
    m_authMode->setAccessibleName(tr("Authentication"));
    m_authMode->addItem(tr("API key (Authorization: Bearer, /v1/videos)"), int(AuthMode::Bearer));
    m_authMode->addItem(tr("Frontend token (token header, /api/videos)"), int(AuthMode::Token));
    m_authModeLabel = new QLabel(tr("&Authentication:"), group);
    m_authModeLabel->setBuddy(m_authMode);
    form->addRow(m_authModeLabel, m_authMode);
    // The exact request, route and header names, never the key: what a user compares with the API's docs.
    m_request = new QLabel(group);
    m_request->setObjectName(QStringLiteral("statusRequest"));
    m_request->setAccessibleName(tr("The status request Reelwatch sends"));
    m_request->setWordWrap(true);
    m_request->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Request:"), m_request);
    return group;
}

QWidget* ProfileEditor::buildKeyGroup()
{
    auto* group = new QGroupBox(tr("Key or token"), this);
    auto* layout = new QVBoxLayout(group);
    m_keySource = new QLabel(group);
    m_keySource->setObjectName(QStringLiteral("keySource"));
    m_keySource->setAccessibleName(tr("Where the current key comes from"));
    m_keySource->setWordWrap(true);
    m_key = new QLineEdit(group);
    m_key->setObjectName(QStringLiteral("key"));
    m_key->setAccessibleName(tr("New key or token"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("Enter a new key or token (the stored one is never shown)"));
    auto* keyLabel = new QLabel(tr("New &key:"), group);
    keyLabel->setBuddy(m_key);
    m_saveKeyButton = new QPushButton(tr("&Save to keychain"), group);
    m_saveKeyButton->setObjectName(QStringLiteral("saveKey"));
    m_saveKeyButton->setAccessibleName(tr("Save the key to the keychain"));
    m_sessionKeyButton = new QPushButton(tr("Use for this session &only"), group);
    m_sessionKeyButton->setObjectName(QStringLiteral("sessionKey"));
    m_sessionKeyButton->setAccessibleName(tr("Use the key for this session only"));
    m_keyStatus = messageLabel(group, QStringLiteral("keyStatus"), tr("Key status"));
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(keyLabel);
    keyRow->addWidget(m_key, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_sessionKeyButton);
    buttons->addWidget(m_saveKeyButton);
    layout->addWidget(m_keySource);
    layout->addLayout(keyRow);
    layout->addLayout(buttons);
    layout->addWidget(m_keyStatus);
    connect(m_saveKeyButton, &QPushButton::clicked, this, &ProfileEditor::saveKeyRequested);
    connect(m_sessionKeyButton, &QPushButton::clicked, this, &ProfileEditor::sessionKeyRequested);
    return group;
}

QWidget* ProfileEditor::buildPollGroup()
{
    auto* group = new QGroupBox(tr("Polling"), this);
    auto* form = new QFormLayout(group);
    const PollLimits limits = PollLimits::standard();
    m_interval = new QSpinBox(group);
    m_interval->setObjectName(QStringLiteral("pollInterval"));
    m_interval->setAccessibleName(tr("Poll interval in seconds"));
    m_interval->setRange(int(limits.minBaseIntervalMs / 1000), int(limits.maxBaseIntervalMs / 1000));
    m_interval->setSuffix(tr(" s"));
    m_interval->setToolTip(tr("How soon a task is asked again after it changed."));
    form->addRow(tr("Poll &interval:"), m_interval);
    m_backoffCap = new QSpinBox(group);
    m_backoffCap->setObjectName(QStringLiteral("backoffCap"));
    m_backoffCap->setAccessibleName(tr("Backoff cap in seconds"));
    m_backoffCap->setRange(int(limits.minBaseIntervalMs / 1000), int(limits.maxBackoffCapMs / 1000));
    m_backoffCap->setSuffix(tr(" s"));
    m_backoffCap->setToolTip(tr("The longest wait between polls of a task that does not change."));
    m_pollError = messageLabel(group, QStringLiteral("pollError"), tr("Polling problem"));
    addFieldRow(form, tr("&Backoff cap:"), m_backoffCap, m_pollError);
    m_inFlight = new QSpinBox(group);
    m_inFlight->setObjectName(QStringLiteral("concurrency"));
    m_inFlight->setAccessibleName(tr("Requests at the same time"));
    m_inFlight->setRange(limits.minInFlight, limits.maxInFlight);
    form->addRow(tr("&Concurrent requests:"), m_inFlight);
    m_requestsPerSecond = new QDoubleSpinBox(group);
    m_requestsPerSecond->setObjectName(QStringLiteral("requestsPerSecond"));
    m_requestsPerSecond->setAccessibleName(tr("Requests per second"));
    m_requestsPerSecond->setRange(limits.minRequestsPerSecond, limits.maxRequestsPerSecond);
    m_requestsPerSecond->setDecimals(1);
    m_requestsPerSecond->setSingleStep(0.5);
    form->addRow(tr("&Requests per second:"), m_requestsPerSecond);
    return group;
}

QWidget* ProfileEditor::buildFollowGroup()
{
    auto* group = new QGroupBox(tr("Renders started elsewhere"), this);
    auto* form = new QFormLayout(group);
    m_follow = new QCheckBox(tr("&Follow this account"), group);
    m_follow->setObjectName(QStringLiteral("followAccount"));
    m_follow->setAccessibleName(tr("Follow this account"));
    m_follow->setToolTip(tr("Renders started from a web page, a script or a teammate's tool appear on the board by "
                            "themselves: Reelwatch reads the account's newest tasks at the profile's interval."));
    form->addRow(m_follow);
    auto* windowRow = new QWidget(group);
    auto* rowLayout = new QHBoxLayout(windowRow);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    m_followWindow = new QComboBox(windowRow);
    m_followWindow->setObjectName(QStringLiteral("followWindow"));
    m_followWindow->setAccessibleName(tr("Which renders to add"));
    m_followWindow->addItem(tr("Renders started from now on"), int(FollowMode::NewRenders));
    m_followWindow->addItem(tr("Renders of the last"), int(FollowMode::LastDays));
    m_followDays = new QSpinBox(windowRow);
    m_followDays->setObjectName(QStringLiteral("followDays"));
    m_followDays->setAccessibleName(tr("Days back"));
    m_followDays->setRange(Profile::kMinFollowDays, Profile::kMaxFollowDays);
    m_followDays->setSuffix(tr(" days"));
    rowLayout->addWidget(m_followWindow, 1);
    rowLayout->addWidget(m_followDays);
    form->addRow(tr("&Add:"), windowRow);
    windowRow->setFocusProxy(m_followWindow);
    m_followNote = messageLabel(group, QStringLiteral("followNote"), tr("Following"));
    form->addRow(m_followNote);
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) {
        change(Field::Follow, [&](ProfileDraft& draft) {
            draft.follow = on ? FollowMode(m_followWindow->currentData().toInt()) : FollowMode::Off;
        });
        refreshFollowControls();
    });
    connect(m_followWindow, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_follow->isChecked())
            return;
        change(Field::Follow,
               [&](ProfileDraft& draft) { draft.follow = FollowMode(m_followWindow->currentData().toInt()); });
        refreshFollowControls();
    });
    connect(m_followDays, &QSpinBox::valueChanged, this,
            [this](int days) { change(Field::Follow, [&](ProfileDraft& draft) { draft.followDays = days; }); });
    return group;
}

void ProfileEditor::refreshFollowControls()
{
    if (!m_draft)
        return;
    const std::shared_ptr<const Provider> provider = m_providers->find(m_draft->providerId);
    const bool canList = provider && provider->capabilities().listRoute;
    m_follow->setEnabled(canList);
    if (!canList && m_draft->follow != FollowMode::Off) {
        m_draft->follow = FollowMode::Off; // a service that cannot list is never saved as followed
        const bool loading = std::exchange(m_loading, true);
        m_follow->setChecked(false);
        m_loading = loading;
    }
    const bool on = canList && m_draft->follow != FollowMode::Off;
    m_followWindow->setEnabled(on);
    m_followDays->setEnabled(on && m_draft->follow == FollowMode::LastDays);
    if (!canList)
        showMessage(m_followNote,
                    tr("%1 cannot list an account's tasks, so only the task IDs you add are watched.")
                        .arg(provider ? provider->name() : m_draft->providerId),
                    false);
    else
        showMessage(m_followNote, QString(), false);
}

QWidget* ProfileEditor::buildDownloadGroup()
{
    // Per profile, because a team's renders and one's own sketches go to different places.
    auto* group = new QGroupBox(tr("When a render succeeds"), this);
    auto* form = new QFormLayout(group);
    m_autoDownload = new QCheckBox(tr("&Download the video automatically"), group);
    m_autoDownload->setObjectName(QStringLiteral("autoDownload"));
    m_autoDownload->setAccessibleName(tr("Download each render of this profile automatically"));
    m_autoDownload->setToolTip(tr("Each render this profile finishes while Reelwatch is open, or finished while "
                                  "it was closed, is saved as soon as Reelwatch sees it."));
    form->addRow(m_autoDownload);
    m_autoDownloadFolder = new QLineEdit(group);
    m_autoDownloadFolder->setObjectName(QStringLiteral("autoDownloadFolder"));
    m_autoDownloadFolder->setAccessibleName(tr("Folder for this profile's renders"));
    m_autoDownloadFolder->setClearButtonEnabled(true);
    m_autoDownloadBrowse = new QPushButton(tr("Bro&wse…"), group);
    m_autoDownloadBrowse->setObjectName(QStringLiteral("browseAutoDownloadFolder"));
    m_autoDownloadBrowse->setAccessibleName(tr("Choose the folder for this profile's renders"));
    m_autoDownloadError
        = messageLabel(group, QStringLiteral("autoDownloadFolderError"), tr("Automatic download problem"));
    auto* folderRow = new QWidget(group);
    auto* rowLayout = new QHBoxLayout(folderRow);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    rowLayout->addWidget(m_autoDownloadFolder, 1);
    rowLayout->addWidget(m_autoDownloadBrowse);
    addFieldRow(form, tr("Save &into:"), folderRow, m_autoDownloadError);
    folderRow->setFocusProxy(m_autoDownloadFolder);
    connect(m_autoDownloadBrowse, &QPushButton::clicked, this, &ProfileEditor::browseAutoDownloadRequested);
    return group;
}

void ProfileEditor::connectFields()
{
    // Every edit lands in the draft at once, so switching profiles loses nothing.
    connect(m_name, &QLineEdit::textChanged, this,
            [this](const QString& text) { change(Field::Name, [&](ProfileDraft& draft) { draft.name = text; }); });
    connect(m_provider, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_draft || m_loading)
            return;
        const auto publicBase = [this](const QString& id) {
            const std::shared_ptr<const Provider> provider = m_providers->find(id);
            return provider ? provider->publicBaseUrl().toString() : QString();
        };
        const QString before = m_draft->providerId;
        const QString typed = m_draft->baseUrl.trimmed();
        change(Field::Provider, [&](ProfileDraft& draft) { draft.providerId = m_provider->currentData().toString(); });
        // The address follows the service while the user has not typed one of their own.
        if (typed.isEmpty() || typed == publicBase(before))
            m_baseUrl->setText(publicBase(m_draft->providerId));
        refreshProviderControls();
    });
    connect(m_baseUrl, &QLineEdit::textChanged, this, [this](const QString& text) {
        change(Field::BaseUrl, [&](ProfileDraft& draft) { draft.baseUrl = text; });
        refreshProviderControls();
    });
    connect(m_authMode, &QComboBox::currentIndexChanged, this, [this] {
        change(Field::AuthMode,
               [&](ProfileDraft& draft) { draft.authMode = AuthMode(m_authMode->currentData().toInt()); });
        refreshProviderControls();
    });
    connect(m_key, &QLineEdit::textChanged, this,
            [this](const QString& text) { change(Field::Key, [&](ProfileDraft& draft) { draft.pendingKey = text; }); });
    connect(m_interval, &QSpinBox::valueChanged, this, [this](int seconds) {
        change(Field::Poll, [&](ProfileDraft& draft) { draft.poll.baseIntervalMs = qint64(seconds) * 1000; });
    });
    connect(m_backoffCap, &QSpinBox::valueChanged, this, [this](int seconds) {
        change(Field::Poll, [&](ProfileDraft& draft) { draft.poll.maxIntervalMs = qint64(seconds) * 1000; });
    });
    connect(m_inFlight, &QSpinBox::valueChanged, this,
            [this](int count) { change(Field::Poll, [&](ProfileDraft& draft) { draft.poll.maxInFlight = count; }); });
    connect(m_requestsPerSecond, &QDoubleSpinBox::valueChanged, this, [this](double rate) {
        change(Field::Poll, [&](ProfileDraft& draft) { draft.poll.maxRequestsPerSecond = rate; });
    });
    connect(m_autoDownload, &QCheckBox::toggled, this, [this](bool on) {
        change(Field::AutoDownload, [&](ProfileDraft& draft) { draft.autoDownload = on; });
        refreshAutoDownloadControls();
    });
    connect(m_autoDownloadFolder, &QLineEdit::textChanged, this, [this](const QString& text) {
        change(Field::AutoDownload, [&](ProfileDraft& draft) { draft.autoDownloadFolder = text; });
    });
}

void ProfileEditor::change(Field field, const std::function<void(ProfileDraft&)>& apply)
{
    // Filling the form from a draft is not an edit.
    if (!m_draft || m_loading)
        return;
    apply(*m_draft);
    emit edited(field);
}

void ProfileEditor::edit(ProfileDraft* draft)
{
    m_draft = draft;
    setEnabled(draft != nullptr);
    if (!draft)
        return;
    m_loading = true;
    m_name->setText(draft->name);
    int providerIndex = m_provider->findData(draft->providerId);
    if (providerIndex < 0) {
        // A profile whose provider file is gone: shown as it is, never silently switched to another API.
        m_provider->addItem(tr("%1 (not installed)").arg(draft->providerId), draft->providerId);
        providerIndex = m_provider->count() - 1;
    }
    m_provider->setCurrentIndex(providerIndex);
    m_baseUrl->setText(draft->baseUrl);
    m_authMode->setCurrentIndex(std::max(0, m_authMode->findData(int(draft->authMode))));
    m_key->setText(draft->pendingKey);
    m_interval->setValue(SettingsForm::secondsOf(draft->poll.baseIntervalMs));
    m_backoffCap->setValue(SettingsForm::secondsOf(draft->poll.maxIntervalMs));
    m_inFlight->setValue(draft->poll.maxInFlight);
    m_requestsPerSecond->setValue(draft->poll.maxRequestsPerSecond);
    m_autoDownload->setChecked(draft->autoDownload);
    m_autoDownloadFolder->setText(draft->autoDownloadFolder);
    m_follow->setChecked(draft->follow != FollowMode::Off);
    if (draft->follow != FollowMode::Off)
        m_followWindow->setCurrentIndex(std::max(0, m_followWindow->findData(int(draft->follow))));
    m_followDays->setValue(draft->followDays);
    m_loading = false;
    refreshFollowControls();
    refreshTestOutcome();
    refreshAutoDownloadControls();
    refreshProviderControls();
}

void ProfileEditor::chooseInstalledProvider(const QString& providerId)
{
    const std::shared_ptr<const Provider> provider = m_providers->find(providerId);
    if (!provider)
        return;
    int index = m_provider->findData(providerId);
    for (const ProviderRegistry::Entry& entry : m_providers->entries()) {
        if (entry.provider->id() != providerId)
            continue;
        const QString text = tr("%1 (from %2)").arg(entry.provider->name(), entry.path);
        if (index < 0) {
            m_provider->addItem(text, providerId);
            index = m_provider->count() - 1;
        } else {
            m_provider->setItemText(index, text);
        }
    }
    m_provider->setCurrentIndex(index); // an edit like any other
    refreshProviderControls();
}

void ProfileEditor::showProviderProblem(const QString& problem)
{
    showMessage(m_providerNote, problem);
}

void ProfileEditor::refreshProviderControls()
{
    if (!m_draft)
        return;
    refreshFollowControls(); // following needs the provider's list route
    const std::shared_ptr<const Provider> provider = m_providers->find(m_draft->providerId);
    const bool openAiShape = m_draft->providerId == QLatin1String(GenericProvider::kId);
    m_authMode->setVisible(openAiShape);
    m_authModeLabel->setVisible(openAiShape);
    if (!provider) {
        m_baseUrl->setPlaceholderText(QString());
        showMessage(m_providerNote, m_providers->unknownProviderError(m_draft->providerId));
        m_request->clear();
        return;
    }
    const QUrl publicBase = provider->publicBaseUrl();
    m_baseUrl->setPlaceholderText(publicBase.isEmpty() ? tr("The server's address, e.g. https://gateway.example.com")
                                                       : tr("%1 (leave empty for this)").arg(publicBase.toString()));
    QStringList notes;
    if (!provider->credentialHint().isEmpty())
        notes << tr("Key: %1.").arg(provider->credentialHint());
    const ProviderCapabilities can = provider->capabilities();
    if (!can.listRoute)
        notes << tr("No list route: every task is asked for on its own.");
    if (!can.realProgress)
        notes << tr("Reports no progress while rendering.");
    showMessage(m_providerNote, notes.join(QLatin1Char(' ')), false);
    const ProviderRegistry::EndpointOutcome endpoint
        = m_providers->endpoint(m_draft->providerId, m_draft->baseUrl, m_draft->authMode);
    m_request->setText(endpoint.endpoint ? provider->describeStatusRequest(*endpoint.endpoint) : QString());
}

void ProfileEditor::showProblems(const Problems& problems)
{
    showMessage(m_nameError, problems.name);
    showMessage(m_baseUrlError, problems.baseUrl);
    showMessage(m_pollError, problems.poll);
    showMessage(m_autoDownloadError, problems.autoDownloadFolder);
    m_name->setAccessibleDescription(problems.name);
    m_baseUrl->setAccessibleDescription(problems.baseUrl);
    m_backoffCap->setAccessibleDescription(problems.poll);
    m_autoDownloadFolder->setAccessibleDescription(problems.autoDownloadFolder);
    m_canTest = problems.baseUrl.isEmpty();
    m_testButton->setEnabled(m_canTest && m_draft && !m_draft->testing);
}

void ProfileEditor::refreshTestOutcome()
{
    if (!m_draft)
        return;
    showMessage(m_testOutcome, m_draft->testing ? tr("Testing…") : m_draft->testOutcome,
                !m_draft->testing && !m_draft->testConnected);
    m_testButton->setEnabled(m_canTest && !m_draft->testing);
}

void ProfileEditor::refreshKeyControls(bool keyWritesPending)
{
    if (!m_draft)
        return;
    const bool typed = !m_draft->pendingKey.trimmed().isEmpty();
    // The demo keeps its keys in memory: saving to the keychain is not what happens there.
    const bool keychain = m_profiles->keysInSystemKeychain();
    m_saveKeyButton->setVisible(keychain);
    QString source;
    bool keychainWorks = true;
    if (m_draft->id == 0) {
        source = keychain ? tr("No key yet. A key entered here is saved to the keychain when you apply.")
                          : tr("No key yet. A key entered here is held in memory for this session when you apply.");
    } else {
        const std::optional<Profile> applied = m_profiles->profile(m_draft->id);
        const AuthMode mode = applied ? applied->authMode : m_draft->authMode;
        switch (m_profiles->keySource(m_draft->id)) {
        case ProfileManager::KeySource::Pending:
            source = tr("Current key: still asking the system keychain…");
            break;
        case ProfileManager::KeySource::Keychain:
            source = keychain ? tr("Current key: stored in the system keychain.")
                              : tr("Current key: the demo's key, held in memory for this session; nothing is "
                                   "written to the system keychain.");
            break;
        case ProfileManager::KeySource::Environment:
            source = tr("Current key: from the environment variable %1, which overrides the keychain.")
                         .arg(secretEnvironmentVariable(mode));
            break;
        case ProfileManager::KeySource::Session:
            source = tr("Current key: entered for this session only; it is forgotten when Reelwatch quits.");
            break;
        case ProfileManager::KeySource::Missing:
            source = keychain ? tr("Current key: none. Enter one and save it to the keychain.")
                              : tr("Current key: none. Enter one to use it for this session.");
            break;
        case ProfileManager::KeySource::Unavailable:
            keychainWorks = false;
            source = tr("Current key: none usable. %1 A key can still be used for this session only.")
                         .arg(m_profiles->keyProblem(m_draft->id));
            break;
        }
    }
    m_keySource->setText(source);
    m_saveKeyButton->setEnabled(m_draft->id != 0 && typed && keychainWorks && !keyWritesPending);
    m_sessionKeyButton->setEnabled(m_draft->id != 0 && typed);
    showMessage(m_keyStatus, m_draft->keyStatus, m_draft->keyStatusIsError);
}

void ProfileEditor::setDefaultDownloadFolder(const QString& folder)
{
    m_defaultDownloadFolder = folder;
    refreshAutoDownloadControls();
}

void ProfileEditor::setAutoDownloadFolder(const QString& folder)
{
    m_autoDownloadFolder->setText(folder); // an edit like any other
}

void ProfileEditor::refreshAutoDownloadControls()
{
    const bool on = m_draft && m_draft->autoDownload;
    m_autoDownloadFolder->setEnabled(on);
    m_autoDownloadBrowse->setEnabled(on);
    // Empty means the folder on the Downloads page, whatever it is by then: say which one that is.
    m_autoDownloadFolder->setPlaceholderText(tr("The download folder (%1)").arg(m_defaultDownloadFolder));
}

void ProfileEditor::clearKey()
{
    m_loading = true;
    m_key->clear();
    m_loading = false;
}

void ProfileEditor::focusName()
{
    m_name->setFocus();
    m_name->selectAll();
}

} // namespace Reelwatch

#include "profilespage.h"

#include "core/profilerules.h"
#include "monitor/connectiontester.h"
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "monitor/taskservice.h"
#include "profiledraft.h"
#include "providers/providerregistry.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace Reelwatch {

ProfilesPage::ProfilesPage(Monitor* monitor, const FolderChooser& chooseFolder, const Confirm& confirm, QWidget* parent)
    : SettingsPage(parent)
    , m_monitor(monitor)
    , m_chooseFolder(chooseFolder)
    , m_confirm(confirm)
{
    m_chooseProviderFile = [this] {
        return QFileDialog::getOpenFileName(this, tr("Provider file"), QString(), tr("Provider files (*.json)"));
    };
    m_profileList = new QListWidget(this);
    m_profileList->setObjectName(QStringLiteral("profileList"));
    m_profileList->setAccessibleName(tr("Profiles"));
    m_addButton = new QPushButton(tr("&Add"), this);
    m_addButton->setObjectName(QStringLiteral("addProfile"));
    m_addButton->setAccessibleName(tr("Add a profile"));
    m_removeButton = new QPushButton(tr("&Remove"), this);
    m_removeButton->setObjectName(QStringLiteral("removeProfile"));
    m_removeButton->setAccessibleName(tr("Remove the profile"));
    m_defaultButton = new QPushButton(tr("Make de&fault"), this);
    m_defaultButton->setObjectName(QStringLiteral("makeDefault"));
    m_defaultButton->setAccessibleName(tr("Make the profile the default"));
    connect(m_addButton, &QPushButton::clicked, this, &ProfilesPage::addProfile);
    connect(m_removeButton, &QPushButton::clicked, this, &ProfilesPage::removeProfile);
    connect(m_defaultButton, &QPushButton::clicked, this, &ProfilesPage::makeDefault);
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

    m_editor = new ProfileEditor(monitor->profiles(), monitor->providers(), this);
    connect(m_editor, &ProfileEditor::edited, this, &ProfilesPage::onEdited);
    connect(m_editor, &ProfileEditor::testRequested, this, &ProfilesPage::testConnection);
    connect(m_editor, &ProfileEditor::providerFileRequested, this, &ProfilesPage::loadProviderFile);
    connect(m_editor, &ProfileEditor::saveKeyRequested, this, &ProfilesPage::saveKey);
    connect(m_editor, &ProfileEditor::sessionKeyRequested, this, &ProfilesPage::useKeyForSession);
    connect(m_editor, &ProfileEditor::browseAutoDownloadRequested, this, &ProfilesPage::browseAutoDownloadFolder);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_editor);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left, 1);
    layout->addWidget(scroll, 3);

    connect(monitor->profiles(), &ProfileManager::keyStateChanged, this, [this](qint64) { refreshKeyControls(); });
    reloadDrafts(monitor->profiles()->defaultProfileId());
}

ProfilesPage::~ProfilesPage()
{
    for (const std::shared_ptr<Draft>& draft : std::as_const(m_drafts))
        draft->pendingKey.clear();
    m_editor->clearKey();
}

QString ProfilesPage::title() const
{
    return tr("&Profiles");
}

void ProfilesPage::reloadDrafts(qint64 selectKey)
{
    const QList<std::shared_ptr<Draft>> previous = m_drafts;
    m_drafts.clear();
    for (const Profile& profile : m_monitor->profiles()->profiles()) {
        auto draft = std::make_shared<Draft>(ProfileDraft::of(profile));
        for (const std::shared_ptr<Draft>& old : previous) {
            if (old->id == profile.id) {
                draft->pendingKey = old->pendingKey;
                draft->keyStatus = old->keyStatus;
                draft->keyStatusIsError = old->keyStatusIsError;
                draft->testOutcome = old->testOutcome;
                draft->testConnected = old->testConnected;
                draft->testing = old->testing;
            }
        }
        m_drafts << draft;
    }
    m_removedIds.clear();
    m_defaultKey = m_monitor->profiles()->defaultProfileId();
    int row = 0;
    for (int i = 0; i < m_drafts.size(); ++i) {
        if (m_drafts.at(i)->key == selectKey)
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

ProfileDraft* ProfilesPage::currentDraft() const
{
    const int row = m_profileList->currentRow();
    return row >= 0 && row < m_drafts.size() ? m_drafts.at(row).get() : nullptr;
}

ProfileDraft* ProfilesPage::draftByKey(qint64 key) const
{
    for (const std::shared_ptr<Draft>& draft : m_drafts) {
        if (draft->key == key)
            return draft.get();
    }
    return nullptr;
}

void ProfilesPage::selectDraft(int row)
{
    m_loading = true;
    m_profileList->setCurrentRow(row);
    m_loading = false;
    showDraft();
}

void ProfilesPage::showDraft()
{
    m_editor->edit(currentDraft());
    refreshKeyControls();
    validate();
    emit shownChanged();
}

QString ProfilesPage::displayName(const Draft& draft) const
{
    return draft.name.trimmed().isEmpty() ? tr("(unnamed)") : draft.name.trimmed();
}

void ProfilesPage::refreshList()
{
    for (int i = 0; i < m_drafts.size() && i < m_profileList->count(); ++i) {
        const Draft& draft = *m_drafts.at(i);
        QListWidgetItem* item = m_profileList->item(i);
        QString text = displayName(draft);
        if (draft.key == m_defaultKey)
            text = tr("%1 (default)").arg(text);
        if (draft.id == 0)
            text = tr("%1 (new)").arg(text);
        item->setText(text);
        const QString problem = problemOf(draft);
        item->setForeground(problem.isEmpty() ? palette().text() : QBrush(QColor(0xc0, 0x1c, 0x28)));
        item->setToolTip(problem.isEmpty() ? draft.baseUrl : problem);
    }
    const Draft* draft = currentDraft();
    m_removeButton->setEnabled(draft && m_drafts.size() > 1);
    m_defaultButton->setEnabled(draft && draft->key != m_defaultKey);
}

void ProfilesPage::refreshKeyControls()
{
    m_editor->refreshKeyControls(m_pendingKeyWrites > 0);
}

ProfileEditor::Problems ProfilesPage::problemsOf(const Draft& draft) const
{
    QStringList others;
    for (const std::shared_ptr<Draft>& other : m_drafts) {
        if (other->key != draft.key)
            others << other->name;
    }
    ProfileEditor::Problems problems;
    problems.name = ProfileRules::nameProblem(draft.name, others);
    // The provider fills in an empty address where it has a public one; its rules are the store's.
    problems.baseUrl = m_monitor->providers()->endpoint(draft.providerId, draft.baseUrl, draft.authMode).error;
    problems.poll = ProfileRules::pollProblem(draft.poll);
    // A folder typed while downloads are off is kept, and checked only once they are on.
    problems.autoDownloadFolder
        = draft.autoDownload ? ProfileRules::folderProblem(draft.autoDownloadFolder, true) : QString();
    return problems;
}

QString ProfilesPage::problemOf(const Draft& draft) const
{
    const ProfileEditor::Problems problems = problemsOf(draft);
    for (const QString& problem : {problems.name, problems.baseUrl, problems.poll, problems.autoDownloadFolder}) {
        if (!problem.isEmpty())
            return problem;
    }
    return QString();
}

bool ProfilesPage::validate()
{
    bool valid = true;
    for (const std::shared_ptr<Draft>& draft : std::as_const(m_drafts))
        valid &= problemOf(*draft).isEmpty();
    if (const Draft* draft = currentDraft())
        m_editor->showProblems(problemsOf(*draft));
    refreshList();
    return valid;
}

QString ProfilesPage::hiddenProblem(bool pageShown) const
{
    const Draft* shown = pageShown ? currentDraft() : nullptr;
    for (const std::shared_ptr<Draft>& draft : m_drafts) {
        const QString problem = problemOf(*draft);
        if (!problem.isEmpty() && draft.get() != shown)
            return tr("Profile “%1”: %2").arg(displayName(*draft), problem);
    }
    return QString();
}

void ProfilesPage::setDefaultDownloadFolder(const QString& folder)
{
    m_defaultDownloadFolder = folder;
    m_editor->setDefaultDownloadFolder(folder);
}

void ProfilesPage::onEdited(ProfileEditor::Field field)
{
    Draft* draft = currentDraft();
    if (!draft)
        return;
    switch (field) {
    case ProfileEditor::Field::Name:
        refreshList();
        break;
    case ProfileEditor::Field::Provider:
    case ProfileEditor::Field::BaseUrl:
        forgetTestOutcome(*draft);
        break;
    case ProfileEditor::Field::AuthMode:
    case ProfileEditor::Field::Key:
        forgetTestOutcome(*draft);
        refreshKeyControls();
        break;
    case ProfileEditor::Field::Poll:
    case ProfileEditor::Field::AutoDownload:
    case ProfileEditor::Field::Follow:
        break;
    }
    emit edited();
}

void ProfilesPage::forgetTestOutcome(Draft& draft)
{
    // An outcome for another URL, mode or key would mislead; one still running reports when done.
    if (draft.testing)
        return;
    draft.testOutcome.clear();
    m_editor->refreshTestOutcome();
}

void ProfilesPage::showProfile(qint64 profileId)
{
    for (int i = 0; i < m_drafts.size(); ++i) {
        if (m_drafts.at(i)->id == profileId)
            selectDraft(i);
    }
}

void ProfilesPage::addProfile()
{
    auto draft = std::make_shared<Draft>();
    draft->key = m_nextNewKey--;
    // A name that is free, so the only thing left to fill in is the server.
    QStringList names;
    for (const std::shared_ptr<Draft>& other : std::as_const(m_drafts))
        names << other->name;
    draft->name = tr("New profile");
    for (int n = 2; !ProfileRules::nameProblem(draft->name, names).isEmpty(); ++n)
        draft->name = tr("New profile %1").arg(n);
    m_drafts << draft;
    m_loading = true;
    m_profileList->addItem(QString());
    m_loading = false;
    selectDraft(int(m_drafts.size()) - 1);
    emit edited();
    m_editor->focusName();
}

void ProfilesPage::loadProviderFile()
{
    if (!currentDraft())
        return;
    const QString path = m_chooseProviderFile();
    if (path.isEmpty())
        return;
    // Installed at once (in the data folder), so the profile that uses it, and an export of it, find it.
    const ProviderRegistry::Outcome installed = m_monitor->providers()->install(path);
    if (!installed.provider) {
        m_editor->showProviderProblem(installed.error);
        return;
    }
    m_editor->chooseInstalledProvider(installed.provider->id());
}

void ProfilesPage::removeProfile()
{
    const int row = m_profileList->currentRow();
    Draft* draft = currentDraft();
    if (!draft || m_drafts.size() <= 1)
        return;
    if (draft->id != 0) {
        const int tasks = m_monitor->tasks()->countForProfile(draft->id);
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
        m_defaultKey = m_drafts.first()->key;
    m_loading = true;
    delete m_profileList->takeItem(row);
    m_loading = false;
    selectDraft(std::min(row, int(m_drafts.size()) - 1));
    emit edited();
}

void ProfilesPage::makeDefault()
{
    if (const Draft* draft = currentDraft()) {
        m_defaultKey = draft->key;
        emit edited();
    }
}

void ProfilesPage::testConnection()
{
    Draft* draft = currentDraft();
    if (!draft || draft->testing)
        return;
    draft->testing = true;
    draft->testOutcome.clear();
    m_editor->refreshTestOutcome();
    const qint64 key = draft->key;
    m_monitor->connectionTester()->test(draft->id, draft->providerId, draft->baseUrl, draft->authMode,
                                        draft->pendingKey.trimmed().toUtf8(), this,
                                        [this, key](const ConnectionTestResult& result) {
                                            Draft* tested = draftByKey(key);
                                            if (!tested)
                                                return; // removed, or added under its new ID meanwhile
                                            tested->testing = false;
                                            tested->testOutcome = result.message;
                                            tested->testConnected = result.connected;
                                            if (tested == currentDraft())
                                                m_editor->refreshTestOutcome();
                                        });
}

void ProfilesPage::storeKey(const Draft& draft)
{
    ++m_pendingKeyWrites;
    const qint64 id = draft.id;
    m_monitor->profiles()->storeKey(id, draft.pendingKey.trimmed().toUtf8(), this,
                                    [this, id](bool ok, const QString& problem) { keyWriteFinished(id, ok, problem); });
    emit busyChanged();
}

void ProfilesPage::saveKey()
{
    Draft* draft = currentDraft();
    if (!draft || draft->id == 0 || draft->pendingKey.trimmed().isEmpty())
        return;
    draft->keyStatus.clear();
    storeKey(*draft);
    refreshKeyControls();
}

void ProfilesPage::useKeyForSession()
{
    Draft* draft = currentDraft();
    if (!draft || draft->id == 0 || draft->pendingKey.trimmed().isEmpty())
        return;
    m_monitor->profiles()->useSessionKey(draft->id, draft->pendingKey.trimmed().toUtf8());
    draft->pendingKey.clear();
    draft->keyStatus = tr("Used for this session only; it is not stored anywhere.");
    draft->keyStatusIsError = false;
    m_editor->clearKey();
    refreshKeyControls();
}

void ProfilesPage::keyWriteFinished(qint64 profileId, bool ok, const QString& problem)
{
    if (Draft* saved = draftByKey(profileId)) {
        if (ok) {
            saved->pendingKey.clear();
            if (saved == currentDraft())
                m_editor->clearKey();
        }
        const QString savedWords = m_monitor->profiles()->keysInSystemKeychain()
            ? tr("Saved to the keychain.")
            : tr("Held in memory for this session.");
        saved->keyStatus = ok ? savedWords : tr("The key was not saved. %1").arg(problem);
        saved->keyStatusIsError = !ok;
    }
    m_keyWriteFailed |= !ok;
    --m_pendingKeyWrites;
    refreshKeyControls();
    emit busyChanged();
    if (m_pendingKeyWrites > 0)
        return;
    const bool allSaved = !m_keyWriteFailed;
    m_keyWriteFailed = false;
    emit keysSaved(allSaved);
}

void ProfilesPage::browseAutoDownloadFolder()
{
    const Draft* draft = currentDraft();
    if (!draft)
        return;
    QString start = QDir::fromNativeSeparators(draft->autoDownloadFolder.trimmed());
    if (start.isEmpty())
        start = QDir::fromNativeSeparators(m_defaultDownloadFolder.trimmed());
    const QString chosen = m_chooseFolder(this, tr("Folder for this profile's renders"), start);
    if (!chosen.isEmpty())
        m_editor->setAutoDownloadFolder(QDir::toNativeSeparators(chosen));
}

bool ProfilesPage::applyProfiles(QString* error)
{
    ProfileManager* profiles = m_monitor->profiles();
    for (const qint64 id : std::as_const(m_removedIds)) {
        const QString name = profiles->profile(id) ? profiles->profile(id)->name : QString();
        if (!profiles->removeProfile(id, error)) {
            *error = tr("“%1” could not be removed: %2").arg(name, *error);
            return false;
        }
    }
    m_removedIds.clear();
    for (const std::shared_ptr<Draft>& draft : std::as_const(m_drafts)) {
        if (draft->id == 0)
            continue;
        const std::optional<Profile> current = profiles->profile(draft->id);
        if (!current)
            continue;
        Profile changed = *current;
        changed.name = draft->name.trimmed();
        const ProviderRegistry::EndpointOutcome endpoint
            = m_monitor->providers()->endpoint(draft->providerId, draft->baseUrl, draft->authMode);
        changed.baseUrl = endpoint.endpoint ? endpoint.endpoint->baseUrl() : QUrl();
        changed.providerId = draft->providerId;
        changed.authMode = draft->authMode;
        changed.poll.baseIntervalMs = draft->poll.baseIntervalMs;
        changed.poll.maxIntervalMs = draft->poll.maxIntervalMs;
        changed.poll.maxInFlight = draft->poll.maxInFlight;
        changed.poll.maxRequestsPerSecond = draft->poll.maxRequestsPerSecond;
        changed.autoDownload = draft->autoDownload;
        changed.autoDownloadFolder = QDir::fromNativeSeparators(draft->autoDownloadFolder.trimmed());
        changed.follow = draft->follow;
        changed.followDays = draft->followDays;
        if (changed.name == current->name && changed.baseUrl == current->baseUrl
            && changed.providerId == current->providerId && changed.authMode == current->authMode
            && changed.poll.sameStoredValues(current->poll) && changed.autoDownload == current->autoDownload
            && changed.autoDownloadFolder == current->autoDownloadFolder && changed.follow == current->follow
            && changed.followDays == current->followDays)
            continue;
        if (!profiles->updateProfile(changed, error)) {
            *error = tr("“%1” could not be saved: %2").arg(changed.name, *error);
            return false;
        }
    }
    for (const std::shared_ptr<Draft>& draft : std::as_const(m_drafts)) {
        if (draft->id != 0)
            continue;
        const std::optional<Profile> created = profiles->addProfile(
            draft->name.trimmed(), draft->providerId, draft->baseUrl, draft->authMode, draft->poll, error);
        if (!created) {
            *error = tr("“%1” could not be added: %2").arg(draft->name.trimmed(), *error);
            return false;
        }
        if (m_defaultKey == draft->key)
            m_defaultKey = created->id;
        draft->key = created->id;
        draft->id = created->id;
        const QString folder = QDir::fromNativeSeparators(draft->autoDownloadFolder.trimmed());
        if (draft->autoDownload || !folder.isEmpty() || draft->follow != FollowMode::Off) {
            Profile withDownloads = *created;
            withDownloads.autoDownload = draft->autoDownload;
            withDownloads.autoDownloadFolder = folder;
            withDownloads.follow = draft->follow;
            withDownloads.followDays = draft->followDays;
            if (!profiles->updateProfile(withDownloads, error)) {
                *error = tr("“%1” could not be saved: %2").arg(created->name, *error);
                return false;
            }
        }
    }
    if (m_defaultKey > 0 && m_defaultKey != profiles->defaultProfileId()
        && !profiles->setDefaultProfile(m_defaultKey, error))
        return false;
    return true;
}

bool ProfilesPage::apply(QString* error)
{
    if (!applyProfiles(error)) {
        // What did get applied stays applied (added drafts now carry their IDs); the rest waits.
        validate();
        return false;
    }
    // A profile added just now keeps its row: its draft carries the new ID as its key.
    const qint64 reselect = currentDraft() ? currentDraft()->key : 0;
    for (const std::shared_ptr<Draft>& draft : std::as_const(m_drafts)) {
        if (draft->id != 0 && !draft->pendingKey.trimmed().isEmpty())
            storeKey(*draft);
    }
    reloadDrafts(reselect);
    return true;
}

} // namespace Reelwatch

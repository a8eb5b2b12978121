#pragma once

#include "profileeditor.h"
#include "settingspage.h"

#include <memory>
#include <QList>

class QListWidget;
class QPushButton;

namespace Reelwatch {

class Monitor;
struct ProfileDraft;

// Settings › Profiles: the list of profiles beside the form for the selected one. Edits are drafts
// (switching profiles loses nothing) until apply(), which removes, changes and adds profiles through
// the ProfileManager (so they take effect at once) and saves typed keys to the keychain.
class ProfilesPage : public SettingsPage
{
    Q_OBJECT

public:
    ProfilesPage(Monitor* monitor, const FolderChooser& chooseFolder, const Confirm& confirm,
                 QWidget* parent = nullptr);
    // Typed keys live no longer than the page.
    ~ProfilesPage() override;

    QString title() const override;
    bool validate() override;
    QString hiddenProblem(bool pageShown) const override;
    bool apply(QString* error) override;

    void showProfile(qint64 profileId);
    // A new profile, selected, with its name field focused.
    void startNewProfile() { addProfile(); }
    // Asks for a provider file to use; empty when the user cancels. Tests answer it themselves.
    using FileChooser = std::function<QString()>;
    void setProviderFileChooser(FileChooser chooser) { m_chooseProviderFile = std::move(chooser); }
    // The folder an empty "Save into" means (the Downloads page's, as typed).
    void setDefaultDownloadFolder(const QString& folder);
    bool isSavingKeys() const { return m_pendingKeyWrites > 0; }

signals:
    // Every key being saved has been answered; `allSaved` false when the keychain refused one.
    void keysSaved(bool allSaved);
    // A key write started or ended (OK and Apply wait for the keychain).
    void busyChanged();

private:
    using Draft = ProfileDraft;

    // Rebuilds the drafts from the profiles, keeping typed keys and test outcomes of known ones.
    void reloadDrafts(qint64 selectKey);
    Draft* currentDraft() const;
    Draft* draftByKey(qint64 key) const;
    void selectDraft(int row);
    void showDraft();
    QString displayName(const Draft& draft) const;
    void refreshList();
    void refreshKeyControls();
    ProfileEditor::Problems problemsOf(const Draft& draft) const;
    QString problemOf(const Draft& draft) const;

    void onEdited(ProfileEditor::Field field);
    void forgetTestOutcome(Draft& draft);
    void addProfile();
    void loadProviderFile();
    void removeProfile();
    void makeDefault();
    void testConnection();
    void saveKey();
    void useKeyForSession();
    void browseAutoDownloadFolder();
    void storeKey(const Draft& draft);
    void keyWriteFinished(qint64 profileId, bool ok, const QString& problem);
    bool applyProfiles(QString* error);

    Monitor* m_monitor;
    FileChooser m_chooseProviderFile;
    const FolderChooser& m_chooseFolder;
    const Confirm& m_confirm;
    // Shared pointers keep each draft where the editor points while the list grows and shrinks.
    QList<std::shared_ptr<Draft>> m_drafts;
    QList<qint64> m_removedIds;
    qint64 m_defaultKey = 0;
    qint64 m_nextNewKey = -1;
    bool m_loading = false;
    int m_pendingKeyWrites = 0;
    bool m_keyWriteFailed = false;
    QString m_defaultDownloadFolder;

    QListWidget* m_profileList = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    QPushButton* m_defaultButton = nullptr;
    ProfileEditor* m_editor = nullptr;
};

} // namespace Reelwatch

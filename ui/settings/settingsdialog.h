#pragma once

#include "settingspage.h"

#include <QDialog>
#include <QList>

class QDialogButtonBox;
class QLabel;
class QTabWidget;

namespace Reelwatch {

class AppSettings;
class Autostart;
class DownloadsPage;
class Monitor;
class ProfilesPage;

// Everything a user can set, one SettingsPage per tab: profiles, notifications, downloads and general
// behaviour. Edits are drafts until Apply or OK; invalid input is refused in place with the reason
// and keeps Apply and OK disabled, and a problem on a page out of sight is named under the tabs.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    using FolderChooser = Reelwatch::FolderChooser;
    using Confirm = Reelwatch::Confirm;

    enum Page
    {
        ProfilesPage,
        NotificationsPage,
        DownloadsPage,
        GeneralPage,
    };

    // `autostart` may be null where starting at login is not offered.
    SettingsDialog(Monitor* monitor, AppSettings* settings, Autostart* autostart, QWidget* parent = nullptr);
    ~SettingsDialog() override;

    void setFolderChooser(FolderChooser chooser) { m_chooseFolder = std::move(chooser); }
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    // Opens on the profiles page with this profile selected.
    void showProfile(qint64 profileId);
    void showPage(Page page);
    // Opens on the profiles page with a new profile to fill in (the first run's "Add a service").
    void startNewProfile();

    // Writes every change; false (with the reason shown in the dialog) when something was refused.
    bool apply();
    // Applies, then closes once typed keys are in the keychain.
    void accept() override;

signals:
    void applied();

private:
    // Shows every problem in place and enables Apply/OK only when there is none.
    void validate();
    void edited();
    void keysSaved(bool allSaved);
    void showSummary(const QString& text, bool isError);

    AppSettings* m_settings;
    FolderChooser m_chooseFolder;
    Confirm m_confirm;
    Reelwatch::ProfilesPage* m_profiles = nullptr;
    Reelwatch::DownloadsPage* m_downloads = nullptr;
    QList<SettingsPage*> m_pages; // in tab order
    bool m_dirty = false;
    bool m_valid = true;
    bool m_closeWhenKeysSaved = false;

    QTabWidget* m_tabs = nullptr;
    QLabel* m_summary = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace Reelwatch

#pragma once

#include "core/apiendpoint.h"
#include "core/pollsettings.h"

#include <functional>
#include <QDialog>
#include <QList>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace Reelwatch {

class AppSettings;
class Autostart;
class Monitor;

// Everything a user can set, on four pages: profiles (server, auth mode, key, "Test connection",
// polling, downloading each render as it succeeds), notifications, downloads and general behaviour. Edits are drafts
// until Apply or OK; invalid input is refused in place with the reason and keeps Apply and OK disabled. Profiles are
// changed through the Monitor (so they take effect at once), keys go to the keychain through it,
// the rest goes to AppSettings and the autostart entry.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    // Test seams: the folder picker and the yes/no question (KeePassXC's MessageBox pattern).
    using FolderChooser = std::function<QString(QWidget* parent, const QString& title, const QString& startFolder)>;
    using Confirm = std::function<bool(QWidget* parent, const QString& title, const QString& question)>;

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

    // Writes every change; false (with the reason shown in the dialog) when something was refused.
    bool apply();
    // Applies, then closes once typed keys are in the keychain.
    void accept() override;

signals:
    void applied();

private:
    struct Draft
    {
        qint64 key = 0; // the profile ID, or a negative number for a profile not added yet
        qint64 id = 0; // 0 until added
        QString name;
        QString baseUrl; // as typed
        AuthMode authMode = AuthMode::Bearer;
        PollSettings poll;
        bool autoDownload = false;
        QString autoDownloadFolder; // as typed; empty for the window's download folder
        QString pendingKey; // typed, not yet saved; never the stored key
        QString keyStatus;
        bool keyStatusIsError = false;
        QString testOutcome;
        bool testConnected = false;
        bool testing = false;
    };

    QWidget* buildProfilesPage();
    QWidget* buildNotificationsPage();
    QWidget* buildDownloadsPage();
    QWidget* buildGeneralPage();
    void loadSettings();
    // Rebuilds the drafts from the monitor, keeping typed keys and test outcomes of known profiles.
    void reloadDrafts(qint64 selectKey);

    Draft* currentDraft();
    Draft* draftByKey(qint64 key);
    void selectDraft(int row);
    void showDraft();
    QString displayName(const Draft& draft) const;
    void refreshList();
    void refreshKeyControls();

    QString nameProblem(const Draft& draft) const;
    QString urlProblem(const Draft& draft) const;
    QString pollProblem(const Draft& draft) const;
    QString autoDownloadProblem(const Draft& draft) const;
    QString draftProblem(const Draft& draft) const;
    QString folderProblem() const;
    // Why `text` cannot be a download folder; empty when it can (an empty text only when allowed).
    QString folderProblem(const QString& text, bool emptyAllowed) const;
    // Shows every problem in place and enables Apply/OK only when there is none.
    void validate();
    // Applies a form edit to the selected profile's draft, then revalidates.
    void editCurrentDraft(const std::function<void(Draft&)>& change);
    void edited();
    void forgetTestOutcome(Draft& draft);

    void addProfile();
    void removeProfile();
    void makeDefault();
    void testConnection();
    void saveKey();
    void useKeyForSession();
    void browseFolder();
    void browseAutoDownloadFolder();
    void refreshAutoDownloadControls();

    bool applyProfiles(QString* error);
    bool applySettings(QString* error);
    void storePendingKeys();
    void keyWriteFinished(qint64 profileId, bool ok, const QString& problem);
    void showSummary(const QString& text, bool isError);

    Monitor* m_monitor;
    AppSettings* m_settings;
    Autostart* m_autostart;
    FolderChooser m_chooseFolder;
    Confirm m_confirm;

    QList<Draft> m_drafts;
    QList<qint64> m_removedIds;
    qint64 m_defaultKey = 0;
    qint64 m_nextNewKey = -1;
    bool m_dirty = false;
    bool m_valid = true;
    bool m_loading = false;
    int m_pendingKeyWrites = 0;
    bool m_keyWriteFailed = false;
    bool m_closeWhenKeysSaved = false;

    QTabWidget* m_tabs = nullptr;
    // Profiles.
    QListWidget* m_profileList = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    QPushButton* m_defaultButton = nullptr;
    QWidget* m_profileForm = nullptr;
    QLineEdit* m_name = nullptr;
    QLabel* m_nameError = nullptr;
    QLineEdit* m_baseUrl = nullptr;
    QLabel* m_baseUrlError = nullptr;
    QComboBox* m_authMode = nullptr;
    QLineEdit* m_key = nullptr;
    QLabel* m_keySource = nullptr;
    QPushButton* m_saveKeyButton = nullptr;
    QPushButton* m_sessionKeyButton = nullptr;
    QLabel* m_keyStatus = nullptr;
    QPushButton* m_testButton = nullptr;
    QLabel* m_testOutcome = nullptr;
    QSpinBox* m_interval = nullptr;
    QSpinBox* m_backoffCap = nullptr;
    QLabel* m_pollError = nullptr;
    QSpinBox* m_inFlight = nullptr;
    QDoubleSpinBox* m_requestsPerSecond = nullptr;
    QCheckBox* m_autoDownload = nullptr;
    QLineEdit* m_autoDownloadFolder = nullptr;
    QPushButton* m_autoDownloadBrowse = nullptr;
    QLabel* m_autoDownloadError = nullptr;
    // Notifications.
    QCheckBox* m_notifySuccess = nullptr;
    QCheckBox* m_notifyFailure = nullptr;
    QCheckBox* m_notifyStart = nullptr;
    QCheckBox* m_notificationSound = nullptr;
    // Downloads.
    QLineEdit* m_downloadFolder = nullptr;
    QPushButton* m_browseButton = nullptr;
    QLabel* m_folderError = nullptr;
    // General.
    QCheckBox* m_closeToTray = nullptr;
    QCheckBox* m_startMinimised = nullptr;
    QCheckBox* m_startAtLogin = nullptr;
    QLabel* m_autostartError = nullptr;

    QLabel* m_summary = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace Reelwatch

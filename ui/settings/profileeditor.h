#pragma once

#include <functional>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace Reelwatch {

class ProfileManager;
class ProviderRegistry;
struct ProfileDraft;

// The form for one profile: the service (provider), server, authentication, key, "Test connection", polling and what
// happens when a render succeeds. It edits the draft it is given in place and says which part changed; the profiles
// page decides what an edit means (a test outcome to forget, a list entry to rename) and carries out the buttons.
class ProfileEditor : public QWidget
{
    Q_OBJECT

public:
    enum class Field
    {
        Name,
        Provider,
        BaseUrl,
        AuthMode,
        Key,
        Poll,
        AutoDownload,
        Follow,
    };

    struct Problems
    {
        QString name;
        QString baseUrl;
        QString poll;
        QString autoDownloadFolder;
    };

    ProfileEditor(const ProfileManager* profiles, const ProviderRegistry* providers, QWidget* parent = nullptr);

    // Shows this draft and edits it from now on; null disables the form.
    void edit(ProfileDraft* draft);
    ProfileDraft* draft() const { return m_draft; }

    void showProblems(const Problems& problems);
    // The key section from the draft and where the profile's current key comes from.
    void refreshKeyControls(bool keyWritesPending);
    void refreshTestOutcome();
    // The folder an empty "Save into" means, named in its placeholder.
    void setDefaultDownloadFolder(const QString& folder);
    void setAutoDownloadFolder(const QString& folder);
    // The typed key is gone (saved, or used for the session).
    void clearKey();
    void focusName();
    // A provider installed from a file: added to the choice and chosen for the draft.
    void chooseInstalledProvider(const QString& providerId);
    void showProviderProblem(const QString& problem);

signals:
    void edited(Reelwatch::ProfileEditor::Field field);
    void testRequested();
    void providerFileRequested();
    void saveKeyRequested();
    void sessionKeyRequested();
    void browseAutoDownloadRequested();

private:
    QWidget* buildServerGroup();
    QWidget* buildKeyGroup();
    QWidget* buildPollGroup();
    QWidget* buildDownloadGroup();
    QWidget* buildFollowGroup();
    void refreshFollowControls();
    void connectFields();
    // Applies a form edit to the draft, unless the form is being filled from it.
    void change(Field field, const std::function<void(ProfileDraft&)>& apply);
    void refreshAutoDownloadControls();
    // The base URL's placeholder, the auth row and the request line follow the chosen provider.
    void refreshProviderControls();

    const ProfileManager* m_profiles;
    const ProviderRegistry* m_providers;
    ProfileDraft* m_draft = nullptr;
    bool m_loading = false;
    bool m_canTest = true;
    QString m_defaultDownloadFolder;

    QLineEdit* m_name = nullptr;
    QLabel* m_nameError = nullptr;
    QComboBox* m_provider = nullptr;
    QPushButton* m_providerFile = nullptr;
    QLabel* m_providerNote = nullptr;
    QLabel* m_request = nullptr;
    QLabel* m_authModeLabel = nullptr;
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
    QCheckBox* m_follow = nullptr;
    QComboBox* m_followWindow = nullptr;
    QSpinBox* m_followDays = nullptr;
    QLabel* m_followNote = nullptr;
    QLineEdit* m_autoDownloadFolder = nullptr;
    QPushButton* m_autoDownloadBrowse = nullptr;
    QLabel* m_autoDownloadError = nullptr;
};

} // namespace Reelwatch

#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Reelwatch {

class ProfileManager;

// Enter a profile's key or token: saved to the system keychain, or held in memory for this session
// only (the way out when there is no keychain). The field never echoes and is cleared on close.
class KeyDialog : public QDialog
{
    Q_OBJECT

public:
    KeyDialog(ProfileManager* profileManager, qint64 profileId, QWidget* parent = nullptr);
    ~KeyDialog() override;

private:
    qint64 selectedProfile() const;
    void updateExplanation();
    void saveToKeychain();
    void useForSession();

    ProfileManager* m_profileManager;
    QComboBox* m_profiles;
    QLineEdit* m_key;
    QLabel* m_explanation;
    QPushButton* m_saveButton;
    QPushButton* m_sessionButton;
};

} // namespace Reelwatch

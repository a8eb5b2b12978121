#pragma once

#include "settingspage.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace Reelwatch {

class AppSettings;

// Settings › Downloads: the folder finished renders are saved into.
class DownloadsPage : public SettingsPage
{
    Q_OBJECT

public:
    DownloadsPage(AppSettings* settings, const FolderChooser& chooseFolder, QWidget* parent = nullptr);

    QString title() const override;
    bool validate() override;
    QString hiddenProblem(bool pageShown) const override;
    bool apply(QString* error) override;

    // As typed, for the profiles whose renders go here.
    QString folder() const;

signals:
    void folderChanged(const QString& folder);

private:
    void browse();

    AppSettings* m_settings;
    const FolderChooser& m_chooseFolder;
    QLineEdit* m_folder = nullptr;
    QPushButton* m_browseButton = nullptr;
    QLabel* m_folderError = nullptr;
};

} // namespace Reelwatch

#include "settingsdialog.h"

#include "appsettings.h"
#include "downloadspage.h"
#include "generalpage.h"
#include "notificationspage.h"
#include "profilespage.h"
#include "settingsform.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace Reelwatch {

SettingsDialog::SettingsDialog(Monitor* monitor, AppSettings* settings, Autostart* autostart, QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
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
    // In the order of the Page enum.
    m_profiles = new Reelwatch::ProfilesPage(monitor, m_chooseFolder, m_confirm, this);
    m_downloads = new Reelwatch::DownloadsPage(settings, m_chooseFolder, this);
    m_pages = {m_profiles, new Reelwatch::NotificationsPage(settings, this), m_downloads,
               new Reelwatch::GeneralPage(settings, autostart, this)};
    for (SettingsPage* page : std::as_const(m_pages)) {
        m_tabs->addTab(page, page->title());
        connect(page, &SettingsPage::edited, this, &SettingsDialog::edited);
        connect(page, &SettingsPage::shownChanged, this, &SettingsDialog::validate);
    }
    m_profiles->setDefaultDownloadFolder(m_downloads->folder());
    connect(m_downloads, &DownloadsPage::folderChanged, m_profiles, &ProfilesPage::setDefaultDownloadFolder);
    connect(m_profiles, &ProfilesPage::busyChanged, this, &SettingsDialog::validate);
    connect(m_profiles, &ProfilesPage::keysSaved, this, &SettingsDialog::keysSaved);

    m_summary = SettingsForm::messageLabel(this, QStringLiteral("summary"), tr("Settings problem"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setAccessibleName(tr("OK"));
    m_buttons->button(QDialogButtonBox::Apply)->setAccessibleName(tr("Apply"));
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &SettingsDialog::apply);
    // The summary names problems that are not on screen, which depends on the page shown.
    connect(m_tabs, &QTabWidget::currentChanged, this, &SettingsDialog::validate);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(m_summary);
    layout->addWidget(m_buttons);

    m_dirty = false;
    validate();
    resize(760, 640);
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::validate()
{
    if (!m_summary)
        return; // still building
    m_valid = true;
    QString outOfSight;
    for (int index = 0; index < m_pages.size(); ++index) {
        SettingsPage* page = m_pages.at(index);
        m_valid &= page->validate();
        if (outOfSight.isEmpty())
            outOfSight = page->hiddenProblem(m_tabs->currentIndex() == index);
    }
    // A problem not on screen is named at the bottom, so a disabled OK always has a visible reason.
    showSummary(outOfSight, true);
    const bool busy = m_profiles->isSavingKeys();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_valid && !busy);
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(m_valid && m_dirty && !busy);
}

void SettingsDialog::edited()
{
    m_dirty = true;
    validate();
}

void SettingsDialog::showSummary(const QString& text, bool isError)
{
    SettingsForm::showMessage(m_summary, text, isError);
}

void SettingsDialog::showProfile(qint64 profileId)
{
    showPage(ProfilesPage);
    m_profiles->showProfile(profileId);
}

void SettingsDialog::startNewProfile()
{
    showPage(ProfilesPage);
    m_profiles->startNewProfile();
}

void SettingsDialog::showPage(Page page)
{
    m_tabs->setCurrentIndex(page);
}

bool SettingsDialog::apply()
{
    validate();
    if (!m_valid || m_profiles->isSavingKeys())
        return false;
    QString error;
    if (!m_profiles->apply(&error)) {
        showPage(ProfilesPage);
        validate();
        showSummary(error, true);
        return false;
    }
    // The other pages write into the settings, which are saved together even when one of them (start
    // at login) was refused, so a refusal costs no other change.
    int failedPage = -1;
    for (int index = 1; index < m_pages.size(); ++index) {
        QString pageError;
        if (!m_pages.at(index)->apply(&pageError) && failedPage < 0) {
            failedPage = index;
            error = pageError;
        }
    }
    QString saveError;
    if (!m_settings->save(&saveError) && failedPage < 0) {
        failedPage = GeneralPage;
        error = saveError;
    }
    if (failedPage >= 0) {
        showPage(Page(failedPage));
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
    if (m_profiles->isSavingKeys()) {
        m_closeWhenKeysSaved = true; // closes when the keychain has answered
        return;
    }
    QDialog::accept();
}

void SettingsDialog::keysSaved(bool allSaved)
{
    validate();
    if (m_closeWhenKeysSaved && allSaved) {
        QDialog::accept();
        return;
    }
    m_closeWhenKeysSaved = false;
    if (!allSaved) {
        showPage(ProfilesPage);
        showSummary(tr("A key could not be saved; see the profile's key section."), true);
    }
}

} // namespace Reelwatch

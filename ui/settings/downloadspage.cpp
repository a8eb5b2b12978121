#include "downloadspage.h"

#include "appsettings.h"
#include "core/profilerules.h"
#include "settingsform.h"

#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace Reelwatch {

DownloadsPage::DownloadsPage(AppSettings* settings, const FolderChooser& chooseFolder, QWidget* parent)
    : SettingsPage(parent)
    , m_settings(settings)
    , m_chooseFolder(chooseFolder)
{
    auto* form = new QFormLayout(this);
    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("downloadFolder"));
    m_folder->setAccessibleName(tr("Download folder"));
    m_folder->setText(QDir::toNativeSeparators(m_settings->downloadFolder()));
    m_browseButton = new QPushButton(tr("&Browse…"), this);
    m_browseButton->setObjectName(QStringLiteral("browseDownloadFolder"));
    m_browseButton->setAccessibleName(tr("Choose the download folder"));
    m_folderError
        = SettingsForm::messageLabel(this, QStringLiteral("downloadFolderError"), tr("Download folder problem"));
    auto* row = new QWidget(this);
    auto* rowLayout = new QHBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    rowLayout->addWidget(m_folder, 1);
    rowLayout->addWidget(m_browseButton);
    SettingsForm::addFieldRow(form, tr("Download &folder:"), row, m_folderError);
    // The row container is the buddy target; the field itself must take the focus.
    row->setFocusProxy(m_folder);
    auto* hint = new QLabel(tr("Finished renders are saved here; the folder is created when it is first needed. Each "
                               "profile can also save its renders automatically, here or into a folder of its own "
                               "(Profiles page)."),
                            this);
    hint->setWordWrap(true);
    form->addRow(hint);
    connect(m_folder, &QLineEdit::textChanged, this, &SettingsPage::edited);
    connect(m_folder, &QLineEdit::textChanged, this, [this] { emit folderChanged(folder()); });
    connect(m_browseButton, &QPushButton::clicked, this, &DownloadsPage::browse);
}

QString DownloadsPage::title() const
{
    return tr("&Downloads");
}

QString DownloadsPage::folder() const
{
    return m_folder->text().trimmed();
}

bool DownloadsPage::validate()
{
    const QString problem = ProfileRules::folderProblem(m_folder->text(), false);
    SettingsForm::showMessage(m_folderError, problem);
    m_folder->setAccessibleDescription(problem);
    return problem.isEmpty();
}

QString DownloadsPage::hiddenProblem(bool pageShown) const
{
    const QString problem = ProfileRules::folderProblem(m_folder->text(), false);
    return problem.isEmpty() || pageShown ? QString() : tr("Downloads: %1").arg(problem);
}

bool DownloadsPage::apply(QString*)
{
    m_settings->setDownloadFolder(QDir::fromNativeSeparators(folder()));
    return true;
}

void DownloadsPage::browse()
{
    const QString start = QDir::fromNativeSeparators(folder());
    const QString chosen = m_chooseFolder(this, tr("Download folder"), start);
    if (!chosen.isEmpty())
        m_folder->setText(QDir::toNativeSeparators(chosen));
}

} // namespace Reelwatch

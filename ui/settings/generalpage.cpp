#include "generalpage.h"

#include "appsettings.h"
#include "settingsform.h"
#include "ui/desktop/autostart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Reelwatch {

GeneralPage::GeneralPage(AppSettings* settings, Autostart* autostart, QWidget* parent)
    : SettingsPage(parent)
    , m_settings(settings)
    , m_autostart(autostart)
{
    m_closeToTray = new QCheckBox(tr("&Closing the window keeps Reelwatch running in the tray"), this);
    m_closeToTray->setObjectName(QStringLiteral("closeToTray"));
    m_closeToTray->setAccessibleName(tr("Close to the tray"));
    m_startMinimised = new QCheckBox(tr("Start &minimised"), this);
    m_startMinimised->setObjectName(QStringLiteral("startMinimised"));
    m_startMinimised->setAccessibleName(tr("Start minimised"));
    m_startAtLogin = new QCheckBox(tr("Start at &login"), this);
    m_startAtLogin->setObjectName(QStringLiteral("startAtLogin"));
    m_startAtLogin->setAccessibleName(tr("Start at login"));
    if (m_autostart && m_autostart->mode() == Autostart::Mode::Portal)
        m_startAtLogin->setToolTip(tr("Asks the desktop to start Reelwatch when you log in, or to stop doing so."));
    else if (m_autostart)
        m_startAtLogin->setToolTip(tr("Writes or removes %1.").arg(QDir::toNativeSeparators(m_autostart->location())));
    else
        m_startAtLogin->setEnabled(false);
    m_autostartError
        = SettingsForm::messageLabel(this, QStringLiteral("startAtLoginError"), tr("Start at login problem"));
    m_closeToTray->setChecked(m_settings->closeToTray());
    m_startMinimised->setChecked(m_settings->startMinimised());
    // The entry on disk is the truth; the user may have removed it by hand.
    m_startAtLogin->setChecked(m_autostart ? m_autostart->isEnabled() : m_settings->startAtLogin());

    auto* layout = new QVBoxLayout(this);
    for (QCheckBox* box : {m_closeToTray, m_startMinimised, m_startAtLogin}) {
        layout->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &SettingsPage::edited);
    }
    layout->addWidget(m_autostartError);

    m_rowHeight = new QComboBox(this);
    m_rowHeight->setObjectName(QStringLiteral("rowHeight"));
    m_rowHeight->setAccessibleName(tr("Board rows"));
    m_rowHeight->addItem(tr("With thumbnails"), true);
    m_rowHeight->addItem(tr("Compact"), false);
    m_rowHeight->setCurrentIndex(m_settings->boardThumbnails() ? 0 : 1);
    connect(m_rowHeight, &QComboBox::currentIndexChanged, this, &SettingsPage::edited);
    m_pictureCache = new QSpinBox(this);
    m_pictureCache->setObjectName(QStringLiteral("pictureCache"));
    m_pictureCache->setAccessibleName(tr("Disk space for pictures"));
    m_pictureCache->setRange(AppSettings::kMinPictureCacheMegabytes, AppSettings::kMaxPictureCacheMegabytes);
    m_pictureCache->setSingleStep(50);
    m_pictureCache->setSuffix(tr(" MB"));
    m_pictureCache->setValue(m_settings->pictureCacheMegabytes());
    m_pictureCache->setToolTip(tr("Posters and spritesheets are kept on disk so a restart shows them without "
                                  "asking the server again; the least recently shown go first."));
    connect(m_pictureCache, &QSpinBox::valueChanged, this, &SettingsPage::edited);
    auto* board = new QFormLayout();
    board->addRow(tr("Board &rows:"), m_rowHeight);
    board->addRow(tr("Keep &pictures on disk up to:"), m_pictureCache);
    layout->addSpacing(8);
    layout->addLayout(board);
    layout->addStretch(1);
}

QString GeneralPage::title() const
{
    return tr("&General");
}

bool GeneralPage::apply(QString* error)
{
    m_settings->setCloseToTray(m_closeToTray->isChecked());
    m_settings->setStartMinimised(m_startMinimised->isChecked());
    m_settings->setBoardThumbnails(m_rowHeight->currentData().toBool());
    m_settings->setPictureCacheMegabytes(m_pictureCache->value());
    if (m_autostart && m_startAtLogin->isChecked() != m_autostart->isEnabled()) {
        QString problem;
        if (!m_autostart->setEnabled(m_startAtLogin->isChecked(), &problem)) {
            SettingsForm::showMessage(m_autostartError, tr("Start at login could not be changed: %1").arg(problem));
            *error = tr("General: start at login could not be changed.");
            return false;
        }
    }
    SettingsForm::showMessage(m_autostartError, QString());
    m_settings->setStartAtLogin(m_startAtLogin->isChecked());
    return true;
}

} // namespace Reelwatch

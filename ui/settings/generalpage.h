#pragma once

#include "settingspage.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;

namespace Reelwatch {

class AppSettings;
class Autostart;

// Settings › General: closing to the tray, starting minimised and starting at login; the board's
// row height and how much disk its pictures may take.
class GeneralPage : public SettingsPage
{
    Q_OBJECT

public:
    // `autostart` may be null where starting at login is not offered.
    GeneralPage(AppSettings* settings, Autostart* autostart, QWidget* parent = nullptr);

    QString title() const override;
    // The desktop may refuse start at login (the portal asks the user, who may say no): that is
    // reported in place and the page's other settings are written all the same.
    bool apply(QString* error) override;

private:
    AppSettings* m_settings;
    Autostart* m_autostart;
    QCheckBox* m_closeToTray = nullptr;
    QCheckBox* m_startMinimised = nullptr;
    QCheckBox* m_startAtLogin = nullptr;
    QLabel* m_autostartError = nullptr;
    QComboBox* m_rowHeight = nullptr;
    QSpinBox* m_pictureCache = nullptr;
};

} // namespace Reelwatch

#pragma once

#include "settingspage.h"

class QCheckBox;

namespace Reelwatch {

class AppSettings;

// Settings › Notifications: which changes raise a desktop notification, and whether it sounds.
class NotificationsPage : public SettingsPage
{
    Q_OBJECT

public:
    explicit NotificationsPage(AppSettings* settings, QWidget* parent = nullptr);

    QString title() const override;
    bool apply(QString* error) override;

private:
    AppSettings* m_settings;
    QCheckBox* m_notifySuccess = nullptr;
    QCheckBox* m_notifyFailure = nullptr;
    QCheckBox* m_notifyStart = nullptr;
    QCheckBox* m_notificationSound = nullptr;
};

} // namespace Reelwatch

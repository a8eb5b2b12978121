#include "notificationspage.h"

#include "appsettings.h"

#include <QCheckBox>
#include <QLabel>
#include <QVBoxLayout>

namespace Reelwatch {

NotificationsPage::NotificationsPage(AppSettings* settings, QWidget* parent)
    : SettingsPage(parent)
    , m_settings(settings)
{
    m_notifySuccess = new QCheckBox(tr("When a render &succeeds"), this);
    m_notifySuccess->setObjectName(QStringLiteral("notifyOnSuccess"));
    m_notifySuccess->setAccessibleName(tr("Notify when a render succeeds"));
    m_notifyFailure = new QCheckBox(tr("When a render &fails"), this);
    m_notifyFailure->setObjectName(QStringLiteral("notifyOnFailure"));
    m_notifyFailure->setAccessibleName(tr("Notify when a render fails"));
    m_notifyStart = new QCheckBox(tr("When a render s&tarts rendering"), this);
    m_notifyStart->setObjectName(QStringLiteral("notifyOnStart"));
    m_notifyStart->setAccessibleName(tr("Notify when a render starts rendering"));
    m_notificationSound = new QCheckBox(tr("Play a s&ound with each notification"), this);
    m_notificationSound->setObjectName(QStringLiteral("notificationSound"));
    m_notificationSound->setAccessibleName(tr("Play a sound with each notification"));
    m_notifySuccess->setChecked(m_settings->notifyOnSuccess());
    m_notifyFailure->setChecked(m_settings->notifyOnFailure());
    m_notifyStart->setChecked(m_settings->notifyOnStart());
    m_notificationSound->setChecked(m_settings->notificationSound());

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Show a desktop notification:"), this));
    for (QCheckBox* box : {m_notifySuccess, m_notifyFailure, m_notifyStart, m_notificationSound}) {
        layout->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &SettingsPage::edited);
    }
    layout->addStretch(1);
}

QString NotificationsPage::title() const
{
    return tr("&Notifications");
}

bool NotificationsPage::apply(QString*)
{
    m_settings->setNotifyOnSuccess(m_notifySuccess->isChecked());
    m_settings->setNotifyOnFailure(m_notifyFailure->isChecked());
    m_settings->setNotifyOnStart(m_notifyStart->isChecked());
    m_settings->setNotificationSound(m_notificationSound->isChecked());
    return true;
}

} // namespace Reelwatch

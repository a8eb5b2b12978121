#include "appsettings.h"

#include "core/profilerules.h"

#include <algorithm>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace Reelwatch {

namespace {

constexpr const char* kNotifyOnSuccess = "notifications/onSuccess";
constexpr const char* kNotifyOnFailure = "notifications/onFailure";
constexpr const char* kNotifyOnStart = "notifications/onStart";
constexpr const char* kNotificationSound = "notifications/sound";
constexpr const char* kDownloadFolder = "downloads/folder";
constexpr const char* kCloseToTray = "general/closeToTray";
constexpr const char* kTrayHintShown = "general/trayHintShown";
constexpr const char* kStartMinimised = "general/startMinimised";
constexpr const char* kBoardThumbnails = "board/thumbnails";
constexpr const char* kBoardView = "board/view";
constexpr const char* kBoardGrouping = "board/groupBy";
constexpr const char* kBoardCollapsedGroups = "board/collapsedGroups";
constexpr const char* kPictureCacheMegabytes = "board/pictureCacheMegabytes";
constexpr const char* kStartAtLogin = "general/startAtLogin";

} // namespace

AppSettings::AppSettings(QObject* parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>())
{ }

AppSettings::AppSettings(const QString& iniFile, QObject* parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{ }

AppSettings::~AppSettings() = default;

QVariant AppSettings::value(const char* key, const QVariant& fallback) const
{
    return m_settings->value(QLatin1String(key), fallback);
}

void AppSettings::setValue(const char* key, const QVariant& newValue, const QVariant& fallback)
{
    if (value(key, fallback) == newValue)
        return;
    m_settings->setValue(QLatin1String(key), newValue);
    emit changed();
}

bool AppSettings::notifyOnSuccess() const
{
    return value(kNotifyOnSuccess, true).toBool();
}

void AppSettings::setNotifyOnSuccess(bool on)
{
    setValue(kNotifyOnSuccess, on, true);
}

bool AppSettings::notifyOnFailure() const
{
    return value(kNotifyOnFailure, true).toBool();
}

void AppSettings::setNotifyOnFailure(bool on)
{
    setValue(kNotifyOnFailure, on, true);
}

bool AppSettings::notifyOnStart() const
{
    return value(kNotifyOnStart, false).toBool();
}

void AppSettings::setNotifyOnStart(bool on)
{
    setValue(kNotifyOnStart, on, false);
}

bool AppSettings::notificationSound() const
{
    return value(kNotificationSound, false).toBool();
}

void AppSettings::setNotificationSound(bool on)
{
    setValue(kNotificationSound, on, false);
}

QString AppSettings::defaultDownloadFolder()
{
    return ProfileRules::defaultDownloadFolder();
}

QString AppSettings::downloadFolder() const
{
    const QString folder = value(kDownloadFolder, QString()).toString();
    return folder.isEmpty() ? defaultDownloadFolder() : folder;
}

void AppSettings::setDownloadFolder(const QString& folder)
{
    // Kept unset while it is the default, so the default can follow the platform's movies folder.
    const QString cleaned = QDir::cleanPath(folder);
    const QString stored = cleaned == defaultDownloadFolder() ? QString() : cleaned;
    if (value(kDownloadFolder, QString()).toString() == stored)
        return;
    if (stored.isEmpty())
        m_settings->remove(QLatin1String(kDownloadFolder));
    else
        m_settings->setValue(QLatin1String(kDownloadFolder), stored);
    emit changed();
}

bool AppSettings::closeToTray() const
{
    return value(kCloseToTray, true).toBool();
}

void AppSettings::setCloseToTray(bool on)
{
    setValue(kCloseToTray, on, true);
}

bool AppSettings::trayHintShown() const
{
    return value(kTrayHintShown, false).toBool();
}

void AppSettings::setTrayHintShown(bool shown)
{
    setValue(kTrayHintShown, shown, false);
}

bool AppSettings::startMinimised() const
{
    return value(kStartMinimised, false).toBool();
}

bool AppSettings::boardThumbnails() const
{
    return value(kBoardThumbnails, true).toBool();
}

void AppSettings::setBoardThumbnails(bool on)
{
    setValue(kBoardThumbnails, on, true);
}

AppSettings::BoardView AppSettings::boardView() const
{
    return value(kBoardView, QStringLiteral("table")).toString() == QLatin1String("gallery") ? BoardView::Gallery
                                                                                             : BoardView::Table;
}

void AppSettings::setBoardView(BoardView view)
{
    setValue(kBoardView, view == BoardView::Gallery ? QStringLiteral("gallery") : QStringLiteral("table"),
             QStringLiteral("table"));
}

QString AppSettings::boardGrouping() const
{
    const QString grouping = value(kBoardGrouping, QStringLiteral("none")).toString();
    static const QStringList known
        = {QStringLiteral("none"), QStringLiteral("day"), QStringLiteral("profile"), QStringLiteral("status")};
    return known.contains(grouping) ? grouping : QStringLiteral("none");
}

void AppSettings::setBoardGrouping(const QString& grouping)
{
    setValue(kBoardGrouping, grouping, QStringLiteral("none"));
}

QStringList AppSettings::boardCollapsedGroups() const
{
    return value(kBoardCollapsedGroups, QStringList()).toStringList();
}

void AppSettings::setBoardCollapsedGroups(const QStringList& keys)
{
    setValue(kBoardCollapsedGroups, keys, QStringList());
}

int AppSettings::pictureCacheMegabytes() const
{
    const int megabytes = value(kPictureCacheMegabytes, kDefaultPictureCacheMegabytes).toInt();
    return std::clamp(megabytes, kMinPictureCacheMegabytes, kMaxPictureCacheMegabytes);
}

void AppSettings::setPictureCacheMegabytes(int megabytes)
{
    setValue(kPictureCacheMegabytes, std::clamp(megabytes, kMinPictureCacheMegabytes, kMaxPictureCacheMegabytes),
             kDefaultPictureCacheMegabytes);
}

void AppSettings::setStartMinimised(bool on)
{
    setValue(kStartMinimised, on, false);
}

bool AppSettings::startAtLogin() const
{
    return value(kStartAtLogin, false).toBool();
}

void AppSettings::setStartAtLogin(bool on)
{
    setValue(kStartAtLogin, on, false);
}

bool AppSettings::save(QString* error)
{
    m_settings->sync();
    switch (m_settings->status()) {
    case QSettings::NoError:
        return true;
    case QSettings::AccessError:
        *error = tr("the settings file %1 could not be written").arg(QDir::toNativeSeparators(m_settings->fileName()));
        return false;
    case QSettings::FormatError:
        *error = tr("the settings file %1 is damaged").arg(QDir::toNativeSeparators(m_settings->fileName()));
        return false;
    }
    return true;
}

} // namespace Reelwatch

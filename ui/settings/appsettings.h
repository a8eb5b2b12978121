#pragma once

#include <memory>
#include <QObject>
#include <QString>
#include <QVariant>

class QSettings;

namespace Reelwatch {

// The window's own preferences, typed, over QSettings (the organisation and application names set
// at start decide where they live). Profiles and keys are not here: they belong to the store and
// the keychain. Every setter that changes a value emits changed(), so the tray, the notifier and
// the downloader can follow without polling.
class AppSettings : public QObject
{
    Q_OBJECT

public:
    // The application's QSettings.
    explicit AppSettings(QObject* parent = nullptr);
    // An INI file of its own (tests, portable installs).
    explicit AppSettings(const QString& iniFile, QObject* parent = nullptr);
    ~AppSettings() override;

    bool notifyOnSuccess() const;
    void setNotifyOnSuccess(bool on);
    bool notifyOnFailure() const;
    void setNotifyOnFailure(bool on);
    // When a render starts (leaves the queue).
    bool notifyOnStart() const;
    void setNotifyOnStart(bool on);
    bool notificationSound() const;
    void setNotificationSound(bool on);

    QString downloadFolder() const;
    void setDownloadFolder(const QString& folder);
    // <Movies>/Reelwatch, or <Downloads>/Reelwatch where the platform has no movies folder.
    static QString defaultDownloadFolder();

    bool closeToTray() const;
    void setCloseToTray(bool on);
    // Whether the window, closed into the tray once, already said it keeps running there.
    bool trayHintShown() const;
    void setTrayHintShown(bool shown);
    bool startMinimised() const;
    void setStartMinimised(bool on);
    // What was last asked for; the autostart entry itself (Autostart) is the truth, this mirrors it
    // so a moved binary's entry can be rewritten at start.
    bool startAtLogin() const;
    void setStartAtLogin(bool on);

    // The board's rows: with a poster each (taller), or compact.
    bool boardThumbnails() const;
    void setBoardThumbnails(bool on);
    enum class BoardView
    {
        Table,
        Gallery,
    };
    BoardView boardView() const;
    void setBoardView(BoardView view);
    // What the board groups its rows by: "none", "day", "profile" or "status".
    QString boardGrouping() const;
    void setBoardGrouping(const QString& grouping);
    // The groups the user folded away ("2026-12-03", "profile:2", "status:failed"), kept across
    // groupings and restarts.
    QStringList boardCollapsedGroups() const;
    void setBoardCollapsedGroups(const QStringList& keys);
    // How much the posters and spritesheets kept on disk may take.
    static constexpr int kDefaultPictureCacheMegabytes = 200;
    static constexpr int kMinPictureCacheMegabytes = 10;
    static constexpr int kMaxPictureCacheMegabytes = 10000;
    int pictureCacheMegabytes() const;
    void setPictureCacheMegabytes(int megabytes);

    // Writes pending changes to disk; false with the reason when that failed.
    bool save(QString* error);

signals:
    void changed();

private:
    QVariant value(const char* key, const QVariant& fallback) const;
    void setValue(const char* key, const QVariant& value, const QVariant& fallback);

    std::unique_ptr<QSettings> m_settings;
};

} // namespace Reelwatch

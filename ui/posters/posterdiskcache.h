#pragma once

#include <optional>
#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

namespace Reelwatch {

// Posters and spritesheets as the server sent them, one file each under the user's cache folder, so
// a restart shows them without asking the server again. The folder is bounded in size: when a write
// takes it over the limit, the least recently used files go first (a read counts as a use).
// Thread-safe: pictures are read and decoded off the GUI thread.
class PosterDiskCache
{
public:
    static constexpr qint64 kDefaultLimitBytes = 200LL * 1024 * 1024;
    // Nothing larger is kept; a poster that large is not one.
    static constexpr qint64 kMaxEntryBytes = 8LL * 1024 * 1024;

    explicit PosterDiskCache(const QString& directory, qint64 limitBytes = kDefaultLimitBytes);

    // <XDG cache folder>/<application>/posters.
    static QString defaultDirectory();

    QString directory() const { return m_directory; }
    std::optional<QByteArray> read(const QString& key);
    // False when the bytes could not be kept (too large, or the disk is full); the picture is then
    // simply fetched again next time.
    bool write(const QString& key, const QByteArray& bytes);
    void setLimitBytes(qint64 limitBytes);
    qint64 limitBytes() const;
    qint64 totalBytes();
    int entryCount();

private:
    struct Entry
    {
        qint64 bytes = 0;
        qint64 usedAtMs = 0;
    };
    static QString fileNameFor(const QString& key);
    void scanLocked();
    void evictLocked();
    qint64 nextUseStamp();

    const QString m_directory;
    mutable QMutex m_mutex;
    qint64 m_limitBytes;
    bool m_scanned = false;
    QHash<QString, Entry> m_entries; // by file name
    qint64 m_totalBytes = 0;
    qint64 m_lastUseStamp = 0;
};

} // namespace Reelwatch

#include "posterdiskcache.h"

#include <algorithm>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>
#include <vector>

namespace Reelwatch {

namespace {

const QLatin1String kSuffix(".picture");

} // namespace

PosterDiskCache::PosterDiskCache(const QString& directory, qint64 limitBytes)
    : m_directory(directory)
    , m_limitBytes(std::max<qint64>(0, limitBytes))
{ }

QString PosterDiskCache::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/posters");
}

QString PosterDiskCache::fileNameFor(const QString& key)
{
    // Hashed: a key holds a task ID, which may hold anything a server chose.
    return QString::fromLatin1(QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex()) + kSuffix;
}

void PosterDiskCache::scanLocked()
{
    if (m_scanned)
        return;
    m_scanned = true;
    const QFileInfoList files
        = QDir(m_directory).entryInfoList({QStringLiteral("*") + kSuffix}, QDir::Files | QDir::NoDotAndDotDot);
    for (const QFileInfo& file : files) {
        const qint64 usedAt = file.lastModified().toMSecsSinceEpoch();
        m_entries.insert(file.fileName(), Entry{file.size(), usedAt});
        m_lastUseStamp = std::max(m_lastUseStamp, usedAt);
        m_totalBytes += file.size();
    }
    evictLocked();
}

std::optional<QByteArray> PosterDiskCache::read(const QString& key)
{
    QMutexLocker lock(&m_mutex);
    scanLocked();
    const QString name = fileNameFor(key);
    const auto it = m_entries.find(name);
    if (it == m_entries.end())
        return std::nullopt;
    QFile file(m_directory + QLatin1Char('/') + name);
    if (!file.open(QIODevice::ReadOnly | QIODevice::ExistingOnly)) {
        m_totalBytes -= it->bytes;
        m_entries.erase(it);
        return std::nullopt;
    }
    const QByteArray bytes = file.read(kMaxEntryBytes + 1);
    if (bytes.isEmpty() || bytes.size() > kMaxEntryBytes) {
        file.close();
        file.remove();
        m_totalBytes -= it->bytes;
        m_entries.erase(it);
        return std::nullopt;
    }
    // The modification time is the "last used" mark, so the order survives a restart.
    it->usedAtMs = nextUseStamp();
    file.setFileTime(QDateTime::fromMSecsSinceEpoch(it->usedAtMs, Qt::UTC), QFileDevice::FileModificationTime);
    return bytes;
}

bool PosterDiskCache::write(const QString& key, const QByteArray& bytes)
{
    if (bytes.isEmpty() || bytes.size() > kMaxEntryBytes)
        return false;
    QMutexLocker lock(&m_mutex);
    if (bytes.size() > m_limitBytes)
        return false;
    scanLocked();
    if (!QDir().mkpath(m_directory))
        return false;
    const QString name = fileNameFor(key);
    QSaveFile file(m_directory + QLatin1Char('/') + name);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return false;
    Entry& entry = m_entries[name];
    m_totalBytes += bytes.size() - entry.bytes;
    entry = Entry{bytes.size(), nextUseStamp()};
    evictLocked();
    return true;
}

qint64 PosterDiskCache::nextUseStamp()
{
    // The clock, but strictly increasing: two uses within a millisecond must still be ordered.
    m_lastUseStamp = std::max(QDateTime::currentMSecsSinceEpoch(), m_lastUseStamp + 1);
    return m_lastUseStamp;
}

void PosterDiskCache::evictLocked()
{
    if (m_totalBytes <= m_limitBytes)
        return;
    std::vector<std::pair<qint64, QString>> byAge;
    byAge.reserve(m_entries.size());
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
        byAge.emplace_back(it->usedAtMs, it.key());
    std::sort(byAge.begin(), byAge.end());
    // Down to 90% of the limit, so the next few writes do not each sort the folder again.
    const qint64 target = m_limitBytes - m_limitBytes / 10;
    for (const auto& [usedAt, name] : byAge) {
        if (m_totalBytes <= target)
            break;
        QFile::remove(m_directory + QLatin1Char('/') + name);
        m_totalBytes -= m_entries.value(name).bytes;
        m_entries.remove(name);
    }
}

void PosterDiskCache::setLimitBytes(qint64 limitBytes)
{
    QMutexLocker lock(&m_mutex);
    m_limitBytes = std::max<qint64>(0, limitBytes);
    if (m_scanned)
        evictLocked();
}

qint64 PosterDiskCache::limitBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_limitBytes;
}

qint64 PosterDiskCache::totalBytes()
{
    QMutexLocker lock(&m_mutex);
    scanLocked();
    return m_totalBytes;
}

int PosterDiskCache::entryCount()
{
    QMutexLocker lock(&m_mutex);
    scanLocked();
    return int(m_entries.size());
}

} // namespace Reelwatch

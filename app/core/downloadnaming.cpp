#include "downloadnaming.h"

#include "tasktitle.h"

#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QMutex>
#include <QSet>
#include <QStringList>

namespace Reelwatch {

namespace {

bool isForbidden(QChar c)
{
    // Windows forbids these in any name; '/' and '\\' separate paths everywhere; ':' is the
    // separator of the classic macOS APIs (Finder shows it as '/').
    static const QString kForbidden = QStringLiteral("<>:\"/\\|?*");
    if (c.unicode() < 0x20 || c.unicode() == 0x7f || kForbidden.contains(c))
        return true;
    // Line separators and direction overrides (U+202E) can make "exe.mp4" look like "mp4.exe".
    const QChar::Category category = c.category();
    return category == QChar::Other_Control || category == QChar::Other_Format || category == QChar::Separator_Line
        || category == QChar::Separator_Paragraph;
}

bool isReservedDeviceName(const QString& name)
{
    // Windows reserves these with any extension ("NUL.mp4" is the null device too).
    QString base = name.section(QLatin1Char('.'), 0, 0).trimmed().toUpper();
    static const QStringList kReserved = [] {
        QStringList names = {QStringLiteral("CON"), QStringLiteral("PRN"),    QStringLiteral("AUX"),
                             QStringLiteral("NUL"), QStringLiteral("CONIN$"), QStringLiteral("CONOUT$")};
        for (const QString& prefix : {QStringLiteral("COM"), QStringLiteral("LPT")}) {
            for (const QString& digit :
                 {QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"),
                  QStringLiteral("4"), QStringLiteral("5"), QStringLiteral("6"), QStringLiteral("7"),
                  QStringLiteral("8"), QStringLiteral("9"), QStringLiteral("\u00b9"), QStringLiteral("\u00b2"),
                  QStringLiteral("\u00b3")})
                names << prefix + digit;
        }
        return names;
    }();
    return kReserved.contains(base);
}

// Cuts at a character boundary so the UTF-8 form has at most maxBytes bytes.
QString truncateUtf8(const QString& text, int maxBytes)
{
    int bytes = 0;
    qsizetype end = 0;
    while (end < text.size()) {
        const bool pair = text.at(end).isHighSurrogate() && end + 1 < text.size() && text.at(end + 1).isLowSurrogate();
        const qsizetype width = pair ? 2 : 1;
        const int size = text.mid(end, width).toUtf8().size();
        if (bytes + size > maxBytes)
            break;
        bytes += size;
        end += width;
    }
    return text.left(end);
}

QString trimEnds(QString text)
{
    // Windows drops trailing dots and spaces silently, so "a." and "a" would be the same file;
    // a leading dot hides the file on Linux and macOS.
    while (!text.isEmpty() && (text.endsWith(QLatin1Char('.')) || text.endsWith(QLatin1Char(' '))))
        text.chop(1);
    while (!text.isEmpty() && (text.startsWith(QLatin1Char('.')) || text.startsWith(QLatin1Char(' '))))
        text.remove(0, 1);
    return text;
}

QString sanitiseOnce(const QString& name, int maxBytes)
{
    QString clean;
    clean.reserve(name.size());
    for (const QChar c : name)
        clean.append(isForbidden(c) ? QLatin1Char('_') : c);
    clean = trimEnds(clean.simplified());
    if (isReservedDeviceName(clean))
        clean.prepend(QLatin1Char('_'));
    return trimEnds(truncateUtf8(clean, maxBytes));
}

} // namespace

QString DownloadNaming::extensionFor(const QString& variant)
{
    if (variant == QLatin1String("video"))
        return QStringLiteral(".mp4");
    if (variant == QLatin1String("thumbnail"))
        return QStringLiteral(".webp");
    if (variant == QLatin1String("spritesheet"))
        return QStringLiteral(".jpg");
    return QStringLiteral(".bin");
}

QString DownloadNaming::expand(const QString& pattern, const DownloadNameFields& fields)
{
    const QString label = fields.label.trimmed();
    QString result;
    qsizetype at = 0;
    while (at < pattern.size()) {
        const qsizetype open = pattern.indexOf(QLatin1Char('{'), at);
        const qsizetype close = open < 0 ? -1 : pattern.indexOf(QLatin1Char('}'), open);
        if (open < 0 || close < 0) {
            result += pattern.mid(at);
            break;
        }
        result += pattern.mid(at, open - at);
        const QString key = pattern.mid(open + 1, close - open - 1);
        if (key == QLatin1String("title"))
            result += TaskTitle::of(label, fields.prompt, fields.id);
        else if (key == QLatin1String("label-or-id"))
            result += label.isEmpty() ? fields.id : label;
        else if (key == QLatin1String("id"))
            result += fields.id;
        else if (key == QLatin1String("label"))
            result += label;
        else if (key == QLatin1String("variant"))
            result += fields.variant;
        else if (key == QLatin1String("model"))
            result += fields.model;
        else
            result += pattern.mid(open, close - open + 1);
        at = close + 1;
    }
    return result;
}

QString DownloadNaming::sanitise(const QString& name, const QString& fallback, int maxBytes)
{
    QString clean = sanitiseOnce(name, maxBytes);
    if (clean.isEmpty())
        clean = sanitiseOnce(fallback, maxBytes);
    if (clean.isEmpty())
        clean = QStringLiteral("download");
    return clean;
}

QString DownloadNaming::fileName(const QString& pattern, const DownloadNameFields& fields)
{
    const QString extension = extensionFor(fields.variant);
    QString stem = expand(pattern.isEmpty() ? QLatin1String(kDefaultPattern) : pattern, fields);
    if (stem.endsWith(extension, Qt::CaseInsensitive))
        stem.chop(extension.size());
    const int room = kMaxNameBytes - int(extension.toUtf8().size());
    return sanitise(stem, fields.id, room) + extension;
}

QString DownloadNaming::numbered(const QString& fileName, int n)
{
    if (n <= 1)
        return fileName;
    const qsizetype dot = fileName.lastIndexOf(QLatin1Char('.'));
    const QString suffix = QStringLiteral(" (%1)").arg(n);
    if (dot <= 0)
        return fileName + suffix;
    return fileName.left(dot) + suffix + fileName.mid(dot);
}

QString DownloadNaming::uniquePath(const QString& directory, const QString& fileName,
                                   const std::function<bool(const QString& path)>& exists)
{
    const QDir dir(directory.isEmpty() ? QStringLiteral(".") : directory);
    for (int n = 1; n <= kMaxNumberedSuffix; ++n) {
        const QString candidate = dir.filePath(numbered(fileName, n));
        if (!exists(candidate))
            return candidate;
    }
    return QString();
}

namespace {

QMutex& reservedMutex()
{
    static QMutex mutex;
    return mutex;
}

QSet<QString>& reservedPaths()
{
    static QSet<QString> paths;
    return paths;
}

} // namespace

bool DownloadNaming::reserve(const QString& path)
{
    const QString key = QFileInfo(path).absoluteFilePath();
    QMutexLocker locker(&reservedMutex());
    if (reservedPaths().contains(key))
        return false;
    reservedPaths().insert(key);
    return true;
}

void DownloadNaming::release(const QString& path)
{
    const QString key = QFileInfo(path).absoluteFilePath();
    QMutexLocker locker(&reservedMutex());
    reservedPaths().remove(key);
}

bool DownloadNaming::isTaken(const QString& path)
{
    return QFileInfo::exists(path) || isBusy(path);
}

bool DownloadNaming::isBusy(const QString& path)
{
    {
        const QString key = QFileInfo(path).absoluteFilePath();
        QMutexLocker locker(&reservedMutex());
        if (reservedPaths().contains(key))
            return true;
    }
    const QString lockPath = path + QStringLiteral(".part.lock");
    if (!QFileInfo::exists(lockPath))
        return false;
    QLockFile probe(lockPath);
    probe.setStaleLockTime(0); // only a dead owner makes a lock stale, never its age
    if (probe.tryLock(0)) {
        probe.unlock();
        return false;
    }
    return probe.error() == QLockFile::LockFailedError;
}

QString DownloadNaming::freePath(const QString& directory, const QString& pattern, const DownloadNameFields& fields)
{
    return uniquePath(directory, fileName(pattern, fields), &DownloadNaming::isTaken);
}

} // namespace Reelwatch

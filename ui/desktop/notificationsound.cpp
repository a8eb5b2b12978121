#include "notificationsound.h"

#include "ui/shell/bundledresources.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSaveFile>
#include <QStandardPaths>

namespace Reelwatch {

namespace {

const char* const kResource = ":/sounds/notification.wav";
const char* const kFileName = "notification.wav";

} // namespace

NotificationSound::NotificationSound(QObject* parent)
    : QObject(parent)
{ }

QString NotificationSound::filePath()
{
    // Checked once per process: the file is ours, and a second look would cost a read for nothing.
    static QString cached;
    if (!cached.isEmpty() && QFileInfo::exists(cached))
        return cached;

    initBundledResources();
    QFile resource(QString::fromLatin1(kResource));
    if (!resource.open(QIODevice::ReadOnly))
        return QString();
    const QByteArray sound = resource.readAll();

    const QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (dir.isEmpty() || !QDir().mkpath(dir))
        return QString();
    const QString path = QDir(dir).filePath(QString::fromLatin1(kFileName));

    // A newer Reelwatch may bring another chime: rewrite the copy when it differs.
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly) && existing.readAll() == sound) {
        cached = path;
        return cached;
    }
    existing.close();
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(sound) != sound.size() || !out.commit())
        return QString();
    cached = path;
    return cached;
}

bool NotificationSound::claim()
{
    if (m_lastSound.isValid() && m_lastSound.elapsed() < kMinimumGapMs)
        return false;
    m_lastSound.start();
    return true;
}

QString NotificationSound::playerProgram()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    // Looked up on every sound rather than once: a player installed while Reelwatch runs is used.
    for (const char* name : {"pw-play", "paplay", "aplay"}) {
        const QString program = QStandardPaths::findExecutable(QString::fromLatin1(name));
        if (!program.isEmpty())
            return program;
    }
#endif
    return QString();
}

bool NotificationSound::play()
{
    if (!claim())
        return false;
    const QString program = playerProgram();
    if (program.isEmpty()) {
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
        // A desktop without any of the players: say nothing rather than an X11 bell, which many
        // desktops turn into a screen flash.
        return false;
#else
        QApplication::beep();
        return true;
#endif
    }
    const QString file = filePath();
    if (file.isEmpty())
        return false;
    QStringList arguments;
    if (QFileInfo(program).fileName() == QLatin1String("aplay"))
        arguments << QStringLiteral("--quiet");
    arguments << file;
    // Detached: the chime outlives nothing of ours and needs no waiting for.
    return QProcess::startDetached(program, arguments);
}

} // namespace Reelwatch

#include "autostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>

namespace Reelwatch {

namespace {

#if defined(Q_OS_WIN)
const QString kRunKey = QStringLiteral("HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run");
const QString kRunValue = QStringLiteral("Reelwatch");
#else
// Written whole or not at all: a half-written entry could start something odd at the next login.
bool writeFileAtomically(const QString& path, const QByteArray& content, QString* error)
{
    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(folder)) {
        *error = Autostart::tr("the folder %1 could not be created").arg(QDir::toNativeSeparators(folder));
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit()) {
        *error = Autostart::tr("%1 could not be written: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

bool removeFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.exists() || file.remove())
        return true;
    *error = Autostart::tr("%1 could not be removed: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return false;
}
#endif

#if defined(Q_OS_MACOS)
QString launchAgentPath()
{
    return QDir::homePath() + QStringLiteral("/Library/LaunchAgents/") + QLatin1String(Autostart::kApplicationId)
        + QStringLiteral(".plist");
}

QByteArray launchAgent(const QString& program)
{
    // RunAtLoad starts it once at login; no KeepAlive, so quitting it means it stays quit.
    return QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                          "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                          "<plist version=\"1.0\">\n"
                          "<dict>\n"
                          "    <key>Label</key>\n"
                          "    <string>%1</string>\n"
                          "    <key>ProgramArguments</key>\n"
                          "    <array>\n"
                          "        <string>%2</string>\n"
                          "    </array>\n"
                          "    <key>RunAtLoad</key>\n"
                          "    <true/>\n"
                          "    <key>ProcessType</key>\n"
                          "    <string>Interactive</string>\n"
                          "</dict>\n"
                          "</plist>\n")
        .arg(QLatin1String(Autostart::kApplicationId), program.toHtmlEscaped())
        .toUtf8();
}
#elif !defined(Q_OS_WIN)
QString xdgEntryPath()
{
    // The XDG base directory rules: a relative XDG_CONFIG_HOME is invalid and ignored.
    QString config = qEnvironmentVariable("XDG_CONFIG_HOME");
    if (config.isEmpty() || QDir::isRelativePath(config))
        config = QDir::homePath() + QStringLiteral("/.config");
    return config + QStringLiteral("/autostart/") + QLatin1String(Autostart::kApplicationId)
        + QStringLiteral(".desktop");
}
#endif

} // namespace

Autostart::Autostart()
{
    // An AppImage runs from a temporary mount that is gone after logout; the image file stays.
    const QString appImage = qEnvironmentVariable("APPIMAGE");
    m_program
        = !appImage.isEmpty() && QFileInfo(appImage).isAbsolute() ? appImage : QCoreApplication::applicationFilePath();
}

QString Autostart::quoteExecArgument(const QString& argument)
{
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    bool needsQuotes = argument.isEmpty();
    for (const QChar c : argument)
        needsQuotes |= reserved.contains(c);
    QString quoted = argument;
    if (needsQuotes) {
        QString inner;
        for (const QChar c : argument) {
            if (c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('$') || c == QLatin1Char('\\'))
                inner += QLatin1Char('\\');
            inner += c;
        }
        quoted = QLatin1Char('"') + inner + QLatin1Char('"');
    }
    // A literal % would start a field code.
    quoted.replace(QLatin1Char('%'), QStringLiteral("%%"));
    // Then the escapes of every string value, which are undone first: "\\" is one backslash.
    QString escaped;
    for (const QChar c : quoted) {
        if (c == QLatin1Char('\\'))
            escaped += QStringLiteral("\\\\");
        else if (c == QLatin1Char('\n'))
            escaped += QStringLiteral("\\n");
        else if (c == QLatin1Char('\t'))
            escaped += QStringLiteral("\\t");
        else if (c == QLatin1Char('\r'))
            escaped += QStringLiteral("\\r");
        else
            escaped += c;
    }
    return escaped;
}

QString Autostart::desktopEntry(const QString& program)
{
    return QStringLiteral("[Desktop Entry]\n"
                          "Type=Application\n"
                          "Name=Reelwatch\n"
                          "Comment=Watch video renders and get the result in one click\n"
                          "Exec=%1\n"
                          "Icon=%2\n"
                          "Terminal=false\n"
                          "X-GNOME-Autostart-enabled=true\n")
        .arg(quoteExecArgument(program), QLatin1String(kApplicationId));
}

QString Autostart::location() const
{
#if defined(Q_OS_WIN)
    return kRunKey + QLatin1Char('\\') + kRunValue;
#elif defined(Q_OS_MACOS)
    return launchAgentPath();
#else
    return xdgEntryPath();
#endif
}

bool Autostart::isEnabled() const
{
#if defined(Q_OS_WIN)
    return QSettings(kRunKey, QSettings::NativeFormat).contains(kRunValue);
#elif defined(Q_OS_MACOS)
    return QFileInfo::exists(launchAgentPath());
#else
    QFile file(xdgEntryPath());
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return false;
    // The entry may have been switched off by the desktop's own settings rather than removed.
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        const qsizetype equals = line.indexOf('=');
        if (equals < 0)
            continue;
        const QByteArray key = line.left(equals).trimmed();
        const QByteArray value = line.mid(equals + 1).trimmed();
        if ((key == "Hidden" && value == "true") || (key == "X-GNOME-Autostart-enabled" && value == "false"))
            return false;
    }
    return true;
#endif
}

bool Autostart::setEnabled(bool enabled, QString* error)
{
    QString problem;
#if defined(Q_OS_WIN)
    QSettings run(kRunKey, QSettings::NativeFormat);
    if (enabled)
        run.setValue(kRunValue, QStringLiteral("\"%1\"").arg(QDir::toNativeSeparators(m_program)));
    else
        run.remove(kRunValue);
    run.sync();
    const bool ok = run.status() == QSettings::NoError;
    if (!ok)
        problem = tr("the registry key %1 could not be changed").arg(kRunKey);
#elif defined(Q_OS_MACOS)
    const bool ok = enabled ? writeFileAtomically(launchAgentPath(), launchAgent(m_program), &problem)
                            : removeFile(launchAgentPath(), &problem);
#else
    const bool ok = enabled ? writeFileAtomically(xdgEntryPath(), desktopEntry(m_program).toUtf8(), &problem)
                            : removeFile(xdgEntryPath(), &problem);
#endif
    if (!ok && error)
        *error = problem;
    return ok;
}

} // namespace Reelwatch

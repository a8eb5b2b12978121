#include "autostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QWindow>

#if defined(QT_DBUS_LIB)
#include <optional>
#include <QDBusError>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QEventLoop>
#include <QRandomGenerator>
#include <QTimer>
#include <QVariantMap>
#endif

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

#if defined(QT_DBUS_LIB)
const QString kPortalService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString kPortalPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString kBackgroundInterface = QStringLiteral("org.freedesktop.portal.Background");
const QString kRequestInterface = QStringLiteral("org.freedesktop.portal.Request");
const QString kRequestPathPrefix = QStringLiteral("/org/freedesktop/portal/desktop/request/");
// The portal's Response codes (org.freedesktop.portal.Request).
constexpr uint kResponseSuccess = 0;
constexpr uint kResponseCancelled = 1;

// Receives the Request's Response signal. A QObject with a slot because QDBusConnection::connect()
// takes bus signals by name only.
class PortalAnswer : public QObject
{
    Q_OBJECT

public:
    std::optional<uint> response;
    QVariantMap results;

signals:
    void arrived();

public slots:
    void onResponse(uint code, const QVariantMap& values)
    {
        if (response)
            return; // one request, one answer
        response = code;
        results = values;
        emit arrived();
    }
};

// The portal's parent_window: lets the desktop put its question over Reelwatch's window. Only X11
// windows can be named without a Wayland protocol Qt 6.4 does not offer; elsewhere it is empty, which
// the portal accepts.
QString parentWindowIdentifier()
{
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance())
        || QGuiApplication::platformName() != QLatin1String("xcb"))
        return QString();
    const QWindow* window = QGuiApplication::focusWindow();
    return window ? QStringLiteral("x11:") + QString::number(window->winId(), 16) : QString();
}

QString describeCallError(const QDBusError& error)
{
    switch (error.type()) {
    case QDBusError::ServiceUnknown:
        return Autostart::tr("no desktop portal runs on the session bus (%1 is missing); install "
                             "xdg-desktop-portal and the portal package for your desktop")
            .arg(kPortalService);
    case QDBusError::UnknownObject:
    case QDBusError::UnknownInterface:
    case QDBusError::UnknownMethod:
        return Autostart::tr("the desktop portal has no Background portal, which starting at login needs");
    case QDBusError::NoReply:
    case QDBusError::Timeout:
    case QDBusError::TimedOut:
        return Autostart::tr("the desktop portal did not answer the request");
    default:
        return Autostart::tr("the desktop portal refused the request: %1").arg(error.message());
    }
}
#endif

} // namespace

Autostart::Autostart()
{
    // An AppImage runs from a temporary mount that is gone after logout; the image file stays.
    const QString appImage = qEnvironmentVariable("APPIMAGE");
    m_program
        = !appImage.isEmpty() && QFileInfo(appImage).isAbsolute() ? appImage : QCoreApplication::applicationFilePath();
#if defined(Q_OS_WIN)
    // Started as the console twin (from a terminal), the entry still names the windowed program;
    // a build tree without the pair keeps the .com rather than naming nothing.
    const QString gui = guiProgramFor(m_program);
    if (gui != m_program && QFileInfo::exists(gui))
        m_program = gui;
#endif
#if defined(QT_DBUS_LIB)
    if (runsInFlatpak()) {
        m_mode = Mode::Portal;
        m_portalBus = QDBusConnection::sessionBus().name();
        // The sandbox's own configuration folder: the host's autostart folder is out of reach.
        m_portalStateFile = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)
            + QStringLiteral("/autostart-granted");
    }
#endif
}

#if defined(QT_DBUS_LIB)
Autostart Autostart::forPortal(const QDBusConnection& bus, const QString& stateFile)
{
    Autostart autostart;
    autostart.m_mode = Mode::Portal;
    autostart.m_portalBus = bus.name();
    autostart.m_portalStateFile = stateFile;
    return autostart;
}
#endif

bool Autostart::runsInFlatpak()
{
    return QFileInfo::exists(QStringLiteral("/.flatpak-info"));
}

QString Autostart::guiProgramFor(const QString& program)
{
    static const QString console = QStringLiteral(".com");
    if (!program.endsWith(console, Qt::CaseInsensitive) || program.size() == console.size()
        || program.at(program.size() - console.size() - 1) == QLatin1Char('/')
        || program.at(program.size() - console.size() - 1) == QLatin1Char('\\'))
        return program;
    return program.chopped(console.size()) + QStringLiteral(".exe");
}

QStringList Autostart::portalCommandLine()
{
    // The portal turns this into `flatpak run --command=reelwatch <app ID>` in the host's entry. No
    // --minimized: the entry starts Reelwatch as the native entries do, and "Start minimised"
    // decides how the window appears.
    return {QStringLiteral("reelwatch")};
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
    if (m_mode == Mode::Portal)
        return tr("the desktop's background apps permission (start at login)");
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
    // The host's entry is out of the sandbox's sight: the desktop's last answer stands for it.
    if (m_mode == Mode::Portal)
        return QFileInfo::exists(m_portalStateFile);
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
    if (m_mode == Mode::Portal) {
        const bool ok = requestFromPortal(enabled, &problem);
        if (!ok && error)
            *error = problem;
        return ok;
    }
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

bool Autostart::refresh(QString* error)
{
    if (m_mode == Mode::Portal || !isEnabled())
        return true;
    return setEnabled(true, error);
}

bool Autostart::requestFromPortal(bool enabled, QString* error)
{
#if !defined(QT_DBUS_LIB)
    Q_UNUSED(enabled)
    *error = tr("this build of Reelwatch cannot reach the desktop portal");
    return false;
#else
    // A second request while the first waits could only come from an event handled meanwhile; the
    // desktop would then show two questions, and the answers could cross.
    if (m_waitingForPortal) {
        *error = tr("an earlier start-at-login request is still waiting for the desktop's answer");
        return false;
    }
    QDBusConnection bus(m_portalBus);
    if (!bus.isConnected()) {
        *error = tr("there is no session bus, so the desktop portal cannot be reached");
        return false;
    }

    // The portal names the request object after our unique bus name and this token. Listening on
    // that path before calling means an answer that comes before the call's reply is not lost.
    const QString token = QStringLiteral("reelwatch_%1").arg(QRandomGenerator::global()->generate64(), 0, 16);
    QString sender = bus.baseService();
    if (sender.startsWith(QLatin1Char(':')))
        sender.remove(0, 1);
    sender.replace(QLatin1Char('.'), QLatin1Char('_'));
    QString requestPath = kRequestPathPrefix + sender + QLatin1Char('/') + token;

    PortalAnswer answer;
    const auto listen = [&bus, &answer](const QString& path, bool on) {
        const QString signal = QStringLiteral("Response");
        const char* slot = SLOT(onResponse(uint, QVariantMap));
        return on ? bus.connect(kPortalService, path, kRequestInterface, signal, &answer, slot)
                  : bus.disconnect(kPortalService, path, kRequestInterface, signal, &answer, slot);
    };
    listen(requestPath, true);

    const QVariantMap options{
        {QStringLiteral("handle_token"), token},
        {QStringLiteral("reason"), tr("Reelwatch starts when you log in, to keep watching your video renders.")},
        {QStringLiteral("autostart"), enabled},
        {QStringLiteral("commandline"), portalCommandLine()},
        {QStringLiteral("dbus-activatable"), false},
    };
    QDBusMessage call = QDBusMessage::createMethodCall(kPortalService, kPortalPath, kBackgroundInterface,
                                                       QStringLiteral("RequestBackground"));
    call << parentWindowIdentifier() << options;

    QEventLoop loop;
    QString callProblem;
    bool timedOut = false;
    QObject::connect(&answer, &PortalAnswer::arrived, &loop, &QEventLoop::quit);
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&timedOut, &loop] {
        timedOut = true;
        loop.quit();
    });
    QDBusPendingCallWatcher reply(bus.asyncCall(call, m_portalTimeoutMs));
    QObject::connect(&reply, &QDBusPendingCallWatcher::finished, &loop, [&](QDBusPendingCallWatcher* watcher) {
        const QDBusPendingReply<QDBusObjectPath> handle = *watcher;
        if (handle.isError()) {
            callProblem = describeCallError(handle.error());
            loop.quit();
            return;
        }
        // Portals older than 0.9 choose the path themselves: follow it.
        const QString path = handle.value().path();
        if (path != requestPath && !answer.response) {
            listen(requestPath, false);
            requestPath = path;
            listen(requestPath, true);
        }
    });
    deadline.start(m_portalTimeoutMs);
    m_waitingForPortal = true;
    // The user's input to Reelwatch waits until the desktop answered, so nothing closes or reopens
    // the settings while their request is open; timers, sockets and repaints go on.
    if (!answer.response)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    m_waitingForPortal = false;
    listen(requestPath, false);

    if (!answer.response) {
        if (!callProblem.isEmpty()) {
            *error = callProblem;
            return false;
        }
        // Withdraw the question, so no dialog stays open for an answer nobody waits for.
        bus.send(
            QDBusMessage::createMethodCall(kPortalService, requestPath, kRequestInterface, QStringLiteral("Close")));
        *error = timedOut ? tr("the desktop did not answer within %n second(s); the request was withdrawn", nullptr,
                               qMax(1, (m_portalTimeoutMs + 999) / 1000))
                          : tr("Reelwatch is quitting; the request was withdrawn");
        return false;
    }

    // What the desktop says about autostart stands, whatever was asked: a refused background
    // permission switches autostart off too (response 1 with "autostart" false). Without that
    // result only a granted request to switch it off says where things are.
    const uint response = *answer.response;
    const QVariant reported = answer.results.value(QStringLiteral("autostart"));
    std::optional<bool> willStart;
    if (reported.isValid())
        willStart = reported.toBool();
    else if (response == kResponseSuccess && !enabled)
        willStart = false;
    QString fileProblem;
    const bool remembered = !willStart
        || (*willStart ? writeFileAtomically(
                m_portalStateFile,
                QByteArrayLiteral("# Start at login was granted by the desktop's Background portal.\n"), &fileProblem)
                       : removeFile(m_portalStateFile, &fileProblem));

    if (willStart != enabled) {
        if (response == kResponseCancelled)
            *error = enabled ? tr("the desktop did not allow Reelwatch to run in the background (the answer was "
                                  "no; it can be changed in the desktop's settings for apps)")
                             : tr("the desktop did not accept the request (the answer was no)");
        else if (response == kResponseSuccess)
            *error = enabled ? tr("the desktop allowed Reelwatch to run but refused to start it at login")
                             : tr("the desktop kept starting Reelwatch at login");
        else
            *error = tr("the desktop portal could not carry out the request (it answered %1)").arg(response);
        return false;
    }
    if (!remembered) {
        *error = tr("the desktop's answer could not be remembered: %1").arg(fileProblem);
        return false;
    }
    return true;
#endif
}

} // namespace Reelwatch

#if defined(QT_DBUS_LIB)
#include "autostart.moc"
#endif

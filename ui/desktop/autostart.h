#pragma once

#include "core/applicationid.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#if defined(QT_DBUS_LIB)
#include <QDBusConnection>
#endif

namespace Reelwatch {

// Starting Reelwatch when the user logs in, the same way on every desktop: an XDG autostart entry
// ($XDG_CONFIG_HOME/autostart/io.github.reelwatch.Reelwatch.desktop) on Linux and other Unix
// desktops, a value under HKCU\Software\Microsoft\Windows\CurrentVersion\Run on Windows, and a
// launch agent (~/Library/LaunchAgents/io.github.reelwatch.Reelwatch.plist) on macOS. The entry
// itself is the truth: nothing else remembers whether it is on.
//
// Inside a Flatpak an entry written there would land in the sandbox's private configuration, which
// the host session never reads, and name a binary that exists only in the sandbox. There the
// desktop writes the entry instead, asked through the Background portal
// (org.freedesktop.portal.Background.RequestBackground). The portal may put the question to the
// user, so setEnabled() waits for the answer in a local event loop (at most portalTimeoutMs()),
// during which timers and sockets keep running but the user's input to Reelwatch's windows waits.
// The portal has no way to read the entry back: isEnabled() is the last answer the desktop gave,
// remembered in a small file of its own.
class Autostart
{
    Q_DECLARE_TR_FUNCTIONS(Autostart)

public:
    // The entry is named after the application ID (core/applicationid.h), like the installed .desktop file.
    static constexpr const char* kApplicationId = Reelwatch::kApplicationId;

    // Who writes the login entry: Reelwatch itself, or the desktop through the Background portal.
    enum class Mode
    {
        Native,
        Portal
    };

    // The portal inside a Flatpak (runsInFlatpak()) when Qt D-Bus is built in, Native otherwise.
    Autostart();

#if defined(QT_DBUS_LIB)
    // Always the portal, on `bus`, remembering the desktop's answers in `stateFile` (tests pass a
    // private bus and a temporary file).
    static Autostart forPortal(const QDBusConnection& bus, const QString& stateFile);
#endif
    // Flatpak puts /.flatpak-info into every sandbox it starts.
    static bool runsInFlatpak();

    Mode mode() const
    {
        return m_mode;
    }

    bool isEnabled() const;
    // Writes (again, so a moved binary is picked up) or removes the entry; false with the reason.
    // In Portal mode it asks the desktop and waits for its answer.
    bool setEnabled(bool enabled, QString* error);
    // At start, for an entry that is on: rewrites a native entry so it names the running binary.
    // The portal's entry names the command inside the sandbox, which does not move, so nothing is
    // asked there (asking would put the question in front of the user at every start).
    bool refresh(QString* error);

    // The program started at login: the running binary (an AppImage's own file when run from one,
    // the GUI-subsystem reelwatch.exe when run as its console twin reelwatch.com).
    QString program() const
    {
        return m_program;
    }
    void setProgram(const QString& absolutePath)
    {
        m_program = absolutePath;
    }

    // Where the entry lives, for messages: a file path, the registry key and value name, or in
    // Portal mode a description of the desktop's permission.
    QString location() const;

    // The XDG entry for `program`, and one argument quoted by the Desktop Entry rules for Exec.
    static QString desktopEntry(const QString& program);
    static QString quoteExecArgument(const QString& argument);

    // The GUI-subsystem program for `program`: packaging/deploy.cmake installs reelwatch.com, a
    // console build of the same code, next to reelwatch.exe. A login entry naming the .com would
    // open a console window at every login, so the .exe with the same folder and base name is
    // recorded instead. Other paths come back unchanged. Pure string work, on every platform.
    static QString guiProgramFor(const QString& program);

    // The command the portal's entry runs inside the sandbox (the manifest's `command`).
    static QStringList portalCommandLine();
    // How long setEnabled() waits for the desktop's answer in Portal mode.
    static constexpr int kPortalTimeoutMs = 2 * 60 * 1000;
    int portalTimeoutMs() const
    {
        return m_portalTimeoutMs;
    }
    void setPortalTimeoutMs(int ms)
    {
        m_portalTimeoutMs = ms;
    }
    // The file that remembers the desktop's last granted answer (Portal mode).
    QString portalStateFile() const
    {
        return m_portalStateFile;
    }

private:
    bool requestFromPortal(bool enabled, QString* error);

    QString m_program;
    Mode m_mode = Mode::Native;
    // The bus connection's name (QDBusConnection(name) finds it again), so that this header needs no
    // D-Bus types where Qt D-Bus is not built.
    QString m_portalBus;
    QString m_portalStateFile;
    int m_portalTimeoutMs = kPortalTimeoutMs;
    bool m_waitingForPortal = false;
};

} // namespace Reelwatch

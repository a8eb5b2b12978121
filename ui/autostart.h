#pragma once

#include "core/applicationid.h"

#include <QCoreApplication>
#include <QString>

namespace Reelwatch {

// Starting Reelwatch when the user logs in, the same way on every desktop: an XDG autostart entry
// ($XDG_CONFIG_HOME/autostart/io.github.reelwatch.Reelwatch.desktop) on Linux and other Unix
// desktops, a value under HKCU\Software\Microsoft\Windows\CurrentVersion\Run on Windows, and a
// launch agent (~/Library/LaunchAgents/io.github.reelwatch.Reelwatch.plist) on macOS. The entry
// itself is the truth: nothing else remembers whether it is on.
class Autostart
{
    Q_DECLARE_TR_FUNCTIONS(Autostart)

public:
    // The entry is named after the application ID (core/applicationid.h), like the installed .desktop file.
    static constexpr const char* kApplicationId = Reelwatch::kApplicationId;

    Autostart();

    bool isEnabled() const;
    // Writes (again, so a moved binary is picked up) or removes the entry; false with the reason.
    bool setEnabled(bool enabled, QString* error);

    // The program started at login: the running binary (an AppImage's own file when run from one).
    QString program() const { return m_program; }
    void setProgram(const QString& absolutePath) { m_program = absolutePath; }

    // Where the entry lives, for messages: a file path, or the registry key and value name.
    QString location() const;

    // The XDG entry for `program`, and one argument quoted by the Desktop Entry rules for Exec.
    static QString desktopEntry(const QString& program);
    static QString quoteExecArgument(const QString& argument);

private:
    QString m_program;
};

} // namespace Reelwatch

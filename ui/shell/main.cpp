#include "cli/cliapp.h"
#include "core/secretmemory.h"
#include "guiapp.h"
#include "reelwatch_version.h"

#include <algorithm>
#include <cstdio>
#include <QCoreApplication>

namespace {

void describeApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("reelwatch"));
    QCoreApplication::setOrganizationName(QStringLiteral("Reelwatch"));
    QCoreApplication::setApplicationVersion(QStringLiteral(REELWATCH_VERSION));
}

} // namespace

int main(int argc, char* argv[])
{
    // Before any key is read: a crash must not write the keys into a core file.
    Reelwatch::SecretMemory::protectProcess();

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    if (Reelwatch::CliApp::handles(arguments)) {
        // Headless: no display, no platform plugin, nothing but the event loop and the network.
        QCoreApplication app(argc, argv);
        describeApplication();
        return Reelwatch::CliApp::run(QCoreApplication::arguments());
    }
#if defined(Q_OS_LINUX)
    const bool noDisplay = qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
    // The window's own help (--help-all adds Qt's options) prints and exits before any window
    // exists, so it needs no display: the offscreen platform stands in for one.
    const QStringList helpOptions{QStringLiteral("--help-all"), QStringLiteral("--help"), QStringLiteral("-h"),
                                  QStringLiteral("--version"), QStringLiteral("-V")};
    const bool asksForHelp = std::any_of(arguments.cbegin(), arguments.cend(),
                                         [&](const QString& argument) { return helpOptions.contains(argument); });
    if (noDisplay && asksForHelp)
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Without a display Qt would abort deep inside the platform plugin; say what is going on instead.
    else if (noDisplay) {
        fprintf(stderr,
                "reelwatch: there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset).\n"
                "The command line works without one: see 'reelwatch --help'.\n");
        return 2;
    }
#endif
    return Reelwatch::GuiApp::run(argc, argv, &describeApplication);
}

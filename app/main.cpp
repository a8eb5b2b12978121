#include "cli/cliapp.h"
#include "reelwatch_version.h"
#include "ui/guiapp.h"

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
    // Without a display Qt would abort deep inside the platform plugin; say what is going on instead.
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        fprintf(stderr,
                "reelwatch: there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset).\n"
                "The command line works without one: see 'reelwatch --help'.\n");
        return 2;
    }
#endif
    return Reelwatch::GuiApp::run(argc, argv, &describeApplication);
}

#include "cli/cliapp.h"
#include "reelwatch_version.h"
#include "ui/guiapp.h"

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
    return Reelwatch::GuiApp::run(argc, argv, &describeApplication);
}

#include "guiapp.h"

#include "core/apiendpoint.h"
#include "demo/demoserver.h"
#include "mainwindow.h"
#include "net/connectivity.h"
#include "net/poller.h"
#include "net/videoapi.h"

#include <memory>
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>

// The resources live in a static library, where the linker would drop them without this explicit
// reference; Q_INIT_RESOURCE must be used outside any namespace.
static void initResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace Reelwatch {

int GuiApp::run(int argc, char* argv[], void (*describeApplication)())
{
    initResources();
    QApplication app(argc, argv);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("Reelwatch"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/reelwatch.svg")));

    QCommandLineParser parser;
    parser.addOption({QStringLiteral("demo"), QApplication::translate("GuiApp", "Use the built-in demo server.")});
    parser.process(app);

    QNetworkAccessManager manager;
    std::unique_ptr<DemoServer> demo;
    std::unique_ptr<VideoApi> api;
    QStringList initialTasks;

    if (parser.isSet(QStringLiteral("demo"))) {
        demo = std::make_unique<DemoServer>();
        initialTasks = demo->addSampleTasks();
        if (!demo->listen()) {
            QMessageBox::critical(nullptr, QStringLiteral("Reelwatch"),
                                  QApplication::translate("GuiApp", "The demo server could not listen on 127.0.0.1."));
            return 1;
        }
        api = std::make_unique<VideoApi>(&manager, ApiEndpoint(demo->baseUrl(), AuthMode::Bearer),
                                         QByteArrayLiteral("demo"));
    } else {
        const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        const BaseUrlCheck base = ApiEndpoint::normaliseBaseUrl(
            environment.value(QStringLiteral("REELWATCH_BASE_URL"), QStringLiteral("https://api.openai.com")));
        if (!base.ok) {
            QMessageBox::critical(
                nullptr, QStringLiteral("Reelwatch"),
                QApplication::translate("GuiApp", "REELWATCH_BASE_URL is not usable: %1").arg(base.error));
            return 2;
        }
        api = std::make_unique<VideoApi>(&manager, ApiEndpoint(base.url, AuthMode::Bearer),
                                         environment.value(QStringLiteral("REELWATCH_API_KEY")).trimmed().toUtf8());
    }

    PollSettings settings;
    if (demo) {
        // The demo's renders take seconds, not minutes: poll them at a pace that shows every step.
        settings.baseIntervalMs = 1000;
        settings.maxIntervalMs = 3000;
    }
    Poller poller(api.get(), settings);
    Connectivity connectivity;
    if (!ApiEndpoint::isLoopbackHost(api->endpoint().baseUrl().host())) {
        poller.setOnline(connectivity.isOnline());
        QObject::connect(&connectivity, &Connectivity::onlineChanged, &poller, &Poller::setOnline);
    }

    MainWindow window(&poller);
    window.addTasks(initialTasks);
    window.show();
    return QApplication::exec();
}

} // namespace Reelwatch

#include "guiapp.h"

#include "appsettings.h"
#include "autostart.h"
#include "colorscheme.h"
#include "demo/demoserver.h"
#include "mainwindow.h"
#include "monitor/monitor.h"
#include "secrets/keychainsecretstore.h"
#include "secrets/memorysecretstore.h"
#include "store/store.h"
#include "translations.h"

#include <cstdio>
#include <memory>
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>

// The resources live in a static library, where the linker would drop them without this explicit
// reference; Q_INIT_RESOURCE must be used outside any namespace.
static void initResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace Reelwatch {

namespace {

constexpr int kKeychainRetryDelayMs = 3000;

int refuse(const QString& message)
{
    QMessageBox::critical(nullptr, QStringLiteral("Reelwatch"), message);
    return 1;
}

} // namespace

int GuiApp::run(int argc, char* argv[], void (*describeApplication)())
{
    initResources();
    QApplication app(argc, argv);
    installTranslations(&app);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("Reelwatch"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/reelwatch.svg")));

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption(
        {QStringLiteral("demo"),
         QApplication::translate("GuiApp",
                                 "Use the built-in demo server with sample renders; your own profiles, tasks "
                                 "and keys are not touched.")});
    parser.addOption({QStringLiteral("color-scheme"),
                      QApplication::translate("GuiApp", "The window's colours: system (the default), light or dark."),
                      QStringLiteral("scheme"), QStringLiteral("system")});
    parser.addOption(
        {QStringLiteral("minimized"), QApplication::translate("GuiApp", "Start with the window minimised.")});
    parser.process(app);
    if (!applyColorScheme(parser.value(QStringLiteral("color-scheme")))) {
        std::fprintf(
            stderr, "%s\n",
            qPrintable(QApplication::translate("GuiApp", "Unknown colour scheme “%1”: use system, light or dark.")
                           .arg(parser.value(QStringLiteral("color-scheme")))));
        return 2;
    }

    Store store;
    QString error;
    std::unique_ptr<DemoServer> demo;
    std::unique_ptr<SecretStore> secrets;
    if (parser.isSet(QStringLiteral("demo"))) {
        // Everything in memory: the demo never reads or writes the user's database or keychain.
        demo = std::make_unique<DemoServer>();
        const QStringList samples = demo->addSampleTasks();
        if (!demo->listen())
            return refuse(QApplication::translate("GuiApp", "The demo server could not listen on 127.0.0.1."));
        if (!store.open(QStringLiteral(":memory:"), &error))
            return refuse(QApplication::translate("GuiApp", "The demo database could not be created: %1").arg(error));
        std::optional<Profile> profile
            = store.addProfile(QStringLiteral("Demo"), demo->baseUrl(), AuthMode::Bearer, &error);
        if (!profile || !store.setDefaultProfile(profile->id, &error))
            return refuse(error);
        // The demo's renders take seconds, not minutes: poll them at a pace that shows every step.
        profile->poll.baseIntervalMs = 1000;
        profile->poll.maxIntervalMs = 3000;
        store.updateProfile(*profile, &error);
        store.addTasks(profile->id, samples, QString(), &error);
        auto memory = std::make_unique<MemorySecretStore>();
        memory->writeNow(profile->keychainId, QByteArrayLiteral("demo-key"));
        secrets = std::move(memory);
    } else {
        if (!store.open(Store::defaultPath(), &error) || !store.ensureDefaultProfile(&error))
            return refuse(QApplication::translate("GuiApp", "The task database could not be opened: %1").arg(error));
        auto keychain = std::make_unique<KeychainSecretStore>();
        keychain->setRetryDelayMs(kKeychainRetryDelayMs);
        secrets = std::move(keychain);
    }

    AppSettings settings;
    Autostart autostart;
    // Keep the login entry pointing at this binary, which may have moved since it was written.
    if (settings.startAtLogin() && autostart.isEnabled())
        autostart.setEnabled(true, &error);

    Monitor monitor(&store, secrets.get());
    monitor.start();
    MainWindow window(&monitor, &settings, &autostart);
    if (parser.isSet(QStringLiteral("minimized")) || settings.startMinimised())
        window.showMinimized();
    else
        window.show();
    return QApplication::exec();
}

} // namespace Reelwatch

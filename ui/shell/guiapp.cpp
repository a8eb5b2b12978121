#include "guiapp.h"

#include "bundledresources.h"
#include "cli/signalwatcher.h"
#include "colorscheme.h"
#include "core/applicationid.h"
#include "demo/demoserver.h"
#include "mainwindow.h"
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "monitor/taskservice.h"
#include "net/singleinstance.h"
#include "providers/providerregistry.h"
#include "secrets/keychainsecretstore.h"
#include "secrets/memorysecretstore.h"
#include "store/store.h"
#include "translations.h"
#include "ui/desktop/autostart.h"
#include "ui/desktop/desktopintegration.h"
#include "ui/desktop/fallbacknotifier.h"
#include "ui/desktop/trayicon.h"
#include "ui/desktop/traynotifier.h"
#include "ui/settings/appsettings.h"

#ifdef REELWATCH_HAVE_DBUS_NOTIFIER
#include "ui/desktop/dbusnotifier.h"
#endif

#include <cstdio>
#include <memory>
#include <QApplication>
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QIcon>
#include <QMessageBox>
#include <QTimer>

namespace Reelwatch {

namespace {

constexpr int kKeychainRetryDelayMs = 3000;

int refuse(const QString& message)
{
    QMessageBox::critical(nullptr, QStringLiteral("Reelwatch"), message);
    return 1;
}

// ---- One instance per task database (see SingleInstance) -------------------------------------

// Becomes this database's instance, or hands this launch to the one that runs. Returns the exit
// code when this launch is done.
std::optional<int> claimInstance(SingleInstance& instance, const QString& activationToken)
{
    InstanceReply reply;
    QString error;
    switch (instance.claim(InstanceRequest::activate(activationToken), true, SingleInstance::kDefaultWaitMs, &reply,
                           &error)) {
    case SingleInstance::Claim::Primary:
        return std::nullopt;
    case SingleInstance::Claim::Delivered:
        if (!reply.ok) {
            return refuse(QApplication::translate("GuiApp",
                                                  "Reelwatch is already running but refused to show its "
                                                  "window: %1")
                              .arg(reply.error));
        }
        std::printf("%s\n",
                    qPrintable(QApplication::translate(
                        "GuiApp", "Reelwatch is already running; its window was brought to the front.")));
        return 0;
    case SingleInstance::Claim::NoAnswer:
        return refuse(
            QApplication::translate("GuiApp", "Reelwatch is already running but does not answer: %1.").arg(error));
    case SingleInstance::Claim::Unavailable:
        // The window still works; only the guard against a second poller on this database is missing.
        std::fprintf(
            stderr, "%s\n",
            qPrintable(QApplication::translate("GuiApp", "reelwatch: %1; another window may be running.").arg(error)));
        return std::nullopt;
    }
    return std::nullopt;
}

// `reelwatch add` while the window runs: the tasks go through the monitor, which polls them at once
// and puts them on the board. The window does not take the focus for a script's add.
InstanceReply addFromAnotherProcess(Monitor& monitor, const InstanceAddRequest& request)
{
    // As `reelwatch add` does without a window: archived tasks stay archived.
    // Named as the command line names it without a window (Store::profileByName): trimmed, and a
    // name that is only blanks names no profile. No name at all means the default profile.
    const QString wanted = request.profileName.trimmed();
    std::optional<Profile> profile;
    QStringList names;
    const ProfileManager* profiles = monitor.profiles();
    for (const Profile& candidate : profiles->profiles()) {
        names << candidate.name;
        if (request.profileName.isEmpty() ? candidate.id == profiles->defaultProfileId() : candidate.name == wanted)
            profile = candidate;
    }
    if (!profile) {
        return InstanceReply::failure(QApplication::translate("GuiApp", "no profile named '%1' (profiles: %2)")
                                          .arg(wanted, names.join(QStringLiteral(", "))),
                                      QString::fromLatin1(InstanceReply::kErrorUnknownProfile));
    }
    QString error;
    const std::optional<TaskService::AddOutcome> outcome
        = monitor.tasks()->add(profile->id, request.ids, request.label, &error, TaskService::Archived::Keep);
    if (!outcome) {
        return InstanceReply::failure(QApplication::translate("GuiApp", "the tasks could not be added: %1").arg(error),
                                      QString::fromLatin1(InstanceReply::kErrorFailed));
    }
    InstanceReply reply;
    reply.ok = true;
    reply.added = int(outcome->added.size());
    reply.existing = int(request.ids.size() - outcome->added.size());
    reply.profileName = profile->name;
    return reply;
}

void serveInstance(SingleInstance& instance, Monitor& monitor, DesktopIntegration& desktop)
{
    QObject::connect(&instance, &SingleInstance::activationRequested, &desktop,
                     [&desktop](const QString& token) { desktop.showWindow(token); });
    instance.setAddHandler(
        [&monitor](const InstanceAddRequest& request) { return addFromAnotherProcess(monitor, request); });
}

// ------------------------------------------------------------------------------------------------

} // namespace

int GuiApp::run(int argc, char* argv[], void (*describeApplication)())
{
    initBundledResources();
    const QString activationToken = InstanceRequest::activationTokenFromEnvironment();
    QApplication app(argc, argv);
    // SIGTERM (a service manager, a logout, `kill`) and SIGINT end the window as File › Quit does
    // instead of ending the process where it stands: the window saves its layout and commits a
    // pending removal, the monitor's recorders write what they hold, downloads keep their .part, and
    // this instance's lock and socket go away. Watched from the start, so that one arriving while the
    // window is still being built is remembered rather than fatal.
    SignalWatcher signalWatcher;
    bool terminated = false;
    QObject::connect(&signalWatcher, &SignalWatcher::interrupted, &app, [&terminated] { terminated = true; });
    installTranslations(&app);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("Reelwatch"));
    // Wayland's app_id and the portals match the window to the installed .desktop file by this name.
    QGuiApplication::setDesktopFileName(QString::fromLatin1(kApplicationId));
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

    // Decided before the database is opened: a second launch must not touch it.
    SingleInstance instance(parser.isSet(QStringLiteral("demo"))
                                ? SingleInstance::keyForDemo()
                                : SingleInstance::keyForDatabase(Store::defaultPath()));
    if (const std::optional<int> exitCode = claimInstance(instance, activationToken))
        return *exitCode;

    Store store;
    QString error;
    std::unique_ptr<DemoServer> demo;
    std::unique_ptr<SecretStore> secrets;
    if (parser.isSet(QStringLiteral("demo"))) {
        // Everything in memory: the demo never reads or writes the user's database or keychain.
        demo = std::make_unique<DemoServer>();
        const QStringList samples = demo->addSampleTasks();
        // The OpenAI shape, list route included: batch refresh works, and following the Demo profile's
        // account (Settings › Profiles) shows a new render every few seconds.
        demo->setFlavour(DemoFlavour::OpenAI);
        demo->setSpawnWhileListed(6000);
        if (!demo->listen())
            return refuse(QApplication::translate("GuiApp", "The demo server could not listen on 127.0.0.1."));
        if (!store.open(QStringLiteral(":memory:"), &error))
            return refuse(QApplication::translate("GuiApp", "The demo database could not be created: %1").arg(error));
        auto memory = std::make_unique<MemorySecretStore>();
        // One profile per API the demo speaks: the OpenAI shape and a few native ones, as a creator who
        // renders on several services has.
        QList<QPair<QString, QStringList>> renders = {{QStringLiteral("openai"), samples}};
        renders += demo->addNativeSampleTasks();
        const ProviderRegistry& providers = ProviderRegistry::builtIns();
        for (const auto& [providerId, ids] : std::as_const(renders)) {
            const bool openAi = providerId == QLatin1String("openai");
            const QString name = openAi
                ? QStringLiteral("Demo")
                : QApplication::translate("GuiApp", "%1 (demo)").arg(providers.find(providerId)->name());
            std::optional<Profile> profile = store.addProfile(
                name, openAi ? demo->baseUrl() : demo->nativeBaseUrl(providerId), AuthMode::Bearer, &error, providerId);
            if (!profile || (openAi && !store.setDefaultProfile(profile->id, &error)))
                return refuse(error);
            // The demo's renders take seconds, not minutes: poll them at a pace that shows every step.
            profile->poll.baseIntervalMs = 1000;
            profile->poll.maxIntervalMs = 3000;
            store.updateProfile(*profile, &error);
            store.addTasks(profile->id, ids, QString(), &error);
            // Any key will do; Kling's is a key pair the client signs a token with.
            memory->writeNow(profile->keychainId,
                             providerId == QLatin1String("kling") ? QByteArrayLiteral("demo-access:demo-secret")
                                                                  : QByteArrayLiteral("demo-key"));
        }
        secrets = std::move(memory);
    } else {
        if (!store.open(Store::defaultPath(), &error))
            return refuse(QApplication::translate("GuiApp", "The task database could not be opened: %1").arg(error));
        auto keychain = std::make_unique<KeychainSecretStore>();
        keychain->setRetryDelayMs(kKeychainRetryDelayMs);
        secrets = std::move(keychain);
    }

    AppSettings settings;
    Autostart autostart;
    // Keep the login entry pointing at this binary, which may have moved since it was written.
    if (settings.startAtLogin() && autostart.isEnabled())
        autostart.refresh(&error);

    Monitor monitor(&store, secrets.get());
    monitor.start();
    MainWindow window(&monitor, &settings, &autostart);

    // Notifications through the desktop's notification service while it runs, else the tray's balloon.
    TrayNotifier trayNotifier(nullptr);
#ifdef REELWATCH_HAVE_DBUS_NOTIFIER
    DBusNotifier desktopNotifier;
    FallbackNotifier notifier({&desktopNotifier, &trayNotifier});
#else
    FallbackNotifier notifier({&trayNotifier});
#endif
    DesktopIntegration desktop(&monitor, &window, &settings, &notifier);
    trayNotifier.setTrayIcon(desktop.tray()->systemTrayIcon());
    QObject::connect(desktop.tray(), &TrayIcon::visibilityChanged, &trayNotifier,
                     [&trayNotifier] { trayNotifier.updateAvailability(); });
    desktop.start();

    serveInstance(instance, monitor, desktop);
    // From now on a SIGTERM quits as File › Quit does; one that came during start-up does so at once.
    QObject::disconnect(&signalWatcher, nullptr, &app, nullptr);
    QObject::connect(&signalWatcher, &SignalWatcher::interrupted, &desktop, &DesktopIntegration::quit);
    if (terminated)
        QTimer::singleShot(0, &desktop, &DesktopIntegration::quit);
    if (parser.isSet(QStringLiteral("minimized")) || settings.startMinimised())
        window.showMinimized();
    else
        window.show();
    const int exitCode = QApplication::exec();
    // The add handler uses the monitor, which goes before `instance` does: stop serving first, so a
    // client arriving during shutdown finds nobody listening instead of a destroyed monitor.
    instance.stopServing();
    return exitCode;
}

} // namespace Reelwatch

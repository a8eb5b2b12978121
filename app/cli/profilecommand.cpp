#include "profilecommand.h"

#include "clisession.h"
#include "console.h"
#include "core/displaytext.h"
#include "core/genericprovider.h"
#include "providers/providerregistry.h"
#include "secrets/secretstore.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Reelwatch {

namespace {

QString usage()
{
    return QStringLiteral("Usage: reelwatch profile list [--json]\n"
                          "       reelwatch profile add NAME [--provider ID | --provider-file FILE] [--base-url URL]\n"
                          "                             [--auth bearer|token]\n"
                          "       reelwatch profile remove NAME\n"
                          "       reelwatch profile set-default NAME");
}

} // namespace

int ProfileCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(usage());
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, add, remove or set-default"));
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The profile's name."));
    ConnectionOptions::addProviderOptions(parser);
    parser.addOption({QStringLiteral("base-url"),
                      QStringLiteral("Server root, e.g. https://gateway.example.com (default: the provider's public "
                                     "address where it has one)."),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("auth"), QStringLiteral("openai provider only: bearer (default) or token."),
                      QStringLiteral("mode")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("list: JSON output.")});
    if (!parser.parse(arguments)) {
        Console::err(QStringLiteral("reelwatch profile: %1\n%2").arg(parser.errorText(), usage()));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        Console::out(parser.helpText());
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const QString name = positional.value(1);
    const bool needsName = action != QLatin1String("list");
    if (action.isEmpty() || (needsName && name.isEmpty()) || positional.size() > 2) {
        Console::err(usage());
        return ExitUsage;
    }

    CliSession session(QStringLiteral("profile"));
    if (!session.openStore())
        return session.exitCode();
    Store& store = session.store();
    QString error;

    if (action == QLatin1String("list")) {
        const QList<Profile> profiles = store.profiles();
        if (parser.isSet(QStringLiteral("json"))) {
            for (const Profile& profile : profiles) {
                const QJsonObject object{{QStringLiteral("name"), profile.name},
                                         {QStringLiteral("provider"), profile.providerId},
                                         {QStringLiteral("base_url"), profile.baseUrl.toString()},
                                         {QStringLiteral("auth"), authModeName(profile.authMode)},
                                         {QStringLiteral("default"), profile.isDefault},
                                         {QStringLiteral("poll_interval_s"), profile.poll.baseIntervalMs / 1000.0}};
                Console::out(
                    QString::fromUtf8(DisplayText::json(QJsonDocument(object).toJson(QJsonDocument::Compact))));
            }
            return ExitOk;
        }
        for (const Profile& profile : profiles) {
            const QString speaks = profile.providerId == QLatin1String(GenericProvider::kId)
                ? QStringLiteral("openai, %1").arg(authModeName(profile.authMode))
                : profile.providerId;
            Console::out(QStringLiteral("%1 %2  %3  (%4)")
                             .arg(profile.isDefault ? QStringLiteral("*") : QStringLiteral(" "), profile.name,
                                  profile.baseUrl.toString(), speaks));
        }
        return ExitOk;
    }

    if (action == QLatin1String("add")) {
        ProviderRegistry& providers = session.providers();
        QString providerId = parser.value(QStringLiteral("provider")).trimmed();
        if (parser.isSet(QStringLiteral("provider-file"))) {
            // A profile outlives this run, so its provider file is installed (in the data folder, where
            // export and import find it too).
            const ProviderRegistry::Outcome installed
                = providers.install(parser.value(QStringLiteral("provider-file")));
            if (!installed.provider) {
                Console::err(QStringLiteral("reelwatch profile add: invalid --provider-file: %1").arg(installed.error));
                return ExitUsage;
            }
            if (!providerId.isEmpty() && providerId != installed.provider->id()) {
                Console::err(QStringLiteral("reelwatch profile add: --provider %1 and --provider-file (which "
                                            "describes \"%2\") disagree")
                                 .arg(providerId, installed.provider->id()));
                return ExitUsage;
            }
            providerId = installed.provider->id();
        }
        if (providerId.isEmpty())
            providerId = QString::fromLatin1(GenericProvider::kId);
        if (parser.isSet(QStringLiteral("auth")) && providerId != QLatin1String(GenericProvider::kId)) {
            Console::err(QStringLiteral("reelwatch profile add: --auth applies to the openai provider only"));
            return ExitUsage;
        }
        if (parser.isSet(QStringLiteral("base-url")) && parser.value(QStringLiteral("base-url")).trimmed().isEmpty()) {
            Console::err(QStringLiteral("reelwatch profile add: --base-url is empty: give the server's URL"));
            return ExitUsage;
        }
        const auto mode
            = authModeFromName(parser.value(QStringLiteral("auth")).isEmpty() ? QStringLiteral("bearer")
                                                                              : parser.value(QStringLiteral("auth")));
        if (!mode) {
            Console::err(QStringLiteral("reelwatch profile add: --auth must be bearer or token"));
            return ExitUsage;
        }
        const ProviderRegistry::EndpointOutcome endpoint
            = providers.endpoint(providerId, parser.value(QStringLiteral("base-url")), *mode);
        if (!endpoint.endpoint) {
            Console::err(QStringLiteral("reelwatch profile add: %1").arg(endpoint.error));
            return ExitUsage;
        }
        const std::optional<Profile> created
            = store.addProfile(name, endpoint.endpoint->baseUrl(), *mode, &error, providerId);
        if (!created) {
            Console::err(QStringLiteral("reelwatch profile add: %1").arg(error));
            // A name that is taken or not allowed is a usage error; a database that cannot be written is not.
            return store.lastFailure() == StoreFailure::CannotWrite ? ExitCannotWrite : ExitUsage;
        }
        Console::out(QStringLiteral("added profile '%1' (%2 at %3); set its key with: reelwatch key set --profile %1")
                         .arg(created->name, endpoint.endpoint->provider().name(), created->baseUrl.toString()));
        return ExitOk;
    }

    const std::optional<Profile> profile = store.profileByName(name);
    if (!profile) {
        Console::err(QStringLiteral("reelwatch profile: no profile named '%1'").arg(name));
        return ExitUsage;
    }
    if (action == QLatin1String("remove")) {
        if (!store.removeProfile(profile->id, &error)) {
            Console::err(QStringLiteral("reelwatch profile remove: %1").arg(error));
            return session.storeFailureCode();
        }
        // Its key goes with it; a missing keychain only means there is nothing to delete there.
        const SecretResult removed = session.secretStore()->removeNow(profile->keychainId);
        Console::out(QStringLiteral("removed profile '%1' and its tasks%2")
                         .arg(profile->name, removed.ok() ? QStringLiteral(" and key") : QString()));
        return ExitOk;
    }
    if (action == QLatin1String("set-default")) {
        if (!store.setDefaultProfile(profile->id, &error)) {
            Console::err(QStringLiteral("reelwatch profile set-default: %1").arg(error));
            return session.storeFailureCode();
        }
        Console::out(QStringLiteral("'%1' is now the default profile").arg(profile->name));
        return ExitOk;
    }
    Console::err(QStringLiteral("reelwatch profile: unknown action '%1'\n%2").arg(action, usage()));
    return ExitUsage;
}

} // namespace Reelwatch

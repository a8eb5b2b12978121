#include "profilecommand.h"

#include "clisession.h"
#include "console.h"
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
                          "       reelwatch profile add NAME --base-url URL [--auth bearer|token]\n"
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
    parser.addOption({QStringLiteral("base-url"), QStringLiteral("Server root, e.g. https://api.openai.com."),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("auth"), QStringLiteral("bearer (default) or token."), QStringLiteral("mode")});
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
                                         {QStringLiteral("base_url"), profile.baseUrl.toString()},
                                         {QStringLiteral("auth"), authModeName(profile.authMode)},
                                         {QStringLiteral("default"), profile.isDefault},
                                         {QStringLiteral("poll_interval_s"), profile.poll.baseIntervalMs / 1000.0}};
                Console::out(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
            }
            return ExitOk;
        }
        for (const Profile& profile : profiles) {
            Console::out(QStringLiteral("%1 %2  %3  (%4)")
                             .arg(profile.isDefault ? QStringLiteral("*") : QStringLiteral(" "), profile.name,
                                  profile.baseUrl.toString(), authModeName(profile.authMode)));
        }
        return ExitOk;
    }

    if (action == QLatin1String("add")) {
        if (!parser.isSet(QStringLiteral("base-url"))) {
            Console::err(QStringLiteral("reelwatch profile add: --base-url is required\n%1").arg(usage()));
            return ExitUsage;
        }
        const auto mode
            = authModeFromName(parser.value(QStringLiteral("auth")).isEmpty() ? QStringLiteral("bearer")
                                                                              : parser.value(QStringLiteral("auth")));
        if (!mode) {
            Console::err(QStringLiteral("reelwatch profile add: --auth must be bearer or token"));
            return ExitUsage;
        }
        const BaseUrlCheck base = ApiEndpoint::normaliseBaseUrl(parser.value(QStringLiteral("base-url")));
        if (!base.ok) {
            Console::err(QStringLiteral("reelwatch profile add: invalid --base-url: %1").arg(base.error));
            return ExitUsage;
        }
        const std::optional<Profile> created = store.addProfile(name, base.url, *mode, &error);
        if (!created) {
            Console::err(QStringLiteral("reelwatch profile add: %1").arg(error));
            return ExitUsage;
        }
        Console::out(QStringLiteral("added profile '%1' (%2, %3); set its key with: reelwatch key set --profile %1")
                         .arg(created->name, created->baseUrl.toString(), authModeName(created->authMode)));
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
            return ExitTaskProblem;
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
            return ExitTaskProblem;
        }
        Console::out(QStringLiteral("'%1' is now the default profile").arg(profile->name));
        return ExitOk;
    }
    Console::err(QStringLiteral("reelwatch profile: unknown action '%1'\n%2").arg(action, usage()));
    return ExitUsage;
}

} // namespace Reelwatch

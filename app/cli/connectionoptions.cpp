#include "connectionoptions.h"

#include "core/genericprovider.h"
#include "core/secretmemory.h"
#include "providers/providerregistry.h"

#include <cmath>
#include <QCommandLineParser>

namespace Reelwatch {

void ConnectionOptions::addProviderOptions(QCommandLineParser& parser)
{
    // The ids come from the registry, so a new provider needs no change here.
    parser.addOption({QStringLiteral("provider"),
                      QStringLiteral("The API the server speaks: %1, or an installed provider file's id "
                                     "(default: openai; see 'reelwatch providers').")
                          .arg(ProviderRegistry::builtIns().ids().join(QStringLiteral(", "))),
                      QStringLiteral("id")});
    parser.addOption({QStringLiteral("provider-file"),
                      QStringLiteral("A provider described by a JSON file, read for this run (see docs/PROVIDERS.md)."),
                      QStringLiteral("file")});
}

void ConnectionOptions::addTo(QCommandLineParser& parser)
{
    addProviderOptions(parser);
    parser.addOption({QStringLiteral("base-url"),
                      QStringLiteral("Server root, e.g. https://gateway.example.com (default: $REELWATCH_BASE_URL, "
                                     "else the provider's public address where it has one)."),
                      QStringLiteral("url")});
    parser.addOption(
        {QStringLiteral("auth"),
         QStringLiteral("openai provider only: bearer (GET /v1/videos/{id} with $REELWATCH_API_KEY) or token (GET "
                        "/api/videos/{id} with $REELWATCH_TOKEN) (default: bearer)."),
         QStringLiteral("mode")});
    parser.addOption({QStringLiteral("timeout"), QStringLiteral("Seconds to wait for each answer (default: 30)."),
                      QStringLiteral("seconds")});
}

bool ConnectionOptions::namesProvider(const QCommandLineParser& parser)
{
    return parser.isSet(QStringLiteral("provider")) || parser.isSet(QStringLiteral("provider-file"));
}

ConnectionOptions::ProviderChoice ConnectionOptions::provider(const QCommandLineParser& parser,
                                                              const ProviderRegistry& providers)
{
    ProviderChoice choice;
    const QString id = parser.value(QStringLiteral("provider")).trimmed();
    if (parser.isSet(QStringLiteral("provider")) && id.isEmpty()) {
        choice.error = QStringLiteral("empty --provider: give a provider id (see 'reelwatch providers')");
        return choice;
    }
    if (parser.isSet(QStringLiteral("provider-file"))) {
        const ProviderRegistry::Outcome loaded = providers.load(parser.value(QStringLiteral("provider-file")));
        if (!loaded.provider) {
            choice.error = QStringLiteral("invalid --provider-file: %1").arg(loaded.error);
            return choice;
        }
        if (!id.isEmpty() && id != loaded.provider->id()) {
            choice.error = QStringLiteral("--provider %1 and --provider-file (which describes \"%2\") disagree")
                               .arg(id, loaded.provider->id());
            return choice;
        }
        choice.provider = loaded.provider;
        return choice;
    }
    choice.provider = providers.find(id.isEmpty() ? QString::fromLatin1(GenericProvider::kId) : id);
    if (!choice.provider)
        choice.error = QStringLiteral("invalid --provider: %1").arg(providers.unknownProviderError(id));
    return choice;
}

EnvironmentSecrets EnvironmentSecrets::take()
{
    EnvironmentSecrets secrets;
    secrets.apiKey = SecretMemory::takeFromEnvironment("REELWATCH_API_KEY").trimmed();
    secrets.token = SecretMemory::takeFromEnvironment("REELWATCH_TOKEN").trimmed();
    return secrets;
}

EnvironmentSecrets::~EnvironmentSecrets()
{
    SecretMemory::wipe(apiKey);
    SecretMemory::wipe(token);
}

QByteArray EnvironmentSecrets::value(const QString& variable) const
{
    if (variable == secretEnvironmentVariable(AuthMode::Token))
        return token;
    return variable == secretEnvironmentVariable(AuthMode::Bearer) ? apiKey : QByteArray();
}

ConnectionOptions::Outcome ConnectionOptions::read(const QCommandLineParser& parser,
                                                   const QProcessEnvironment& environment,
                                                   const EnvironmentSecrets& secrets, const ProviderRegistry& providers)
{
    Outcome outcome;
    outcome.exitCode = ExitUsage;

    const ProviderChoice chosen = provider(parser, providers);
    if (!chosen.provider) {
        outcome.error = chosen.error;
        return outcome;
    }
    // Where the key goes is never guessed: an empty value (an unset variable in a script) is a mistake
    // to report, not a cue to fall back to some default host.
    QString baseText;
    QString baseSource = QStringLiteral("--base-url");
    if (parser.isSet(QStringLiteral("base-url"))) {
        baseText = parser.value(QStringLiteral("base-url")).trimmed();
    } else if (environment.contains(QStringLiteral("REELWATCH_BASE_URL"))) {
        baseText = environment.value(QStringLiteral("REELWATCH_BASE_URL")).trimmed();
        baseSource = QStringLiteral("REELWATCH_BASE_URL");
    } else if (!chosen.provider->publicBaseUrl().isEmpty()) {
        baseText = chosen.provider->publicBaseUrl().toString();
        baseSource = QStringLiteral("the provider's address");
    } else {
        outcome.error = QStringLiteral("no server: %1 has no public address of its own; give --base-url (or "
                                       "REELWATCH_BASE_URL), or use a profile (see 'reelwatch profile add')")
                            .arg(chosen.provider->id());
        return outcome;
    }
    if (baseText.isEmpty()) {
        outcome.error = QStringLiteral("%1 is empty: give the server's URL").arg(baseSource);
        return outcome;
    }
    const BaseUrlCheck base = ApiEndpoint::normaliseBaseUrl(baseText);
    if (!base.ok) {
        outcome.error = QStringLiteral("invalid %1: %2").arg(baseSource, base.error);
        return outcome;
    }

    const Settings settings = readSettings(parser);
    if (!settings.ok) {
        outcome.error = settings.error;
        return outcome;
    }
    if (settings.authMode && chosen.provider->id() != QLatin1String(GenericProvider::kId)) {
        outcome.error = QStringLiteral("--auth applies to the openai provider only; %1 has its own credential rule")
                            .arg(chosen.provider->id());
        return outcome;
    }
    const AuthMode mode = settings.authMode.value_or(AuthMode::Bearer);
    outcome.connection.timeoutMs = settings.timeoutMs;
    const ApiEndpoint endpoint(base.url, chosen.provider, mode);

    const QString variable = endpoint.secretEnvironmentVariable();
    const QByteArray secret = secrets.value(variable);
    if (secret.isEmpty()) {
        outcome.error
            = QStringLiteral("no %1: set %2 in the environment")
                  .arg(mode == AuthMode::Token ? QStringLiteral("token") : QStringLiteral("API key"), variable);
        outcome.exitCode = ExitUnauthorized;
        return outcome;
    }
    if (secret.contains('\n') || secret.contains('\r')) {
        outcome.error = QStringLiteral("%1 contains a line break; it must be a single line").arg(variable);
        outcome.exitCode = ExitUnauthorized;
        return outcome;
    }

    outcome.connection.endpoint = endpoint;
    outcome.connection.secret = secret;
    outcome.ok = true;
    outcome.exitCode = ExitOk;
    return outcome;
}

} // namespace Reelwatch

namespace Reelwatch {

QString ConnectionOptions::secretVariable(AuthMode mode)
{
    return secretEnvironmentVariable(mode);
}

bool ConnectionOptions::readMilliseconds(const QCommandLineParser& parser, const QString& name, int* ms, QString* error)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const double seconds = parser.value(name).toDouble(&ok);
    // The range said is the range kept: a millisecond is the finest wait there is, an hour the longest.
    if (!ok || !std::isfinite(seconds) || seconds < kMinSeconds || seconds > kMaxSeconds) {
        *error = QStringLiteral("invalid --%1 '%2': give a number of seconds from %3 to %4")
                     .arg(name, parser.value(name), QString::number(kMinSeconds), QString::number(kMaxSeconds));
        return false;
    }
    *ms = static_cast<int>(std::llround(seconds * 1000));
    return true;
}

ConnectionOptions::Settings ConnectionOptions::readSettings(const QCommandLineParser& parser)
{
    Settings settings;
    if (parser.isSet(QStringLiteral("auth"))) {
        settings.authMode = authModeFromName(parser.value(QStringLiteral("auth")));
        if (!settings.authMode) {
            settings.ok = false;
            settings.error
                = QStringLiteral("invalid --auth '%1': use bearer or token").arg(parser.value(QStringLiteral("auth")));
            return settings;
        }
    }
    if (!readMilliseconds(parser, QStringLiteral("timeout"), &settings.timeoutMs, &settings.error)) {
        settings.ok = false;
        return settings;
    }
    return settings;
}

} // namespace Reelwatch

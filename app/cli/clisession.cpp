#include "clisession.h"

#include "console.h"
#include "providers/providerregistry.h"
#include "secrets/keychainsecretstore.h"

#include <QCommandLineParser>

namespace Reelwatch {

CliSession::CliSession(QString commandName)
    : m_command(std::move(commandName))
{ }

CliSession::~CliSession() = default;

void CliSession::addOptions(QCommandLineParser& parser, bool withConnection)
{
    parser.addOption({QStringLiteral("profile"),
                      QStringLiteral("Profile to use (default: the default profile; see 'reelwatch profile list')."),
                      QStringLiteral("name")});
    if (withConnection)
        ConnectionOptions::addTo(parser);
}

void CliSession::fail(const QString& message, ExitCode code)
{
    Console::err(QStringLiteral("reelwatch %1: %2").arg(m_command, message));
    m_exitCode = code;
}

void CliSession::failKeychain(const SecretResult& result)
{
    QString message = result.message;
    if (result.status == SecretResult::Status::Unavailable)
        message += QStringLiteral(" Without one, REELWATCH_API_KEY or REELWATCH_TOKEN gives a single run its key.");
    fail(message, ExitUnauthorized);
}

SecretStore* CliSession::secretStore()
{
    if (!m_secrets)
        m_secrets = std::make_unique<KeychainSecretStore>();
    return m_secrets.get();
}

ProviderRegistry& CliSession::providers()
{
    if (!m_providers)
        m_providers = std::make_unique<ProviderRegistry>(ProviderRegistry::defaultInstalledFolder());
    return *m_providers;
}

std::shared_ptr<const Provider> CliSession::providerOf(const Profile& profile)
{
    std::shared_ptr<const Provider> provider = providers().find(profile.providerId);
    if (!provider)
        fail(QStringLiteral("profile '%1' speaks %2")
                 .arg(profile.name, providers().unknownProviderError(profile.providerId)),
             ExitUsage);
    return provider;
}

bool CliSession::openStore()
{
    if (m_storeOpen)
        return true;
    QString error;
    if (!m_store.open(Store::defaultPath(), &error)) {
        // Whatever the cause (disk full, read-only, a newer schema, not a database), nothing this run
        // learns could be kept: the documented exit code for that is 5.
        fail(QStringLiteral("cannot open the task database: %1").arg(error), ExitCannotWrite);
        return false;
    }
    m_storeOpen = true;
    return true;
}

ExitCode CliSession::storeFailureCode() const
{
    return m_store.lastFailure() == StoreFailure::CannotWrite ? ExitCannotWrite : ExitTaskProblem;
}

std::optional<Profile> CliSession::selectProfile(const QCommandLineParser& parser)
{
    if (!openStore())
        return std::nullopt;
    if (parser.isSet(QStringLiteral("profile"))) {
        const QString name = parser.value(QStringLiteral("profile"));
        m_profile = m_store.profileByName(name);
        if (!m_profile)
            fail(QStringLiteral("no profile named '%1' (see 'reelwatch profile list')").arg(name), ExitUsage);
    } else {
        m_profile = m_store.defaultProfile();
        if (!m_profile)
            fail(QStringLiteral("there is no profile: add one with 'reelwatch profile add NAME --provider ID', or "
                                "give --base-url (or --provider) for a one-off run"),
                 ExitUsage);
    }
    return m_profile;
}

bool CliSession::resolveConnection(const QCommandLineParser& parser)
{
    // The keys first, out of the environment, so the copy of it below does not hold them too.
    const EnvironmentSecrets secrets = EnvironmentSecrets::take();
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const bool withProfile = parser.isSet(QStringLiteral("profile"));
    if (withProfile && ConnectionOptions::namesProvider(parser)) {
        fail(QStringLiteral("--provider and --provider-file are for runs without a profile; a profile has its own "
                            "(see 'reelwatch profile list')"),
             ExitUsage);
        return false;
    }
    m_adHoc = parser.isSet(QStringLiteral("base-url")) || ConnectionOptions::namesProvider(parser)
        || (!withProfile && environment.contains(QStringLiteral("REELWATCH_BASE_URL")));
    if (m_adHoc) {
        const ConnectionOptions::Outcome outcome = ConnectionOptions::read(parser, environment, secrets, providers());
        if (!outcome.ok) {
            fail(outcome.error, outcome.exitCode);
            return false;
        }
        m_connection = outcome.connection;
        return true;
    }

    // Options first: a mistyped option is a usage error whatever state the task database is in.
    const ConnectionOptions::Settings settings = ConnectionOptions::readSettings(parser);
    if (!settings.ok) {
        fail(settings.error, ExitUsage);
        return false;
    }
    if (!selectProfile(parser))
        return false;
    const AuthMode mode = settings.authMode.value_or(m_profile->authMode);
    const std::shared_ptr<const Provider> provider = providerOf(*m_profile);
    if (!provider)
        return false;
    if (settings.authMode && provider->id() != QLatin1String("openai")) {
        fail(QStringLiteral("--auth applies to the openai provider only; profile '%1' speaks %2")
                 .arg(m_profile->name, provider->id()),
             ExitUsage);
        return false;
    }
    // The stored URL passed these rules when it was saved; checking again costs nothing and keeps a
    // hand-edited database from sending a key over plain http.
    const BaseUrlCheck base = ApiEndpoint::normaliseBaseUrl(m_profile->baseUrl.toString());
    if (!base.ok) {
        fail(QStringLiteral("profile '%1' has an unusable server URL: %2").arg(m_profile->name, base.error), ExitUsage);
        return false;
    }
    m_connection.endpoint = ApiEndpoint(base.url, provider, mode);
    m_connection.timeoutMs = settings.timeoutMs;

    const QString variable = m_connection.endpoint.secretEnvironmentVariable();
    const QByteArray fromEnvironment = secrets.value(variable);
    if (!fromEnvironment.isEmpty()) {
        if (fromEnvironment.contains('\n') || fromEnvironment.contains('\r')) {
            fail(QStringLiteral("%1 contains a line break; it must be a single line").arg(variable), ExitUnauthorized);
            return false;
        }
        m_connection.secret = fromEnvironment; // the override wins for this run
        return true;
    }
    const SecretResult stored = secretStore()->readNow(m_profile->keychainId);
    switch (stored.status) {
    case SecretResult::Status::Ok:
        m_connection.secret = stored.secret;
        return true;
    case SecretResult::Status::NotFound:
        fail(QStringLiteral("no key stored for profile '%1': run 'reelwatch key set --profile %1', or set %2")
                 .arg(m_profile->name, variable),
             ExitUnauthorized);
        return false;
    default:
        failKeychain(stored);
        return false;
    }
}

} // namespace Reelwatch

#pragma once

#include "core/apiendpoint.h"
#include "exitcode.h"

#include <memory>
#include <QProcessEnvironment>

class QCommandLineParser;

namespace Reelwatch {

class ProviderRegistry;

// Where and how a CLI command talks to the API: --provider (or --provider-file), --base-url, --auth,
// --timeout and the secret.
struct Connection
{
    ApiEndpoint endpoint;
    QByteArray secret;
    int timeoutMs = 30000;
};

// The keys the environment gives (REELWATCH_API_KEY, REELWATCH_TOKEN), taken out of it before anything
// copies the environment (QProcessEnvironment keeps every value as a copy of its own), and overwritten
// when this goes: what a run keeps of a key is its Connection's one copy.
struct EnvironmentSecrets
{
    static EnvironmentSecrets take();
    ~EnvironmentSecrets();

    // The trimmed value of `variable` (ApiEndpoint::secretEnvironmentVariable()); empty when unset.
    QByteArray value(const QString& variable) const;

    QByteArray apiKey;
    QByteArray token;
};

class ConnectionOptions
{
public:
    static void addTo(QCommandLineParser& parser);
    // Only --provider and --provider-file (profile add).
    static void addProviderOptions(QCommandLineParser& parser);

    struct Outcome
    {
        bool ok = false;
        Connection connection;
        QString error;
        ExitCode exitCode = ExitOk;
    };
    // An ad-hoc connection: the provider (--provider-file, else --provider, else openai); --base-url, else
    // $REELWATCH_BASE_URL, else the provider's public address (an empty value is refused, never replaced
    // by a default); and the secret from REELWATCH_API_KEY (REELWATCH_TOKEN for --auth token).
    static Outcome read(const QCommandLineParser& parser, const QProcessEnvironment& environment,
                        const EnvironmentSecrets& secrets, const ProviderRegistry& providers);
    // Whether the command line names a provider (which makes a run without --profile ad hoc).
    static bool namesProvider(const QCommandLineParser& parser);

    struct ProviderChoice
    {
        std::shared_ptr<const Provider> provider; // null: error says why (a usage error)
        QString error;
    };
    // --provider-file FILE (read for this run, not installed), else --provider ID, else openai.
    static ProviderChoice provider(const QCommandLineParser& parser, const ProviderRegistry& providers);

    // --auth and --timeout alone, for connections whose server comes from a profile.
    struct Settings
    {
        bool ok = true;
        QString error;
        std::optional<AuthMode> authMode;
        int timeoutMs = 30000;
    };
    static Settings readSettings(const QCommandLineParser& parser);

    // A number of seconds from kMinSeconds to kMaxSeconds given to option `name` (--timeout,
    // --stall-timeout), as whole milliseconds; false with the error that names the range it enforces.
    static constexpr double kMinSeconds = 0.001;
    static constexpr double kMaxSeconds = 3600;
    static bool readMilliseconds(const QCommandLineParser& parser, const QString& name, int* ms, QString* error);

    static QString secretVariable(AuthMode mode);
};

} // namespace Reelwatch

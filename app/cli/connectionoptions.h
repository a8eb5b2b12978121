#pragma once

#include "core/apiendpoint.h"
#include "exitcode.h"

#include <QProcessEnvironment>

class QCommandLineParser;

namespace Reelwatch {

// Where and how a CLI command talks to the API: --base-url, --auth, --timeout and the secret.
struct Connection
{
    ApiEndpoint endpoint;
    QByteArray secret;
    int timeoutMs = 30000;
};

class ConnectionOptions
{
public:
    static constexpr const char* kDefaultBaseUrl = "https://api.openai.com";

    static void addTo(QCommandLineParser& parser);

    struct Outcome
    {
        bool ok = false;
        Connection connection;
        QString error;
        ExitCode exitCode = ExitOk;
    };
    // An ad-hoc connection: --base-url (else $REELWATCH_BASE_URL), and the secret from
    // REELWATCH_API_KEY (bearer) or REELWATCH_TOKEN (token mode).
    static Outcome read(const QCommandLineParser& parser, const QProcessEnvironment& environment);

    // --auth and --timeout alone, for connections whose server comes from a profile.
    struct Settings
    {
        bool ok = true;
        QString error;
        std::optional<AuthMode> authMode;
        int timeoutMs = 30000;
    };
    static Settings readSettings(const QCommandLineParser& parser);

    static QString secretVariable(AuthMode mode);
};

} // namespace Reelwatch

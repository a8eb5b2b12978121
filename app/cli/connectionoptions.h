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
    // The secret comes from REELWATCH_API_KEY (bearer) or REELWATCH_TOKEN (token mode).
    static Outcome read(const QCommandLineParser& parser, const QProcessEnvironment& environment);
};

} // namespace Reelwatch

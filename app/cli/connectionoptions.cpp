#include "connectionoptions.h"

#include <cmath>
#include <QCommandLineParser>

namespace Reelwatch {

void ConnectionOptions::addTo(QCommandLineParser& parser)
{
    parser.addOption(
        {QStringLiteral("base-url"),
         QStringLiteral(
             "Server root, e.g. https://api.openai.com or a gateway (default: $REELWATCH_BASE_URL, else %1).")
             .arg(QLatin1String(kDefaultBaseUrl)),
         QStringLiteral("url")});
    parser.addOption(
        {QStringLiteral("auth"),
         QStringLiteral("bearer: GET /v1/videos/{id} with $REELWATCH_API_KEY; token: GET /api/videos/{id} with "
                        "$REELWATCH_TOKEN (default: bearer)."),
         QStringLiteral("mode")});
    parser.addOption({QStringLiteral("timeout"), QStringLiteral("Seconds to wait for each answer (default: 30)."),
                      QStringLiteral("seconds")});
}

ConnectionOptions::Outcome ConnectionOptions::read(const QCommandLineParser& parser,
                                                   const QProcessEnvironment& environment)
{
    Outcome outcome;
    outcome.exitCode = ExitUsage;

    QString baseText = parser.value(QStringLiteral("base-url"));
    if (baseText.isEmpty())
        baseText = environment.value(QStringLiteral("REELWATCH_BASE_URL"), QLatin1String(kDefaultBaseUrl));
    const BaseUrlCheck base = ApiEndpoint::normaliseBaseUrl(baseText);
    if (!base.ok) {
        outcome.error = QStringLiteral("invalid --base-url: %1").arg(base.error);
        return outcome;
    }

    const Settings settings = readSettings(parser);
    if (!settings.ok) {
        outcome.error = settings.error;
        return outcome;
    }
    const AuthMode mode = settings.authMode.value_or(AuthMode::Bearer);
    outcome.connection.timeoutMs = settings.timeoutMs;

    const QString variable = secretVariable(mode);
    const QByteArray secret = environment.value(variable).trimmed().toUtf8();
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

    outcome.connection.endpoint = ApiEndpoint(base.url, mode);
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
    if (parser.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        const double seconds = parser.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > 3600) {
            settings.ok = false;
            settings.error = QStringLiteral("invalid --timeout '%1': give seconds between 0 and 3600")
                                 .arg(parser.value(QStringLiteral("timeout")));
            return settings;
        }
        settings.timeoutMs = static_cast<int>(std::ceil(seconds * 1000));
    }
    return settings;
}

} // namespace Reelwatch

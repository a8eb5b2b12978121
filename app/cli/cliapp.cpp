#include "cliapp.h"

#include "console.h"
#include "demoservercommand.h"
#include "downloadcommand.h"
#include "exitcode.h"
#include "keycommand.h"
#include "profilecommand.h"
#include "providerscommand.h"
#include "reelwatch_version.h"
#include "statuscommand.h"
#include "storecommands.h"
#include "watchcommand.h"

namespace Reelwatch {

namespace {

using CommandFunction = int (*)(const QStringList&);

struct Command
{
    const char* name;
    CommandFunction run;
};

constexpr Command kCommands[] = {
    {"status", &StatusCommand::run},
    {"watch", &WatchCommand::run},
    {"download", &DownloadCommand::run}, // a succeeded task's video to disk or stdout
    {"add", &StoreCommands::add},
    {"list", &StoreCommands::list},
    {"remove", &StoreCommands::remove},
    {"export", &StoreCommands::exportTasks},
    {"import", &StoreCommands::importTasks},
    {"profile", &ProfileCommand::run},
    {"providers", &ProvidersCommand::run},
    {"key", &KeyCommand::run},
    {"demo-server", &DemoServerCommand::run},
};

CommandFunction findCommand(const QString& name)
{
    for (const Command& command : kCommands) {
        if (name == QLatin1String(command.name))
            return command.run;
    }
    return nullptr;
}

bool isHelp(const QString& argument)
{
    return argument == QLatin1String("--help") || argument == QLatin1String("-h") || argument == QLatin1String("help");
}

bool isVersion(const QString& argument)
{
    return argument == QLatin1String("--version") || argument == QLatin1String("-V");
}

} // namespace

bool CliApp::handles(const QStringList& arguments)
{
    if (arguments.size() < 2)
        return false;
    const QString first = arguments.at(1);
    // The window takes only options; a bare word is a command, known or not, and must never fall
    // through to a GUI start on a machine without a display.
    return !first.startsWith(QLatin1Char('-')) || isHelp(first) || isVersion(first);
}

QString CliApp::usage()
{
    return QStringLiteral(
        "Usage: reelwatch [--demo]                 open the window\n"
        "       reelwatch COMMAND [OPTIONS] ...    run headless\n"
        "\n"
        "Commands:\n"
        "  status ID...     fetch each task's status once (table, or --json lines)\n"
        "  watch ID...      poll until every task has finished, printing each change\n"
        "                   (--download DIR saves each video as it succeeds)\n"
        "  download ID      save a succeeded task's video, thumbnail or spritesheet\n"
        "                   (-o FILE|DIR|-, --variant; resumes NAME.part files)\n"
        "  add ID...        store tasks for the window and 'watch --all' (--label, --profile)\n"
        "  list             stored tasks and their last state (--json, --status, --profile)\n"
        "  remove ID...     forget stored tasks\n"
        "  export           profiles (never keys) and tasks with history, as JSON or CSV\n"
        "  import FILE      read such a file back\n"
        "  profile ...      list | add NAME [--provider ID] [--base-url URL] | remove NAME |\n"
        "                   set-default NAME\n"
        "  providers        the APIs Reelwatch speaks, built-in and installed (--json)\n"
        "  key ...          set | status | delete the profile's key in the system keychain\n"
        "  demo-server      run the loopback API simulator\n"
        "\n"
        "Window options:\n"
        "  --demo           use the built-in demo server with sample renders (no API key needed)\n"
        "\n"
        "Environment:\n"
        "  REELWATCH_API_KEY   the key for every provider (Kling: ACCESS_KEY:SECRET_KEY)\n"
        "  REELWATCH_TOKEN     the openai provider's frontend token (--auth token, GET /api/videos/{id})\n"
        "  REELWATCH_BASE_URL  server root when --base-url is not given (never empty)\n"
        "  REELWATCH_ALLOW_CORE_DUMPS  1 lets a crash dump core (it may then hold the keys)\n"
        "\n"
        "Exit codes: 0 ok, 1 task not found or unusable answer, 2 usage error or invalid ID,\n"
        "            3 key rejected or missing, 4 network, timeout, rate limit or server error,\n"
        "            5 a file or the task database could not be written (disk full, permission denied).\n"
        "\n"
        "'reelwatch COMMAND --help' describes a command's options.");
}

int CliApp::run(const QStringList& arguments)
{
    const QString first = arguments.value(1);
    if (isVersion(first)) {
        Console::out(QStringLiteral("reelwatch %1").arg(QLatin1String(REELWATCH_VERSION)));
        return ExitOk;
    }
    if (isHelp(first)) {
        Console::out(usage());
        return ExitOk;
    }
    if (const CommandFunction command = findCommand(first))
        return command(arguments.mid(1));
    Console::err(QStringLiteral("reelwatch: unknown command '%1'\n\n%2").arg(first, usage()));
    return ExitUsage;
}

} // namespace Reelwatch

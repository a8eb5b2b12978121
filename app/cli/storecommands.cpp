#include "storecommands.h"

#include "clisession.h"
#include "console.h"
#include "core/displaytext.h"
#include "core/provider.h"
#include "core/taskid.h"
#include "idinput.h"
#include "net/singleinstance.h"
#include "providers/providerregistry.h"
#include "store/tasktransfer.h"
#include "taskjson.h"
#include "texttable.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSet>

namespace Reelwatch {

namespace {

// The provider of the profile `name` names (the default one when empty), read from the database
// without creating it; null when there is no such profile (or no database yet).
std::shared_ptr<const Provider> providerOfProfile(const QString& name)
{
    if (!QFile::exists(Store::defaultPath()))
        return nullptr;
    Store store;
    QString error;
    if (!store.open(Store::defaultPath(), &error))
        return nullptr;
    const std::optional<Profile> profile = name.isEmpty() ? store.defaultProfile() : store.profileByName(name);
    return profile ? ProviderRegistry(ProviderRegistry::defaultInstalledFolder()).find(profile->providerId) : nullptr;
}

// Parses the command line; prints help or the error. Returns -1 to go on, else the exit code.
int parse(QCommandLineParser& parser, const QStringList& arguments, const QString& command)
{
    parser.addHelpOption();
    if (!parser.parse(arguments)) {
        Console::err(QStringLiteral("reelwatch %1: %2\nTry 'reelwatch %1 --help'.").arg(command, parser.errorText()));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        Console::out(parser.helpText());
        return ExitOk;
    }
    return -1;
}

FetchResult resultOf(const StoredTask& stored)
{
    FetchResult result;
    result.requestedId = stored.taskId;
    result.task = stored.last;
    result.error = stored.lastError;
    return result;
}

QString statusText(const StoredTask& stored)
{
    if (stored.gaveUp && stored.lastError.kind == ErrorKind::NotFound)
        return QStringLiteral("NOT_FOUND");
    if (!stored.last)
        return stored.lastError.isError() ? QStringLiteral("ERROR") : QStringLiteral("-");
    return statusWireName(stored.last->status);
}

bool matchesStatusFilter(const StoredTask& stored, const QString& filter)
{
    if (filter.isEmpty())
        return true;
    const QString folded = filter.toUpper();
    if (folded == QLatin1String("ACTIVE"))
        return !stored.gaveUp && !(stored.last && isTerminal(stored.last->status));
    if (folded == QLatin1String("NOT_FOUND"))
        return stored.gaveUp && stored.lastError.kind == ErrorKind::NotFound;
    return statusText(stored) == folded;
}

} // namespace

int StoreCommands::add(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Add tasks to the database, to be watched by the window and "
                                                    "'watch --all'. Invalid IDs are reported and skipped."));
    parser.addPositionalArgument(QStringLiteral("ids"), QStringLiteral("Task IDs; '-' reads more from standard input."),
                                 QStringLiteral("ID..."));
    parser.addOption(
        {QStringLiteral("label"), QStringLiteral("A label shown instead of the ID."), QStringLiteral("text")});
    CliSession::addOptions(parser, false);
    if (const int done = parse(parser, arguments, QStringLiteral("add")); done >= 0)
        return done;

    const QStringList candidates = IdInput(parser.positionalArguments()).takeAll();
    if (candidates.isEmpty()) {
        Console::err(QStringLiteral("reelwatch add: no task IDs given\nTry 'reelwatch add --help'."));
        return ExitUsage;
    }
    // Named the same with a window as without one (Store::profileByName trims): `--profile ""` names
    // no profile, and would mean the default one to the window, so it is refused before either.
    const QString profileName = parser.value(QStringLiteral("profile")).trimmed();
    if (parser.isSet(QStringLiteral("profile")) && profileName.isEmpty()) {
        Console::err(QStringLiteral("reelwatch add: no profile named '' (see 'reelwatch profile list')"));
        return ExitUsage;
    }
    // The profile's provider says which IDs are valid (Gemini's operation names hold '/', PixVerse's
    // are digits), with a window or without; a profile not found here is reported below as ever.
    const std::shared_ptr<const Provider> provider = providerOfProfile(profileName);
    QStringList valid;
    int invalid = 0;
    for (const QString& candidate : candidates) {
        const TaskIdCheck check = provider ? provider->checkId(candidate) : TaskId::validate(candidate);
        if (check.valid) {
            valid << check.id;
        } else {
            ++invalid;
            Console::err(QStringLiteral("reelwatch add: skipped '%1': %2").arg(candidate.trimmed(), check.reason));
        }
    }
    valid.removeDuplicates();

    // A running window polls this database: hand the tasks to it so it polls them at once. When none
    // runs, the lock stays held while the store is written, so a window starting meanwhile waits for
    // this run instead of loading the database halfway through it.
    const QString label = parser.value(QStringLiteral("label"));
    SingleInstance instance(SingleInstance::keyForDatabase(Store::defaultPath()));
    InstanceReply reply;
    QString instanceError;
    switch (instance.claim(InstanceRequest::addTasks(valid, label, profileName), false, SingleInstance::kDefaultWaitMs,
                           &reply, &instanceError)) {
    case SingleInstance::Claim::Delivered:
        if (!reply.ok) {
            Console::err(QStringLiteral("reelwatch add: %1").arg(reply.error));
            return reply.errorCode == QLatin1String(InstanceReply::kErrorUnknownProfile) ? ExitUsage : ExitTaskProblem;
        }
        // One arg() call for all four: a profile name holding "%3" must stay as it is.
        Console::out(QStringLiteral("added %1 to profile '%2' in the running Reelwatch%3%4")
                         .arg(QString::number(reply.added), reply.profileName,
                              reply.existing ? QStringLiteral(", %1 already there").arg(reply.existing) : QString(),
                              invalid ? QStringLiteral(", %1 invalid skipped").arg(invalid) : QString()));
        return invalid ? ExitUsage : ExitOk;
    case SingleInstance::Claim::NoAnswer:
        // The request may sit in the stuck window's queue and still be carried out when it recovers.
        Console::err(QStringLiteral("reelwatch add: %1 (if it recovers it may still add them: see 'reelwatch list')")
                         .arg(instanceError));
        return ExitTaskProblem;
    case SingleInstance::Claim::Unavailable:
        Console::err(QStringLiteral("reelwatch add: %1; adding to the database directly").arg(instanceError));
        break;
    case SingleInstance::Claim::Primary:
        break;
    }

    CliSession session(QStringLiteral("add"));
    const std::optional<Profile> profile = session.selectProfile(parser);
    if (!profile)
        return session.exitCode();
    QString error;
    const auto outcome = session.store().addTasks(profile->id, valid, label, &error);
    if (!outcome) {
        session.fail(QStringLiteral("could not add the tasks: %1").arg(error), session.storeFailureCode());
        return session.exitCode();
    }
    Console::out(QStringLiteral("added %1 to profile '%2'%3%4")
                     .arg(outcome->added.size())
                     .arg(profile->name)
                     .arg(outcome->existing.isEmpty()
                              ? QString()
                              : QStringLiteral(", %1 already there").arg(outcome->existing.size()))
                     .arg(invalid ? QStringLiteral(", %1 invalid skipped").arg(invalid) : QString()));
    return invalid ? ExitUsage : ExitOk;
}

int StoreCommands::list(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List stored tasks with their last known state."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object per task and line.")});
    parser.addOption(
        {QStringLiteral("status"),
         QStringLiteral("Only tasks in this state: a status (SUCCESS, IN_PROGRESS, …), ACTIVE or NOT_FOUND."),
         QStringLiteral("status")});
    parser.addOption({QStringLiteral("archived"), QStringLiteral("Include archived tasks.")});
    parser.addOption({QStringLiteral("profile"), QStringLiteral("Only this profile's tasks (default: all)."),
                      QStringLiteral("name")});
    if (const int done = parse(parser, arguments, QStringLiteral("list")); done >= 0)
        return done;

    CliSession session(QStringLiteral("list"));
    if (!session.openStore())
        return session.exitCode();
    std::optional<qint64> profileId;
    if (parser.isSet(QStringLiteral("profile"))) {
        const std::optional<Profile> profile = session.selectProfile(parser);
        if (!profile)
            return session.exitCode();
        profileId = profile->id;
    }
    QHash<qint64, QString> profileNames;
    for (const Profile& profile : session.store().profiles())
        profileNames.insert(profile.id, profile.name);

    const QString filter = parser.value(QStringLiteral("status"));
    bool known = false;
    statusFromWireName(filter.toUpper(), &known);
    if (!filter.isEmpty() && !known && filter.toUpper() != QLatin1String("ACTIVE")
        && filter.toUpper() != QLatin1String("NOT_FOUND")) {
        Console::err(QStringLiteral("reelwatch list: unknown --status '%1'").arg(filter));
        return ExitUsage;
    }

    QList<QStringList> rows;
    for (const StoredTask& stored : session.store().tasks(profileId, parser.isSet(QStringLiteral("archived")))) {
        if (!matchesStatusFilter(stored, filter))
            continue;
        if (parser.isSet(QStringLiteral("json"))) {
            JsonLine line = TaskJson::line(resultOf(stored));
            line.add("profile", profileNames.value(stored.profileId));
            line.add("label", stored.label);
            line.add("added_at", stored.addedAtMs / 1000);
            line.add("archived", stored.archived);
            line.add("not_found", stored.gaveUp && stored.lastError.kind == ErrorKind::NotFound);
            Console::out(QString::fromUtf8(line.toJson()));
            continue;
        }
        const VideoTask* task = stored.last ? &*stored.last : nullptr;
        rows << QStringList{
            profileNames.value(stored.profileId),
            stored.taskId,
            stored.label,
            statusText(stored),
            task && task->progress ? QStringLiteral("%1%").arg(*task->progress) : QStringLiteral("-"),
            task && !task->model.isEmpty() ? task->model : QStringLiteral("-"),
            stored.updatedAtMs
                ? QDateTime::fromMSecsSinceEpoch(stored.updatedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                : QStringLiteral("never")};
    }
    if (!parser.isSet(QStringLiteral("json"))) {
        const QStringList headers
            = {QStringLiteral("PROFILE"),  QStringLiteral("ID"),    QStringLiteral("LABEL"),  QStringLiteral("STATUS"),
               QStringLiteral("PROGRESS"), QStringLiteral("MODEL"), QStringLiteral("CHECKED")};
        const QString table = TextTable::format(headers, rows);
        Console::out(rows.isEmpty() ? QStringLiteral("no tasks") : table);
    }
    return ExitOk;
}

int StoreCommands::remove(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Remove tasks (and their history) from the database."));
    parser.addPositionalArgument(QStringLiteral("ids"), QStringLiteral("Task IDs; '-' reads more from standard input."),
                                 QStringLiteral("ID..."));
    parser.addOption({QStringLiteral("profile"),
                      QStringLiteral("Only from this profile (default: from every profile)."), QStringLiteral("name")});
    if (const int done = parse(parser, arguments, QStringLiteral("remove")); done >= 0)
        return done;
    const QStringList ids = IdInput(parser.positionalArguments()).takeAll();
    if (ids.isEmpty()) {
        Console::err(QStringLiteral("reelwatch remove: no task IDs given"));
        return ExitUsage;
    }
    CliSession session(QStringLiteral("remove"));
    if (!session.openStore())
        return session.exitCode();
    qint64 profileId = 0;
    if (parser.isSet(QStringLiteral("profile"))) {
        const std::optional<Profile> profile = session.selectProfile(parser);
        if (!profile)
            return session.exitCode();
        profileId = profile->id;
    }
    QSet<QString> stored;
    for (const StoredTask& task : session.store().tasks(profileId ? std::optional<qint64>(profileId) : std::nullopt))
        stored.insert(task.taskId);
    int missing = 0;
    QStringList present;
    for (const QString& id : ids) {
        const QString trimmed = id.trimmed();
        if (stored.contains(trimmed)) {
            present << trimmed;
        } else {
            ++missing;
            Console::err(QStringLiteral("reelwatch remove: '%1' is not stored").arg(trimmed));
        }
    }
    QString error;
    const int removed = session.store().removeTasks(profileId, present, &error);
    if (removed < 0) {
        session.fail(QStringLiteral("could not remove: %1").arg(error), session.storeFailureCode());
        return session.exitCode();
    }
    Console::out(QStringLiteral("removed %1").arg(removed));
    return missing ? ExitTaskProblem : ExitOk;
}

int StoreCommands::exportTasks(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Export profiles (without keys) and tasks with their history, to standard output or a file."));
    parser.addOption({QStringLiteral("format"),
                      QStringLiteral("json (everything, re-importable) or csv (one row a task)."),
                      QStringLiteral("format"), QStringLiteral("json")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write to this file instead."),
                      QStringLiteral("file")});
    if (const int done = parse(parser, arguments, QStringLiteral("export")); done >= 0)
        return done;
    const QString format = parser.value(QStringLiteral("format")).toLower();
    if (format != QLatin1String("json") && format != QLatin1String("csv")) {
        Console::err(QStringLiteral("reelwatch export: --format must be json or csv"));
        return ExitUsage;
    }
    CliSession session(QStringLiteral("export"));
    if (!session.openStore())
        return session.exitCode();
    // The provider files the profiles need travel with them, so an import elsewhere speaks the same APIs.
    QHash<QString, QByteArray> providerFiles;
    for (const Profile& profile : session.store().profiles()) {
        const QByteArray text = session.providers().installedText(profile.providerId);
        if (!text.isEmpty())
            providerFiles.insert(profile.providerId, text);
    }
    const QByteArray data = format == QLatin1String("csv") ? TaskTransfer::exportCsv(session.store())
                                                           : TaskTransfer::exportJson(session.store(), providerFiles);
    if (!parser.isSet(QStringLiteral("output"))) {
        // Characters a terminal would act on are written as escapes: the same JSON, safe to look at.
        const QByteArray shown = format == QLatin1String("csv") ? data : DisplayText::json(data);
        fwrite(shown.constData(), 1, size_t(shown.size()), stdout);
        fflush(stdout);
        return ExitOk;
    }
    // Written beside the target and renamed into place: a full disk never leaves half a file.
    QSaveFile file(parser.value(QStringLiteral("output")));
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        session.fail(QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()), ExitCannotWrite);
        return session.exitCode();
    }
    Console::err(QStringLiteral("exported to %1").arg(file.fileName()));
    return ExitOk;
}

int StoreCommands::importTasks(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Import a file written by 'reelwatch export' (JSON or CSV). "
                       "Keys are never in such files: set them with 'reelwatch key set'."));
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The file; '-' reads standard input."));
    parser.addOption({QStringLiteral("profile"),
                      QStringLiteral("Profile for rows that name none (default: the default profile)."),
                      QStringLiteral("name")});
    if (const int done = parse(parser, arguments, QStringLiteral("import")); done >= 0)
        return done;
    if (parser.positionalArguments().size() != 1) {
        Console::err(QStringLiteral("reelwatch import: give exactly one file"));
        return ExitUsage;
    }
    const QString path = parser.positionalArguments().first();
    QFile file;
    const bool opened = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                                   : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        Console::err(QStringLiteral("reelwatch import: cannot read %1: %2").arg(path, file.errorString()));
        return ExitUsage;
    }
    const QByteArray data = file.readAll();
    CliSession session(QStringLiteral("import"));
    if (!session.openStore())
        return session.exitCode();
    // Provider files carried by the export are installed first (a file for a built-in id is refused),
    // so the profiles that need them can be created.
    ProviderRegistry& providers = session.providers();
    const QHash<QString, QByteArray> carried = TaskTransfer::providerFilesIn(data);
    for (auto it = carried.constBegin(); it != carried.constEnd(); ++it) {
        const QByteArray installedText = providers.installedText(it.key());
        if (installedText == it.value())
            continue;
        if (!installedText.isEmpty()) {
            // The user's own file of that id wins over a copy from elsewhere.
            Console::err(QStringLiteral("reelwatch import: kept the installed provider file for \"%1\"; the "
                                        "file's copy differs")
                             .arg(it.key().left(60)));
            continue;
        }
        const ProviderRegistry::Outcome installed
            = providers.installText(it.value(), QStringLiteral("%1.json").arg(it.key()));
        if (!installed.provider) {
            session.fail(QStringLiteral("nothing imported: the provider file for \"%1\" in it is unusable: %2")
                             .arg(it.key().left(60), installed.error),
                         ExitTaskProblem);
            return session.exitCode();
        }
    }
    const TaskTransfer::ImportOutcome outcome
        = TaskTransfer::import(session.store(), data, parser.value(QStringLiteral("profile")),
                               [&providers](const QString& id) { return providers.find(id) != nullptr; });
    for (const QString& problem : outcome.problems)
        Console::err(QStringLiteral("reelwatch import: %1").arg(problem));
    if (!outcome.ok) {
        session.fail(QStringLiteral("nothing imported: %1").arg(outcome.error), session.storeFailureCode());
        return session.exitCode();
    }
    Console::out(QStringLiteral("imported %1 new tasks, updated %2, %3 new profiles%4")
                     .arg(outcome.tasksAdded)
                     .arg(outcome.tasksUpdated)
                     .arg(outcome.profilesCreated)
                     .arg(outcome.skipped ? QStringLiteral(", skipped %1").arg(outcome.skipped) : QString()));
    return outcome.skipped ? ExitUsage : ExitOk;
}

} // namespace Reelwatch

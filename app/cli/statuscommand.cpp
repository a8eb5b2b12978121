#include "statuscommand.h"

#include "clisession.h"
#include "console.h"
#include "core/fetchresult.h"
#include "core/taskid.h"
#include "net/videoapi.h"
#include "taskjson.h"
#include "texttable.h"

#include <functional>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>

namespace Reelwatch {

namespace {

QString detailOf(const FetchResult& result)
{
    if (result.error.isError())
        return QStringLiteral("%1: %2").arg(errorKindName(result.error.kind), result.error.message());
    const VideoTask& task = *result.task;
    if (task.error) {
        const QString code = task.error->code.isEmpty() ? QString() : QStringLiteral("[%1] ").arg(task.error->code);
        return code + task.error->message;
    }
    return task.resultUrl;
}

} // namespace

QString StatusCommand::formatTable(const QList<FetchResult>& results)
{
    const QStringList headers = {QStringLiteral("ID"),       QStringLiteral("STATUS"), QStringLiteral("RAW"),
                                 QStringLiteral("PROGRESS"), QStringLiteral("MODEL"),  QStringLiteral("DETAIL")};
    QList<QStringList> rows;
    for (const FetchResult& result : results) {
        const VideoTask* task = result.task ? &*result.task : nullptr;
        rows << QStringList{result.requestedId,
                            task ? statusWireName(task->status) : QStringLiteral("-"),
                            task ? task->rawStatus : QStringLiteral("-"),
                            task && task->progress ? QStringLiteral("%1%").arg(*task->progress) : QStringLiteral("-"),
                            task && !task->model.isEmpty() ? task->model : QStringLiteral("-"),
                            detailOf(result)};
    }
    return TextTable::format(headers, rows);
}

int StatusCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Fetch each task's status once."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("ids"), QStringLiteral("Task IDs; '-' reads more from standard input."),
                                 QStringLiteral("ID..."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object per task and line.")});
    parser.addOption({{QStringLiteral("v"), QStringLiteral("verbose")},
                      QStringLiteral("Print each request (method, URL, status, time) to standard error.")});
    parser.addOption({QStringLiteral("all"), QStringLiteral("Every stored task of the profile that is not archived.")});
    CliSession::addOptions(parser);
    if (!parser.parse(arguments)) {
        Console::err(QStringLiteral("reelwatch status: %1\nTry 'reelwatch status --help'.").arg(parser.errorText()));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        Console::out(parser.helpText());
        return ExitOk;
    }

    QStringList ids = Console::expandStandardInput(parser.positionalArguments());
    const bool all = parser.isSet(QStringLiteral("all"));
    if (ids.isEmpty() && !all) {
        Console::err(QStringLiteral("reelwatch status: no task IDs given (or --all)\nTry 'reelwatch status --help'."));
        return ExitUsage;
    }
    CliSession session(QStringLiteral("status"));
    if (!session.resolveConnection(parser))
        return session.exitCode();
    if (all) {
        if (session.isAdHoc()) {
            Console::err(
                QStringLiteral("reelwatch status: --all works on a profile's stored tasks, not with --base-url"));
            return ExitUsage;
        }
        for (const StoredTask& stored : session.store().tasks(session.profile()->id, false))
            ids << stored.taskId;
        ids.removeDuplicates();
        if (ids.isEmpty()) {
            Console::err(
                QStringLiteral("reelwatch status: profile '%1' has no stored tasks").arg(session.profile()->name));
            return ExitOk;
        }
    }
    const Connection& connection = session.connection();

    QNetworkAccessManager manager;
    VideoApi api(&manager, connection.endpoint, connection.secret);
    api.setTimeoutMs(connection.timeoutMs);
    const bool verbose = parser.isSet(QStringLiteral("verbose"));
    if (verbose)
        QObject::connect(&api, &VideoApi::trace, [](const QString& line) { Console::err(line); });

    // A bounded window of requests in flight: a thousand stored tasks must not all start their
    // deadline at once in Qt's per-host queue, nor hit the server in one burst.
    constexpr int kMaxInFlight = 6;
    QList<FetchResult> results(ids.size());
    int next = 0;
    int pending = int(ids.size());
    QEventLoop loop;
    std::function<void()> sendNext = [&] {
        if (next >= ids.size())
            return;
        const int index = next++;
        api.fetchStatus(ids.at(index), &loop, [&, index](const FetchResult& result) {
            results[index] = result;
            if (--pending == 0)
                loop.quit();
            else
                sendNext();
        });
    };
    for (int i = 0; i < kMaxInFlight; ++i)
        sendNext();
    loop.exec();

    ExitCode exitCode = ExitOk;
    for (const FetchResult& result : std::as_const(results))
        exitCode = worseExitCode(exitCode, exitCodeFor(result.error.kind));

    // What was learnt about stored tasks goes into the store, with history, as the window records it.
    if (!session.isAdHoc()) {
        QList<TaskUpdate> updates;
        for (const FetchResult& result : std::as_const(results)) {
            if (result.error.kind != ErrorKind::InvalidId)
                updates << TaskUpdate{result.requestedId, result.task, result.error, result.httpStatus, {}, false};
        }
        QString error;
        if (!session.store().recordUpdates(session.profile()->id, updates, &error)) {
            Console::err(QStringLiteral("reelwatch status: could not record the results: %1").arg(error));
            exitCode = worseExitCode(exitCode, session.storeFailureCode());
        }
    }
    if (parser.isSet(QStringLiteral("json"))) {
        for (const FetchResult& result : std::as_const(results))
            Console::out(QString::fromUtf8(TaskJson::line(result).toJson()));
    } else {
        Console::out(formatTable(results));
    }
    return exitCode;
}

} // namespace Reelwatch

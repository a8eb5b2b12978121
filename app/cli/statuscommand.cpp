#include "statuscommand.h"

#include "clisession.h"
#include "commandnetwork.h"
#include "console.h"
#include "core/fetchresult.h"
#include "core/taskid.h"
#include "idinput.h"
#include "idreader.h"
#include "net/videoapi.h"
#include "taskjson.h"
#include "texttable.h"

#include <deque>
#include <functional>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonDocument>
#include <QSet>
#include <QTimer>
#include <utility>

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

QStringList StatusCommand::tableHeaders()
{
    return {QStringLiteral("ID"),       QStringLiteral("STATUS"), QStringLiteral("RAW"),
            QStringLiteral("PROGRESS"), QStringLiteral("MODEL"),  QStringLiteral("DETAIL")};
}

QStringList StatusCommand::tableRow(const FetchResult& result)
{
    const VideoTask* task = result.task ? &*result.task : nullptr;
    return QStringList{result.requestedId,
                       task ? statusWireName(task->status) : QStringLiteral("-"),
                       task ? task->rawStatus : QStringLiteral("-"),
                       task && task->progress ? QStringLiteral("%1%").arg(*task->progress) : QStringLiteral("-"),
                       task && !task->model.isEmpty() ? task->model : QStringLiteral("-"),
                       detailOf(result)};
}

QString StatusCommand::formatTable(const QList<FetchResult>& results)
{
    QList<QStringList> rows;
    for (const FetchResult& result : results)
        rows << tableRow(result);
    return TextTable::format(tableHeaders(), rows);
}

int StatusCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Fetch each task's status once."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("ids"),
                                 QStringLiteral("Task IDs; '-' reads more from standard input, each answered as it "
                                                "comes."),
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

    auto input = std::make_unique<IdInput>(parser.positionalArguments());
    // The first ID is read here, so that none at all is a usage error before anything else happens.
    std::optional<QString> first = input->next();
    const bool all = parser.isSet(QStringLiteral("all"));
    if (!first && !all) {
        Console::err(QStringLiteral("reelwatch status: no task IDs given (or --all)\nTry 'reelwatch status --help'."));
        return ExitUsage;
    }
    CliSession session(QStringLiteral("status"));
    if (!session.resolveConnection(parser))
        return session.exitCode();
    QStringList stored;
    if (all) {
        if (session.isAdHoc()) {
            Console::err(
                QStringLiteral("reelwatch status: --all works on a profile's stored tasks, not with --base-url"));
            return ExitUsage;
        }
        for (const StoredTask& task : session.store().tasks(session.profile()->id, false))
            stored << task.taskId;
        if (!first && stored.isEmpty()) {
            Console::err(
                QStringLiteral("reelwatch status: profile '%1' has no stored tasks").arg(session.profile()->name));
            return ExitOk;
        }
    }
    const Connection& connection = session.connection();

    CommandNetwork manager;
    VideoApi api(&manager, connection.endpoint, connection.secret);
    api.setTimeoutMs(connection.timeoutMs);
    const bool verbose = parser.isSet(QStringLiteral("verbose"));
    if (verbose)
        QObject::connect(&api, &VideoApi::trace, [](const QString& line) { Console::err(line); });

    ExitCode exitCode = ExitOk;
    const bool json = parser.isSet(QStringLiteral("json"));
    QList<QStringList> firstRows;
    QList<int> widths;
    const auto startTable = [&] {
        widths = TextTable::widths(tableHeaders(), firstRows);
        Console::out(TextTable::formatRow(widths, tableHeaders()));
        for (const QStringList& row : std::as_const(firstRows))
            Console::out(TextTable::formatRow(widths, row));
        firstRows.clear();
    };
    // What was learnt about stored tasks goes into the store, with history, as the window records it.
    QList<TaskUpdate> updates;
    const auto record = [&] {
        QString error;
        if (!updates.isEmpty() && !session.store().recordUpdates(session.profile()->id, updates, &error)) {
            Console::err(QStringLiteral("reelwatch status: could not record the results: %1").arg(error));
            exitCode = worseExitCode(exitCode, session.storeFailureCode());
        }
        updates.clear();
    };
    const auto answer = [&](const FetchResult& result) {
        exitCode = worseExitCode(exitCode, exitCodeFor(result.error.kind));
        if (!session.isAdHoc() && result.error.kind != ErrorKind::InvalidId) {
            updates << TaskUpdate{result.requestedId, result.task, result.error, result.httpStatus, {}, false};
            if (updates.size() >= kRecordBatch)
                record();
        }
        if (json) {
            Console::out(QString::fromUtf8(TaskJson::line(result).toJson()));
        } else if (!widths.isEmpty()) {
            Console::out(TextTable::formatRow(widths, tableRow(result)));
        } else {
            firstRows << tableRow(result);
            if (firstRows.size() >= kTableWidthRows)
                startTable();
        }
    };

    // The IDs in the order given, then the stored ones; with --all each is asked for once.
    QSet<QString> seen;
    qsizetype nextStored = 0;
    IdReader reader(std::move(input), kMaxWaiting);
    const auto nextId = [&]() -> std::optional<QString> {
        for (;;) {
            std::optional<QString> id = first ? std::exchange(first, std::nullopt) : reader.take();
            if (!id && reader.atEnd() && nextStored < stored.size())
                id = stored.at(nextStored++);
            if (!id || !all)
                return id;
            if (!seen.contains(*id)) {
                seen.insert(*id);
                return id;
            }
        }
    };

    // Answers are printed in the order the IDs came: one that is back waits (a bounded number of
    // them) for the earlier ones.
    struct Slot
    {
        FetchResult result;
        bool done = false;
    };
    std::deque<Slot> answers;
    int inFlight = 0;
    QEventLoop loop;
    std::function<void()> pump = [&] {
        while (!answers.empty() && answers.front().done) {
            answer(answers.front().result);
            answers.pop_front();
        }
        while (inFlight < kMaxInFlight && answers.size() < size_t(kMaxWaiting)) {
            const std::optional<QString> id = nextId();
            if (!id)
                break;
            answers.push_back({});
            Slot* slot = &answers.back(); // a deque keeps its elements in place as it grows and shrinks
            ++inFlight;
            api.fetchStatus(*id, &loop, [&, slot](const FetchResult& result) {
                slot->result = result;
                slot->done = true;
                --inFlight;
                pump();
            });
        }
        if (answers.empty() && reader.atEnd() && !first && nextStored >= stored.size())
            loop.quit();
    };
    QObject::connect(
        &reader, &IdReader::available, &loop, [&] { pump(); }, Qt::QueuedConnection);
    reader.start();
    QTimer::singleShot(0, &loop, [&] { pump(); });
    loop.exec();

    if (!session.isAdHoc())
        record();
    if (!json && widths.isEmpty())
        startTable();
    return exitCode;
}

} // namespace Reelwatch

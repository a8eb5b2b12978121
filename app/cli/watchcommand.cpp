#include "watchcommand.h"

#include "clisession.h"
#include "console.h"
#include "core/taskid.h"
#include "downloadcommand.h"
#include "net/connectivity.h"
#include "net/poller.h"
#include "net/videoapi.h"
#include "signalwatcher.h"
#include "store/storerecorder.h"
#include "taskjson.h"

#include <cmath>
#include <functional>
#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace Reelwatch {

namespace {

constexpr int kInterruptedExitCode = 130;

struct Tally
{
    int succeeded = 0;
    int failed = 0;
    int notFound = 0;
    int invalid = 0;
};

bool readNumber(const QCommandLineParser& parser, const QString& name, double minimum, double maximum, double& value)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const double parsed = parser.value(name).toDouble(&ok);
    if (!ok || !std::isfinite(parsed) || parsed < minimum || parsed > maximum) {
        Console::err(QStringLiteral("reelwatch watch: invalid --%1 '%2': give a number from %3 to %4")
                         .arg(name, parser.value(name))
                         .arg(minimum)
                         .arg(maximum));
        return false;
    }
    value = parsed;
    return true;
}

FetchResult resultOf(const TaskUpdate& update)
{
    FetchResult result;
    result.requestedId = update.taskId;
    result.httpStatus = update.httpStatus;
    result.task = update.task;
    result.error = update.error;
    return result;
}

QString timeStamp()
{
    return QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
}

QString describeTask(const VideoTask& task)
{
    QString line = statusWireName(task.status);
    if (task.rawStatus.compare(line, Qt::CaseInsensitive) != 0)
        line += QStringLiteral(" (%1)").arg(task.rawStatus);
    if (task.progress && !isTerminal(task.status))
        line += QStringLiteral("  %1%").arg(*task.progress);
    if (!task.model.isEmpty())
        line += QStringLiteral("  ") + task.model;
    if (task.error)
        line += QStringLiteral("  ") + task.error->message;
    else if (!task.resultUrl.isEmpty())
        line += QStringLiteral("  ") + task.resultUrl;
    return line;
}

} // namespace

int WatchCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Poll tasks until each has succeeded, failed or is not found, printing every change."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("ids"), QStringLiteral("Task IDs; '-' reads more from standard input."),
                                 QStringLiteral("ID..."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object per event and line.")});
    parser.addOption(
        {QStringLiteral("interval"),
         QStringLiteral("Seconds between polls of a task that is changing (default: 10; backs off to 60 while "
                        "nothing changes)."),
         QStringLiteral("seconds")});
    parser.addOption({QStringLiteral("concurrency"), QStringLiteral("Requests in flight at most (default: 4)."),
                      QStringLiteral("n")});
    parser.addOption(
        {QStringLiteral("max-rps"), QStringLiteral("Requests per second at most (default: 5)."), QStringLiteral("r")});
    parser.addOption({QStringLiteral("give-up-after"),
                      QStringLiteral("Exit 4 after this many seconds of nothing but network, timeout or server errors "
                                     "(default: 300)."),
                      QStringLiteral("seconds")});
    parser.addOption({QStringLiteral("no-batch"),
                      QStringLiteral("Never use the list route to refresh many tasks with one request.")});
    parser.addOption({{QStringLiteral("v"), QStringLiteral("verbose")},
                      QStringLiteral("Print each request (method, URL, status, time) to standard error.")});
    parser.addOption({QStringLiteral("all"),
                      QStringLiteral("Every stored task of the profile that has not finished and is not archived.")});
    parser.addOption({QStringLiteral("download"),
                      QStringLiteral("Save each task's video into this folder as soon as it succeeds (names from "
                                     "--name-pattern; a failed download exits as 'reelwatch download' would when "
                                     "nothing else went wrong)."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("name-pattern"),
                      QStringLiteral("File name pattern for --download with {label-or-id}, {id}, {label}, {variant}, "
                                     "{model} (default: %1.mp4).")
                          .arg(QLatin1String(DownloadNaming::kDefaultPattern)),
                      QStringLiteral("pattern")});
    CliSession::addOptions(parser);
    if (!parser.parse(arguments)) {
        Console::err(QStringLiteral("reelwatch watch: %1\nTry 'reelwatch watch --help'.").arg(parser.errorText()));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        Console::out(parser.helpText());
        return ExitOk;
    }

    const QString downloadDir = parser.value(QStringLiteral("download"));
    if (parser.isSet(QStringLiteral("download")) && !QFileInfo(downloadDir).isDir()) {
        Console::err(QStringLiteral("reelwatch watch: --download: '%1' is not a folder").arg(downloadDir));
        return ExitUsage;
    }

    CliSession session(QStringLiteral("watch"));
    if (!session.resolveConnection(parser))
        return session.exitCode();
    const Connection& connection = session.connection();

    PollSettings settings = session.profile() && !session.isAdHoc() ? session.profile()->poll : PollSettings();
    double interval = settings.baseIntervalMs / 1000.0;
    double concurrency = settings.maxInFlight;
    double maxRps = settings.maxRequestsPerSecond;
    double giveUpAfter = 300;
    if (!readNumber(parser, QStringLiteral("interval"), 0.05, 3600, interval)
        || !readNumber(parser, QStringLiteral("concurrency"), 1, 64, concurrency)
        || !readNumber(parser, QStringLiteral("max-rps"), 0.1, 100000, maxRps)
        || !readNumber(parser, QStringLiteral("give-up-after"), 1, 7 * 24 * 3600, giveUpAfter))
        return ExitUsage;
    settings.baseIntervalMs = static_cast<qint64>(interval * 1000);
    settings.maxIntervalMs = std::max(settings.maxIntervalMs, settings.baseIntervalMs);
    if (parser.isSet(QStringLiteral("interval")))
        settings.maxIntervalMs = std::max<qint64>(settings.baseIntervalMs, settings.baseIntervalMs * 6);
    settings.errorBackoffStartMs = std::min(settings.errorBackoffStartMs, settings.baseIntervalMs);
    settings.maxInFlight = static_cast<int>(concurrency);
    settings.maxRequestsPerSecond = maxRps;

    QStringList rawIds = Console::expandStandardInput(parser.positionalArguments());
    if (parser.isSet(QStringLiteral("all"))) {
        if (session.isAdHoc()) {
            Console::err(
                QStringLiteral("reelwatch watch: --all works on a profile's stored tasks, not with --base-url"));
            return ExitUsage;
        }
        for (const StoredTask& stored : session.store().tasks(session.profile()->id, false)) {
            if (!stored.gaveUp && !(stored.last && isTerminal(stored.last->status)))
                rawIds << stored.taskId;
        }
    } else if (rawIds.isEmpty()) {
        Console::err(QStringLiteral("reelwatch watch: no task IDs given (or --all)\nTry 'reelwatch watch --help'."));
        return ExitUsage;
    }

    const bool json = parser.isSet(QStringLiteral("json"));
    const auto printEvent = [json](const QString& event, const FetchResult& result) {
        if (json) {
            QJsonObject object = TaskJson::fromResult(result);
            object.insert(QStringLiteral("event"), event);
            Console::out(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
        } else if (event == QLatin1String("error")) {
            Console::out(
                QStringLiteral("%1  %2  error  %3: %4")
                    .arg(timeStamp(), result.requestedId, fetchErrorKindName(result.error.kind), result.error.message));
        } else {
            Console::out(QStringLiteral("%1  %2  %3").arg(timeStamp(), result.requestedId, describeTask(*result.task)));
        }
    };

    Tally tally;
    ExitCode exitCode = ExitOk;
    QStringList ids;
    QSet<QString> seen;
    for (const QString& raw : rawIds) {
        const TaskIdCheck check = TaskId::validate(raw);
        if (!check.valid) {
            FetchResult invalid;
            invalid.requestedId = raw.trimmed();
            invalid.error = FetchError{FetchErrorKind::InvalidId, check.reason};
            printEvent(QStringLiteral("error"), invalid);
            ++tally.invalid;
            exitCode = worseExitCode(exitCode, ExitUsage);
        } else if (!seen.contains(check.id)) {
            seen.insert(check.id);
            ids << check.id;
        }
    }

    QNetworkAccessManager manager;
    VideoApi api(&manager, connection.endpoint, connection.secret);
    api.setTimeoutMs(connection.timeoutMs);
    if (parser.isSet(QStringLiteral("verbose")))
        QObject::connect(&api, &VideoApi::trace, [](const QString& line) { Console::err(line); });
    Poller poller(&api, settings);
    poller.setBatchRefreshEnabled(!parser.isSet(QStringLiteral("no-batch")));
    // Pause while the machine is offline and catch up on reconnect; a loopback server is always there.
    Connectivity connectivity;
    if (!ApiEndpoint::isLoopbackHost(connection.endpoint.baseUrl().host())) {
        poller.setOnline(connectivity.isOnline());
        QObject::connect(&connectivity, &Connectivity::onlineChanged, &poller, &Poller::setOnline);
    }

    // Stored tasks get every change recorded, in batches, exactly as the window records them.
    std::unique_ptr<StoreRecorder> recorder;
    if (!session.isAdHoc()) {
        recorder = std::make_unique<StoreRecorder>(&session.store(), session.profile()->id);
        QObject::connect(&poller, &Poller::taskUpdated, recorder.get(), &StoreRecorder::record);
        QObject::connect(recorder.get(), &StoreRecorder::writeFailed, [](const QString& message) {
            Console::err(QStringLiteral("reelwatch watch: could not record results (will retry): %1").arg(message));
        });
    }

    QEventLoop loop;
    bool interrupted = false;
    const auto finish = [&](ExitCode code) {
        exitCode = worseExitCode(exitCode, code);
        loop.exit();
    };

    QObject::connect(&poller, &Poller::taskUpdated, &loop, [&](const TaskUpdate& update) {
        const FetchResult result = resultOf(update);
        if (update.outcome.statusChanged || update.outcome.progressChanged) {
            if (result.task)
                printEvent(QStringLiteral("status"),
                           FetchResult{result.requestedId, result.httpStatus, result.task, FetchError{}, std::nullopt,
                                       std::nullopt});
        }
        if (update.outcome.errorChanged && update.error.isError())
            printEvent(QStringLiteral("error"), result);
        if (update.outcome.finished)
            ++(update.task->status == TaskStatus::Success ? tally.succeeded : tally.failed);
        if (update.outcome.gaveUp && update.error.kind == FetchErrorKind::NotFound)
            ++tally.notFound;
        if (update.outcome.keyRejected)
            finish(ExitUnauthorized); // nothing will work until the key changes
    });

    // Give up only on faults of the road, not of the task: a long Retry-After is no reason to quit.
    QElapsedTimer failingFor;
    QObject::connect(&poller, &Poller::answered, &loop, [&](const FetchResult& result) {
        const FetchErrorKind kind = result.error.kind;
        const bool roadFault
            = kind == FetchErrorKind::Network || kind == FetchErrorKind::Timeout || kind == FetchErrorKind::ServerError;
        if (!roadFault)
            failingFor.invalidate();
        else if (!failingFor.isValid())
            failingFor.start();
    });
    QTimer giveUpCheck;
    QObject::connect(&giveUpCheck, &QTimer::timeout, &loop, [&] {
        if (failingFor.isValid() && failingFor.elapsed() > giveUpAfter * 1000) {
            Console::err(QStringLiteral("reelwatch watch: giving up after %1 s of network errors").arg(giveUpAfter));
            finish(ExitNetwork);
        }
    });
    giveUpCheck.start(250);

    // --download: each success joins a queue, and at most kMaxParallelDownloads run at once. Qt
    // opens only a few connections per host, so a burst of successes started together would leave
    // the later downloads waiting for a connection. The command ends when the last one has.
    constexpr int kMaxParallelDownloads = 2;
    QList<QPointer<Downloader>> downloads;
    QList<VideoTask> queuedDownloads;
    int downloadsActive = 0;
    int downloaded = 0;
    int downloadsFailed = 0;
    int downloadExitCode = ExitOk;
    bool pollingStopped = false;
    const auto reportDownloadFailure = [&](const QString& id, DownloadErrorKind kind, const QString& message) {
        ++downloadsFailed;
        const int code = DownloadCommand::exitCodeFor(kind);
        if (downloadExitCode == ExitOk || code == ExitUnauthorized)
            downloadExitCode = code;
        if (json)
            Console::out(
                QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("event"), QStringLiteral("download_error")},
                                                            {QStringLiteral("id"), id},
                                                            {QStringLiteral("kind"), downloadErrorKindName(kind)},
                                                            {QStringLiteral("message"), message}})
                                      .toJson(QJsonDocument::Compact)));
        else
            Console::out(QStringLiteral("%1  %2  download failed  %3: %4")
                             .arg(timeStamp(), id, downloadErrorKindName(kind), message));
    };
    const auto finishIfIdle = [&] {
        if (pollingStopped && downloadsActive == 0 && queuedDownloads.isEmpty())
            finish(ExitOk);
    };
    std::function<void()> pumpDownloads;
    const auto startDownload = [&](const VideoTask& task) {
        DownloadNameFields fields{task.id, QString(), QStringLiteral("video"), task.model};
        if (!session.isAdHoc() && session.profile()) {
            if (const std::optional<StoredTask> stored = session.store().task(session.profile()->id, task.id))
                fields.label = stored->label;
        }
        Downloader::Request request = DownloadCommand::requestFor(connection, task, QStringLiteral("video"));
        request.targetPath
            = DownloadCommand::freePath(downloadDir, parser.value(QStringLiteral("name-pattern")), fields);
        if (request.targetPath.isEmpty()) {
            reportDownloadFailure(task.id, DownloadErrorKind::WriteFailed,
                                  QStringLiteral("no free file name in %1").arg(downloadDir));
            return;
        }
        auto* downloader = new Downloader(&manager, request);
        ++downloadsActive;
        downloads << downloader;
        QObject::connect(downloader, &Downloader::finished, &loop, [&, id = task.id](const DownloadResult& result) {
            --downloadsActive;
            if (result.ok()) {
                ++downloaded;
                if (json)
                    Console::out(QString::fromUtf8(
                        QJsonDocument(QJsonObject{{QStringLiteral("event"), QStringLiteral("download")},
                                                  {QStringLiteral("id"), id},
                                                  {QStringLiteral("path"), result.path},
                                                  {QStringLiteral("bytes"), result.bytes}})
                            .toJson(QJsonDocument::Compact)));
                else
                    Console::out(QStringLiteral("%1  %2  %3").arg(timeStamp(), id, DownloadCommand::summary(result)));
            } else {
                reportDownloadFailure(id, result.kind, result.message);
            }
            if (!interrupted)
                pumpDownloads();
            finishIfIdle();
        });
        downloader->start();
    };
    pumpDownloads = [&] {
        while (downloadsActive < kMaxParallelDownloads && !queuedDownloads.isEmpty())
            startDownload(queuedDownloads.takeFirst());
    };
    if (!downloadDir.isEmpty()) {
        QObject::connect(&poller, &Poller::taskUpdated, &loop, [&](const TaskUpdate& update) {
            if (update.outcome.finished && update.task && update.task->status == TaskStatus::Success) {
                queuedDownloads << *update.task;
                pumpDownloads();
            }
        });
    }

    QObject::connect(&poller, &Poller::allStopped, &loop, [&] {
        pollingStopped = true;
        finishIfIdle();
    });
    // However the rejection was learnt (a task's answer or the list route), nothing more will work.
    QObject::connect(&poller, &Poller::stateChanged, &loop, [&](ProfileState state) {
        if (state == ProfileState::KeyRejected) {
            Console::err(QStringLiteral("reelwatch watch: the server rejected the key"));
            finish(ExitUnauthorized);
        }
    });
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::interrupted, &loop, [&] {
        interrupted = true;
        loop.exit();
    });

    if (!ids.isEmpty()) {
        for (const QString& id : std::as_const(ids))
            poller.addTask(id);
        loop.exec();
    }

    // Interrupted or given up: unfinished downloads stop here and keep their .part for a later resume.
    queuedDownloads.clear(); // so a cancelled download's end starts no other
    for (const QPointer<Downloader>& downloader : std::as_const(downloads)) {
        if (downloader)
            downloader->cancel();
    }
    if (recorder)
        recorder->flush();
    if (tally.failed > 0 || tally.notFound > 0)
        exitCode = worseExitCode(exitCode, ExitTaskProblem);
    if (json) {
        QJsonObject done{{QStringLiteral("event"), QStringLiteral("done")},
                         {QStringLiteral("succeeded"), tally.succeeded},
                         {QStringLiteral("failed"), tally.failed},
                         {QStringLiteral("not_found"), tally.notFound},
                         {QStringLiteral("invalid"), tally.invalid},
                         {QStringLiteral("unfinished"), poller.schedule().activeCount()},
                         {QStringLiteral("interrupted"), interrupted}};
        if (!downloadDir.isEmpty()) {
            done.insert(QStringLiteral("downloaded"), downloaded);
            done.insert(QStringLiteral("download_failed"), downloadsFailed);
        }
        Console::out(QString::fromUtf8(QJsonDocument(done).toJson(QJsonDocument::Compact)));
    } else {
        Console::out(QStringLiteral("done: %1 succeeded, %2 failed, %3 not found%4%5")
                         .arg(tally.succeeded)
                         .arg(tally.failed)
                         .arg(tally.notFound)
                         .arg(poller.schedule().activeCount()
                                  ? QStringLiteral(", %1 unfinished").arg(poller.schedule().activeCount())
                                  : QString())
                         .arg(interrupted ? QStringLiteral(" (interrupted)") : QString()));
        if (!downloadDir.isEmpty())
            Console::out(QStringLiteral("downloads: %1 saved, %2 failed").arg(downloaded).arg(downloadsFailed));
    }
    if (interrupted)
        return kInterruptedExitCode;
    // A failed download decides the exit code only when the watch itself went well.
    return exitCode == ExitOk ? downloadExitCode : exitCode;
}

} // namespace Reelwatch

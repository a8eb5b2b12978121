#include "watchcommand.h"

#include "clisession.h"
#include "console.h"
#include "core/taskid.h"
#include "downloadcommand.h"
#include "idinput.h"
#include "net/videoapi.h"
#include "signalwatcher.h"
#include "store/store.h"

#include <cmath>
#include <QCommandLineParser>
#include <QDateTime>
#include <QFileInfo>
#include <QSet>

namespace Reelwatch {

namespace {

const QString kVariant = QStringLiteral("video");

enum class Whole
{
    No,
    Yes, // a count: 2.5 requests in flight is refused, not cut to 2
};

// The range in the message is exactly the one checked, read from the same limits.
bool readNumber(const QCommandLineParser& parser, const QString& name, double minimum, double maximum, double& value,
                Whole whole = Whole::No)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const double parsed = parser.value(name).toDouble(&ok);
    if (!ok || !std::isfinite(parsed) || parsed < minimum || parsed > maximum
        || (whole == Whole::Yes && parsed != std::floor(parsed))) {
        Console::err(QStringLiteral("reelwatch watch: invalid --%1 '%2': give a %3number from %4 to %5")
                         .arg(name, parser.value(name), whole == Whole::Yes ? QStringLiteral("whole ") : QString(),
                              QString::number(minimum, 'g', 15), QString::number(maximum, 'g', 15)));
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

} // namespace

WatchCommand::WatchCommand(CliSession& session, const Options& options)
    : m_session(session)
    , m_connection(session.connection())
    , m_options(options)
    , m_printer(options.json)
    , m_runtime(&m_network, &m_connectivity,
                ProfileRuntime::Options{session.connection().endpoint, options.poll, session.connection().timeoutMs,
                                        session.isAdHoc() ? nullptr : &session.store(),
                                        session.isAdHoc() ? 0 : session.profile()->id})
    , m_downloads(&m_network)
    , m_storeWatcher(&session.store())
{
    m_tally.downloading = !options.downloadDir.isEmpty();
    m_runtime.setSecret(m_connection.secret);
    Poller* poller = m_runtime.poller();
    poller->setBatchRefreshEnabled(options.batch);
    if (options.verbose)
        connect(m_runtime.api(), &VideoApi::trace, this, [](const QString& line) { Console::err(line); });
    connect(&m_runtime, &ProfileRuntime::writeFailed, this, [this](const QString& message) {
        m_lastWriteError = message;
        Console::err(QStringLiteral("reelwatch watch: could not record results (will retry): %1").arg(message));
    });
    connect(&m_runtime, &ProfileRuntime::taskUpdated, this, &WatchCommand::onTaskUpdated);
    connect(poller, &Poller::answered, this, &WatchCommand::onAnswered);
    connect(poller, &Poller::allStopped, this, [this] {
        m_pollingStopped = true;
        finishIfIdle();
    });
    // However the rejection was learnt (a task's answer or the list route), nothing more will work.
    connect(&m_runtime, &ProfileRuntime::stateChanged, this, [this](ProfileState state) {
        if (state == ProfileState::KeyRejected) {
            Console::err(QStringLiteral("reelwatch watch: the server rejected the key"));
            finish(ExitUnauthorized);
        }
    });
    connect(&m_downloads, &DownloadQueue::finished, this, &WatchCommand::onDownloadFinished);
    connect(&m_runtime, &ProfileRuntime::tasksFollowed, this, [this](const QList<VideoTask>& tasks) {
        m_pollingStopped = false; // there is something to poll again
        for (const VideoTask& task : tasks) {
            ++m_tally.added;
            m_printer.added(task);
            // Already finished when found: counted and saved like any render seen to finish.
            if (isTerminal(task.status)) {
                ++(task.status == TaskStatus::Success ? m_tally.succeeded : m_tally.failed);
                if (m_tally.downloading && task.status == TaskStatus::Success)
                    queueDownload(task);
            }
        }
    });
    connect(&m_runtime, &ProfileRuntime::followingStopped, this, [this](const QString& reason) {
        Console::err(QStringLiteral("reelwatch watch: stopped following the account: %1").arg(reason));
        m_following = false;
        m_exitCode = worseExitCode(m_exitCode, ExitTaskProblem);
        if (m_runtime.poller()->schedule().activeCount() == 0)
            m_pollingStopped = true; // nothing else to watch
        finishIfIdle();
    });
    connect(&m_giveUpCheck, &QTimer::timeout, this, &WatchCommand::checkGiveUp);
}

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
                      QStringLiteral("Exit once no answer for any unfinished task has been usable for this many "
                                     "seconds (default: 300), saying why: 4 for network, timeout, rate limit or "
                                     "server errors, 1 for unusable answers (HTML, invalid JSON, too large, "
                                     "redirect loop)."),
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
    parser.addOption(
        {QStringLiteral("name-pattern"),
         QStringLiteral("File name pattern for --download with {title}, {label-or-id}, {id}, {label}, {variant}, "
                        "{model} (default: %1.mp4).")
             .arg(QLatin1String(DownloadNaming::kDefaultPattern)),
         QStringLiteral("pattern")});
    DownloadCommand::addStallOption(parser);
    parser.addOption({QStringLiteral("follow"),
                      QStringLiteral("Also watch every render the account starts while this runs (web page, script, "
                                     "another tool), where the provider can list an account's tasks; prints an "
                                     "'added' event for each. Runs until interrupted.")});
    parser.addOption({QStringLiteral("follow-days"),
                      QStringLiteral("With --follow: also add the renders of the last N days (1 to %1).")
                          .arg(Profile::kMaxFollowDays),
                      QStringLiteral("n")});
    CliSession::addOptions(parser);
    if (!parser.parse(arguments)) {
        Console::err(QStringLiteral("reelwatch watch: %1\nTry 'reelwatch watch --help'.").arg(parser.errorText()));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        Console::out(parser.helpText());
        return ExitOk;
    }

    Options options;
    options.json = parser.isSet(QStringLiteral("json"));
    options.verbose = parser.isSet(QStringLiteral("verbose"));
    options.batch = !parser.isSet(QStringLiteral("no-batch"));
    options.namePattern = parser.value(QStringLiteral("name-pattern"));
    options.downloadDir = parser.value(QStringLiteral("download"));
    if (parser.isSet(QStringLiteral("download")) && !QFileInfo(options.downloadDir).isDir()) {
        Console::err(QStringLiteral("reelwatch watch: --download: '%1' is not a folder").arg(options.downloadDir));
        return ExitUsage;
    }

    options.follow = parser.isSet(QStringLiteral("follow"));
    if (parser.isSet(QStringLiteral("follow-days"))) {
        bool ok = false;
        options.followDays = parser.value(QStringLiteral("follow-days")).toInt(&ok);
        if (!options.follow || !ok || options.followDays < Profile::kMinFollowDays
            || options.followDays > Profile::kMaxFollowDays) {
            Console::err(QStringLiteral("reelwatch watch: --follow-days takes a number of days from %1 to %2, "
                                        "with --follow")
                             .arg(Profile::kMinFollowDays)
                             .arg(Profile::kMaxFollowDays));
            return ExitUsage;
        }
    }

    CliSession session(QStringLiteral("watch"));
    if (!session.resolveConnection(parser))
        return session.exitCode();
    if (!DownloadCommand::readStallTimeout(parser, QStringLiteral("watch"), session.connection(),
                                           &options.stallTimeoutMs))
        return ExitUsage;
    if (options.follow && !session.connection().endpoint.provider().capabilities().listRoute) {
        Console::err(QStringLiteral("reelwatch watch: --follow: %1 cannot list an account's tasks")
                         .arg(session.connection().endpoint.provider().name()));
        return ExitUsage;
    }

    // The same limits as every other way of polling this server (PollLimits), stated as they are.
    const PollLimits limits = PollLimits::forServer(session.connection().endpoint.baseUrl());
    PollSettings& poll = options.poll;
    poll = session.profile() && !session.isAdHoc() ? session.profile()->poll : PollSettings();
    double interval = poll.baseIntervalMs / 1000.0;
    double concurrency = poll.maxInFlight;
    double maxRps = poll.maxRequestsPerSecond;
    if (!readNumber(parser, QStringLiteral("interval"), limits.minBaseIntervalMs / 1000.0,
                    limits.maxBaseIntervalMs / 1000.0, interval)
        || !readNumber(parser, QStringLiteral("concurrency"), limits.minInFlight, limits.maxInFlight, concurrency,
                       Whole::Yes)
        || !readNumber(parser, QStringLiteral("max-rps"), limits.minRequestsPerSecond, limits.maxRequestsPerSecond,
                       maxRps)
        || !readNumber(parser, QStringLiteral("give-up-after"), 1, 7 * 24 * 3600, options.giveUpAfterSeconds))
        return ExitUsage;
    poll.baseIntervalMs = static_cast<qint64>(interval * 1000);
    poll.maxIntervalMs = std::max(poll.maxIntervalMs, poll.baseIntervalMs);
    if (parser.isSet(QStringLiteral("interval")))
        poll.maxIntervalMs = std::max<qint64>(poll.baseIntervalMs, poll.baseIntervalMs * 6);
    poll.errorBackoffStartMs = std::min(poll.errorBackoffStartMs, poll.baseIntervalMs);
    poll.maxInFlight = static_cast<int>(concurrency);
    poll.maxRequestsPerSecond = maxRps;

    const WatchPrinter printer(options.json);
    ExitCode exitCode = ExitOk;
    int invalid = 0;
    QStringList ids;
    QSet<QString> seen;
    // Invalid IDs are reported as they are read and not kept: only the ones to watch stay in memory.
    IdInput input(parser.positionalArguments());
    QStringList storedIds;
    if (parser.isSet(QStringLiteral("all"))) {
        if (session.isAdHoc()) {
            Console::err(
                QStringLiteral("reelwatch watch: --all works on a profile's stored tasks, not with --base-url"));
            return ExitUsage;
        }
        for (const StoredTask& stored : session.store().tasks(session.profile()->id, false)) {
            if (!stored.gaveUp && !(stored.last && isTerminal(stored.last->status)))
                storedIds << stored.taskId;
        }
    }
    qsizetype nextStored = 0;
    bool anyGiven = false;
    QSet<QString> storeOnly; // --all's tasks that were not also given: they follow the store
    for (;;) {
        std::optional<QString> next = input.next();
        anyGiven = anyGiven || next.has_value();
        const bool fromStore = !next && nextStored < storedIds.size();
        if (fromStore)
            next = storedIds.at(nextStored++);
        if (!next)
            break;
        const QString& raw = *next;
        if (fromStore && !seen.contains(raw))
            storeOnly.insert(raw);
        const TaskIdCheck check = session.connection().endpoint.provider().checkId(raw);
        if (!check.valid) {
            FetchResult refused;
            refused.requestedId = raw.trimmed();
            refused.error = check.problem;
            printer.error(refused);
            ++invalid;
            exitCode = worseExitCode(exitCode, ExitUsage);
        } else if (!seen.contains(check.id)) {
            seen.insert(check.id);
            ids << check.id;
        }
    }
    if (!anyGiven && !parser.isSet(QStringLiteral("all")) && !options.follow) {
        Console::err(QStringLiteral("reelwatch watch: no task IDs given (or --all)\nTry 'reelwatch watch --help'."));
        return ExitUsage;
    }

    options.all = parser.isSet(QStringLiteral("all"));
    WatchCommand watch(session, options);
    return watch.exec(ids, storeOnly, exitCode, invalid);
}

int WatchCommand::exec(const QStringList& ids, const QSet<QString>& storeOnly, ExitCode exitCodeSoFar, int invalidIds)
{
    m_exitCode = exitCodeSoFar;
    m_tally.invalid = invalidIds;
    m_fromStore = storeOnly;
    if (m_options.all) {
        // Tasks added to the profile meanwhile (`reelwatch add`, the window) are watched too, removed or
        // archived ones no longer: checked every 2 s (every interval when that is shorter), at the
        // cost of one statement.
        connect(&m_storeWatcher, &StoreWatcher::changedElsewhere, this, &WatchCommand::followStore);
        m_storeWatcher.start(int(std::min<qint64>(m_options.poll.baseIntervalMs, StoreWatcher::kDefaultIntervalMs)));
    }
    SignalWatcher signalWatcher;
    connect(&signalWatcher, &SignalWatcher::interrupted, this, [this] {
        m_tally.interrupted = true;
        m_loop.exit();
    });
    if (m_options.follow) {
        const qint64 startedMs = QDateTime::currentMSecsSinceEpoch();
        const qint64 days = m_options.followDays;
        QString why;
        m_following = m_runtime.startFollowing(
            0, [startedMs, days](qint64 nowMs) { return days > 0 ? nowMs - days * 24 * 3600 * 1000 : startedMs; },
            &why);
        if (!m_following)
            Console::err(QStringLiteral("reelwatch watch: --follow: %1").arg(why));
        m_tally.following = true;
    }
    if (!ids.isEmpty() || m_following) {
        m_clock.start();
        m_giveUpCheck.start(250);
        for (const QString& id : ids)
            m_runtime.poller()->addTask(id);
        m_loop.exec();
    }
    m_giveUpCheck.stop();

    // Interrupted or given up: unfinished downloads stop here and keep their .part for a later resume.
    m_downloads.stopAll();
    if (!m_runtime.flush()) {
        // The last try: what the database did not take now is lost, and a script must not take the
        // run for a success.
        Console::err(QStringLiteral("reelwatch watch: the results could not be saved in the task database: %1")
                         .arg(m_lastWriteError));
        m_exitCode = worseExitCode(m_exitCode, m_session.storeFailureCode());
    }
    if (m_tally.failed > 0 || m_tally.notFound > 0)
        m_exitCode = worseExitCode(m_exitCode, ExitTaskProblem);
    m_tally.unfinished = m_runtime.poller()->schedule().activeCount();
    m_printer.summary(m_tally);
    if (m_tally.interrupted)
        return ExitInterrupted;
    // A failed download decides the exit code only when the watch itself went well.
    return m_exitCode == ExitOk ? m_downloadExitCode : m_exitCode;
}

void WatchCommand::onTaskUpdated(const TaskUpdate& update)
{
    const FetchResult result = resultOf(update);
    if ((update.outcome.statusChanged || update.outcome.progressChanged) && result.task)
        m_printer.status(
            FetchResult{result.requestedId, result.httpStatus, result.task, ApiError{}, std::nullopt, std::nullopt});
    if (update.outcome.errorChanged && update.error.isError())
        m_printer.error(result, update.outcome.serverWaitCutFromMs);
    if (update.outcome.finished)
        ++(update.task->status == TaskStatus::Success ? m_tally.succeeded : m_tally.failed);
    if (update.outcome.gaveUp && update.error.kind == ErrorKind::NotFound)
        ++m_tally.notFound;
    if (update.outcome.keyRejected)
        finish(ExitUnauthorized); // nothing will work until the key changes
    if (m_tally.downloading && update.outcome.finished && update.task && update.task->status == TaskStatus::Success)
        queueDownload(*update.task);
}

void WatchCommand::onAnswered(const FetchResult& result)
{
    if (result.ok()) {
        m_failingSinceMs.remove(result.requestedId);
        return;
    }
    // Answers that settle the task itself (not found, an invalid ID) end it on their own, and a
    // rejected key ends the watch at once.
    const ErrorKind kind = result.error.kind;
    if (kind == ErrorKind::NotFound || kind == ErrorKind::InvalidId || kind == ErrorKind::Unauthorized)
        return;
    const qint64 now = m_clock.elapsed();
    if (!m_failingSinceMs.contains(result.requestedId))
        m_failingSinceMs.insert(result.requestedId, now);
    if (kind == ErrorKind::RateLimited) {
        // The whole profile waits: every task is held up by this answer, asked yet or not.
        m_lastRateLimit = result.error;
        const PollSchedule& schedule = m_runtime.poller()->schedule();
        for (const QString& id : schedule.taskIds()) {
            if (!schedule.task(id)->stopped && !m_failingSinceMs.contains(id))
                m_failingSinceMs.insert(id, now);
        }
    }
}

void WatchCommand::checkGiveUp()
{
    const PollSchedule& schedule = m_runtime.poller()->schedule();
    const int listRefreshes = m_runtime.poller()->stats().tasksRefreshedByList;
    if (listRefreshes != m_listRefreshesSeen) {
        // A list page answered: the tasks on it have a fresh state and no error (unchanged ones are
        // not reported one by one).
        m_listRefreshesSeen = listRefreshes;
        for (auto it = m_failingSinceMs.begin(); it != m_failingSinceMs.end();) {
            const ScheduledTask* task = schedule.task(it.key());
            if (task && task->lastGood && !task->lastError.isError())
                it = m_failingSinceMs.erase(it);
            else
                ++it;
        }
    }

    // Every task still watched has had nothing usable for longer than the window.
    const qint64 windowMs = static_cast<qint64>(m_options.giveUpAfterSeconds * 1000);
    const qint64 now = m_clock.elapsed();
    QStringList failing;
    for (const QString& id : schedule.taskIds()) {
        if (schedule.task(id)->stopped)
            continue;
        const auto since = m_failingSinceMs.constFind(id);
        if (since == m_failingSinceMs.constEnd() || now - *since <= windowMs)
            return;
        failing << id;
    }
    if (failing.isEmpty())
        return;

    // Say what the answers were, once per distinct error, with the task where it tells which.
    failing.sort();
    QStringList reasons;
    QHash<QString, QStringList> tasksByReason;
    ExitCode code = ExitOk;
    ApiError telling;
    for (const QString& id : std::as_const(failing)) {
        const ScheduledTask* task = schedule.task(id);
        const ApiError& error = task->lastError.isError() ? task->lastError : m_lastRateLimit;
        if (!error.isError())
            return; // cleared by an answer not yet counted: not failing after all
        const QString words = error.message();
        if (!tasksByReason.contains(words))
            reasons << words;
        tasksByReason[words] << id;
        const ExitCode worse = worseExitCode(code, exitCodeFor(error.kind));
        if (worse != code || !telling.isError())
            telling = error;
        code = worse;
    }
    constexpr int kReasonsShown = 3;
    QStringList said;
    for (const QString& words : reasons.mid(0, kReasonsShown)) {
        said << (reasons.size() == 1
                     ? words
                     : QStringLiteral("%1: %2").arg(tasksByReason.value(words).join(QStringLiteral(", ")), words));
    }
    if (reasons.size() > kReasonsShown)
        said << QStringLiteral("and %1 other errors").arg(reasons.size() - kReasonsShown);
    const QString why = QStringLiteral("giving up after %1 s without a usable answer: %2")
                            .arg(QString::number(m_options.giveUpAfterSeconds), said.join(QStringLiteral("; ")));
    Console::err(QStringLiteral("reelwatch watch: %1").arg(why));
    m_tally.gaveUpKind = errorKindName(telling.kind);
    m_tally.gaveUpMessage = why;
    m_giveUpCheck.stop();
    finish(code);
}

void WatchCommand::queueDownload(const VideoTask& task)
{
    DownloadNameFields fields{task.id, QString(), kVariant, task.model, task.prompt};
    if (!m_session.isAdHoc() && m_session.profile()) {
        if (const std::optional<StoredTask> stored = m_session.store().task(m_session.profile()->id, task.id))
            fields.label = stored->label;
    }
    Downloader::Request request = DownloadCommand::requestFor(m_connection, task, kVariant, m_options.stallTimeoutMs);
    request.targetPath = DownloadCommand::freePath(m_options.downloadDir, m_options.namePattern, fields);
    if (request.targetPath.isEmpty()) {
        DownloadResult unnamed;
        unnamed.error = ApiError::of(ErrorKind::WriteFailed, ErrorReason::NoFreeNameInFolder);
        unnamed.error.subject = m_options.downloadDir;
        noteDownloadFailure(task.id, unnamed);
        return;
    }
    m_downloads.enqueue(TaskKey{0, task.id}, request);
}

void WatchCommand::onDownloadFinished(const TaskKey& task, const DownloadResult& result)
{
    if (result.ok()) {
        ++m_tally.downloaded;
        m_printer.downloadSaved(task.taskId, result);
    } else {
        noteDownloadFailure(task.taskId, result);
    }
    finishIfIdle();
}

void WatchCommand::noteDownloadFailure(const QString& taskId, const DownloadResult& result)
{
    ++m_tally.downloadsFailed;
    const int code = exitCodeFor(result.kind());
    if (m_downloadExitCode == ExitOk || code == ExitUnauthorized)
        m_downloadExitCode = code;
    m_printer.downloadFailed(taskId, result);
}

void WatchCommand::followStore()
{
    Poller* poller = m_runtime.poller();
    const PollSchedule& schedule = poller->schedule();
    QSet<QString> present; // stored and not archived
    QStringList added;
    for (const TaskEntry& entry : m_session.store().taskEntries(m_session.profile()->id)) {
        if (entry.archived)
            continue;
        present.insert(entry.taskId);
        if (!entry.gaveUp && !entry.finished && !schedule.task(entry.taskId))
            added << entry.taskId;
    }
    for (const QString& id : std::as_const(added)) {
        const std::optional<StoredTask> stored = m_session.store().task(m_session.profile()->id, id);
        m_fromStore.insert(id);
        poller->addTask(id, stored ? stored->last : std::nullopt);
        m_pollingStopped = false;
    }
    // Only tasks that came from the store leave with it: an ID given on the command line stays.
    for (const QString& id : schedule.taskIds()) {
        if (m_fromStore.contains(id) && !present.contains(id) && !schedule.task(id)->stopped) {
            poller->removeTask(id);
            m_failingSinceMs.remove(id);
        }
    }
    if (schedule.activeCount() == 0 && !m_following) {
        m_pollingStopped = true;
        finishIfIdle();
    }
}

void WatchCommand::finish(ExitCode code)
{
    m_exitCode = worseExitCode(m_exitCode, code);
    m_loop.exit();
}

void WatchCommand::finishIfIdle()
{
    // Following never runs out of work: it ends with Ctrl+C or SIGTERM.
    if (m_pollingStopped && !m_following && m_downloads.isIdle())
        finish(ExitOk);
}

} // namespace Reelwatch

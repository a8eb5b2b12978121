#include "downloadcommand.h"

#include "clisession.h"
#include "commandnetwork.h"
#include "console.h"
#include "core/displaytext.h"
#include "core/taskid.h"
#include "net/videoapi.h"
#include "signalwatcher.h"

#include <cstdio>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>

namespace Reelwatch {

namespace {

const QStringList& variants()
{
    static const QStringList kVariants
        = {QStringLiteral("video"), QStringLiteral("thumbnail"), QStringLiteral("spritesheet")};
    return kVariants;
}

QString progressLine(qint64 bytes, qint64 total, qint64 elapsedMs)
{
    const double rate = elapsedMs > 0 ? bytes / 1e6 / (elapsedMs / 1000.0) : 0;
    if (total > 0)
        return QStringLiteral("%1 / %2  %3%  %4 MB/s")
            .arg(DownloadCommand::formatSize(bytes), DownloadCommand::formatSize(total))
            .arg(bytes * 100 / total)
            .arg(rate, 0, 'f', 1);
    return QStringLiteral("%1  %2 MB/s").arg(DownloadCommand::formatSize(bytes)).arg(rate, 0, 'f', 1);
}

void writeProgress(const QString& line)
{
    // Carriage return and erase-to-end: one line that updates in place.
    const QByteArray bytes = "\r" + line.toUtf8() + "\x1b[K";
    fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    fflush(stderr);
}

void clearProgress()
{
    fputs("\r\x1b[K", stderr);
    fflush(stderr);
}

} // namespace

Downloader::Request DownloadCommand::requestFor(const Connection& connection, const VideoTask& task,
                                                const QString& variant, int stallTimeoutMs)
{
    Downloader::Request request = Downloader::forTask(connection.endpoint, connection.secret, task, variant);
    request.stallTimeoutMs = stallTimeoutMs;
    return request;
}

void DownloadCommand::addStallOption(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("stall-timeout"),
                      tr("End a download that gets less than 1 KiB in this many seconds (default: --timeout's, 30), "
                         "keeping its .part file for the next run to resume (exit 4). There is no limit on the "
                         "whole download."),
                      QStringLiteral("seconds")});
}

bool DownloadCommand::readStallTimeout(const QCommandLineParser& parser, const QString& command,
                                       const Connection& connection, int* ms)
{
    *ms = connection.timeoutMs;
    QString error;
    if (ConnectionOptions::readMilliseconds(parser, QStringLiteral("stall-timeout"), ms, &error))
        return true;
    Console::err(QStringLiteral("reelwatch %1: %2").arg(command, error));
    return false;
}

QString DownloadCommand::freePath(const QString& directory, const QString& pattern, const DownloadNameFields& fields)
{
    return DownloadNaming::freePath(directory, pattern, fields);
}

QString DownloadCommand::formatSize(qint64 bytes)
{
    if (bytes >= 1000 * 1000)
        return QStringLiteral("%1 MB").arg(bytes / 1e6, 0, 'f', 1);
    if (bytes >= 1000)
        return QStringLiteral("%1 KB").arg(bytes / 1e3, 0, 'f', 1);
    return QStringLiteral("%1 B").arg(bytes);
}

QString DownloadCommand::summary(const DownloadResult& result)
{
    const double seconds = std::max<qint64>(1, result.elapsedMs) / 1000.0;
    const qint64 transferred = result.bytes - (result.restarted ? 0 : result.resumedFrom);
    QString line = tr("saved %1 (%2 in %3 s, %4 MB/s)")
                       .arg(QDir::toNativeSeparators(result.path), formatSize(result.bytes))
                       .arg(seconds, 0, 'f', 1)
                       .arg(transferred / 1e6 / seconds, 0, 'f', 1);
    if (result.resumedFrom > 0 && !result.restarted)
        line += tr("; resumed at %1").arg(formatSize(result.resumedFrom));
    if (result.restarted)
        line += tr("; the server cannot resume, so it started over");
    // The file's name comes from a label or a prompt.
    return DisplayText::line(line);
}

int DownloadCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Save a succeeded task's video, thumbnail or spritesheet.\n\n"
           "The file is written as NAME.part and renamed when complete and of the size the server declared; "
           "an existing file is never replaced (\"NAME (2).mp4\" instead). A NAME.part left by an interrupted "
           "download is resumed when the server supports it.\n\n"
           "Exit codes: 0 saved; 1 not ready yet, expired, not found, failed render or unusable answer; "
           "2 usage error or invalid ID; 3 key rejected or missing; 4 network, timeout, rate limit, server "
           "error or a file that ended short of its declared size; 5 the file could not be written (disk full, "
           "permission denied, missing folder); "
           "130 interrupted (the .part file is kept)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("id"), tr("The task ID."), QStringLiteral("ID"));
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      tr("A file, a folder (the name then comes from --name-pattern), or '-' for standard output "
                         "(default: the current folder)."),
                      QStringLiteral("path")});
    parser.addOption({QStringLiteral("variant"), tr("video, thumbnail or spritesheet (default: video)."),
                      QStringLiteral("variant")});
    parser.addOption(
        {QStringLiteral("name-pattern"),
         tr("File name pattern with {title}, {label-or-id}, {id}, {label}, {variant}, {model}; the extension "
            "follows the variant (default: %1).")
             .arg(QLatin1String(DownloadNaming::kDefaultPattern)),
         QStringLiteral("pattern")});
    parser.addOption({{QStringLiteral("v"), QStringLiteral("verbose")},
                      tr("Print the status request (method, URL, status, time) to standard error.")});
    addStallOption(parser);
    CliSession::addOptions(parser);
    if (!parser.parse(arguments)) {
        Console::err(tr("reelwatch download: %1\nTry 'reelwatch download --help'.").arg(parser.errorText()));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        Console::out(parser.helpText());
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        Console::err(tr("reelwatch download: give exactly one task ID\nTry 'reelwatch download --help'."));
        return ExitUsage;
    }
    const QString variant
        = parser.isSet(QStringLiteral("variant")) ? parser.value(QStringLiteral("variant")) : QStringLiteral("video");
    if (!variants().contains(variant)) {
        Console::err(
            tr("reelwatch download: invalid --variant '%1': use video, thumbnail or spritesheet").arg(variant));
        return ExitUsage;
    }
    const QString output = parser.value(QStringLiteral("output"));
    const bool toStdout = output == QLatin1String("-");

    CliSession session(QStringLiteral("download"));
    if (!session.resolveConnection(parser))
        return session.exitCode();
    const Connection& connection = session.connection();
    int stallTimeoutMs = 0;
    if (!readStallTimeout(parser, QStringLiteral("download"), connection, &stallTimeoutMs))
        return ExitUsage;
    // The provider's own ID grammar (Gemini operation names hold '/', PixVerse IDs are digits).
    const TaskIdCheck check = connection.endpoint.provider().checkId(positional.first());
    if (!check.valid) {
        Console::err(tr("reelwatch download: invalid_id: %1").arg(check.reason));
        return ExitUsage;
    }

    CommandNetwork manager;
    VideoApi api(&manager, connection.endpoint, connection.secret);
    api.setTimeoutMs(connection.timeoutMs);
    if (parser.isSet(QStringLiteral("verbose")))
        QObject::connect(&api, &VideoApi::trace, [](const QString& line) { Console::err(line); });

    // The status first: it says whether there is anything to download, and gives the name's fields,
    // the result link and the expiry.
    QEventLoop loop;
    FetchResult status;
    api.fetchStatus(check.id, &loop, [&](const FetchResult& result) {
        status = result;
        loop.quit();
    });
    loop.exec();
    if (status.error.isError()) {
        Console::err(tr("reelwatch download: %1: %2").arg(errorKindName(status.error.kind), status.error.message()));
        return Reelwatch::exitCodeFor(status.error.kind);
    }
    const VideoTask& task = *status.task;
    if (task.status == TaskStatus::Failure) {
        const QString reason = task.error ? task.error->message : task.rawStatus;
        Console::err(tr("reelwatch download: not_ready: the render of %1 failed, so there is nothing to download: %2")
                         .arg(check.id, reason));
        return ExitTaskProblem;
    }
    if (task.status != TaskStatus::Success && task.status != TaskStatus::Unknown) {
        Console::err(tr("reelwatch download: not_ready: %1 is %2%3; download it once it has succeeded")
                         .arg(check.id, statusWireName(task.status),
                              task.progress ? QStringLiteral(" (%1%)").arg(*task.progress) : QString()));
        return ExitTaskProblem;
    }

    Downloader::Request request = requestFor(connection, task, variant, stallTimeoutMs);
    request.taskId = check.id;
    QFile standardOutput;
    // A device or a pipe named with -o (/dev/null, a FIFO) is written as it is, like standard output:
    // no part file beside it and no "NAME (2)" for a name that is not a file.
    const QFileInfo given(output);
    const bool toSpecial = !toStdout && given.exists() && !given.isFile() && !given.isDir();
    QFile special;
    if (toStdout) {
        if (!standardOutput.open(fileno(stdout), QIODevice::WriteOnly | QIODevice::Unbuffered)) {
            Console::err(tr("reelwatch download: write_failed: cannot write to standard output"));
            return ExitCannotWrite;
        }
        request.device = &standardOutput;
    } else if (toSpecial) {
        special.setFileName(output);
        if (!special.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
            Console::err(tr("reelwatch download: write_failed: cannot write to %1: %2")
                             .arg(QDir::toNativeSeparators(output), special.errorString()));
            return ExitCannotWrite;
        }
        request.device = &special;
    } else {
        DownloadNameFields fields{check.id, QString(), variant, task.model, task.prompt};
        if (!session.isAdHoc() && session.profile()) {
            if (const std::optional<StoredTask> stored = session.store().task(session.profile()->id, check.id))
                fields.label = stored->label;
        }
        const QString pattern = parser.value(QStringLiteral("name-pattern"));
        QString target;
        if (output.isEmpty())
            target = freePath(QDir::currentPath(), pattern, fields);
        else if (given.isDir() || output.endsWith(QLatin1Char('/')))
            target = freePath(output, pattern, fields);
        else
            target = DownloadNaming::uniquePath(given.path(), given.fileName(), &DownloadNaming::isTaken);
        if (target.isEmpty()) {
            Console::err(tr("reelwatch download: write_failed: no free file name for %1").arg(output));
            return ExitCannotWrite;
        }
        request.targetPath = target;
    }

    auto* downloader = new Downloader(&manager, request);
    const bool showProgress = Console::isTerminal(fileno(stderr));
    QElapsedTimer sinceStart;
    QElapsedTimer sinceDrawn;
    sinceStart.start();
    bool drawn = false;
    if (showProgress) {
        QObject::connect(downloader, &Downloader::progress, &loop, [&](qint64 bytes, qint64 total) {
            if (drawn && sinceDrawn.elapsed() < 200)
                return;
            sinceDrawn.start();
            drawn = true;
            writeProgress(progressLine(bytes, total, sinceStart.elapsed()));
        });
    }
    DownloadResult result;
    QObject::connect(downloader, &Downloader::finished, &loop, [&](const DownloadResult& finished) {
        result = finished;
        loop.quit();
    });
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::interrupted, downloader, &Downloader::cancel);
    downloader->start();
    loop.exec();
    if (drawn)
        clearProgress();

    if (!result.ok()) {
        Console::err(tr("reelwatch download: %1: %2").arg(errorKindName(result.kind()), result.message()));
        return Reelwatch::exitCodeFor(result.kind());
    }
    if (toSpecial)
        result.path = output;
    // With -o - standard output carries the bytes and nothing else.
    if (toStdout)
        Console::err(tr("reelwatch download: %1").arg(summary(result)));
    else
        Console::out(summary(result));
    return ExitOk;
}

} // namespace Reelwatch

#include "watchprinter.h"

#include "console.h"
#include "core/displaytext.h"
#include "core/errortext.h"
#include "core/pollschedule.h"
#include "downloadcommand.h"
#include "taskjson.h"

#include <QJsonDocument>
#include <QTime>

namespace Reelwatch {

namespace {

QString timeStamp()
{
    return QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
}

QString eventOf(const QString& event, const FetchResult& result)
{
    return QString::fromUtf8(TaskJson::line(result).add("event", event).toJson());
}

// One line of text output: a server's words in it (a model, an error, a link) can neither break the
// line nor send the terminal a control sequence.
void printLine(const QString& line)
{
    Console::out(DisplayText::line(line));
}

} // namespace

QString WatchPrinter::describeTask(const VideoTask& task)
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

void WatchPrinter::printJson(const QJsonObject& object) const
{
    Console::out(QString::fromUtf8(DisplayText::json(QJsonDocument(object).toJson(QJsonDocument::Compact))));
}

void WatchPrinter::status(const FetchResult& result) const
{
    if (m_json)
        Console::out(eventOf(QStringLiteral("status"), result));
    else
        printLine(QStringLiteral("%1  %2  %3").arg(timeStamp(), result.requestedId, describeTask(*result.task)));
}

void WatchPrinter::error(const FetchResult& result, std::optional<qint64> waitCutFromMs) const
{
    const QString waitNotice
        = waitCutFromMs ? ErrorText::serverWaitCut(*waitCutFromMs, PollSchedule::kMaxRetryAfterMs) : QString();
    if (m_json) {
        JsonLine line = TaskJson::line(result).add("event", "error");
        if (waitCutFromMs)
            line.add("wait_capped",
                     QJsonObject{{QStringLiteral("asked_ms"), double(*waitCutFromMs)},
                                 {QStringLiteral("waits_ms"), double(PollSchedule::kMaxRetryAfterMs)},
                                 {QStringLiteral("message"), waitNotice}});
        Console::out(QString::fromUtf8(line.toJson()));
        return;
    }
    printLine(QStringLiteral("%1  %2  error  %3: %4%5")
                  .arg(timeStamp(), result.requestedId, errorKindName(result.error.kind), result.error.message(),
                       waitCutFromMs ? QStringLiteral(" (%1)").arg(waitNotice) : QString()));
}

void WatchPrinter::added(const VideoTask& task) const
{
    FetchResult result;
    result.requestedId = task.id;
    result.httpStatus = 200;
    result.task = task;
    if (m_json)
        Console::out(eventOf(QStringLiteral("added"), result));
    else
        printLine(QStringLiteral("%1  %2  added  %3").arg(timeStamp(), task.id, describeTask(task)));
}

void WatchPrinter::downloadSaved(const QString& taskId, const DownloadResult& result) const
{
    if (m_json)
        printJson({{QStringLiteral("event"), QStringLiteral("download")},
                   {QStringLiteral("id"), taskId},
                   {QStringLiteral("path"), result.path},
                   {QStringLiteral("bytes"), result.bytes}});
    else
        printLine(QStringLiteral("%1  %2  %3").arg(timeStamp(), taskId, DownloadCommand::summary(result)));
}

void WatchPrinter::downloadFailed(const QString& taskId, const DownloadResult& result) const
{
    if (m_json)
        printJson({{QStringLiteral("event"), QStringLiteral("download_error")},
                   {QStringLiteral("id"), taskId},
                   {QStringLiteral("kind"), errorKindName(result.kind())},
                   {QStringLiteral("message"), result.message()}});
    else
        printLine(QStringLiteral("%1  %2  download failed  %3: %4")
                      .arg(timeStamp(), taskId, errorKindName(result.kind()), result.message()));
}

void WatchPrinter::summary(const Summary& summary) const
{
    if (m_json) {
        QJsonObject done{
            {QStringLiteral("event"), QStringLiteral("done")},   {QStringLiteral("succeeded"), summary.succeeded},
            {QStringLiteral("failed"), summary.failed},          {QStringLiteral("not_found"), summary.notFound},
            {QStringLiteral("invalid"), summary.invalid},        {QStringLiteral("unfinished"), summary.unfinished},
            {QStringLiteral("interrupted"), summary.interrupted}};
        if (summary.following)
            done.insert(QStringLiteral("added"), summary.added);
        if (summary.downloading) {
            done.insert(QStringLiteral("downloaded"), summary.downloaded);
            done.insert(QStringLiteral("download_failed"), summary.downloadsFailed);
        }
        if (!summary.gaveUpKind.isEmpty())
            done.insert(QStringLiteral("gave_up"),
                        QJsonObject{{QStringLiteral("kind"), summary.gaveUpKind},
                                    {QStringLiteral("message"), summary.gaveUpMessage}});
        printJson(done);
        return;
    }
    Console::out(QStringLiteral("done: %1 succeeded, %2 failed, %3 not found%4%5%6")
                     .arg(summary.succeeded)
                     .arg(summary.failed)
                     .arg(summary.notFound)
                     .arg(summary.unfinished ? QStringLiteral(", %1 unfinished").arg(summary.unfinished) : QString())
                     .arg(summary.following ? QStringLiteral(", %1 added by following").arg(summary.added) : QString())
                     .arg(summary.interrupted ? QStringLiteral(" (interrupted)") : QString()));
    if (summary.downloading)
        Console::out(
            QStringLiteral("downloads: %1 saved, %2 failed").arg(summary.downloaded).arg(summary.downloadsFailed));
}

} // namespace Reelwatch

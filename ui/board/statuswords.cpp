#include "statuswords.h"

#include "core/statustext.h"

#include <QDateTime>
#include <QLocale>

namespace Reelwatch {

QString StatusWords::badge(BadgeKind kind, std::optional<int> progress)
{
    switch (kind) {
    case BadgeKind::Waiting:
        return tr("Waiting");
    case BadgeKind::NotStarted:
        return StatusText::name(TaskStatus::NotStart);
    case BadgeKind::Submitted:
        return StatusText::name(TaskStatus::Submitted);
    case BadgeKind::Queued:
        return StatusText::name(TaskStatus::Queued);
    case BadgeKind::InProgress:
        return progress
            ? tr("%1 %2%", "rendering, then its progress").arg(StatusText::name(TaskStatus::InProgress)).arg(*progress)
            : StatusText::name(TaskStatus::InProgress);
    case BadgeKind::Success:
        return StatusText::name(TaskStatus::Success);
    case BadgeKind::Failure:
        return StatusText::name(TaskStatus::Failure);
    case BadgeKind::Unknown:
        return StatusText::name(TaskStatus::Unknown);
    case BadgeKind::NotFound:
        return tr("Not found");
    case BadgeKind::KeyRejected:
        return tr("Key rejected");
    case BadgeKind::ApiError:
        return tr("Fetch error");
    }
    return QString();
}

QString StatusWords::problem(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::NotFound:
        return badge(BadgeKind::NotFound);
    case ErrorKind::Unauthorized:
        return badge(BadgeKind::KeyRejected);
    default:
        return badge(BadgeKind::ApiError);
    }
}

QString StatusWords::shortTime(qint64 msSinceEpoch, qint64 nowMs)
{
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(msSinceEpoch).toLocalTime();
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs).toLocalTime().date();
    const QLocale locale;
    if (when.date() == today)
        return locale.toString(when.time(), QLocale::ShortFormat);
    if (when.date().year() == today.year())
        // Month names in the user's language (QDateTime::toString would give English ones).
        return locale.toString(when.date(), QStringLiteral("d MMM "))
            + locale.toString(when.time(), QLocale::ShortFormat);
    return locale.toString(when.date(), QLocale::ShortFormat);
}

QStringList StatusWords::describe(const StoredTask& task, qint64 nowMs)
{
    const BadgeKind kind = TaskTableModel::badgeKind(task);
    switch (kind) {
    case BadgeKind::Waiting:
        return {tr("Waiting for the server's first answer")};
    case BadgeKind::NotFound:
    case BadgeKind::KeyRejected:
    case BadgeKind::ApiError: {
        // What went wrong and since when, then what is still known from before: never "no answer yet"
        // over an answer that said something.
        QStringList lines{task.problemSinceMs > 0
                              ? tr("%1 since %2").arg(badge(kind), shortTime(task.problemSinceMs, nowMs))
                              : badge(kind)};
        if (task.last)
            lines << tr("Last known status: %1").arg(StatusText::withRawWord(task.last->status, task.last->rawStatus));
        else
            lines << tr("The server has not reported a status for this task.");
        return lines;
    }
    case BadgeKind::NotStarted:
    case BadgeKind::Submitted:
    case BadgeKind::Queued:
    case BadgeKind::InProgress:
    case BadgeKind::Success:
    case BadgeKind::Failure:
    case BadgeKind::Unknown:
        break;
    }
    return {StatusText::withRawWord(task.last->status, task.last->rawStatus)};
}

} // namespace Reelwatch

#include "errortext.h"

#include <cmath>

namespace Reelwatch {

namespace {

QString orThisTask(const QString& taskId)
{
    return taskId.isEmpty() ? ErrorText::tr("this task") : taskId;
}

QString orVideo(const QString& asset)
{
    return asset.isEmpty() ? QStringLiteral("video") : asset;
}

QString jsonTypeName(const QString& type)
{
    if (type == QLatin1String("number"))
        return ErrorText::tr("a number");
    if (type == QLatin1String("object"))
        return ErrorText::tr("an object");
    if (type == QLatin1String("array"))
        return ErrorText::tr("an array");
    if (type == QLatin1String("boolean"))
        return ErrorText::tr("true or false");
    return type;
}

} // namespace

QString ErrorText::duration(qint64 ms)
{
    const auto upToOneDecimal = [](double value) {
        const double rounded = std::round(value * 10) / 10;
        return QString::number(rounded, 'f', rounded == std::round(rounded) ? 0 : 1);
    };
    if (ms >= 3600 * 1000)
        return tr("%1 h").arg(upToOneDecimal(ms / 3600000.0));
    if (ms >= 60 * 1000)
        return tr("%1 min").arg(upToOneDecimal(ms / 60000.0));
    return tr("%1 s").arg(upToOneDecimal(ms / 1000.0));
}

QString ErrorText::serverWaitCut(qint64 askedMs, qint64 capMs)
{
    return tr("the server asked to wait %1; Reelwatch waits at most %2").arg(duration(askedMs), duration(capMs));
}

QString ErrorText::character(const QString& text)
{
    const QChar c = text.isEmpty() ? QChar() : text.front();
    if (c == QLatin1Char(' '))
        return tr("a space");
    if (c.category() == QChar::Other_Control || c.unicode() < 0x20 || c.unicode() == 0x7f)
        return tr("a control character (U+%1)")
            .arg(QString::number(c.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0')));
    if (c.isSpace())
        return tr("white space");
    return QStringLiteral("'%1'").arg(text);
}

QString ErrorText::partKept(qint64 bytes, const QString& partPath)
{
    if (bytes <= 0 || partPath.isEmpty())
        return QString();
    return tr("; the %1 MB received so far are kept in %2 and the next download resumes from there")
        .arg(QString::number(bytes / 1e6, 'f', 1), partPath);
}

QString ErrorText::describe(const ApiError& e)
{
    const QString http = QString::number(e.httpStatus);
    // The server's own words after ours, when it gave any.
    const auto withServer = [&e](const QString& text) {
        return e.serverMessage.isEmpty() ? text : QStringLiteral("%1: %2").arg(text, e.serverMessage);
    };
    // A body that is not what was asked for: the server's words in quotes, as an aside.
    const auto withQuoted = [&e](const QString& text) {
        return e.serverMessage.isEmpty() ? text : QStringLiteral("%1 (\"%2\")").arg(text, e.serverMessage);
    };
    // A local write that failed: what was being done, then why.
    const auto localFailure = [&e](const QString& action) {
        QString why = e.detail;
        if (e.kind == ErrorKind::DiskFull)
            why = tr("the disk is full");
        else if (e.kind == ErrorKind::PermissionDenied)
            why = tr("permission denied");
        return QStringLiteral("%1: %2").arg(action, why);
    };
    const QString asset = orVideo(e.object);

    switch (e.reason) {
    case ErrorReason::Legacy:
        return e.detail;
    case ErrorReason::KeyRejected:
        return withServer(tr("the server rejected the key (HTTP %1)").arg(http));
    case ErrorReason::TaskNotFound:
        return withServer(tr("no task with this ID on the server (HTTP %1)").arg(http));
    case ErrorReason::NotFoundInBody:
        return withServer(tr("no task with this ID on the server"));
    case ErrorReason::RateLimited: {
        const QString wait = e.retryAfterMs
            ? tr("; retry in %1 s").arg(QString::number(std::ceil(*e.retryAfterMs / 100.0) / 10.0))
            : QString();
        return withServer(tr("rate limited by the server (HTTP 429%1)").arg(wait));
    }
    case ErrorReason::ServerFailed:
        return withServer(tr("server error (HTTP %1)").arg(http));
    case ErrorReason::UnexpectedStatus:
        return withServer(tr("unexpected answer (HTTP %1)").arg(http));
    case ErrorReason::ReportedInBody:
        return withServer(tr("the server reported an error"));
    case ErrorReason::EmptyBody:
        return withQuoted(tr("the server sent an empty body"));
    case ErrorReason::HtmlBody:
        return withQuoted(tr("the server sent an HTML page instead of JSON"));
    case ErrorReason::InvalidJson:
        return withQuoted(tr("the body is not valid JSON (%1 at byte %2)").arg(e.detail, QString::number(e.amount)));
    case ErrorReason::InvalidUtf8:
        return withQuoted(tr("the body is not valid UTF-8 (at byte %1)").arg(QString::number(e.amount)));
    case ErrorReason::NestedTooDeep:
        return withQuoted(tr("the body nests JSON deeper than %1 levels").arg(QString::number(e.limit)));
    case ErrorReason::NotAnObject:
        return withQuoted(tr("the body is JSON but not an object"));
    case ErrorReason::NoTaskStatus:
        return withQuoted(tr("the body has no task status"));
    case ErrorReason::StatusNotText:
        return withQuoted(tr("the task status is %1, not a word").arg(jsonTypeName(e.subject)));
    case ErrorReason::NotAList:
        return tr("the answer is not a list");
    case ErrorReason::TooManyLookups:
        return tr("the provider asked for more than %1 requests for one status; stopped there").arg(e.limit);
    case ErrorReason::NoCompleteAnswer:
        return tr("timed out: no complete answer within %1 s").arg(QString::number(e.limit / 1000.0));
    case ErrorReason::BodyTooLarge:
        return tr("the answer is larger than %1 KiB; reading stopped there").arg(e.limit / 1024);
    case ErrorReason::TransportFailed:
        return tr("network error with %1: %2").arg(e.host, e.detail);
    case ErrorReason::InsecureUrl:
        return tr("refused to request %1://%2 (plain http is only for this machine)").arg(e.subject, e.host);
    case ErrorReason::RedirectWithoutLocation:
        return tr("the server redirected (HTTP %1) without a usable Location").arg(http);
    case ErrorReason::TooManyRedirects:
        return tr("more than %1 redirects").arg(e.limit);
    case ErrorReason::InsecureRedirect:
        return tr("refused a redirect to %1://%2 (plain http is only for this machine)").arg(e.subject, e.host);
    case ErrorReason::IdEmpty:
        return tr("the ID is empty");
    case ErrorReason::IdTooLong:
        return tr("the ID is %1 characters long; at most %2 are allowed")
            .arg(QString::number(e.amount), QString::number(e.limit));
    case ErrorReason::IdBadCharacter:
        return tr("the ID contains %1 at position %2; only letters, digits, '.', '_', ':' and '-' are allowed")
            .arg(character(e.subject), QString::number(e.amount));
    case ErrorReason::IdPathStep:
        return tr("the ID contains a '.' path step ('.' alone or '..')");
    case ErrorReason::IdNotForProvider:
        return tr("this is not a %1 task ID (%2)").arg(e.subject, e.detail);
    case ErrorReason::UnknownVariant:
        return tr("unknown content variant \"%1\" (video, thumbnail or spritesheet)").arg(e.subject);
    case ErrorReason::NoSuchAsset:
        return withServer(tr("the server has no %1 for this task (HTTP 400)").arg(asset));
    case ErrorReason::NoAssetRoute:
        return tr("%1 has no %2 for this task: it offers no route for it and the status gave no link")
            .arg(e.subject, asset);
    case ErrorReason::EmptyAsset:
        return withServer(tr("the server sent an empty %1 (HTTP %2)").arg(asset, http));
    case ErrorReason::DocumentInsteadOfAsset:
        return withServer(tr("the server sent %1 instead of the %2 (HTTP %3)")
                              .arg(e.detail.isEmpty() ? tr("a document") : e.detail, asset, http));
    case ErrorReason::AssetNotReady:
        return withServer(tr("the server has no %1 for %2 yet (HTTP 400)").arg(asset, orThisTask(e.subject)));
    case ErrorReason::AssetExpired:
        return withServer(tr("the %1 of %2 has expired and can no longer be downloaded (HTTP %3)")
                              .arg(asset, orThisTask(e.subject), http));
    case ErrorReason::LinkRefused:
        return tr("the download link for the %1 of %2 was refused by %3 (HTTP %4): it has expired; ask again for a "
                  "fresh link")
            .arg(asset, orThisTask(e.subject), e.host, http);
    case ErrorReason::AssetNotFound:
        return withServer(tr("%1 was not found (HTTP %2)").arg(orThisTask(e.subject), http));
    case ErrorReason::HostAnswered:
        return withServer(tr("%1 answered HTTP %2").arg(e.host, http));
    case ErrorReason::UnexpectedFromHost:
        return withServer(tr("unexpected answer from %1: HTTP %2").arg(e.host, http));
    case ErrorReason::UnexpectedAnswer:
        return withServer(tr("unexpected answer: HTTP %1").arg(http));
    case ErrorReason::TooManyPieces:
        return tr("the server sent the %1 in more than %2 pieces").arg(asset, QString::number(e.limit));
    case ErrorReason::PartialWhenWholeAsked:
        return tr("the server sent part of the %1 when all of it was asked for").arg(asset);
    case ErrorReason::StalledFor:
        // A trickle counts as a stall too (Downloader::kStallProgressBytes), so "no data" would be untrue.
        return tr("stalled: less than 1 KiB from %1 in %2 s").arg(e.host, QString::number(e.limit / 1000.0));
    case ErrorReason::ConnectionBroke:
        return tr("the connection to %1 broke after %2 MB: %3")
            .arg(e.host, QString::number(e.amount / 1e6, 'f', 1), e.detail);
    case ErrorReason::EndedShort:
        return tr("the %1 ended at %2 bytes but the server declared %3; the incomplete file was removed")
            .arg(asset, QString::number(e.amount), QString::number(e.limit));
    case ErrorReason::DownloadCancelled:
        return tr("the download was cancelled");
    case ErrorReason::CancelledBeforeStart:
        return tr("The download was cancelled before it started.");
    case ErrorReason::FolderMissing:
        return tr("cannot save to %1: the folder does not exist").arg(e.subject);
    case ErrorReason::NotAFolder:
        return tr("cannot save to %1: it is not a folder").arg(e.subject);
    case ErrorReason::CannotCreate:
        return localFailure(tr("cannot create %1").arg(e.subject));
    case ErrorReason::CannotWrite:
        return localFailure(tr("cannot write to %1").arg(e.subject.isEmpty() ? tr("the output") : e.subject));
    case ErrorReason::CannotRename:
        return localFailure(tr("cannot rename %1 to %2").arg(e.subject, e.object));
    case ErrorReason::CannotStartOver:
        return e.subject.isEmpty() ? tr("cannot start the output over")
                                   : localFailure(tr("cannot start %1 over").arg(e.subject));
    case ErrorReason::NoFreeName:
        return tr("no free file name for %1").arg(e.subject);
    case ErrorReason::NoFreeNameInFolder:
        return tr("no free file name in %1").arg(e.subject);
    case ErrorReason::None:
        break;
    }

    // Only the kind is known.
    switch (e.kind) {
    case ErrorKind::None:
        return QString();
    case ErrorKind::NotFound:
        return withServer(tr("not found"));
    case ErrorKind::Unauthorized:
        return withServer(tr("the key was rejected"));
    case ErrorKind::RateLimited:
        return withServer(tr("rate limited by the server"));
    case ErrorKind::ServerError:
        return withServer(tr("server error"));
    case ErrorKind::InvalidResponse:
        return withServer(tr("the server's answer could not be used"));
    case ErrorKind::TooLarge:
        return tr("the answer is too large");
    case ErrorKind::Timeout:
        return tr("timed out");
    case ErrorKind::Network:
        return e.detail.isEmpty() ? tr("network error") : tr("network error: %1").arg(e.detail);
    case ErrorKind::InvalidId:
        return tr("invalid ID");
    case ErrorKind::NotReady:
        return withServer(tr("not ready yet"));
    case ErrorKind::Expired:
        return withServer(tr("expired"));
    case ErrorKind::SizeMismatch:
        return tr("the file did not end at the size the server declared");
    case ErrorKind::DiskFull:
        return tr("the disk is full");
    case ErrorKind::PermissionDenied:
        return tr("permission denied");
    case ErrorKind::WriteFailed:
        return e.detail.isEmpty() ? tr("the file could not be written") : e.detail;
    case ErrorKind::Cancelled:
        return tr("cancelled");
    }
    return QString();
}

} // namespace Reelwatch

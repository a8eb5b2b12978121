#include "apierror.h"

#include "errortext.h"
#include "secretredactor.h"

namespace Reelwatch {

namespace {

struct KindName
{
    ErrorKind kind;
    const char* name;
};

constexpr KindName kKindNames[] = {
    {ErrorKind::NotFound, "not_found"},
    {ErrorKind::Unauthorized, "unauthorized"},
    {ErrorKind::RateLimited, "rate_limited"},
    {ErrorKind::ServerError, "server_error"},
    {ErrorKind::InvalidResponse, "invalid_response"},
    {ErrorKind::TooLarge, "too_large"},
    {ErrorKind::Timeout, "timeout"},
    {ErrorKind::Network, "network"},
    {ErrorKind::InvalidId, "invalid_id"},
    {ErrorKind::NotReady, "not_ready"},
    {ErrorKind::Expired, "expired"},
    {ErrorKind::SizeMismatch, "size_mismatch"},
    {ErrorKind::DiskFull, "disk_full"},
    {ErrorKind::PermissionDenied, "permission_denied"},
    {ErrorKind::WriteFailed, "write_failed"},
    {ErrorKind::Cancelled, "cancelled"},
};

struct ReasonName
{
    ErrorReason reason;
    const char* name;
};

// Stored in the task database: never rename an entry, only add.
constexpr ReasonName kReasonNames[] = {
    {ErrorReason::Legacy, "legacy"},
    {ErrorReason::KeyRejected, "key_rejected"},
    {ErrorReason::TaskNotFound, "task_not_found"},
    {ErrorReason::NotFoundInBody, "not_found_in_body"},
    {ErrorReason::RateLimited, "rate_limited"},
    {ErrorReason::ServerFailed, "server_failed"},
    {ErrorReason::UnexpectedStatus, "unexpected_status"},
    {ErrorReason::ReportedInBody, "reported_in_body"},
    {ErrorReason::EmptyBody, "empty_body"},
    {ErrorReason::HtmlBody, "html_body"},
    {ErrorReason::InvalidJson, "invalid_json"},
    {ErrorReason::NotAnObject, "not_an_object"},
    {ErrorReason::NoTaskStatus, "no_task_status"},
    {ErrorReason::NotAList, "not_a_list"},
    {ErrorReason::NoCompleteAnswer, "no_complete_answer"},
    {ErrorReason::BodyTooLarge, "body_too_large"},
    {ErrorReason::TransportFailed, "transport_failed"},
    {ErrorReason::InsecureUrl, "insecure_url"},
    {ErrorReason::RedirectWithoutLocation, "redirect_without_location"},
    {ErrorReason::TooManyRedirects, "too_many_redirects"},
    {ErrorReason::InsecureRedirect, "insecure_redirect"},
    {ErrorReason::IdEmpty, "id_empty"},
    {ErrorReason::IdTooLong, "id_too_long"},
    {ErrorReason::IdBadCharacter, "id_bad_character"},
    {ErrorReason::IdPathStep, "id_path_step"},
    {ErrorReason::UnknownVariant, "unknown_variant"},
    {ErrorReason::NoSuchAsset, "no_such_asset"},
    {ErrorReason::EmptyAsset, "empty_asset"},
    {ErrorReason::DocumentInsteadOfAsset, "document_instead_of_asset"},
    {ErrorReason::AssetNotReady, "asset_not_ready"},
    {ErrorReason::AssetExpired, "asset_expired"},
    {ErrorReason::LinkRefused, "link_refused"},
    {ErrorReason::AssetNotFound, "asset_not_found"},
    {ErrorReason::HostAnswered, "host_answered"},
    {ErrorReason::UnexpectedFromHost, "unexpected_from_host"},
    {ErrorReason::UnexpectedAnswer, "unexpected_answer"},
    {ErrorReason::TooManyPieces, "too_many_pieces"},
    {ErrorReason::PartialWhenWholeAsked, "partial_when_whole_asked"},
    {ErrorReason::StalledFor, "stalled"},
    {ErrorReason::ConnectionBroke, "connection_broke"},
    {ErrorReason::EndedShort, "ended_short"},
    {ErrorReason::DownloadCancelled, "download_cancelled"},
    {ErrorReason::CancelledBeforeStart, "cancelled_before_start"},
    {ErrorReason::FolderMissing, "folder_missing"},
    {ErrorReason::NotAFolder, "not_a_folder"},
    {ErrorReason::CannotCreate, "cannot_create"},
    {ErrorReason::CannotWrite, "cannot_write"},
    {ErrorReason::CannotRename, "cannot_rename"},
    {ErrorReason::CannotStartOver, "cannot_start_over"},
    {ErrorReason::NoFreeName, "no_free_name"},
    {ErrorReason::NoFreeNameInFolder, "no_free_name_in_folder"},
};

struct TransportName
{
    TransportFailure transport;
    const char* name;
};

constexpr TransportName kTransportNames[] = {
    {TransportFailure::Refused, "refused"}, {TransportFailure::HostNotFound, "host_not_found"},
    {TransportFailure::Closed, "closed"},   {TransportFailure::TimedOut, "timed_out"},
    {TransportFailure::Tls, "tls"},         {TransportFailure::Cancelled, "cancelled"},
    {TransportFailure::Other, "other"},
};

} // namespace

QString errorKindName(ErrorKind kind)
{
    for (const KindName& entry : kKindNames) {
        if (entry.kind == kind)
            return QString::fromLatin1(entry.name);
    }
    return QString();
}

ErrorKind errorKindFromName(const QString& name)
{
    for (const KindName& entry : kKindNames) {
        if (!name.isEmpty() && name == QLatin1String(entry.name))
            return entry.kind;
    }
    return ErrorKind::None;
}

QString errorReasonName(ErrorReason reason)
{
    for (const ReasonName& entry : kReasonNames) {
        if (entry.reason == reason)
            return QString::fromLatin1(entry.name);
    }
    return QString();
}

ErrorReason errorReasonFromName(const QString& name)
{
    for (const ReasonName& entry : kReasonNames) {
        if (!name.isEmpty() && name == QLatin1String(entry.name))
            return entry.reason;
    }
    return ErrorReason::None;
}

namespace {

QString transportName(TransportFailure transport)
{
    for (const TransportName& entry : kTransportNames) {
        if (entry.transport == transport)
            return QString::fromLatin1(entry.name);
    }
    return QString();
}

TransportFailure transportFromName(const QString& name)
{
    for (const TransportName& entry : kTransportNames) {
        if (!name.isEmpty() && name == QLatin1String(entry.name))
            return entry.transport;
    }
    return TransportFailure::None;
}

} // namespace

QString ApiError::message() const
{
    return ErrorText::describe(*this);
}

ApiError ApiError::redacted(const QByteArray& secret) const
{
    ApiError clean = *this;
    for (QString* text : {&clean.serverMessage, &clean.host, &clean.subject, &clean.object, &clean.detail})
        *text = SecretRedactor::redact(*text, secret);
    return clean;
}

bool ApiError::operator==(const ApiError& other) const
{
    return kind == other.kind && reason == other.reason && httpStatus == other.httpStatus
        && serverMessage == other.serverMessage && transport == other.transport && host == other.host
        && subject == other.subject && object == other.object && detail == other.detail && amount == other.amount
        && limit == other.limit && retryAfterMs == other.retryAfterMs;
}

QJsonObject ApiError::toJson() const
{
    QJsonObject json;
    if (!isError())
        return json;
    json.insert(QStringLiteral("kind"), errorKindName(kind));
    const auto put = [&json](const char* key, const QString& value) {
        if (!value.isEmpty())
            json.insert(QLatin1String(key), value);
    };
    put("reason", errorReasonName(reason));
    put("server", serverMessage);
    put("transport", transportName(transport));
    put("host", host);
    put("subject", subject);
    put("object", object);
    put("detail", detail);
    if (httpStatus)
        json.insert(QStringLiteral("http"), httpStatus);
    if (amount >= 0)
        json.insert(QStringLiteral("amount"), double(amount));
    if (limit >= 0)
        json.insert(QStringLiteral("limit"), double(limit));
    if (retryAfterMs)
        json.insert(QStringLiteral("retry_after_ms"), double(*retryAfterMs));
    return json;
}

QJsonObject ApiError::toJsonWithMessage() const
{
    QJsonObject json = toJson();
    if (isError())
        json.insert(QStringLiteral("message"), message());
    return json;
}

ApiError ApiError::fromJson(const QJsonObject& json)
{
    ApiError error;
    error.kind = errorKindFromName(json.value(QLatin1String("kind")).toString());
    if (!error.isError())
        return error;
    error.reason = errorReasonFromName(json.value(QLatin1String("reason")).toString());
    error.serverMessage = json.value(QLatin1String("server")).toString();
    error.transport = transportFromName(json.value(QLatin1String("transport")).toString());
    error.host = json.value(QLatin1String("host")).toString();
    error.subject = json.value(QLatin1String("subject")).toString();
    error.object = json.value(QLatin1String("object")).toString();
    error.detail = json.value(QLatin1String("detail")).toString();
    error.httpStatus = json.value(QLatin1String("http")).toInt();
    error.amount = static_cast<qint64>(json.value(QLatin1String("amount")).toDouble(-1));
    error.limit = static_cast<qint64>(json.value(QLatin1String("limit")).toDouble(-1));
    if (json.contains(QLatin1String("retry_after_ms")))
        error.retryAfterMs = static_cast<qint64>(json.value(QLatin1String("retry_after_ms")).toDouble());
    return error;
}

ApiError ApiError::legacy(ErrorKind kind, const QString& message)
{
    ApiError error;
    error.kind = kind;
    error.reason = ErrorReason::Legacy;
    error.detail = message;
    return error;
}

ApiError ApiError::of(ErrorKind kind, ErrorReason reason, int httpStatus, const QString& serverMessage)
{
    ApiError error;
    error.kind = kind;
    error.reason = reason;
    error.httpStatus = httpStatus;
    error.serverMessage = serverMessage;
    return error;
}

} // namespace Reelwatch

#include "apierror.h"

#include "errortext.h"
#include "secretredactor.h"

namespace Reelwatch {

namespace {

// A value with its stable name, and the two ways to look it up.
template <typename Value> struct Named
{
    Value value;
    const char* name;
};

template <typename Value, size_t N> QString nameOf(const Named<Value> (&table)[N], Value value)
{
    for (const Named<Value>& entry : table) {
        if (entry.value == value)
            return QString::fromLatin1(entry.name);
    }
    return QString();
}

template <typename Value, size_t N> Value valueNamed(const Named<Value> (&table)[N], const QString& name, Value none)
{
    for (const Named<Value>& entry : table) {
        if (!name.isEmpty() && name == QLatin1String(entry.name))
            return entry.value;
    }
    return none;
}

constexpr Named<ErrorKind> kKindNames[] = {
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

// Stored in the task database: never rename an entry, only add.
constexpr Named<ErrorReason> kReasonNames[] = {
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
    {ErrorReason::TooManyLookups, "too_many_lookups"},
    {ErrorReason::IdNotForProvider, "id_not_for_provider"},
    {ErrorReason::NoAssetRoute, "no_asset_route"},
    {ErrorReason::InvalidUtf8, "invalid_utf8"},
    {ErrorReason::NestedTooDeep, "nested_too_deep"},
    {ErrorReason::StatusNotText, "status_not_text"},
};

constexpr Named<TransportFailure> kTransportNames[] = {
    {TransportFailure::Refused, "refused"}, {TransportFailure::HostNotFound, "host_not_found"},
    {TransportFailure::Closed, "closed"},   {TransportFailure::TimedOut, "timed_out"},
    {TransportFailure::Tls, "tls"},         {TransportFailure::Cancelled, "cancelled"},
    {TransportFailure::Other, "other"},
};

} // namespace

QString errorKindName(ErrorKind kind)
{
    return nameOf(kKindNames, kind);
}

ErrorKind errorKindFromName(const QString& name)
{
    return valueNamed(kKindNames, name, ErrorKind::None);
}

QString errorReasonName(ErrorReason reason)
{
    return nameOf(kReasonNames, reason);
}

ErrorReason errorReasonFromName(const QString& name)
{
    return valueNamed(kReasonNames, name, ErrorReason::None);
}

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
    put("transport", nameOf(kTransportNames, transport));
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
    error.transport
        = valueNamed(kTransportNames, json.value(QLatin1String("transport")).toString(), TransportFailure::None);
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

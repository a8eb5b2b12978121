#pragma once

#include <optional>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace Reelwatch {

// What went wrong, at the grain a person or a script acts on: status requests, asset fetches and
// downloads share these kinds (and the names `--json` output prints).
enum class ErrorKind
{
    None,
    NotFound,
    Unauthorized,
    RateLimited,
    ServerError,
    InvalidResponse,
    TooLarge,
    Timeout,
    Network,
    InvalidId,
    // Downloads.
    NotReady, // the API has no such asset (yet)
    Expired, // the asset or its signed link is gone
    SizeMismatch, // the file did not end at the size the server declared
    DiskFull,
    PermissionDenied,
    WriteFailed, // any other local write problem (the folder is missing, a path part is a file, …)
    Cancelled,
};

// "not_found", "unauthorized", … as printed by `--json` output; "" for None.
QString errorKindName(ErrorKind kind);
// The reverse, for names read back from storage; None for anything unknown.
ErrorKind errorKindFromName(const QString& name);

// Why, more precisely than the kind: what ErrorText words, with the fields of ApiError it names.
enum class ErrorReason
{
    None, // only the kind is known
    Legacy, // text stored by an older Reelwatch, in `detail`: shown as it is
    // HTTP answers of the API (httpStatus; the server's words follow).
    KeyRejected,
    TaskNotFound,
    NotFoundInBody, // a 2xx or an envelope that says "not found" (no HTTP status in the words)
    RateLimited, // retryAfterMs when the server said
    ServerFailed,
    UnexpectedStatus,
    ReportedInBody, // an envelope with a failure code
    // A 2xx body that is not a task (the server's words, when any, in quotes after).
    EmptyBody,
    HtmlBody,
    InvalidJson, // detail: the parser's words, amount: the byte offset
    InvalidUtf8, // a string in the JSON is not UTF-8; amount: the byte offset
    NestedTooDeep, // limit: the levels the JSON parser takes
    NotAnObject,
    NoTaskStatus,
    StatusNotText, // subject: the JSON type the status has ("number", "object", "array", "boolean")
    NotAList,
    TooManyLookups, // a provider's reading asked for more follow-up requests than `limit` allows
    // Limits of a request.
    NoCompleteAnswer, // limit: the deadline in ms
    BodyTooLarge, // limit: the cap in bytes
    // The road (host, detail: Qt's words, transport).
    TransportFailed,
    // Addresses and redirects.
    InsecureUrl, // subject: the scheme, host
    RedirectWithoutLocation,
    TooManyRedirects, // limit
    InsecureRedirect, // subject: the scheme, host
    // Refused before sending.
    IdEmpty,
    IdTooLong, // amount: its length, limit
    IdBadCharacter, // subject: the character, amount: its position (1-based)
    IdPathStep,
    IdNotForProvider, // subject: the provider's name, detail: what its IDs look like
    UnknownVariant, // subject: the variant
    // Assets of a task (object: "video", "thumbnail", "spritesheet"; subject: the task ID).
    NoSuchAsset,
    NoAssetRoute, // subject: the provider's name: it has no route for the asset and gave no link
    EmptyAsset,
    DocumentInsteadOfAsset, // detail: the content type
    AssetNotReady,
    AssetExpired,
    LinkRefused, // host
    AssetNotFound,
    HostAnswered, // host; a CDN's 429 or 5xx
    UnexpectedFromHost, // host
    UnexpectedAnswer,
    TooManyPieces, // limit
    PartialWhenWholeAsked,
    StalledFor, // host, limit: the stall timeout in ms
    ConnectionBroke, // host, amount: bytes received, detail: Qt's words
    EndedShort, // amount: bytes received, limit: bytes declared
    // The local side of a download (subject: a path; detail: the system's words).
    DownloadCancelled,
    CancelledBeforeStart,
    FolderMissing,
    NotAFolder,
    CannotCreate,
    CannotWrite, // subject empty: the output stream
    CannotRename, // object: the new name
    CannotStartOver, // subject empty: the output stream
    NoFreeName,
    NoFreeNameInFolder,
};

// How a connection failed, for the words that help ("nothing is listening there", "does the server
// speak https?") without reading Qt's sentences.
enum class TransportFailure
{
    None,
    Refused,
    HostNotFound,
    Closed, // the other side hung up
    TimedOut,
    Tls,
    Cancelled,
    Other,
};

// A structured error that travels unchanged from where it happened to where it is shown: the kind,
// the precise reason, the HTTP status, the server's own message and the transport's words, plus the
// few facts the reason names. The edge words it (ErrorText): the window through tr(), the command
// line in English. Every string in it has been through SecretRedactor before it leaves the client.
struct ApiError
{
    ErrorKind kind = ErrorKind::None;
    ErrorReason reason = ErrorReason::None;
    int httpStatus = 0; // 0 when no HTTP answer arrived
    QString serverMessage; // the server's own words, one line
    TransportFailure transport = TransportFailure::None;
    QString host; // the host that failed or answered
    QString subject; // what the reason is about (a task ID, a path, a scheme, a character)
    QString object; // a second thing it names (an asset, a new file name)
    QString detail; // words of Qt, the system or the JSON parser
    qint64 amount = -1;
    qint64 limit = -1;
    std::optional<qint64> retryAfterMs;

    bool isError() const { return kind != ErrorKind::None; }
    // ErrorText::describe(*this): for people, in the language of the running program.
    QString message() const;
    // Every string with the secret's traces taken out.
    ApiError redacted(const QByteArray& secret) const;

    bool operator==(const ApiError& other) const;
    bool operator!=(const ApiError& other) const { return !(*this == other); }

    // The stored form (the task database): every field that is set, with stable names.
    QJsonObject toJson() const;
    // The same with the words under "message", for people and scripts (`--json` output, exports).
    QJsonObject toJsonWithMessage() const;
    static ApiError fromJson(const QJsonObject& object);
    // A message stored before errors had structure.
    static ApiError legacy(ErrorKind kind, const QString& message);

    // The common shapes.
    static ApiError of(ErrorKind kind, ErrorReason reason, int httpStatus = 0, const QString& serverMessage = {});
};

QString errorReasonName(ErrorReason reason);
ErrorReason errorReasonFromName(const QString& name);

} // namespace Reelwatch

Q_DECLARE_METATYPE(Reelwatch::ApiError)

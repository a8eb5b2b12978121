#pragma once

#include "core/apierror.h"
#include "core/jsonpointer.h"
#include "core/provider.h"
#include "core/taskstatus.h"

#include <optional>
#include <QHash>
#include <QList>
#include <QPair>
#include <QRegularExpression>
#include <QString>
#include <QUrl>

namespace Reelwatch {

// Where a value may be found in an answer: JSON Pointers, tried in order; the first that names a
// value (not null, not an empty string) wins.
struct FieldPaths
{
    QList<JsonPointer> pointers;

    bool isEmpty() const { return pointers.isEmpty(); }
    QJsonValue firstIn(const QJsonValue& root) const;
    // The same places seen from inside `prefix` (a list item that is the task object at `prefix` of a
    // status answer); the places outside it are dropped.
    FieldPaths inside(const JsonPointer& prefix) const;
};

// One provider as a provider file (or a built-in resource) describes it: every fact a request and a
// reading need, checked once when the file is read. The format is documented in docs/PROVIDERS.md.
struct ProviderDescription
{
    QString id;
    QString name;
    QUrl publicBaseUrl; // empty: the user's own address
    QString keyHint; // what the secret is, for people

    // The status route: a path under the base URL, and query items; "{id}" stands for the task ID.
    QString statusPath;
    QList<QPair<QString, QString>> statusQuery;
    // The credential: one header whose value is `authPrefix` + secret + `authSuffix`.
    QByteArray authHeader;
    QByteArray authPrefix;
    QByteArray authSuffix;
    // Further headers; a value of "{uuid}" is a new UUID for every request.
    QList<QPair<QByteArray, QByteArray>> headers;

    // The task ID grammar, beyond TaskId's: a pattern the whole ID must match, a hint for people,
    // and whether '/' may stand in it (as steps of the route: Gemini's operation names).
    std::optional<QRegularExpression> idPattern;
    QString idHint;
    QString idExample; // an ID of the provider's grammar that names no task (Provider::exampleTaskId)
    bool idSlashes = false;

    // How a status answer reads.
    struct Fields
    {
        FieldPaths id, status, progress, url, thumbnail, error, errorCode, createdAt, completedAt, expiresAt, model,
            prompt, size, seconds, queuePosition;
    } fields;
    double progressScale = 100; // the value that means "done": 1 (a fraction) or 100 (a percentage)
    FieldPaths progressLog; // a log whose last "NN%|" line is the progress (Replicate)
    // The provider's words (JSON text for numbers and booleans) → canonical; a word not named here
    // is UNKNOWN. Empty: the generic vocabulary (normaliseStatus).
    QHash<QString, TaskStatus> statuses;
    QString statusWhenMissing; // the word assumed when the status field is absent (Gemini's "done")
    QHash<QString, QString> statusMessages; // the failure text for a word, when the answer gives none
    bool errorMeansFailure = false; // an error field in an answer makes it a failure, whatever the status
    std::optional<qint64> linkLifetimeSeconds;
    std::optional<int> zonelessTimeOffsetSeconds; // zone-less times are in this zone, not UTC
    QList<JsonPointer> details; // the provider's own fields the details pane shows

    // A 2xx answer that reports failure in its body: a code outside `envelopeOk`.
    FieldPaths envelopeCode;
    QStringList envelopeOk;
    FieldPaths envelopeMessage;
    // How an error answer (any status) reads, and what its codes mean.
    FieldPaths errorAnswerCode;
    FieldPaths errorAnswerMessage;
    QHash<QString, ErrorKind> errorCodes;
    // Envelope codes that mean the render itself failed (MiniMax's 1026, "input sensitive"): the answer
    // is then the task, failed, with the envelope's words.
    QStringList failureCodes;

    // The list route, where there is one.
    struct List
    {
        enum class Paging
        {
            Offset, // the cursor is how many items to skip
            Page, // the cursor is a page number, from `firstPage`
            NextUrl, // the answer's next link carries the cursor in `cursorParameter`
            Token, // the answer names the next page's token
        };
        QString path;
        QList<QPair<QString, QString>>
            query; // "{limit}", "{cursor}"; an item of "{cursor}" alone is left out on the first page
        JsonPointer items;
        JsonPointer itemPrefix; // where a status answer keeps the task object a list item is
        Paging paging = Paging::Offset;
        FieldPaths next;
        FieldPaths hasMore;
        QString cursorParameter;
        int firstPage = 1;
    };
    std::optional<List> list;
};

} // namespace Reelwatch

#pragma once

#include "fetchresult.h"
#include "taskid.h"

#include <memory>
#include <optional>
#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace Reelwatch {

class ApiEndpoint;
struct HttpAnswer;
struct ListResult;

// One header of a request a provider wants sent. Every provider header goes to the provider's own
// origin only, never to a CDN a redirect leads to.
struct ProviderHeader
{
    QByteArray name;
    QByteArray value;
    // The value is made from the secret: never shown, never logged; the curl line names the environment
    // variable instead (`secretPrefix` + $VARIABLE + `secretSuffix`), or cannot be written at all when the
    // value is computed from the secret (a signed token).
    bool carriesSecret = false;
    QByteArray secretPrefix;
    QByteArray secretSuffix;
    bool computedFromSecret = false;
    // A new value for every request (PixVerse's trace ID): the curl line asks the shell for one.
    bool freshPerRequest = false;
};

// A GET a provider wants sent.
struct ProviderRequest
{
    QUrl url;
    QList<ProviderHeader> headers;
    qint64 maxBodyBytes = 1024 * 1024;
    QByteArray accept = QByteArrayLiteral("application/json");

    // The headers as they go on the wire.
    QList<QPair<QByteArray, QByteArray>> wireHeaders() const;
};

// What a provider can do, as the window and the poller need to know it.
struct ProviderCapabilities
{
    bool listRoute = false; // a route that lists the account's tasks (batch refresh)
    bool realProgress = false; // progress that moves with the render; otherwise shown as indeterminate
    bool thumbnail = false; // the status carries a poster of the result
    bool contentRoute = false; // OpenAI's /content?variant= route serves the assets
    std::optional<qint64> linkLifetimeSeconds; // how long a result link lives, where the provider says
};

// One step of reading a task's status: the answer gives the result, or names one more request to send
// (MiniMax's file lookup, fal's result call) with what was learnt so far carried along.
struct ProviderReading
{
    FetchResult result;
    std::optional<ProviderRequest> next;
    QByteArray carry; // opaque to everyone but the provider; handed back with the next answer
};

// Which route of a provider a request is, for the demo server and for people.
struct ProviderRoute
{
    enum class Kind
    {
        Status,
        FollowUp, // the second request of a two-step lookup
        List,
    };
    Kind kind = Kind::Status;
    QString pathTemplate; // "/v1/tasks/{id}"; "{id}" may also stand in `idQueryKey`
    QString idQueryKey; // MiniMax: ?task_id={id}
};

// One video API: how to ask it for a task (route, credential rule, headers), how to read its answer
// (field paths, status words, envelopes, two-step lookups), what it can do. Pure logic: no I/O, no
// clock of its own (time comes in), so every provider is tested against fixtures without a network.
// Built-in providers and provider files are in app/providers; the fallback that speaks the OpenAI
// shape (and every gateway shape VideoTaskParser knows) is GenericProvider, here in core.
class Provider
{
public:
    virtual ~Provider() = default;

    // Stable, part of the interface: stored in profiles, given to --provider.
    virtual QString id() const = 0;
    virtual QString name() const = 0;
    // Where the public service lives; empty when there is none (a gateway's address is the user's).
    virtual QUrl publicBaseUrl() const { return QUrl(); }
    virtual ProviderCapabilities capabilities() const = 0;
    // What the secret is, for people: "the API key", "ACCESS_KEY:SECRET_KEY".
    virtual QString credentialHint() const;

    // The provider's ID grammar: TaskId::validate, narrowed or widened by the provider (Gemini
    // operation names contain '/', PixVerse IDs are digits). An invalid ID is never sent.
    virtual TaskIdCheck checkId(const QString& candidate) const;
    // An ID that passes checkId() and names no task: what "Test connection" asks about when the profile
    // has no task yet (a "not found" answer proves the route and the key).
    virtual QString exampleTaskId() const { return QStringLiteral("video_reelwatch_connection_test"); }

    // The first request for a task's status. `taskId` has passed checkId().
    virtual ProviderRequest statusRequest(const ApiEndpoint& endpoint, const QString& taskId,
                                          const QByteArray& secret) const = 0;
    // Reads an answer to statusRequest() (empty `carry`) or to a follow-up the reading asked for.
    virtual ProviderReading readStatus(const ApiEndpoint& endpoint, const QString& taskId, const HttpAnswer& answer,
                                       const QByteArray& carry, const QByteArray& secret,
                                       const QDateTime& now) const = 0;

    // A page of the account's newest tasks; nullopt where the provider has no list route.
    virtual std::optional<ProviderRequest> listRequest(const ApiEndpoint& endpoint, int limit, const QString& cursor,
                                                       const QByteArray& secret) const;
    virtual ListResult readList(const ApiEndpoint& endpoint, const HttpAnswer& answer, int limit, const QString& cursor,
                                const QDateTime& now) const;

    // An asset of a succeeded task from a route of the provider's own ("video", "thumbnail",
    // "spritesheet"); nullopt when the provider has none (the result link is then the way).
    virtual std::optional<ProviderRequest> contentRequest(const ApiEndpoint& endpoint, const QString& taskId,
                                                          const QString& variant, const QByteArray& secret) const;

    // Its routes, for people (the settings, `reelwatch providers`).
    virtual QList<ProviderRoute> routes(const ApiEndpoint& endpoint) const = 0;

    // The provider's own fields of a stored answer, for the details pane: (its name for the field,
    // the value as text), in the provider's order. None by default.
    virtual QList<QPair<QString, QString>> detailFields(const QByteArray& rawJson) const;

    // "GET https://host/v1/tasks/{id} with Authorization: Bearer <key>, X-Runway-Version: 2024-11-06":
    // what Reelwatch will send, never the key.
    QString describeStatusRequest(const ApiEndpoint& endpoint) const;

protected:
    // The URL of `endpoint`'s base with this path (already percent-encoded) appended.
    static QUrl urlFor(const ApiEndpoint& endpoint, const QString& encodedPath);
};

} // namespace Reelwatch

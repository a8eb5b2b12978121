#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <QElapsedTimer>
#include <QHash>
#include <QHttpServer>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

class QHttpServerRequest;
class QHttpServerResponder;

namespace Reelwatch {

class DemoCdn;
class DemoNativeApis;
struct DemoTaskView;

// The response shapes the simulator can speak.
enum class DemoFlavour
{
    Seed, // new-api style bare object, uppercase statuses, 404 with an OpenAI error body
    OpenAI, // lowercase statuses, progress, completed_at/expires_at, the list route
    Envelope, // {"code":"success","data":{…}}, "30%" progress, ms times, 400 task_not_exist
};

QString demoFlavourName(DemoFlavour flavour);
std::optional<DemoFlavour> demoFlavourFromName(const QString& name);

// A simulated render: SUBMITTED at once, QUEUED, IN_PROGRESS with rising progress, then SUCCESS or
// FAILURE, at the given offsets from when it was added.
struct DemoTaskPlan
{
    QString id;
    QString model = QStringLiteral("sora-2");
    QString prompt;
    QString size = QStringLiteral("720x1280");
    int seconds = 8;
    qint64 queuedAfterMs = 500;
    qint64 startsAfterMs = 1500;
    qint64 finishesAfterMs = 8000;
    bool fails = false;
    QString failureCode = QStringLiteral("moderation_blocked");
    QString failureMessage = QStringLiteral("The prompt was blocked by the content policy.");
    qint64 contentBytes = 0; // size of the video asset; 0: kDefaultContentBytes
    // The video is a clip a player can play (DemoPictures::Clip) instead of contentBytes of noise.
    bool playableClip = false;
    // Its creation time is this long before it was added (a render started days ago).
    qint64 createdSecondsAgo = 0;
};

// A fault the simulator can answer with instead of the task.
enum class DemoFault
{
    None,
    NotFound,
    Unauthorized,
    RateLimited, // 429 + Retry-After in seconds
    RateLimitedMs, // 429 + retry-after-ms
    RateLimitedDate, // 429 + Retry-After as an HTTP date
    RateLimitedDay, // 429 + Retry-After: 86400, far beyond what a client should wait
    RateLimitedZero, // 429 + Retry-After: 0, as 429 storms send it
    RateLimitedPast, // 429 + Retry-After as an HTTP date an hour ago
    InternalError, // 500 with an OpenAI error body
    BadGateway, // 502 with a proxy's HTML page
    Unavailable, // 503 + Retry-After
    Html, // 200 with an HTML login page
    Truncated, // 200 with JSON cut short
    Oversized, // 200 with a body far above any sane status size
    InvalidUtf8, // 200 with a task whose prompt is not UTF-8
    StatusNumber, // 200 with a task whose status is a number (42)
    StatusObject, // 200 with a task whose status is an object
    TooDeep, // 200 with a task nesting arrays far deeper than a JSON parser goes
    Slow, // the right answer, after slowResponseMs()
    Drop, // headers and part of the body, then the connection is closed
    Redirect, // 302 to the same origin
    RedirectCrossOrigin, // 302 to another origin (localhost instead of 127.0.0.1)
    RedirectLoop, // 302 to the very URL asked for, for ever
    // 302 to the same place as Redirect, with a gzip bomb for a body (bombBytes() decoded) sent a
    // little at a time over ten seconds: a client that reads a redirect's body before following it
    // waits for all of it and decodes all of it.
    RedirectBomb,
    // 200 with a failed task (or, on the list route, a page of them; on a native API, the task in that
    // API's shape) whose prompt, result link, error, model and a nested field repeat the credential
    // the request carried, also masked and written as JSON escapes, as a careless server echoes it. The
    // status route first redirects, on the same origin, to a link with the credential in its query.
    EchoCredential,
    // 200 with a failed task whose prompt, model, link and error carry terminal control sequences (ANSI
    // colours and line erasing, an OSC window title, backspaces, carriage returns, a C1 CSI) and a bidi
    // override, as a hostile or broken server might send them.
    ControlCharacters,
    GzipBomb, // 200 with a gzip body of a few MB that expands to bombBytes() (a task whose prompt never ends)
    DeflateBomb, // the same as "Content-Encoding: deflate"
    HeaderFlood, // a status line, then header lines without end, as fast as the client takes them
    Trickle, // the status says succeeded; the content comes one byte every trickleIntervalMs()
};

// What the simulator saw of one request, for tests that check what a client sent.
struct DemoRequest
{
    QByteArray method;
    QByteArray host;
    QString path;
    QByteArray authorization;
    QByteArray token;
    QByteArray userAgent;
    QList<QPair<QByteArray, QByteArray>> headers; // every header, as sent
};

// A loopback simulator of OpenAI/Sora-compatible video APIs: the seed routes in both auth modes,
// the list and content routes, a configurable lifecycle per task, three response flavours and
// scripted faults. Under "/<provider id>/…" it also speaks every native API Reelwatch knows
// (DemoNativeApis: Runway, Luma, MiniMax, Kling, Gemini, PixVerse, …), each with its own routes,
// credential rule and bodies, over the same tasks and faults; nativeBaseUrl() is such a server's root.
// Used by `reelwatch --demo`, `reelwatch demo-server` and the tests.
//
// Task IDs of the form fault_<name> always answer with that fault (see faultFromTaskId()), so a
// child process can be pointed at any fault without a control channel.
class DemoServer : public QObject
{
    Q_OBJECT

public:
    static constexpr const char* kRedirectTargetId = "demo_redirect_target";
    static constexpr qint64 kDefaultContentBytes = 256 * 1024;

    explicit DemoServer(QObject* parent = nullptr);
    ~DemoServer() override;

    // Listens on 127.0.0.1 only. Port 0 picks a free one. The CDN gets a free port of its own.
    bool listen(quint16 port = 0);
    quint16 port() const { return m_port; }
    QUrl baseUrl() const;
    // The root of one native API's simulation ("http://127.0.0.1:port/runway"); fal's includes an app
    // ("…/fal/fal-ai/demo-video"), as fal's base URLs do.
    QUrl nativeBaseUrl(const QString& providerId) const;

    void setFlavour(DemoFlavour flavour) { m_flavour = flavour; }
    DemoFlavour flavour() const { return m_flavour; }
    // Empty: any credential (or none) is accepted, as `--demo` needs.
    void setRequiredSecret(const QByteArray& secret) { m_requiredSecret = secret; }
    void setListSupported(bool supported) { m_listSupported = supported; }
    // Answer the list route with 403, as gateways that forbid only listing do.
    void setListForbidden(bool forbidden) { m_listForbidden = forbidden; }
    // The next answers of the list route, one fault each, before it answers normally again.
    void scriptListFaults(const QList<DemoFault>& faults) { m_listFaults += faults; }
    // While someone reads the list of tasks (following the account, or refreshing in batches), a
    // new render starts every `intervalMs` (0: never), as if from a web page or a script.
    void setSpawnWhileListed(qint64 intervalMs);
    QStringList spawnedTaskIds() const { return m_spawned; }
    void setSlowResponseMs(int ms) { m_slowResponseMs = ms; }
    void setOversizedBytes(qint64 bytes) { m_oversizedBytes = bytes; }
    // What the compression bombs expand to (default 512 MiB).
    void setBombBytes(qint64 bytes) { m_bombBytes = bytes; }
    qint64 bombBytes() const { return m_bombBytes; }
    // How long the trickling content waits between two bytes (default 1 s), and how long it is.
    void setTrickleIntervalMs(int ms) { m_trickleIntervalMs = ms; }
    static constexpr qint64 kTrickleBytes = 64 * 1024;

    void addTask(const DemoTaskPlan& plan);
    // Six renders that reach every status within 20 seconds, one of them failing.
    QStringList addSampleTasks();
    // Renders on native APIs, for `--demo`'s profiles of those providers: provider id → task IDs as a
    // user would paste them.
    QList<QPair<QString, QStringList>> addNativeSampleTasks();
    QStringList taskIds() const;
    // The next requests for this task answer with these faults, in order, then normally again.
    void scriptFaults(const QString& taskId, const QList<DemoFault>& faults);

    // The next status answers for this task report these seed statuses ("QUEUED", "SUCCESS", …) in
    // order, whatever its lifecycle says; then the lifecycle rules again.
    void scriptStatuses(const QString& taskId, const QStringList& seedStatuses);

    static DemoFault faultFromTaskId(const QString& taskId);

    // On: the content route answers 302 with a signed link to the CDN (another origin), as OpenAI
    // and most gateways do; off (the default): it sends the bytes itself.
    void setContentViaCdn(bool viaCdn) { m_contentViaCdn = viaCdn; }
    // On: the OpenAI shape's finished renders carry a signed link to their video on the CDN
    // (metadata.url, as gateways such as new-api add), a link a browser opens without the key. Off
    // (the default): as OpenAI, only the content route has the video.
    void setResultLinks(bool links) { m_resultLinks = links; }
    DemoCdn* cdn() const { return m_cdn; }
    // The deterministic bytes of a video that is not a playable clip, any slice of them.
    static QByteArray contentSlice(const QString& taskId, const QString& variant, qint64 offset, qint64 length);
    // The size of a task's video, or -1 for an unknown task or variant.
    qint64 contentSize(const QString& taskId, const QString& variant) const;
    // Any slice of a task's video as both routes serve it: its clip, or contentSlice().
    QByteArray videoSlice(const QString& taskId, const QString& variant, qint64 offset, qint64 length) const;
    // "video/x-msvideo" for a playable clip, else "video/mp4".
    QByteArray videoContentType(const QString& taskId) const;
    // A task's poster ("thumbnail") or spritesheet as the server sends it: a PNG of its scene, so the
    // pictures a client shows are real and differ per task; nullopt for an unknown task or variant.
    std::optional<QByteArray> picture(const QString& taskId, const QString& variant) const;

    int requestCount() const { return m_requestCount; }
    // Requests for one path, e.g. "/v1/videos/video_abc" (counted even when the recent list is full).
    int requestCountFor(const QString& path) const { return m_requestsPerPath.value(path); }
    int connectionCount() const { return m_connectionCount; }
    // The most recent requests (bounded, oldest dropped first).
    QList<DemoRequest> recentRequests() const { return QList<DemoRequest>(m_recent.begin(), m_recent.end()); }
    void clearRecentRequests() { m_recent.clear(); }

signals:
    void requestServed(const QString& path, int httpStatus);

private:
    struct Task
    {
        DemoTaskPlan plan;
        qint64 addedAtMs = 0; // on m_clock
        qint64 createdAtUnix = 0;
        int rowNumber = 0;
    };
    enum class Route
    {
        Status,
        Content,
        List,
    };

    void registerRoutes();
    void handleNative(const QHttpServerRequest& request, QHttpServerResponder&& responder);
    // The fault this request answers with: the next scripted one for the task, else its fault_ name's.
    DemoFault nextFault(const QString& taskId);
    // The next scripted status word for the task (taken off the script); empty when none is scripted.
    QString nextScriptedStatus(const QString& taskId);
    DemoTaskView nativeView(const Task& task, const QString& forcedStatus = QString()) const;
    void handle(Route route, bool tokenAuth, const QString& taskId, const QHttpServerRequest& request,
                QHttpServerResponder&& responder);
    bool authorised(bool tokenAuth, const QHttpServerRequest& request) const;
    void record(const QHttpServerRequest& request);
    // `redirectSuffix` follows the target's path in a redirect's Location, so a content request is
    // redirected to content ("/content?variant=…") and a status request to a status.
    void answerFault(DemoFault fault, Route route, const QString& taskId, bool tokenAuth, const QString& redirectSuffix,
                     QHttpServerResponder&& responder);
    // The compression bombs, made once per kind and size: a gigabyte's checksum takes a moment.
    QByteArray bomb(DemoFault fault, const QString& taskId);
    void floodHeaders(QHttpServerResponder&& responder);
    void trickle(const QString& taskId, QHttpServerResponder&& responder);
    void redirectWithBomb(const QByteArray& location, const QString& taskId, QHttpServerResponder&& responder);
    void answerStatus(const QString& taskId, QHttpServerResponder& responder);
    void answerContent(const QString& taskId, const QString& variant, QHttpServerResponder& responder);
    void answerList(const QHttpServerRequest& request, QHttpServerResponder& responder, bool echo = false);
    // EchoCredential's task: the request's credential in every field a client reads.
    QJsonObject echoObject(const QString& taskId) const;
    QByteArray echoBody(const QString& taskId) const;
    void answerNotFound(QHttpServerResponder& responder);
    void answerUnauthorised(bool tokenAuth, QHttpServerResponder& responder);
    void send(QHttpServerResponder& responder, int status, const QByteArray& body,
              const QList<QPair<QByteArray, QByteArray>>& headers = {},
              const QByteArray& contentType = QByteArrayLiteral("application/json"));

    QJsonObject describe(const Task& task, DemoFlavour flavour, const QString& forcedStatus = QString()) const;
    QByteArray statusBody(const Task& task, const QString& forcedStatus = QString()) const;

    QHttpServer m_http;
    QElapsedTimer m_clock;
    quint16 m_port = 0;
    DemoFlavour m_flavour = DemoFlavour::Seed;
    QByteArray m_requiredSecret;
    bool m_listSupported = true;
    QList<DemoFault> m_listFaults;
    QTimer* m_spawnTimer = nullptr;
    bool m_listedSinceSpawn = false;
    QStringList m_spawned;
    void spawn();
    bool m_listForbidden = false;
    int m_slowResponseMs = 3000;
    qint64 m_oversizedBytes = 5 * 1024 * 1024;
    qint64 m_bombBytes = 512 * 1024 * 1024;
    int m_trickleIntervalMs = 1000;
    QHash<QString, QByteArray> m_bombs;
    QHash<QString, Task> m_tasks;
    QStringList m_order; // insertion order, for the list route
    QHash<QString, QList<DemoFault>> m_scriptedFaults;
    QHash<QString, QStringList> m_scriptedStatuses;
    int m_requestCount = 0;
    QHash<QString, int> m_requestsPerPath;
    QString m_currentPath; // of the request being answered, for requestServed()
    QByteArray m_currentCredential; // the key or token the request being answered carried, for EchoCredential
    int m_connectionCount = 0;
    std::deque<DemoRequest> m_recent;
    DemoCdn* m_cdn = nullptr;
    bool m_contentViaCdn = false;
    bool m_resultLinks = false;
    std::unique_ptr<DemoNativeApis> m_native;
};

} // namespace Reelwatch

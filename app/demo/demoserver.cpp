#include "demoserver.h"

#include "demobomb.h"
#include "democdn.h"
#include "demonativeapis.h"
#include "demopictures.h"

#include <array>
#include <cmath>
#include <memory>
#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

namespace Reelwatch {

namespace {

constexpr size_t kRecentRequestLimit = 2000;
constexpr qint64 kAssetLifetimeSeconds = 3600;

QByteArray errorBody(const QString& message, const QString& type, const QString& code)
{
    QJsonObject error{{QStringLiteral("message"), message},
                      {QStringLiteral("type"), type},
                      {QStringLiteral("param"), QJsonValue::Null},
                      {QStringLiteral("code"), code}};
    return QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact);
}

QString openAiStatusWord(const QString& seedStatus)
{
    if (seedStatus == QLatin1String("SUCCESS"))
        return QStringLiteral("completed");
    if (seedStatus == QLatin1String("FAILURE"))
        return QStringLiteral("failed");
    if (seedStatus == QLatin1String("IN_PROGRESS"))
        return QStringLiteral("in_progress");
    return QStringLiteral("queued");
}

quint64 splitMix64(quint64 x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// FNV-1a: the same seed in every process and Qt version, so a child process and a test agree.
quint64 contentSeed(const QString& taskId, const QString& variant)
{
    quint64 hash = 0xcbf29ce484222325ull;
    for (const char byte : (taskId + QLatin1Char('/') + variant).toUtf8()) {
        hash ^= static_cast<quint8>(byte);
        hash *= 0x100000001b3ull;
    }
    return hash;
}

} // namespace

namespace {

struct SampleRender
{
    const char* id;
    const char* prompt;
    const char* model;
    const char* size;
    int seconds;
    qint64 finishesAfterMs;
    bool fails;
};

constexpr SampleRender kSampleRenders[] = {
    {"video_68f1a2b3c4d5e6f70811a001",
     "A paper boat drifting down a rain-soaked Tokyo street at night, neon reflections", "sora-2", "720x1280", 8, 6000,
     false},
    {"video_68f1a2b3c4d5e6f70811a002", "Slow dolly shot through a sunflower field at golden hour", "sora-2-pro",
     "1280x720", 12, 9000, false},
    {"video_68f1a2b3c4d5e6f70811a003", "A fox in a red scarf skiing down a powder slope, GoPro style", "sora-2",
     "720x1280", 4, 11000, true},
    {"video_68f1a2b3c4d5e6f70811a004", "Timelapse of a glass city growing out of the desert", "sora-2", "1280x720", 8,
     14000, false},
    {"video_68f1a2b3c4d5e6f70811a005", "Macro shot of coffee crema swirling into a galaxy", "sora-2-pro", "1024x1792",
     12, 17000, false},
    {"video_68f1a2b3c4d5e6f70811a006", "An astronaut tending a bonsai on the Moon, soft studio light", "sora-2",
     "720x1280", 8, 19500, false},
};

} // namespace

QString demoFlavourName(DemoFlavour flavour)
{
    switch (flavour) {
    case DemoFlavour::Seed:
        return QStringLiteral("seed");
    case DemoFlavour::OpenAI:
        return QStringLiteral("openai");
    case DemoFlavour::Envelope:
        return QStringLiteral("envelope");
    }
    return QString();
}

std::optional<DemoFlavour> demoFlavourFromName(const QString& name)
{
    for (DemoFlavour flavour : {DemoFlavour::Seed, DemoFlavour::OpenAI, DemoFlavour::Envelope}) {
        if (demoFlavourName(flavour) == name.trimmed().toLower())
            return flavour;
    }
    return std::nullopt;
}

DemoServer::DemoServer(QObject* parent)
    : QObject(parent)
    , m_native(std::make_unique<DemoNativeApis>())
{
    m_clock.start();
    registerRoutes();
    m_cdn = new DemoCdn(
        [this](const QString& taskId, const QString& variant) -> std::optional<DemoCdnAsset> {
            const auto it = m_tasks.constFind(taskId);
            if (it == m_tasks.constEnd())
                return std::nullopt;
            if (const std::optional<QByteArray> png = picture(taskId, variant)) {
                return DemoCdnAsset{"image/png", png->size(),
                                    [png = *png](qint64 offset, qint64 length) { return png.mid(offset, length); }};
            }
            const qint64 size = contentSize(taskId, variant);
            if (size < 0)
                return std::nullopt;
            return DemoCdnAsset{videoContentType(taskId), size, [this, taskId, variant](qint64 offset, qint64 length) {
                                    return videoSlice(taskId, variant, offset, length);
                                }};
        },
        this);
    // The redirect faults point here; it stands for a resource on another origin, so it needs no key.
    DemoTaskPlan target;
    target.id = QString::fromLatin1(kRedirectTargetId);
    target.prompt = QStringLiteral("Redirect target");
    target.queuedAfterMs = target.startsAfterMs = target.finishesAfterMs = 0;
    addTask(target);
}

DemoServer::~DemoServer() = default;

bool DemoServer::listen(quint16 port)
{
    m_port = m_http.listen(QHostAddress::LocalHost, port);
    if (m_port == 0)
        return false;
    for (QTcpServer* server : m_http.servers())
        connect(server, &QTcpServer::newConnection, this, [this] { ++m_connectionCount; });
    return m_cdn->listen();
}

QUrl DemoServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

void DemoServer::addTask(const DemoTaskPlan& plan)
{
    Task task;
    task.plan = plan;
    task.addedAtMs = m_clock.elapsed();
    task.createdAtUnix = QDateTime::currentSecsSinceEpoch() - plan.createdSecondsAgo;
    task.rowNumber = m_order.size() + 1;
    if (!m_tasks.contains(plan.id))
        m_order << plan.id;
    m_tasks.insert(plan.id, task);
}

void DemoServer::setSpawnWhileListed(qint64 intervalMs)
{
    if (!m_spawnTimer) {
        m_spawnTimer = new QTimer(this);
        connect(m_spawnTimer, &QTimer::timeout, this, &DemoServer::spawn);
    }
    m_spawnTimer->stop();
    if (intervalMs > 0)
        m_spawnTimer->start(int(intervalMs));
}

void DemoServer::spawn()
{
    if (!m_listedSinceSpawn)
        return; // nobody is looking: no renders pile up unseen
    m_listedSinceSpawn = false;
    static const QStringList prompts = {
        QStringLiteral("A heron lifting off a misty lake at dawn"),
        QStringLiteral("Neon rain on a Tokyo side street, slow push in"),
        QStringLiteral("A sand dune rippling in time-lapse under moving clouds"),
        QStringLiteral("Close-up of ink blooming in water, macro, 120 fps"),
        QStringLiteral("A paper plane gliding through a sunlit library"),
        QStringLiteral("Northern lights over a frozen fjord, wide shot"),
    };
    DemoTaskPlan plan;
    const int number = int(m_spawned.size());
    plan.id = QStringLiteral("video_%1%2")
                  .arg(QDateTime::currentMSecsSinceEpoch(), 0, 16)
                  .arg(number, 4, 10, QLatin1Char('0'));
    plan.prompt = prompts.at(number % prompts.size());
    plan.queuedAfterMs = 300;
    plan.startsAfterMs = 1500;
    plan.finishesAfterMs = 9000 + (number % 4) * 2000;
    plan.fails = number % 7 == 6;
    plan.playableClip = true;
    addTask(plan);
    m_spawned << plan.id;
}

QStringList DemoServer::addSampleTasks()
{
    QStringList ids;
    for (const SampleRender& sample : kSampleRenders) {
        DemoTaskPlan plan;
        plan.id = QString::fromLatin1(sample.id);
        plan.prompt = QString::fromUtf8(sample.prompt);
        plan.model = QString::fromLatin1(sample.model);
        plan.size = QString::fromLatin1(sample.size);
        plan.seconds = sample.seconds;
        plan.queuedAfterMs = 400 + sample.finishesAfterMs / 10;
        plan.startsAfterMs = sample.finishesAfterMs / 3;
        plan.finishesAfterMs = sample.finishesAfterMs;
        plan.fails = sample.fails;
        plan.playableClip = true;
        addTask(plan);
        ids << plan.id;
    }
    return ids;
}

QList<QPair<QString, QStringList>> DemoServer::addNativeSampleTasks()
{
    struct NativeSample
    {
        const char* provider;
        const char* id;
        const char* prompt;
        const char* model;
        qint64 finishesAfterMs;
        bool fails;
    };
    static constexpr NativeSample kNativeSamples[] = {
        {"runway", "3d957031-9a2a-45e2-9dc7-bc8513059c50", "A hummingbird hovering at a glass feeder, 240 fps",
         "gen4_turbo", 8500, false},
        {"runway", "8a1c2f40-77b1-4f0e-9a55-2f3e1d6c0b21", "Drone shot over a fjord at dawn, mist on the water",
         "gen4_turbo", 15000, false},
        {"luma", "7b0d3a57-6a2e-4a9b-9d7e-0f4c2b1e8a11", "A lighthouse keeper's cat watching a storm roll in", "ray-2",
         10000, false},
        {"kling", "867283741759111202", "Ink drops blooming in water, forming a koi", "kling-v2", 12000, false},
        {"minimax", "106916112212032", "A street violinist under cherry blossoms, petals falling", "MiniMax-Hailuo-02",
         13000, true},
        {"pixverse", "312345678901234", "Paper lanterns rising over a night market", "v4.5", 16000, false},
    };
    QList<QPair<QString, QStringList>> byProvider;
    for (const NativeSample& sample : kNativeSamples) {
        DemoTaskPlan plan;
        plan.id = QString::fromLatin1(sample.id);
        plan.prompt = QString::fromUtf8(sample.prompt);
        plan.model = QString::fromLatin1(sample.model);
        plan.queuedAfterMs = 300 + sample.finishesAfterMs / 10;
        plan.startsAfterMs = sample.finishesAfterMs / 3;
        plan.finishesAfterMs = sample.finishesAfterMs;
        plan.fails = sample.fails;
        plan.failureMessage = QStringLiteral("The output was flagged as sensitive.");
        plan.playableClip = true;
        addTask(plan);
        const QString provider = QString::fromLatin1(sample.provider);
        if (byProvider.isEmpty() || byProvider.last().first != provider)
            byProvider.append({provider, {}});
        byProvider.last().second << plan.id;
    }
    return byProvider;
}

QStringList DemoServer::taskIds() const
{
    QStringList ids = m_order;
    ids.removeAll(QString::fromLatin1(kRedirectTargetId));
    return ids;
}

QByteArray DemoServer::contentSlice(const QString& taskId, const QString& variant, qint64 offset, qint64 length)
{
    // Byte i is byte (i % 8) of splitMix64(seed + i / 8): any slice can be made without the rest.
    QByteArray bytes(std::max<qint64>(0, length), Qt::Uninitialized);
    const quint64 seed = contentSeed(taskId, variant);
    char* out = bytes.data();
    qint64 position = offset;
    const qint64 end = offset + bytes.size();
    while (position < end) {
        const quint64 word = splitMix64(seed + quint64(position / 8));
        for (int byte = int(position % 8); byte < 8 && position < end; ++byte, ++position)
            *out++ = static_cast<char>((word >> (8 * byte)) & 0xff);
    }
    return bytes;
}

qint64 DemoServer::contentSize(const QString& taskId, const QString& variant) const
{
    const auto it = m_tasks.constFind(taskId);
    if (it == m_tasks.constEnd())
        return -1;
    if (variant != QLatin1String("video") && !variant.isEmpty())
        return -1;
    if (it->plan.playableClip)
        return DemoPictures::Clip(taskId, it->plan.size, it->plan.seconds).size();
    return it->plan.contentBytes > 0 ? it->plan.contentBytes : kDefaultContentBytes;
}

QByteArray DemoServer::videoSlice(const QString& taskId, const QString& variant, qint64 offset, qint64 length) const
{
    const auto it = m_tasks.constFind(taskId);
    if (it != m_tasks.constEnd() && it->plan.playableClip)
        return DemoPictures::Clip(taskId, it->plan.size, it->plan.seconds).slice(offset, length);
    return contentSlice(taskId, variant, offset, length);
}

QByteArray DemoServer::videoContentType(const QString& taskId) const
{
    const auto it = m_tasks.constFind(taskId);
    return it != m_tasks.constEnd() && it->plan.playableClip ? QByteArrayLiteral("video/x-msvideo")
                                                             : QByteArrayLiteral("video/mp4");
}

std::optional<QByteArray> DemoServer::picture(const QString& taskId, const QString& variant) const
{
    const auto it = m_tasks.constFind(taskId);
    if (it == m_tasks.constEnd())
        return std::nullopt;
    if (variant == QLatin1String("thumbnail"))
        return DemoPictures::thumbnailPng(taskId, it->plan.size);
    if (variant == QLatin1String("spritesheet"))
        return DemoPictures::spritesheetPng(taskId, it->plan.size);
    return std::nullopt;
}

void DemoServer::scriptFaults(const QString& taskId, const QList<DemoFault>& faults)
{
    m_scriptedFaults[taskId] += faults;
}

void DemoServer::scriptStatuses(const QString& taskId, const QStringList& seedStatuses)
{
    m_scriptedStatuses[taskId] += seedStatuses;
}

DemoFault DemoServer::nextFault(const QString& taskId)
{
    const auto scripted = m_scriptedFaults.find(taskId);
    if (scripted == m_scriptedFaults.end() || scripted->isEmpty())
        return faultFromTaskId(taskId);
    const DemoFault fault = scripted->takeFirst();
    if (scripted->isEmpty())
        m_scriptedFaults.erase(scripted);
    return fault;
}

QString DemoServer::nextScriptedStatus(const QString& taskId)
{
    const auto scripted = m_scriptedStatuses.find(taskId);
    if (scripted == m_scriptedStatuses.end())
        return QString();
    const QString status = scripted->takeFirst();
    if (scripted->isEmpty())
        m_scriptedStatuses.erase(scripted);
    return status;
}

DemoFault DemoServer::faultFromTaskId(const QString& taskId)
{
    static const QHash<QString, DemoFault> faults = {
        {QStringLiteral("fault_404"), DemoFault::NotFound},
        {QStringLiteral("fault_401"), DemoFault::Unauthorized},
        {QStringLiteral("fault_429"), DemoFault::RateLimited},
        {QStringLiteral("fault_429_ms"), DemoFault::RateLimitedMs},
        {QStringLiteral("fault_429_date"), DemoFault::RateLimitedDate},
        {QStringLiteral("fault_500"), DemoFault::InternalError},
        {QStringLiteral("fault_502"), DemoFault::BadGateway},
        {QStringLiteral("fault_503"), DemoFault::Unavailable},
        {QStringLiteral("fault_html"), DemoFault::Html},
        {QStringLiteral("fault_truncated"), DemoFault::Truncated},
        {QStringLiteral("fault_huge"), DemoFault::Oversized},
        {QStringLiteral("fault_slow"), DemoFault::Slow},
        {QStringLiteral("fault_drop"), DemoFault::Drop},
        {QStringLiteral("fault_redirect"), DemoFault::Redirect},
        {QStringLiteral("fault_redirect_cross"), DemoFault::RedirectCrossOrigin},
        {QStringLiteral("fault_redirect_loop"), DemoFault::RedirectLoop},
        {QStringLiteral("fault_redirect_bomb"), DemoFault::RedirectBomb},
        {QStringLiteral("fault_429_day"), DemoFault::RateLimitedDay},
        {QStringLiteral("fault_429_zero"), DemoFault::RateLimitedZero},
        {QStringLiteral("fault_429_past"), DemoFault::RateLimitedPast},
        {QStringLiteral("fault_utf8"), DemoFault::InvalidUtf8},
        {QStringLiteral("fault_status_number"), DemoFault::StatusNumber},
        {QStringLiteral("fault_status_object"), DemoFault::StatusObject},
        {QStringLiteral("fault_deep"), DemoFault::TooDeep},
        {QStringLiteral("fault_echo_key"), DemoFault::EchoCredential},
        {QStringLiteral("fault_controls"), DemoFault::ControlCharacters},
        {QStringLiteral("fault_gzip_bomb"), DemoFault::GzipBomb},
        {QStringLiteral("fault_deflate_bomb"), DemoFault::DeflateBomb},
        {QStringLiteral("fault_header_flood"), DemoFault::HeaderFlood},
        {QStringLiteral("fault_trickle"), DemoFault::Trickle},
    };
    return faults.value(taskId, DemoFault::None);
}

void DemoServer::registerRoutes()
{
    using Method = QHttpServerRequest::Method;
    const auto statusHandler = [this](bool tokenAuth) {
        return
            [this, tokenAuth](const QString& id, const QHttpServerRequest& request, QHttpServerResponder&& responder) {
                handle(Route::Status, tokenAuth, id, request, std::move(responder));
            };
    };
    const auto contentHandler = [this](bool tokenAuth) {
        return
            [this, tokenAuth](const QString& id, const QHttpServerRequest& request, QHttpServerResponder&& responder) {
                handle(Route::Content, tokenAuth, id, request, std::move(responder));
            };
    };
    const auto listHandler = [this](bool tokenAuth) {
        return [this, tokenAuth](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
            handle(Route::List, tokenAuth, QString(), request, std::move(responder));
        };
    };
    m_http.route(QStringLiteral("/v1/videos/<arg>/content"), Method::Get, contentHandler(false));
    m_http.route(QStringLiteral("/api/videos/<arg>/content"), Method::Get, contentHandler(true));
    m_http.route(QStringLiteral("/v1/videos/<arg>"), Method::Get, statusHandler(false));
    m_http.route(QStringLiteral("/api/videos/<arg>"), Method::Get, statusHandler(true));
    // Counters for benchmarks that run the simulator in another process. No secrets, loopback only.
    m_http.route(QStringLiteral("/_demo/stats"), Method::Get, [this](QHttpServerResponder&& responder) {
        const QJsonObject stats{{QStringLiteral("requests"), m_requestCount},
                                {QStringLiteral("connections"), m_connectionCount},
                                {QStringLiteral("tasks"), int(m_tasks.size())}};
        send(responder, 200, QJsonDocument(stats).toJson(QJsonDocument::Compact));
    });
    // Each task's lifecycle on the server's clock, and that clock now: what a benchmark compares the
    // statuses a client shows against.
    m_http.route(QStringLiteral("/_demo/timeline"), Method::Get, [this](QHttpServerResponder&& responder) {
        QJsonArray tasks;
        for (const QString& id : std::as_const(m_order)) {
            const Task& task = m_tasks[id];
            tasks.append(QJsonObject{{QStringLiteral("id"), id},
                                     {QStringLiteral("queued_at_ms"), task.addedAtMs + task.plan.queuedAfterMs},
                                     {QStringLiteral("starts_at_ms"), task.addedAtMs + task.plan.startsAfterMs},
                                     {QStringLiteral("finishes_at_ms"), task.addedAtMs + task.plan.finishesAfterMs},
                                     {QStringLiteral("fails"), task.plan.fails}});
        }
        const QJsonObject timeline{{QStringLiteral("now_ms"), m_clock.elapsed()}, {QStringLiteral("tasks"), tasks}};
        send(responder, 200, QJsonDocument(timeline).toJson(QJsonDocument::Compact));
    });
    m_http.route(QStringLiteral("/v1/videos"), Method::Get, listHandler(false));
    m_http.route(QStringLiteral("/api/videos"), Method::Get, listHandler(true));
    // Everything else may be a native API's route under its provider's prefix.
    m_http.setMissingHandler([this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
        handleNative(request, std::move(responder));
    });
}

QUrl DemoServer::nativeBaseUrl(const QString& providerId) const
{
    const QString app = providerId == QLatin1String("fal") ? QStringLiteral("/fal-ai/demo-video") : QString();
    return QUrl(QStringLiteral("%1/%2%3").arg(baseUrl().toString(), providerId, app));
}

void DemoServer::handleNative(const QHttpServerRequest& request, QHttpServerResponder&& responder)
{
    record(request);
    const QString path = request.url().path();
    const int slash = path.indexOf(QLatin1Char('/'), 1);
    const QString provider = path.mid(1, slash < 0 ? -1 : slash - 1);
    std::optional<DemoNativeApis::Call> call;
    if (request.method() == QHttpServerRequest::Method::Get && DemoNativeApis::isProvider(provider))
        call = DemoNativeApis::parse(provider, slash < 0 ? QString() : path.mid(slash), request.query());
    const auto reply = [this, &responder](const DemoAnswer& answer) {
        send(responder, answer.httpStatus, answer.body, answer.headers);
    };
    if (!call) {
        send(responder, 404, QByteArrayLiteral("no such route"), {}, QByteArrayLiteral("text/plain"));
        return;
    }
    if (const std::optional<DemoAnswer> refused
        = m_native->checkCredential(provider, request.value("Authorization"), request.headers(), m_requiredSecret)) {
        reply(*refused);
        return;
    }
    if (call->kind == DemoNativeApis::Kind::List) {
        if (!m_listSupported) {
            send(responder, 404, QByteArrayLiteral("no such route"), {}, QByteArrayLiteral("text/plain"));
            return;
        }
        QList<DemoTaskView> newestFirst;
        for (auto id = m_order.crbegin(); id != m_order.crend(); ++id) {
            if (*id != QLatin1String(kRedirectTargetId))
                newestFirst << nativeView(m_tasks.value(*id));
        }
        QUrl route = baseUrl();
        route.setPath(path);
        reply(DemoNativeApis::listAnswer(*call, newestFirst, request.query(), route));
        return;
    }
    const DemoFault fault = nextFault(call->taskId);
    if (fault == DemoFault::NotFound) {
        reply(DemoNativeApis::notFound(*call));
        return;
    }
    if (fault == DemoFault::Unauthorized) {
        reply(DemoNativeApis::unauthorised(provider));
        return;
    }
    if (fault == DemoFault::EchoCredential) {
        // The task in the API's own shape (and its follow-up answers: MiniMax's file, fal's result),
        // finished, with the credential in its prompt, link and failure reason.
        Task task = m_tasks.value(call->taskId);
        task.plan.id = call->taskId;
        task.plan.finishesAfterMs = task.plan.startsAfterMs = task.plan.queuedAfterMs = 0;
        task.addedAtMs = 0;
        task.createdAtUnix = QDateTime::currentSecsSinceEpoch();
        const QString key = QString::fromUtf8(m_currentCredential);
        DemoTaskView view = nativeView(task);
        view.prompt = QStringLiteral("A lighthouse, for the key %1").arg(key);
        view.model = task.plan.model + QLatin1Char('-') + key;
        view.failureMessage = QStringLiteral("The key %1 is not allowed").arg(key);
        QUrlQuery echoed(view.videoUrl);
        echoed.addQueryItem(QStringLiteral("echo"), key);
        view.videoUrl.setQuery(echoed);
        reply(DemoNativeApis::answer(*call, view));
        return;
    }
    if (fault != DemoFault::None) {
        // Transport-level faults (HTML pages, truncated bodies, 429/5xx, slow answers) look the same
        // whichever API a server speaks.
        answerFault(fault, Route::Status, call->taskId, false, QString(), std::move(responder));
        return;
    }
    const auto it = m_tasks.constFind(call->taskId);
    if (it == m_tasks.constEnd()) {
        reply(DemoNativeApis::notFound(*call));
        return;
    }
    // Scripted statuses are for the status route; a follow-up route reports the lifecycle as it is.
    const QString forcedStatus
        = call->kind == DemoNativeApis::Kind::Status ? nextScriptedStatus(call->taskId) : QString();
    reply(DemoNativeApis::answer(*call, nativeView(*it, forcedStatus)));
}

DemoTaskView DemoServer::nativeView(const Task& task, const QString& forcedStatus) const
{
    const QJsonObject seed = describe(task, DemoFlavour::Seed, forcedStatus);
    DemoTaskView view;
    view.id = task.plan.id;
    view.status = seed.value(QStringLiteral("status")).toString();
    view.progress = seed.value(QStringLiteral("progress")).toInt();
    view.createdAtUnix = task.createdAtUnix;
    view.completedAtUnix = task.createdAtUnix + task.plan.finishesAfterMs / 1000;
    view.model = task.plan.model;
    view.prompt = task.plan.prompt;
    view.size = task.plan.size;
    view.seconds = task.plan.seconds;
    view.failureCode = task.plan.failureCode;
    view.failureMessage = task.plan.failureMessage;
    view.videoUrl = m_cdn->signedUrl(view.id, QStringLiteral("video"));
    view.thumbnailUrl = m_cdn->signedUrl(view.id, QStringLiteral("thumbnail"));
    const qint64 untilStart = task.plan.startsAfterMs - (m_clock.elapsed() - task.addedAtMs);
    view.queuePosition = int(std::max<qint64>(1, untilStart / 1000 + 1));
    return view;
}

void DemoServer::record(const QHttpServerRequest& request)
{
    ++m_requestCount;
    DemoRequest seen;
    seen.method
        = request.method() == QHttpServerRequest::Method::Get ? QByteArrayLiteral("GET") : QByteArrayLiteral("OTHER");
    seen.host = request.value("Host");
    seen.path = request.url().path();
    m_currentPath = seen.path;
    ++m_requestsPerPath[seen.path];
    seen.authorization = request.value("Authorization");
    seen.token = request.value("token");
    seen.userAgent = request.value("User-Agent");
    seen.headers = request.headers();
    // The credential in whichever header the API takes it: "Bearer …", "Key …", "Token …", or a header
    // of its own.
    m_currentCredential.clear();
    if (const qsizetype space = seen.authorization.indexOf(' '); space > 0)
        m_currentCredential = seen.authorization.mid(space + 1);
    for (const char* name : {"token", "x-goog-api-key", "API-KEY"}) {
        if (m_currentCredential.isEmpty())
            m_currentCredential = request.value(name);
    }
    m_recent.push_back(seen);
    while (m_recent.size() > kRecentRequestLimit)
        m_recent.pop_front();
}

bool DemoServer::authorised(bool tokenAuth, const QHttpServerRequest& request) const
{
    if (m_requiredSecret.isEmpty())
        return true;
    if (tokenAuth)
        return request.value("token") == m_requiredSecret;
    return request.value("Authorization") == QByteArrayLiteral("Bearer ") + m_requiredSecret;
}

void DemoServer::handle(Route route, bool tokenAuth, const QString& taskId, const QHttpServerRequest& request,
                        QHttpServerResponder&& responder)
{
    record(request);
    const bool publicTarget = taskId == QLatin1String(kRedirectTargetId);
    if (!publicTarget && !authorised(tokenAuth, request)) {
        answerUnauthorised(tokenAuth, responder);
        return;
    }
    if (route == Route::List) {
        m_listedSinceSpawn = true;
        if (!m_listFaults.isEmpty()) {
            const DemoFault fault = m_listFaults.takeFirst();
            if (fault == DemoFault::EchoCredential)
                answerList(request, responder, true);
            else
                answerFault(fault, route, QString(), tokenAuth, QString(), std::move(responder));
            return;
        }
        answerList(request, responder);
        return;
    }

    const DemoFault fault = nextFault(taskId);
    const QString variant = request.query().queryItemValue(QStringLiteral("variant"), QUrl::FullyEncoded);
    if (fault == DemoFault::EchoCredential && route == Route::Status
        && !request.query().hasQueryItem(QStringLiteral("echo"))) {
        // First a redirect on the same origin whose link names the credential, as a gateway that puts
        // the key into a URL does: the client follows it, and its --verbose trace says where it went.
        const QByteArray path = (tokenAuth ? QByteArrayLiteral("/api/videos/") : QByteArrayLiteral("/v1/videos/"))
            + QUrl::toPercentEncoding(taskId);
        send(responder, 302, QByteArray(),
             {{"Location", path + "?echo=" + QUrl::toPercentEncoding(m_currentCredential)}});
        return;
    }
    if (fault != DemoFault::None) {
        const QString suffix = route == Route::Content
            ? QStringLiteral("/content") + (variant.isEmpty() ? QString() : QStringLiteral("?variant=") + variant)
            : QString();
        answerFault(fault, route, taskId, tokenAuth, suffix, std::move(responder));
        return;
    }
    if (route == Route::Content)
        answerContent(taskId, QUrl::fromPercentEncoding(variant.toUtf8()), responder);
    else
        answerStatus(taskId, responder);
}

void DemoServer::send(QHttpServerResponder& responder, int status, const QByteArray& body,
                      const QList<QPair<QByteArray, QByteArray>>& headers, const QByteArray& contentType)
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    responder.writeHeader("Content-Type", contentType);
    responder.writeHeader("Content-Length", QByteArray::number(body.size()));
    for (const auto& [name, value] : headers)
        responder.writeHeader(name, value);
    responder.writeBody(body);
    emit requestServed(m_currentPath, status);
}

void DemoServer::answerUnauthorised(bool tokenAuth, QHttpServerResponder& responder)
{
    if (m_flavour == DemoFlavour::Envelope || tokenAuth) {
        send(responder, 401,
             QJsonDocument(QJsonObject{{QStringLiteral("code"), QStringLiteral("unauthorized")},
                                       {QStringLiteral("message"), QStringLiteral("invalid token")},
                                       {QStringLiteral("data"), QJsonValue::Null}})
                 .toJson(QJsonDocument::Compact));
        return;
    }
    // Like OpenAI, quote a masked form of the key back: clients must not print even that.
    const QByteArray masked = m_requiredSecret.left(5) + "****" + m_requiredSecret.right(4);
    send(responder, 401,
         errorBody(QStringLiteral("Incorrect API key provided: %1. You can find your API key in your account settings.")
                       .arg(QString::fromLatin1(masked)),
                   QStringLiteral("invalid_request_error"), QStringLiteral("invalid_api_key")));
}

void DemoServer::answerNotFound(QHttpServerResponder& responder)
{
    if (m_flavour == DemoFlavour::Envelope) {
        send(responder, 400,
             QJsonDocument(QJsonObject{{QStringLiteral("code"), QStringLiteral("task_not_exist")},
                                       {QStringLiteral("message"), QStringLiteral("task_not_exist")},
                                       {QStringLiteral("data"), QJsonValue::Null}})
                 .toJson(QJsonDocument::Compact));
        return;
    }
    send(responder, 404,
         errorBody(QStringLiteral("video not found"), QStringLiteral("NotFound"), QStringLiteral("ResourceNotFound")));
}

void DemoServer::answerFault(DemoFault fault, Route route, const QString& taskId, bool tokenAuth,
                             const QString& redirectSuffix, QHttpServerResponder&& responder)
{
    const QString videosPath = tokenAuth ? QStringLiteral("/api/videos/") : QStringLiteral("/v1/videos/");
    switch (fault) {
    case DemoFault::None:
        answerStatus(taskId, responder);
        return;
    case DemoFault::NotFound:
        answerNotFound(responder);
        return;
    case DemoFault::Unauthorized:
        answerUnauthorised(tokenAuth, responder);
        return;
    case DemoFault::RateLimited:
        send(responder, 429,
             errorBody(QStringLiteral("Rate limit reached for requests"), QStringLiteral("requests"),
                       QStringLiteral("rate_limit_exceeded")),
             {{"Retry-After", "2"}});
        return;
    case DemoFault::RateLimitedMs:
        send(responder, 429,
             errorBody(QStringLiteral("Rate limit reached for requests"), QStringLiteral("requests"),
                       QStringLiteral("rate_limit_exceeded")),
             {{"retry-after-ms", "1500"}, {"Retry-After", "2"}});
        return;
    case DemoFault::RateLimitedDate: {
        const QDateTime at = QDateTime::currentDateTimeUtc().addSecs(3);
        const QByteArray date = QLocale::c().toString(at, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
        send(responder, 429,
             errorBody(QStringLiteral("Too many requests"), QStringLiteral("requests"),
                       QStringLiteral("rate_limit_exceeded")),
             {{"Retry-After", date}});
        return;
    }
    case DemoFault::RateLimitedDay:
    case DemoFault::RateLimitedZero:
        send(responder, 429,
             errorBody(QStringLiteral("Rate limit reached for requests"), QStringLiteral("requests"),
                       QStringLiteral("rate_limit_exceeded")),
             {{"Retry-After", fault == DemoFault::RateLimitedDay ? "86400" : "0"}});
        return;
    case DemoFault::RateLimitedPast: {
        const QDateTime at = QDateTime::currentDateTimeUtc().addSecs(-3600);
        const QByteArray date = QLocale::c().toString(at, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
        send(responder, 429,
             errorBody(QStringLiteral("Too many requests"), QStringLiteral("requests"),
                       QStringLiteral("rate_limit_exceeded")),
             {{"Retry-After", date}});
        return;
    }
    case DemoFault::InternalError:
        send(responder, 500,
             errorBody(QStringLiteral("The server had an error while processing your request."),
                       QStringLiteral("server_error"), QStringLiteral("internal_error")));
        return;
    case DemoFault::BadGateway:
        send(responder, 502,
             "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad "
             "Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
             {}, "text/html");
        return;
    case DemoFault::Unavailable:
        send(responder, 503,
             errorBody(QStringLiteral("The engine is currently overloaded, please try again later"),
                       QStringLiteral("server_error"), QStringLiteral("overloaded")),
             {{"Retry-After", "1"}});
        return;
    case DemoFault::Html:
        send(responder, 200,
             "<!DOCTYPE html><html><head><title>Sign in - Gateway</title></head><body><form>"
             "<input name=user></form></body></html>",
             {}, "text/html; charset=utf-8");
        return;
    case DemoFault::Truncated:
        send(responder, 200, R"({"id":")" + taskId.toUtf8() + R"(","object":"video","status":"in_pro)");
        return;
    case DemoFault::Oversized: {
        QByteArray body = R"({"id":")" + taskId.toUtf8() + R"(","status":"SUCCESS","prompt":")";
        body.append(QByteArray(m_oversizedBytes, 'a'));
        body.append("\"}");
        send(responder, 200, body);
        return;
    }
    case DemoFault::InvalidUtf8:
        // Latin-1 bytes where UTF-8 belongs, as a misconfigured proxy re-encodes them.
        send(responder, 200,
             R"({"id":")" + taskId.toUtf8() + R"(","status":"IN_PROGRESS","prompt":"Caf)" + QByteArray(1, '\xe9')
                 + R"( au lait"})");
        return;
    case DemoFault::StatusNumber:
        send(responder, 200, R"({"id":")" + taskId.toUtf8() + R"(","object":"video","status":42,"progress":10})");
        return;
    case DemoFault::StatusObject:
        send(responder, 200,
             R"({"id":")" + taskId.toUtf8() + R"(","object":"video","status":{"code":2,"text":"running"}})");
        return;
    case DemoFault::TooDeep: {
        constexpr int kDepth = 5000;
        const QByteArray body = R"({"id":")" + taskId.toUtf8() + R"(","status":"IN_PROGRESS","meta":)"
            + QByteArray(kDepth, '[') + QByteArray(kDepth, ']') + "}";
        send(responder, 200, body);
        return;
    }
    case DemoFault::Slow: {
        auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
        QPointer<QTcpSocket> socket = held->socket();
        QTimer::singleShot(m_slowResponseMs, this, [this, held, socket, taskId, path = m_currentPath] {
            m_currentPath = path;
            if (socket && socket->state() == QAbstractSocket::ConnectedState)
                answerStatus(m_tasks.contains(taskId) ? taskId : QString::fromLatin1(kRedirectTargetId), *held);
        });
        return;
    }
    case DemoFault::Drop: {
        responder.writeStatusLine(QHttpServerResponder::StatusCode::Ok);
        responder.writeHeader("Content-Type", "application/json");
        responder.writeHeader("Content-Length", "4096");
        responder.writeBody(R"({"id":")" + taskId.toUtf8() + R"(","status":"IN_PROG)");
        if (QTcpSocket* socket = responder.socket())
            socket->disconnectFromHost();
        return;
    }
    case DemoFault::Redirect:
        send(responder, 302, QByteArray(),
             {{"Location", (videosPath + QLatin1String(kRedirectTargetId) + redirectSuffix).toLatin1()}});
        return;
    case DemoFault::RedirectLoop:
        send(responder, 302, QByteArray(), {{"Location", (videosPath + taskId + redirectSuffix).toLatin1()}});
        return;
    case DemoFault::RedirectBomb:
        redirectWithBomb((videosPath + QLatin1String(kRedirectTargetId) + redirectSuffix).toLatin1(), taskId,
                         std::move(responder));
        return;
    case DemoFault::EchoCredential:
        send(responder, 200, echoBody(taskId));
        return;
    case DemoFault::ControlCharacters: {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QJsonObject task{
            {QStringLiteral("id"), taskId},
            {QStringLiteral("object"), QStringLiteral("video")},
            {QStringLiteral("model"), QStringLiteral("sora-2\x1b]0;owned\x07")},
            {QStringLiteral("status"), QStringLiteral("failed")},
            {QStringLiteral("progress"), 0},
            {QStringLiteral("created_at"), now},
            {QStringLiteral("completed_at"), now},
            {QStringLiteral("prompt"), QStringLiteral("A boat\r\x1b[2KSUCCESS \u202Egnp.exe")},
            {QStringLiteral("size"), QStringLiteral("720x1280")},
            {QStringLiteral("seconds"), QStringLiteral("8")},
            {QStringLiteral("url"), QStringLiteral("https://cdn.example/\x1b[31mred.mp4")},
            {QStringLiteral("error"),
             QJsonObject{{QStringLiteral("code"), QStringLiteral("blocked\b\b\b\b\b\b\bOK")},
                         {QStringLiteral("message"),
                          QStringLiteral("Policy \u009b31m violation\r\x1b[1A\x1b[2Kall good\nnext line")}}}};
        send(responder, 200, QJsonDocument(task).toJson(QJsonDocument::Compact));
        return;
    }
    case DemoFault::RedirectCrossOrigin:
        send(responder, 302, QByteArray(),
             {{"Location",
               QStringLiteral("http://localhost:%1%2%3")
                   .arg(m_port)
                   .arg(videosPath, QLatin1String(kRedirectTargetId) + redirectSuffix)
                   .toLatin1()}});
        return;
    case DemoFault::GzipBomb:
    case DemoFault::DeflateBomb:
        send(responder, 200, bomb(fault, taskId),
             {{"Content-Encoding", fault == DemoFault::GzipBomb ? "gzip" : "deflate"}});
        return;
    case DemoFault::HeaderFlood:
        floodHeaders(std::move(responder));
        return;
    case DemoFault::Trickle: {
        if (route == Route::Content) {
            trickle(taskId, std::move(responder));
            return;
        }
        // A render that has finished, so that a client goes on to fetch its content.
        Task done;
        done.plan.id = taskId;
        done.plan.queuedAfterMs = done.plan.startsAfterMs = done.plan.finishesAfterMs = 0;
        done.createdAtUnix = QDateTime::currentSecsSinceEpoch();
        send(responder, 200, statusBody(done));
        return;
    }
    }
}

QByteArray DemoServer::bomb(DemoFault fault, const QString& taskId)
{
    // A task whose prompt runs on for the whole of bombBytes(): valid JSON as far as anyone reads.
    const QByteArray prefix = R"({"id":")" + taskId.toUtf8() + R"(","status":"SUCCESS","prompt":")";
    const QString key = QStringLiteral("%1/%2/%3").arg(int(fault)).arg(m_bombBytes).arg(taskId);
    auto it = m_bombs.constFind(key);
    if (it == m_bombs.constEnd()) {
        const qint64 run = std::max<qint64>(0, m_bombBytes - prefix.size());
        it = m_bombs.insert(key,
                            fault == DemoFault::GzipBomb ? DemoBomb::gzip(prefix, run) : DemoBomb::zlib(prefix, run));
    }
    return *it;
}

void DemoServer::floodHeaders(QHttpServerResponder&& responder)
{
    QTcpSocket* socket = responder.socket();
    if (!socket)
        return;
    emit requestServed(m_currentPath, 200);
    // The responder stays alive with the socket, so the server neither answers nor closes it meanwhile.
    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");
    // Lines of 1 KiB, written whenever the client has taken what was sent: the header section never ends.
    const QByteArray value(1000, 'f');
    auto line = std::make_shared<qint64>(0);
    const auto writeMore = [socket, value, line] {
        while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < 256 * 1024) {
            for (int i = 0; i < 64; ++i)
                socket->write("X-Flood-" + QByteArray::number(++*line) + ": " + value + "\r\n");
        }
    };
    connect(socket, &QTcpSocket::bytesWritten, socket, [held, writeMore] { writeMore(); });
    writeMore();
}

void DemoServer::trickle(const QString& taskId, QHttpServerResponder&& responder)
{
    QTcpSocket* socket = responder.socket();
    if (!socket)
        return;
    emit requestServed(m_currentPath, 200);
    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    socket->write("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: " + QByteArray::number(kTrickleBytes)
                  + "\r\n\r\n");
    const QByteArray body = contentSlice(taskId, QStringLiteral("video"), 0, kTrickleBytes);
    auto sent = std::make_shared<qint64>(0);
    // A child of the socket: it stops when the client hangs up.
    auto* timer = new QTimer(socket);
    connect(timer, &QTimer::timeout, socket, [socket, timer, held, body, sent] {
        if (socket->state() != QAbstractSocket::ConnectedState || *sent >= body.size()) {
            timer->stop();
            return;
        }
        socket->write(body.mid((*sent)++, 1));
    });
    timer->start(m_trickleIntervalMs);
}

void DemoServer::redirectWithBomb(const QByteArray& location, const QString& taskId, QHttpServerResponder&& responder)
{
    QTcpSocket* socket = responder.socket();
    if (!socket)
        return;
    emit requestServed(m_currentPath, 302);
    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    const QByteArray body = bomb(DemoFault::GzipBomb, taskId);
    socket->write("HTTP/1.1 302 Found\r\nLocation: " + location
                  + "\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: "
                  + QByteArray::number(body.size()) + "\r\n\r\n");
    // A hundredth of it every 100 ms: whatever its size, the whole body takes ten seconds to arrive.
    const qint64 pieceBytes = std::max<qint64>(1024, body.size() / 100);
    auto sent = std::make_shared<qint64>(0);
    auto* timer = new QTimer(socket); // a child of the socket: it stops when the client hangs up
    connect(timer, &QTimer::timeout, socket, [socket, timer, held, body, sent, pieceBytes] {
        if (socket->state() != QAbstractSocket::ConnectedState || *sent >= body.size()) {
            timer->stop();
            return;
        }
        socket->write(body.mid(*sent, pieceBytes));
        *sent += pieceBytes;
    });
    timer->start(100);
}

QJsonObject DemoServer::describe(const Task& task, DemoFlavour flavour, const QString& forcedStatus) const
{
    const DemoTaskPlan& plan = task.plan;
    const qint64 age = m_clock.elapsed() - task.addedAtMs;
    QString status = QStringLiteral("SUBMITTED");
    int progress = 0;
    if (age >= plan.finishesAfterMs) {
        status = plan.fails ? QStringLiteral("FAILURE") : QStringLiteral("SUCCESS");
        progress = plan.fails ? progress : 100;
    } else if (age >= plan.startsAfterMs) {
        status = QStringLiteral("IN_PROGRESS");
        const qint64 span = std::max<qint64>(1, plan.finishesAfterMs - plan.startsAfterMs);
        progress = static_cast<int>(std::clamp<qint64>((age - plan.startsAfterMs) * 100 / span, 1, 99));
    } else if (age >= plan.queuedAfterMs) {
        status = QStringLiteral("QUEUED");
    }
    if (!forcedStatus.isEmpty()) {
        status = forcedStatus;
        progress = status == QLatin1String("SUCCESS") ? 100 : std::min(progress, 99);
    }
    const bool finished = status == QLatin1String("SUCCESS") || status == QLatin1String("FAILURE");
    const qint64 completedAt = task.createdAtUnix + plan.finishesAfterMs / 1000;
    const QString contentPath = QStringLiteral("%1/v1/videos/%2/content").arg(baseUrl().toString(), plan.id);

    QJsonObject object;
    switch (flavour) {
    case DemoFlavour::Seed:
        object = {{QStringLiteral("id"), plan.id},
                  {QStringLiteral("object"), QStringLiteral("video")},
                  {QStringLiteral("model"), plan.model},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("progress"), progress},
                  {QStringLiteral("created_at"), task.createdAtUnix},
                  {QStringLiteral("prompt"), plan.prompt},
                  {QStringLiteral("size"), plan.size},
                  {QStringLiteral("seconds"), QString::number(plan.seconds)}};
        if (finished)
            object.insert(QStringLiteral("completed_at"), completedAt);
        if (status == QLatin1String("FAILURE"))
            object.insert(QStringLiteral("error"),
                          QJsonObject{{QStringLiteral("code"), plan.failureCode},
                                      {QStringLiteral("message"), plan.failureMessage}});
        break;
    case DemoFlavour::OpenAI:
        object = {{QStringLiteral("id"), plan.id},
                  {QStringLiteral("object"), QStringLiteral("video")},
                  {QStringLiteral("model"), plan.model},
                  {QStringLiteral("status"), openAiStatusWord(status)},
                  {QStringLiteral("progress"), progress},
                  {QStringLiteral("created_at"), task.createdAtUnix},
                  {QStringLiteral("completed_at"), finished ? QJsonValue(completedAt) : QJsonValue(QJsonValue::Null)},
                  {QStringLiteral("expires_at"),
                   status == QLatin1String("SUCCESS") ? QJsonValue(completedAt + kAssetLifetimeSeconds)
                                                      : QJsonValue(QJsonValue::Null)},
                  {QStringLiteral("prompt"), plan.prompt},
                  {QStringLiteral("size"), plan.size},
                  {QStringLiteral("seconds"), QString::number(plan.seconds)},
                  {QStringLiteral("remixed_from_video_id"), QJsonValue::Null},
                  {QStringLiteral("error"),
                   status == QLatin1String("FAILURE") ? QJsonValue(QJsonObject{
                       {QStringLiteral("code"), plan.failureCode}, {QStringLiteral("message"), plan.failureMessage}})
                                                      : QJsonValue(QJsonValue::Null)}};
        if (m_resultLinks && status == QLatin1String("SUCCESS"))
            object.insert(
                QStringLiteral("metadata"),
                QJsonObject{{QStringLiteral("url"),
                             m_cdn->signedUrl(plan.id, QStringLiteral("video")).toString(QUrl::FullyEncoded)}});
        break;
    case DemoFlavour::Envelope:
        object = {{QStringLiteral("id"), task.rowNumber},
                  {QStringLiteral("task_id"), plan.id},
                  {QStringLiteral("platform"), QStringLiteral("sora")},
                  {QStringLiteral("action"), QStringLiteral("generate")},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("progress"), QStringLiteral("%1%").arg(progress)},
                  {QStringLiteral("fail_reason"), status == QLatin1String("FAILURE") ? plan.failureMessage : QString()},
                  {QStringLiteral("submit_time"), task.createdAtUnix * 1000},
                  {QStringLiteral("created_at"), task.createdAtUnix * 1000},
                  {QStringLiteral("finish_time"), finished ? QJsonValue(completedAt * 1000) : QJsonValue(0)},
                  {QStringLiteral("metadata"),
                   QJsonObject{{QStringLiteral("model"), plan.model},
                               {QStringLiteral("prompt"), plan.prompt},
                               {QStringLiteral("url"), status == QLatin1String("SUCCESS") ? contentPath : QString()}}},
                  {QStringLiteral("model"), plan.model},
                  {QStringLiteral("prompt"), plan.prompt},
                  {QStringLiteral("size"), plan.size},
                  {QStringLiteral("seconds"), QString::number(plan.seconds)}};
        if (status == QLatin1String("SUCCESS"))
            object.insert(QStringLiteral("result_url"), contentPath);
        break;
    }
    return object;
}

QByteArray DemoServer::statusBody(const Task& task, const QString& forcedStatus) const
{
    const QJsonObject object = describe(task, m_flavour, forcedStatus);
    if (m_flavour == DemoFlavour::Envelope) {
        return QJsonDocument(QJsonObject{{QStringLiteral("code"), QStringLiteral("success")},
                                         {QStringLiteral("message"), QString()},
                                         {QStringLiteral("data"), object}})
            .toJson(QJsonDocument::Compact);
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

void DemoServer::answerStatus(const QString& taskId, QHttpServerResponder& responder)
{
    const auto it = m_tasks.constFind(taskId);
    if (it == m_tasks.constEnd()) {
        answerNotFound(responder);
        return;
    }
    send(responder, 200, statusBody(*it, nextScriptedStatus(taskId)));
}

void DemoServer::answerContent(const QString& taskId, const QString& variant, QHttpServerResponder& responder)
{
    const auto it = m_tasks.constFind(taskId);
    if (it == m_tasks.constEnd()) {
        answerNotFound(responder);
        return;
    }
    const QString chosen = variant.isEmpty() ? QStringLiteral("video") : variant;
    QByteArray contentType;
    if (chosen == QLatin1String("video"))
        contentType = videoContentType(taskId);
    else if (chosen == QLatin1String("thumbnail") || chosen == QLatin1String("spritesheet"))
        contentType = "image/png"; // OpenAI sends webp and jpeg; PNG is what the demo can draw without QtGui
    if (contentType.isEmpty()) {
        send(responder, 400,
             errorBody(QStringLiteral("Invalid variant '%1'").arg(chosen), QStringLiteral("invalid_request_error"),
                       QStringLiteral("invalid_variant")));
        return;
    }
    if (describe(*it, DemoFlavour::Seed).value(QStringLiteral("status")).toString() != QLatin1String("SUCCESS")) {
        send(responder, 400,
             errorBody(QStringLiteral("Video is not ready yet; its status must be completed"),
                       QStringLiteral("invalid_request_error"), QStringLiteral("video_not_ready")));
        return;
    }
    if (m_contentViaCdn) {
        send(responder, 302, QByteArray(), {{"Location", m_cdn->signedUrl(taskId, chosen).toEncoded()}});
        return;
    }
    if (const std::optional<QByteArray> png = picture(taskId, chosen)) {
        send(responder, 200, *png, {}, contentType);
        return;
    }
    send(responder, 200, videoSlice(taskId, chosen, 0, contentSize(taskId, chosen)), {}, contentType);
}

QJsonObject DemoServer::echoObject(const QString& taskId) const
{
    const QString key = QString::fromUtf8(m_currentCredential);
    const QString masked = key.left(5) + QStringLiteral("****") + key.right(4);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    return {{QStringLiteral("id"), taskId},
            {QStringLiteral("object"), QStringLiteral("video")},
            {QStringLiteral("model"), QStringLiteral("sora-2-") + key},
            {QStringLiteral("status"), QStringLiteral("failed")},
            {QStringLiteral("progress"), 0},
            {QStringLiteral("created_at"), now},
            {QStringLiteral("completed_at"), now},
            {QStringLiteral("prompt"), QStringLiteral("A lighthouse, for the key %1").arg(key)},
            {QStringLiteral("size"), QStringLiteral("720x1280")},
            {QStringLiteral("seconds"), QStringLiteral("8")},
            {QStringLiteral("url"),
             QStringLiteral("%1/v1/videos/%2/content?key=%3").arg(baseUrl().toString(), taskId, key)},
            {QStringLiteral("error"),
             QJsonObject{{QStringLiteral("code"), QStringLiteral("key_") + key},
                         {QStringLiteral("message"),
                          QStringLiteral("The key %1 (%2) is not allowed for this model").arg(masked, key)}}},
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("request"),
                          QJsonObject{{QStringLiteral("headers"),
                                       QJsonObject{{QStringLiteral("authorization"), QStringLiteral("Bearer ") + key}}},
                                      {QStringLiteral("escaped"), QStringLiteral("@ESCAPED@")}}}}}};
}

QByteArray DemoServer::echoBody(const QString& taskId) const
{
    QByteArray body = QJsonDocument(echoObject(taskId)).toJson(QJsonDocument::Compact);
    // Once more with every character written as a JSON escape (backslash, u, four hex digits), which a
    // client must read, not search, to find.
    QByteArray escaped;
    for (const char byte : m_currentCredential)
        escaped += "\\u00" + QByteArray::number(quint8(byte), 16).rightJustified(2, '0');
    return body.replace("@ESCAPED@", escaped);
}

void DemoServer::answerList(const QHttpServerRequest& request, QHttpServerResponder& responder, bool echo)
{
    if (m_listForbidden) {
        send(responder, 403,
             errorBody(QStringLiteral("Listing videos is not allowed for this key"), QStringLiteral("permission_error"),
                       QStringLiteral("forbidden")));
        return;
    }
    if (!m_listSupported || m_flavour != DemoFlavour::OpenAI) {
        send(responder, 404,
             errorBody(QStringLiteral("Invalid URL (GET %1)").arg(request.url().path()),
                       QStringLiteral("invalid_request_error"), QString()));
        return;
    }
    const QUrlQuery query = request.query();
    const int limit = std::clamp(query.queryItemValue(QStringLiteral("limit")).toInt(), 1, 100);
    const bool ascending = query.queryItemValue(QStringLiteral("order")) == QLatin1String("asc");
    const QString after = query.queryItemValue(QStringLiteral("after"));

    QStringList ordered = taskIds();
    if (!ascending)
        std::reverse(ordered.begin(), ordered.end());
    int start = 0;
    if (!after.isEmpty())
        start = ordered.indexOf(after) + 1;
    QJsonArray data;
    for (int i = start; i < ordered.size() && data.size() < limit; ++i)
        data.append(echo ? echoObject(ordered.at(i)) : describe(m_tasks.value(ordered.at(i)), DemoFlavour::OpenAI));
    const bool hasMore = start + data.size() < ordered.size();
    const QJsonObject list{
        {QStringLiteral("object"), QStringLiteral("list")},
        {QStringLiteral("data"), data},
        {QStringLiteral("first_id"),
         data.isEmpty() ? QJsonValue(QJsonValue::Null) : data.first()[QStringLiteral("id")]},
        {QStringLiteral("last_id"), data.isEmpty() ? QJsonValue(QJsonValue::Null) : data.last()[QStringLiteral("id")]},
        {QStringLiteral("has_more"), hasMore}};
    send(responder, 200, QJsonDocument(list).toJson(QJsonDocument::Compact));
}

} // namespace Reelwatch

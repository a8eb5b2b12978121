#include "demonativeapis.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QTimeZone>

namespace Reelwatch {

namespace {

QByteArray json(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

DemoAnswer ok(const QJsonObject& object)
{
    return DemoAnswer{200, json(object), {}};
}

DemoAnswer status(int httpStatus, const QJsonObject& object)
{
    return DemoAnswer{httpStatus, json(object), {}};
}

QString isoTime(qint64 unix)
{
    return QDateTime::fromSecsSinceEpoch(unix, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonValue textOrNull(const QString& text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue urlOrNull(bool present, const QUrl& url)
{
    return present ? QJsonValue(url.toString()) : QJsonValue(QJsonValue::Null);
}

// Each provider's own vocabulary for the seed lifecycle.
QString word(const QString& provider, const QString& seed)
{
    struct Words
    {
        const char* submitted;
        const char* queued;
        const char* running;
        const char* succeeded;
        const char* failed;
    };
    static const QHash<QString, Words> vocabulary = {
        {QStringLiteral("runway"), {"PENDING", "THROTTLED", "RUNNING", "SUCCEEDED", "FAILED"}},
        {QStringLiteral("luma"), {"queued", "queued", "dreaming", "completed", "failed"}},
        {QStringLiteral("minimax"), {"Preparing", "Queueing", "Processing", "Success", "Fail"}},
        {QStringLiteral("dashscope"), {"PENDING", "PENDING", "RUNNING", "SUCCEEDED", "FAILED"}},
        {QStringLiteral("replicate"), {"starting", "starting", "processing", "succeeded", "failed"}},
        {QStringLiteral("fal"), {"IN_QUEUE", "IN_QUEUE", "IN_PROGRESS", "COMPLETED", "COMPLETED"}},
        {QStringLiteral("ark"), {"queued", "queued", "running", "succeeded", "failed"}},
        {QStringLiteral("vidu"), {"created", "queueing", "processing", "success", "failed"}},
        {QStringLiteral("kling"), {"submitted", "submitted", "processing", "succeed", "failed"}},
        {QStringLiteral("newapi"), {"SUBMITTED", "QUEUED", "IN_PROGRESS", "SUCCESS", "FAILURE"}},
    };
    const Words words = vocabulary.value(provider);
    if (seed == QLatin1String("QUEUED"))
        return QString::fromLatin1(words.queued);
    if (seed == QLatin1String("IN_PROGRESS"))
        return QString::fromLatin1(words.running);
    if (seed == QLatin1String("SUCCESS"))
        return QString::fromLatin1(words.succeeded);
    if (seed == QLatin1String("FAILURE"))
        return QString::fromLatin1(words.failed);
    return QString::fromLatin1(words.submitted);
}

QByteArray base64UrlDecode(const QByteArray& text)
{
    return QByteArray::fromBase64(text, QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray headerValue(const QList<QPair<QByteArray, QByteArray>>& headers, const QByteArray& name)
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return QByteArray();
}

DemoAnswer badRequest(const QString& provider, const QString& message)
{
    if (provider == QLatin1String("runway"))
        return status(400, {{QStringLiteral("error"), message}});
    return status(400, {{QStringLiteral("message"), message}});
}

} // namespace

const QStringList& DemoNativeApis::providerIds()
{
    static const QStringList ids = {
        QStringLiteral("newapi"),    QStringLiteral("runway"),    QStringLiteral("luma"),   QStringLiteral("minimax"),
        QStringLiteral("dashscope"), QStringLiteral("replicate"), QStringLiteral("fal"),    QStringLiteral("ark"),
        QStringLiteral("vidu"),      QStringLiteral("kling"),     QStringLiteral("gemini"), QStringLiteral("pixverse"),
    };
    return ids;
}

std::optional<DemoNativeApis::Call> DemoNativeApis::parse(const QString& provider, const QString& path,
                                                          const QUrlQuery& query)
{
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const auto call = [&provider](Kind kind, const QString& taskId) {
        return taskId.isEmpty() ? std::nullopt : std::optional<Call>(Call{provider, kind, taskId});
    };
    const auto matches = [&parts](const QStringList& shape) {
        if (parts.size() != shape.size())
            return false;
        for (int i = 0; i < shape.size(); ++i) {
            if (shape.at(i) != QLatin1String("*") && shape.at(i) != parts.at(i))
                return false;
        }
        return true;
    };
    const auto at = [&parts](int i) { return parts.value(i); };
    if (provider == QLatin1String("newapi") && matches({"v1", "video", "generations", "*"}))
        return call(Kind::Status, at(3));
    if (provider == QLatin1String("runway") && matches({"v1", "tasks", "*"}))
        return call(Kind::Status, at(2));
    const auto list = [&provider] { return std::optional<Call>(Call{provider, Kind::List, QString()}); };
    if (provider == QLatin1String("luma") && matches({"dream-machine", "v1", "generations"}))
        return list();
    if (provider == QLatin1String("replicate") && matches({"v1", "predictions"}))
        return list();
    if (provider == QLatin1String("kling") && matches({"v1", "videos", "text2video"}))
        return list();
    if (provider == QLatin1String("ark") && matches({"api", "v3", "contents", "generations", "tasks"}))
        return list();
    if (provider == QLatin1String("luma") && matches({"dream-machine", "v1", "generations", "*"}))
        return call(Kind::Status, at(3));
    if (provider == QLatin1String("minimax") && matches({"v1", "query", "video_generation"}))
        return call(Kind::Status, query.queryItemValue(QStringLiteral("task_id")));
    if (provider == QLatin1String("minimax") && matches({"v1", "files", "retrieve"})) {
        const QString fileId = query.queryItemValue(QStringLiteral("file_id"));
        return fileId.startsWith(QLatin1String("file-")) ? call(Kind::File, fileId.mid(5)) : std::nullopt;
    }
    if (provider == QLatin1String("dashscope") && matches({"api", "v1", "tasks", "*"}))
        return call(Kind::Status, at(3));
    if (provider == QLatin1String("replicate") && matches({"v1", "predictions", "*"}))
        return call(Kind::Status, at(2));
    // fal's base URL is the app: /fal/<owner>/<alias>/requests/<id>[/status].
    if (provider == QLatin1String("fal") && matches({"*", "*", "requests", "*", "status"}))
        return call(Kind::Status, at(3));
    if (provider == QLatin1String("fal") && matches({"*", "*", "requests", "*"}))
        return call(Kind::Result, at(3));
    if (provider == QLatin1String("ark") && matches({"api", "v3", "contents", "generations", "tasks", "*"}))
        return call(Kind::Status, at(5));
    if (provider == QLatin1String("vidu") && matches({"ent", "v2", "tasks", "*", "creations"}))
        return call(Kind::Status, at(3));
    if (provider == QLatin1String("kling")
        && (matches({"v1", "videos", "text2video", "*"}) || matches({"v1", "videos", "image2video", "*"})))
        return call(Kind::Status, at(3));
    if (provider == QLatin1String("gemini") && matches({"v1beta", "models", "*", "operations", "*"}))
        return call(Kind::Status, at(4));
    if (provider == QLatin1String("pixverse") && matches({"openapi", "v2", "video", "result", "*"})) {
        bool digits = false;
        at(4).toULongLong(&digits);
        return digits ? call(Kind::Status, at(4)) : std::nullopt;
    }
    return std::nullopt;
}

bool DemoNativeApis::isValidKlingToken(const QByteArray& token, const QByteArray& accessKey,
                                       const QByteArray& secretKey, qint64 nowUnix)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return false;
    const QJsonObject header = QJsonDocument::fromJson(base64UrlDecode(parts.at(0))).object();
    const QJsonObject payload = QJsonDocument::fromJson(base64UrlDecode(parts.at(1))).object();
    if (header.value(QStringLiteral("alg")).toString() != QLatin1String("HS256"))
        return false;
    if (payload.value(QStringLiteral("iss")).toString().toUtf8() != accessKey)
        return false;
    const qint64 notBefore = payload.value(QStringLiteral("nbf")).toInteger(-1);
    const qint64 expires = payload.value(QStringLiteral("exp")).toInteger(-1);
    if (notBefore < 0 || expires < 0 || notBefore > nowUnix || expires <= nowUnix)
        return false;
    if (secretKey.isEmpty())
        return true; // the demo accepts any key pair: the shape and times are still checked
    const QByteArray expected
        = QMessageAuthenticationCode::hash(parts.at(0) + '.' + parts.at(1), secretKey, QCryptographicHash::Sha256);
    return base64UrlDecode(parts.at(2)) == expected;
}

std::optional<DemoAnswer> DemoNativeApis::checkCredential(const QString& provider, const QByteArray& authorization,
                                                          const QList<QPair<QByteArray, QByteArray>>& headers,
                                                          const QByteArray& requiredSecret)
{
    const auto keyIs = [&requiredSecret](const QByteArray& sent) {
        return requiredSecret.isEmpty() ? !sent.isEmpty() : sent == requiredSecret;
    };
    const auto scheme = [&authorization](const QByteArray& prefix) {
        return authorization.startsWith(prefix) ? authorization.mid(prefix.size()) : QByteArray();
    };
    if (provider == QLatin1String("runway")) {
        if (headerValue(headers, "X-Runway-Version") != "2024-11-06")
            return badRequest(provider, QStringLiteral("The X-Runway-Version header is required: 2024-11-06"));
        return keyIs(scheme("Bearer ")) ? std::nullopt : std::optional<DemoAnswer>(unauthorised(provider));
    }
    if (provider == QLatin1String("kling")) {
        const QByteArray token = scheme("Bearer ");
        const int colon = requiredSecret.indexOf(':');
        const QByteArray accessKey = colon > 0 ? requiredSecret.left(colon) : QByteArray();
        const QByteArray secretKey = colon > 0 ? requiredSecret.mid(colon + 1) : QByteArray();
        const QJsonObject payload = QJsonDocument::fromJson(base64UrlDecode(token.split('.').value(1))).object();
        const QByteArray issuer
            = accessKey.isEmpty() ? payload.value(QStringLiteral("iss")).toString().toUtf8() : accessKey;
        if (issuer.isEmpty() || !isValidKlingToken(token, issuer, secretKey, QDateTime::currentSecsSinceEpoch()))
            return unauthorised(provider);
        return std::nullopt;
    }
    if (provider == QLatin1String("pixverse")) {
        // A reused trace id is what leaves PixVerse tasks "generating" for ever; the demo refuses it
        // outright so a client that reuses one fails its tests.
        const QByteArray trace = headerValue(headers, "Ai-trace-id");
        if (trace.isEmpty())
            return status(400,
                          {{QStringLiteral("ErrCode"), 400017},
                           {QStringLiteral("ErrMsg"), QStringLiteral("Ai-trace-id is required")}});
        if (m_pixverseTraceIds.contains(trace))
            return status(400,
                          {{QStringLiteral("ErrCode"), 400018},
                           {QStringLiteral("ErrMsg"), QStringLiteral("Ai-trace-id was used before")}});
        m_pixverseTraceIds.insert(trace);
        return keyIs(headerValue(headers, "API-KEY")) ? std::nullopt
                                                      : std::optional<DemoAnswer>(unauthorised(provider));
    }
    if (provider == QLatin1String("gemini"))
        return keyIs(headerValue(headers, "x-goog-api-key")) ? std::nullopt
                                                             : std::optional<DemoAnswer>(unauthorised(provider));
    if (provider == QLatin1String("vidu"))
        return keyIs(scheme("Token ")) ? std::nullopt : std::optional<DemoAnswer>(unauthorised(provider));
    if (provider == QLatin1String("fal"))
        return keyIs(scheme("Key ")) ? std::nullopt : std::optional<DemoAnswer>(unauthorised(provider));
    return keyIs(scheme("Bearer ")) ? std::nullopt : std::optional<DemoAnswer>(unauthorised(provider));
}

DemoAnswer DemoNativeApis::unauthorised(const QString& provider)
{
    if (provider == QLatin1String("newapi"))
        return status(401,
                      {{QStringLiteral("error"),
                        QJsonObject{{QStringLiteral("message"), QStringLiteral("Invalid token")},
                                    {QStringLiteral("type"), QStringLiteral("new_api_error")},
                                    {QStringLiteral("code"), QStringLiteral("invalid_token")}}}});
    if (provider == QLatin1String("runway"))
        return status(401, {{QStringLiteral("error"), QStringLiteral("Invalid API key")}});
    if (provider == QLatin1String("minimax"))
        return ok({{QStringLiteral("base_resp"),
                    QJsonObject{{QStringLiteral("status_code"), 1004},
                                {QStringLiteral("status_msg"), QStringLiteral("login fail")}}}});
    if (provider == QLatin1String("dashscope"))
        return status(401,
                      {{QStringLiteral("code"), QStringLiteral("InvalidApiKey")},
                       {QStringLiteral("message"), QStringLiteral("Invalid API-key provided.")}});
    if (provider == QLatin1String("kling"))
        return status(401,
                      {{QStringLiteral("code"), 1004},
                       {QStringLiteral("message"), QStringLiteral("Authorization signature is invalid")}});
    if (provider == QLatin1String("gemini"))
        return status(
            400,
            {{QStringLiteral("error"),
              QJsonObject{
                  {QStringLiteral("code"), 400},
                  {QStringLiteral("message"), QStringLiteral("API key not valid. Please pass a valid API key.")},
                  {QStringLiteral("status"), QStringLiteral("INVALID_ARGUMENT")},
                  {QStringLiteral("details"),
                   QJsonArray{QJsonObject{{QStringLiteral("reason"), QStringLiteral("API_KEY_INVALID")}}}}}}});
    if (provider == QLatin1String("pixverse"))
        return status(
            401,
            {{QStringLiteral("ErrCode"), 10005}, {QStringLiteral("ErrMsg"), QStringLiteral("API key is invalid")}});
    if (provider == QLatin1String("vidu"))
        return status(401,
                      {{QStringLiteral("code"), 401},
                       {QStringLiteral("reason"), QStringLiteral("Unauthorized")},
                       {QStringLiteral("message"), QStringLiteral("invalid token")}});
    if (provider == QLatin1String("ark"))
        return status(401,
                      {{QStringLiteral("error"),
                        QJsonObject{{QStringLiteral("code"), QStringLiteral("AuthenticationError")},
                                    {QStringLiteral("message"), QStringLiteral("The API key is invalid.")}}}});
    return status(401, {{QStringLiteral("detail"), QStringLiteral("Invalid credentials")}});
}

DemoAnswer DemoNativeApis::notFound(const Call& call)
{
    const QString& p = call.provider;
    if (p == QLatin1String("newapi"))
        return status(400,
                      {{QStringLiteral("code"), QStringLiteral("task_not_exist")},
                       {QStringLiteral("message"), QStringLiteral("task_not_exist")},
                       {QStringLiteral("data"), QJsonValue::Null}});
    if (p == QLatin1String("runway"))
        return status(404, {{QStringLiteral("error"), QStringLiteral("Task not found")}});
    if (p == QLatin1String("minimax"))
        return status(404,
                      {{QStringLiteral("base_resp"),
                        QJsonObject{{QStringLiteral("status_code"), 404},
                                    {QStringLiteral("status_msg"), QStringLiteral("task not found")}}}});
    if (p == QLatin1String("dashscope"))
        return status(404,
                      {{QStringLiteral("code"), QStringLiteral("NotFound")},
                       {QStringLiteral("message"), QStringLiteral("task not found")}});
    if (p == QLatin1String("kling"))
        return status(404,
                      {{QStringLiteral("code"), 1203}, {QStringLiteral("message"), QStringLiteral("task not found")}});
    if (p == QLatin1String("gemini"))
        return status(404,
                      {{QStringLiteral("error"),
                        QJsonObject{{QStringLiteral("code"), 404},
                                    {QStringLiteral("message"), QStringLiteral("Operation not found")},
                                    {QStringLiteral("status"), QStringLiteral("NOT_FOUND")}}}});
    if (p == QLatin1String("pixverse"))
        return status(
            404, {{QStringLiteral("ErrCode"), 404}, {QStringLiteral("ErrMsg"), QStringLiteral("video not found")}});
    if (p == QLatin1String("vidu"))
        return status(404,
                      {{QStringLiteral("code"), 404},
                       {QStringLiteral("reason"), QStringLiteral("TaskNotFound")},
                       {QStringLiteral("message"), QStringLiteral("task not found")}});
    if (p == QLatin1String("ark"))
        return status(404,
                      {{QStringLiteral("error"),
                        QJsonObject{{QStringLiteral("code"), QStringLiteral("ResourceNotFound")},
                                    {QStringLiteral("message"), QStringLiteral("The specified task is not found.")}}}});
    if (p == QLatin1String("luma"))
        return status(404, {{QStringLiteral("detail"), QStringLiteral("Generation not found")}});
    if (p == QLatin1String("fal"))
        return status(404, {{QStringLiteral("detail"), QStringLiteral("Request not found")}});
    return status(404, {{QStringLiteral("detail"), QStringLiteral("Not found.")}});
}

DemoAnswer DemoNativeApis::listAnswer(const Call& call, const QList<DemoTaskView>& tasks, const QUrlQuery& query,
                                      const QUrl& routeUrl)
{
    const QString& p = call.provider;
    const auto number = [&query](const char* name, int fallback) {
        bool ok = false;
        const int value = query.queryItemValue(QLatin1String(name)).toInt(&ok);
        return ok && value >= 0 ? value : fallback;
    };
    // Each item is exactly what the status route says of that task.
    const auto items = [&](int first, int count) {
        QJsonArray array;
        for (int i = first; i >= 0 && i < tasks.size() && i < first + count; ++i) {
            const Call one{p, Kind::Status, tasks.at(i).id};
            QJsonObject item = QJsonDocument::fromJson(answer(one, tasks.at(i)).body).object();
            if (p == QLatin1String("kling"))
                item = item.value(QStringLiteral("data")).toObject(); // the list carries the bare data objects
            array.append(item);
        }
        return array;
    };
    if (p == QLatin1String("luma")) {
        const int limit = std::clamp(number("limit", 10), 1, 100);
        const int offset = number("offset", 0);
        return ok({{QStringLiteral("generations"), items(offset, limit)},
                   {QStringLiteral("has_more"), offset + limit < tasks.size()},
                   {QStringLiteral("count"), int(tasks.size())}});
    }
    if (p == QLatin1String("replicate")) {
        constexpr int kPage = 100; // Replicate's page size is its own
        const int offset = number("cursor", 0);
        QUrl next = routeUrl;
        next.setQuery(QStringLiteral("cursor=%1").arg(offset + kPage));
        return ok({{QStringLiteral("results"), items(offset, kPage)},
                   {QStringLiteral("next"),
                    offset + kPage < tasks.size() ? QJsonValue(next.toString()) : QJsonValue(QJsonValue::Null)},
                   {QStringLiteral("previous"), QJsonValue::Null}});
    }
    const bool kling = p == QLatin1String("kling");
    const int size = std::clamp(number(kling ? "pageSize" : "page_size", 30), 1, 500);
    const int page = std::max(1, number(kling ? "pageNum" : "page_num", 1));
    const QJsonArray pageItems = items((page - 1) * size, size);
    if (kling)
        return ok({{QStringLiteral("code"), 0},
                   {QStringLiteral("message"), QStringLiteral("SUCCEED")},
                   {QStringLiteral("request_id"), QStringLiteral("demo")},
                   {QStringLiteral("data"), pageItems}});
    return ok({{QStringLiteral("items"), pageItems}, {QStringLiteral("total"), int(tasks.size())}});
}

DemoAnswer DemoNativeApis::answer(const Call& call, const DemoTaskView& t)
{
    const QString& p = call.provider;
    const QString w = word(p, t.status);
    const bool running = t.status == QLatin1String("IN_PROGRESS");
    if (p == QLatin1String("newapi")) {
        QJsonObject data{{QStringLiteral("task_id"), t.id},
                         {QStringLiteral("status"), w},
                         {QStringLiteral("progress"), QStringLiteral("%1%").arg(t.progress)},
                         {QStringLiteral("submit_time"), t.createdAtUnix},
                         {QStringLiteral("finish_time"), t.finished() ? t.completedAtUnix : 0},
                         {QStringLiteral("fail_reason"), t.failed() ? t.failureMessage : QString()}};
        if (t.succeeded())
            data.insert(QStringLiteral("result_url"), t.videoUrl.toString());
        return ok({{QStringLiteral("code"), QStringLiteral("success")},
                   {QStringLiteral("message"), QString()},
                   {QStringLiteral("data"), data}});
    }
    if (p == QLatin1String("runway")) {
        QJsonObject object{{QStringLiteral("id"), t.id},
                           {QStringLiteral("status"), w},
                           {QStringLiteral("createdAt"), isoTime(t.createdAtUnix)}};
        if (running)
            object.insert(QStringLiteral("progress"), t.progress / 100.0);
        if (t.succeeded())
            object.insert(QStringLiteral("output"), QJsonArray{t.videoUrl.toString()});
        if (t.failed()) {
            object.insert(QStringLiteral("failure"), t.failureMessage);
            object.insert(QStringLiteral("failureCode"), QStringLiteral("SAFETY.INPUT.TEXT"));
        }
        return ok(object);
    }
    if (p == QLatin1String("luma")) {
        return ok({{QStringLiteral("id"), t.id},
                   {QStringLiteral("state"), w},
                   {QStringLiteral("failure_reason"),
                    t.failed() ? QJsonValue(t.failureMessage) : QJsonValue(QJsonValue::Null)},
                   {QStringLiteral("created_at"), isoTime(t.createdAtUnix)},
                   {QStringLiteral("model"), QStringLiteral("ray-2")},
                   {QStringLiteral("assets"),
                    t.succeeded() ? QJsonValue(QJsonObject{{QStringLiteral("video"), t.videoUrl.toString()},
                                                           {QStringLiteral("image"), t.thumbnailUrl.toString()}})
                                  : QJsonValue(QJsonValue::Null)},
                   {QStringLiteral("request"),
                    QJsonObject{{QStringLiteral("prompt"), t.prompt},
                                {QStringLiteral("resolution"), QStringLiteral("720p")},
                                {QStringLiteral("duration"), QStringLiteral("%1s").arg(t.seconds)}}}});
    }
    if (p == QLatin1String("minimax")) {
        const QJsonObject success{{QStringLiteral("status_code"), 0},
                                  {QStringLiteral("status_msg"), QStringLiteral("success")}};
        if (call.kind == Kind::File) {
            if (!t.succeeded())
                return notFound(call);
            return ok({{QStringLiteral("file"),
                        QJsonObject{{QStringLiteral("file_id"), QStringLiteral("file-") + t.id},
                                    {QStringLiteral("bytes"), 0},
                                    {QStringLiteral("created_at"), t.completedAtUnix},
                                    {QStringLiteral("filename"), t.id + QStringLiteral(".mp4")},
                                    {QStringLiteral("purpose"), QStringLiteral("video_generation")},
                                    {QStringLiteral("download_url"), t.videoUrl.toString()}}},
                       {QStringLiteral("base_resp"), success}});
        }
        // A render stopped by moderation comes back as the envelope's 1026, the documented "sensitive" code.
        const QJsonObject sensitive{{QStringLiteral("status_code"), 1026},
                                    {QStringLiteral("status_msg"), t.failureMessage}};
        return ok({{QStringLiteral("task_id"), t.id},
                   {QStringLiteral("status"), w},
                   {QStringLiteral("file_id"), t.succeeded() ? QStringLiteral("file-") + t.id : QString()},
                   {QStringLiteral("base_resp"), t.failed() ? sensitive : success}});
    }
    if (p == QLatin1String("dashscope")) {
        QJsonObject output{{QStringLiteral("task_id"), t.id},
                           {QStringLiteral("task_status"), w},
                           {QStringLiteral("submit_time"),
                            QDateTime::fromSecsSinceEpoch(t.createdAtUnix, QTimeZone(8 * 3600))
                                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))}};
        if (t.finished())
            output.insert(QStringLiteral("end_time"),
                          QDateTime::fromSecsSinceEpoch(t.completedAtUnix, QTimeZone(8 * 3600))
                              .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
        if (t.succeeded()) {
            output.insert(QStringLiteral("video_url"), t.videoUrl.toString());
            output.insert(QStringLiteral("orig_prompt"), t.prompt);
        }
        if (t.failed()) {
            output.insert(QStringLiteral("code"), QStringLiteral("DataInspectionFailed"));
            output.insert(QStringLiteral("message"), t.failureMessage);
        }
        return ok({{QStringLiteral("request_id"), QStringLiteral("demo-") + t.id}, {QStringLiteral("output"), output}});
    }
    if (p == QLatin1String("replicate")) {
        QString logs;
        if (running || t.finished())
            logs = QStringLiteral("Generating video\n%1%|%2| %3/50\n")
                       .arg(t.finished() ? 100 : t.progress, 3)
                       .arg(QString(t.progress / 10, QChar(0x2588)), -10)
                       .arg((t.finished() ? 100 : t.progress) / 2);
        return ok({{QStringLiteral("id"), t.id},
                   {QStringLiteral("model"), QStringLiteral("minimax/video-01")},
                   {QStringLiteral("status"), w},
                   {QStringLiteral("input"), QJsonObject{{QStringLiteral("prompt"), t.prompt}}},
                   {QStringLiteral("logs"), logs},
                   {QStringLiteral("output"), urlOrNull(t.succeeded(), t.videoUrl)},
                   {QStringLiteral("error"), t.failed() ? QJsonValue(t.failureMessage) : QJsonValue(QJsonValue::Null)},
                   {QStringLiteral("created_at"), isoTime(t.createdAtUnix)},
                   {QStringLiteral("completed_at"),
                    t.finished() ? QJsonValue(isoTime(t.completedAtUnix)) : QJsonValue(QJsonValue::Null)}});
    }
    if (p == QLatin1String("fal")) {
        if (call.kind == Kind::Result) {
            if (!t.finished())
                return status(400, {{QStringLiteral("detail"), QStringLiteral("Request is still in progress")}});
            if (t.failed())
                return status(
                    422,
                    {{QStringLiteral("detail"),
                      QJsonArray{QJsonObject{
                          {QStringLiteral("loc"), QJsonArray{QStringLiteral("body"), QStringLiteral("prompt")}},
                          {QStringLiteral("msg"), t.failureMessage},
                          {QStringLiteral("type"), QStringLiteral("content_policy_violation")}}}}});
            return ok({{QStringLiteral("video"),
                        QJsonObject{{QStringLiteral("url"), t.videoUrl.toString()},
                                    {QStringLiteral("content_type"), QStringLiteral("video/mp4")}}}});
        }
        QJsonObject object{{QStringLiteral("status"), w}, {QStringLiteral("request_id"), t.id}};
        if (!running && !t.finished())
            object.insert(QStringLiteral("queue_position"), t.queuePosition);
        if (running || t.finished())
            object.insert(QStringLiteral("logs"),
                          QJsonArray{QJsonObject{{QStringLiteral("message"), QStringLiteral("Generating")}}});
        return ok(object);
    }
    if (p == QLatin1String("ark")) {
        QJsonObject object{{QStringLiteral("id"), t.id},
                           {QStringLiteral("model"), QStringLiteral("doubao-seedance-1-0-pro-250528")},
                           {QStringLiteral("status"), w},
                           {QStringLiteral("created_at"), t.createdAtUnix},
                           {QStringLiteral("updated_at"), t.finished() ? t.completedAtUnix : t.createdAtUnix},
                           {QStringLiteral("resolution"), QStringLiteral("720p")},
                           {QStringLiteral("duration"), t.seconds}};
        if (t.succeeded())
            object.insert(QStringLiteral("content"),
                          QJsonObject{{QStringLiteral("video_url"), t.videoUrl.toString()},
                                      {QStringLiteral("last_frame_url"), t.thumbnailUrl.toString()}});
        if (t.failed())
            object.insert(QStringLiteral("error"),
                          QJsonObject{{QStringLiteral("code"), QStringLiteral("OutputVideoSensitiveContentDetected")},
                                      {QStringLiteral("message"), t.failureMessage}});
        return ok(object);
    }
    if (p == QLatin1String("vidu")) {
        QJsonArray creations;
        if (t.succeeded())
            creations.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("c-") + t.id},
                                         {QStringLiteral("url"), t.videoUrl.toString()},
                                         {QStringLiteral("cover_url"), t.thumbnailUrl.toString()}});
        return ok({{QStringLiteral("id"), t.id},
                   {QStringLiteral("state"), w},
                   {QStringLiteral("err_code"), t.failed() ? QStringLiteral("CreationPolicyViolation") : QString()},
                   {QStringLiteral("credits"), 4},
                   {QStringLiteral("creations"), creations}});
    }
    if (p == QLatin1String("kling")) {
        QJsonObject data{{QStringLiteral("task_id"), t.id},
                         {QStringLiteral("task_status"), w},
                         {QStringLiteral("created_at"), t.createdAtUnix * 1000},
                         {QStringLiteral("updated_at"), (t.finished() ? t.completedAtUnix : t.createdAtUnix) * 1000}};
        if (t.failed())
            data.insert(QStringLiteral("task_status_msg"), t.failureMessage);
        if (t.succeeded())
            data.insert(
                QStringLiteral("task_result"),
                QJsonObject{{QStringLiteral("videos"),
                             QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("v-") + t.id},
                                                    {QStringLiteral("url"), t.videoUrl.toString()},
                                                    {QStringLiteral("duration"), QString::number(t.seconds)}}}}});
        return ok({{QStringLiteral("code"), 0},
                   {QStringLiteral("message"), QStringLiteral("SUCCEED")},
                   {QStringLiteral("request_id"), QStringLiteral("demo")},
                   {QStringLiteral("data"), data}});
    }
    if (p == QLatin1String("gemini")) {
        QJsonObject object{
            {QStringLiteral("name"), QStringLiteral("models/%1/operations/%2").arg(QLatin1String(kGeminiModel), t.id)}};
        if (t.finished())
            object.insert(QStringLiteral("done"), true);
        if (t.succeeded())
            object.insert(
                QStringLiteral("response"),
                QJsonObject{{QStringLiteral("@type"),
                             QStringLiteral(
                                 "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse")},
                            {QStringLiteral("generateVideoResponse"),
                             QJsonObject{{QStringLiteral("generatedSamples"),
                                          QJsonArray{QJsonObject{
                                              {QStringLiteral("video"),
                                               QJsonObject{{QStringLiteral("uri"), t.videoUrl.toString()}}}}}}}}});
        if (t.failed())
            object.insert(QStringLiteral("error"),
                          QJsonObject{{QStringLiteral("code"), 3}, {QStringLiteral("message"), t.failureMessage}});
        return ok(object);
    }
    if (p == QLatin1String("pixverse")) {
        const int code = t.succeeded() ? 1 : t.failed() ? 7 : 5;
        return ok(
            {{QStringLiteral("ErrCode"), 0},
             {QStringLiteral("ErrMsg"), QStringLiteral("success")},
             {QStringLiteral("Resp"),
              QJsonObject{{QStringLiteral("id"), t.id.toLongLong()},
                          {QStringLiteral("status"), code},
                          {QStringLiteral("prompt"), t.prompt},
                          {QStringLiteral("create_time"), isoTime(t.createdAtUnix)},
                          {QStringLiteral("url"), t.succeeded() ? t.videoUrl.toString() : QString()},
                          {QStringLiteral("cover_url"), t.succeeded() ? t.thumbnailUrl.toString() : QString()}}}});
    }
    return notFound(call);
}

} // namespace Reelwatch

#pragma once

#include <optional>
#include <QByteArray>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

namespace Reelwatch {

// One simulated render as a native API reports it: the seed lifecycle (SUBMITTED, QUEUED,
// IN_PROGRESS, SUCCESS, FAILURE) that DemoServer computes, and the links to its assets.
struct DemoTaskView
{
    QString id;
    QString status; // the seed word
    int progress = 0;
    qint64 createdAtUnix = 0;
    qint64 completedAtUnix = 0;
    QString model;
    QString prompt;
    QString size;
    int seconds = 0;
    QString failureCode;
    QString failureMessage;
    QUrl videoUrl; // on the CDN: no key needed, as the providers' signed links
    QUrl thumbnailUrl;
    int queuePosition = 0;

    bool succeeded() const { return status == QLatin1String("SUCCESS"); }
    bool failed() const { return status == QLatin1String("FAILURE"); }
    bool finished() const { return succeeded() || failed(); }
};

struct DemoAnswer
{
    int httpStatus = 200;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

// The native video APIs the demo server speaks under a path prefix of their provider id
// ("/runway/v1/tasks/{id}", "/minimax/v1/files/retrieve?file_id=…"): each one's routes, credential
// rule and body shape, written from the providers' documentation on their own, never from
// Reelwatch's readers, so the end-to-end tests check one against the other.
class DemoNativeApis
{
public:
    enum class Kind
    {
        Status, // the status route
        Result, // fal: the result of a completed request
        File, // MiniMax: the file behind a finished task
        List, // the account's tasks, newest first, a page at a time (Luma, Replicate, Kling, Ark)
    };
    struct Call
    {
        QString provider;
        Kind kind = Kind::Status;
        QString taskId; // the demo's task ID (Gemini: the operation's last segment)
    };

    static const QStringList& providerIds();
    static bool isProvider(const QString& id) { return providerIds().contains(id); }

    // Which route of `provider` the path (after "/<provider>") and query ask for; nullopt for none.
    static std::optional<Call> parse(const QString& provider, const QString& path, const QUrlQuery& query);

    // The provider's credential rule, checked as the real API does: the key (when `requiredSecret` is
    // set), Runway's version header, Kling's signed token, a fresh PixVerse trace id on every request,
    // Vidu's and fal's schemes. An answer when the request breaks it.
    std::optional<DemoAnswer> checkCredential(const QString& provider, const QByteArray& authorization,
                                              const QList<QPair<QByteArray, QByteArray>>& headers,
                                              const QByteArray& requiredSecret);

    static DemoAnswer answer(const Call& call, const DemoTaskView& task);
    // One page of `tasks` (newest first) as the provider's list route answers it; `query` names the
    // page, `routeUrl` is the list route's own URL (Replicate's next links point back at it).
    static DemoAnswer listAnswer(const Call& call, const QList<DemoTaskView>& tasks, const QUrlQuery& query,
                                 const QUrl& routeUrl);
    static DemoAnswer notFound(const Call& call);
    static DemoAnswer unauthorised(const QString& provider);

    // HS256 JWT as Kling expects it, checked with the demo's own code: iss = access key, signed with
    // the secret key, nbf <= now < exp.
    static bool isValidKlingToken(const QByteArray& token, const QByteArray& accessKey, const QByteArray& secretKey,
                                  qint64 nowUnix);

    // Gemini operation names carry this model.
    static constexpr const char* kGeminiModel = "veo-3.0-generate-001";

private:
    QSet<QByteArray> m_pixverseTraceIds;
};

} // namespace Reelwatch

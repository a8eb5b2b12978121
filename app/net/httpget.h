#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QNetworkRequest>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace Reelwatch {

// What an HttpGet ended with.
struct HttpGetResult
{
    enum class Failure
    {
        None,
        Timeout,
        Network,
        TooLarge,
        RedirectRefused,
        Cancelled,
    };

    Failure failure = Failure::None;
    QString failureMessage;
    int httpStatus = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QUrl finalUrl;
    int redirects = 0;
    qint64 elapsedMs = 0;

    QByteArray header(const QByteArray& name) const;
};

// One GET with the guarantees every Reelwatch request needs and QNetworkAccessManager does not give
// by itself: a total deadline, a cap on the body (reading stops there), and redirects followed by
// hand so the credential header is sent only to the origin it belongs to and never over a downgrade
// to plain http. Deletes itself after finished().
class HttpGet : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QUrl url;
        QByteArray credentialHeaderName; // e.g. "Authorization"; sent only to credentialOrigin
        QByteArray credentialHeaderValue;
        QUrl credentialOrigin;
        QByteArray accept = QByteArrayLiteral("application/json");
        int timeoutMs = 30000;
        qint64 maxBodyBytes = 1024 * 1024;
        int maxRedirects = 5;
    };

    HttpGet(QNetworkAccessManager* manager, Options options, QObject* parent = nullptr);
    ~HttpGet() override;

    void start();
    void cancel();

    static QByteArray userAgent();

    // The policy shared by every Reelwatch GET (this class and the Downloader), kept in one place:
    // redirects are followed by hand, nothing is cached, and the credential header goes only to the
    // URL's origin when that is the credential's origin.
    static QNetworkRequest makeRequest(const QUrl& url, const QByteArray& accept,
                                       const QByteArray& credentialHeaderName, const QByteArray& credentialHeaderValue,
                                       const QUrl& credentialOrigin);
    static bool isRedirectStatus(int status);
    // Where a redirect answer leads, or why it must not be followed (no Location, too many hops, a
    // scheme other than https, or plain http to a host off this machine).
    struct RedirectHop
    {
        QUrl url;
        QString error; // empty when the hop may be followed
    };
    // Why `url` must not be requested, or empty when it may: only https, and plain http only to a
    // loopback host (a local server), whatever led there.
    static QString refusalFor(const QUrl& url);
    static RedirectHop redirectTarget(const QUrl& from, int status, const QByteArray& location, int redirectsSoFar,
                                      int maxRedirects);

signals:
    void finished(const Reelwatch::HttpGetResult& result);

private:
    void send(const QUrl& url);
    void onReadyRead();
    // Appends what the reply has ready to the body; false once the body passes the cap.
    bool readAvailable(QNetworkReply* reply);
    void onFinished();
    void finish();
    void fail(HttpGetResult::Failure failure, const QString& message);

    QNetworkAccessManager* m_manager;
    Options m_options;
    QPointer<QNetworkReply> m_reply;
    HttpGetResult m_result;
    QElapsedTimer m_clock;
    QTimer m_deadline;
    bool m_done = false;
    HttpGetResult::Failure m_abortReason = HttpGetResult::Failure::None;
};

} // namespace Reelwatch

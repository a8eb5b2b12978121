#pragma once

#include "core/apierror.h"
#include "core/responseinterpreter.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;

namespace Reelwatch {

// What an HttpGet ended with.
struct HttpGetResult
{
    // ErrorKind::None when an HTTP answer arrived (whatever its status); else Timeout
    // (NoCompleteAnswer), TooLarge (BodyTooLarge), Network (TransportFailed), Cancelled, or
    // InvalidResponse for a refused address or redirect.
    ApiError failure;
    int httpStatus = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QUrl finalUrl;
    int redirects = 0;
    qint64 elapsedMs = 0;

    bool answered() const { return !failure.isError(); }
    QByteArray header(const QByteArray& name) const;
    // What the interpreter reads of an answer: status, body and the headers that say when to ask again.
    HttpAnswer httpAnswer() const;
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
        // The provider's headers (the credential among them): sent only to credentialOrigin.
        QList<QPair<QByteArray, QByteArray>> originHeaders;
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
                                       const QList<QPair<QByteArray, QByteArray>>& originHeaders,
                                       const QUrl& credentialOrigin);
    static bool isRedirectStatus(int status);
    // Where a redirect answer leads, or why it must not be followed (no Location, too many hops, a
    // scheme other than https, or plain http to a host off this machine).
    struct RedirectHop
    {
        QUrl url;
        ApiError error; // none when the hop may be followed
    };
    // Why `url` must not be requested (InsecureUrl), or no error when it may: only https, and plain
    // http only to a loopback host (a local server), whatever led there.
    static ApiError refusalFor(const QUrl& url);
    // How a reply's transport error is classified.
    static TransportFailure transportFailureOf(QNetworkReply::NetworkError error);
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
    // The answer was a redirect (status and headers in m_result): on to its target, or fail.
    void followRedirect(const QUrl& from, const QByteArray& location);
    void finish();
    void fail(const ApiError& failure);
    void failWith(ErrorKind kind);

    QNetworkAccessManager* m_manager;
    Options m_options;
    QPointer<QNetworkReply> m_reply;
    HttpGetResult m_result;
    QElapsedTimer m_clock;
    QTimer m_deadline;
    bool m_done = false;
    ErrorKind m_abortReason = ErrorKind::None; // Timeout, TooLarge or Cancelled
};

} // namespace Reelwatch

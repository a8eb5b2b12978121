// Downloads over real loopback HTTP: the demo API redirects content requests to its CDN (a second
// origin), and files land in a temporary folder. Checks the bytes by SHA-256, that the CDN never
// sees a credential, resume after a dropped connection, every error kind and what stays on disk.

#include "demo/democdn.h"
#include "demo/demoserver.h"
#include "net/downloader.h"
#include "net/httpget.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>

Q_DECLARE_METATYPE(Reelwatch::AuthMode)

using namespace Reelwatch;

namespace {

const QByteArray kKey = QByteArrayLiteral("sk-download-test-0123456789KEYTAIL");
const QByteArray kToken = QByteArrayLiteral("eyJhbGciOiJIUzI1NiJ9.eyJ1IjoiZCJ9.TOKENTAIL");
constexpr qint64 kSize = 3 * 1024 * 1024 + 123; // not a multiple of any chunk size
const QString kTask = QStringLiteral("video_download_ok");

QByteArray expectedHash(const QString& id, const QString& variant, qint64 size)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (qint64 at = 0; at < size; at += 1024 * 1024)
        hash.addData(DemoServer::contentSlice(id, variant, at, std::min<qint64>(1024 * 1024, size - at)));
    return hash.result();
}

QByteArray fileHash(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

} // namespace

class TestDownloader : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void bytesArriveIntactAndTheCdnNeverSeesTheCredential_data();
    void bytesArriveIntactAndTheCdnNeverSeesTheCredential();
    void directContentWithoutCdn();
    void resumeAfterADroppedConnection();
    void automaticResumeWithinOneDownload();
    void serverWithoutRangeSupportStartsOver();
    void sizeMismatchRemovesThePartFile();
    void notReadyYet();
    void notFound();
    void expiredLink_data();
    void expiredLink();
    void rejectedKeyIsUnauthorisedAndNeverEchoed();
    void permissionDenied();
    void folderThatIsAFile();
    void diskFull();
    void cancelKeepsThePartFile();
    void stallTimesOut();
    void existingFileIsNeverReplaced();
    void streamsToADevice();
    void documentAnswerOnResumeKeepsThePart();
    void wrongRangeStartRestartsCleanly();
    void rangeNotSatisfiableCompletesOnlyWithAMatchingSidecar();
    void foreignPartIsNotResumed();
    void changedAssetIsNotSpliced();
    void shortRangesAreFollowed();
    void unknownTotalInContentRange();
    void twoDownloadsToOneTargetEndInTwoFiles();
    void plainHttpOffThisMachineIsRefused();
    void renameFailureIsReportedAsIs();

private:
    Downloader::Request request(const QString& id, const QString& fileName, AuthMode mode = AuthMode::Bearer,
                                const QByteArray& secret = kKey);
    DownloadResult run(const Downloader::Request& request, const std::function<void(Downloader*)>& whileRunning = {});
    // A part file of the first `bytes` of the asset, as an interrupted download leaves it.
    QString interruptedPart(const QString& fileName, qint64 bytes);
    void writeSidecar(const QString& partPath, const QString& taskId, qint64 total);

    QNetworkAccessManager* m_manager = nullptr;
    DemoServer* m_server = nullptr;
    QTemporaryDir* m_dir = nullptr;
    QList<qint64> m_progress;
};

void TestDownloader::init()
{
    m_manager = new QNetworkAccessManager(this);
    m_server = new DemoServer(this);
    m_server->setRequiredSecret(kKey);
    m_server->setContentViaCdn(true);
    QVERIFY(m_server->listen());
    DemoTaskPlan plan;
    plan.id = kTask;
    plan.prompt = QStringLiteral("A paper boat");
    plan.queuedAfterMs = plan.startsAfterMs = plan.finishesAfterMs = 0;
    plan.contentBytes = kSize;
    m_server->addTask(plan);
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
    m_progress.clear();
}

void TestDownloader::cleanup()
{
    delete m_dir;
    delete m_server;
    delete m_manager;
}

Downloader::Request TestDownloader::request(const QString& id, const QString& fileName, AuthMode mode,
                                            const QByteArray& secret)
{
    Downloader::Request request
        = Downloader::forContent(ApiEndpoint(m_server->baseUrl(), mode), secret, id, QStringLiteral("video"));
    request.targetPath = m_dir->filePath(fileName);
    return request;
}

DownloadResult TestDownloader::run(const Downloader::Request& request,
                                   const std::function<void(Downloader*)>& whileRunning)
{
    std::optional<DownloadResult> result;
    QObject guard; // ends the connection if the downloader outlives this call
    auto* downloader = new Downloader(m_manager, request);
    connect(downloader, &Downloader::progress, &guard, [this](qint64 bytes, qint64) { m_progress << bytes; });
    connect(downloader, &Downloader::finished, &guard,
            [&result](const DownloadResult& finished) { result = finished; });
    if (whileRunning)
        whileRunning(downloader);
    downloader->start();
    QDeadlineTimer deadline(60000);
    while (!result && !deadline.hasExpired())
        QTest::qWait(5);
    if (!result) {
        DownloadResult missing;
        missing.error = ApiError::legacy(ErrorKind::InvalidResponse, QStringLiteral("the downloader never finished"));
        return missing; // the caller's checks fail on this
    }
    return *result;
}

void TestDownloader::bytesArriveIntactAndTheCdnNeverSeesTheCredential_data()
{
    QTest::addColumn<AuthMode>("mode");
    QTest::newRow("bearer") << AuthMode::Bearer;
    QTest::newRow("token") << AuthMode::Token;
}

void TestDownloader::bytesArriveIntactAndTheCdnNeverSeesTheCredential()
{
    QFETCH(AuthMode, mode);
    const QByteArray secret = mode == AuthMode::Bearer ? kKey : kToken;
    m_server->setRequiredSecret(secret);
    const DownloadResult result = run(request(kTask, QStringLiteral("boat.mp4"), mode, secret));
    QVERIFY2(result.ok(), qPrintable(result.message()));
    QCOMPARE(result.path, m_dir->filePath(QStringLiteral("boat.mp4")));
    QCOMPARE(result.bytes, kSize);
    QCOMPARE(result.total, kSize);
    QCOMPARE(result.contentType, QByteArrayLiteral("video/mp4"));
    QCOMPARE(QFileInfo(result.path).size(), kSize);
    QCOMPARE(fileHash(result.path), expectedHash(kTask, QStringLiteral("video"), kSize));
    QVERIFY(!QFile::exists(result.path + QStringLiteral(".part")));
    QVERIFY(result.partPath.isEmpty());
    QVERIFY(!m_progress.isEmpty());
    QCOMPARE(m_progress.constLast(), kSize);

    // The API got the credential and answered with a redirect; the CDN got the request without it.
    const QList<DemoRequest> api = m_server->recentRequests();
    QCOMPARE(api.size(), 1);
    if (mode == AuthMode::Bearer)
        QCOMPARE(api.first().authorization, QByteArrayLiteral("Bearer ") + kKey);
    else
        QCOMPARE(api.first().token, kToken);
    const QList<DemoCdnRequest> cdn = m_server->cdn()->requests();
    QCOMPARE(cdn.size(), 1);
    QCOMPARE(cdn.first().httpStatus, 200);
    QVERIFY(cdn.first().path.startsWith(QStringLiteral("/cdn/") + kTask));
    for (const DemoCdnRequest& seen : cdn) {
        QVERIFY(seen.authorization.isEmpty());
        QVERIFY(seen.token.isEmpty());
        QVERIFY(!seen.userAgent.isEmpty());
    }
}

void TestDownloader::directContentWithoutCdn()
{
    m_server->setContentViaCdn(false);
    const DownloadResult result = run(request(kTask, QStringLiteral("direct.mp4")));
    QVERIFY2(result.ok(), qPrintable(result.message()));
    QCOMPARE(fileHash(result.path), expectedHash(kTask, QStringLiteral("video"), kSize));
    QCOMPARE(m_server->cdn()->requestCount(), 0);
}

QString TestDownloader::interruptedPart(const QString& fileName, qint64 bytes)
{
    m_server->cdn()->dropNextAfter(bytes);
    Downloader::Request first = request(kTask, fileName);
    first.maxAutoResumes = 0;
    const DownloadResult broken = run(first);
    m_server->cdn()->clearRequests();
    const QString part = m_dir->filePath(fileName + QStringLiteral(".part"));
    if (broken.kind() != ErrorKind::Network || !QFileInfo(part).isFile()
        || !QFileInfo::exists(part + QStringLiteral(".json")))
        return QString();
    return part;
}

void TestDownloader::writeSidecar(const QString& partPath, const QString& taskId, qint64 total)
{
    QFile sidecar(partPath + QStringLiteral(".json"));
    QVERIFY(sidecar.open(QIODevice::WriteOnly | QIODevice::Truncate));
    sidecar.write(QJsonDocument(QJsonObject{{QStringLiteral("task"), taskId},
                                            {QStringLiteral("variant"), QStringLiteral("video")},
                                            {QStringLiteral("total"), static_cast<double>(total)}})
                      .toJson(QJsonDocument::Compact));
}

void TestDownloader::resumeAfterADroppedConnection()
{
    constexpr qint64 kCut = 1024 * 1024;
    m_server->cdn()->dropNextAfter(kCut);
    Downloader::Request first = request(kTask, QStringLiteral("resume.mp4"));
    first.maxAutoResumes = 0;
    const DownloadResult broken = run(first);
    QCOMPARE(broken.kind(), ErrorKind::Network);
    const QString part = m_dir->filePath(QStringLiteral("resume.mp4.part"));
    QVERIFY2(broken.message().contains(part) && broken.message().contains(QStringLiteral("resumes")),
             qPrintable(broken.message()));
    QCOMPARE(broken.partPath, part);
    // Qt may drop what it had buffered when the connection broke: at most the cut, never more.
    const qint64 kept = QFileInfo(part).size();
    QVERIFY2(kept > 0 && kept <= kCut, qPrintable(QString::number(kept)));
    QCOMPARE(broken.bytes, kept);
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("resume.mp4"))));

    m_server->cdn()->clearRequests();
    const DownloadResult resumed = run(request(kTask, QStringLiteral("resume.mp4")));
    QVERIFY2(resumed.ok(), qPrintable(resumed.message()));
    QCOMPARE(resumed.resumedFrom, kept);
    QVERIFY(!resumed.restarted);
    QCOMPARE(fileHash(resumed.path), expectedHash(kTask, QStringLiteral("video"), kSize));
    QVERIFY(!QFile::exists(part));
    const QList<DemoCdnRequest> cdn = m_server->cdn()->requests();
    QCOMPARE(cdn.size(), 1);
    QCOMPARE(cdn.first().range, QByteArray("bytes=" + QByteArray::number(kept) + '-'));
    QCOMPARE(cdn.first().httpStatus, 206);
}

void TestDownloader::automaticResumeWithinOneDownload()
{
    m_server->cdn()->dropNextAfter(512 * 1024);
    const DownloadResult result = run(request(kTask, QStringLiteral("auto.mp4")));
    QVERIFY2(result.ok(), qPrintable(result.message()));
    QCOMPARE(result.resumes, 1);
    QCOMPARE(fileHash(result.path), expectedHash(kTask, QStringLiteral("video"), kSize));
    int ranged = 0;
    for (const DemoCdnRequest& seen : m_server->cdn()->requests())
        ranged += seen.range.isEmpty() ? 0 : 1;
    QCOMPARE(ranged, 1);
    // Each attempt asked the API again (a fresh signed link) with the credential.
    QCOMPARE(m_server->recentRequests().size(), 2);
}

void TestDownloader::serverWithoutRangeSupportStartsOver()
{
    const QString part = m_dir->filePath(QStringLiteral("norange.mp4.part"));
    QFile stale(part);
    QVERIFY(stale.open(QIODevice::WriteOnly));
    stale.write(QByteArray(5000, 'x')); // bytes that must not end up in the file
    stale.close();
    writeSidecar(part, kTask, kSize); // so it is tried as a resume
    m_server->cdn()->setRangeSupported(false);
    const DownloadResult result = run(request(kTask, QStringLiteral("norange.mp4")));
    QVERIFY2(result.ok(), qPrintable(result.message()));
    QVERIFY(result.restarted);
    QCOMPARE(result.resumedFrom, 5000);
    QCOMPARE(result.bytes, kSize);
    QCOMPARE(fileHash(result.path), expectedHash(kTask, QStringLiteral("video"), kSize));
    QCOMPARE(m_server->cdn()->requests().constFirst().range, QByteArrayLiteral("bytes=5000-"));
    QCOMPARE(m_server->cdn()->requests().constFirst().httpStatus, 200);
}

void TestDownloader::sizeMismatchRemovesThePartFile()
{
    m_server->cdn()->dropNextAfter(1024 * 1024);
    Downloader::Request first = request(kTask, QStringLiteral("short.mp4"));
    first.maxAutoResumes = 0;
    QCOMPARE(run(first).kind(), ErrorKind::Network);
    // The resume's answer promises the rest of the file in Content-Range but sends 1000 bytes.
    m_server->cdn()->shortenNextRange(1000);
    const DownloadResult result = run(request(kTask, QStringLiteral("short.mp4")));
    QCOMPARE(result.kind(), ErrorKind::SizeMismatch);
    QVERIFY2(result.message().contains(QString::number(kSize)), qPrintable(result.message()));
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("short.mp4.part"))));
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("short.mp4"))));
    QVERIFY(result.partPath.isEmpty());
}

void TestDownloader::notReadyYet()
{
    DemoTaskPlan plan;
    plan.id = QStringLiteral("video_rendering");
    plan.startsAfterMs = 0;
    plan.finishesAfterMs = 600000;
    m_server->addTask(plan);
    const DownloadResult result = run(request(plan.id, QStringLiteral("early.mp4")));
    QCOMPARE(result.kind(), ErrorKind::NotReady);
    QCOMPARE(result.httpStatus, 400);
    QVERIFY2(result.message().contains(QStringLiteral("not ready")), qPrintable(result.message()));
    QVERIFY(QDir(m_dir->path()).isEmpty());
    QCOMPARE(m_server->cdn()->requestCount(), 0);
}

void TestDownloader::notFound()
{
    const DownloadResult result = run(request(QStringLiteral("video_missing"), QStringLiteral("missing.mp4")));
    QCOMPARE(result.kind(), ErrorKind::NotFound);
    QCOMPARE(result.httpStatus, 404);
    QVERIFY2(result.message().contains(QStringLiteral("video_missing")), qPrintable(result.message()));
    QVERIFY(QDir(m_dir->path()).isEmpty());
}

void TestDownloader::expiredLink_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("403") << 403;
    QTest::newRow("410") << 410;
}

void TestDownloader::expiredLink()
{
    QFETCH(int, status);
    m_server->cdn()->setLinkLifetimeSeconds(-60);
    m_server->cdn()->setExpiredStatus(status);
    const DownloadResult result = run(request(kTask, QStringLiteral("late.mp4")));
    QCOMPARE(result.kind(), ErrorKind::Expired);
    QCOMPARE(result.httpStatus, status);
    QVERIFY2(result.message().contains(QStringLiteral("expired")), qPrintable(result.message()));
    QVERIFY(QDir(m_dir->path()).isEmpty());
}

void TestDownloader::rejectedKeyIsUnauthorisedAndNeverEchoed()
{
    const QByteArray wrong = QByteArrayLiteral("sk-wrong-99999999zzzzLEAKCHECK");
    const DownloadResult result = run(request(kTask, QStringLiteral("nokey.mp4"), AuthMode::Bearer, wrong));
    QCOMPARE(result.kind(), ErrorKind::Unauthorized);
    QCOMPARE(result.httpStatus, 401);
    QVERIFY(!result.message().contains(QStringLiteral("LEAKCHECK")));
    QVERIFY(!result.message().contains(QString::fromLatin1(wrong)));
    QCOMPARE(m_server->cdn()->requestCount(), 0);
}

void TestDownloader::permissionDenied()
{
    // Root may write almost anywhere, but not new files into sysfs: a path that fails for everyone.
    const QString target = QStringLiteral("/sys/reelwatch-download-test.mp4");
    QFile probe(target + QStringLiteral(".part"));
    if (probe.open(QIODevice::WriteOnly)) {
        probe.remove();
        QSKIP("this system lets us create files in /sys");
    }
    Downloader::Request denied = request(kTask, QStringLiteral("x.mp4"));
    denied.targetPath = target;
    const DownloadResult result = run(denied);
    QCOMPARE(result.kind(), ErrorKind::PermissionDenied);
    QVERIFY2(result.message().contains(QStringLiteral("permission denied")), qPrintable(result.message()));
    QCOMPARE(m_server->recentRequests().size(), 0); // nothing is asked before the file can be written
}

void TestDownloader::folderThatIsAFile()
{
    const QString file = m_dir->filePath(QStringLiteral("plain-file"));
    QFile plain(file);
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    Downloader::Request request = this->request(kTask, QStringLiteral("x.mp4"));
    request.targetPath = file + QStringLiteral("/video.mp4");
    const DownloadResult result = run(request);
    QCOMPARE(result.kind(), ErrorKind::WriteFailed);
    QVERIFY2(result.message().contains(QStringLiteral("not a folder")), qPrintable(result.message()));
}

void TestDownloader::diskFull()
{
    QFile full(QStringLiteral("/dev/full"));
    if (!full.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        QSKIP("no /dev/full here");
    Downloader::Request request = this->request(kTask, QStringLiteral("unused.mp4"));
    request.device = &full;
    const DownloadResult result = run(request);
    QCOMPARE(result.kind(), ErrorKind::DiskFull);
    QVERIFY2(result.message().contains(QStringLiteral("disk is full")), qPrintable(result.message()));
}

void TestDownloader::cancelKeepsThePartFile()
{
    DemoTaskPlan big;
    big.id = QStringLiteral("video_big");
    big.queuedAfterMs = big.startsAfterMs = big.finishesAfterMs = 0;
    big.contentBytes = 400LL * 1024 * 1024; // far more than arrives before the cancel
    m_server->addTask(big);
    const DownloadResult result = run(request(big.id, QStringLiteral("big.mp4")), [this](Downloader* downloader) {
        connect(downloader, &Downloader::progress, downloader, [downloader](qint64 bytes, qint64) {
            if (bytes > 0)
                downloader->cancel();
        });
    });
    QCOMPARE(result.kind(), ErrorKind::Cancelled);
    const QString part = m_dir->filePath(QStringLiteral("big.mp4.part"));
    QVERIFY2(result.message().contains(part), qPrintable(result.message()));
    QVERIFY(QFileInfo(part).size() > 0);
    QCOMPARE(QFileInfo(part).size(), result.bytes);
    QVERIFY(result.bytes < big.contentBytes);
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("big.mp4"))));
}

void TestDownloader::stallTimesOut()
{
    m_server->setSlowResponseMs(5000);
    m_server->scriptFaults(kTask, {DemoFault::Slow});
    Downloader::Request request = this->request(kTask, QStringLiteral("slow.mp4"));
    request.stallTimeoutMs = 300;
    const DownloadResult result = run(request);
    QCOMPARE(result.kind(), ErrorKind::Timeout);
    QVERIFY2(result.message().contains(QStringLiteral("stalled: less than 1 KiB from 127.0.0.1 in 0.3 s")),
             qPrintable(result.message()));
    QVERIFY(result.elapsedMs < 4000);
    QVERIFY(QDir(m_dir->path()).isEmpty());
}

void TestDownloader::existingFileIsNeverReplaced()
{
    const QString taken = m_dir->filePath(QStringLiteral("taken.mp4"));
    QFile existing(taken);
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.write("precious");
    existing.close();
    const DownloadResult result = run(request(kTask, QStringLiteral("taken.mp4")));
    QVERIFY2(result.ok(), qPrintable(result.message()));
    QCOMPARE(result.path, m_dir->filePath(QStringLiteral("taken (2).mp4")));
    QFile check(taken);
    QVERIFY(check.open(QIODevice::ReadOnly));
    QCOMPARE(check.readAll(), QByteArrayLiteral("precious"));
    QCOMPARE(fileHash(result.path), expectedHash(kTask, QStringLiteral("video"), kSize));
}

void TestDownloader::streamsToADevice()
{
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    Downloader::Request request = this->request(kTask, QStringLiteral("unused.mp4"));
    request.device = &buffer;
    const DownloadResult result = run(request);
    QVERIFY2(result.ok(), qPrintable(result.message()));
    QCOMPARE(result.path, QStringLiteral("-"));
    QCOMPARE(QCryptographicHash::hash(buffer.data(), QCryptographicHash::Sha256),
             expectedHash(kTask, QStringLiteral("video"), kSize));
    QVERIFY(QDir(m_dir->path()).isEmpty());
}

void TestDownloader::documentAnswerOnResumeKeepsThePart()
{
    const QString part = interruptedPart(QStringLiteral("doc.mp4"), 1024 * 1024);
    QVERIFY(!part.isEmpty());
    QFile before(part);
    QVERIFY(before.open(QIODevice::ReadOnly));
    const QByteArray kept = before.readAll();
    before.close();
    QVERIFY(kept.size() > 0);
    // A gateway's login page (200, text/html) instead of the rest of the asset.
    m_server->scriptFaults(kTask, {DemoFault::Html});
    const DownloadResult result = run(request(kTask, QStringLiteral("doc.mp4")));
    QCOMPARE(result.kind(), ErrorKind::InvalidResponse);
    QFile after(part);
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), kept);
    QVERIFY(QFile::exists(part + QStringLiteral(".json")));
    // And the next attempt still resumes from there.
    const DownloadResult resumed = run(request(kTask, QStringLiteral("doc.mp4")));
    QVERIFY2(resumed.ok(), qPrintable(resumed.message()));
    QCOMPARE(resumed.resumedFrom, qint64(kept.size()));
    QVERIFY(!resumed.restarted);
    QCOMPARE(fileHash(resumed.path), expectedHash(kTask, QStringLiteral("video"), kSize));
    QVERIFY(!QFile::exists(part));
    QVERIFY(!QFile::exists(part + QStringLiteral(".json")));
}

void TestDownloader::wrongRangeStartRestartsCleanly()
{
    const QString part = interruptedPart(QStringLiteral("shift.mp4"), 1024 * 1024);
    QVERIFY(!part.isEmpty());
    m_server->cdn()->shiftNextRange(1000); // a 206 that starts 1000 bytes later than asked
    const DownloadResult result = run(request(kTask, QStringLiteral("shift.mp4")));
    QVERIFY2(result.ok(), qPrintable(result.message()));
    QVERIFY(result.restarted);
    QCOMPARE(result.bytes, kSize);
    QCOMPARE(fileHash(result.path), expectedHash(kTask, QStringLiteral("video"), kSize));
    const QList<DemoCdnRequest> cdn = m_server->cdn()->requests();
    QCOMPARE(cdn.size(), 2);
    QCOMPARE(cdn.at(0).httpStatus, 206);
    QVERIFY(cdn.at(1).range.isEmpty());
    QCOMPARE(cdn.at(1).httpStatus, 200);
    QVERIFY(!QFile::exists(part));
}

void TestDownloader::rangeNotSatisfiableCompletesOnlyWithAMatchingSidecar()
{
    // A whole asset in NAME.part, as a crash between the last byte and the rename leaves it.
    const DownloadResult full = run(request(kTask, QStringLiteral("full.mp4")));
    QVERIFY2(full.ok(), qPrintable(full.message()));
    const QString part = m_dir->filePath(QStringLiteral("done.mp4.part"));
    QVERIFY(QFile::rename(full.path, part));
    writeSidecar(part, kTask, kSize);
    m_server->cdn()->clearRequests();
    const DownloadResult matched = run(request(kTask, QStringLiteral("done.mp4")));
    QVERIFY2(matched.ok(), qPrintable(matched.message()));
    QCOMPARE(matched.path, m_dir->filePath(QStringLiteral("done.mp4")));
    QCOMPARE(m_server->cdn()->requests().size(), 1);
    QCOMPARE(m_server->cdn()->requests().constFirst().httpStatus, 416);
    QCOMPARE(fileHash(matched.path), expectedHash(kTask, QStringLiteral("video"), kSize));

    // The same size but a sidecar that recorded another total: not vouched for, so it starts over.
    QVERIFY(QFile::rename(matched.path, part));
    writeSidecar(part, kTask, kSize + 10);
    m_server->cdn()->clearRequests();
    const DownloadResult unmatched = run(request(kTask, QStringLiteral("done.mp4")));
    QVERIFY2(unmatched.ok(), qPrintable(unmatched.message()));
    QVERIFY(unmatched.restarted);
    const QList<DemoCdnRequest> cdn = m_server->cdn()->requests();
    QCOMPARE(cdn.size(), 2);
    QCOMPARE(cdn.at(0).httpStatus, 416);
    QCOMPARE(cdn.at(1).httpStatus, 200);
    QCOMPARE(fileHash(unmatched.path), expectedHash(kTask, QStringLiteral("video"), kSize));
}

void TestDownloader::foreignPartIsNotResumed()
{
    for (const bool withSidecar : {true, false}) {
        const QString part = m_dir->filePath(QStringLiteral("foreign.mp4.part"));
        QFile other(part);
        QVERIFY(other.open(QIODevice::WriteOnly | QIODevice::Truncate));
        other.write(QByteArray(200000, 'o')); // another render's bytes
        other.close();
        QFile::remove(part + QStringLiteral(".json"));
        if (withSidecar)
            writeSidecar(part, QStringLiteral("video_someone_else"), kSize);
        m_server->cdn()->clearRequests();
        const DownloadResult result = run(request(kTask, QStringLiteral("foreign.mp4")));
        QVERIFY2(result.ok(), qPrintable(result.message()));
        QCOMPARE(result.resumedFrom, 0);
        QVERIFY(m_server->cdn()->requests().constFirst().range.isEmpty());
        QCOMPARE(fileHash(result.path), expectedHash(kTask, QStringLiteral("video"), kSize));
        QVERIFY(QFile::remove(result.path));
    }
}

void TestDownloader::changedAssetIsNotSpliced()
{
    const QString part = interruptedPart(QStringLiteral("changed.mp4"), 1024 * 1024);
    QVERIFY(!part.isEmpty());
    m_server->cdn()->setAssetVersion(1); // the CDN now serves another file under the same link
    const DownloadResult result = run(request(kTask, QStringLiteral("changed.mp4")));
    QVERIFY2(result.ok(), qPrintable(result.message()));
    QVERIFY(result.restarted);
    const QList<DemoCdnRequest> cdn = m_server->cdn()->requests();
    QCOMPARE(cdn.size(), 1);
    QVERIFY(!cdn.first().range.isEmpty());
    QVERIFY(cdn.first().ifRange.startsWith('"')); // the ETag recorded when the part was started
    QCOMPARE(cdn.first().httpStatus, 200);
    QCOMPARE(result.bytes, kSize);
}

void TestDownloader::shortRangesAreFollowed()
{
    const QString part = interruptedPart(QStringLiteral("pieces.mp4"), 1024 * 1024);
    QVERIFY(!part.isEmpty());
    const qint64 kept = QFileInfo(part).size();
    m_server->cdn()->setMaxRangeBytes(700 * 1000); // legal 206 answers, each shorter than the rest
    const DownloadResult result = run(request(kTask, QStringLiteral("pieces.mp4")));
    QVERIFY2(result.ok(), qPrintable(result.message()));
    QVERIFY(!result.restarted);
    QCOMPARE(result.bytes, kSize);
    QCOMPARE(fileHash(result.path), expectedHash(kTask, QStringLiteral("video"), kSize));
    const QList<DemoCdnRequest> cdn = m_server->cdn()->requests();
    const qint64 pieces = (kSize - kept + 700 * 1000 - 1) / (700 * 1000);
    QCOMPARE(cdn.size(), int(pieces));
    for (const DemoCdnRequest& seen : cdn)
        QCOMPARE(seen.httpStatus, 206);
}

void TestDownloader::unknownTotalInContentRange()
{
    const QString part = interruptedPart(QStringLiteral("star.mp4"), 1024 * 1024);
    QVERIFY(!part.isEmpty());
    m_server->cdn()->setTotalHidden(true); // "bytes a-b/*": the piece is taken as the rest
    const DownloadResult result = run(request(kTask, QStringLiteral("star.mp4")));
    QVERIFY2(result.ok(), qPrintable(result.message()));
    QCOMPARE(result.total, kSize);
    QCOMPARE(fileHash(result.path), expectedHash(kTask, QStringLiteral("video"), kSize));
}

void TestDownloader::twoDownloadsToOneTargetEndInTwoFiles()
{
    std::optional<DownloadResult> first;
    std::optional<DownloadResult> second;
    QObject guard;
    auto* a = new Downloader(m_manager, request(kTask, QStringLiteral("same.mp4")));
    auto* b = new Downloader(m_manager, request(kTask, QStringLiteral("same.mp4")));
    connect(a, &Downloader::finished, &guard, [&first](const DownloadResult& result) { first = result; });
    connect(b, &Downloader::finished, &guard, [&second](const DownloadResult& result) { second = result; });
    a->start();
    b->start();
    QTRY_VERIFY_WITH_TIMEOUT(first && second, 60000);
    QVERIFY2(first->ok(), qPrintable(first->message()));
    QVERIFY2(second->ok(), qPrintable(second->message()));
    QCOMPARE(first->path, m_dir->filePath(QStringLiteral("same.mp4")));
    QCOMPARE(second->path, m_dir->filePath(QStringLiteral("same (2).mp4")));
    QCOMPARE(first->resumedFrom, 0);
    QCOMPARE(second->resumedFrom, 0);
    QCOMPARE(fileHash(first->path), expectedHash(kTask, QStringLiteral("video"), kSize));
    QCOMPARE(fileHash(second->path), expectedHash(kTask, QStringLiteral("video"), kSize));
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files).size(), 2); // no part, sidecar or lock left
}

void TestDownloader::plainHttpOffThisMachineIsRefused()
{
    // A redirect from a loopback http server to plain http elsewhere, and to https elsewhere.
    const QUrl local(QStringLiteral("http://127.0.0.1:8080/v1/videos/x/content"));
    QVERIFY(HttpGet::redirectTarget(local, 302, "http://example.invalid/a.mp4", 0, 5).error.isError());
    QVERIFY(!HttpGet::redirectTarget(local, 302, "https://example.invalid/a.mp4", 0, 5).error.isError());
    QVERIFY(!HttpGet::redirectTarget(local, 302, "http://localhost:9/a.mp4", 0, 5).error.isError());
    QVERIFY(HttpGet::refusalFor(QUrl(QStringLiteral("http://example.invalid/a.mp4"))).isError());

    // A task whose status gave such a link is fetched through the API's own route instead.
    VideoTask task;
    task.id = kTask;
    task.resultUrl = QStringLiteral("http://example.invalid/a.mp4");
    const ApiEndpoint endpoint(m_server->baseUrl(), AuthMode::Bearer);
    QCOMPARE(Downloader::forTask(endpoint, kKey, task, QStringLiteral("video")).url,
             endpoint.contentUrl(kTask, QStringLiteral("video")));
    task.resultUrl = QStringLiteral("https://cdn.example.invalid/a.mp4");
    QCOMPARE(Downloader::forTask(endpoint, kKey, task, QStringLiteral("video")).url, QUrl(task.resultUrl));

    // A result link on plain http off this machine: refused before any connection (the name does
    // not even resolve, so a connection attempt would end as a network error instead).
    Downloader::Request request
        = Downloader::forUrl(QUrl(QStringLiteral("http://example.invalid/a.mp4")),
                             ApiEndpoint(m_server->baseUrl(), AuthMode::Bearer), kKey, kTask, QStringLiteral("video"));
    request.targetPath = m_dir->filePath(QStringLiteral("plain.mp4"));
    const DownloadResult result = run(request);
    QCOMPARE(result.kind(), ErrorKind::InvalidResponse);
    QVERIFY2(result.message().contains(QStringLiteral("plain http")), qPrintable(result.message()));
    QVERIFY(!result.message().contains(QString::fromLatin1(kKey)));
    QVERIFY(QDir(m_dir->path()).isEmpty());
}

void TestDownloader::renameFailureIsReportedAsIs()
{
    // The part file is deleted by someone else while the download runs: the bytes still arrive
    // (into the unlinked file), but the rename cannot happen.
    const QString part = m_dir->filePath(QStringLiteral("gone.mp4.part"));
    bool deleted = false;
    const DownloadResult result = run(request(kTask, QStringLiteral("gone.mp4")), [&](Downloader* downloader) {
        connect(downloader, &Downloader::progress, downloader, [&] {
            if (!deleted)
                deleted = QFile::remove(part);
        });
    });
    QVERIFY(deleted);
    QCOMPARE(result.kind(), ErrorKind::WriteFailed);
    QVERIFY2(result.message().startsWith(QStringLiteral("cannot rename ")), qPrintable(result.message()));
    // No promise of a part file that is not there.
    QVERIFY2(!result.message().contains(QStringLiteral("kept in")), qPrintable(result.message()));
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("gone.mp4"))));
    QVERIFY(result.partPath.isEmpty());
    QVERIFY(QDir(m_dir->path()).isEmpty()); // nor its sidecar or lock
}

QTEST_GUILESS_MAIN(TestDownloader)
#include "tst_downloader.moc"

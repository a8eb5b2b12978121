// What a large download costs: a body of --mb megabytes (default 500) from the demo CDN on loopback,
// through the Downloader (API redirect, then the CDN) into a file in a temporary folder. The server
// runs in a child process (this program with --serve), so the figures are the client's alone: wall
// time, MB/s, CPU time (user + system) and peak RSS (VmHWM). Prints figures; checks only that the
// file's SHA-256 is right. Usage: bench_download [--mb 500] [--dir PATH] [--repeat 1]

#include "demo/demoserver.h"
#include "net/downloader.h"

#include <cstdio>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <sys/resource.h>

using namespace Reelwatch;

namespace {

const QString kTaskId = QStringLiteral("video_bench_download");
const QByteArray kKey = QByteArrayLiteral("sk-bench-download-key");

qint64 statusKb(const char* field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

int serve(qint64 bytes)
{
    DemoServer server;
    server.setRequiredSecret(kKey);
    server.setContentViaCdn(true);
    DemoTaskPlan plan;
    plan.id = kTaskId;
    plan.queuedAfterMs = plan.startsAfterMs = plan.finishesAfterMs = 0;
    plan.contentBytes = bytes;
    server.addTask(plan);
    if (!server.listen())
        return 1;
    std::printf("%s\n", server.baseUrl().toString().toUtf8().constData());
    std::fflush(stdout);
    return QCoreApplication::exec();
}

QByteArray expectedHash(qint64 size)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (qint64 at = 0; at < size; at += 4 * 1024 * 1024)
        hash.addData(DemoServer::contentSlice(kTaskId, QStringLiteral("video"), at,
                                              std::min<qint64>(4 * 1024 * 1024, size - at)));
    return hash.result();
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("mb"), QStringLiteral("Body size in MB (10^6 bytes)."), QStringLiteral("n"),
                      QStringLiteral("500")});
    parser.addOption({QStringLiteral("dir"), QStringLiteral("Folder for the file (default: a temporary folder)."),
                      QStringLiteral("path")});
    parser.addOption(
        {QStringLiteral("repeat"), QStringLiteral("Downloads in a row."), QStringLiteral("n"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("serve"), QStringLiteral("Run the server side (used by the program itself).")});
    parser.process(app);
    const qint64 bytes = parser.value(QStringLiteral("mb")).toLongLong() * 1000 * 1000;
    if (parser.isSet(QStringLiteral("serve")))
        return serve(bytes);

    QProcess server;
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    server.start(QCoreApplication::applicationFilePath(),
                 {QStringLiteral("--serve"), QStringLiteral("--mb"), parser.value(QStringLiteral("mb"))});
    if (!server.waitForStarted() || !server.waitForReadyRead(10000)) {
        std::fprintf(stderr, "bench_download: the server did not start\n");
        return 2;
    }
    const QUrl baseUrl(QString::fromUtf8(server.readLine().trimmed()));

    QTemporaryDir temporary(parser.isSet(QStringLiteral("dir"))
                                ? parser.value(QStringLiteral("dir")) + QStringLiteral("/bench_download-XXXXXX")
                                : QString());
    if (!temporary.isValid()) {
        std::fprintf(stderr, "bench_download: cannot create a temporary folder\n");
        return 2;
    }
    QNetworkAccessManager manager;
    const qint64 rssBeforeKb = statusKb("VmRSS:");
    std::printf("body %.0f MB, folder %s, RSS before the first download %.1f MB\n", bytes / 1e6,
                qPrintable(temporary.path()), rssBeforeKb / 1024.0);
    std::printf("%4s  %8s  %8s  %10s  %10s  %14s  %12s\n", "run", "MB", "wall s", "MB/s", "CPU s", "CPU ms per MB",
                "peak RSS MB");
    const QByteArray wanted = expectedHash(bytes);
    int failures = 0;
    for (int run = 1; run <= std::max(1, parser.value(QStringLiteral("repeat")).toInt()); ++run) {
        Downloader::Request request
            = Downloader::forContent(ApiEndpoint(baseUrl, AuthMode::Bearer), kKey, kTaskId, QStringLiteral("video"));
        request.targetPath = temporary.filePath(QStringLiteral("run%1.mp4").arg(run));
        auto* downloader = new Downloader(&manager, request);
        DownloadResult result;
        QEventLoop loop;
        QObject::connect(downloader, &Downloader::finished, &loop, [&](const DownloadResult& finished) {
            result = finished;
            loop.quit();
        });
        const double cpuBefore = cpuSeconds();
        QElapsedTimer wall;
        wall.start();
        downloader->start();
        loop.exec();
        const double seconds = wall.elapsed() / 1000.0;
        const double cpu = cpuSeconds() - cpuBefore;
        const qint64 peakKb = statusKb("VmHWM:");
        if (!result.ok()) {
            std::printf("%4d  failed: %s\n", run, qPrintable(result.message()));
            ++failures;
            continue;
        }
        std::printf("%4d  %8.1f  %8.2f  %10.1f  %10.2f  %14.3f  %12.1f\n", run, result.bytes / 1e6, seconds,
                    result.bytes / 1e6 / seconds, cpu, cpu * 1000 / (result.bytes / 1e6), peakKb / 1024.0);
        std::fflush(stdout);
        QFile file(result.path);
        QCryptographicHash hash(QCryptographicHash::Sha256);
        if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file) || hash.result() != wanted) {
            std::printf("%4d  the file's SHA-256 is wrong\n", run);
            ++failures;
        }
        file.remove();
    }
    server.kill();
    server.waitForFinished();
    return failures == 0 ? 0 : 1;
}

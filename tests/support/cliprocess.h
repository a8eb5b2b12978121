#pragma once

// Runs the real reelwatch binary as a child process for the command-line tests. The event loop
// keeps turning while it runs, because the demo server those tests talk to lives in the test process.

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/resource.h>
#endif

struct CliRun
{
    int exitCode = -1; // -1: did not start or timed out; -2: crashed
    QByteArray out;
    QByteArray err;

    // Standard output read as one JSON object per line.
    QList<QJsonObject> jsonLines() const
    {
        QList<QJsonObject> lines;
        for (const QByteArray& line : out.split('\n')) {
            if (!line.trimmed().isEmpty())
                lines << QJsonDocument::fromJson(line).object();
        }
        return lines;
    }
};

// A disk that fills up, without privileges: the child may write no file beyond this many bytes
// (RLIMIT_FSIZE, with SIGXFSZ ignored so a write past it fails as a full disk's would, instead of
// ending the process).
struct FileSizeLimit
{
    qint64 bytes = -1; // -1: none
};

inline CliRun runReelwatch(const QStringList& arguments, const QProcessEnvironment& environment,
                           const QByteArray& input = QByteArray(), int timeoutMs = 60000,
                           FileSizeLimit fileSizeLimit = {})
{
    CliRun result;
    QProcess process;
    process.setProcessEnvironment(environment);
#ifdef Q_OS_UNIX
    if (fileSizeLimit.bytes >= 0) {
        const rlim_t bytes = rlim_t(fileSizeLimit.bytes);
        process.setChildProcessModifier([bytes] {
            signal(SIGXFSZ, SIG_IGN);
            const rlimit limit{bytes, bytes};
            setrlimit(RLIMIT_FSIZE, &limit);
        });
    }
#endif
    process.start(QStringLiteral(REELWATCH_BINARY), arguments);
    if (!process.waitForStarted(10000))
        return result;
    process.write(input);
    process.closeWriteChannel();
    QDeadlineTimer deadline(timeoutMs);
    while (process.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(10);
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

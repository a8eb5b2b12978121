#pragma once

// Runs the real reelwatch binary as a child process for the command-line tests. The event loop
// keeps turning while it runs, because the demo server those tests talk to lives in the test process.

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

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

inline CliRun runReelwatch(const QStringList& arguments, const QProcessEnvironment& environment,
                           const QByteArray& input = QByteArray(), int timeoutMs = 60000)
{
    CliRun result;
    QProcess process;
    process.setProcessEnvironment(environment);
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

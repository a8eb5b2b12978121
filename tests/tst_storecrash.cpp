// Crash safety of the store: a writer process is killed with SIGKILL at random moments while it
// commits batches, 50 times over the same file. After every kill the file must pass SQLite's
// integrity check and hold every task the writer reported as committed, in the state recorded.

#include "store/store.h"

#include <QElapsedTimer>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Reelwatch;

namespace {

constexpr int kRuns = 50;
constexpr int kBatchSize = 25; // as in store_writer.cpp
constexpr int kMaxExtraMs = 150;

// The highest "committed <n>" among the complete lines of `output`, or 0.
int lastCommitted(const QByteArray& output)
{
    int last = 0;
    const QList<QByteArray> lines = output.split('\n');
    for (int i = 0; i + 1 < lines.size(); ++i) { // the part after the last '\n' may be cut short
        const QByteArray& line = lines.at(i);
        if (!line.startsWith("committed "))
            continue;
        bool ok = false;
        const int number = line.mid(10).toInt(&ok);
        if (ok)
            last = qMax(last, number);
    }
    return last;
}

} // namespace

class TestStoreCrash : public QObject
{
    Q_OBJECT

private slots:
    void killedWriterNeverLosesCommittedTasks();
};

void TestStoreCrash::killedWriterNeverLosesCommittedTasks()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("reelwatch.sqlite3"));
    QHash<int, int> committedByRun; // run → highest task number reported committed
    qint64 reportedTotal = 0;
    QElapsedTimer total;
    total.start();

    for (int run = 1; run <= kRuns; ++run) {
        QProcess writer;
        writer.setProgram(QStringLiteral(STORE_WRITER));
        writer.setArguments({path, QString::number(run)});
        writer.start();
        QVERIFY2(writer.waitForStarted(10000), qPrintable(writer.errorString()));

        QByteArray output;
        QElapsedTimer waiting;
        waiting.start();
        while (lastCommitted(output) == 0) {
            if (writer.state() == QProcess::NotRunning || waiting.elapsed() > 30000) {
                QFAIL(qPrintable(QStringLiteral("run %1: the writer never committed (exit %2): %3")
                                     .arg(run)
                                     .arg(writer.exitCode())
                                     .arg(QString::fromLocal8Bit(writer.readAllStandardError()))));
            }
            writer.waitForReadyRead(100);
            output += writer.readAllStandardOutput();
        }
        const int extraMs = int(QRandomGenerator::global()->bounded(kMaxExtraMs + 1));
        QTest::qWait(extraMs);
        writer.kill();
        QVERIFY(writer.waitForFinished(10000));
        output += writer.readAllStandardOutput();
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit); // killed, not ended by an error of its own
        const QByteArray errors = writer.readAllStandardError();
        QVERIFY2(errors.isEmpty(), errors.constData());

        const int committed = lastCommitted(output);
        QVERIFY(committed >= kBatchSize);
        QCOMPARE(committed % kBatchSize, 0);
        committedByRun.insert(run, committed);
        reportedTotal += committed;

        // A fresh store on the file the killed writer left behind.
        Store store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        QSqlQuery integrity(store.database());
        QVERIFY(integrity.exec(QStringLiteral("PRAGMA integrity_check")));
        QVERIFY(integrity.next());
        QCOMPARE(integrity.value(0).toString(), QStringLiteral("ok"));
        integrity.finish();
        const std::optional<Profile> profile = store.defaultProfile();
        QVERIFY(profile);

        QHash<QString, StoredTask> present;
        for (const StoredTask& task : store.tasks(profile->id))
            present.insert(task.taskId, task);

        for (auto it = committedByRun.constBegin(); it != committedByRun.constEnd(); ++it) {
            for (int number = 1; number <= it.value(); ++number) {
                const QString id = QStringLiteral("crash_%1_%2").arg(it.key()).arg(number);
                const auto found = present.constFind(id);
                QVERIFY2(
                    found != present.constEnd(),
                    qPrintable(
                        QStringLiteral("after kill %1: %2 was reported committed but is missing").arg(run).arg(id)));
                QVERIFY2(found->last.has_value(), qPrintable(QStringLiteral("%1 lost its recorded state").arg(id)));
                QCOMPARE(statusWireName(found->last->status), QStringLiteral("IN_PROGRESS"));
                QCOMPARE(found->last->progress, std::optional<int>(number % 100));
                QCOMPARE(found->last->prompt, QStringLiteral("Crash-safety batch task %1").arg(number));
            }
        }

        // Beyond what was reported, at most each run's batch in flight may be there: it committed,
        // but the kill came before its line was printed.
        QHash<int, int> unreportedByRun;
        for (auto it = present.constBegin(); it != present.constEnd(); ++it) {
            const QStringList parts = it.key().split(QLatin1Char('_'));
            QCOMPARE(parts.size(), 3);
            const int taskRun = parts.at(1).toInt();
            QVERIFY2(taskRun >= 1 && taskRun <= run, qPrintable(it.key()));
            if (parts.at(2).toInt() > committedByRun.value(taskRun))
                ++unreportedByRun[taskRun];
        }
        for (auto it = unreportedByRun.constBegin(); it != unreportedByRun.constEnd(); ++it)
            QVERIFY2(it.value() <= kBatchSize,
                     qPrintable(QStringLiteral("run %1: %2 unreported tasks").arg(it.key()).arg(it.value())));
    }

    Store store;
    QString error;
    QVERIFY2(store.open(path, &error), qPrintable(error));
    qInfo("%d runs killed; %lld tasks reported committed, all present; %lld tasks in the file; %lld ms", kRuns,
          reportedTotal, qint64(store.tasks().size()), total.elapsed());
}

QTEST_GUILESS_MAIN(TestStoreCrash)
#include "tst_storecrash.moc"

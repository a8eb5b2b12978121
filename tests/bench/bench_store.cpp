// Start-up cost of the task database: how long opening the store and loading every task takes at
// 1,000 / 10,000 / 50,000 tasks, and what one batched write of a poll round costs. With --errors every
// task ends with a fetch error (not found), so loading also works out since when each one fails.
// Prints figures; asserts nothing. Usage: bench_store [--tasks 1000,10000,50000] [--repeat 5] [--errors]

#include "store/store.h"
#include "storeprofiles.h"

#include <algorithm>
#include <cstdio>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

using namespace Reelwatch;

namespace {

TaskUpdate updateFor(const QString& id, int step)
{
    VideoTask task;
    task.id = id;
    task.status = step >= 3 ? TaskStatus::Success : TaskStatus::InProgress;
    task.rawStatus = step >= 3 ? QStringLiteral("completed") : QStringLiteral("in_progress");
    task.progress = std::min(100, step * 33);
    task.model = QStringLiteral("sora-2");
    task.prompt = QStringLiteral("A paper boat drifting down a rain-soaked Tokyo street at night, neon reflections");
    task.size = QStringLiteral("720x1280");
    task.seconds = QStringLiteral("8");
    task.createdAt = 1762499410;
    task.rawJson = QByteArrayLiteral("{\"id\":\"") + id.toUtf8()
        + QByteArrayLiteral("\",\"object\":\"video\",\"status\":\"in_progress\",\"progress\":33,\"model\":\"sora-2\"}");
    TaskUpdate update;
    update.taskId = id;
    update.task = task;
    update.outcome.statusChanged = true;
    return update;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("tasks"), QStringLiteral("Comma-separated task counts."), QStringLiteral("list"),
                      QStringLiteral("1000,10000,50000")});
    parser.addOption({QStringLiteral("repeat"), QStringLiteral("Measurements per figure (median)."),
                      QStringLiteral("n"), QStringLiteral("5")});
    parser.addOption({QStringLiteral("errors"), QStringLiteral("End every task with a fetch error (not found).")});
    parser.process(app);
    const bool errors = parser.isSet(QStringLiteral("errors"));
    const int repeat = std::max(1, parser.value(QStringLiteral("repeat")).toInt());

    std::printf("%8s  %12s  %12s  %14s  %14s  %10s\n", "tasks", "open ms", "load ms", "write round ms", "µs per row",
                "file MB");
    for (const QString& countText : parser.value(QStringLiteral("tasks")).split(QLatin1Char(','))) {
        const int count = countText.toInt();
        QTemporaryDir directory;
        const QString path = directory.filePath(QStringLiteral("reelwatch.sqlite3"));
        QStringList ids;
        for (int i = 0; i < count; ++i)
            ids << QStringLiteral("video_%1").arg(i, 8, 10, QLatin1Char('0'));

        QList<double> writeMs;
        {
            Store store;
            QString error;
            if (!store.open(path, &error) || !TestProfiles::addIdleProfile(store, &error)) {
                std::fprintf(stderr, "cannot create the store: %s\n", qPrintable(error));
                return 1;
            }
            const qint64 profileId = store.defaultProfile()->id;
            store.addTasks(profileId, ids, QString(), &error);
            // Three poll rounds, each written as one batch, as the recorder does.
            for (int step = 1; step <= 3; ++step) {
                QList<TaskUpdate> round;
                round.reserve(count);
                for (const QString& id : std::as_const(ids))
                    round << updateFor(id, step);
                QElapsedTimer timer;
                timer.start();
                if (!store.recordUpdates(profileId, round, &error)) {
                    std::fprintf(stderr, "write failed: %s\n", qPrintable(error));
                    return 1;
                }
                writeMs << timer.nsecsElapsed() / 1e6;
            }
            if (errors) {
                QList<TaskUpdate> gone;
                gone.reserve(count);
                for (const QString& id : std::as_const(ids)) {
                    TaskUpdate update;
                    update.taskId = id;
                    update.error = ApiError::of(ErrorKind::NotFound, ErrorReason::TaskNotFound, 404);
                    update.outcome.gaveUp = true;
                    gone << update;
                }
                if (!store.recordUpdates(profileId, gone, &error)) {
                    std::fprintf(stderr, "write failed: %s\n", qPrintable(error));
                    return 1;
                }
            }
        }

        QList<double> openMs;
        QList<double> loadMs;
        for (int run = 0; run < repeat; ++run) {
            QElapsedTimer timer;
            timer.start();
            Store store;
            QString error;
            store.open(path, &error);
            openMs << timer.nsecsElapsed() / 1e6;
            timer.restart();
            const QList<StoredTask> tasks = store.tasks();
            loadMs << timer.nsecsElapsed() / 1e6;
            if (tasks.size() != count) {
                std::fprintf(stderr, "loaded %lld tasks, expected %d\n", static_cast<long long>(tasks.size()), count);
                return 1;
            }
        }
        const double write = median(writeMs);
        std::printf("%8d  %12.1f  %12.1f  %14.1f  %14.1f  %10.1f\n", count, median(openMs), median(loadMs), write,
                    write * 1000.0 / count, QFileInfo(path).size() / 1048576.0);
    }
    return 0;
}

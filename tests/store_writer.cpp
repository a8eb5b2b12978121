// Helper of tst_storecrash: writes batches of tasks to a store until it is killed.
//
//   store_writer <database path> <run>
//
// Each batch adds 25 new tasks "crash_<run>_<n>" to the default profile and records an
// IN_PROGRESS state for them; only after both transactions have committed does it print
// "committed <n of the batch's last task>" and flush stdout, so every reported task must survive a
// SIGKILL at any later moment.

#include "store/store.h"
#include "storeprofiles.h"

#include <cstdio>
#include <QCoreApplication>
#include <QStringList>

using namespace Reelwatch;

namespace {

constexpr int kBatchSize = 25;

VideoTask inProgressTask(const QString& id, int number)
{
    VideoTask task;
    task.id = id;
    task.object = QStringLiteral("video");
    task.model = QStringLiteral("sora-2");
    task.status = TaskStatus::InProgress;
    task.rawStatus = QStringLiteral("in_progress");
    task.progress = number % 100;
    task.prompt = QStringLiteral("Crash-safety batch task %1").arg(number);
    task.createdAt = 1712697600 + number;
    task.rawJson
        = QStringLiteral(R"({"id":"%1","status":"in_progress","progress":%2})").arg(id).arg(number % 100).toUtf8();
    return task;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() != 3) {
        std::fprintf(stderr, "usage: store_writer <database path> <run>\n");
        return 2;
    }
    const QString path = arguments.at(1);
    const QString run = arguments.at(2);

    Store store;
    QString error;
    if (!store.open(path, &error) || !TestProfiles::addIdleProfile(store, &error)) {
        std::fprintf(stderr, "store_writer: %s\n", qPrintable(error));
        return 1;
    }
    const std::optional<Profile> profile = store.defaultProfile();
    if (!profile) {
        std::fprintf(stderr, "store_writer: no default profile\n");
        return 1;
    }

    for (int next = 1;; next += kBatchSize) {
        QStringList ids;
        QList<TaskUpdate> updates;
        for (int number = next; number < next + kBatchSize; ++number) {
            const QString id = QStringLiteral("crash_%1_%2").arg(run).arg(number);
            ids << id;
            TaskUpdate update;
            update.taskId = id;
            update.task = inProgressTask(id, number);
            update.httpStatus = 200;
            update.outcome.known = true;
            update.outcome.statusChanged = true;
            updates << update;
        }
        const std::optional<Store::AddOutcome> added
            = store.addTasks(profile->id, ids, QStringLiteral("crash run %1").arg(run), &error);
        if (!added || added->added.size() != kBatchSize) {
            std::fprintf(stderr, "store_writer: addTasks failed: %s\n", qPrintable(error));
            return 1;
        }
        if (!store.recordUpdates(profile->id, updates, &error)) {
            std::fprintf(stderr, "store_writer: recordUpdates failed: %s\n", qPrintable(error));
            return 1;
        }
        std::printf("committed %d\n", next + kBatchSize - 1);
        std::fflush(stdout);
    }
}

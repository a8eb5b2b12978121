#include "downloadcenter.h"

#include "core/downloadnaming.h"
#include "profilemanager.h"
#include "taskservice.h"

#include <QDir>
#include <QFileInfo>

namespace Reelwatch {

namespace {

const QString kVariant = QStringLiteral("video");

} // namespace

DownloadCenter::DownloadCenter(const ProfileManager* profiles, const TaskService* tasks, QNetworkAccessManager* network,
                               QObject* parent)
    : QObject(parent)
    , m_profiles(profiles)
    , m_tasks(tasks)
    , m_queue(network)
{
    connect(&m_queue, &DownloadQueue::progressChanged, this, &DownloadCenter::progressChanged);
    connect(&m_queue, &DownloadQueue::finished, this, [this](const TaskKey& task, const DownloadResult& result) {
        if (result.ok())
            m_saved.insert(task, result.path);
        emit finished(task, result);
    });
}

std::optional<Downloader::Request> DownloadCenter::requestFor(const TaskKey& task, QString* error,
                                                              std::optional<StoredTask>* stored) const
{
    // The answer that made the task finish may still be on its way to the store: task() writes it first.
    *stored = m_tasks->task(task);
    if (!*stored) {
        *error = tr("The task is no longer on the board.");
        return std::nullopt;
    }
    return m_profiles->downloadRequest(**stored, kVariant, error);
}

bool DownloadCenter::canStart(const TaskKey& task, QString* why) const
{
    std::optional<StoredTask> stored;
    return requestFor(task, why, &stored).has_value();
}

bool DownloadCenter::start(const TaskKey& task, const QString& folder, QString* error)
{
    if (m_queue.contains(task))
        return true;
    std::optional<StoredTask> stored;
    std::optional<Downloader::Request> request = requestFor(task, error, &stored);
    if (!request)
        return false;
    if (!QDir().mkpath(folder)) {
        *error = tr("The download folder %1 cannot be created.").arg(QDir::toNativeSeparators(folder));
        return false;
    }
    DownloadNameFields fields;
    fields.id = task.taskId;
    fields.label = stored->label;
    fields.variant = kVariant;
    fields.model = stored->last ? stored->last->model : QString();
    fields.prompt = stored->last ? stored->last->prompt : QString();
    request->targetPath = DownloadNaming::freePath(folder, DownloadNaming::kDefaultPattern, fields);
    if (request->targetPath.isEmpty()) {
        *error = tr("There is no free file name for it in %1.").arg(QDir::toNativeSeparators(folder));
        return false;
    }
    m_queue.enqueue(task, *request);
    return true;
}

QString DownloadCenter::savedPath(const TaskKey& task) const
{
    const QString path = m_saved.value(task);
    return !path.isEmpty() && QFileInfo::exists(path) ? path : QString();
}

} // namespace Reelwatch

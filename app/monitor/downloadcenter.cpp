#include "downloadcenter.h"

#include "core/downloadnaming.h"
#include "monitor.h"
#include "store/store.h"

#include <QDir>
#include <QFileInfo>

namespace Reelwatch {

namespace {

const QString kVariant = QStringLiteral("video");

} // namespace

DownloadCenter::DownloadCenter(Monitor* monitor, QObject* parent)
    : QObject(parent)
    , m_monitor(monitor)
{ }

DownloadCenter::~DownloadCenter()
{
    // Running downloads stop with the app; their part files stay for a later resume.
    for (Active& active : m_active) {
        if (active.downloader) {
            QObject::disconnect(active.downloader, nullptr, this, nullptr);
            active.downloader->cancel();
        }
    }
}

bool DownloadCenter::start(const TaskKey& task, const QString& folder, QString* error)
{
    if (m_active.contains(task))
        return true;
    std::optional<Downloader::Request> request
        = m_monitor->downloadRequest(task.profileId, task.taskId, kVariant, error);
    if (!request)
        return false;
    if (!QDir().mkpath(folder)) {
        *error = tr("The download folder %1 cannot be created.").arg(QDir::toNativeSeparators(folder));
        return false;
    }
    const std::optional<StoredTask> stored = m_monitor->store()->task(task.profileId, task.taskId);
    DownloadNameFields fields;
    fields.id = task.taskId;
    fields.label = stored ? stored->label : QString();
    fields.variant = kVariant;
    fields.model = stored && stored->last ? stored->last->model : QString();
    request->targetPath = DownloadNaming::freePath(folder, DownloadNaming::kDefaultPattern, fields);
    if (request->targetPath.isEmpty()) {
        *error = tr("There is no free file name for it in %1.").arg(QDir::toNativeSeparators(folder));
        return false;
    }
    m_active.insert(task, Active{*request, Progress{}, nullptr});
    m_waiting.push_back(task);
    emit progressChanged(task);
    startWaiting();
    return true;
}

void DownloadCenter::startWaiting()
{
    while (m_running < kMaxRunning && !m_waiting.empty()) {
        const TaskKey task = m_waiting.front();
        m_waiting.pop_front();
        const auto found = m_active.find(task);
        if (found == m_active.end())
            continue; // cancelled while waiting
        auto* downloader = new Downloader(m_monitor->network(), found->request, this);
        found->downloader = downloader;
        found->progress.waiting = false;
        ++m_running;
        connect(downloader, &Downloader::progress, this, [this, task](qint64 bytes, qint64 total) {
            const auto active = m_active.find(task);
            if (active == m_active.end())
                return;
            active->progress.bytes = bytes;
            active->progress.total = total;
            emit progressChanged(task);
        });
        connect(downloader, &Downloader::finished, this, [this, task](const DownloadResult& result) {
            --m_running;
            m_active.remove(task);
            if (result.ok())
                m_saved.insert(task, result.path);
            emit finished(task, result);
            startWaiting();
        });
        downloader->start();
        emit progressChanged(task);
    }
}

void DownloadCenter::cancel(const TaskKey& task)
{
    const auto found = m_active.find(task);
    if (found == m_active.end())
        return;
    if (found->downloader) {
        found->downloader->cancel(); // finished() follows with Cancelled
        return;
    }
    m_active.erase(found);
    DownloadResult cancelled;
    cancelled.kind = DownloadErrorKind::Cancelled;
    cancelled.message = tr("The download was cancelled before it started.");
    emit finished(task, cancelled);
}

std::optional<DownloadCenter::Progress> DownloadCenter::progress(const TaskKey& task) const
{
    const auto found = m_active.constFind(task);
    if (found == m_active.constEnd())
        return std::nullopt;
    return found->progress;
}

QString DownloadCenter::savedPath(const TaskKey& task) const
{
    const QString path = m_saved.value(task);
    return !path.isEmpty() && QFileInfo::exists(path) ? path : QString();
}

} // namespace Reelwatch

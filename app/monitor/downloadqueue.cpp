#include "downloadqueue.h"

namespace Reelwatch {

DownloadQueue::DownloadQueue(QNetworkAccessManager* network, QObject* parent)
    : QObject(parent)
    , m_network(network)
{ }

DownloadQueue::~DownloadQueue()
{
    for (const Active& active : std::as_const(m_active)) {
        if (active.downloader) {
            QObject::disconnect(active.downloader, nullptr, this, nullptr);
            active.downloader->cancel();
        }
    }
}

bool DownloadQueue::enqueue(const TaskKey& task, const Downloader::Request& request)
{
    if (m_active.contains(task) || m_stopping)
        return false;
    m_active.insert(task, Active{request, Progress{}, nullptr});
    m_waiting.push_back(task);
    emit progressChanged(task);
    startWaiting();
    return true;
}

void DownloadQueue::startWaiting()
{
    while (m_running < kMaxRunning && !m_waiting.empty()) {
        const TaskKey task = m_waiting.front();
        m_waiting.pop_front();
        const auto found = m_active.find(task);
        if (found == m_active.end())
            continue; // cancelled while waiting
        auto* downloader = new Downloader(m_network, found->request, this);
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
            emit finished(task, result);
            if (!m_stopping)
                startWaiting();
        });
        downloader->start();
        emit progressChanged(task);
    }
}

void DownloadQueue::cancel(const TaskKey& task)
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
    cancelled.error = ApiError::of(ErrorKind::Cancelled, ErrorReason::CancelledBeforeStart);
    emit finished(task, cancelled);
}

void DownloadQueue::stopAll()
{
    m_stopping = true;
    m_waiting.clear();
    QList<QPointer<Downloader>> running;
    for (auto it = m_active.begin(); it != m_active.end();) {
        if (it->downloader) {
            running << it->downloader;
            ++it;
        } else {
            it = m_active.erase(it);
        }
    }
    // Each cancel ends with finished() (Cancelled), which takes its entry out of m_active.
    for (const QPointer<Downloader>& downloader : std::as_const(running)) {
        if (downloader)
            downloader->cancel();
    }
    m_stopping = false;
}

std::optional<DownloadQueue::Progress> DownloadQueue::progress(const TaskKey& task) const
{
    const auto found = m_active.constFind(task);
    if (found == m_active.constEnd())
        return std::nullopt;
    return found->progress;
}

} // namespace Reelwatch

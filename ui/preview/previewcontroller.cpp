#include "previewcontroller.h"

#include "monitor/downloadcenter.h"
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "previewplayer.h"
#include "previewsource.h"

#include <QDateTime>
#include <QDir>
#include <QLocale>

namespace Reelwatch {

PreviewController::PreviewController(Monitor* monitor, std::function<QString()> downloadFolder, QWidget* window)
    : QObject(window)
    , m_monitor(monitor)
    , m_downloadFolder(std::move(downloadFolder))
    , m_window(window)
{
    DownloadCenter* downloads = m_monitor->downloads();
    connect(downloads, &DownloadCenter::progressChanged, this, &PreviewController::onDownloadProgress);
    connect(downloads, &DownloadCenter::finished, this, &PreviewController::onDownloadFinished);
}

PreviewPlayer* PreviewController::ensurePlayer()
{
    if (!m_player)
        m_player = new PreviewPlayer(m_window);
    return m_player;
}

bool PreviewController::open(const StoredTask& task, QString* why)
{
    if (!task.last || task.last->status != TaskStatus::Success) {
        *why = tr("Only a finished render can be previewed.");
        return false;
    }
    const TaskKey key{task.profileId, task.taskId};
    DownloadCenter* downloads = m_monitor->downloads();
    const std::optional<Profile> profile = m_monitor->profiles()->profile(task.profileId);
    const PreviewSource source = PreviewSource::choose(
        task, downloads->savedPath(key), profile ? profile->baseUrl : QUrl(), QDateTime::currentSecsSinceEpoch());
    PreviewPlayer* player = ensurePlayer();
    player->showRender(task.displayName(), task.taskId);
    m_waitingFor = TaskKey();
    switch (source.kind) {
    case PreviewSource::Kind::LocalFile:
        player->play(source.url, QDir::toNativeSeparators(source.url.toLocalFile()));
        break;
    case PreviewSource::Kind::Stream:
        // The link is signed: its query is a credential of its own, so only the host is shown.
        player->play(source.url, tr("Streaming from %1").arg(source.url.host()));
        break;
    case PreviewSource::Kind::DownloadFirst: {
        QString error;
        if (!downloads->isActive(key) && !downloads->start(key, m_downloadFolder(), &error)) {
            player->showProblem(tr("The video could not be downloaded for the preview: %1").arg(error));
            break;
        }
        m_waitingFor = key;
        m_waitingReason = source.why.isEmpty() ? tr("The video is downloaded first, then played.") : source.why;
        player->showWaiting(m_waitingReason + QLatin1Char('\n') + tr("Downloading…"));
        onDownloadProgress(key);
        break;
    }
    }
    player->show();
    player->raise();
    player->activateWindow();
    return true;
}

void PreviewController::onDownloadProgress(const TaskKey& task)
{
    if (!m_player || !m_player->isVisible() || task != m_waitingFor)
        return;
    const std::optional<DownloadCenter::Progress> progress = m_monitor->downloads()->progress(task);
    if (!progress)
        return;
    QString text;
    if (progress->waiting)
        text = tr("Waiting for another download to finish…");
    else if (progress->total > 0)
        text = tr("Downloading… %1%").arg(progress->bytes * 100 / progress->total);
    else
        text = tr("Downloading… %1").arg(QLocale().formattedDataSize(progress->bytes));
    m_player->showWaiting(m_waitingReason + QLatin1Char('\n') + text);
}

void PreviewController::onDownloadFinished(const TaskKey& task, const DownloadResult& result)
{
    if (!m_player || task != m_waitingFor)
        return;
    m_waitingFor = TaskKey();
    if (!m_player->isVisible())
        return; // closed while it downloaded: the file is saved, nothing starts playing
    if (result.ok())
        m_player->play(QUrl::fromLocalFile(result.path), QDir::toNativeSeparators(result.path));
    else if (result.kind() == ErrorKind::Cancelled)
        m_player->showProblem(tr("The download was cancelled."));
    else
        m_player->showProblem(tr("The video could not be downloaded for the preview: %1").arg(result.message()));
}

} // namespace Reelwatch

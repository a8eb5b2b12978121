#include "firstframeposters.h"

#include "monitor/downloadcenter.h"
#include "posterlibrary.h"
#include "ui/preview/firstframegrabber.h"

namespace Reelwatch {

FirstFramePosters::FirstFramePosters(DownloadCenter* downloads, PosterLibrary* posters, QObject* parent)
    : QObject(parent)
    , m_downloads(downloads)
    , m_posters(posters)
    , m_grabber(new FirstFrameGrabber(this))
{
    connect(m_downloads, &DownloadCenter::finished, this, &FirstFramePosters::onDownloadFinished);
    connect(m_posters, &PosterLibrary::pictureFailed, this, &FirstFramePosters::onPosterFailed);
    connect(m_grabber, &FirstFrameGrabber::grabbed, this, [this](const TaskKey& task, const QImage& frame) {
        // The server's poster may have come in meanwhile; it stays.
        if (m_posters->cachedPicture(task.profileId, task.taskId, PictureKind::Poster).isNull())
            m_posters->adopt(task.profileId, task.taskId, PictureKind::Poster, frame);
    });
}

void FirstFramePosters::onDownloadFinished(const TaskKey& task, const DownloadResult& result)
{
    if (!result.ok())
        return;
    // Only where the server said it has no poster; otherwise its own is fetched when shown (a timeout
    // or a 5xx is no reason to put another picture in its place for good).
    if (!m_posters->serverHasNone(task.profileId, task.taskId, PictureKind::Poster))
        return;
    take(task, result.path);
}

void FirstFramePosters::onPosterFailed(qint64 profileId, const QString& taskId, PictureKind kind)
{
    if (kind != PictureKind::Poster || !m_posters->serverHasNone(profileId, taskId, kind))
        return;
    const TaskKey task{profileId, taskId};
    take(task, m_downloads->savedPath(task));
}

void FirstFramePosters::take(const TaskKey& task, const QString& path)
{
    if (path.isEmpty() || m_tried.contains(task) || !FirstFrameGrabber::isAvailable())
        return;
    m_tried.insert(task);
    m_grabber->grab(task, path);
}

} // namespace Reelwatch

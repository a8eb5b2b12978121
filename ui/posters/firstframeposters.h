#pragma once

#include "core/taskkey.h"

#include <QObject>
#include <QSet>

namespace Reelwatch {

class DownloadCenter;
class FirstFrameGrabber;
class PosterLibrary;
struct DownloadResult;
enum class PictureKind;

// Posters for renders whose server gives none (most native APIs have no thumbnail): once the
// video is saved, its first picture becomes the poster, kept in the disk cache so a restart shows
// it without the video. Asked for in both orders: a download that finishes after the poster
// failed, and a poster that fails for a video already saved in this session. A server's own
// poster is never replaced.
class FirstFramePosters : public QObject
{
    Q_OBJECT

public:
    FirstFramePosters(DownloadCenter* downloads, PosterLibrary* posters, QObject* parent = nullptr);

    FirstFrameGrabber* grabber() const { return m_grabber; }

private:
    void onDownloadFinished(const TaskKey& task, const DownloadResult& result);
    void onPosterFailed(qint64 profileId, const QString& taskId, PictureKind kind);
    void take(const TaskKey& task, const QString& path);

    DownloadCenter* m_downloads;
    PosterLibrary* m_posters;
    FirstFrameGrabber* m_grabber;
    // Tasks tried once this session: a video that yields no picture is not decoded again each time
    // the server's poster is asked for again.
    QSet<TaskKey> m_tried;
};

} // namespace Reelwatch

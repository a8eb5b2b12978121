#pragma once

#include "core/taskkey.h"

#include <deque>
#include <optional>
#include <QImage>
#include <QObject>
#include <QTimer>

class QMediaPlayer;
class QVideoFrame;
class QVideoSink;

namespace Reelwatch {

// Takes an early picture out of a saved video, for renders whose server has no poster. One video
// at a time, decoded by Qt Multimedia without sound or a window; nothing is attempted where Qt
// Multimedia has no back end (MediaBackend). A file no decoder can read ends at a deadline, so it
// cannot hold the queue.
class FirstFrameGrabber : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDeadlineMs = 15000;
    // A render that fades in starts black: frames this dark are passed over for up to this long.
    static constexpr qint64 kSkipDarkFramesUpToMs = 1500;

    explicit FirstFrameGrabber(QObject* parent = nullptr);
    ~FirstFrameGrabber() override;

    static bool isAvailable();
    // Queues the video at `path`; grabbed() or failed() follows for `task`. A task already waiting
    // is not queued twice.
    void grab(const TaskKey& task, const QString& path);
    int pendingCount() const { return int(m_waiting.size()) + (m_current ? 1 : 0); }

    // Whether a frame is so dark that a later one makes a better poster.
    static bool isNearlyBlack(const QImage& image);

signals:
    void grabbed(const Reelwatch::TaskKey& task, const QImage& frame);
    void failed(const Reelwatch::TaskKey& task, const QString& reason);

private:
    struct Job
    {
        TaskKey task;
        QString path;
    };
    void startNext();
    void onFrame(const QVideoFrame& frame);
    void finish(QImage frame, const QString& reason);

    std::deque<Job> m_waiting;
    std::optional<Job> m_current;
    QImage m_darkCandidate; // the best dark frame so far, used if nothing brighter comes
    QMediaPlayer* m_player = nullptr; // the current video's; a media object needs a back end
    QVideoSink* m_sink = nullptr;
    QTimer m_deadline;
};

} // namespace Reelwatch

#include "firstframegrabber.h"

#include "mediabackend.h"

#include <QFileInfo>
#include <QMediaPlayer>
#include <QUrl>
#include <QVideoFrame>
#include <QVideoSink>

namespace Reelwatch {

FirstFrameGrabber::FirstFrameGrabber(QObject* parent)
    : QObject(parent)
{
    m_deadline.setSingleShot(true);
    m_deadline.setInterval(kDeadlineMs);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (!m_darkCandidate.isNull())
            finish(m_darkCandidate, QString());
        else
            finish(QImage(), tr("no picture could be read from the video in %1 s").arg(kDeadlineMs / 1000));
    });
}

FirstFrameGrabber::~FirstFrameGrabber()
{
    for (QMediaPlayer* player : findChildren<QMediaPlayer*>())
        player->stop();
}

bool FirstFrameGrabber::isAvailable()
{
    return MediaBackend::probe().available;
}

bool FirstFrameGrabber::isNearlyBlack(const QImage& image)
{
    if (image.isNull())
        return true;
    // A coarse grid is enough to tell a black or almost black frame from a picture.
    const QImage small
        = image.scaled(16, 16, Qt::IgnoreAspectRatio, Qt::FastTransformation).convertToFormat(QImage::Format_RGB32);
    int brightest = 0;
    for (int y = 0; y < small.height(); ++y) {
        for (int x = 0; x < small.width(); ++x)
            brightest = std::max(brightest, qGray(small.pixel(x, y)));
    }
    return brightest < 24;
}

void FirstFrameGrabber::grab(const TaskKey& task, const QString& path)
{
    if (m_current && m_current->task == task)
        return;
    for (const Job& job : m_waiting) {
        if (job.task == task)
            return;
    }
    m_waiting.push_back(Job{task, path});
    if (!m_current)
        startNext();
}

void FirstFrameGrabber::startNext()
{
    while (!m_current && !m_waiting.empty()) {
        Job job = std::move(m_waiting.front());
        m_waiting.pop_front();
        if (!isAvailable()) {
            emit failed(job.task, tr("videos cannot be read here: %1").arg(MediaBackend::probe().problem));
            continue;
        }
        if (!QFileInfo(job.path).isFile()) {
            emit failed(job.task, tr("the saved video is gone"));
            continue;
        }
        // A player of its own per video: frames or errors the previous one still delivers cannot be
        // taken for this video's, and retiring it cannot stop this one.
        m_player = new QMediaPlayer(this);
        m_sink = new QVideoSink(m_player);
        m_player->setVideoSink(m_sink); // no audio output: nothing is heard
        connect(m_sink, &QVideoSink::videoFrameChanged, this, &FirstFrameGrabber::onFrame);
        connect(m_player, &QMediaPlayer::errorOccurred, this, [this](QMediaPlayer::Error, const QString& message) {
            if (m_current && sender() == m_player)
                finish(QImage(), message.isEmpty() ? tr("the video could not be read") : message);
        });
        connect(m_player, &QMediaPlayer::mediaStatusChanged, this, [this](QMediaPlayer::MediaStatus status) {
            if (!m_current || sender() != m_player)
                return;
            if (status == QMediaPlayer::InvalidMedia)
                finish(QImage(), tr("the video could not be read"));
            else if (status == QMediaPlayer::EndOfMedia) // every frame was dark: the first one it is
                finish(m_darkCandidate, tr("the video has no picture"));
        });
        m_current = std::move(job);
        m_darkCandidate = QImage();
        m_deadline.start();
        m_player->setSource(QUrl::fromLocalFile(m_current->path));
        m_player->play();
    }
}

void FirstFrameGrabber::onFrame(const QVideoFrame& frame)
{
    if (!m_current || !frame.isValid() || sender() != m_sink)
        return;
    QImage image = frame.toImage();
    if (image.isNull())
        return;
    const qint64 startMs = frame.startTime() >= 0 ? frame.startTime() / 1000 : 0;
    if (isNearlyBlack(image) && startMs < kSkipDarkFramesUpToMs) {
        if (m_darkCandidate.isNull())
            m_darkCandidate = image;
        return;
    }
    finish(image, QString());
}

void FirstFrameGrabber::finish(QImage frame, const QString& reason)
{
    if (!m_current)
        return;
    m_deadline.stop();
    const TaskKey task = m_current->task;
    m_current.reset();
    m_darkCandidate = QImage(); // `frame` is a copy: it may have been this
    // Retired, not reused: it must not be stopped from inside its own frame delivery, so it is
    // stopped and deleted once control is back in the event loop.
    QMediaPlayer* retired = m_player;
    if (m_sink)
        m_sink->disconnect(this); // a child of the player: deleted with it
    m_player = nullptr;
    m_sink = nullptr;
    if (retired) {
        retired->disconnect(this);
        QMetaObject::invokeMethod(
            retired,
            [retired] {
                retired->stop();
                retired->deleteLater();
            },
            Qt::QueuedConnection);
    }
    QMetaObject::invokeMethod(this, &FirstFrameGrabber::startNext, Qt::QueuedConnection);
    if (frame.isNull())
        emit failed(task, reason);
    else
        emit grabbed(task, frame.convertToFormat(QImage::Format_RGB32));
}

} // namespace Reelwatch

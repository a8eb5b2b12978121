#pragma once

#include <QDialog>
#include <QUrl>

class QAudioOutput;
class QLabel;
class QMediaPlayer;
class QPushButton;
class QSlider;
class QStackedWidget;
class QToolButton;

namespace Reelwatch {

class VideoFrameView;

// The preview window: plays a finished render (a saved file or a result link) with play/pause,
// scrubbing, loop, mute and frame steps, and hands it to the system player on request. Where Qt
// Multimedia has no backend it says so and offers only the system player; no media object is made
// then (Qt 6.4 would end the process).
class PreviewPlayer : public QDialog
{
    Q_OBJECT

public:
    explicit PreviewPlayer(QWidget* parent = nullptr);
    ~PreviewPlayer() override;

    // A new render: title and task ID for the window, nothing playing yet.
    void showRender(const QString& title, const QString& taskId);
    // Plays `source` (a file or a link); `origin` says where it comes from, under the video.
    void play(const QUrl& source, const QString& origin);
    // Nothing to play yet: the video is on its way ("Downloading… 40%").
    void showWaiting(const QString& text);
    // Nothing can be played: why, with the system player offered when there is something to open.
    void showProblem(const QString& text);

    QUrl source() const { return m_source; }
    bool canPlayHere() const;
    QMediaPlayer* mediaPlayer() const { return m_player; }
    QAudioOutput* audioOutput() const { return m_audio; }
    VideoFrameView* videoView() const { return m_video; }
    QString statusText() const;
    QPushButton* systemPlayerButton() const { return m_systemPlayer; }

    void togglePlaying();
    // Pauses and moves `frames` frames on (negative: back).
    void stepFrames(int frames);
    void seekBy(qint64 milliseconds);
    void setLooping(bool looping);
    void setMuted(bool muted);

protected:
    void hideEvent(QHideEvent* event) override;

private:
    void createPlayer();
    void updateControls();
    void updatePosition();
    qint64 frameMs() const;
    void seekTo(qint64 position);
    void openInSystemPlayer();

    QLabel* m_title;
    QStackedWidget* m_stack;
    VideoFrameView* m_video;
    QLabel* m_message;
    QToolButton* m_playButton;
    QToolButton* m_backButton;
    QToolButton* m_forwardButton;
    QSlider* m_slider;
    QLabel* m_time;
    QToolButton* m_loopButton;
    QToolButton* m_muteButton;
    QLabel* m_status;
    QPushButton* m_systemPlayer;
    QMediaPlayer* m_player = nullptr;
    QAudioOutput* m_audio = nullptr;
    QUrl m_source;
    bool m_scrubbing = false;
};

} // namespace Reelwatch

#include "previewplayer.h"

#include "mediabackend.h"
#include "videoframeview.h"

#include <QAudioOutput>
#include <QBoxLayout>
#include <QDesktopServices>
#include <QDir>
#include <QHideEvent>
#include <QLabel>
#include <QMediaMetaData>
#include <QMediaPlayer>
#include <QPushButton>
#include <QShortcut>
#include <QSlider>
#include <QStackedWidget>
#include <QStyle>
#include <QToolButton>

namespace Reelwatch {

namespace {

QString clock(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(0, ms) / 1000;
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QToolButton* controlButton(QWidget* parent, const QIcon& icon, const QString& text, const QString& tip)
{
    auto* button = new QToolButton(parent);
    button->setIcon(icon);
    button->setText(text);
    button->setToolTip(tip);
    button->setAccessibleName(text);
    button->setAutoRaise(true);
    // The keys act on the player, not on whichever button had the focus.
    button->setFocusPolicy(Qt::NoFocus);
    return button;
}

} // namespace

PreviewPlayer::PreviewPlayer(QWidget* parent)
    : QDialog(parent)
    , m_title(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_video(new VideoFrameView(this))
    , m_message(new QLabel(this))
    , m_playButton(
          controlButton(this, style()->standardIcon(QStyle::SP_MediaPlay), tr("Play"), tr("Play or pause (Space)")))
    , m_backButton(controlButton(this, style()->standardIcon(QStyle::SP_MediaSeekBackward), tr("Previous frame"),
                                 tr("One frame back (,)")))
    , m_forwardButton(controlButton(this, style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Next frame"),
                                    tr("One frame on (.)")))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_time(new QLabel(this))
    , m_loopButton(controlButton(this, QIcon(), tr("Loop"), tr("Play again from the start at the end (L)")))
    , m_muteButton(
          controlButton(this, style()->standardIcon(QStyle::SP_MediaVolume), tr("Mute"), tr("Sound on or off (M)")))
    , m_status(new QLabel(this))
    , m_systemPlayer(new QPushButton(tr("Open in &system player"), this))
{
    setWindowTitle(tr("Preview"));
    setSizeGripEnabled(true);
    setModal(false);
    resize(720, 520);

    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);

    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setMargin(24);
    m_stack->addWidget(m_video);
    m_stack->addWidget(m_message);

    m_slider->setAccessibleName(tr("Position"));
    m_slider->setFocusPolicy(Qt::NoFocus);
    m_slider->setRange(0, 0);
    m_time->setAccessibleName(tr("Time"));
    m_time->setMinimumWidth(m_time->fontMetrics().horizontalAdvance(QStringLiteral("00:00 / 00:00")));
    m_loopButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_loopButton->setCheckable(true);
    m_muteButton->setCheckable(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    m_systemPlayer->setAutoDefault(false);
    m_systemPlayer->setToolTip(tr("Play the video in the application this computer plays videos with"));
    auto* close = new QPushButton(tr("Close"), this);
    close->setAutoDefault(false);

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_playButton);
    controls->addWidget(m_backButton);
    controls->addWidget(m_forwardButton);
    controls->addWidget(m_slider, 1);
    controls->addWidget(m_time);
    controls->addWidget(m_loopButton);
    controls->addWidget(m_muteButton);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_systemPlayer);
    bottom->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_stack, 1);
    layout->addLayout(controls);
    layout->addLayout(bottom);

    connect(m_playButton, &QToolButton::clicked, this, &PreviewPlayer::togglePlaying);
    connect(m_backButton, &QToolButton::clicked, this, [this] { stepFrames(-1); });
    connect(m_forwardButton, &QToolButton::clicked, this, [this] { stepFrames(1); });
    connect(m_loopButton, &QToolButton::toggled, this, &PreviewPlayer::setLooping);
    connect(m_muteButton, &QToolButton::toggled, this, &PreviewPlayer::setMuted);
    connect(m_systemPlayer, &QPushButton::clicked, this, &PreviewPlayer::openInSystemPlayer);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    connect(m_slider, &QSlider::sliderPressed, this, [this] { m_scrubbing = true; });
    connect(m_slider, &QSlider::sliderReleased, this, [this] { m_scrubbing = false; });
    connect(m_slider, &QSlider::valueChanged, this, [this](int value) {
        if (m_player && (m_scrubbing || m_slider->isSliderDown()))
            m_player->setPosition(value);
    });

    const auto shortcut = [this](const QKeySequence& keys, auto slot) {
        auto* s = new QShortcut(keys, this);
        s->setContext(Qt::WindowShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(Qt::Key_Space, [this] { togglePlaying(); });
    shortcut(Qt::Key_Comma, [this] { stepFrames(-1); });
    shortcut(Qt::Key_Period, [this] { stepFrames(1); });
    shortcut(Qt::Key_Left, [this] { seekBy(-1000); });
    shortcut(Qt::Key_Right, [this] { seekBy(1000); });
    shortcut(Qt::Key_L, [this] { m_loopButton->toggle(); });
    shortcut(Qt::Key_M, [this] { m_muteButton->toggle(); });
    updateControls();
}

PreviewPlayer::~PreviewPlayer() = default;

bool PreviewPlayer::canPlayHere() const
{
    return MediaBackend::probe().available;
}

void PreviewPlayer::createPlayer()
{
    if (m_player || !canPlayHere())
        return;
    m_player = new QMediaPlayer(this);
    m_audio = new QAudioOutput(this);
    m_player->setAudioOutput(m_audio);
    m_player->setVideoSink(m_video->sink());
    m_audio->setMuted(m_muteButton->isChecked());
    m_player->setLoops(m_loopButton->isChecked() ? QMediaPlayer::Infinite : 1);
    connect(m_player, &QMediaPlayer::playbackStateChanged, this, &PreviewPlayer::updateControls);
    connect(m_player, &QMediaPlayer::durationChanged, this, [this](qint64 duration) {
        m_slider->setRange(0, int(std::min<qint64>(duration, INT_MAX)));
        updatePosition();
    });
    connect(m_player, &QMediaPlayer::positionChanged, this, &PreviewPlayer::updatePosition);
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this, [this](QMediaPlayer::MediaStatus status) {
        if (status == QMediaPlayer::InvalidMedia)
            showProblem(tr("This video cannot be played here: %1").arg(m_player->errorString()));
        updateControls();
    });
    connect(m_player, &QMediaPlayer::errorOccurred, this, [this](QMediaPlayer::Error error, const QString& text) {
        if (error != QMediaPlayer::NoError)
            showProblem(tr("The video could not be played: %1").arg(text));
    });
}

void PreviewPlayer::showRender(const QString& title, const QString& taskId)
{
    if (m_player) {
        m_player->stop();
        m_player->setSource(QUrl());
    }
    m_source.clear();
    m_video->clear();
    m_title->setText(title);
    m_title->setToolTip(taskId);
    setWindowTitle(tr("Preview: %1").arg(title));
    m_status->clear();
    m_slider->setRange(0, 0);
    updatePosition();
    updateControls();
}

void PreviewPlayer::play(const QUrl& source, const QString& origin)
{
    m_source = source;
    m_status->setText(origin);
    if (!canPlayHere()) {
        showProblem(tr("Videos cannot be played inside Reelwatch on this computer (%1). The system player can "
                       "play it.")
                        .arg(MediaBackend::probe().problem));
        return;
    }
    createPlayer();
    m_stack->setCurrentWidget(m_video);
    m_player->setSource(source);
    m_player->play();
    updateControls();
}

void PreviewPlayer::showWaiting(const QString& text)
{
    m_stack->setCurrentWidget(m_message);
    m_message->setText(text);
    updateControls();
}

void PreviewPlayer::showProblem(const QString& text)
{
    if (m_player)
        m_player->stop();
    m_stack->setCurrentWidget(m_message);
    m_message->setText(text);
    updateControls();
}

QString PreviewPlayer::statusText() const
{
    return m_stack->currentWidget() == m_message ? m_message->text() : m_status->text();
}

void PreviewPlayer::togglePlaying()
{
    if (!m_player || m_source.isEmpty())
        return;
    if (m_player->playbackState() == QMediaPlayer::PlayingState)
        m_player->pause();
    else
        m_player->play();
}

qint64 PreviewPlayer::frameMs() const
{
    const double rate = m_player ? m_player->metaData().value(QMediaMetaData::VideoFrameRate).toDouble() : 0;
    return rate > 0 ? std::max<qint64>(1, qint64(std::lround(1000.0 / rate))) : 40; // 25 fps when unsaid
}

void PreviewPlayer::stepFrames(int frames)
{
    if (!m_player || m_source.isEmpty())
        return;
    if (m_player->playbackState() == QMediaPlayer::PlayingState)
        m_player->pause();
    const qint64 shown = m_video->currentFrameStartMs();
    seekTo((shown >= 0 ? shown : m_player->position()) + frames * frameMs());
}

void PreviewPlayer::seekBy(qint64 milliseconds)
{
    if (!m_player || m_source.isEmpty())
        return;
    seekTo(m_player->position() + milliseconds);
}

void PreviewPlayer::seekTo(qint64 position)
{
    const qint64 duration = m_player->duration();
    m_player->setPosition(std::max<qint64>(0, duration > 0 ? std::min(position, duration - 1) : position));
}

void PreviewPlayer::setLooping(bool looping)
{
    if (m_loopButton->isChecked() != looping)
        m_loopButton->setChecked(looping); // comes back here through toggled()
    else if (m_player)
        m_player->setLoops(looping ? QMediaPlayer::Infinite : 1);
}

void PreviewPlayer::setMuted(bool muted)
{
    if (m_muteButton->isChecked() != muted) {
        m_muteButton->setChecked(muted);
        return;
    }
    m_muteButton->setIcon(style()->standardIcon(muted ? QStyle::SP_MediaVolumeMuted : QStyle::SP_MediaVolume));
    m_muteButton->setText(muted ? tr("Unmute") : tr("Mute"));
    m_muteButton->setAccessibleName(m_muteButton->text());
    if (m_audio)
        m_audio->setMuted(muted);
}

void PreviewPlayer::updateControls()
{
    const bool playable = m_player && !m_source.isEmpty() && m_stack->currentWidget() == m_video;
    const bool playing = playable && m_player->playbackState() == QMediaPlayer::PlayingState;
    m_playButton->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_playButton->setText(playing ? tr("Pause") : tr("Play"));
    m_playButton->setAccessibleName(m_playButton->text());
    for (QWidget* control : {static_cast<QWidget*>(m_playButton), static_cast<QWidget*>(m_backButton),
                             static_cast<QWidget*>(m_forwardButton), static_cast<QWidget*>(m_slider)})
        control->setEnabled(playable);
    m_systemPlayer->setEnabled(!m_source.isEmpty());
}

void PreviewPlayer::updatePosition()
{
    const qint64 position = m_player ? m_player->position() : 0;
    const qint64 duration = m_player ? m_player->duration() : 0;
    if (!m_slider->isSliderDown()) {
        const QSignalBlocker quiet(m_slider);
        m_slider->setValue(int(std::min<qint64>(position, INT_MAX)));
    }
    m_time->setText(tr("%1 / %2").arg(clock(position), clock(duration)));
}

void PreviewPlayer::openInSystemPlayer()
{
    if (m_source.isEmpty())
        return;
    if (m_player)
        m_player->pause();
    if (!QDesktopServices::openUrl(m_source))
        m_status->setText(tr("No application opened %1.")
                              .arg(m_source.isLocalFile() ? QDir::toNativeSeparators(m_source.toLocalFile())
                                                          : m_source.toDisplayString()));
}

void PreviewPlayer::hideEvent(QHideEvent* event)
{
    // Closed: stop, and let go of the file (it may be moved or deleted) and of the connection.
    if (m_player && !event->spontaneous()) {
        m_player->stop();
        m_player->setSource(QUrl());
    }
    QDialog::hideEvent(event);
}

} // namespace Reelwatch

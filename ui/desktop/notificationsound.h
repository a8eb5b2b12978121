#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>

namespace Reelwatch {

// The notification chime (resources/sounds/notification.wav, made by
// scripts/make-notification-sound.py). A notification server that plays sounds gets the file;
// otherwise play() plays it here. Qt Multimedia is not a dependency for one short chime: on Linux
// the desktop's own command-line player does it (PipeWire, PulseAudio or ALSA), elsewhere the
// system beep.
class NotificationSound : public QObject
{
    Q_OBJECT

public:
    explicit NotificationSound(QObject* parent = nullptr);

    // A burst of notifications (several renders finishing in the same poll) makes one sound.
    static constexpr int kMinimumGapMs = 1000;

    // The chime as a file any process can read (a notification server cannot read Qt resources):
    // copied once into the cache directory and reused while its content is current. Empty when it
    // could not be written.
    static QString filePath();

    // Whether a sound may play now: true at most once per kMinimumGapMs. A true answer counts as the
    // sound, whoever then plays it (the notification server, or play()).
    bool claim();

    // Plays the chime here when claim() allows it; false when it did not (too soon, or nothing to
    // play it with).
    bool play();

    // The player play() starts on this system ("pw-play", "paplay" or "aplay", first found in PATH),
    // empty where there is none or the platform beeps instead.
    static QString playerProgram();

private:
    QElapsedTimer m_lastSound;
};

} // namespace Reelwatch

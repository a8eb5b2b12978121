#pragma once

#include <QString>

namespace Reelwatch {

// Whether Qt Multimedia can play here. Qt 6.4 ends the process (qFatal) when a media object is made
// and no backend plugin loads, so the preview asks this first and creates a player only when the
// backend Qt would pick (QT_MEDIA_BACKEND, else GStreamer, else any) is present and loads.
struct MediaBackend
{
    bool available = false;
    QString name; // "gstreamer", "ffmpeg"
    QString problem; // why it is not available, in English (shown with the preview's own words)

    // Worked out once per process; later calls return the same answer.
    static const MediaBackend& probe();
};

} // namespace Reelwatch

#pragma once

#include "store/storetypes.h"

#include <QCoreApplication>
#include <QUrl>

namespace Reelwatch {

// What the preview plays for a finished render, and why: the video this session saved, else the
// result link where a player may fetch it on its own, else nothing until the video is downloaded.
// A media player sends no credential, so a link that needs the key (the API's own content route,
// or any link on the API's origin) is downloaded through the key-holding path first.
struct PreviewSource
{
    Q_DECLARE_TR_FUNCTIONS(PreviewSource)

public:
    enum class Kind
    {
        LocalFile,
        Stream,
        DownloadFirst,
    };

    Kind kind = Kind::DownloadFirst;
    QUrl url; // the file or the link; empty for DownloadFirst
    QString why; // for DownloadFirst: why the link cannot be streamed (empty when there is none)

    // `savedPath`: where this session saved the task's video (empty if it did not); `apiOrigin`: the
    // profile's base URL; `nowSeconds`: the time to check a link's expiry against.
    static PreviewSource choose(const StoredTask& task, const QString& savedPath, const QUrl& apiOrigin,
                                qint64 nowSeconds);
};

} // namespace Reelwatch

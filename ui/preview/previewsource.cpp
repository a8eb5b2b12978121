#include "previewsource.h"

#include "core/apiendpoint.h"
#include "net/httpget.h"

#include <QFileInfo>

namespace Reelwatch {

PreviewSource PreviewSource::choose(const StoredTask& task, const QString& savedPath, const QUrl& apiOrigin,
                                    qint64 nowSeconds)
{
    PreviewSource source;
    if (!savedPath.isEmpty() && QFileInfo(savedPath).isFile()) {
        source.kind = Kind::LocalFile;
        source.url = QUrl::fromLocalFile(savedPath);
        return source;
    }
    const QString link = task.last ? task.last->resultUrl.trimmed() : QString();
    if (link.isEmpty() || !isWebLink(link))
        return source; // only the API's content route has it: it needs the key
    const QUrl url(link);
    if (HttpGet::refusalFor(url).isError()) {
        source.why = tr("The result link is plain http off this computer, so it is downloaded first.");
        return source;
    }
    if (ApiEndpoint::isSameOrigin(url, apiOrigin)) {
        source.why = tr("The result link is on the API's own server and needs the key, so it is downloaded first.");
        return source;
    }
    if (task.last->expiresAt && *task.last->expiresAt <= nowSeconds) {
        source.why = tr("The result link has expired; the video is downloaded through the API instead.");
        return source;
    }
    source.kind = Kind::Stream;
    source.url = url;
    return source;
}

} // namespace Reelwatch

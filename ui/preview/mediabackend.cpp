#include "mediabackend.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QLibrary>
#include <QPluginLoader>

namespace Reelwatch {

namespace {

// Qt's QPlatformMediaPlugin_iid (a private header): what every multimedia backend plugin declares.
constexpr auto kBackendInterface = "org.qt-project.Qt.QPlatformMediaPlugin";

MediaBackend findBackend()
{
    struct Candidate
    {
        QString key;
        QString file;
    };
    QList<Candidate> candidates;
    for (const QString& folder : QCoreApplication::libraryPaths()) {
        const QDir dir(folder + QLatin1String("/multimedia"));
        for (const QString& name : dir.entryList(QDir::Files)) {
            const QString file = dir.filePath(name);
            if (!QLibrary::isLibrary(file))
                continue;
            const QJsonObject meta = QPluginLoader(file).metaData();
            if (meta.value(QLatin1String("IID")).toString() != QLatin1String(kBackendInterface))
                continue;
            const QJsonArray keys
                = meta.value(QLatin1String("MetaData")).toObject().value(QLatin1String("Keys")).toArray();
            for (const QJsonValue& key : keys)
                candidates.append({key.toString(), file});
        }
    }

    MediaBackend backend;
    QString wanted = qEnvironmentVariable("QT_MEDIA_BACKEND");
    if (wanted.isEmpty()) {
        wanted = QStringLiteral("gstreamer"); // Qt's choice on Linux; elsewhere the first one found
        const bool hasGstreamer
            = std::any_of(candidates.cbegin(), candidates.cend(), [&](const Candidate& c) { return c.key == wanted; });
        if (!hasGstreamer && !candidates.isEmpty())
            wanted = candidates.first().key;
    }
    backend.name = wanted;
    const auto chosen
        = std::find_if(candidates.cbegin(), candidates.cend(), [&](const Candidate& c) { return c.key == wanted; });
    if (chosen == candidates.cend()) {
        backend.problem = candidates.isEmpty()
            ? QStringLiteral("no Qt Multimedia backend is installed (GStreamer or FFmpeg plugin)")
            : QStringLiteral("the Qt Multimedia backend \"%1\" is not installed").arg(wanted);
        return backend;
    }
    // Loading the library shows whether its own dependencies (GStreamer, FFmpeg) are there; Qt
    // loads the same library again later, so this costs nothing then.
    QPluginLoader loader(chosen->file);
    if (!loader.load()) {
        backend.problem
            = QStringLiteral("the Qt Multimedia backend \"%1\" does not load: %2").arg(wanted, loader.errorString());
        return backend;
    }
    backend.available = true;
    return backend;
}

} // namespace

const MediaBackend& MediaBackend::probe()
{
    static const MediaBackend backend = findBackend();
    return backend;
}

} // namespace Reelwatch

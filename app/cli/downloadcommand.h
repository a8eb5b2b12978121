#pragma once

#include "connectionoptions.h"
#include "core/downloadnaming.h"
#include "core/videotask.h"
#include "net/downloader.h"

#include <QCoreApplication>
#include <QStringList>

namespace Reelwatch {

// `reelwatch download ID`: saves a succeeded task's video (or thumbnail, or spritesheet) to a file
// or standard output, resuming a partial file, with a progress line on a terminal. The helpers are
// shared with `watch --download`.
class DownloadCommand
{
    Q_DECLARE_TR_FUNCTIONS(DownloadCommand)

public:
    static int run(const QStringList& arguments);

    // The task's own result URL when its body gave one (video only), else the content route.
    static Downloader::Request requestFor(const Connection& connection, const VideoTask& task, const QString& variant,
                                          int stallTimeoutMs);
    // --stall-timeout, shared with `watch --download`.
    static void addStallOption(QCommandLineParser& parser);
    // Its value in milliseconds (--timeout's when not given); false with the error printed.
    static bool readStallTimeout(const QCommandLineParser& parser, const QString& command, const Connection& connection,
                                 int* ms);
    // A free path in `directory` for the pattern's name; never an existing file.
    static QString freePath(const QString& directory, const QString& pattern, const DownloadNameFields& fields);
    // "12.3 MB", "4.0 KB", "512 B".
    static QString formatSize(qint64 bytes);
    // "saved PATH (12.3 MB in 1.2 s, 10.3 MB/s)".
    static QString summary(const DownloadResult& result);
};

} // namespace Reelwatch

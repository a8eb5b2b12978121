#pragma once

#include "core/fetchresult.h"
#include "net/downloader.h"

#include <QJsonObject>

namespace Reelwatch {

// What `reelwatch watch` prints: one line per event, in words ("12:00:01  video_…  SUCCESS  sora-2
// https://…") or as one JSON object per line with --json, and the closing summary.
class WatchPrinter
{
public:
    struct Summary
    {
        int succeeded = 0;
        int failed = 0;
        int notFound = 0;
        int invalid = 0;
        int unfinished = 0;
        bool interrupted = false;
        bool downloading = false; // --download was given: say what was saved
        int downloaded = 0;
        int downloadsFailed = 0;
        bool following = false; // --follow was given: say how many renders it added
        int added = 0;
        // Given up after --give-up-after: the kind of error that decided it and the words for it.
        QString gaveUpKind;
        QString gaveUpMessage;
    };

    explicit WatchPrinter(bool json)
        : m_json(json)
    { }

    // A new status or progress of a task.
    void status(const FetchResult& result) const;
    // A task's fetch started failing, or failed differently. `waitCutFromMs`: the server asked to
    // wait this long, more than Reelwatch waits (PollSchedule::kMaxRetryAfterMs); said with the error.
    void error(const FetchResult& result, std::optional<qint64> waitCutFromMs = std::nullopt) const;
    // Following the account found a render started elsewhere; it is watched from now on.
    void added(const VideoTask& task) const;
    void downloadSaved(const QString& taskId, const DownloadResult& result) const;
    void downloadFailed(const QString& taskId, const DownloadResult& result) const;
    void summary(const Summary& summary) const;

    // "SUCCESS (succeeded)  sora-2  https://…": the status line of one task, without time and ID.
    static QString describeTask(const VideoTask& task);

private:
    void printJson(const QJsonObject& object) const;

    bool m_json;
};

} // namespace Reelwatch

#pragma once

#include "core/taskkey.h"

#include <functional>
#include <QObject>
#include <QPointer>

class QWidget;

namespace Reelwatch {

class Monitor;
class PreviewPlayer;
struct DownloadResult;
struct StoredTask;

// Opens the preview for a finished render and feeds it: the saved video, else the result link
// where a player may fetch it without the key, else a download into the download folder first
// (its progress shown in the preview, playing once the file is there).
class PreviewController : public QObject
{
    Q_OBJECT

public:
    // `downloadFolder` is asked at each download (the setting may change).
    PreviewController(Monitor* monitor, std::function<QString()> downloadFolder, QWidget* window);

    // False, with the reason, when the task has nothing to preview (not finished).
    bool open(const StoredTask& task, QString* why);
    // The preview window once it has been opened; null before.
    PreviewPlayer* player() const { return m_player; }

private:
    PreviewPlayer* ensurePlayer();
    void onDownloadProgress(const TaskKey& task);
    void onDownloadFinished(const TaskKey& task, const DownloadResult& result);

    Monitor* m_monitor;
    std::function<QString()> m_downloadFolder;
    QPointer<QWidget> m_window;
    PreviewPlayer* m_player = nullptr;
    TaskKey m_waitingFor; // the task whose download the preview waits for; empty ID when none
    QString m_waitingReason; // why it is downloaded rather than streamed
};

} // namespace Reelwatch

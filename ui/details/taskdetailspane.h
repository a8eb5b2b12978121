#pragma once

#include "core/taskupdate.h"
#include "store/storetypes.h"

#include <QImage>
#include <QSet>
#include <QWidget>

class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QScrollArea;
class QStackedLayout;
class QTimer;
class QProgressBar;
class QPushButton;
class QToolButton;
class QTreeWidget;

namespace Reelwatch {

class Monitor;
class PosterLibrary;

// Everything known about one task: its fields, the full prompt, the error, the status timeline
// from the store, when its downloadable assets expire, the thumbnail once it has succeeded and the
// raw JSON. Follows the monitor's updates for the task it shows; updates for other tasks cost a
// comparison and nothing else.
class TaskDetailsPane : public QWidget
{
    Q_OBJECT

public:
    // Below this the expiry of the assets is shown as a warning.
    static constexpr qint64 kExpiryWarningSeconds = 3600;

    // The thumbnail comes from `posters`, shared with the board; without one the pane has its own.
    explicit TaskDetailsPane(Monitor* monitor, QWidget* parent = nullptr, PosterLibrary* posters = nullptr);
    ~TaskDetailsPane() override;

    void showTask(qint64 profileId, const QString& taskId);
    void clear();

    qint64 profileId() const { return m_profileId; }
    QString taskId() const { return m_taskId; }

    // "just now", "3 min ago", "in 45 min", "2 h ago", "5 days ago".
    static QString relativeTime(qint64 secondsFromNow);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void onTaskUpdated(qint64 profileId, const TaskUpdate& update);
    void reloadHistory();
    void render();
    void renderTimes();
    void renderTimeline();
    void renderRawJson();
    void renderThumbnail();
    // The download of this task: progress and Cancel while it runs, Play and Show in folder once saved.
    void renderDownload();
    void scaleThumbnail();
    void setThumbnailText(const QString& text);
    void applyEmphasis(QLabel* label, bool warning);
    QLabel* addValueRow(const QString& name, const QString& objectName, const QString& accessibleName);

    Monitor* m_monitor;
    qint64 m_profileId = 0;
    QString m_taskId;
    std::optional<StoredTask> m_task; // the store's row, kept current from the monitor's updates
    QList<HistoryEntry> m_history;
    std::optional<QByteArray> m_shownRawJson; // what the raw JSON box holds, once filled

    PosterLibrary* m_posters;
    QImage m_thumbnailImage; // of the task shown, unscaled

    QStackedLayout* m_stack = nullptr;
    QLabel* m_placeholder = nullptr;
    QScrollArea* m_scroll = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_thumbnail = nullptr;
    QWidget* m_downloadRow = nullptr;
    QLabel* m_downloadText = nullptr;
    QProgressBar* m_downloadProgress = nullptr;
    QPushButton* m_downloadCancel = nullptr;
    QPushButton* m_downloadPlay = nullptr;
    QPushButton* m_downloadShow = nullptr;
    QFormLayout* m_form = nullptr;
    QLabel* m_id = nullptr;
    QLabel* m_label = nullptr;
    QLabel* m_profile = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_checked = nullptr;
    QLabel* m_progress = nullptr;
    QLabel* m_model = nullptr;
    QLabel* m_size = nullptr;
    QLabel* m_seconds = nullptr;
    QLabel* m_created = nullptr;
    QLabel* m_added = nullptr;
    QLabel* m_completed = nullptr;
    QLabel* m_expiry = nullptr;
    QLabel* m_result = nullptr;
    QLabel* m_error = nullptr;
    QLabel* m_fetchProblem = nullptr;
    QLabel* m_queue = nullptr;
    QLabel* m_providerFields = nullptr; // what the provider's own answer says beyond the common fields
    QPlainTextEdit* m_prompt = nullptr;
    QTreeWidget* m_timeline = nullptr;
    QToolButton* m_rawToggle = nullptr;
    QPlainTextEdit* m_rawJson = nullptr;
    QTimer* m_historyTimer = nullptr; // re-reads the history once the recorder has written the update
    QTimer* m_clockTimer = nullptr; // keeps "3 min ago" and the expiry warning current
};

} // namespace Reelwatch

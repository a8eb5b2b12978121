#include "taskdetailspane.h"

#include "core/apiendpoint.h"
#include "core/displaytext.h"
#include "core/provider.h"
#include "core/statustext.h"
#include "core/taskcopy.h"
#include "core/taskfreshness.h"
#include "monitor/downloadcenter.h"
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "monitor/taskservice.h"
#include "net/videoapi.h"
#include "store/storerecorder.h"
#include "store/timelinesteps.h"
#include "ui/board/statuswords.h"
#include "ui/board/tasktablemodel.h"
#include "ui/posters/posterdiskcache.h"
#include "ui/posters/posterlibrary.h"

#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedLayout>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace Reelwatch {

namespace {

constexpr int kMaxThumbnailWidth = 320;
constexpr int kMaxThumbnailHeight = 240;
constexpr int kClockRefreshMs = 30000;
// Past the recorder's flush, so the history read after an update already holds it.
constexpr int kHistoryReloadDelayMs = StoreRecorder::kFlushDelayMs + 100;

QColor blend(const QColor& a, const QColor& b, double share)
{
    return QColor::fromRgbF(a.redF() * share + b.redF() * (1 - share), a.greenF() * share + b.greenF() * (1 - share),
                            a.blueF() * share + b.blueF() * (1 - share));
}

QString localTime(qint64 unixSeconds)
{
    const QDateTime at = QDateTime::fromSecsSinceEpoch(unixSeconds).toLocalTime();
    const QLocale locale;
    if (at.date() == QDate::currentDate())
        return locale.toString(at.time(), QLocale::ShortFormat);
    return locale.toString(at, QLocale::ShortFormat);
}

QString statusText(const std::optional<TaskStatus>& status, const QString& rawStatus)
{
    return status ? StatusText::withRawWord(*status, rawStatus) : rawStatus;
}

QString errorText(const QString& code, const QString& message)
{
    if (code.isEmpty())
        return message;
    if (message.isEmpty())
        return code;
    return TaskDetailsPane::tr("%1: %2").arg(code, message);
}

// The task as the pane shows it: every text a server wrote, safe to show (DisplayText). The pane
// works from this copy; copies and downloads keep using the task as it is.
StoredTask shownAsText(StoredTask task)
{
    task.label = DisplayText::line(task.label);
    if (task.last) {
        VideoTask& last = *task.last;
        for (QString* field : {&last.object, &last.model, &last.rawStatus, &last.size, &last.seconds, &last.resultUrl})
            *field = DisplayText::line(*field);
        last.prompt = DisplayText::block(last.prompt);
        if (last.error) {
            last.error->code = DisplayText::line(last.error->code);
            last.error->message = DisplayText::block(last.error->message);
        }
    }
    return task;
}

} // namespace

TaskDetailsPane::TaskDetailsPane(Monitor* monitor, QWidget* parent, PosterLibrary* posters)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_posters(posters ? posters
                        : new PosterLibrary([monitor](qint64 profileId) { return monitor->profiles()->api(profileId); },
                                            std::unique_ptr<PosterDiskCache>(), this))
    , m_stack(new QStackedLayout(this))
    , m_placeholder(new QLabel(this))
    , m_scroll(new QScrollArea(this))
    , m_historyTimer(new QTimer(this))
    , m_clockTimer(new QTimer(this))
{
    setAccessibleName(tr("Task details"));
    const auto thumbnailChanged = [this](qint64 profileId, const QString& taskId, PictureKind kind) {
        if (kind == PictureKind::Poster && profileId == m_profileId && taskId == m_taskId)
            renderThumbnail();
    };
    connect(m_posters, &PosterLibrary::pictureReady, this, thumbnailChanged);
    connect(m_posters, &PosterLibrary::pictureFailed, this,
            [thumbnailChanged](qint64 profileId, const QString& taskId, PictureKind kind) {
                thumbnailChanged(profileId, taskId, kind);
            });

    m_placeholder->setObjectName(QStringLiteral("placeholderLabel"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_placeholder->setAccessibleName(tr("Task details"));

    auto* content = new QWidget(m_scroll);
    auto* layout = new QVBoxLayout(content);

    m_title = new QLabel(content);
    m_title->setObjectName(QStringLiteral("titleLabel"));
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    if (titleFont.pointSizeF() > 0)
        titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_title->setAccessibleName(tr("Task"));
    layout->addWidget(m_title);

    m_thumbnail = new QLabel(content);
    m_thumbnail->setObjectName(QStringLiteral("thumbnailLabel"));
    m_thumbnail->setAlignment(Qt::AlignCenter);
    m_thumbnail->setWordWrap(true);
    m_thumbnail->setAccessibleName(tr("Thumbnail"));
    layout->addWidget(m_thumbnail);

    m_downloadRow = new QWidget(content);
    m_downloadRow->setObjectName(QStringLiteral("downloadRow"));
    // The text (a long path) on its own line, the bar and the buttons under it, so the buttons fit a
    // narrow pane.
    auto* downloadLayout = new QVBoxLayout(m_downloadRow);
    downloadLayout->setContentsMargins(0, 0, 0, 0);
    auto* downloadButtons = new QHBoxLayout;
    m_downloadText = new QLabel(m_downloadRow);
    m_downloadText->setObjectName(QStringLiteral("downloadText"));
    m_downloadText->setWordWrap(true);
    m_downloadText->setTextFormat(Qt::PlainText);
    m_downloadText->setAccessibleName(tr("Download"));
    m_downloadProgress = new QProgressBar(m_downloadRow);
    m_downloadProgress->setObjectName(QStringLiteral("downloadProgress"));
    m_downloadProgress->setAccessibleName(tr("Download progress"));
    m_downloadCancel = new QPushButton(tr("Cancel"), m_downloadRow);
    m_downloadCancel->setObjectName(QStringLiteral("downloadCancel"));
    m_downloadCancel->setAccessibleName(tr("Cancel the download"));
    m_downloadPlay = new QPushButton(tr("Play"), m_downloadRow);
    m_downloadPlay->setObjectName(QStringLiteral("downloadPlay"));
    m_downloadPlay->setAccessibleName(tr("Play the downloaded video"));
    m_downloadShow = new QPushButton(tr("Show in folder"), m_downloadRow);
    m_downloadShow->setObjectName(QStringLiteral("downloadShow"));
    m_downloadShow->setAccessibleName(tr("Show the downloaded video in its folder"));
    downloadLayout->addWidget(m_downloadText);
    downloadButtons->addWidget(m_downloadProgress, 1);
    downloadButtons->addWidget(m_downloadCancel);
    downloadButtons->addWidget(m_downloadPlay);
    downloadButtons->addWidget(m_downloadShow);
    downloadButtons->addStretch();
    downloadLayout->addLayout(downloadButtons);
    layout->addWidget(m_downloadRow);
    DownloadCenter* downloads = m_monitor->downloads();
    const auto isShown
        = [this](const TaskKey& task) { return task.profileId == m_profileId && task.taskId == m_taskId; };
    connect(downloads, &DownloadCenter::progressChanged, this, [this, isShown](const TaskKey& task) {
        if (isShown(task))
            renderDownload();
    });
    connect(downloads, &DownloadCenter::finished, this, [this, isShown](const TaskKey& task, const DownloadResult&) {
        if (isShown(task))
            renderDownload();
    });
    connect(m_downloadCancel, &QPushButton::clicked, this, [this] {
        m_monitor->downloads()->cancel({m_profileId, m_taskId});
    });
    connect(m_downloadPlay, &QPushButton::clicked, this, [this] {
        const QString path = m_monitor->downloads()->savedPath({m_profileId, m_taskId});
        if (!path.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    });
    connect(m_downloadShow, &QPushButton::clicked, this, [this] {
        const QString path = m_monitor->downloads()->savedPath({m_profileId, m_taskId});
        if (!path.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
    });

    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    layout->addLayout(m_form); // first, so the value labels are created inside `content`
    m_id = addValueRow(tr("ID:"), QStringLiteral("idValue"), tr("Task ID"));
    m_label = addValueRow(tr("Label:"), QStringLiteral("labelValue"), tr("Label"));
    m_profile = addValueRow(tr("Profile:"), QStringLiteral("profileValue"), tr("Profile"));
    m_status = addValueRow(tr("Status:"), QStringLiteral("statusValue"), tr("Status"));
    m_checked
        = addValueRow(tr("Checked:"), QStringLiteral("checkedValue"), tr("When the server last confirmed the status"));
    m_progress = addValueRow(tr("Progress:"), QStringLiteral("progressValue"), tr("Progress"));
    m_queue = addValueRow(tr("Queue:"), QStringLiteral("queueValue"), tr("Place in the queue"));
    m_model = addValueRow(tr("Model:"), QStringLiteral("modelValue"), tr("Model"));
    m_size = addValueRow(tr("Size:"), QStringLiteral("sizeValue"), tr("Size"));
    m_seconds = addValueRow(tr("Duration:"), QStringLiteral("secondsValue"), tr("Duration"));
    m_created = addValueRow(tr("Created:"), QStringLiteral("createdValue"), tr("Created on the server"));
    m_added = addValueRow(tr("Added:"), QStringLiteral("addedValue"), tr("Added to Reelwatch"));
    m_completed = addValueRow(tr("Completed:"), QStringLiteral("completedValue"), tr("Completed"));
    m_expiry = addValueRow(tr("Assets:"), QStringLiteral("expiryValue"), tr("Asset expiry"));
    m_result = addValueRow(tr("Result:"), QStringLiteral("resultValue"), tr("Result URL"));
    m_result->setTextFormat(Qt::RichText);
    m_result->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_result->setOpenExternalLinks(true);
    m_error = addValueRow(tr("Error:"), QStringLiteral("errorValue"), tr("Error"));
    m_fetchProblem = addValueRow(tr("Fetch problem:"), QStringLiteral("fetchProblemValue"), tr("Fetch problem"));
    m_providerFields = addValueRow(tr("Service:"), QStringLiteral("providerFieldsValue"),
                                   tr("What the service reports about the task"));

    auto* promptHeading = new QLabel(tr("&Prompt"), content);
    m_prompt = new QPlainTextEdit(content);
    m_prompt->setObjectName(QStringLiteral("promptText"));
    m_prompt->setReadOnly(true);
    m_prompt->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_prompt->setTabChangesFocus(true);
    m_prompt->setAccessibleName(tr("Prompt"));
    m_prompt->setPlaceholderText(tr("The server sent no prompt."));
    m_prompt->setMaximumHeight(m_prompt->fontMetrics().lineSpacing() * 8);
    promptHeading->setBuddy(m_prompt);
    layout->addWidget(promptHeading);
    layout->addWidget(m_prompt);

    auto* timelineHeading = new QLabel(tr("Status &timeline"), content);
    m_timeline = new QTreeWidget(content);
    m_timeline->setObjectName(QStringLiteral("timelineView"));
    m_timeline->setAccessibleName(tr("Status timeline"));
    m_timeline->setColumnCount(3);
    m_timeline->setHeaderLabels({tr("Time"), tr("Status"), tr("Detail")});
    m_timeline->setRootIsDecorated(false);
    m_timeline->setUniformRowHeights(true);
    m_timeline->setSelectionMode(QAbstractItemView::SingleSelection);
    m_timeline->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_timeline->header()->setStretchLastSection(true);
    m_timeline->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents); // short histories stay short
    m_timeline->setMinimumHeight(m_timeline->fontMetrics().lineSpacing() * 3);
    m_timeline->setMaximumHeight(m_timeline->fontMetrics().lineSpacing() * 14);
    timelineHeading->setBuddy(m_timeline);
    layout->addWidget(timelineHeading);
    layout->addWidget(m_timeline);

    m_rawToggle = new QToolButton(content);
    m_rawToggle->setObjectName(QStringLiteral("rawJsonToggle"));
    m_rawToggle->setText(tr("Raw JSON"));
    m_rawToggle->setAccessibleName(tr("Show the raw JSON"));
    m_rawToggle->setCheckable(true);
    m_rawToggle->setAutoRaise(true);
    m_rawToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_rawToggle->setArrowType(Qt::RightArrow);
    m_rawToggle->setFocusPolicy(Qt::StrongFocus);
    m_rawJson = new QPlainTextEdit(content);
    m_rawJson->setObjectName(QStringLiteral("rawJsonText"));
    m_rawJson->setReadOnly(true);
    m_rawJson->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_rawJson->setTabChangesFocus(true);
    m_rawJson->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_rawJson->setAccessibleName(tr("Raw JSON"));
    m_rawJson->setPlaceholderText(tr("The server has not sent a status for this task yet."));
    m_rawJson->setMinimumHeight(m_rawJson->fontMetrics().lineSpacing() * 12);
    m_rawJson->setVisible(false);
    connect(m_rawToggle, &QToolButton::toggled, this, [this](bool shown) {
        m_rawToggle->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
        m_rawToggle->setAccessibleName(shown ? tr("Hide the raw JSON") : tr("Show the raw JSON"));
        m_rawJson->setVisible(shown);
        if (shown)
            renderRawJson();
    });
    layout->addWidget(m_rawToggle, 0, Qt::AlignLeft);
    layout->addWidget(m_rawJson);
    layout->addStretch(1);

    m_scroll->setObjectName(QStringLiteral("detailsScrollArea"));
    m_scroll->setWidget(content);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_scroll->installEventFilter(this);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_scroll);

    m_historyTimer->setSingleShot(true);
    m_historyTimer->setInterval(kHistoryReloadDelayMs);
    connect(m_historyTimer, &QTimer::timeout, this, &TaskDetailsPane::reloadHistory);
    m_clockTimer->setInterval(kClockRefreshMs);
    connect(m_clockTimer, &QTimer::timeout, this, &TaskDetailsPane::renderTimes);

    connect(m_monitor->tasks(), &TaskService::taskUpdated, this, &TaskDetailsPane::onTaskUpdated);
    connect(m_monitor->tasks(), &TaskService::tasksConfirmed, this,
            [this](qint64 profileId, const QStringList& taskIds, qint64 atMs) {
                if (!m_task || profileId != m_profileId || !taskIds.contains(m_taskId))
                    return;
                m_task->noteConfirmed(atMs);
                renderTimes();
            });
    clear();
}

TaskDetailsPane::~TaskDetailsPane() = default;

QLabel* TaskDetailsPane::addValueRow(const QString& name, const QString& objectName, const QString& accessibleName)
{
    auto* value = new QLabel(m_form->parentWidget());
    value->setObjectName(objectName);
    value->setWordWrap(true);
    value->setTextFormat(Qt::PlainText);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setAccessibleName(accessibleName);
    m_form->addRow(name, value);
    return value;
}

QString TaskDetailsPane::relativeTime(qint64 secondsFromNow)
{
    const qint64 magnitude = std::abs(secondsFromNow);
    const bool future = secondsFromNow > 0;
    if (magnitude < 45)
        return tr("just now");
    QString amount;
    if (magnitude < 3600) {
        const int minutes = int(std::max<qint64>(1, (magnitude + 30) / 60));
        amount = tr("%n min", nullptr, minutes);
    } else if (magnitude < 48 * 3600) {
        const int hours = int((magnitude + 1800) / 3600);
        amount = tr("%n h", nullptr, hours);
    } else {
        const int days = int((magnitude + 43200) / 86400);
        amount = days == 1 ? tr("1 day") : tr("%n days", nullptr, days);
    }
    return future ? tr("in %1").arg(amount) : tr("%1 ago").arg(amount);
}

void TaskDetailsPane::clear()
{
    m_profileId = 0;
    m_taskId.clear();
    m_task.reset();
    m_history.clear();
    m_shownRawJson.reset();
    m_thumbnailImage = QImage();
    m_historyTimer->stop();
    m_clockTimer->stop();
    m_placeholder->setText(tr("Select a task to see its details"));
    m_stack->setCurrentWidget(m_placeholder);
}

void TaskDetailsPane::showTask(qint64 profileId, const QString& taskId)
{
    const bool sameTask = profileId == m_profileId && taskId == m_taskId;
    std::optional<StoredTask> stored = m_monitor->tasks()->task({profileId, taskId}); // with the latest answers
    if (!stored) {
        clear();
        m_placeholder->setText(tr("The task %1 is no longer in the list.").arg(taskId));
        return;
    }
    m_profileId = profileId;
    m_taskId = taskId;
    m_task = std::move(stored);
    m_history = m_monitor->tasks()->history(m_task->rowId);
    m_historyTimer->stop();
    if (!sameTask) {
        // A new task gets a fresh start: another try at a thumbnail that failed, the top of the page.
        m_shownRawJson.reset();
        m_thumbnailImage = QImage();
        m_posters->forgetFailure(profileId, taskId, PictureKind::Poster);
        m_scroll->verticalScrollBar()->setValue(0);
    }
    render();
    renderTimeline();
    m_clockTimer->start();
    m_stack->setCurrentWidget(m_scroll);
}

void TaskDetailsPane::onTaskUpdated(qint64 profileId, const TaskUpdate& update)
{
    if (!m_task || profileId != m_profileId || update.taskId != m_taskId)
        return;
    if (update.task)
        m_task->last = update.task;
    m_task->noteFetchError(update.error, QDateTime::currentMSecsSinceEpoch());
    if (update.outcome.gaveUp)
        m_task->gaveUp = true;
    render();
    // The recorder writes the update a moment later; the timeline is read back after that, and
    // only when there is something new in it.
    if (update.outcome.anythingChanged())
        m_historyTimer->start();
}

void TaskDetailsPane::reloadHistory()
{
    if (!m_task)
        return;
    m_history = m_monitor->tasks()->history(m_task->rowId);
    renderTimeline();
}

void TaskDetailsPane::render()
{
    const StoredTask stored = shownAsText(*m_task);
    const VideoTask* last = stored.last ? &*stored.last : nullptr;
    const QString none = tr("—");

    m_title->setText(stored.displayName());
    m_id->setText(stored.taskId);
    m_label->setText(stored.label);
    m_form->setRowVisible(m_label, !stored.label.isEmpty());
    const std::optional<Profile> profile = m_monitor->profiles()->profile(stored.profileId);
    const VideoApi* api = m_monitor->profiles()->api(stored.profileId);
    const Provider* provider = api ? &api->provider() : nullptr;
    QString profileText = profile
        ? (provider ? tr("%1 (%2 at %3)").arg(profile->name, provider->name(), profile->baseUrl.host())
                    : tr("%1 (%2)").arg(profile->name, profile->baseUrl.host()))
        : none;
    if (stored.followed)
        profileText = tr("%1, found by following the account").arg(profileText);
    m_profile->setText(profileText);

    m_status->setText(StatusWords::describe(stored, QDateTime::currentMSecsSinceEpoch()).join(QLatin1Char('\n')));
    const bool rendering = last && last->status == TaskStatus::InProgress;
    if (last && last->progress)
        m_progress->setText(tr("%1%").arg(*last->progress));
    else if (rendering && provider && !provider->capabilities().realProgress)
        m_progress->setText(tr("not reported by %1").arg(provider->name()));
    else
        m_progress->setText(none);
    const bool queued = last && last->queuePosition && !isTerminal(last->status);
    m_queue->setText(queued ? tr("%n render(s) ahead", nullptr, *last->queuePosition) : QString());
    m_form->setRowVisible(m_queue, queued);
    m_model->setText(last && !last->model.isEmpty() ? last->model : none);
    m_size->setText(last && !last->size.isEmpty() ? last->size : none);
    m_seconds->setText(last && !last->seconds.isEmpty() ? tr("%1 s").arg(last->seconds) : none);

    const QString url = last ? last->resultUrl : QString();
    // A link only where a browser can open it: one on the API's own server needs the key.
    if (api && TaskCopy::resultLink({stored.taskId, api->endpoint(), stored.last})) {
        const QUrl link(url);
        m_result->setTextFormat(Qt::RichText);
        m_result->setText(QStringLiteral("<a href=\"%1\">%2</a>")
                              .arg(QString::fromUtf8(link.toEncoded()).toHtmlEscaped(), url.toHtmlEscaped()));
    } else {
        m_result->setTextFormat(Qt::PlainText);
        m_result->setText(url);
    }
    m_form->setRowVisible(m_result, !url.isEmpty());

    const bool failed = last && last->error && !(last->error->code.isEmpty() && last->error->message.isEmpty());
    m_error->setText(failed ? errorText(last->error->code, last->error->message) : QString());
    m_form->setRowVisible(m_error, failed);
    applyEmphasis(m_error, failed);

    QStringList problems;
    if (stored.lastError.isError())
        problems << DisplayText::block(stored.lastError.message());
    if (stored.gaveUp)
        problems << tr("No longer polled.");
    m_fetchProblem->setText(problems.join(QLatin1Char('\n')));
    m_form->setRowVisible(m_fetchProblem, !problems.isEmpty());
    applyEmphasis(m_fetchProblem, !problems.isEmpty());

    // The provider's own fields (Runway's failure code, MiniMax's file, a gateway's channel), as it names them.
    QStringList fields;
    if (last && provider) {
        for (const auto& [name, value] : provider->detailFields(last->rawJson))
            fields << DisplayText::line(tr("%1: %2").arg(name, value));
    }
    m_providerFields->setText(fields.join(QLatin1Char('\n')));
    m_form->setRowVisible(m_providerFields, !fields.isEmpty());

    const QString prompt = last ? last->prompt : QString();
    if (m_prompt->toPlainText() != prompt)
        m_prompt->setPlainText(prompt); // only when it changed, so a selection survives updates

    renderTimes();
    renderRawJson();
    renderThumbnail();
    renderDownload();
}

void TaskDetailsPane::renderTimes()
{
    if (!m_task)
        return;
    const VideoTask* last = m_task->last ? &*m_task->last : nullptr;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const auto when
        = [now](const std::optional<qint64>& at) { return tr("%1 (%2)").arg(localTime(*at), relativeTime(*at - now)); };
    m_created->setText(last && last->createdAt ? when(last->createdAt) : tr("—"));
    m_added->setText(when(m_task->addedAtMs / 1000));
    // How old the status shown is, as the board's tooltip says it; stale is emphasised as the board fades it.
    const bool active = TaskTableModel::isActive(*m_task);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 staleAfter = m_monitor->profiles()->staleAfterMs(m_task->profileId);
    const QString checked = TaskFreshness::describeAge(active, m_task->confirmedAtMs(), nowMs, staleAfter);
    m_checked->setText(checked);
    m_form->setRowVisible(m_checked, !checked.isEmpty());
    applyEmphasis(m_checked, TaskFreshness::isStale(active, m_task->confirmedAtMs(), nowMs, staleAfter));
    m_form->setRowVisible(m_completed, last && last->completedAt);
    m_completed->setText(last && last->completedAt ? when(last->completedAt) : QString());

    const bool hasExpiry = last && last->expiresAt;
    m_form->setRowVisible(m_expiry, hasExpiry);
    if (!hasExpiry) {
        m_expiry->clear();
        applyEmphasis(m_expiry, false);
        return;
    }
    const qint64 left = *last->expiresAt - now;
    if (left <= 0)
        m_expiry->setText(tr("Assets expired %1").arg(relativeTime(left)));
    else
        m_expiry->setText(tr("Assets expire at %1 (%2)").arg(localTime(*last->expiresAt), relativeTime(left)));
    applyEmphasis(m_expiry, left < kExpiryWarningSeconds);
}

void TaskDetailsPane::renderTimeline()
{
    m_timeline->clear();
    QList<QTreeWidgetItem*> items;
    items.reserve(m_history.size());
    const QLocale locale;
    // Rows an earlier Reelwatch wrote for every progress tick are shown as the steps written now.
    const QList<HistoryEntry> steps = TimelineSteps::collapse(m_history);
    for (const HistoryEntry& entry : steps) {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(entry.atMs).toLocalTime();
        const QString time = at.date() == QDate::currentDate()
            ? at.time().toString(QStringLiteral("HH:mm:ss"))
            : tr("%1 %2").arg(locale.toString(at.date(), QLocale::ShortFormat),
                              at.time().toString(QStringLiteral("HH:mm:ss")));
        // A failed fetch by the badge's name for it, with the reason; the task's status stands for the rest.
        const bool fetchFailed = !entry.fetchErrorKind.isEmpty();
        QString status = fetchFailed                     ? StatusWords::problem(entry.fetchError.kind)
            : entry.status || !entry.rawStatus.isEmpty() ? statusText(entry.status, entry.rawStatus)
                                                         : QString();
        QString detail;
        if (fetchFailed)
            detail = entry.fetchError.message();
        else if (!entry.errorCode.isEmpty() || !entry.errorMessage.isEmpty())
            detail = errorText(entry.errorCode, entry.errorMessage);
        else if (entry.progress)
            detail = tr("%1%").arg(*entry.progress);
        if (status.isEmpty())
            status = tr("—");
        status = DisplayText::line(status);
        detail = DisplayText::line(detail);
        auto* item = new QTreeWidgetItem({time, status, detail});
        item->setToolTip(2, detail);
        items << item;
    }
    m_timeline->addTopLevelItems(items);
    if (!items.isEmpty())
        m_timeline->scrollToItem(items.constLast());
}

void TaskDetailsPane::renderRawJson()
{
    const QByteArray raw = m_task && m_task->last ? m_task->last->rawJson : QByteArray();
    // Pretty-printing a long answer on every poll would be wasted while the section is closed.
    if (!m_rawToggle->isChecked() || (m_shownRawJson && *m_shownRawJson == raw))
        return;
    m_shownRawJson = raw;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(raw, &error);
    // Made safe as text, bidi overrides and C1 controls included: their escapes are the same JSON.
    m_rawJson->setPlainText(DisplayText::block(error.error == QJsonParseError::NoError
                                                   ? QString::fromUtf8(document.toJson(QJsonDocument::Indented))
                                                   : QString::fromUtf8(raw)));
}

void TaskDetailsPane::renderDownload()
{
    const TaskKey task{m_profileId, m_taskId};
    const DownloadCenter* downloads = m_monitor->downloads();
    const std::optional<DownloadCenter::Progress> progress = downloads->progress(task);
    const QString saved = progress ? QString() : downloads->savedPath(task);
    m_downloadRow->setVisible(m_task && (progress || !saved.isEmpty()));
    m_downloadProgress->setVisible(progress.has_value());
    m_downloadCancel->setVisible(progress.has_value());
    m_downloadPlay->setVisible(!saved.isEmpty());
    m_downloadShow->setVisible(!saved.isEmpty());
    if (progress) {
        if (progress->waiting) {
            m_downloadText->setText(tr("Waiting to download…"));
            m_downloadProgress->setRange(0, 0);
        } else if (progress->total > 0) {
            m_downloadText->setText(tr("Downloading…"));
            m_downloadProgress->setRange(0, 1000);
            m_downloadProgress->setValue(int(progress->bytes * 1000 / progress->total));
        } else {
            m_downloadText->setText(tr("Downloading…"));
            m_downloadProgress->setRange(0, 0); // size unknown: busy
        }
    } else if (!saved.isEmpty()) {
        m_downloadText->setText(tr("Saved as %1").arg(QDir::toNativeSeparators(saved)));
    }
}

void TaskDetailsPane::renderThumbnail()
{
    const bool succeeded = m_task && PosterLibrary::mayHavePictures(*m_task);
    m_thumbnail->setVisible(succeeded);
    if (!succeeded) {
        m_thumbnail->clear();
        m_thumbnailImage = QImage();
        return;
    }
    const QImage image = m_posters->picture(*m_task, PictureKind::Poster);
    if (!image.isNull()) {
        if (image.cacheKey() != m_thumbnailImage.cacheKey()) {
            m_thumbnailImage = image;
            scaleThumbnail();
        }
        return;
    }
    const QString problem = m_posters->failure(m_profileId, m_taskId, PictureKind::Poster);
    setThumbnailText(problem.isEmpty() ? tr("Loading thumbnail…") : tr("No thumbnail: %1").arg(problem));
}

void TaskDetailsPane::scaleThumbnail()
{
    if (m_thumbnailImage.isNull())
        return;
    // From the scroll area's width less a scroll bar whether one shows or not: a width that depended
    // on the scroll bar could flip it on and off as the image grows and shrinks.
    const int reserved = style()->pixelMetric(QStyle::PM_ScrollBarExtent)
        + 2 * style()->pixelMetric(QStyle::PM_LayoutLeftMargin) + 2 * m_scroll->frameWidth();
    const int width = std::clamp(m_scroll->width() - reserved, 48, kMaxThumbnailWidth);
    const QSize box(width, kMaxThumbnailHeight); // a portrait render must not push the fields away
    const qreal ratio = devicePixelRatioF();
    QImage scaled = m_thumbnailImage.scaled(m_thumbnailImage.size().scaled(box, Qt::KeepAspectRatio) * ratio,
                                            Qt::KeepAspectRatio, Qt::SmoothTransformation);
    scaled.setDevicePixelRatio(ratio);
    // Word wrap makes a label ask for a height for its width, which a pixmap label answers with
    // nothing: inside the scroll area it would be squeezed to no height at all.
    m_thumbnail->setWordWrap(false);
    m_thumbnail->setPixmap(QPixmap::fromImage(scaled));
    m_thumbnail->setAccessibleDescription(tr("Thumbnail of the finished render"));
}

void TaskDetailsPane::setThumbnailText(const QString& text)
{
    m_thumbnail->setWordWrap(true); // long reasons must fit a narrow pane
    m_thumbnail->setText(text);
    m_thumbnail->setAccessibleDescription(text);
}

void TaskDetailsPane::applyEmphasis(QLabel* label, bool warning)
{
    label->setProperty("warning", warning);
    QFont font = label->font();
    font.setBold(warning);
    label->setFont(font);
    if (!warning) {
        label->setPalette(QPalette());
        return;
    }
    // Mixed with the text colour of the current palette, so the warning reads on light and dark
    // themes alike: dark orange on light backgrounds, light orange on dark ones.
    const QPalette base = palette();
    QPalette emphasised = label->palette();
    const QColor accent = label == m_expiry ? QColor(230, 120, 0) : QColor(220, 30, 30);
    emphasised.setColor(QPalette::WindowText, blend(base.color(QPalette::WindowText), accent, 0.35));
    label->setPalette(emphasised);
}

bool TaskDetailsPane::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_scroll && event->type() == QEvent::Resize)
        scaleThumbnail();
    return QWidget::eventFilter(watched, event);
}

void TaskDetailsPane::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        for (QLabel* label : {m_expiry, m_error, m_fetchProblem}) {
            if (label)
                applyEmphasis(label, label->property("warning").toBool());
        }
    }
}

} // namespace Reelwatch

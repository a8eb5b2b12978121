// What the task board costs with many tasks: the real main window over a real SQLite file with N
// tasks (no key, so nothing is polled): start-up to the first painted frame, sorting by each
// column, repainting page after page while scrolling, filtering and searching, applying poll
// results with a sorted view, and the peak RSS. With --view gallery the board opens as cards; with
// --cached N the newest N renders have posters in the disk cache (as after a restart), and the
// figures include showing them; with --group day|profile|status the board is grouped (header rows,
// regrouping on every change). Prints figures; asserts nothing.
// Usage: bench_board [--tasks 10000] [--pages 200] [--view table|gallery] [--cached 1000]
//        [--group none|day|profile|status]
//        (offscreen unless QT_QPA_PLATFORM says otherwise)

#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "monitor/taskservice.h"
#include "secrets/memorysecretstore.h"
#include "store/store.h"
#include "storeprofiles.h"
#include "ui/board/taskfilterproxy.h"
#include "ui/board/taskgroupproxy.h"
#include "ui/board/tasktablemodel.h"
#include "ui/desktop/autostart.h"
#include "ui/gallery/galleryview.h"
#include "ui/posters/posterdiskcache.h"
#include "ui/posters/posterlibrary.h"
#include "ui/settings/appsettings.h"
#include "ui/shell/mainwindow.h"

#include <algorithm>
#include <cstdio>
#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <vector>

using namespace Reelwatch;

namespace {

const QStringList kPrompts = {
    QStringLiteral("A paper boat drifting down a rain-soaked Tokyo street at night, neon reflections"),
    QStringLiteral("Slow dolly shot through a sunflower field at golden hour, a red fox watching"),
    QStringLiteral("Macro shot of coffee being poured, steam curling, shallow depth of field"),
    QStringLiteral("An astronaut skateboarding across the Moon, Earth rising behind"),
};

TaskUpdate updateFor(const QString& id, int index, int step)
{
    static const TaskStatus kStatuses[] = {TaskStatus::Queued,  TaskStatus::InProgress, TaskStatus::Success,
                                           TaskStatus::Failure, TaskStatus::Success,    TaskStatus::Success};
    VideoTask task;
    task.id = id;
    task.status = kStatuses[(index + step) % 6];
    task.rawStatus = statusWireName(task.status);
    task.progress = (index * 7 + step * 13) % 101;
    task.model = index % 3 == 0 ? QStringLiteral("sora-2-pro") : QStringLiteral("sora-2");
    task.prompt = kPrompts.at(index % kPrompts.size());
    task.size = QStringLiteral("720x1280");
    task.seconds = QStringLiteral("8");
    task.createdAt = 1762499410 + index * 37;
    if (isTerminal(task.status))
        task.completedAt = *task.createdAt + 90 + index % 300;
    task.rawJson = QByteArrayLiteral("{\"id\":\"") + id.toUtf8() + QByteArrayLiteral("\",\"status\":\"")
        + task.rawStatus.toUtf8() + QByteArrayLiteral("\"}");
    TaskUpdate update;
    update.taskId = id;
    update.task = task;
    update.outcome.statusChanged = true;
    return update;
}

// A poster as a server sends one: a 16:9 PNG, different per task.
QByteArray posterPng(int index)
{
    QImage image(320, 180, QImage::Format_RGB32);
    QPainter painter(&image);
    QLinearGradient sky(0, 0, 0, 180);
    sky.setColorAt(0, QColor::fromHsv(index * 37 % 360, 120, 240));
    sky.setColorAt(1, QColor::fromHsv((index * 37 + 40) % 360, 160, 120));
    painter.fillRect(image.rect(), sky);
    painter.setBrush(QColor::fromHsv((index * 37 + 180) % 360, 60, 255));
    painter.drawEllipse(QPoint(60 + index % 200, 60), 24, 24);
    painter.end();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return buffer.data();
}

qint64 peakRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// Waits until the table's viewport has painted once.
class FirstPaint : public QObject
{
public:
    bool painted = false;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint)
            painted = true;
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

int main(int argc, char* argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCommandLineParser parser;
    parser.addOption(
        {QStringLiteral("tasks"), QStringLiteral("Tasks on the board."), QStringLiteral("n"), QStringLiteral("10000")});
    parser.addOption(
        {QStringLiteral("pages"), QStringLiteral("Pages to scroll."), QStringLiteral("n"), QStringLiteral("200")});
    parser.addOption(
        {QStringLiteral("view"), QStringLiteral("table or gallery."), QStringLiteral("view"), QStringLiteral("table")});
    parser.addOption({QStringLiteral("group"), QStringLiteral("none, day, profile or status."), QStringLiteral("group"),
                      QStringLiteral("none")});
    parser.addOption({QStringLiteral("cached"), QStringLiteral("Newest renders with a poster on disk."),
                      QStringLiteral("n"), QStringLiteral("0")});
    parser.process(app);
    const int taskCount = parser.value(QStringLiteral("tasks")).toInt();
    const int pages = parser.value(QStringLiteral("pages")).toInt();
    const bool galleryView = parser.value(QStringLiteral("view")) == QLatin1String("gallery");
    const int cachedPosters = std::min(taskCount, parser.value(QStringLiteral("cached")).toInt());

    QTemporaryDir directory;
    QString error;
    {
        Store seed;
        if (!seed.open(directory.filePath(QStringLiteral("tasks.sqlite")), &error)
            || !TestProfiles::addIdleProfile(seed, &error)) {
            std::fprintf(stderr, "store: %s\n", qPrintable(error));
            return 1;
        }
        const qint64 profileId = seed.defaultProfile()->id;
        QStringList ids;
        QList<TaskUpdate> updates;
        for (int i = 0; i < taskCount; ++i) {
            ids << QStringLiteral("video_%1").arg(i, 8, 10, QLatin1Char('0'));
            updates << updateFor(ids.last(), i, 0);
        }
        seed.addTasks(profileId, ids, QString(), &error);
        seed.recordUpdates(profileId, updates, &error);
        // The newest renders (the board's first rows) have their posters on disk, as after a restart.
        QDir(PosterDiskCache::defaultDirectory()).removeRecursively();
        PosterDiskCache disk(PosterDiskCache::defaultDirectory());
        for (int i = taskCount - 1; i >= taskCount - cachedPosters; --i)
            disk.write(PosterLibrary::cacheKey(profileId, ids.at(i), PictureKind::Poster), posterPng(i));
    }
    const qint64 rssBefore = peakRssKb();

    QElapsedTimer clock;
    clock.start();
    Store store;
    store.open(directory.filePath(QStringLiteral("tasks.sqlite")), &error);
    MemorySecretStore secrets; // no key: the board loads but nothing is polled
    Monitor monitor(&store, &secrets);
    monitor.start();
    const double engineMs = clock.nsecsElapsed() / 1e6;
    AppSettings settings(directory.filePath(QStringLiteral("settings.ini")));
    settings.setBoardView(galleryView ? AppSettings::BoardView::Gallery : AppSettings::BoardView::Table);
    settings.setBoardGrouping(parser.value(QStringLiteral("group")));
    Autostart autostart;
    MainWindow window(&monitor, &settings, &autostart);
    const double constructMs = clock.nsecsElapsed() / 1e6;
    FirstPaint firstPaint;
    QAbstractItemView* view = window.currentView();
    view->viewport()->installEventFilter(&firstPaint);
    window.show();
    while (!firstPaint.painted)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const double firstPaintMs = clock.nsecsElapsed() / 1e6;
    PosterLibrary* posters = window.posters();
    while (posters->busyCount() > 0)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const double postersShownMs = clock.nsecsElapsed() / 1e6;

    std::printf("view                      %s, %d posters on disk, grouped by %s (%d groups)\n",
                galleryView ? "gallery" : "table", cachedPosters, qPrintable(settings.boardGrouping()),
                window.groups()->groupCount());
    std::printf("tasks on the board        %d\n", window.model()->rowCount());
    std::printf("start-up to first paint   %.1f ms (store and monitor %.1f ms, window constructed by %.1f ms)\n",
                firstPaintMs, engineMs, constructMs);
    std::printf("posters on screen shown   %.1f ms after start (%d from disk)\n", postersShownMs,
                posters->stats().diskHits);

    QTableView* table = window.table();
    for (int column = 0; column < TaskTableModel::ColumnCount; ++column) {
        QElapsedTimer sortClock;
        sortClock.start();
        table->sortByColumn(column, Qt::AscendingOrder);
        const double ascending = sortClock.nsecsElapsed() / 1e6;
        sortClock.restart();
        table->sortByColumn(column, Qt::DescendingOrder);
        std::printf("sort by %-18s %.1f ms ascending, %.1f ms descending\n",
                    qPrintable(window.model()->headerData(column, Qt::Horizontal).toString()), ascending,
                    sortClock.nsecsElapsed() / 1e6);
    }

    // Newest first, as the board opens: the cached posters are on the first pages.
    table->sortByColumn(TaskTableModel::CreatedColumn, Qt::DescendingOrder);
    view->scrollToTop();
    QScrollBar* scroll = view->verticalScrollBar();
    // A frame is one page scrolled and painted; the pictures arriving from the decoder in between are
    // painted too, as they would be at 60 frames a second.
    QElapsedTimer scrollClock;
    scrollClock.start();
    std::vector<double> frameMs;
    int painted = 0;
    for (int page = 0; page < pages && scroll->value() < scroll->maximum(); ++page) {
        QElapsedTimer frame;
        frame.start();
        scroll->setValue(scroll->value() + scroll->pageStep());
        view->viewport()->repaint();
        QCoreApplication::processEvents();
        frameMs.push_back(frame.nsecsElapsed() / 1e6);
        ++painted;
    }
    const double scrollTotalMs = scrollClock.nsecsElapsed() / 1e6;
    std::sort(frameMs.begin(), frameMs.end());
    const auto percentile = [&frameMs](double p) {
        return frameMs.empty() ? 0.0 : frameMs[std::min(frameMs.size() - 1, size_t(p * frameMs.size()))];
    };
    std::printf(
        "scroll and repaint        %.2f ms per page: median %.2f, p95 %.2f, worst %.2f ms (%d pages of %d px)\n",
        scrollTotalMs / std::max(1, painted), percentile(0.5), percentile(0.95), percentile(1.0), painted,
        scroll->pageStep());
    while (posters->busyCount() > 0)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    std::printf("posters from disk         %d while scrolling (%d asked of the server)\n", posters->stats().diskHits,
                posters->stats().networkRequests);
    table->sortByColumn(TaskTableModel::StatusColumn, Qt::AscendingOrder);

    QElapsedTimer filterClock;
    filterClock.start();
    window.proxy()->setSearchText(QStringLiteral("fox"));
    std::printf("search \"fox\"              %.1f ms, %d rows shown\n", filterClock.nsecsElapsed() / 1e6,
                window.proxy()->rowCount());
    filterClock.restart();
    window.proxy()->setSearchText(QString());
    window.proxy()->setCategory(TaskCategory::Active);
    std::printf("filter Active             %.1f ms, %d rows shown\n", filterClock.nsecsElapsed() / 1e6,
                window.proxy()->rowCount());
    window.proxy()->setCategory(TaskCategory::All);

    // Poll results arriving while the view is sorted by status: each one moves its row.
    const qint64 profileId = monitor.profiles()->defaultProfileId();
    const int updates = std::min(taskCount, 5000);
    QElapsedTimer updateClock;
    updateClock.start();
    for (int i = 0; i < updates; ++i)
        window.model()->applyUpdate(profileId,
                                    updateFor(QStringLiteral("video_%1").arg(i, 8, 10, QLatin1Char('0')), i, 1));
    QCoreApplication::processEvents();
    std::printf("poll results, sorted view %.1f µs per update (%d updates)\n",
                updateClock.nsecsElapsed() / 1e3 / updates, updates);
    std::printf("peak RSS                  %.1f MB (%.1f MB before the window)\n", peakRssKb() / 1024.0,
                rssBefore / 1024.0);
    return 0;
}

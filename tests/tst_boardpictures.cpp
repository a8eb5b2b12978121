// The board's pictures end to end on real widgets (offscreen) over a real monitor, an SQLite
// store and the demo server (whose posters and spritesheets are real PNGs, served through its
// CDN on another origin): posters only for the rows on screen, at most two fetches at a time,
// served from the disk cache after a restart, never with the key sent to the pictures' origin;
// the gallery over the same rows and selection; the hover scrub showing other frames; and the
// compact row height asking for no pictures at all.
#include "demo/democdn.h"
#include "demo/demoserver.h"
#include "demoplans.h"
#include "monitor/downloadcenter.h"
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "secrets/memorysecretstore.h"
#include "store/store.h"
#include "storeprofiles.h"
#include "ui/board/taskfilterproxy.h"
#include "ui/board/taskgroupproxy.h"
#include "ui/board/tasktablemodel.h"
#include "ui/desktop/autostart.h"
#include "ui/details/taskdetailspane.h"
#include "ui/gallery/gallerycarddelegate.h"
#include "ui/gallery/galleryview.h"
#include "ui/posters/posterdiskcache.h"
#include "ui/posters/posterlibrary.h"
#include "ui/settings/appsettings.h"
#include "ui/shell/mainwindow.h"

#include <memory>
#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMimeData>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Reelwatch;

namespace {

const QByteArray kSecret = QByteArrayLiteral("sk-test-PICTURES-4711");
constexpr int kSettleMs = 30000;

QString taskName(int i)
{
    return QStringLiteral("video_pic_%1").arg(i, 3, 10, QLatin1Char('0'));
}

} // namespace

class TestBoardPictures : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void postersOnlyForVisibleRowsThenFromDiskAfterRestart();
    void theKeyNeverReachesThePicturesOrigin();
    void compactRowsAskOnlyForTheDetailsPicture();
    void galleryShowsTheSameRowsAndSelection();
    void hoveringACardScrubsThroughItsFrames();
    void draggingARenderOutCarriesTheSavedFile();

private:
    MainWindow* createWindow();
    void addFinished(int count);
    int cdnRequestsFor(const QString& variant) const;
    // Waits until every poster asked for has arrived or failed.
    void settlePictures();

    std::unique_ptr<QTemporaryDir> m_dir;
    DemoServer* m_server = nullptr;
    Store* m_store = nullptr;
    MemorySecretStore* m_secrets = nullptr;
    AppSettings* m_settings = nullptr;
    Autostart* m_autostart = nullptr;
    Monitor* m_monitor = nullptr;
    QPointer<MainWindow> m_window;
    qint64 m_profileId = 0;
};

void TestBoardPictures::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ReelwatchTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_boardpictures"));
    qunsetenv("REELWATCH_API_KEY");
}

void TestBoardPictures::init()
{
    QSettings().clear();
    QDir(PosterDiskCache::defaultDirectory()).removeRecursively();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = new DemoServer;
    m_server->setFlavour(DemoFlavour::OpenAI);
    m_server->setRequiredSecret(kSecret);
    m_server->setListSupported(false);
    // As OpenAI and most gateways do: the content route redirects to storage on another origin.
    m_server->setContentViaCdn(true);
    QVERIFY(m_server->listen());

    m_store = new Store;
    QString error;
    QVERIFY2(m_store->open(m_dir->filePath(QStringLiteral("tasks.db")), &error), qPrintable(error));
    QVERIFY2(TestProfiles::addIdleProfile(*m_store, &error), qPrintable(error));
    Profile profile = *m_store->defaultProfile();
    profile.name = QStringLiteral("Demo");
    profile.baseUrl = m_server->baseUrl();
    profile.poll.baseIntervalMs = 1000;
    QVERIFY2(m_store->updateProfile(profile, &error), qPrintable(error));
    m_profileId = profile.id;
    m_secrets = new MemorySecretStore;
    QVERIFY(m_secrets->writeNow(profile.keychainId, kSecret).ok());
    m_settings = new AppSettings(m_dir->filePath(QStringLiteral("reelwatch.ini")));
    m_autostart = new Autostart;
    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
    QTRY_COMPARE(m_monitor->profiles()->keySource(m_profileId), ProfileManager::KeySource::Keychain);
}

void TestBoardPictures::cleanup()
{
    delete m_window;
    delete m_monitor;
    m_monitor = nullptr;
    delete m_autostart;
    delete m_settings;
    delete m_secrets;
    delete m_store;
    delete m_server;
    m_dir.reset();
}

MainWindow* TestBoardPictures::createWindow()
{
    m_window = new MainWindow(m_monitor, m_settings, m_autostart);
    m_window->setAddDialogRunner([](QDialog* dialog) { dialog->reject(); });
    m_window->resize(1100, 520);
    // All renders here start in the same second: by ID, every window shows the same rows first.
    QTableView* table = m_window->table();
    table->sortByColumn(TaskTableModel::IdColumn, Qt::AscendingOrder);
    if (table->model()->rowCount() > 0)
        table->setCurrentIndex(table->model()->index(0, 0));
    table->scrollToTop();
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window))
        qWarning("the main window was not exposed");
    return m_window;
}

void TestBoardPictures::addFinished(int count)
{
    QStringList ids;
    for (int i = 0; i < count; ++i) {
        DemoTaskPlan plan = DemoPlans::finished(taskName(i), QStringLiteral("A lighthouse at dusk, take %1").arg(i));
        m_server->addTask(plan);
        ids << plan.id;
    }
    QVERIFY(m_window->addTasks(ids, m_profileId));
    // Every row finished: the board has something to show a picture for.
    QTRY_COMPARE_WITH_TIMEOUT(m_window->model()->counts().succeeded, count, kSettleMs);
}

int TestBoardPictures::cdnRequestsFor(const QString& variant) const
{
    int count = 0;
    for (const DemoCdnRequest& request : m_server->cdn()->requests())
        count += request.path.endsWith(QLatin1Char('/') + variant) ? 1 : 0;
    return count;
}

void TestBoardPictures::settlePictures()
{
    PosterLibrary* posters = m_window->posters();
    QTRY_VERIFY_WITH_TIMEOUT(posters->busyCount() == 0, kSettleMs);
}

void TestBoardPictures::postersOnlyForVisibleRowsThenFromDiskAfterRestart()
{
    createWindow();
    addFinished(120);
    QTableView* table = m_window->table();
    table->scrollToTop();
    PosterLibrary* posters = m_window->posters();
    int peakInFlight = 0;
    QTimer watch;
    connect(&watch, &QTimer::timeout, this, [&] { peakInFlight = std::max(peakInFlight, posters->inFlightCount()); });
    watch.start(1);
    table->viewport()->repaint();
    settlePictures();
    watch.stop();

    const int visibleRows = table->viewport()->height() / table->verticalHeader()->defaultSectionSize() + 1;
    const int fetched = posters->stats().networkRequests;
    QVERIFY2(fetched > 0 && fetched <= visibleRows + 1,
             qPrintable(QStringLiteral("%1 posters fetched for %2 visible rows").arg(fetched).arg(visibleRows)));
    QVERIFY(peakInFlight <= PosterLibrary::kMaxFetchesInFlight);
    QCOMPARE(cdnRequestsFor(QStringLiteral("thumbnail")), fetched);
    // The top row's poster is on screen and is the picture the server drew.
    const QModelIndex top = table->model()->index(0, TaskTableModel::TaskColumn);
    const QString topId = top.data(TaskTableModel::TaskIdRole).toString();
    const QImage shown = posters->cachedPicture(m_profileId, topId, PictureKind::Poster);
    QVERIFY(!shown.isNull());
    QImage served;
    QVERIFY(served.loadFromData(*m_server->picture(topId, QStringLiteral("thumbnail"))));
    QCOMPARE(shown.size(), served.size());
    QCOMPARE(shown.pixel(shown.width() / 2, shown.height() / 2), served.pixel(served.width() / 2, served.height() / 2));

    QSet<QString> fetchedPaths;
    for (const DemoCdnRequest& request : m_server->cdn()->requests())
        fetchedPaths.insert(request.path);

    // A restart: the same rows show their posters from disk, not from the server. (The window picks
    // its first row before this test sorts by ID; that row's details may fetch one poster more.)
    m_server->cdn()->clearRequests();
    delete m_window;
    createWindow();
    m_window->table()->viewport()->repaint();
    settlePictures();
    for (const DemoCdnRequest& request : m_server->cdn()->requests())
        QVERIFY2(!fetchedPaths.contains(request.path), qPrintable(request.path + QStringLiteral(" fetched again")));
    QVERIFY(m_window->posters()->stats().networkRequests <= 1);
    QVERIFY(m_window->posters()->stats().diskHits >= fetched - 1);
    QVERIFY(!m_window->posters()->cachedPicture(m_profileId, topId, PictureKind::Poster).isNull());

    // Scrolling to the end asks for the rows that came into view, and only those.
    m_window->table()->scrollToBottom();
    m_window->table()->viewport()->repaint();
    settlePictures();
    const int more = m_window->posters()->stats().networkRequests;
    QVERIFY2(more > 1 && more <= visibleRows + 2, qPrintable(QString::number(more)));
}

void TestBoardPictures::theKeyNeverReachesThePicturesOrigin()
{
    createWindow();
    addFinished(4);
    m_window->table()->viewport()->repaint();
    settlePictures();
    QVERIFY(cdnRequestsFor(QStringLiteral("thumbnail")) > 0);
    for (const DemoCdnRequest& request : m_server->cdn()->requests()) {
        QVERIFY2(request.authorization.isEmpty(), qPrintable(request.path));
        QVERIFY(!request.path.contains(QString::fromLatin1(kSecret)));
    }
    // The API origin did get the key: the credential goes where it belongs and nowhere else.
    bool apiSawKey = false;
    for (const DemoRequest& request : m_server->recentRequests())
        apiSawKey = apiSawKey || request.authorization.contains(kSecret);
    QVERIFY(apiSawKey);
}

void TestBoardPictures::compactRowsAskOnlyForTheDetailsPicture()
{
    m_settings->setBoardThumbnails(false);
    createWindow();
    const int compactHeight = m_window->table()->verticalHeader()->defaultSectionSize();
    addFinished(6);
    m_window->table()->viewport()->repaint();
    settlePictures();
    // The details pane shows the selected task's poster (from the same library); the rows ask for none.
    const int selected = m_window->table()->selectionModel()->selectedRows().size();
    QCOMPARE(m_window->posters()->stats().networkRequests, selected);
    QCOMPARE(cdnRequestsFor(QStringLiteral("thumbnail")), selected);
    // Switched on in the settings, the rows grow and the posters come.
    m_settings->setBoardThumbnails(true);
    QVERIFY(m_window->table()->verticalHeader()->defaultSectionSize() > compactHeight);
    m_window->table()->viewport()->repaint();
    settlePictures();
    QCOMPARE(m_window->posters()->stats().networkRequests, 6);
}

void TestBoardPictures::galleryShowsTheSameRowsAndSelection()
{
    createWindow();
    addFinished(8);
    QTableView* table = m_window->table();
    table->selectRow(3);
    const QString selectedId = table->model()->index(3, 0).data(TaskTableModel::TaskIdRole).toString();

    QAction* galleryAction = nullptr;
    for (QAction* action : m_window->actions()) {
        if (action->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_2))
            galleryAction = action;
    }
    QVERIFY(galleryAction);
    galleryAction->trigger();
    GalleryView* gallery = m_window->gallery();
    QVERIFY(gallery->isVisible());
    QVERIFY(!table->isVisible());
    QCOMPARE(m_window->currentView(), static_cast<QAbstractItemView*>(gallery));
    QCOMPARE(m_settings->boardView(), AppSettings::BoardView::Gallery);
    QCOMPARE(gallery->model(), table->model());
    QCOMPARE(gallery->selectionModel(), table->selectionModel());
    // The same row is selected; the card is titled as the row is, and named for screen readers.
    const QModelIndexList selected = gallery->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(TaskTableModel::TaskIdRole).toString(), selectedId);
    QVERIFY(!gallery->accessibleName().isEmpty());

    // A click on another card selects it for every action and the details pane.
    gallery->scrollToTop();
    const QModelIndex first = gallery->model()->index(0, TaskTableModel::TaskColumn);
    const QRect card = gallery->visualRect(first);
    QVERIFY(card.isValid() && card.width() >= GalleryCardDelegate::kCardWidth - GalleryCardDelegate::kGap);
    QTest::mouseClick(gallery->viewport(), Qt::LeftButton, {}, card.center());
    QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(table->selectionModel()->selectedRows().first().row(), 0);
    // Cards in a row sit side by side: the grid fills the width.
    const QRect second = gallery->visualRect(gallery->model()->index(1, TaskTableModel::TaskColumn));
    QCOMPARE(second.top(), card.top());
    QVERIFY(second.left() > card.right());
    // The arrow keys move through the cards.
    gallery->setFocus();
    QTest::keyClick(gallery, Qt::Key_Right);
    QCOMPARE(gallery->currentIndex().row(), 1);
    // Posters come for the cards on screen.
    gallery->viewport()->repaint();
    settlePictures();
    QVERIFY(!m_window->posters()
                 ->cachedPicture(m_profileId, first.data(TaskTableModel::TaskIdRole).toString(), PictureKind::Poster)
                 .isNull());

    // The choice survives a restart.
    delete m_window;
    createWindow();
    QVERIFY(m_window->gallery()->isVisible());
}

void TestBoardPictures::hoveringACardScrubsThroughItsFrames()
{
    m_settings->setBoardView(AppSettings::BoardView::Gallery);
    createWindow();
    addFinished(1);
    GalleryView* gallery = m_window->gallery();
    const QModelIndex card = gallery->model()->index(0, TaskTableModel::TaskColumn);
    const QRect picture = GalleryCardDelegate::pictureRect(gallery->visualRect(card));
    gallery->viewport()->repaint();
    settlePictures();
    const QImage poster = gallery->viewport()->grab(picture).toImage();

    PosterLibrary* posters = m_window->posters();
    const auto hoverAt = [&](double fraction) -> QImage {
        const QPoint at(picture.left() + int(picture.width() * fraction), picture.center().y());
        QTest::mouseMove(gallery->viewport(), at);
        if (!QTest::qWaitFor([&] { return gallery->scrubPosition(card) >= 0; }, kSettleMs))
            return QImage();
        gallery->viewport()->repaint();
        if (!QTest::qWaitFor([&] { return posters->busyCount() == 0; }, kSettleMs))
            return QImage();
        gallery->viewport()->repaint();
        return gallery->viewport()->grab(picture).toImage();
    };
    const QImage early = hoverAt(0.05);
    QVERIFY2(!early.isNull(), "hovering the picture did not start a scrub");
    QCOMPARE(cdnRequestsFor(QStringLiteral("spritesheet")), 1);
    QVERIFY(!m_window->posters()->cachedPicture(m_profileId, taskName(0), PictureKind::Spritesheet).isNull());
    const QImage late = hoverAt(0.95);
    QVERIFY2(early != late, "the frame did not change along the card");
    QVERIFY(early != poster);
    QCOMPARE(cdnRequestsFor(QStringLiteral("spritesheet")), 1); // asked for once, then from memory

    // Leaving the card brings the poster back.
    QTest::mouseMove(gallery->viewport(), QPoint(gallery->viewport()->width() - 2, gallery->viewport()->height() - 2));
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(gallery, &leave);
    QCOMPARE(gallery->scrubPosition(card), -1.0);
}

void TestBoardPictures::draggingARenderOutCarriesTheSavedFile()
{
    m_settings->setDownloadFolder(m_dir->filePath(QStringLiteral("videos")));
    createWindow();
    addFinished(2);
    // What the views drag from: the grouping proxy over the filter, which passes the drag on.
    QAbstractItemModel* proxy = m_window->groups();
    const QModelIndex first = proxy->index(0, TaskTableModel::TaskColumn);
    QVERIFY(proxy->flags(first) & Qt::ItemIsDragEnabled);
    QVERIFY(m_window->table()->dragEnabled());
    QVERIFY(m_window->gallery()->dragEnabled());
    const TaskKey task{m_profileId, first.data(TaskTableModel::TaskIdRole).toString()};

    // Not on disk yet: the drag does not start, the download does.
    QSignalSpy finished(m_monitor->downloads(), &DownloadCenter::finished);
    QCOMPARE(proxy->mimeData(proxy->match(first, TaskTableModel::TaskIdRole, task.taskId).mid(0, 1)), nullptr);
    QVERIFY(m_monitor->downloads()->isActive(task) || finished.size() == 1);
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("drag the render again")));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kSettleMs);
    const QString saved = m_monitor->downloads()->savedPath(task);
    QVERIFY(QFileInfo::exists(saved));
    QCOMPARE(QFileInfo(saved).size(), m_server->contentSize(task.taskId, QStringLiteral("video")));

    // Saved: dragging the row (every cell of it, as the table drags a selected row) carries the file.
    QModelIndexList cells;
    for (int column = 0; column < TaskTableModel::ColumnCount; ++column)
        cells << proxy->index(first.row(), column);
    std::unique_ptr<QMimeData> data(proxy->mimeData(cells));
    QVERIFY(data);
    QCOMPARE(data->urls(), QList<QUrl>{QUrl::fromLocalFile(saved)});
    QVERIFY(data->urls().first().isLocalFile());
    QCOMPARE(data->text(), QDir::toNativeSeparators(saved));
}

QTEST_MAIN(TestBoardPictures)
#include "tst_boardpictures.moc"

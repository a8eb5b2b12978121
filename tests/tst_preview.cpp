// The preview end to end on real widgets (offscreen) over a real monitor, an SQLite store, the
// demo server's playable clips and the installed Qt Multimedia backend: which source a finished
// render is played from, a render downloaded first and then played, paused, stepped a frame,
// looped, muted and closed; a result link on another origin streamed with no key sent; and,
// started with QT_MEDIA_BACKEND=none (tst_preview_nobackend), a preview that says it cannot play
// and offers the system player instead of ending the process.
#include "demo/democdn.h"
#include "demo/demopictures.h"
#include "demo/demoserver.h"
#include "demoplans.h"
#include "monitor/downloadcenter.h"
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "secrets/memorysecretstore.h"
#include "store/store.h"
#include "storeprofiles.h"
#include "ui/board/taskfilterproxy.h"
#include "ui/board/tasktablemodel.h"
#include "ui/desktop/autostart.h"
#include "ui/posters/firstframeposters.h"
#include "ui/posters/posterdiskcache.h"
#include "ui/posters/posterlibrary.h"
#include "ui/preview/firstframegrabber.h"
#include "ui/preview/mediabackend.h"
#include "ui/preview/previewcontroller.h"
#include "ui/preview/previewplayer.h"
#include "ui/preview/previewsource.h"
#include "ui/preview/videoframeview.h"
#include "ui/settings/appsettings.h"
#include "ui/shell/mainwindow.h"

#include <memory>
#include <QAudioOutput>
#include <QDialog>
#include <QDir>
#include <QMediaPlayer>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

using namespace Reelwatch;

namespace {

const QByteArray kSecret = QByteArrayLiteral("sk-test-PREVIEW-0815");
constexpr int kSettleMs = 30000;

bool noBackendRun()
{
    return qEnvironmentVariable("QT_MEDIA_BACKEND") == QLatin1String("none");
}

StoredTask succeededWithLink(const QString& link, std::optional<qint64> expiresAt = std::nullopt)
{
    StoredTask task;
    task.profileId = 1;
    task.taskId = QStringLiteral("video_source");
    task.last = VideoTask{};
    task.last->status = TaskStatus::Success;
    task.last->resultUrl = link;
    task.last->expiresAt = expiresAt;
    return task;
}

} // namespace

class TestPreview : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void theSourceIsTheSavedFileElseAKeylessLinkElseADownload_data();
    void theSourceIsTheSavedFileElseAKeylessLinkElseADownload();
    void theDemoClipIsAVideoOfTheRendersScene();
    void aRenderIsDownloadedFirstThenPlayedAndControlled();
    void aLinkOnAnotherOriginIsStreamedWithoutTheKey();
    void onlyAFinishedRenderOpensThePreview();
    void aRenderWithoutAServerPosterGetsItsFirstFrameOnceSaved();
    void theFirstFrameGrabberTellsDarkFramesAndRefusesUnreadableFiles();
    void withoutABackendItSaysSoAndOffersTheSystemPlayer();

private:
    void startMonitor(const QString& providerId = QString());
    MainWindow* createWindow();
    QString addFinished(const QString& id, const QString& prompt);
    void selectRow(const QString& taskId);
    void requireBackend();

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

void TestPreview::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ReelwatchTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_preview"));
    qunsetenv("REELWATCH_API_KEY");
}

void TestPreview::init()
{
    QSettings().clear();
    QDir(PosterDiskCache::defaultDirectory()).removeRecursively(); // no poster kept from an earlier run
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = new DemoServer;
    m_server->setFlavour(DemoFlavour::OpenAI);
    m_server->setRequiredSecret(kSecret);
    m_server->setListSupported(false);
    m_server->setContentViaCdn(true);
    QVERIFY(m_server->listen());
    m_store = new Store;
    QString error;
    QVERIFY2(m_store->open(m_dir->filePath(QStringLiteral("tasks.db")), &error), qPrintable(error));
    QVERIFY2(TestProfiles::addIdleProfile(*m_store, &error), qPrintable(error));
    m_secrets = new MemorySecretStore;
    m_settings = new AppSettings(m_dir->filePath(QStringLiteral("reelwatch.ini")));
    m_settings->setDownloadFolder(m_dir->filePath(QStringLiteral("videos")));
    m_autostart = new Autostart;
}

void TestPreview::cleanup()
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

void TestPreview::startMonitor(const QString& providerId)
{
    Profile profile = *m_store->defaultProfile();
    profile.name = QStringLiteral("Demo");
    if (!providerId.isEmpty())
        profile.providerId = providerId;
    profile.baseUrl = providerId.isEmpty() ? m_server->baseUrl() : m_server->nativeBaseUrl(providerId);
    profile.poll.baseIntervalMs = 1000;
    QString error;
    QVERIFY2(m_store->updateProfile(profile, &error), qPrintable(error));
    m_profileId = profile.id;
    QVERIFY(m_secrets->writeNow(profile.keychainId, kSecret).ok());
    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
    QTRY_COMPARE(m_monitor->profiles()->keySource(m_profileId), ProfileManager::KeySource::Keychain);
}

MainWindow* TestPreview::createWindow()
{
    m_window = new MainWindow(m_monitor, m_settings, m_autostart);
    m_window->setAddDialogRunner([](QDialog* dialog) { dialog->reject(); });
    m_window->resize(1000, 520);
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window))
        qWarning("the main window was not exposed");
    return m_window;
}

QString TestPreview::addFinished(const QString& id, const QString& prompt)
{
    DemoTaskPlan plan = DemoPlans::finished(id, prompt);
    plan.size = QStringLiteral("1280x720");
    plan.seconds = 4;
    plan.playableClip = true;
    m_server->addTask(plan);
    if (!m_window->addTasks({id}, m_profileId))
        return QString();
    const auto succeeded = [this, id] {
        const StoredTask* task = m_window->model()->task(m_profileId, id);
        return task && task->last && task->last->status == TaskStatus::Success;
    };
    if (!QTest::qWaitFor(succeeded, kSettleMs))
        return QString();
    return id;
}

void TestPreview::selectRow(const QString& taskId)
{
    QTableView* table = m_window->table();
    const QModelIndex index = m_window->viewIndexOf(m_profileId, taskId);
    QVERIFY(index.isValid());
    table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    // Space is the board's shortcut while it has the focus, in the active window.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    table->setFocus();
    QCoreApplication::processEvents(); // the window looks at its actions once the answers are in
}

void TestPreview::requireBackend()
{
    if (noBackendRun())
        QSKIP("QT_MEDIA_BACKEND=none: only the run without a backend");
    // The suite installs Qt Multimedia's GStreamer and FFmpeg backends; a missing one is a failure.
    QVERIFY2(MediaBackend::probe().available, qPrintable(MediaBackend::probe().problem));
}

void TestPreview::theSourceIsTheSavedFileElseAKeylessLinkElseADownload_data()
{
    QTest::addColumn<QString>("link");
    QTest::addColumn<qint64>("expiresAt"); // 0: none
    QTest::addColumn<bool>("saved");
    QTest::addColumn<int>("kind");
    const QString cdn = QStringLiteral("https://cdn.example.com/v/abc.mp4?sig=1");
    const auto local = int(PreviewSource::Kind::LocalFile);
    const auto stream = int(PreviewSource::Kind::Stream);
    const auto download = int(PreviewSource::Kind::DownloadFirst);
    QTest::newRow("a saved file wins over any link") << cdn << qint64(0) << true << local;
    QTest::newRow("a link on another origin is streamed") << cdn << qint64(0) << false << stream;
    QTest::newRow("a link not yet expired") << cdn << qint64(2'000'000'000) << false << stream;
    QTest::newRow("an expired link") << cdn << qint64(1'000) << false << download;
    QTest::newRow("no link: the content route needs the key") << QString() << qint64(0) << false << download;
    QTest::newRow("a link on the API's origin needs the key")
        << QStringLiteral("https://api.example.com/v1/files/abc/content") << qint64(0) << false << download;
    QTest::newRow("plain http off this computer")
        << QStringLiteral("http://cdn.example.com/abc.mp4") << qint64(0) << false << download;
    QTest::newRow("plain http on loopback")
        << QStringLiteral("http://127.0.0.1:9/abc.mp4") << qint64(0) << false << stream;
    QTest::newRow("not a web link") << QStringLiteral("file:///etc/passwd") << qint64(0) << false << download;
}

void TestPreview::theSourceIsTheSavedFileElseAKeylessLinkElseADownload()
{
    QFETCH(QString, link);
    QFETCH(qint64, expiresAt);
    QFETCH(bool, saved);
    QFETCH(int, kind);
    QTemporaryFile file;
    QVERIFY(file.open());
    const StoredTask task = succeededWithLink(link, expiresAt ? std::optional<qint64>(expiresAt) : std::nullopt);
    const PreviewSource source = PreviewSource::choose(
        task, saved ? file.fileName() : QString(), QUrl(QStringLiteral("https://api.example.com/v1")), 1'700'000'000);
    QCOMPARE(int(source.kind), kind);
    if (source.kind == PreviewSource::Kind::LocalFile)
        QCOMPARE(source.url, QUrl::fromLocalFile(file.fileName()));
    else if (source.kind == PreviewSource::Kind::Stream)
        QCOMPARE(source.url, QUrl(link));
    else
        QVERIFY(source.url.isEmpty());
    // A saved path whose file has gone is not played.
    if (saved) {
        const QString gone = file.fileName();
        file.remove();
        QVERIFY(PreviewSource::choose(task, gone, QUrl(QStringLiteral("https://api.example.com")), 0).kind
                != PreviewSource::Kind::LocalFile);
    }
}

void TestPreview::theDemoClipIsAVideoOfTheRendersScene()
{
    const DemoPictures::Clip clip(QStringLiteral("video_clip"), QStringLiteral("1280x720"), 4);
    QCOMPARE(clip.frameCount(), 4 * DemoPictures::Clip::kFramesPerSecond);
    QCOMPARE(QSize(clip.width(), clip.height()), QSize(160, 90));
    const QByteArray whole = clip.slice(0, clip.size());
    QCOMPARE(whole.size(), clip.size());
    QVERIFY(whole.startsWith("RIFF"));
    QCOMPARE(whole.mid(8, 4), QByteArray("AVI "));
    // The RIFF size covers the rest of the file; any slice is that part of the whole.
    const quint32 riffSize
        = quint8(whole[4]) | quint8(whole[5]) << 8 | quint8(whole[6]) << 16 | quint32(quint8(whole[7])) << 24;
    QCOMPARE(qint64(riffSize), clip.size() - 8);
    for (const auto& [offset, length] :
         {std::pair<qint64, qint64>{0, 10}, {200, 100}, {224, 9}, {5000, 70'000}, {clip.size() - 100, 500}})
        QCOMPARE(clip.slice(offset, length), whole.mid(offset, length));
    QVERIFY(clip.frameRgb(0) != clip.frameRgb(clip.frameCount() - 1)); // the sun moves
}

void TestPreview::aRenderIsDownloadedFirstThenPlayedAndControlled()
{
    requireBackend();
    startMonitor();
    createWindow();
    const QString id = addFinished(QStringLiteral("video_preview_1"), QStringLiteral("A kite over a salt flat"));
    QVERIFY(!id.isEmpty());
    selectRow(id);
    QTest::keyClick(m_window->table(), Qt::Key_Space);
    PreviewPlayer* player = m_window->preview()->player();
    QVERIFY(player);
    QVERIFY(player->isVisible());
    // OpenAI's content route needs the key, so the video is saved first (the CDN it redirects to gets none).
    QTRY_VERIFY_WITH_TIMEOUT(player->source().isLocalFile(), kSettleMs);
    const QString saved = m_monitor->downloads()->savedPath({m_profileId, id});
    QCOMPARE(player->source(), QUrl::fromLocalFile(saved));
    QCOMPARE(QFileInfo(saved).size(), m_server->contentSize(id, QStringLiteral("video")));
    QMediaPlayer* media = player->mediaPlayer();
    QVERIFY(media);
    QVERIFY(QTest::qWaitForWindowActive(player)); // its keys work in its own window
    QTRY_VERIFY_WITH_TIMEOUT(player->videoView()->framesShown() >= 3, kSettleMs);
    QCOMPARE(media->duration(), 4000);
    const QImage early = player->videoView()->currentFrame();
    QCOMPARE(early.size(), QSize(160, 90));
    QTRY_VERIFY_WITH_TIMEOUT(media->position() >= 1500, kSettleMs);
    QVERIFY(player->videoView()->currentFrame() != early); // it plays: the sun has moved

    // Space pauses (the preview has the focus), and the picture stands still.
    QTest::keyClick(player, Qt::Key_Space);
    QTRY_COMPARE(media->playbackState(), QMediaPlayer::PausedState);
    const qint64 pausedAt = media->position();
    QTest::qWait(400);
    QCOMPARE(media->position(), pausedAt);

    // A frame on is the next frame of the demo clip (a tenth of a second), and a frame back returns.
    VideoFrameView* view = player->videoView();
    const QImage before = view->currentFrame();
    const qint64 shownAt = view->currentFrameStartMs();
    QVERIFY(shownAt >= 0);
    QTest::keyClick(player, Qt::Key_Period);
    QTRY_COMPARE(view->currentFrameStartMs(), shownAt + 100);
    QVERIFY(view->currentFrame() != before);
    QCOMPARE(media->playbackState(), QMediaPlayer::PausedState);
    QTest::keyClick(player, Qt::Key_Comma);
    QTRY_COMPARE(view->currentFrameStartMs(), shownAt);
    QCOMPARE(view->currentFrame(), before);

    QTest::keyClick(player, Qt::Key_L);
    QCOMPARE(media->loops(), int(QMediaPlayer::Infinite));
    QTest::keyClick(player, Qt::Key_M);
    QVERIFY(player->audioOutput()->isMuted());
    // Played on with loop on, it passes the end and starts over instead of stopping.
    media->setPosition(3500);
    media->play();
    QTRY_VERIFY_WITH_TIMEOUT(media->position() > 0 && media->position() < 1000, kSettleMs);
    QCOMPARE(media->playbackState(), QMediaPlayer::PlayingState);
    QVERIFY(player->systemPlayerButton()->isEnabled());

    // Escape closes it: playback stops and the file is let go.
    QTest::keyClick(player, Qt::Key_Escape);
    QTRY_VERIFY(!player->isVisible());
    QCOMPARE(media->playbackState(), QMediaPlayer::StoppedState);
    QVERIFY(media->source().isEmpty());

    // Opened again, the saved file plays at once: nothing is downloaded twice.
    const int cdnRequests = int(m_server->cdn()->requests().size());
    selectRow(id);
    QTest::keyClick(m_window->table(), Qt::Key_Space);
    QTRY_VERIFY(player->isVisible());
    QCOMPARE(player->source(), QUrl::fromLocalFile(saved));
    QCOMPARE(int(m_server->cdn()->requests().size()), cdnRequests);
    player->close();
}

void TestPreview::aLinkOnAnotherOriginIsStreamedWithoutTheKey()
{
    requireBackend();
    startMonitor(QStringLiteral("runway"));
    createWindow();
    const QString id = addFinished(QStringLiteral("3f1d2c4b-0a9e-4d3c-8b7a-6e5f4d3c2b1a"),
                                   QStringLiteral("Waves folding over a black sand beach"));
    QVERIFY(!id.isEmpty());
    const StoredTask* task = m_window->model()->task(m_profileId, id);
    QVERIFY(task->last && task->last->resultUrl.contains(QLatin1String("/cdn/")));
    selectRow(id);
    m_window->previewCurrent();
    PreviewPlayer* player = m_window->preview()->player();
    QVERIFY(player && player->isVisible());
    QCOMPARE(player->source(), QUrl(task->last->resultUrl));
    QTRY_VERIFY_WITH_TIMEOUT(player->videoView()->framesShown() >= 3, kSettleMs);
    QVERIFY(!m_monitor->downloads()->isActive({m_profileId, id}));
    QVERIFY(m_monitor->downloads()->savedPath({m_profileId, id}).isEmpty());
    // The player fetched the clip from the CDN itself, and nothing it sent carried the key.
    int videoRequests = 0;
    for (const DemoCdnRequest& request : m_server->cdn()->requests()) {
        videoRequests += request.path.endsWith(QLatin1String("/video")) ? 1 : 0;
        QVERIFY2(!request.authorization.contains(kSecret) && !request.token.contains(kSecret),
                 qPrintable(request.path));
    }
    QVERIFY(videoRequests >= 1);
    // The signed link is a credential of its own: the preview names only its host.
    QVERIFY(!player->statusText().contains(QLatin1String("sig=")));
    QVERIFY(player->statusText().contains(player->source().host()));
    player->close();
}

void TestPreview::onlyAFinishedRenderOpensThePreview()
{
    startMonitor();
    createWindow();
    m_server->addTask(DemoPlans::rendering(QStringLiteral("video_still_rendering")));
    QVERIFY(m_window->addTasks({QStringLiteral("video_still_rendering")}, m_profileId));
    selectRow(QStringLiteral("video_still_rendering"));
    m_window->previewCurrent();
    QVERIFY(!m_window->preview()->player()); // no window, and no media object made
    QCOMPARE(m_server->cdn()->requests().size(), 0);
}

// How far apart two pictures are: the mean difference per channel (0–255) on a coarse grid.
static int meanDifference(const QImage& a, const QImage& b)
{
    const QSize grid(16, 9);
    const QImage left
        = a.scaled(grid, Qt::IgnoreAspectRatio, Qt::SmoothTransformation).convertToFormat(QImage::Format_RGB32);
    const QImage right
        = b.scaled(grid, Qt::IgnoreAspectRatio, Qt::SmoothTransformation).convertToFormat(QImage::Format_RGB32);
    qint64 sum = 0;
    for (int y = 0; y < grid.height(); ++y) {
        for (int x = 0; x < grid.width(); ++x) {
            const QRgb p = left.pixel(x, y);
            const QRgb q = right.pixel(x, y);
            sum += std::abs(qRed(p) - qRed(q)) + std::abs(qGreen(p) - qGreen(q)) + std::abs(qBlue(p) - qBlue(q));
        }
    }
    return int(sum / (grid.width() * grid.height() * 3));
}

void TestPreview::aRenderWithoutAServerPosterGetsItsFirstFrameOnceSaved()
{
    requireBackend();
    startMonitor(QStringLiteral("runway")); // Runway's tasks carry no thumbnail
    createWindow();
    const QString id = addFinished(QStringLiteral("7c2e9a41-5b3d-4e8f-9a1c-2d4e6f8a0b1c"),
                                   QStringLiteral("Lanterns drifting over a night river"));
    QVERIFY(!id.isEmpty());
    PosterLibrary* posters = m_window->posters();
    const StoredTask task = *m_window->model()->task(m_profileId, id);
    posters->picture(task, PictureKind::Poster); // as the board does when the row is painted
    QTRY_VERIFY_WITH_TIMEOUT(!posters->failure(m_profileId, id, PictureKind::Poster).isEmpty(), kSettleMs);
    QVERIFY(posters->cachedPicture(m_profileId, id, PictureKind::Poster).isNull());

    QString error;
    QVERIFY2(m_monitor->downloads()->start({m_profileId, id}, m_settings->downloadFolder(), &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(!posters->cachedPicture(m_profileId, id, PictureKind::Poster).isNull(), kSettleMs);
    QVERIFY(posters->failure(m_profileId, id, PictureKind::Poster).isEmpty());
    const QImage poster = posters->cachedPicture(m_profileId, id, PictureKind::Poster);
    // It is the clip's opening picture, not some other frame or a blank.
    const DemoPictures::Clip clip(id, QStringLiteral("1280x720"), 4);
    const QByteArray rgb = clip.frameRgb(0);
    const QImage first(reinterpret_cast<const uchar*>(rgb.constData()), clip.width(), clip.height(), clip.width() * 3,
                       QImage::Format_RGB888);
    const QByteArray lastRgb = clip.frameRgb(clip.frameCount() - 1);
    const QImage last(reinterpret_cast<const uchar*>(lastRgb.constData()), clip.width(), clip.height(),
                      clip.width() * 3, QImage::Format_RGB888);
    QCOMPARE(poster.size(), QSize(clip.width(), clip.height()));
    const int toFirst = meanDifference(poster, first);
    QVERIFY2(toFirst < 12, qPrintable(QString::number(toFirst)));
    QVERIFY(toFirst < meanDifference(poster, last));

    // It is kept on disk under the poster's name: a restart shows it without the video or the server.
    const QString key = PosterLibrary::cacheKey(m_profileId, id, PictureKind::Poster);
    QTRY_VERIFY(posters->disk()->read(key).has_value());
    PosterLibrary restarted([](qint64) { return nullptr; },
                            std::make_unique<PosterDiskCache>(posters->disk()->directory()));
    QFile::remove(m_monitor->downloads()->savedPath({m_profileId, id}));
    QVERIFY(restarted.picture(task, PictureKind::Poster).isNull());
    QTRY_VERIFY(!restarted.cachedPicture(m_profileId, id, PictureKind::Poster).isNull());
    QCOMPARE(restarted.stats().diskHits, 1);
    QCOMPARE(restarted.stats().networkRequests, 0);
    QVERIFY(meanDifference(restarted.cachedPicture(m_profileId, id, PictureKind::Poster), first) < 12);
}

void TestPreview::theFirstFrameGrabberTellsDarkFramesAndRefusesUnreadableFiles()
{
    QVERIFY(FirstFrameGrabber::isNearlyBlack(QImage()));
    QImage black(64, 36, QImage::Format_RGB32);
    black.fill(QColor(6, 6, 8));
    QVERIFY(FirstFrameGrabber::isNearlyBlack(black));
    QImage picture = black;
    picture.fill(QColor(40, 60, 120));
    QVERIFY(!FirstFrameGrabber::isNearlyBlack(picture));

    requireBackend();
    FirstFrameGrabber grabber;
    QSignalSpy grabbed(&grabber, &FirstFrameGrabber::grabbed);
    QSignalSpy failed(&grabber, &FirstFrameGrabber::failed);
    QTemporaryDir dir;
    const QString notAVideo = dir.filePath(QStringLiteral("page.mp4"));
    {
        QFile file(notAVideo);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("<html><body>502 Bad Gateway</body></html>");
    }
    grabber.grab({1, QStringLiteral("not_a_video")}, notAVideo);
    grabber.grab({1, QStringLiteral("gone")}, dir.filePath(QStringLiteral("missing.mp4")));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 2, FirstFrameGrabber::kDeadlineMs + 5000);
    QCOMPARE(grabbed.size(), 0);
    QStringList failedIds;
    for (const QList<QVariant>& call : failed)
        failedIds << call.at(0).value<TaskKey>().taskId;
    QCOMPARE(failedIds, (QStringList{QStringLiteral("not_a_video"), QStringLiteral("gone")}));
    QVERIFY(!failed.at(0).at(1).toString().isEmpty());
    QCOMPARE(failed.at(1).at(1).toString(), QStringLiteral("the saved video is gone"));
    QCOMPARE(grabber.pendingCount(), 0);
}

void TestPreview::withoutABackendItSaysSoAndOffersTheSystemPlayer()
{
    if (!noBackendRun())
        QSKIP("run by tst_preview_nobackend, with QT_MEDIA_BACKEND=none");
    QVERIFY(!MediaBackend::probe().available);
    QVERIFY(MediaBackend::probe().problem.contains(QLatin1String("none")));
    startMonitor();
    createWindow();
    const QString id = addFinished(QStringLiteral("video_no_backend"), QStringLiteral("A tram in the snow"));
    QVERIFY(!id.isEmpty());
    selectRow(id);
    QTest::keyClick(m_window->table(), Qt::Key_Space);
    PreviewPlayer* player = m_window->preview()->player();
    QVERIFY(player && player->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(player->source().isLocalFile(), kSettleMs); // still saved, for the system player
    QVERIFY(!player->mediaPlayer()); // Qt 6.4 would have ended the process
    QVERIFY(QTest::qWaitForWindowActive(player));
    QVERIFY2(player->statusText().contains(QLatin1String("cannot be played inside Reelwatch")),
             qPrintable(player->statusText()));
    QVERIFY(player->systemPlayerButton()->isEnabled());
    QTest::keyClick(player, Qt::Key_Space); // the keys do nothing harmful
    QTest::keyClick(player, Qt::Key_Period);
    player->close();
    QVERIFY(!player->isVisible());
}

QTEST_MAIN(TestPreview)
#include "tst_preview.moc"

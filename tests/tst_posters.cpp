// The pieces under the board's pictures: the disk cache's bound and least-recently-used order
// across restarts, what it refuses to keep, the spritesheet grid worked out from a sheet's size,
// and the typical render time behind "about 2 min left".
#include "core/renderestimates.h"
#include "demo/demopictures.h"
#include "ui/posters/posterdiskcache.h"
#include "ui/posters/posterlibrary.h"
#include "ui/posters/spritesheet.h"

#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Reelwatch;

class TestPosters : public QObject
{
    Q_OBJECT

private slots:
    void diskCacheKeepsWhatWasWrittenAcrossARestart();
    void diskCacheDropsTheLeastRecentlyUsedFirst();
    void diskCacheRefusesWhatItCannotKeep();
    void diskCacheForgetsAFileRemovedBehindItsBack();
    void theLibraryServesPicturesFromDiskWithoutTheNetwork();
    void theLibraryCanGoWhileItIsReadingFromDisk();
    void spritesheetGridIsWorkedOut_data();
    void spritesheetGridIsWorkedOut();
    void theDemoSpritesheetIsAGridOfDifferentFrames();
    void typicalRenderTimeIsTheMedianOfTheRecentOnes();

private:
    static QByteArray bytes(char fill, int size) { return QByteArray(size, fill); }
};

void TestPosters::diskCacheKeepsWhatWasWrittenAcrossARestart()
{
    QTemporaryDir dir;
    {
        PosterDiskCache cache(dir.path());
        QVERIFY(cache.write(QStringLiteral("1/poster/video_a"), bytes('a', 1000)));
        QVERIFY(cache.write(QStringLiteral("1/poster/video_b"), bytes('b', 2000)));
        QCOMPARE(cache.totalBytes(), 3000);
    }
    PosterDiskCache reopened(dir.path());
    QCOMPARE(reopened.entryCount(), 2);
    QCOMPARE(reopened.totalBytes(), 3000);
    QCOMPARE(reopened.read(QStringLiteral("1/poster/video_a")).value_or(QByteArray()), bytes('a', 1000));
    QVERIFY(!reopened.read(QStringLiteral("2/poster/video_a"))); // another profile's task of that ID
    // File names are hashes: a task ID with slashes or dots cannot reach outside the folder.
    QVERIFY(reopened.write(QStringLiteral("1/poster/../../etc/passwd"), bytes('x', 10)));
    for (const QString& name : QDir(dir.path()).entryList(QDir::Files))
        QVERIFY2(name.endsWith(QLatin1String(".picture")) && name.size() == 40 + 8, qPrintable(name));
}

void TestPosters::diskCacheDropsTheLeastRecentlyUsedFirst()
{
    QTemporaryDir dir;
    {
        PosterDiskCache cache(dir.path(), 10'000);
        for (int i = 0; i < 4; ++i) {
            QVERIFY(cache.write(QStringLiteral("poster/%1").arg(i), bytes(char('0' + i), 2'000)));
            QTest::qWait(15); // distinct modification times
        }
        QVERIFY(cache.read(QStringLiteral("poster/0"))); // used again: now the most recent
        QTest::qWait(15);
    }
    // After a restart the order is what the files' times say.
    PosterDiskCache cache(dir.path(), 10'000);
    QVERIFY(cache.write(QStringLiteral("poster/4"), bytes('4', 2'000)));
    QVERIFY(cache.write(QStringLiteral("poster/5"), bytes('5', 2'000)));
    QVERIFY(cache.totalBytes() <= 10'000);
    QVERIFY(cache.read(QStringLiteral("poster/0")));
    QVERIFY(!cache.read(QStringLiteral("poster/1"))); // the oldest went first
    QVERIFY(cache.read(QStringLiteral("poster/5")));
    // A smaller limit applies at once; what was read last stays.
    cache.setLimitBytes(4'000);
    QVERIFY(cache.totalBytes() <= 4'000);
    QVERIFY(!cache.read(QStringLiteral("poster/4")));
    QVERIFY(cache.read(QStringLiteral("poster/5")));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), cache.entryCount());
}

void TestPosters::diskCacheRefusesWhatItCannotKeep()
{
    QTemporaryDir dir;
    PosterDiskCache cache(dir.path(), 5'000);
    QVERIFY(!cache.write(QStringLiteral("empty"), QByteArray()));
    QVERIFY(!cache.write(QStringLiteral("over the limit"), bytes('x', 6'000)));
    QVERIFY(!cache.write(QStringLiteral("too large"), bytes('x', int(PosterDiskCache::kMaxEntryBytes) + 1)));
    QCOMPARE(cache.entryCount(), 0);
    // A folder that cannot be made (a file is in the way): nothing is kept, nothing breaks.
    QFile blocker(dir.filePath(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    PosterDiskCache blocked(dir.filePath(QStringLiteral("blocker/posters")));
    QVERIFY(!blocked.write(QStringLiteral("poster"), bytes('p', 100)));
    QVERIFY(!blocked.read(QStringLiteral("poster")));
}

void TestPosters::diskCacheForgetsAFileRemovedBehindItsBack()
{
    QTemporaryDir dir;
    PosterDiskCache cache(dir.path());
    QVERIFY(cache.write(QStringLiteral("poster"), bytes('p', 100)));
    for (const QString& name : QDir(dir.path()).entryList(QDir::Files))
        QVERIFY(QFile::remove(dir.filePath(name)));
    QVERIFY(!cache.read(QStringLiteral("poster")));
    QCOMPARE(cache.totalBytes(), 0);
}

namespace {

StoredTask finishedTask(int index)
{
    StoredTask task;
    task.profileId = 1;
    task.taskId = QStringLiteral("video_%1").arg(index);
    task.last = VideoTask{};
    task.last->id = task.taskId;
    task.last->status = TaskStatus::Success;
    return task;
}

QByteArray posterPng(int index)
{
    QImage image(160, 90, QImage::Format_RGB32);
    image.fill(QColor::fromHsv(index * 7 % 360, 200, 200));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return buffer.data();
}

// A disk cache holding the posters of tasks 0..count-1, as after a restart.
std::unique_ptr<PosterDiskCache> diskWithPosters(const QString& path, int count)
{
    auto disk = std::make_unique<PosterDiskCache>(path);
    for (int i = 0; i < count; ++i)
        disk->write(PosterLibrary::cacheKey(1, finishedTask(i).taskId, PictureKind::Poster), posterPng(i));
    return disk;
}

} // namespace

void TestPosters::theLibraryServesPicturesFromDiskWithoutTheNetwork()
{
    QTemporaryDir dir;
    constexpr int kCount = 30;
    // No profile has an API: anything not on disk would fail, not be fetched.
    PosterLibrary library([](qint64) { return nullptr; }, diskWithPosters(dir.path(), kCount));
    QSignalSpy ready(&library, &PosterLibrary::pictureReady);
    QSignalSpy failed(&library, &PosterLibrary::pictureFailed);
    for (int i = 0; i < kCount; ++i)
        QVERIFY(library.picture(finishedTask(i), PictureKind::Poster).isNull()); // on its way
    QTRY_COMPARE(ready.size(), kCount);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(library.stats().diskHits, kCount);
    QCOMPARE(library.stats().networkRequests, 0);
    const QImage poster = library.picture(finishedTask(3), PictureKind::Poster);
    QCOMPARE(poster.size(), QSize(160, 90));
    QCOMPARE(poster.pixel(10, 10), QColor::fromHsv(3 * 7 % 360, 200, 200).rgb());
}

void TestPosters::theLibraryCanGoWhileItIsReadingFromDisk()
{
    // The window closes while the decoder is still reading posters: the library owns its disk cache
    // and outlives every read (the sanitizer build sees a read of a freed cache otherwise).
    QTemporaryDir dir;
    constexpr int kCount = 200;
    std::unique_ptr<PosterDiskCache> disk = diskWithPosters(dir.path(), kCount);
    for (int round = 0; round < 5; ++round) {
        auto library = std::make_unique<PosterLibrary>([](qint64) { return nullptr; },
                                                       std::make_unique<PosterDiskCache>(dir.path()));
        QSignalSpy ready(library.get(), &PosterLibrary::pictureReady);
        for (int i = 0; i < kCount; ++i)
            library->picture(finishedTask(i), PictureKind::Poster);
        QCOMPARE(library->busyCount(), kCount);
        library.reset();
        QCoreApplication::processEvents(); // results posted before the end are dropped, not delivered
        QCOMPARE(ready.size(), 0);
    }
    QCOMPARE(disk->entryCount(), kCount); // nothing on disk was lost either
}

void TestPosters::spritesheetGridIsWorkedOut_data()
{
    QTest::addColumn<QSize>("sheet");
    QTest::addColumn<double>("aspect");
    QTest::addColumn<int>("columns");
    QTest::addColumn<int>("rows");
    QTest::newRow("demo portrait 5x2") << QSize(360, 256) << 720.0 / 1280 << 5 << 2;
    QTest::newRow("landscape 10x1 strip") << QSize(1600, 90) << 16.0 / 9 << 10 << 1;
    QTest::newRow("landscape 4x4 of 320x180") << QSize(1280, 720) << 16.0 / 9 << 4 << 4;
    QTest::newRow("aspect unknown, portrait 5x2") << QSize(360, 256) << 0.0 << 5 << 2;
    QTest::newRow("a single picture is no grid") << QSize(73, 1000) << 16.0 / 9 << 1 << 1;
}

void TestPosters::spritesheetGridIsWorkedOut()
{
    QFETCH(QSize, sheet);
    QFETCH(double, aspect);
    QFETCH(int, columns);
    QFETCH(int, rows);
    const SpriteSheetGrid grid = SpriteSheetGrid::infer(sheet, aspect);
    QCOMPARE(grid.columns, columns);
    QCOMPARE(grid.rows, rows);
    if (columns * rows > 1) {
        QVERIFY(grid.isValid());
        QCOMPARE(grid.frameAt(0), 0);
        QCOMPARE(grid.frameAt(1.0), grid.frameCount() - 1);
        QCOMPARE(grid.frameRect(grid.frameCount() - 1).bottomRight(),
                 QPoint(grid.frame.width() * columns - 1, grid.frame.height() * rows - 1));
    } else {
        QVERIFY(!grid.isValid());
    }
}

void TestPosters::theDemoSpritesheetIsAGridOfDifferentFrames()
{
    QImage sheet;
    QVERIFY(
        sheet.loadFromData(DemoPictures::spritesheetPng(QStringLiteral("video_sheet"), QStringLiteral("720x1280"))));
    const SpriteSheetGrid grid = SpriteSheetGrid::infer(sheet.size(), 720.0 / 1280);
    QCOMPARE(grid.columns, DemoPictures::kSpritesheetColumns);
    QCOMPARE(grid.rows, DemoPictures::kSpritesheetRows);
    const QImage first = sheet.copy(grid.frameRect(0));
    const QImage last = sheet.copy(grid.frameRect(grid.frameCount() - 1));
    QVERIFY(first != last); // the sun moves: scrubbing shows something happen
}

void TestPosters::typicalRenderTimeIsTheMedianOfTheRecentOnes()
{
    RenderEstimates estimates;
    QVERIFY(!estimates.typicalMs(1, QStringLiteral("sora-2")));
    estimates.addFinished(1, QStringLiteral("sora-2"), 100, 60'000);
    estimates.addFinished(1, QStringLiteral("sora-2"), 300, 90'000);
    QVERIFY(!estimates.typicalMs(1, QStringLiteral("sora-2"))); // two say too little
    estimates.addFinished(1, QStringLiteral("sora-2"), 200, 3'600'000); // one stuck render
    QCOMPARE(*estimates.typicalMs(1, QStringLiteral("sora-2")), 90'000);
    QCOMPARE(*estimates.remainingMs(1, QStringLiteral("sora-2"), 30'000), 60'000);
    QVERIFY(!estimates.typicalMs(2, QStringLiteral("sora-2")));
    QVERIFY(!estimates.typicalMs(1, QStringLiteral("veo-3")));
    // Only the newest kSamples count, whatever order they arrive in.
    for (int i = 0; i < RenderEstimates::kSamples; ++i)
        estimates.addFinished(1, QStringLiteral("sora-2"), 1000 + i, 10'000);
    QCOMPARE(*estimates.typicalMs(1, QStringLiteral("sora-2")), 10'000);
    estimates.addFinished(1, QStringLiteral("sora-2"), 50, 999'999); // older than all kept: ignored
    QCOMPARE(*estimates.typicalMs(1, QStringLiteral("sora-2")), 10'000);
    estimates.addFinished(1, QStringLiteral("sora-2"), 5000, 0); // no duration: nothing learnt
    QCOMPARE(*estimates.typicalMs(1, QStringLiteral("sora-2")), 10'000);
}

QTEST_MAIN(TestPosters)
#include "tst_posters.moc"

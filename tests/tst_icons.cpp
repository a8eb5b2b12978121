#include "ui/shell/icons.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QPixmap>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using Reelwatch::Icons;

Q_DECLARE_METATYPE(Reelwatch::Icons::Id)

namespace {

// How many pixels of the image are not fully transparent, and the colour of the most opaque one.
struct Ink
{
    int pixels = 0;
    QColor strongest;
};

Ink inkOf(const QPixmap& pixmap)
{
    Ink ink;
    const QImage image = pixmap.toImage().convertToFormat(QImage::Format_ARGB32);
    int bestAlpha = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor colour = image.pixelColor(x, y);
            if (colour.alpha() == 0)
                continue;
            ++ink.pixels;
            if (colour.alpha() > bestAlpha) {
                bestAlpha = colour.alpha();
                ink.strongest = colour;
            }
        }
    }
    return ink;
}

} // namespace

class IconsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void everyIconRenders_data();
    void everyIconRenders();
    void bundledSvgsAreDrawnInTheSharedGrey_data();
    void bundledSvgsAreDrawnInTheSharedGrey();
    void namesRoundTrip();
    void themeIconWinsAndBundledFillsTheGaps();

private:
    void addRows();
};

void IconsTest::initTestCase()
{
    // No desktop theme under the offscreen platform: what the test sees are the bundled SVGs, the
    // case that must never come out blank. themeIconWinsAndBundledFillsTheGaps() adds a theme.
    QCOMPARE(Icons::all().size(), 16);
}

void IconsTest::addRows()
{
    QTest::addColumn<Icons::Id>("id");
    const QList<Icons::Id> ids = Icons::all();
    for (const Icons::Id id : ids)
        QTest::newRow(qPrintable(Icons::name(id))) << id;
}

void IconsTest::everyIconRenders_data()
{
    addRows();
}

void IconsTest::everyIconRenders()
{
    QFETCH(Icons::Id, id);
    const QIcon icon = Icons::get(id);
    QVERIFY(!icon.isNull());
    for (const int size : {24, 48}) {
        const QPixmap pixmap = icon.pixmap(size, size);
        QVERIFY(!pixmap.isNull());
        QCOMPARE(pixmap.size(), QSize(size, size));
        const Ink ink = inkOf(pixmap);
        // A drawn glyph, neither blank nor a filled square.
        QVERIFY2(ink.pixels > size * size / 20, qPrintable(QString::number(ink.pixels)));
        QVERIFY2(ink.pixels < size * size * 3 / 4, qPrintable(QString::number(ink.pixels)));
    }
}

void IconsTest::bundledSvgsAreDrawnInTheSharedGrey_data()
{
    addRows();
}

void IconsTest::bundledSvgsAreDrawnInTheSharedGrey()
{
    QFETCH(Icons::Id, id);
    QVERIFY(QFile::exists(Icons::resourcePath(id)));
    const QIcon icon = Icons::bundled(id);
    QVERIFY(!icon.isNull());
    // Rendered from the vector at each size (the SVG icon engine), not one bitmap scaled: the
    // 48 px rendering has about four times the ink of the 24 px one.
    const Ink small = inkOf(icon.pixmap(24, 24));
    const Ink large = inkOf(icon.pixmap(48, 48));
    QVERIFY2(small.pixels > 0 && large.pixels > 3 * small.pixels && large.pixels < 5 * small.pixels,
             qPrintable(QStringLiteral("%1 / %2").arg(small.pixels).arg(large.pixels)));
    const QColor grey(0x7c, 0x81, 0x87);
    QCOMPARE(large.strongest.alpha(), 255);
    QCOMPARE(large.strongest.rgb(), grey.rgb());
}

void IconsTest::namesRoundTrip()
{
    QSet<QString> names;
    const QList<Icons::Id> ids = Icons::all();
    for (const Icons::Id id : ids) {
        const QString name = Icons::name(id);
        QVERIFY(!name.isEmpty());
        names.insert(name);
        QCOMPARE(Icons::fromName(name), std::optional<Icons::Id>(id));
        QVERIFY(!Icons::themeNames(id).isEmpty());
        QVERIFY(!Icons::get(name).isNull());
    }
    QCOMPARE(names.size(), ids.size());
    QCOMPARE(Icons::themeNames(Icons::Id::Add), QStringList{QStringLiteral("list-add")});
    QCOMPARE(Icons::themeNames(Icons::Id::OpenBrowser), QStringList{QStringLiteral("internet-web-browser")});
    QCOMPARE(Icons::fromName(QStringLiteral("no-such-icon")), std::nullopt);
    QVERIFY(Icons::get(QStringLiteral("no-such-icon")).isNull());
}

void IconsTest::themeIconWinsAndBundledFillsTheGaps()
{
    // A real icon theme on disk with exactly one icon, "list-add", drawn solid red.
    QTemporaryDir root;
    QVERIFY(root.isValid());
    const QString themeDir = root.filePath(QStringLiteral("reelwatch-test-theme"));
    QVERIFY(QDir().mkpath(themeDir + QStringLiteral("/24x24/actions")));
    QFile index(themeDir + QStringLiteral("/index.theme"));
    QVERIFY(index.open(QIODevice::WriteOnly));
    index.write("[Icon Theme]\nName=Reelwatch test\nDirectories=24x24/actions\n\n"
                "[24x24/actions]\nSize=24\nContext=Actions\nType=Fixed\n");
    index.close();
    QImage red(24, 24, QImage::Format_ARGB32);
    red.fill(Qt::transparent);
    for (int y = 4; y < 20; ++y) {
        for (int x = 11; x < 13; ++x) {
            red.setPixelColor(x, y, Qt::red);
            red.setPixelColor(y, x, Qt::red);
        }
    }
    QVERIFY(red.save(themeDir + QStringLiteral("/24x24/actions/list-add.png")));

    const QStringList oldPaths = QIcon::themeSearchPaths();
    const QString oldTheme = QIcon::themeName();
    QIcon::setThemeSearchPaths({root.path()});
    QIcon::setThemeName(QStringLiteral("reelwatch-test-theme"));

    const Ink themed = inkOf(Icons::get(Icons::Id::Add).pixmap(24, 24));
    const Ink fallback = inkOf(Icons::get(Icons::Id::OpenBrowser).pixmap(24, 24));

    QIcon::setThemeName(oldTheme);
    QIcon::setThemeSearchPaths(oldPaths);

    QCOMPARE(themed.strongest.rgb(), QColor(Qt::red).rgb());
    QCOMPARE(fallback.strongest.rgb(), QColor(0x7c, 0x81, 0x87).rgb());
}

QTEST_MAIN(IconsTest)
#include "tst_icons.moc"

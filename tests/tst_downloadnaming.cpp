// File names for downloads: the pattern's fields, the variant's extension, names that are valid on
// Windows, macOS and Linux, and numbered names that never take an existing file.

#include "core/downloadnaming.h"

#include <QFile>
#include <QLockFile>
#include <QSet>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Reelwatch;

class TestDownloadNaming : public QObject
{
    Q_OBJECT

private slots:
    void extensionPerVariant();
    void patternFields_data();
    void patternFields();
    void sanitise_data();
    void sanitise();
    void reservedDeviceNamesAreDefused_data();
    void reservedDeviceNamesAreDefused();
    void longNamesAreCutInUtf8Bytes();
    void numberedNames();
    void uniquePathSkipsTakenNames();
    void uniquePathGivesUpWhenEveryNumberIsTaken();
    void namesInUseByADownloadAreTaken();
};

void TestDownloadNaming::extensionPerVariant()
{
    QCOMPARE(DownloadNaming::extensionFor(QStringLiteral("video")), QStringLiteral(".mp4"));
    QCOMPARE(DownloadNaming::extensionFor(QStringLiteral("thumbnail")), QStringLiteral(".webp"));
    QCOMPARE(DownloadNaming::extensionFor(QStringLiteral("spritesheet")), QStringLiteral(".jpg"));
    QCOMPARE(DownloadNaming::extensionFor(QStringLiteral("other")), QStringLiteral(".bin"));
}

void TestDownloadNaming::patternFields_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("expected");
    QTest::newRow("default, no label") << QString() << QString() << "video"
                                       << "video_abc123.mp4";
    QTest::newRow("default, label") << QString() << "Paper boat"
                                    << "video"
                                    << "Paper boat.mp4";
    QTest::newRow("blank label is no label") << QString() << "   "
                                             << "video"
                                             << "video_abc123.mp4";
    QTest::newRow("thumbnail") << QString() << "Boat"
                               << "thumbnail"
                               << "Boat.webp";
    QTest::newRow("spritesheet") << QString() << QString() << "spritesheet"
                                 << "video_abc123.jpg";
    QTest::newRow("every field") << "{label}-{id}-{variant}-{model}"
                                 << "Boat"
                                 << "video"
                                 << "Boat-video_abc123-video-sora-2.mp4";
    QTest::newRow("extension in the pattern is not doubled") << "{id}.mp4" << QString() << "video"
                                                             << "video_abc123.mp4";
    QTest::newRow("unknown placeholder stays, sanitised") << "{id}_{nope}" << QString() << "video"
                                                          << "video_abc123_{nope}.mp4";
    QTest::newRow("empty expansion falls back to the id") << "{label}" << QString() << "video"
                                                          << "video_abc123.mp4";
    QTest::newRow("label with a path is one name") << QString() << "../../etc/passwd"
                                                   << "video"
                                                   << "_.._etc_passwd.mp4";
}

void TestDownloadNaming::patternFields()
{
    QFETCH(QString, pattern);
    QFETCH(QString, label);
    QFETCH(QString, variant);
    QFETCH(QString, expected);
    const DownloadNameFields fields{QStringLiteral("video_abc123"), label, variant, QStringLiteral("sora-2")};
    QCOMPARE(DownloadNaming::fileName(pattern, fields), expected);
}

void TestDownloadNaming::sanitise_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << "Boat at night"
                           << "Boat at night";
    QTest::newRow("windows forbidden") << "a<b>c:d\"e/f\\g|h?i*j"
                                       << "a_b_c_d_e_f_g_h_i_j";
    QTest::newRow("control characters") << QStringLiteral("a\tb\nc\x01"
                                                          "d")
                                        << "a_b_c_d";
    QTest::newRow("trailing dots and spaces") << "name. . ."
                                              << "name";
    QTest::newRow("leading dot would hide the file") << ".hidden"
                                                     << "hidden";
    QTest::newRow("dot dot") << ".."
                             << "fallback_id";
    QTest::newRow("only forbidden") << "///"
                                    << "___";
    QTest::newRow("empty") << ""
                           << "fallback_id";
    QTest::newRow("spaces only") << "   "
                                 << "fallback_id";
    QTest::newRow("direction override") << QStringLiteral("clip\u202Egnp.exe") << "clip_gnp.exe";
    QTest::newRow("unicode kept") << QStringLiteral("Füchse im Schnee 雪") << QStringLiteral("Füchse im Schnee 雪");
    QTest::newRow("runs of spaces collapse") << "a    b"
                                             << "a b";
}

void TestDownloadNaming::sanitise()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    QCOMPARE(DownloadNaming::sanitise(name, QStringLiteral("fallback_id")), expected);
}

void TestDownloadNaming::reservedDeviceNamesAreDefused_data()
{
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("expected");
    QTest::newRow("CON") << "CON"
                         << "_CON.mp4";
    QTest::newRow("nul lower case") << "nul"
                                    << "_nul.mp4";
    QTest::newRow("COM1") << "COM1"
                          << "_COM1.mp4";
    QTest::newRow("LPT9 with extension") << "LPT9.tar"
                                         << "_LPT9.tar.mp4";
    QTest::newRow("AUX with trailing space") << "AUX "
                                             << "_AUX.mp4";
    QTest::newRow("CONSOLE is fine") << "CONSOLE"
                                     << "CONSOLE.mp4";
    QTest::newRow("COM10 is fine") << "COM10"
                                   << "COM10.mp4";
}

void TestDownloadNaming::reservedDeviceNamesAreDefused()
{
    QFETCH(QString, label);
    QFETCH(QString, expected);
    const DownloadNameFields fields{QStringLiteral("video_x"), label, QStringLiteral("video"), QString()};
    QCOMPARE(DownloadNaming::fileName(QString(), fields), expected);
}

void TestDownloadNaming::longNamesAreCutInUtf8Bytes()
{
    // 3 bytes per character in UTF-8, and a 4-byte emoji (a surrogate pair) at every cut position.
    for (int extra = 0; extra < 4; ++extra) {
        const QString label = QString(extra, QLatin1Char('a')) + QString(200, QChar(0x96ea)) + QStringLiteral("😀");
        const DownloadNameFields fields{QStringLiteral("video_x"), label, QStringLiteral("video"), QString()};
        const QString name = DownloadNaming::fileName(QString(), fields);
        QVERIFY2(name.toUtf8().size() <= DownloadNaming::kMaxNameBytes,
                 qPrintable(QString::number(name.toUtf8().size())));
        QVERIFY(name.toUtf8().size() > DownloadNaming::kMaxNameBytes - 4);
        QVERIFY(name.endsWith(QStringLiteral(".mp4")));
        QVERIFY(!name.contains(QChar::ReplacementCharacter));
        QCOMPARE(QString::fromUtf8(name.toUtf8()), name); // no half character
        // The numbered form still fits the 255 bytes file systems allow.
        QVERIFY(DownloadNaming::numbered(name, DownloadNaming::kMaxNumberedSuffix).toUtf8().size() <= 255);
    }
    const QString emojis = QString::fromUtf8("😀").repeated(100); // 400 bytes, 200 UTF-16 units
    const QString cut = DownloadNaming::sanitise(emojis, QString(), 10);
    QCOMPARE(cut, QString::fromUtf8("😀😀")); // 8 bytes; a third would make 12
}

void TestDownloadNaming::numberedNames()
{
    QCOMPARE(DownloadNaming::numbered(QStringLiteral("clip.mp4"), 1), QStringLiteral("clip.mp4"));
    QCOMPARE(DownloadNaming::numbered(QStringLiteral("clip.mp4"), 2), QStringLiteral("clip (2).mp4"));
    QCOMPARE(DownloadNaming::numbered(QStringLiteral("a.b.jpg"), 12), QStringLiteral("a.b (12).jpg"));
    QCOMPARE(DownloadNaming::numbered(QStringLiteral("noext"), 3), QStringLiteral("noext (3)"));
}

void TestDownloadNaming::uniquePathSkipsTakenNames()
{
    QSet<QString> taken;
    QStringList asked;
    const auto exists = [&](const QString& path) {
        asked << path;
        return taken.contains(path);
    };
    QCOMPARE(DownloadNaming::uniquePath(QStringLiteral("/data"), QStringLiteral("clip.mp4"), exists),
             QStringLiteral("/data/clip.mp4"));
    taken << QStringLiteral("/data/clip.mp4") << QStringLiteral("/data/clip (2).mp4");
    asked.clear();
    QCOMPARE(DownloadNaming::uniquePath(QStringLiteral("/data"), QStringLiteral("clip.mp4"), exists),
             QStringLiteral("/data/clip (3).mp4"));
    QCOMPARE(asked,
             (QStringList{QStringLiteral("/data/clip.mp4"), QStringLiteral("/data/clip (2).mp4"),
                          QStringLiteral("/data/clip (3).mp4")}));
}

void TestDownloadNaming::uniquePathGivesUpWhenEveryNumberIsTaken()
{
    int calls = 0;
    const QString path
        = DownloadNaming::uniquePath(QStringLiteral("/data"), QStringLiteral("clip.mp4"), [&calls](const QString&) {
              ++calls;
              return true;
          });
    QVERIFY(path.isEmpty());
    QCOMPARE(calls, DownloadNaming::kMaxNumberedSuffix);
}

void TestDownloadNaming::namesInUseByADownloadAreTaken()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const DownloadNameFields fields{QStringLiteral("video_1"), QString(), QStringLiteral("video"), QString()};
    const QString first = dir.filePath(QStringLiteral("video_1.mp4"));
    const QString second = dir.filePath(QStringLiteral("video_1 (2).mp4"));
    QCOMPARE(DownloadNaming::freePath(dir.path(), QString(), fields), first);

    // Claimed by a download in this process.
    QVERIFY(DownloadNaming::reserve(first));
    QVERIFY(!DownloadNaming::reserve(first));
    QVERIFY(DownloadNaming::isBusy(first));
    QCOMPARE(DownloadNaming::freePath(dir.path(), QString(), fields), second);
    DownloadNaming::release(first);
    QVERIFY(!DownloadNaming::isBusy(first));

    // Locked by a live download (here: this process, through the lock file alone).
    {
        QLockFile lock(first + QStringLiteral(".part.lock"));
        QVERIFY(lock.tryLock(0));
        QVERIFY(DownloadNaming::isTaken(first));
        QCOMPARE(DownloadNaming::freePath(dir.path(), QString(), fields), second);
    }
    QVERIFY(!DownloadNaming::isTaken(first));

    // A lock left by a download that died is no obstacle (and a leftover .part alone never is).
    QFile stale(first + QStringLiteral(".part.lock"));
    QVERIFY(stale.open(QIODevice::WriteOnly));
    stale.write("2147483646\nreelwatch\n" + QSysInfo::machineHostName().toUtf8() + "\n");
    stale.close();
    QFile part(first + QStringLiteral(".part"));
    QVERIFY(part.open(QIODevice::WriteOnly));
    part.write("abc");
    part.close();
    QVERIFY(!DownloadNaming::isTaken(first));
    QCOMPARE(DownloadNaming::freePath(dir.path(), QString(), fields), first);
}

QTEST_APPLESS_MAIN(TestDownloadNaming)
#include "tst_downloadnaming.moc"

// What a render is called: the label, else the start of the prompt, else the ID; and {title} in
// download names, by the same rule.

#include "core/downloadnaming.h"
#include "core/tasktitle.h"

#include <QTest>

using namespace Reelwatch;

class TestTaskTitle : public QObject
{
    Q_OBJECT

private slots:
    void titles_data();
    void titles();
    void longPromptsAreCutAtAWord();
    void downloadNamesUseTheTitle();
};

void TestTaskTitle::titles_data()
{
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<QString>("expected");
    QTest::newRow("label wins") << QStringLiteral("  Boat  ") << QStringLiteral("A paper boat")
                                << QStringLiteral("Boat");
    QTest::newRow("prompt") << QString() << QStringLiteral("A paper boat") << QStringLiteral("A paper boat");
    QTest::newRow("blank label") << QStringLiteral("   ") << QStringLiteral("A fox") << QStringLiteral("A fox");
    QTest::newRow("first line that says anything")
        << QString() << QStringLiteral("\n  \nSlow   dolly\tshot\nover a field") << QStringLiteral("Slow dolly shot");
    QTest::newRow("no prompt") << QString() << QString() << QStringLiteral("video_68f1");
    QTest::newRow("white-space prompt") << QString() << QStringLiteral(" \n\t ") << QStringLiteral("video_68f1");
}

void TestTaskTitle::titles()
{
    QFETCH(QString, label);
    QFETCH(QString, prompt);
    QFETCH(QString, expected);
    QCOMPARE(TaskTitle::of(label, prompt, QStringLiteral("video_68f1")), expected);
}

void TestTaskTitle::longPromptsAreCutAtAWord()
{
    const QString prompt
        = QStringLiteral("A paper boat drifting down a rain-soaked Tokyo street at night, neon reflections "
                         "on the wet asphalt");
    const QString title = TaskTitle::promptStart(prompt);
    QCOMPARE(title, QStringLiteral("A paper boat drifting down a rain-soaked Tokyo street at…"));
    QVERIFY(title.size() <= TaskTitle::kMaxPromptCharacters + 1);
    // One long word is cut where it must be, never left whole past the limit.
    const QString word = QString(100, QLatin1Char('x'));
    QCOMPARE(TaskTitle::promptStart(word), QString(60, QLatin1Char('x')) + QChar(0x2026));
    // Never half of a character outside the basic plane.
    const QString emoji = QString(59, QLatin1Char('a')) + QStringLiteral("\U0001F3AC\U0001F3AC");
    const QString cut = TaskTitle::promptStart(emoji);
    QVERIFY(!cut.chopped(1).back().isHighSurrogate());
    QCOMPARE(cut, QString(59, QLatin1Char('a')) + QChar(0x2026));
}

void TestTaskTitle::downloadNamesUseTheTitle()
{
    DownloadNameFields fields{QStringLiteral("video_68f1"), QString(), QStringLiteral("video"),
                              QStringLiteral("sora-2"), QStringLiteral("A fox in a red scarf / skiing")};
    QCOMPARE(DownloadNaming::fileName(QStringLiteral("{title}"), fields),
             QStringLiteral("A fox in a red scarf _ skiing.mp4"));
    fields.label = QStringLiteral("Fox");
    QCOMPARE(DownloadNaming::fileName(QStringLiteral("{title} ({id})"), fields),
             QStringLiteral("Fox (video_68f1).mp4"));
    fields.label.clear();
    fields.prompt.clear();
    QCOMPARE(DownloadNaming::fileName(QStringLiteral("{title}"), fields), QStringLiteral("video_68f1.mp4"));
}

QTEST_APPLESS_MAIN(TestTaskTitle)
#include "tst_tasktitle.moc"

// What the add dialog shows before anything is added: every ID in pasted text of any shape with its
// verdict, duplicates against the profile and within the text, and when a paste is worth opening the
// dialog for.

#include "core/taskintake.h"

#include <QSet>
#include <QTest>

using Reelwatch::TaskIntake;
using Verdict = TaskIntake::Verdict;

namespace {

QString verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Valid:
        return QStringLiteral("valid");
    case Verdict::Duplicate:
        return QStringLiteral("duplicate");
    case Verdict::Invalid:
        return QStringLiteral("invalid");
    }
    return QString();
}

// "id=verdict" per item, so a failure shows the whole review at once.
QStringList summarise(const QList<TaskIntake::Item>& items)
{
    QStringList lines;
    for (const TaskIntake::Item& item : items)
        lines << item.id + QLatin1Char('=') + verdictName(item.verdict);
    return lines;
}

} // namespace

class TestTaskIntake : public QObject
{
    Q_OBJECT

private slots:
    void everyShape_data();
    void everyShape();
    void invalidCandidatesCarryTheirReason();
    void knownIdsAreDuplicates();
    void repeatsWithinTheTextAreListedOnce();
    void isKnownIsAskedOnlyAboutValidIds();
    void withoutIsKnownNothingIsADuplicate();
    void countsAndValidIds();
    void emptyTextFindsNothing();
    void nothingAttemptedIsDroppedOrCut_data();
    void nothingAttemptedIsDroppedOrCut();
    void aPastedListWithASentenceShowsEveryItem();
    void labelsComeFromEachRow_data();
    void labelsComeFromEachRow();

    void looksLikeTaskIds_data();
    void looksLikeTaskIds();
};

void TestTaskIntake::everyShape_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("lines") << QStringLiteral("video_a1\r\n\n176843862716480\n")
                           << QStringList{QStringLiteral("video_a1=valid"), QStringLiteral("176843862716480=valid")};
    QTest::newRow("commas") << QStringLiteral("video_a1, video_b2,video/c3")
                            << QStringList{QStringLiteral("video_a1=valid"), QStringLiteral("video_b2=valid"),
                                           QStringLiteral("video/c3=invalid")};
    QTest::newRow("json object") << QStringLiteral(R"({"id":"video_a1","object":"video","status":"queued"})")
                                 << QStringList{QStringLiteral("video_a1=valid")};
    QTest::newRow("json array") << QStringLiteral(R"(["video_a1", "has space", "video_b2"])")
                                << QStringList{QStringLiteral("video_a1=valid"), QStringLiteral("has space=invalid"),
                                               QStringLiteral("video_b2=valid")};
    QTest::newRow("json list response") << QStringLiteral(
        R"({"object":"list","data":[{"id":"video_a1"},{"id":"video_b2"}],"has_more":false})")
                                        << QStringList{QStringLiteral("video_a1=valid"),
                                                       QStringLiteral("video_b2=valid")};
    QTest::newRow("urls") << QStringLiteral("https://api.example.com/v1/videos/video_a1/content\n"
                                            "https://gw.example.com/query?task_id=176843862716480")
                          << QStringList{QStringLiteral("video_a1=valid"), QStringLiteral("176843862716480=valid")};
    QTest::newRow("prose") << QStringLiteral("Render video_a1 finished; video_b2 is still queued.")
                           << QStringList{QStringLiteral("video_a1=valid"), QStringLiteral("video_b2=valid")};
    QTest::newRow("csv export") << QStringLiteral("profile,task_id,label\nOpenAI,video_a1,Boat\nOpenAI,video_b2,\n")
                                << QStringList{QStringLiteral("video_a1=valid"), QStringLiteral("video_b2=valid")};
}

void TestTaskIntake::everyShape()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);

    QCOMPARE(summarise(TaskIntake::review(text, {})), expected);
}

void TestTaskIntake::invalidCandidatesCarryTheirReason()
{
    const QString tooLong(257, QLatin1Char('a'));
    const QList<TaskIntake::Item> items
        = TaskIntake::review(QStringLiteral(R"(["video/abc", "a..b", "ok_1", "%1"])").arg(tooLong), {});
    QCOMPARE(items.size(), 4);

    QCOMPARE(items.at(0).verdict, Verdict::Invalid);
    QCOMPARE(items.at(0).candidate, QStringLiteral("video/abc"));
    QVERIFY2(items.at(0).reason.contains(QStringLiteral("'/' at position 6")), qPrintable(items.at(0).reason));

    QCOMPARE(items.at(1).verdict, Verdict::Invalid);
    QVERIFY2(items.at(1).reason.contains(QStringLiteral("'..'")), qPrintable(items.at(1).reason));

    QCOMPARE(items.at(2).verdict, Verdict::Valid);
    QVERIFY(items.at(2).reason.isEmpty());

    QCOMPARE(items.at(3).verdict, Verdict::Invalid);
    QVERIFY2(items.at(3).reason.contains(QStringLiteral("257")), qPrintable(items.at(3).reason));
}

void TestTaskIntake::knownIdsAreDuplicates()
{
    const QSet<QString> known{QStringLiteral("video_b2")};
    const QList<TaskIntake::Item> items = TaskIntake::review(
        QStringLiteral("video_a1\nvideo_b2\nVIDEO_B2"), [&known](const QString& id) { return known.contains(id); });
    QCOMPARE(summarise(items),
             (QStringList{QStringLiteral("video_a1=valid"), QStringLiteral("video_b2=duplicate"),
                          // IDs are case-sensitive (base64 IDs differ only in case), so this one is new.
                          QStringLiteral("VIDEO_B2=valid")}));
    QVERIFY2(items.at(1).reason.contains(QStringLiteral("already tracked")), qPrintable(items.at(1).reason));
}

void TestTaskIntake::repeatsWithinTheTextAreListedOnce()
{
    const QList<TaskIntake::Item> items
        = TaskIntake::review(QStringLiteral("video_b2\nvideo_a1\n  video_b2  \nhttps://x.example/v1/videos/video_a1\n"
                                            "video/bad\nvideo/bad"),
                             {});
    QCOMPARE(summarise(items),
             (QStringList{QStringLiteral("video_b2=valid"), QStringLiteral("video_a1=valid"),
                          QStringLiteral("video/bad=invalid")}));
}

void TestTaskIntake::isKnownIsAskedOnlyAboutValidIds()
{
    QStringList asked;
    TaskIntake::review(QStringLiteral("video_a1, video/bad, video_b2, video_a1"), [&asked](const QString& id) {
        asked << id;
        return false;
    });
    QCOMPARE(asked, (QStringList{QStringLiteral("video_a1"), QStringLiteral("video_b2")}));
}

void TestTaskIntake::withoutIsKnownNothingIsADuplicate()
{
    const QList<TaskIntake::Item> items = TaskIntake::review(QStringLiteral("video_a1"), nullptr);
    QCOMPARE(summarise(items), QStringList{QStringLiteral("video_a1=valid")});
}

void TestTaskIntake::countsAndValidIds()
{
    const QList<TaskIntake::Item> items
        = TaskIntake::review(QStringLiteral("video_c3\nvideo_a1\nbad/one\nvideo_b2\nvideo_d4"),
                             [](const QString& id) { return id == QLatin1String("video_a1"); });
    const TaskIntake::Counts counts = TaskIntake::count(items);
    QCOMPARE(counts.valid, 3);
    QCOMPARE(counts.duplicate, 1);
    QCOMPARE(counts.invalid, 1);
    // In the order of the text, duplicates and invalid ones left out.
    QCOMPARE(TaskIntake::validIds(items),
             (QStringList{QStringLiteral("video_c3"), QStringLiteral("video_b2"), QStringLiteral("video_d4")}));
}

void TestTaskIntake::emptyTextFindsNothing()
{
    QVERIFY(TaskIntake::review(QString(), {}).isEmpty());
    QVERIFY(TaskIntake::review(QStringLiteral(" \n\t,; "), {}).isEmpty());
    const TaskIntake::Counts counts = TaskIntake::count({});
    QCOMPARE(counts.valid + counts.duplicate + counts.invalid, 0);
}

void TestTaskIntake::nothingAttemptedIsDroppedOrCut_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("reasonMentions");

    QTest::newRow("sentence") << QStringLiteral("hello world!") << QStringLiteral("hello world!")
                              << QStringLiteral("a space at position 6");
    QTest::newRow("path") << QStringLiteral("../../etc/passwd") << QStringLiteral("../../etc/passwd")
                          << QStringLiteral("'/' at position 3");
    QTest::newRow("non-ascii letters") << QString::fromUtf16(u"vid\u20aco_\u00fcn\u00efcode")
                                       << QString::fromUtf16(u"vid\u20aco_\u00fcn\u00efcode")
                                       << QString::fromUtf16(u"'\u20ac' at position 4");
    QTest::newRow("dollar") << QStringLiteral("video_abc$def") << QStringLiteral("video_abc$def")
                            << QStringLiteral("'$' at position 10");
    QTest::newRow("dollar in prose") << QStringLiteral("Render video_abc$def is queued")
                                     << QStringLiteral("video_abc$def") << QStringLiteral("'$' at position 10");
    QTest::newRow("dollar in a log line") << QStringLiteral("INFO poll task_id=video_abc$def status=queued")
                                          << QStringLiteral("video_abc$def") << QStringLiteral("'$' at position 10");
}

void TestTaskIntake::nothingAttemptedIsDroppedOrCut()
{
    QFETCH(QString, text);
    QFETCH(QString, id);
    QFETCH(QString, reasonMentions);

    const QList<TaskIntake::Item> items = TaskIntake::review(text, {});
    QCOMPARE(summarise(items), QStringList{id + QStringLiteral("=invalid")});
    QVERIFY2(items.first().reason.contains(reasonMentions), qPrintable(items.first().reason));
    QVERIFY(TaskIntake::validIds(items).isEmpty());
}

void TestTaskIntake::aPastedListWithASentenceShowsEveryItem()
{
    const QString text
        = QString::fromUtf16(u"hello world!\nx\n../../etc/passwd\nvid\u20aco_\u00fcn\u00efcode\nvideo_abc$def\n");
    const QList<TaskIntake::Item> items = TaskIntake::review(text, {});
    // "x" is a well-formed ID in the generic grammar; what the profile's provider says of it is its own.
    QCOMPARE(summarise(items),
             (QStringList{QStringLiteral("hello world!=invalid"), QStringLiteral("x=valid"),
                          QStringLiteral("../../etc/passwd=invalid"),
                          QString::fromUtf16(u"vid\u20aco_\u00fcn\u00efcode=invalid"),
                          QStringLiteral("video_abc$def=invalid")}));
    for (const TaskIntake::Item& item : items) {
        if (item.verdict == Verdict::Invalid)
            QVERIFY2(!item.reason.isEmpty(), qPrintable(item.id));
    }
    // Nothing was cut into an ID that could be added by mistake.
    QCOMPARE(TaskIntake::validIds(items), QStringList{QStringLiteral("x")});

    // A provider that refuses short IDs says so for "x" too: every row has its verdict.
    const QList<TaskIntake::Item> strict = TaskIntake::review(text, {}, [](const QString& candidate) {
        Reelwatch::TaskIdCheck check = Reelwatch::TaskId::validate(candidate);
        if (check.valid && check.id.size() < 8) {
            check.valid = false;
            check.reason = QStringLiteral("too short");
        }
        return check;
    });
    QCOMPARE(strict.size(), 5);
    QCOMPARE(strict.at(1).verdict, Verdict::Invalid);
    QCOMPARE(strict.at(1).reason, QStringLiteral("too short"));
}

void TestTaskIntake::labelsComeFromEachRow_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected"); // id=label

    QTest::newRow("csv with a prompt column")
        << QStringLiteral("task_id,prompt\nvideo_a1,\"A boat, at dawn\"\nvideo_b2,A cat on a roof\nvideo/c3,Bad\n")
        << QStringList{QStringLiteral("video_a1=A boat, at dawn"), QStringLiteral("video_b2=A cat on a roof"),
                       QStringLiteral("video/c3=Bad")};
    QTest::newRow("reelwatch csv export")
        << QStringLiteral("profile,task_id,label,status,prompt\nOpenAI,video_a1,Boat,SUCCESS,A boat\n"
                          "OpenAI,video_b2,,QUEUED,A cat\n")
        << QStringList{QStringLiteral("video_a1=Boat"), QStringLiteral("video_b2=")};
    QTest::newRow("json array of objects with a label")
        << QStringLiteral(R"([{"id":"video_a1","label":"Boat"},{"id":"video_b2","label":"Cat"}])")
        << QStringList{QStringLiteral("video_a1=Boat"), QStringLiteral("video_b2=Cat")};
    QTest::newRow("json list response with prompts")
        << QStringLiteral(R"({"object":"list","data":[{"id":"video_a1","prompt":"A boat"},{"id":"video_b2"}]})")
        << QStringList{QStringLiteral("video_a1=A boat"), QStringLiteral("video_b2=")};
    QTest::newRow("plain list") << QStringLiteral("video_a1\nvideo_b2")
                                << QStringList{QStringLiteral("video_a1="), QStringLiteral("video_b2=")};
}

void TestTaskIntake::labelsComeFromEachRow()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);

    QStringList labelled;
    for (const TaskIntake::Item& item : TaskIntake::review(text, {}))
        labelled << item.id + QLatin1Char('=') + item.label;
    QCOMPARE(labelled, expected);
}

void TestTaskIntake::looksLikeTaskIds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("looksLikeIds");

    // Yes: what people copy out of consoles, logs, spreadsheets and API answers.
    QTest::newRow("one openai id") << QStringLiteral("video_68d7512d07848190b3e45da0ecbebcde004da08e1e0678d5") << true;
    QTest::newRow("lines of ids") << QStringLiteral("video_68f1a2b3c4d5e6f70811a001\nvideo_68f1a2b3c4d5e6f70811a002\n")
                                  << true;
    QTest::newRow("uuid") << QStringLiteral("17f20503-6c24-4c16-946b-35dbbce2af2f") << true;
    QTest::newRow("long numeric gateway id") << QStringLiteral("176843862716480") << true;
    QTest::newRow("base64 id") << QStringLiteral("CjikY2zEvicAAAAAAABdnw") << true;
    QTest::newRow("json answer") << QStringLiteral(R"({"id":"video_68f1a2b3c4d5e6f70811a001","status":"queued"})")
                                 << true;
    QTest::newRow("url") << QStringLiteral("https://api.example.com/v1/videos/video_68f1a2b3c4d5e6f70811a001/content")
                         << true;
    QTest::newRow("prose naming an id") << QStringLiteral(
        "Started video_68f1a2b3c4d5e6f70811a001, should be done soon.")
                                        << true;
    QTest::newRow("list with a header line") << QStringLiteral("IDs:\n4c16946b35db\n8e1e0678d5aa") << true;
    QTest::newRow("csv export") << QStringLiteral("profile,task_id,label\nOpenAI,video_68f1a2b3c4d5e6f70811a001,Boat")
                                << true;

    // No: a random paste never opens the dialog.
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("white space") << QStringLiteral(" \n\t ") << false;
    QTest::newRow("sentence") << QStringLiteral("Could you send me the final cut by Friday?") << false;
    QTest::newRow("one word") << QStringLiteral("hello") << false;
    QTest::newRow("sentence with numbers")
        << QStringLiteral("Meet at 10:30 on 2024-05-01, room 4B, call 5551234567.") << false;
    QTest::newRow("sentence with one code in it")
        << QStringLiteral("The order number is AB12345678 and it ships tomorrow") << false;
    QTest::newRow("short number") << QStringLiteral("12345") << false;
    QTest::newRow("phone number") << QStringLiteral("5551234567") << false;
    QTest::newRow("date") << QStringLiteral("2024-05-01") << false;
    QTest::newRow("price") << QStringLiteral("$1,299.00") << false;
    QTest::newRow("web page url") << QStringLiteral("https://www.example.com/about/team") << false;
    QTest::newRow("invalid ids only") << QStringLiteral("video/68f1a2b3c4d5\nvideo..68f1a2b3c4d5") << false;
    QTest::newRow("prefixed but not generated") << QStringLiteral("the task_id field") << false;
    QTest::newRow("json without ids") << QStringLiteral(R"({"status":"ok","count":3})") << false;
}

void TestTaskIntake::looksLikeTaskIds()
{
    QFETCH(QString, text);
    QFETCH(bool, looksLikeIds);

    QCOMPARE(TaskIntake::looksLikeTaskIds(text), looksLikeIds);
}

QTEST_APPLESS_MAIN(TestTaskIntake)
#include "tst_taskintake.moc"

#include "core/taskid.h"

#include <QTest>

using Reelwatch::TaskId;
using Reelwatch::TaskIdCandidate;
using Reelwatch::TaskIdCheck;

class TaskIdTest : public QObject
{
    Q_OBJECT

private slots:
    void validateAccepts_data();
    void validateAccepts();
    void validateRejects_data();
    void validateRejects();
    void validateReportsThePositionOfTheOffendingCharacter();

    void extract_data();
    void extract();
    void extractedIdsFromTypicalPastesAreValid();
    void attemptedIdsAreKeptWhole();
    void candidatesCarryTheLabelTheirRowGives_data();
    void candidatesCarryTheLabelTheirRowGives();
};

void TaskIdTest::validateAccepts_data()
{
    QTest::addColumn<QString>("candidate");
    QTest::addColumn<QString>("id");

    const QString longest(TaskId::kMaxLength, QLatin1Char('a'));

    QTest::newRow("openai id") << QStringLiteral("video_68d7512d07848190b3e45da0ecbebcde004da08e1e0678d5")
                               << QStringLiteral("video_68d7512d07848190b3e45da0ecbebcde004da08e1e0678d5");
    QTest::newRow("one character") << QStringLiteral("a") << QStringLiteral("a");
    QTest::newRow("digits only") << QStringLiteral("176843862716480") << QStringLiteral("176843862716480");
    QTest::newRow("uuid") << QStringLiteral("17f20503-6c24-4c16-946b-35dbbce2af2f")
                          << QStringLiteral("17f20503-6c24-4c16-946b-35dbbce2af2f");
    QTest::newRow("every allowed punctuation") << QStringLiteral("ns:task.v1_2-3") << QStringLiteral("ns:task.v1_2-3");
    QTest::newRow("single inner dot") << QStringLiteral("v1.0") << QStringLiteral("v1.0");
    QTest::newRow("mixed case") << QStringLiteral("CjikY2zEvicAAAAAAABdnw") << QStringLiteral("CjikY2zEvicAAAAAAABdnw");
    QTest::newRow("256 characters") << longest << longest;
    QTest::newRow("trimmed spaces") << QStringLiteral("  video_abc  ") << QStringLiteral("video_abc");
    QTest::newRow("trimmed tab and newline") << QStringLiteral("\tvideo_abc\r\n") << QStringLiteral("video_abc");
    QTest::newRow("256 characters after trimming") << QStringLiteral("  ") + longest + QStringLiteral("\n") << longest;
}

void TaskIdTest::validateAccepts()
{
    QFETCH(QString, candidate);
    QFETCH(QString, id);

    const TaskIdCheck check = TaskId::validate(candidate);
    QVERIFY2(check.valid, qPrintable(check.reason));
    QCOMPARE(check.id, id);
    QVERIFY(check.reason.isEmpty());
}

void TaskIdTest::validateRejects_data()
{
    QTest::addColumn<QString>("candidate");
    QTest::addColumn<QString>("reasonMentions");

    QTest::newRow("empty") << QString() << QStringLiteral("empty");
    QTest::newRow("only white space") << QStringLiteral(" \t\n ") << QStringLiteral("empty");
    QTest::newRow("257 characters") << QString(TaskId::kMaxLength + 1, QLatin1Char('a')) << QStringLiteral("257");
    QTest::newRow("257 characters names the limit")
        << QString(TaskId::kMaxLength + 1, QLatin1Char('a')) << QStringLiteral("256");
    QTest::newRow("slash") << QStringLiteral("video/abc") << QStringLiteral("'/'");
    QTest::newRow("leading slash") << QStringLiteral("/video_abc") << QStringLiteral("'/'");
    QTest::newRow("backslash") << QStringLiteral("video\\abc") << QStringLiteral("'\\'");
    QTest::newRow("dot dot") << QStringLiteral("..") << QStringLiteral("'..'");
    QTest::newRow("dot dot inside") << QStringLiteral("video..abc") << QStringLiteral("'..'");
    QTest::newRow("single dot") << QStringLiteral(".") << QStringLiteral("'.'");
    QTest::newRow("question mark") << QStringLiteral("video_abc?variant=video") << QStringLiteral("'?'");
    QTest::newRow("hash") << QStringLiteral("video_abc#top") << QStringLiteral("'#'");
    QTest::newRow("percent") << QStringLiteral("video%2Fabc") << QStringLiteral("'%'");
    QTest::newRow("inner space") << QStringLiteral("video abc") << QStringLiteral("a space");
    QTest::newRow("inner tab") << QStringLiteral("video\tabc") << QStringLiteral("a control character (U+0009)");
    QTest::newRow("inner newline") << QStringLiteral("video\nabc") << QStringLiteral("a control character (U+000A)");
    QTest::newRow("inner NUL") << QStringLiteral("video") + QChar(0) + QStringLiteral("abc")
                               << QStringLiteral("a control character (U+0000)");
    QTest::newRow("inner DEL") << QStringLiteral("video") + QChar(0x7f) + QStringLiteral("abc")
                               << QStringLiteral("a control character (U+007F)");
    QTest::newRow("inner escape") << QStringLiteral("video\x1b[0m") << QStringLiteral("a control character (U+001B)");
    QTest::newRow("inner no-break space") << QString::fromUtf16(u"video\u00a0abc") << QStringLiteral("white space");
    QTest::newRow("non-ascii letter") << QString::fromUtf16(u"vid\u00e9o_abc") << QString::fromUtf16(u"'\u00e9'");
    QTest::newRow("full-width digit") << QString::fromUtf16(u"video_\uff11") << QString::fromUtf16(u"'\uff11'");
    QTest::newRow("cyrillic look-alike") << QString::fromUtf16(u"vide\u043e_abc") << QString::fromUtf16(u"'\u043e'");
    QTest::newRow("quote") << QStringLiteral("\"video_abc\"") << QStringLiteral("'\"'");
    QTest::newRow("comma-joined list") << QStringLiteral("video_a,video_b") << QStringLiteral("','");
}

void TaskIdTest::validateRejects()
{
    QFETCH(QString, candidate);
    QFETCH(QString, reasonMentions);

    const TaskIdCheck check = TaskId::validate(candidate);
    QVERIFY(!check.valid);
    QCOMPARE(check.id, candidate.trimmed());
    QVERIFY2(check.reason.contains(reasonMentions), qPrintable(check.reason));
}

void TaskIdTest::validateReportsThePositionOfTheOffendingCharacter()
{
    const TaskIdCheck slash = TaskId::validate(QStringLiteral("  video/abc"));
    QVERIFY(!slash.valid);
    QVERIFY2(slash.reason.contains(QStringLiteral("position 6")), qPrintable(slash.reason));

    const TaskIdCheck space = TaskId::validate(QStringLiteral("a b"));
    QVERIFY(!space.valid);
    QVERIFY2(space.reason.contains(QStringLiteral("position 2")), qPrintable(space.reason));

    // The reason also says what would have been fine.
    QVERIFY2(space.reason.contains(QStringLiteral("letters, digits")), qPrintable(space.reason));
}

void TaskIdTest::extract_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("ids");

    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("white space only") << QStringLiteral(" \n\t ") << QStringList();
    QTest::newRow("single id") << QStringLiteral("video_abc") << QStringList{QStringLiteral("video_abc")};
    QTest::newRow("lines") << QStringLiteral("video_a\nvideo_b\r\nvideo_c\n\n")
                           << QStringList{QStringLiteral("video_a"), QStringLiteral("video_b"),
                                          QStringLiteral("video_c")};
    QTest::newRow("lines of unprefixed ids")
        << QStringLiteral("176843862716480\n17f20503-6c24-4c16-946b-35dbbce2af2f")
        << QStringList{QStringLiteral("176843862716480"), QStringLiteral("17f20503-6c24-4c16-946b-35dbbce2af2f")};
    QTest::newRow("commas") << QStringLiteral("abc, def,ghi")
                            << QStringList{QStringLiteral("abc"), QStringLiteral("def"), QStringLiteral("ghi")};
    QTest::newRow("semicolons") << QStringLiteral("abc;def ; ghi;")
                                << QStringList{QStringLiteral("abc"), QStringLiteral("def"), QStringLiteral("ghi")};
    QTest::newRow("spaces") << QStringLiteral("abc def   ghi")
                            << QStringList{QStringLiteral("abc"), QStringLiteral("def"), QStringLiteral("ghi")};
    QTest::newRow("json object with id") << QStringLiteral(R"({"id":"video_abc","object":"video","status":"queued"})")
                                         << QStringList{QStringLiteral("video_abc")};
    QTest::newRow("json envelope with task_id and numeric row id")
        << QStringLiteral(R"({"code":"success","data":{"id":42,"task_id":"video_x","status":"SUCCESS"}})")
        << QStringList{QStringLiteral("video_x")};
    QTest::newRow("json array of strings") << QStringLiteral(R"(["video_a", "video_b", "video_a"])")
                                           << QStringList{QStringLiteral("video_a"), QStringLiteral("video_b")};
    QTest::newRow("json list response") << QStringLiteral(
        R"({"object":"list","data":[{"id":"video_a","object":"video","status":"completed"},)"
        R"({"id":"video_b","object":"video","status":"queued"}],)"
        R"("first_id":"video_a","last_id":"video_b","has_more":false})")
                                        << QStringList{QStringLiteral("video_a"), QStringLiteral("video_b")};
    QTest::newRow("url") << QStringLiteral("https://api.example.com/v1/videos/video_abc")
                         << QStringList{QStringLiteral("video_abc")};
    QTest::newRow("url with trailing slash")
        << QStringLiteral("https://api.example.com/v1/videos/video_abc/") << QStringList{QStringLiteral("video_abc")};
    QTest::newRow("content url") << QStringLiteral("https://api.example.com/v1/videos/video_abc/content")
                                 << QStringList{QStringLiteral("video_abc")};
    QTest::newRow("content url with variant")
        << QStringLiteral("https://api.example.com/v1/videos/video_abc/content?variant=thumbnail")
        << QStringList{QStringLiteral("video_abc")};
    QTest::newRow("url with id query") << QStringLiteral("https://app.example.com/watch?id=video_abc")
                                       << QStringList{QStringLiteral("video_abc")};
    QTest::newRow("url with task_id query")
        << QStringLiteral("https://api.minimax.example/v1/query/video_generation?task_id=176843862716480")
        << QStringList{QStringLiteral("176843862716480")};
    QTest::newRow("url with percent-encoded id")
        << QStringLiteral("https://api.example.com/v1/videos/ns%3Atask_1") << QStringList{QStringLiteral("ns:task_1")};
    QTest::newRow("prose") << QStringLiteral("Task video_abc started, see task_def.")
                           << QStringList{QStringLiteral("video_abc"), QStringLiteral("task_def")};
    QTest::newRow("prose with an url") << QStringLiteral(
        "Your render is at https://api.example.com/v1/videos/abc123/content, enjoy.")
                                       << QStringList{QStringLiteral("abc123")};
    QTest::newRow("duplicates removed, first position kept")
        << QStringLiteral("video_b video_a video_b video_c video_a")
        << QStringList{QStringLiteral("video_b"), QStringLiteral("video_a"), QStringLiteral("video_c")};
    QTest::newRow("duplicates across forms")
        << QStringLiteral("video_a\nhttps://api.example.com/v1/videos/video_a/content\nvideo_b")
        << QStringList{QStringLiteral("video_a"), QStringLiteral("video_b")};
    QTest::newRow("quotes and brackets stripped")
        << QStringLiteral("\"video_a\", 'video_b', (video_c), [video_d], <video_e>, `video_f`, {video_g}")
        << QStringList{QStringLiteral("video_a"), QStringLiteral("video_b"), QStringLiteral("video_c"),
                       QStringLiteral("video_d"), QStringLiteral("video_e"), QStringLiteral("video_f"),
                       QStringLiteral("video_g")};
    QTest::newRow("bracketed list that is not json")
        << QStringLiteral("[video_a, video_b]") << QStringList{QStringLiteral("video_a"), QStringLiteral("video_b")};
    QTest::newRow("quoted unprefixed ids")
        << QStringLiteral("'abc', \"def\"") << QStringList{QStringLiteral("abc"), QStringLiteral("def")};

    // JSON Lines, as `reelwatch status --json` prints them, and pretty documents back to back (jq).
    QTest::newRow("json lines") << QStringLiteral("{\"id\":\"video_a\",\"status\":\"SUCCESS\",\"prompt\":\"a b\"}\n"
                                                  "{\"id\":\"176843862716480\",\"status\":\"QUEUED\"}\n")
                                << QStringList{QStringLiteral("video_a"), QStringLiteral("176843862716480")};
    QTest::newRow("pretty json documents back to back")
        << QStringLiteral("{\n  \"id\": \"abc1\",\n  \"status\": \"queued\"\n}\n{\n  \"id\": \"abc2\"\n}\n[\"abc3\"]")
        << QStringList{QStringLiteral("abc1"), QStringLiteral("abc2"), QStringLiteral("abc3")};
    QTest::newRow("broken json lines fall back to plain text")
        << QStringLiteral("{video_a}\n{video_b") << QStringList{QStringLiteral("video_a"), QStringLiteral("video_b")};

    // Tables: only the ID column, never labels, statuses, prompts or the header itself.
    QTest::newRow("reelwatch csv export")
        << QStringLiteral("profile,task_id,label,status,prompt,url\r\n"
                          "OpenAI,video_a,Boat,SUCCESS,\"A boat, at dawn\",https://cdn.example.com/video_x.mp4\r\n"
                          "Gateway,'-neg1,\"task_label, quoted\",QUEUED,\"line one\nline two\",\r\n")
        << QStringList{QStringLiteral("video_a"), QStringLiteral("-neg1")};
    QTest::newRow("csv of unprefixed ids with an id column")
        << QStringLiteral("name,id,seconds\nsunrise,176843862716480,8\nsunset,176843862716481,4\n")
        << QStringList{QStringLiteral("176843862716480"), QStringLiteral("176843862716481")};
    QTest::newRow("semicolon table with a Task ID header")
        << QStringLiteral("Task ID;Note\nabc1;first\n;missing\nabc2;second")
        << QStringList{QStringLiteral("abc1"), QStringLiteral("abc2")};
    QTest::newRow("tab separated table") << QStringLiteral("video_id\tstatus\nvideo_a\tdone\nvideo_b\tqueued")
                                         << QStringList{QStringLiteral("video_a"), QStringLiteral("video_b")};
    QTest::newRow("single column with a header") << QStringLiteral("task_id\nvideo_a\nvideo_b")
                                                 << QStringList{QStringLiteral("video_a"), QStringLiteral("video_b")};
    QTest::newRow("comma list whose first item is not a header is still a list")
        << QStringLiteral("abc1,abc2\nabc3")
        << QStringList{QStringLiteral("abc1"), QStringLiteral("abc2"), QStringLiteral("abc3")};

    // A list is never prose: mixing prefixed and unprefixed IDs keeps them all.
    QTest::newRow("lines mixing prefixed and unprefixed ids")
        << QStringLiteral("video_a\n176843862716480\n17f20503-6c24-4c16-946b-35dbbce2af2f")
        << QStringList{QStringLiteral("video_a"), QStringLiteral("176843862716480"),
                       QStringLiteral("17f20503-6c24-4c16-946b-35dbbce2af2f")};
    QTest::newRow("commas mixing prefixed and unprefixed ids")
        << QStringLiteral("video_a, 176843862716480")
        << QStringList{QStringLiteral("video_a"), QStringLiteral("176843862716480")};
    QTest::newRow("prose lines stay prose")
        << QStringLiteral("Render video_a is done\nthe other one failed") << QStringList{QStringLiteral("video_a")};

    // Whatever looks like an attempt at an ID is a candidate as it is, never a piece of it, so its
    // verdict can say what is wrong with it.
    QTest::newRow("a character ids do not have stays in the id")
        << QStringLiteral("video_abc$def") << QStringList{QStringLiteral("video_abc$def")};
    QTest::newRow("a character ids do not have stays in the id in prose")
        << QStringLiteral("Task video_abc$def failed, retry task_x#1.")
        << QStringList{QStringLiteral("video_abc$def"), QStringLiteral("task_x#1")};
    QTest::newRow("a sentence alone is one candidate")
        << QStringLiteral("hello world!") << QStringList{QStringLiteral("hello world!")};
    QTest::newRow("a path") << QStringLiteral("../../etc/passwd") << QStringList{QStringLiteral("../../etc/passwd")};
    QTest::newRow("non-ascii letters") << QString::fromUtf16(u"vid\u20aco_\u00fcn\u00efcode")
                                       << QStringList{QString::fromUtf16(u"vid\u20aco_\u00fcn\u00efcode")};
    QTest::newRow("a list with a sentence in it keeps every item")
        << QString::fromUtf16(u"hello world!\nx\n../../etc/passwd\nvid\u20aco_\u00fcn\u00efcode\nvideo_abc$def")
        << QStringList{QStringLiteral("hello world!"), QStringLiteral("x"), QStringLiteral("../../etc/passwd"),
                       QString::fromUtf16(u"vid\u20aco_\u00fcn\u00efcode"), QStringLiteral("video_abc$def")};
    QTest::newRow("a sentence in a list gives its ids")
        << QStringLiteral("video_a\nvideo_b\nRender video_c is done")
        << QStringList{QStringLiteral("video_a"), QStringLiteral("video_b"), QStringLiteral("video_c")};
    QTest::newRow("ids separated by spaces on a line of a list")
        << QStringLiteral("video_a video_b\nvideo_c\nvideo_d")
        << QStringList{QStringLiteral("video_a"), QStringLiteral("video_b"), QStringLiteral("video_c"),
                       QStringLiteral("video_d")};
    QTest::newRow("a letter ids do not have before the prefix stays in the id")
        << QString::fromUtf16(u"Render \u00fcvideo_abc is done") << QStringList{QString::fromUtf16(u"\u00fcvideo_abc")};
    QTest::newRow("a sentence ending on an id")
        << QStringLiteral("Is it video_abc? Check video_def!")
        << QStringList{QStringLiteral("video_abc"), QStringLiteral("video_def")};

    // Logs print IDs as assignments: the value is the ID, not the key.
    QTest::newRow("log assignment") << QStringLiteral("2025-01-02T10:00:00Z INFO poll task_id=video_abc status=queued")
                                    << QStringList{QStringLiteral("video_abc")};
    QTest::newRow("log assignment of an unprefixed id")
        << QStringLiteral("INFO poll task_id=176843862716480 status=queued")
        << QStringList{QStringLiteral("176843862716480")};
    QTest::newRow("quoted log assignment")
        << QStringLiteral("poll id=\"video_abc\", attempt=2") << QStringList{QStringLiteral("video_abc")};
    QTest::newRow("json-like pair in prose") << QStringLiteral("The answer was \"id\":\"video_abc\" and nothing else")
                                             << QStringList{QStringLiteral("video_abc")};
}

void TaskIdTest::extract()
{
    QFETCH(QString, text);
    QFETCH(QStringList, ids);

    QCOMPARE(TaskId::extract(text), ids);
}

void TaskIdTest::extractedIdsFromTypicalPastesAreValid()
{
    const QString paste = QStringLiteral("Started: video_68d7512d07848190b3e45da0ecbebcde004da08e1e0678d5 and "
                                         "https://api.example.com/v1/videos/task_01HX7/content; also (video_b).");
    const QStringList ids = TaskId::extract(paste);
    QCOMPARE(ids,
             (QStringList{QStringLiteral("video_68d7512d07848190b3e45da0ecbebcde004da08e1e0678d5"),
                          QStringLiteral("task_01HX7"), QStringLiteral("video_b")}));
    for (const QString& id : ids)
        QVERIFY2(TaskId::validate(id).valid, qPrintable(id));
}

void TaskIdTest::attemptedIdsAreKeptWhole()
{
    // "video_abc$def" is not taken for "video_abc": the whole is shown, invalid, with the reason.
    for (const QString& text : {QStringLiteral("video_abc$def"), QStringLiteral("Task video_abc$def started"),
                                QStringLiteral("video_x\nvideo_abc$def\nvideo_y")}) {
        const QStringList ids = TaskId::extract(text);
        QVERIFY2(!ids.contains(QStringLiteral("video_abc")), qPrintable(text));
        QVERIFY2(ids.contains(QStringLiteral("video_abc$def")), qPrintable(text));
        const TaskIdCheck check = TaskId::validate(QStringLiteral("video_abc$def"));
        QVERIFY(!check.valid);
        QVERIFY2(check.reason.contains(QStringLiteral("'$'")), qPrintable(check.reason));
    }
}

void TaskIdTest::candidatesCarryTheLabelTheirRowGives_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("ids");
    QTest::addColumn<QStringList>("labels");

    QTest::newRow("csv with a prompt column")
        << QStringLiteral("task_id,status,prompt\nvideo_a,queued,\"A boat, at dawn\"\nvideo_b,done,A cat\n"
                          "video_c,done,\n")
        << QStringList{QStringLiteral("video_a"), QStringLiteral("video_b"), QStringLiteral("video_c")}
        << QStringList{QStringLiteral("A boat, at dawn"), QStringLiteral("A cat"), QString()};
    QTest::newRow("a label column before the prompt")
        << QStringLiteral("prompt,id,label\n\"A long prompt\nover two lines\",abc1,Boat\nAnother prompt,abc2,\n")
        << QStringList{QStringLiteral("abc1"), QStringLiteral("abc2")}
        << QStringList{QStringLiteral("Boat"), QString()};
    QTest::newRow("a prompt's line breaks become spaces")
        << QStringLiteral("id;prompt\nabc1;\"one\n  two\"") << QStringList{QStringLiteral("abc1")}
        << QStringList{QStringLiteral("one two")};
    QTest::newRow("reelwatch csv export")
        << QStringLiteral("profile,task_id,label,status,prompt\r\nOpenAI,video_a,Boat,SUCCESS,\"A boat\"\r\n"
                          "OpenAI,video_b,,QUEUED,A cat\r\n")
        << QStringList{QStringLiteral("video_a"), QStringLiteral("video_b")}
        << QStringList{QStringLiteral("Boat"), QString()};
    QTest::newRow("csv without a label column") << QStringLiteral("task_id,status\nvideo_a,queued")
                                                << QStringList{QStringLiteral("video_a")} << QStringList{QString()};
    QTest::newRow("json array of objects with a label")
        << QStringLiteral(R"([{"id":"video_a","label":"Boat"},{"id":"video_b","label":"Cat"},{"id":"video_c"}])")
        << QStringList{QStringLiteral("video_a"), QStringLiteral("video_b"), QStringLiteral("video_c")}
        << QStringList{QStringLiteral("Boat"), QStringLiteral("Cat"), QString()};
    QTest::newRow("json lines with prompts")
        << QStringLiteral("{\"id\":\"video_a\",\"prompt\":\"a boat\\nat dawn\"}\n{\"id\":\"video_b\",\"title\":\"Cat\","
                          "\"prompt\":\"a cat\"}")
        << QStringList{QStringLiteral("video_a"), QStringLiteral("video_b")}
        << QStringList{QStringLiteral("a boat at dawn"), QStringLiteral("Cat")};
    QTest::newRow("an empty label is not replaced by the prompt")
        << QStringLiteral(R"({"id":"video_a","label":"","prompt":"a boat"})") << QStringList{QStringLiteral("video_a")}
        << QStringList{QString()};
    QTest::newRow("a label that only repeats the id is none")
        << QStringLiteral(R"([{"id":"video_a","name":"video_a"}])") << QStringList{QStringLiteral("video_a")}
        << QStringList{QString()};
    QTest::newRow("a repeat lends its label to the first")
        << QStringLiteral(R"([{"id":"video_a"},{"id":"video_a","label":"Boat"}])")
        << QStringList{QStringLiteral("video_a")} << QStringList{QStringLiteral("Boat")};
    QTest::newRow("plain lists give no labels")
        << QStringLiteral("video_a, video_b") << QStringList{QStringLiteral("video_a"), QStringLiteral("video_b")}
        << QStringList{QString(), QString()};
}

void TaskIdTest::candidatesCarryTheLabelTheirRowGives()
{
    QFETCH(QString, text);
    QFETCH(QStringList, ids);
    QFETCH(QStringList, labels);

    QStringList foundIds;
    QStringList foundLabels;
    for (const TaskIdCandidate& candidate : TaskId::extractCandidates(text)) {
        foundIds << candidate.text;
        foundLabels << candidate.label;
    }
    QCOMPARE(foundIds, ids);
    QCOMPARE(foundLabels, labels);
    QCOMPARE(TaskId::extract(text), ids);
}

QTEST_APPLESS_MAIN(TaskIdTest)
#include "tst_taskid.moc"

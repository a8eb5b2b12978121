// The one CSV reader, with what each of its callers feeds it: Reelwatch's own export (read back by
// `import`), and text pasted or dropped from a spreadsheet (read by the task-ID intake).

#include "core/csv.h"

#include <QTest>

using namespace Reelwatch;

class TestCsv : public QObject
{
    Q_OBJECT

private slots:
    void exportRoundTrips();
    void exportOfTheStoreReadsBack();
    void spreadsheetPastes();
    void quotesOnlyOpenAtTheStartOfAField();
    void unfinishedInput();
};

void TestCsv::exportRoundTrips()
{
    const QStringList fields = {QStringLiteral("video_1"),    QStringLiteral("=HYPERLINK(\"evil\")"),
                                QStringLiteral("a, b"),       QStringLiteral("line one\nline two"),
                                QStringLiteral("say \"hi\""), QStringLiteral("-3"),
                                QStringLiteral("@home"),      QString(),
                                QStringLiteral("+1")};
    QStringList written;
    for (const QString& field : fields)
        written << Csv::field(field);
    QVERIFY(written.at(1).startsWith(QStringLiteral("'=")) || written.at(1).startsWith(QStringLiteral("\"'=")));
    const QString text = written.join(QLatin1Char(',')) + QStringLiteral("\r\n") + written.join(QLatin1Char(','));
    const QList<QStringList> records = Csv::read(text);
    QCOMPARE(records.size(), 2);
    QCOMPARE(records.at(0), fields);
    QCOMPARE(records.at(1), fields);
}

void TestCsv::exportOfTheStoreReadsBack()
{
    // The shape `reelwatch export --format csv` writes: a header, CRLF line ends, a trailing CRLF.
    const QString text = QStringLiteral("profile,task_id,label,status\r\n"
                                        "OpenAI,video_a,\"Boat, at dusk\",SUCCESS\r\n"
                                        "OpenAI,video_b,'=1+1,FAILURE\r\n");
    const QList<QStringList> records = Csv::read(text);
    QCOMPARE(records.size(), 3);
    QCOMPARE(records.at(1).at(2), QStringLiteral("Boat, at dusk"));
    QCOMPARE(records.at(2).at(2), QStringLiteral("=1+1"));
}

void TestCsv::spreadsheetPastes()
{
    // Tab-separated, as a spreadsheet puts rows on the clipboard, with blank lines between.
    const QString text = QStringLiteral("ID\tPrompt\n\nvideo_1\t\"A fox\tin snow\"\n\r\nvideo_2\tplain\n");
    const QList<QStringList> records = Csv::read(text, QLatin1Char('\t'));
    QCOMPARE(records.size(), 3);
    QCOMPARE(records.at(0), (QStringList{QStringLiteral("ID"), QStringLiteral("Prompt")}));
    QCOMPARE(records.at(1), (QStringList{QStringLiteral("video_1"), QStringLiteral("A fox\tin snow")}));
    QCOMPARE(records.at(2), (QStringList{QStringLiteral("video_2"), QStringLiteral("plain")}));
}

void TestCsv::quotesOnlyOpenAtTheStartOfAField()
{
    // A quote after white space opens a quoted field (the white space is dropped); one inside a
    // field is an ordinary character.
    const QList<QStringList> records = Csv::read(QStringLiteral("a,  \"b,c\",d\"e\"f\n"));
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.first(), (QStringList{QStringLiteral("a"), QStringLiteral("b,c"), QStringLiteral("d\"e\"f")}));
}

void TestCsv::unfinishedInput()
{
    QVERIFY(Csv::read(QString()).isEmpty());
    QVERIFY(Csv::read(QStringLiteral("\n\r\n")).isEmpty());
    // No line end after the last record, and a quoted field that never closes: kept as far as it got.
    QCOMPARE(Csv::read(QStringLiteral("x,y")).first(), (QStringList{QStringLiteral("x"), QStringLiteral("y")}));
    QCOMPARE(Csv::read(QStringLiteral("x,\"open\nstill")).first(),
             (QStringList{QStringLiteral("x"), QStringLiteral("open\nstill")}));
    QCOMPARE(Csv::unguard(QStringLiteral("'")), QStringLiteral("'"));
    QCOMPARE(Csv::unguard(QStringLiteral("'x")), QStringLiteral("'x"));
}

QTEST_APPLESS_MAIN(TestCsv)
#include "tst_csv.moc"
